"""A table view with a spreadsheet's keyboard habits.

Enter commits and moves down (Shift+Enter up), Tab moves right (Shift+Tab left) and
wraps to the next line's first month, never into the frozen labels; F2 edits the cell,
Ctrl+Arrow jumps to the edge of the figures, Ctrl+Home / Ctrl+End to the first and the
last figure; Delete clears the selection, typing starts editing, Ctrl+C / Ctrl+V copy
and paste blocks as tab-separated text (what the cells show for other programs, the
exact dollars for FocusDesk's own paste). An entry the grid refuses stays in its editor
with the reason beside it; typing on a computed cell, or in a read-only workbook, says
so at once and goes nowhere.
"""

from __future__ import annotations

import bisect
import json

from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt, QTimer, Signal
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
# A block copied from FocusDesk carries its exact dollars beside the text shown.
CELLS_MIME = "application/x-focusdesk-cells"
_Action = QAbstractItemView.CursorAction
_SETTLE_REGISTERED: list[bool] = []


def _settle_clipboard() -> None:
    """At exit, the clipboard's copy of our cells becomes plain text Qt made itself: a
    QMimeData made in Python and still held by the clipboard when the interpreter ends
    crashes PySide6 on its way out (other programs keep the text)."""
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(CELLS_MIME):
        clipboard.setText(mime.text())


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
        from .editor import SheetDelegate

        self.setItemDelegate(SheetDelegate(self))
        self.submit_step = 1  # rows an Enter moves after a commit (Shift+Enter: -1)

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
    def move_down(self, step: int = 1) -> None:
        current = self.currentIndex()
        if current.isValid() and 0 <= current.row() + step < self.model().rowCount():
            nxt = self.model().index(current.row() + step, current.column())
            self.setCurrentIndex(nxt)

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """The cursor keeps to the months (the frozen labels under the overlay are never
        the current cell): Tab at DEC goes to the next line's JAN, Shift+Tab at JAN to the
        previous line's DEC, Left at JAN stays; Home / End go to JAN / DEC, with Ctrl to
        the first line's JAN and the last figure; Ctrl+Arrow jumps as in a spreadsheet."""
        current = self.currentIndex()
        model = self.model()
        n = self._frozen_count
        if not current.isValid() or not isinstance(model, GridModel) or not n:
            return super().moveCursor(action, modifiers)
        grid = model.grid
        row, col = current.row(), max(0, current.column() - n)
        last_col, last_row = grid.column_count() - 1, grid.row_count() - 1
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        arrows = {_Action.MoveUp: (-1, 0), _Action.MoveDown: (1, 0),
                  _Action.MoveLeft: (0, -1), _Action.MoveRight: (0, 1)}
        if ctrl and action in arrows:
            row, col = grid.jump(row, col, *arrows[action])
        elif action == _Action.MoveNext:
            row, col = (row, col + 1) if col < last_col else (min(row + 1, last_row), 0)
        elif action == _Action.MovePrevious:
            row, col = (row, col - 1) if col > 0 else (max(row - 1, 0), last_col)
        elif action == _Action.MoveLeft:
            col = max(col - 1, 0)
        elif action == _Action.MoveRight:
            col = min(col + 1, last_col)
        elif action == _Action.MoveHome:
            row, col = (0, 0) if ctrl else (row, 0)
        elif action == _Action.MoveEnd:
            row, col = grid.last_filled() if ctrl else (row, last_col)
        else:
            return super().moveCursor(action, modifiers)
        return model.index(row, n + col)

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
        step, self.submit_step = self.submit_step, 1
        if hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            # Tab commits and moves, as in a spreadsheet — the next cell is not opened
            # for editing (typing there replaces it; F2 edits it).
            super().closeEditor(editor, Hint.NoHint)
            self.setCurrentIndex(self.moveCursor(
                _Action.MoveNext if hint == Hint.EditNextItem else _Action.MovePrevious,
                Qt.KeyboardModifier.NoModifier))
            return
        super().closeEditor(editor, hint)
        if hint == Hint.SubmitModelCache:
            self.move_down(step)

    def keyboardSearch(self, search: str) -> None:
        """Typing on a cell that takes no entry. Item views jump to the next item whose
        text starts with what was typed — in a sheet that is some other cell of the month,
        which the next key would then type into. Here it stays put and says why."""
        current = self.currentIndex()
        if current.isValid() and search.strip():
            self.explain_no_entry(current)

    def explain_no_entry(self, current: QModelIndex) -> None:
        model = self.grid_model()
        row, col = current.row(), model.grid_col(current.column())
        if col < 0:
            self.message.emit("Type amounts into a month's column; the labels are the form's.")
        elif model.grid.history.read_only:
            self.refuse_read_only()
        elif model.grid.ref(row, col) is None:
            self.message.emit(f"Not stored — {model.grid.describe(row, col)} "
                              f"{model.grid.locked_reason(row, col)}.")

    def refuse_read_only(self) -> None:
        """Said the moment a key is typed (or a block pasted, or cells cleared) in a
        read-only workbook: nothing is taken in to be refused later."""
        self.message.emit(f"{self.grid_model().grid.history.read_only} Nothing can be "
                          "typed here; File ▸ Save As makes an editable copy.")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.move_down(-1 if shift else 1)
                return
            if event.key() == Qt.Key.Key_F2:
                self.edit_current()
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

    def edit_current(self) -> None:
        """F2: edit the cell with its contents, the cursor at their end (as Excel)."""
        current = self.currentIndex()
        if not current.isValid():
            return
        if not self.grid_model().flags(current) & Qt.ItemFlag.ItemIsEditable:
            self.explain_no_entry(current)
            return
        self.edit(current)
        editor = self.indexWidget(current) or self.focusWidget()
        if isinstance(editor, QLineEdit):
            editor.deselect()
            editor.end(False)

    def copy_selection(self) -> str:
        block = self.selected_block()
        if block is None:
            return ""
        copied = self.grid_model().grid.copy_block(*block)
        mime = QMimeData()
        mime.setText(copied.text)  # what other programs get: the cells as shown
        mime.setData(CELLS_MIME, json.dumps({"text": copied.text,
                                             "dollars": copied.dollars}).encode("utf-8"))
        QGuiApplication.clipboard().setMimeData(mime)
        if not _SETTLE_REGISTERED:
            import atexit

            atexit.register(_settle_clipboard)
            _SETTLE_REGISTERED.append(True)
        top, left, bottom, right = block
        units = "in $000" if self.grid_model().grid.units == "thousands" else "in dollars"
        self.message.emit(f"Copied {bottom - top + 1} × {right - left + 1} cells (as shown, "
                          f"{units}; pasted back here they keep their exact dollars).")
        return copied.text

    def paste_text(self, text: str, *, exact: bool = False) -> bool:
        from ..tables.grid import EditError

        model = self.grid_model()
        current = self.currentIndex()
        if not current.isValid():
            return False
        if model.grid.history.read_only:
            self.refuse_read_only()
            return False
        col = max(0, model.grid_col(current.column()))
        try:
            pasted = model.grid.paste_block(current.row(), col, text, exact=exact)
        except EditError as exc:
            self.message.emit(str(exc))
            return False
        model.refresh()
        if pasted.step is not None:
            model.edited.emit()
        self.message.emit(pasted.note)
        return pasted.step is not None

    def paste_clipboard(self) -> bool:
        """Paste the clipboard: a block copied from FocusDesk in its exact dollars (the
        text it was copied with must still be what the clipboard holds), anything else
        as the text it is."""
        mime = QGuiApplication.clipboard().mimeData()
        text = mime.text() if mime is not None else ""
        if mime is not None and mime.hasFormat(CELLS_MIME):
            try:
                own = json.loads(bytes(mime.data(CELLS_MIME).data()).decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                own = {}
            if isinstance(own, dict) and own.get("text") == text \
                    and isinstance(own.get("dollars"), str):
                return self.paste_text(own["dollars"], exact=True)
        return self.paste_text(text)

    def clear_selection_cells(self) -> bool:
        from ..tables.grid import EditError

        model = self.grid_model()
        if model.grid.history.read_only:
            self.refuse_read_only()
            return False
        cells = [(i.row(), model.grid_col(i.column()))
                 for i in (self.selectionModel().selectedIndexes() or [self.currentIndex()])
                 if i.isValid() and model.grid_col(i.column()) >= 0]
        try:
            step = model.grid.clear(cells)
        except EditError as exc:
            self.message.emit(str(exc))
            return False
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
