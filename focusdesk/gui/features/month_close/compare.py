"""Filing ▸ Compare…: a month (or one of its filed versions) against a filed version,
another month or the same month of another workbook, line by line; exported as CSV or
PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ....base.money import format_amount
from ....close.compare import Comparison, compare_month, comparison_pdf, shown
from ....close.month_close import (
    CloseError,
)
from ....document.store import StoreError, load
from ....form.catalog import MONTHS
from ....model.workbook import WorkbookError
from .widgets import CURRENT, OVER_BG, month_combo, new_table, save_report, table_cell

if TYPE_CHECKING:
    from ...window import MainWindow


class CompareDialog(QDialog):
    """Filing ▸ Compare…: two sets of a month's figures, line by line."""

    HEADERS = ("Line", "Code", "Label", "Current", "Other", "Difference", "Change")

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle("Compare")
        self.other_path: Path | None = None
        self.comparison: Comparison | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        layout.addLayout(row)
        self.month = month_combo(self, "JAN")
        self.month.setObjectName("compareMonth")
        self.version = QComboBox(self)
        self.version.setObjectName("compareVersion")
        self.against = QComboBox(self)
        self.against.setObjectName("compareAgainst")
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setObjectName("compareThreshold")
        self.threshold.setRange(0, 1000)
        self.threshold.setDecimals(1)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(10)
        self.only = QCheckBox("Only lines that differ", self)
        self.only.setChecked(True)
        for label, widget in (("&Month:", self.month), ("&Figures:", self.version),
                              ("&Against:", self.against), ("&Threshold:", self.threshold)):
            text = QLabel(label, self)
            text.setBuddy(widget)
            row.addWidget(text)
            row.addWidget(widget)
        row.addWidget(self.only)
        row.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = new_table(self, self.HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.pdf_button = QPushButton("Export &PDF…", self)
        close = QPushButton("Close", self)
        buttons.addStretch(1)
        for b in (self.csv_button, self.pdf_button, close):
            buttons.addWidget(b)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        close.clicked.connect(self.close)
        self.month.currentTextChanged.connect(lambda *_: self.fill_choices())
        for signal in (self.version.currentIndexChanged, self.against.activated,
                       self.threshold.valueChanged, self.only.toggled):
            signal.connect(lambda *_: self.refresh())
        self.resize(window.fontMetrics().horizontalAdvance("M") * 80,
                    window.fontMetrics().height() * 36)

    def set_month(self, month: str) -> None:
        with QSignalBlocker(self.month):
            self.month.setCurrentText(month)
        self.fill_choices()

    def fill_choices(self) -> None:
        """The versions of the month, and what it can be compared with."""
        wb = self.window_.doc.wb
        month = self.month.currentText()
        mc = wb.month_close(month)
        with QSignalBlocker(self.version):
            self.version.clear()
            self.version.addItem(CURRENT, "")
            for v in mc.versions:
                self.version.addItem(f"{v.title} as filed {v.filed_date}", v.name)
        with QSignalBlocker(self.against):
            self.against.clear()
            index = MONTHS.index(month)
            if index:
                self.against.addItem(f"Prior month ({MONTHS[index - 1]})", MONTHS[index - 1])
            if mc.versions:
                self.against.addItem("As filed (latest)", "filed")
                for v in mc.versions[:-1]:
                    self.against.addItem(f"{v.title} as filed {v.filed_date}", v.name)
            for m in MONTHS:
                if m != month and (not index or m != MONTHS[index - 1]):
                    self.against.addItem(m, m)
            self.against.addItem("Another workbook…", "other")
            if self.other_path is not None:
                self.against.addItem(f"{self.other_path.name} ({month})",
                                     f"path:{self.other_path}")
            default = "filed" if mc.reopened is not None and mc.versions else (
                MONTHS[index - 1] if index else "filed" if mc.versions else "other")
            found = self.against.findData(default)
            self.against.setCurrentIndex(max(found, 0))
        self.refresh()

    def choose_other(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(self, "Compare with another workbook",
                                              self.window_.last_dir(),
                                              "FocusDesk workbooks (*.focus)")
        if not name:
            return False
        self.other_path = Path(name)
        self.fill_choices()
        self.against.setCurrentIndex(self.against.findData(f"path:{self.other_path}"))
        self.refresh()
        return True

    def spec(self) -> str | None:
        data = self.against.currentData()
        if data == "other":
            return None
        if isinstance(data, str) and data.startswith("path:"):
            return f"{data.removeprefix('path:')}:{self.month.currentText()}"
        return data

    def refresh(self) -> None:
        w = self.window_
        if w.doc is None or self.month.count() == 0:
            return
        if self.against.currentData() == "other" and (not self.isVisible()
                                                      or not self.choose_other()):
            self.table.setRowCount(0)
            self.summary.setText("Choose the workbook to compare with.")
            return
        try:
            self.comparison = compare_month(
                w.doc.wb, self.month.currentText(), self.spec(),
                version=self.version.currentData() or None,
                comp=w.grid_a.computation("dollars"),
                open_workbook=lambda p: load(p)[0],
                threshold=Decimal(str(self.threshold.value())))
        except (CloseError, WorkbookError, StoreError) as exc:
            self.comparison = None
            self.table.setRowCount(0)
            self.summary.setText(f"{exc}.")
            return
        self.show_comparison(self.comparison)

    def show_comparison(self, cmp: Comparison) -> None:
        rows = cmp.differing if self.only.isChecked() else cmp.rows
        over = sum(r.over for r in cmp.differing)
        self.summary.setText(
            f"{cmp.current.label} against {cmp.other.label}: {len(cmp.differing)} line(s) "
            f"differ, {over} by {cmp.threshold} % or more (highlighted). Amounts in dollars.")
        self.table.setHorizontalHeaderLabels(
            ["Line", "Code", "Label", cmp.current.label, cmp.other.label, "Difference",
             "Change"])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            p = row.percent
            cells = [table_cell(row.line.line), table_cell(row.line.code),
                     table_cell(row.line.label, tip=row.line.label),
                     table_cell(shown(row.current, row.line.unit), right=True),
                     table_cell(shown(row.other, row.line.unit), right=True),
                     table_cell("—" if row.difference is None
                           else shown(row.difference, row.line.unit), right=True),
                     table_cell("—" if p is None else f"{format_amount(p, places=2)} %",
                           right=True)]
            for c, item in enumerate(cells):
                if row.over:
                    item.setBackground(QBrush(OVER_BG))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def export(self, kind: str, path: Path | None = None) -> bool:
        if self.comparison is None:
            return False
        w = self.window_
        cmp = self.comparison
        all_lines = not self.only.isChecked()
        data = (comparison_pdf(cmp, all_lines=all_lines) if kind == "pdf"
                else cmp.csv_text(all_lines=all_lines).encode("utf-8-sig"))
        saved = save_report(w, self, f"Export the comparison ({kind.upper()})", data, path,
                            f"compare {cmp.current.month} {w.doc.wb.year}.{kind}",
                            "PDF files (*.pdf)" if kind == "pdf" else "CSV files (*.csv)")
        if saved is None:
            return False
        w.show_message(f"Exported the comparison to {saved.name}.")
        return True


