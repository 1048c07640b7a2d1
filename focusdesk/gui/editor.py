"""The sheets' cell editors: an amount editor that says what it will store, and line 10's
Yes / No choice.

In the $000 view an amount is typed in dollars (or, with View ▸ Type Amounts in the
Units Shown, in thousands); a figure typed there shows rounded, so the editor says as
it is typed what it will store and what the cell will show: "4,250 → $4,250; shows 4".
Shift+Enter commits and moves up, as in a spreadsheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..document.editing import AnswerCell

if TYPE_CHECKING:
    from .views import SheetView

ANSWERS = ("", "Yes", "No")  # line 10: unanswered, Yes, No
ANSWER_LABELS = ("— not answered —", "Yes", "No")


class SheetDelegate(QStyledItemDelegate):
    def __init__(self, view: SheetView):
        super().__init__(view)
        self.view = view
        self.hint = QLabel(view.viewport())  # below the cell being edited
        self.hint.setObjectName("entryHint")
        self.hint.setStyleSheet("QLabel#entryHint { background: #fffbe6; color: #333;"
                                " border: 1px solid #c9b458; padding: 1px 4px; }")
        self.hint.hide()
        self.closeEditor.connect(lambda *_: self.hint.hide())

    # -- which editor ---------------------------------------------------------------
    def _ref(self, index: QModelIndex) -> Any:
        model = self.view.grid_model()
        col = model.grid_col(index.column())
        return model.grid.ref(index.row(), col) if col >= 0 else None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        if isinstance(self._ref(index), AnswerCell):
            combo = QComboBox(parent)
            combo.setObjectName("answerEditor")
            combo.addItems(ANSWER_LABELS)
            combo.setToolTip("Schedule B line 10: has the respondent completed this form "
                             "in accordance with the DEA's instructions?")
            # A choice is an answer: stored at once, as a typed Yes or No would be.
            combo.activated.connect(lambda _i, c=combo: self._chosen(c))
            return combo
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda text, i=index: self.show_hint(i, text))
        return editor

    def _chosen(self, combo: QComboBox) -> None:
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setCurrentIndex(ANSWERS.index(text) if text in ANSWERS else 0)
            return
        super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            self.show_hint(index, editor.text())

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, ANSWERS[editor.currentIndex()])
            return
        super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: QModelIndex) -> None:
        super().updateEditorGeometry(editor, option, index)
        if isinstance(editor, QComboBox):
            # Line 10's choice spans the month's columns (the view spans the cell).
            editor.setGeometry(self.view.visualRect(index))
        self._place_hint(index)

    # -- what a typed amount will store and show -----------------------------------------
    def show_hint(self, index: QModelIndex, text: str) -> None:
        model = self.view.grid_model()
        col = model.grid_col(index.column())
        preview = model.grid.entry_preview(index.row(), col, text) if col >= 0 else ""
        if not preview:
            units = "thousands" if model.grid.typed_in_thousands(index.row(), col) \
                else "dollars"
            preview = (f"Type the amount in {units}" if col >= 0 and model.grid.in_thousands(
                index.row(), col) else "")
        self.hint.setText(preview)
        self.hint.setVisible(bool(preview))
        if preview:
            self.hint.adjustSize()
            self._place_hint(index)

    def _place_hint(self, index: QModelIndex) -> None:
        if not self.hint.isVisible():
            return
        rect = self.view.visualRect(index)
        viewport = self.view.viewport()
        x = min(rect.left(), max(0, viewport.width() - self.hint.width()))
        y = rect.bottom() + 2
        if y + self.hint.height() > viewport.height():  # no room below: above the cell
            y = rect.top() - self.hint.height() - 2
        self.hint.move(QPoint(x, y))
        self.hint.raise_()

    # -- Shift+Enter moves up ---------------------------------------------------------------
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.view.submit_step = -1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier \
                else 1
        return super().eventFilter(editor, event)
