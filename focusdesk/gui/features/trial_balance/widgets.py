"""What the trial-balance dialogs share: read-only table cells, tables sized to their
contents, the accounts behind a line, the discard question, a cancellable progress
dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ....base.money import format_amount
from ....tb.rollup import Contribution


def money_text(value: object) -> str:
    return "" if value is None else format_amount(value, places=2)  # type: ignore[arg-type]


def table_cell(text: str, *, right: bool = False, editable: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not editable:
        it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return it


def new_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setStretchLastSection(True)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)  # one text line
    t.setWordWrap(False)
    return t


def fit_columns(table: QTableWidget, widest: int = 420, stretch: int | None = None) -> None:
    """Columns as wide as their contents (a long text capped), still resizable by hand;
    `stretch` (else the last) takes the room left."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)  # (a stretched section measures as its stretch)
    for c in range(table.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        if table.columnWidth(c) > widest:
            table.setColumnWidth(c, widest)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def confirm_discard(parent: QWidget, what: str) -> bool:
    """Ask before throwing away `what` (Escape or Cancel on a dialog with changes)."""
    answer = QMessageBox.question(
        parent, "FocusDesk", f"Discard {what}?",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Discard



class Progress:
    """A cancellable progress dialog fed by the core's progress callback."""

    def __init__(self, parent: QWidget, label: str):
        self.dialog = QProgressDialog(label, "Cancel", 0, 100, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)

    def __call__(self, phase: str, done: int, total: int) -> bool:
        self.dialog.setLabelText(f"{phase.capitalize()}…")
        self.dialog.setValue(int(100 * done / total) if total else 0)
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()



def fill_accounts(table: QTableWidget, parts: list[Contribution], month: str) -> None:
    """Accounts and what they add; an earlier month's (a YTD line's prior) named so."""
    table.setRowCount(len(parts))
    for i, c in enumerate(parts):
        label = c.account if c.month in ("", month) else f"{c.month} {c.account}"
        for col, it in enumerate((table_cell(label), table_cell(c.description),
                                  table_cell(money_text(c.balance), right=True),
                                  table_cell(money_text(c.amount), right=True),
                                  table_cell(c.rule))):
            table.setItem(i, col, it)
    fit_columns(table, stretch=1)


