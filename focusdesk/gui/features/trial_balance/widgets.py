"""What the trial-balance dialogs share: table cells, tables sized to their
contents, the discard question, a cancellable progress
dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


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


def fit_columns(table: QTableView, widest: int = 420, stretch: int | None = None) -> None:
    """Columns as wide as their contents (a long text capped), still resizable by hand;
    `stretch` (else the last) takes the room left."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)  # (a stretched section measures as its stretch)
    for c in range(header.count()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for c in range(header.count()):
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

