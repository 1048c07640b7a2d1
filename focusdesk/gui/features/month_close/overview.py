"""File ▸ Firms Overview…: a folder of workbooks — each firm's latest month, status and
next due date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from ....base.money import format_amount
from ....close.month_close import (
    LEVEL_SHORT,
    workbook_status,
)
from ....document.store import StoreError, load
from .widgets import new_table, table_cell

if TYPE_CHECKING:
    from ...window import MainWindow


class FirmsOverview(QDialog):
    """File ▸ Firms Overview…: a folder of workbooks, one row a firm."""

    HEADERS = ("Firm", "File", "Year", "Latest month", "Status", "Net capital", "Excess",
               "Standing", "Next due")

    def __init__(self, window: MainWindow, choose_folder: Callable[[], object]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Firms Overview")
        self.folder: Path | None = None
        self.paths: list[Path] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        self.table = new_table(self, self.HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        choose = QPushButton("Choose &Folder…", self)
        reload = QPushButton("&Refresh", self)
        close = QPushButton("Close", self)
        buttons.addWidget(choose)
        buttons.addWidget(reload)
        buttons.addStretch(1)
        buttons.addWidget(close)
        choose.clicked.connect(lambda: choose_folder())
        reload.clicked.connect(lambda: self.folder and self.load(self.folder))
        close.clicked.connect(self.close)
        self.resize(window.fontMetrics().horizontalAdvance("M") * 84,
                    window.fontMetrics().height() * 24)

    def load(self, folder: Path) -> None:
        self.folder = folder
        self.paths = sorted(p for p in folder.glob("*.focus") if p.is_file())
        self.table.setRowCount(len(self.paths))
        today = date.today()
        unreadable = 0
        for r, path in enumerate(self.paths):
            try:
                wb, _ = load(path)
            except StoreError as exc:
                unreadable += 1
                cells = [table_cell(str(exc), tip=str(exc)), table_cell(path.name)] + \
                    [table_cell("") for _ in self.HEADERS[2:]]
                for c, item in enumerate(cells):
                    self.table.setItem(r, c, item)
                continue
            doc = workbook_status(wb, path.name, today=today)
            latest = doc["latest"]
            m = doc["months"][latest] if latest else None
            nxt = doc["next_due"]
            due = "every month filed" if nxt is None else (
                f"{nxt['month']} {nxt['due']}"
                + (f" — overdue by {-nxt['days_to_due']} days" if nxt["overdue"]
                   else f" (in {nxt['days_to_due']} days)"))
            status = "" if m is None else m["status"].replace("-", " ").capitalize()
            cells = [table_cell(wb.firm.name or "(firm not named)"), table_cell(path.name),
                     table_cell(str(wb.year)), table_cell(latest or "nothing reported"),
                     table_cell(status),
                     table_cell("" if m is None or m["net_capital"] is None else
                                format_amount(Decimal(m["net_capital"]), places=2), right=True),
                     table_cell("" if m is None or m["excess"] is None else
                                format_amount(Decimal(m["excess"]), places=2), right=True),
                     table_cell("" if m is None or m["level"] is None
                                else LEVEL_SHORT[m["level"]]),
                     table_cell(due)]
            if nxt is not None and nxt["overdue"]:
                cells[-1].setForeground(QBrush(QColor("#b00020")))
            if m is not None and m["level"] in ("early-warning", "below-minimum"):
                cells[7].setForeground(QBrush(QColor("#b00020")))
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.heading.setText(f"{folder}: {len(self.paths)} workbook(s)"
                             + (f", {unreadable} unreadable" if unreadable else "")
                             + ". Double-click a firm to open its workbook.")

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.paths):
            self.window_.open_path(self.paths[row])


