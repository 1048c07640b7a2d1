"""What the month-close views share: the month status's words and colours, read-only
table cells, a month picker, a report saved where the user says."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ....close.month_close import (
    MonthStatus,
)
from ....document.files import guard_output
from ....form.catalog import MONTHS

if TYPE_CHECKING:
    from ...window import MainWindow

STATUS_STYLES = {"draft": "", "approved": "background:#1565c0;color:white;",
                 "filed": "background:#2e7d32;color:white;",
                 "amendment": "background:#ef6c00;color:white;",
                 "overdue": "background:#b00020;color:white;font-weight:bold;"}
OVER_BG = QColor("#ffe0a3")  # a line whose change reaches the threshold
CURRENT = "Current figures"


def status_style(s: MonthStatus) -> str:
    if s.overdue:
        return STATUS_STYLES["overdue"]
    return STATUS_STYLES["amendment" if s.reopened else s.status]


def status_text(s: MonthStatus) -> str:
    """The status bar's words for a month: "JUN 2026: Draft — due 2026-07-15 (in 5 days)",
    "MAR 2026: Filed on 2026-04-14"."""
    when = s.due_text()
    if s.filed is not None and s.reopened is None:
        return f"{s.month} {s.year}: Filed {when}"
    return f"{s.month} {s.year}: {s.label}" + (f" — {when}" if when else "")


def table_cell(text: str, *, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def new_table(parent: QWidget, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def month_combo(parent: QWidget, month: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItems(MONTHS)
    combo.setCurrentText(month)
    return combo


def save_report(window: MainWindow, parent: QWidget, title: str, data: bytes,
                path: Path | None, suggested: str, file_filter: str) -> Path | None:
    """Write a report (a PDF or a CSV) where the user says — asked when `path` is None —
    never over a workbook; None (with the reason shown) when it is not written."""
    if path is None:
        name, _ = QFileDialog.getSaveFileName(parent, title,
                                              str(Path(window.last_dir()) / suggested),
                                              file_filter)
        if not name:
            return None
        path = Path(name)
    try:
        from ....formats.pdf import write_bytes_atomically

        write_bytes_atomically(guard_output(path, opened=[window.doc.path]), data)
    except OSError as exc:
        QMessageBox.warning(parent, title, f"Not saved: {exc.strerror or exc}.")
        return None
    return path


