"""Edit ▸ Find… (Ctrl+F) and Go To… (Ctrl+G) on the sheet in view.

Find takes a line number ("23a"), an item code ("3840") or words of a label ("net
cap") and lists the lines it finds; Enter goes to the chosen one in the month in view.
Go To takes a cell as a controller names it — "23a MAR", "3840 jun", "OCT" (the
current line in October), on Schedule B "5A MAR II" — and goes there.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..form.catalog import MONTH_NAMES, MONTHS
from ..tables.grid import ScheduleBGrid

if TYPE_CHECKING:
    from .views import SheetView
    from .window import MainWindow

ROW_ROLE = Qt.ItemDataRole.UserRole
B_COLUMNS = ("I", "II", "III", "IV")


def month_of(word: str) -> str | None:
    w = word.strip(".,").upper()
    for m in MONTHS:
        if w == m or (len(w) >= 3 and MONTH_NAMES[m].upper().startswith(w)):
            return m
    return None


def _go_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Go")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _sheet(window: MainWindow) -> SheetView:
    """The sheet Find and Go To work on: the schedule in view, else Schedule A."""
    if window.ui.tabs.currentWidget() is window.ui.pageScheduleB:
        return window.table_b
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleA)
    return window.table_a


def _row_label(sheet: SheetView, row: int) -> str:
    grid = sheet.grid_model().grid
    if isinstance(grid, ScheduleBGrid):
        line = grid.lines[row]
        return f"Schedule B line {line.key} — {line.label}"
    item = grid.rows[row]  # type: ignore[attr-defined]
    code = f"  [{item.code}]" if item.code else ""
    return f"{item.line}.  {item.label}{code}"


def go_to_row(sheet: SheetView, row: int, month: str | None = None,
              column: str | None = None) -> None:
    """Go to a line in the month in view (or `month`) — on Schedule B, in the column
    the cursor is in (or `column`)."""
    model = sheet.grid_model()
    grid = model.grid
    current = sheet.currentIndex()
    col = max(0, model.grid_col(current.column())) if current.isValid() else 0
    if isinstance(grid, ScheduleBGrid):
        keys = [c.key for c in grid.columns]
        here = col % len(keys)
        block = col // len(keys)
        if month is not None and grid.month is None:
            block = MONTHS.index(month)
        col = block * len(keys) + (keys.index(column) if column in keys else here)
    elif month is not None:
        col = MONTHS.index(month)
    sheet.go_to(row, col)


class FindDialog(QDialog):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window_ = window
        self.sheet = _sheet(window)
        self.setWindowTitle("Find a line")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A line number (23a), an item code (3840) or words of a "
                                "label (net cap):"))
        self.query = QLineEdit()
        self.query.setObjectName("findQuery")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self.search)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setObjectName("findResults")
        self.results.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.results, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        layout.addWidget(_go_buttons(self))
        self.resize(self.fontMetrics().horizontalAdvance("M") * 42,
                    self.fontMetrics().height() * 20)

    def search(self, text: str) -> None:
        self.results.clear()
        rows = self.sheet.grid_model().grid.find(text)
        for row in rows:
            item = QListWidgetItem(_row_label(self.sheet, row))
            item.setData(ROW_ROLE, row)
            self.results.addItem(item)
        if rows:
            self.results.setCurrentRow(0)
        self.status.setText("" if not text.strip() else
                            f"{len(rows)} line{'s' if len(rows) != 1 else ''} found"
                            if rows else f"No line matches {text.strip()!r}.")

    def accept(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return  # nothing to go to: the dialog stays for another try
        go_to_row(self.sheet, item.data(ROW_ROLE))
        super().accept()


def parse_go_to(sheet: SheetView, text: str) -> tuple[int | None, str | None, str | None]:
    """(row, month, column) named by `text`; raises ValueError with one sentence."""
    grid = sheet.grid_model().grid
    month = column = None
    rest = []
    for word in re.split(r"[\s,]+", text.strip()):
        if not word:
            continue
        m = month_of(word)
        if m is not None and month is None:
            month = m
        elif isinstance(grid, ScheduleBGrid) and word.upper() in B_COLUMNS and column is None:
            column = word.upper()
        else:
            rest.append(word)
    row = None
    if rest:
        query = " ".join(rest)
        exact = [r for r in grid.find(query) if _names_exactly(sheet, r, query)]
        if not exact:
            raise ValueError(f"No line or item code {query!r} on this schedule")
        row = exact[0]
    if row is None and month is None:
        raise ValueError("Name a line or item code, a month, or both (23a MAR)")
    return row, month, column


def _names_exactly(sheet: SheetView, row: int, query: str) -> bool:
    grid = sheet.grid_model().grid
    q = query.lower().rstrip(".")
    if isinstance(grid, ScheduleBGrid):
        key = grid.lines[row].key.lower()
        return q in (key, key.split(" ")[0])
    item = grid.rows[row]  # type: ignore[attr-defined]
    return q in (item.line.lower(), (item.code or "").lower())


class GoToDialog(QDialog):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.sheet = _sheet(window)
        self.setWindowTitle("Go to")
        layout = QVBoxLayout(self)
        schedule_b = isinstance(self.sheet.grid_model().grid, ScheduleBGrid)
        layout.addWidget(QLabel("A line or item code and a month — 5A MAR II" if schedule_b
                                else "A line or item code and a month — 23a MAR, 3840 JUN, "
                                "or a month: OCT"))
        self.where = QLineEdit()
        self.where.setObjectName("goToWhere")
        layout.addWidget(self.where)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error)
        layout.addWidget(_go_buttons(self))

    def accept(self) -> None:
        try:
            row, month, column = parse_go_to(self.sheet, self.where.text())
        except ValueError as exc:
            self.error.setText(f"{exc}.")
            self.where.selectAll()
            return
        if row is None:
            current = self.sheet.currentIndex()
            row = current.row() if current.isValid() else 0
        if month is not None and isinstance(self.sheet.grid_model().grid, ScheduleBGrid) \
                and self.sheet.grid_model().grid.month is not None:
            window: MainWindow = self.parent()  # type: ignore[assignment]
            window.ui.monthCombo.setCurrentText(month)  # the one-month view turns to it
            month = None
        go_to_row(self.sheet, row, month, column)
        super().accept()


def open_dialog(dialog: QWidget) -> QWidget:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
