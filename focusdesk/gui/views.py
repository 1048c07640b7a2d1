"""A table view with a spreadsheet's keyboard habits.

Enter commits and moves down, Tab moves right, Delete clears the selection, typing
starts editing, Ctrl+C / Ctrl+V copy and paste blocks as tab-separated text. An entry
the grid refuses stays in its editor with the reason beside it; typing on a computed
cell says so and goes nowhere.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLineEdit,
    QTableView,
    QToolTip,
    QWidget,
)

from .models import GridModel

_DIVIDER = 2  # px: the line between the frozen columns and the months


class SheetView(QTableView):
    message = Signal(str)  # a sentence for the status bar

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._frozen_count = 0
        self._refusal: str | None = None  # why the model refused the last commit
        self._refused_editor: QWidget | None = None
        self._settle = QTimer(self)  # brings the months to rest once scrolling stops
        self._settle.setSingleShot(True)
        self._settle.setInterval(150)
        self._settle.timeout.connect(self.settle_months)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)

    # -- frozen descriptive columns (Line, Item, Code stay put while months scroll) ----
    def setModel(self, model) -> None:
        super().setModel(model)
        if isinstance(model, GridModel):
            model.edit_refused.connect(self._refused)
        frozen = getattr(self, "_frozen", None)
        if frozen is not None:
            frozen.setModel(model)
            frozen.setSelectionModel(self.selectionModel())
            self._sync_frozen()

    def set_frozen_columns(self, count: int) -> None:
        """Keep the first `count` columns visible while the others scroll sideways —
        Excel's Freeze Panes, done the Qt way: a second view over the same model and
        selection, laid over the left edge."""
        self._frozen_count = count
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        if getattr(self, "_frozen", None) is None:
            self.horizontalScrollBar().valueChanged.connect(lambda _v: self._settle.start())
            self.horizontalHeader().sectionResized.connect(lambda *_: self._settle.start())
            frozen = QTableView(self)
            frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            frozen.verticalHeader().hide()
            frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            frozen.setVerticalScrollMode(self.verticalScrollMode())
            frozen.setWordWrap(False)
            # No frame; a 2 px margin on the right shows the view's own background, a
            # divider from header to bottom (a style sheet would do it too, but makes every
            # cell of the view paint through the slower style-sheet style).
            frozen.setFrameShape(QFrame.Shape.NoFrame)
            frozen.setViewportMargins(0, 0, _DIVIDER, 0)
            palette = frozen.palette()
            palette.setColor(QPalette.ColorRole.Window, QColor("#9aa5b1"))
            frozen.setPalette(palette)
            frozen.setAutoFillBackground(True)
            frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
            self.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
            self.horizontalHeader().sectionResized.connect(self._frozen_width_changed)
            self.verticalHeader().sectionResized.connect(
                lambda i, _old, new: frozen.setRowHeight(i, new))
            frozen.clicked.connect(self._frozen_clicked)
            self._frozen = frozen
            self.viewport().stackUnder(frozen)
            if self.model() is not None:
                frozen.setModel(self.model())
                frozen.setSelectionModel(self.selectionModel())
        self._sync_frozen()
        self._frozen.show()

    def _frozen_clicked(self, index: QModelIndex) -> None:
        # A click on a label selects the row's first month, as a spreadsheet would.
        self.setCurrentIndex(self.model().index(index.row(), self._frozen_count))
        self.setFocus()

    def _frozen_width_changed(self, index: int, _old: int, new: int) -> None:
        if index < self._frozen_count:
            self._frozen.setColumnWidth(index, new)
            self._place_frozen()

    def _sync_frozen(self) -> None:
        frozen = getattr(self, "_frozen", None)
        if frozen is None or self.model() is None:
            return
        for c in range(self.model().columnCount()):
            frozen.setColumnHidden(c, c >= self._frozen_count)
            if c < self._frozen_count:
                frozen.setColumnWidth(c, self.columnWidth(c))
        frozen.verticalHeader().setDefaultSectionSize(
            self.verticalHeader().defaultSectionSize())
        self._place_frozen()

    def _place_frozen(self) -> None:
        frozen = getattr(self, "_frozen", None)
        if frozen is None:
            return
        width = sum(self.columnWidth(c) for c in range(self._frozen_count)) + _DIVIDER
        frame = self.frameWidth()
        frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        frozen.setGeometry(self.verticalHeader().width() + frame, frame, width,
                           self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_frozen()

    # -- sideways scrolling that comes to rest on a month ------------------------------
    # The months scroll by pixels (a trackpad's small moves add up), and once the
    # scrolling stops they come to rest where a month's left edge meets the frozen
    # columns' right edge: no month is left half under the overlay. The arrows step a
    # month, a page is the months that fit, the cursor brings its month in whole.
    def _month_offsets(self) -> list[int]:
        """The scroll positions at which a month starts right after the frozen columns."""
        header = self.horizontalHeader()
        first = header.sectionPosition(self._frozen_count)
        return [header.sectionPosition(c) - first
                for c in range(self._frozen_count, header.count())
                if not header.isSectionHidden(c)]

    def _room(self) -> int:
        """The width the months get: the viewport less the frozen columns."""
        frozen = self.horizontalHeader().sectionPosition(self._frozen_count)
        return self.viewport().width() - frozen - _DIVIDER

    def settle_months(self) -> None:
        """Bring the months to rest at the nearest month edge (after the scrolling)."""
        if not self._frozen_count:
            return
        bar = self.horizontalScrollBar()
        if bar.isSliderDown():  # still dragging the thumb
            self._settle.start()
            return
        offsets = self._month_offsets()
        if not offsets:
            return
        value = bar.value()
        i = bisect.bisect_left(offsets, value)
        nearest = min(offsets[max(i - 1, 0):i + 1], key=lambda o: (abs(o - value), o))
        if nearest != value:
            bar.setValue(min(nearest, bar.maximum()))

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if not self._frozen_count:
            return
        bar = self.horizontalScrollBar()
        # Room to scroll to the month edge past the plain end of the sheet: the last
        # resting place shows DEC whole.
        plain_end = bar.maximum()
        beyond = [o for o in self._month_offsets() if o >= plain_end]
        if plain_end > 0 and beyond:
            at_end = bar.value() >= plain_end  # at the end, or held there by a wider window
            bar.setMaximum(beyond[0])
            if at_end:
                bar.setValue(beyond[0])  # and it stays at the end: DEC whole
        month = max(self.columnWidth(self._frozen_count), 1)
        bar.setSingleStep(month)
        bar.setPageStep(max(month, self._room() // month * month))
        self._settle.start()  # a resize may have left a month part hidden

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        count = self._frozen_count
        if index.column() < count:
            return  # the frozen columns are always in sight
        super().scrollTo(index, hint)
        if not count:
            return
        # Sideways: the month whole, between the frozen columns and the right edge.
        header, bar = self.horizontalHeader(), self.horizontalScrollBar()
        frozen = header.sectionPosition(count)
        x = header.sectionPosition(index.column()) - frozen
        room = self._room()
        value = bar.value()
        if x < value:
            value = x
        elif x + self.columnWidth(index.column()) > value + room:
            value = next((o for o in self._month_offsets()
                          if x + self.columnWidth(index.column()) <= o + room), x)
        bar.setValue(value)

    def grid_model(self) -> GridModel:
        model = self.model()
        assert isinstance(model, GridModel)
        return model

    # -- Enter moves down, as in Excel -------------------------------------------
    def move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.model().rowCount():
            nxt = self.model().index(current.row() + 1, current.column())
            self.setCurrentIndex(nxt)

    # -- a refused entry stays where it was typed ----------------------------------
    def _refused(self, text: str) -> None:
        self._refusal = text

    def commitData(self, editor: QWidget) -> None:
        self._refusal = None
        super().commitData(editor)
        self._refused_editor = editor if self._refusal else None
        if self._refusal:
            rect = self.visualRect(self.currentIndex())
            QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), self._refusal,
                              self.viewport(), rect)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        Hint = QAbstractItemDelegate.EndEditHint
        if editor is self._refused_editor and hint in (Hint.SubmitModelCache,
                                                       Hint.EditNextItem, Hint.EditPreviousItem):
            # Enter or Tab on an entry the grid refused: the editor keeps the text, selected,
            # to be corrected (or Escape to give it up); nothing was stored and the cursor
            # stays on the cell — "refused in place", not thrown away.
            self._refused_editor = None
            editor.setFocus()
            if isinstance(editor, QLineEdit):
                editor.selectAll()
            return
        self._refused_editor = None
        super().closeEditor(editor, hint)
        if hint == Hint.SubmitModelCache:
            self.move_down()

    def keyboardSearch(self, search: str) -> None:
        """Typing on a cell that takes no entry. Item views jump to the next item whose
        text starts with what was typed — in a sheet that is some other cell of the month,
        which the next key would then type into. Here it stays put and says why."""
        current = self.currentIndex()
        if not current.isValid() or not search.strip():
            return
        model = self.grid_model()
        col = model.grid_col(current.column())
        if col < 0:
            self.message.emit("Type amounts into a month's column; the labels are the form's.")
            return
        from ..grid import EditError

        try:
            model.grid.parse(current.row(), col, search)
        except EditError as exc:
            self.message.emit(f"Not stored — {exc}.")
            return
        if model.grid.history.read_only:
            self.message.emit(f"Not stored — {model.grid.history.read_only}.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.move_down()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selection_cells()
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy_selection()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_clipboard()
                return
        super().keyPressEvent(event)

    # -- blocks -----------------------------------------------------------------
    def selected_block(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) in grid coordinates, or None."""
        model = self.grid_model()
        indexes = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        indexes = [i for i in indexes if i.isValid()]
        if not indexes:
            return None
        rows = [i.row() for i in indexes]
        cols = [model.grid_col(i.column()) for i in indexes]
        left = max(0, min(cols))
        right = max(cols)
        if right < 0:
            return None
        return min(rows), left, max(rows), right

    def copy_selection(self) -> str:
        block = self.selected_block()
        if block is None:
            return ""
        text = self.grid_model().grid.copy(*block)
        QGuiApplication.clipboard().setText(text)
        top, left, bottom, right = block
        self.message.emit(f"Copied {bottom - top + 1} × {right - left + 1} cells.")
        return text

    def paste_text(self, text: str) -> bool:
        from ..grid import EditError

        model = self.grid_model()
        current = self.currentIndex()
        if not current.isValid():
            return False
        col = max(0, model.grid_col(current.column()))
        try:
            step = model.grid.paste(current.row(), col, text)
        except EditError as exc:
            self.message.emit(str(exc))
            return False
        model.refresh()
        if step is not None:
            model.edited.emit()
            self.message.emit(f"{step.label}.")
        return True

    def paste_clipboard(self) -> bool:
        return self.paste_text(QGuiApplication.clipboard().text())

    def clear_selection_cells(self) -> bool:
        model = self.grid_model()
        cells = [(i.row(), model.grid_col(i.column()))
                 for i in (self.selectionModel().selectedIndexes() or [self.currentIndex()])
                 if i.isValid() and model.grid_col(i.column()) >= 0]
        step = model.grid.clear(cells)
        model.refresh()
        if step is not None:
            model.edited.emit()
        return step is not None

    def go_to(self, row: int, grid_col: int) -> None:
        idx: QModelIndex = self.model().index(row, self.grid_model().n_fixed + grid_col)
        self.setCurrentIndex(idx)
        self.selectionModel().select(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(idx, QAbstractItemView.ScrollHint.EnsureVisible)
        self.setFocus()
