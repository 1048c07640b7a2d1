"""The FocusDesk main window.

A first, working window over the core: Schedule A (JAN–DEC, $000 or dollars, typed
entries recomputed at once), Schedule B for a chosen month, the firm profile, the
checks, and the selected month's net capital in the status bar. The full workbook of
issue #3 (Designer forms, undo, paste, recovery, locking UI) builds on this.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..catalog import MONTHS, BKind, Method
from ..grid import ScheduleAGrid
from ..money import format_amount
from ..paths import sample_workbook
from ..store import SavedState, StoreError, load, save
from ..workbook import Workbook
from .models import ScheduleAModel

SEVERITY_MARK = {"error": "⛔", "warning": "⚠", "info": "ℹ"}


class MainWindow(QMainWindow):
    def __init__(self, wb: Workbook, path: Path | None, state: SavedState | None = None,
                 title_hint: str = ""):
        super().__init__()
        self.wb = wb
        self.path = path
        self.state = state or SavedState()
        self.title_hint = title_hint
        self.saved_audit_len = len(wb.audit)
        self.grid = ScheduleAGrid(wb, "thousands")
        self.model = ScheduleAModel(self.grid, self)

        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 44)
        self.table.setColumnWidth(1, 380)
        self.table.setColumnWidth(2, 56)
        for c in range(3, 15):
            self.table.setColumnWidth(c, 96)
        self.tabs.addTab(self.table, "Schedule A")

        self.sched_b = QWidget()
        lay = QVBoxLayout(self.sched_b)
        top = QHBoxLayout()
        top.addWidget(QLabel("Month:"))
        self.month_box = QComboBox()
        self.month_box.addItems(MONTHS)
        top.addWidget(self.month_box)
        top.addStretch(1)
        lay.addLayout(top)
        self.b_table = QTableWidget()
        self.b_table.verticalHeader().setVisible(False)
        lay.addWidget(self.b_table)
        self.tabs.addTab(self.sched_b, "Schedule B")

        self.firm_tab = QWidget()
        form = QFormLayout(self.firm_tab)
        self.firm_fields: dict[str, QLineEdit] = {}
        for key, label in (("name", "Name of broker-dealer"), ("id_no", "ID no."),
                           ("sec_file_no", "SEC file no."), ("preparer", "Preparer"),
                           ("phone", "Telephone")):
            edit = QLineEdit(getattr(wb.firm, key))
            edit.editingFinished.connect(lambda k=key, e=edit: self._set_profile(f"firm.{k}",
                                                                                   e.text()))
            self.firm_fields[key] = edit
            form.addRow(label, edit)
        self.method_box = QComboBox()
        self.method_box.addItems([m.value for m in Method])
        self.method_box.setCurrentText(wb.method.value)
        self.method_box.currentTextChanged.connect(lambda t: self._set_profile("method", t))
        form.addRow("Net capital method", self.method_box)
        form.addRow("Dollar minimum", QLabel(f"${format_amount(wb.minimum_dollar)}"))
        form.addRow("Year", QLabel(str(wb.year)))
        self.tabs.addTab(self.firm_tab, "Firm && settings")

        self.checks = QTableWidget(0, 5)
        self.checks.setHorizontalHeaderLabels(["", "Month", "Line", "Finding", "Rule"])
        self.checks.verticalHeader().setVisible(False)
        self.checks.horizontalHeader().setStretchLastSection(True)
        self.checks.setColumnWidth(0, 28)
        self.checks.setColumnWidth(3, 620)
        self.checks.cellDoubleClicked.connect(self._goto_finding)
        self.tabs.addTab(self.checks, "Checks")

        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)

        self._build_menus()
        self.model.edit_refused.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.model.dataChanged.connect(lambda *_: self.refresh())
        self.month_box.currentIndexChanged.connect(lambda *_: self.refresh())
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.resize(1500, 900)
        last = [m for m in MONTHS if wb.is_active(m)]
        self.current_month = last[-1] if last else "JAN"
        self.month_box.setCurrentText(self.current_month)
        self.refresh()

    # -- menus ------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        for text, key, slot in (("&Open…", QKeySequence.StandardKey.Open, self.open_file),
                                ("&Save", QKeySequence.StandardKey.Save, self.save_file),
                                ("Save &As…", QKeySequence.StandardKey.SaveAs, self.save_as),
                                ("&Quit", QKeySequence.StandardKey.Quit, self.close)):
            action = QAction(text, self)
            action.setShortcut(key)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        view = self.menuBar().addMenu("&View")
        self.dollars_action = QAction("Show whole &dollars", self, checkable=True)
        self.dollars_action.toggled.connect(self._toggle_units)
        view.addAction(self.dollars_action)

    def _toggle_units(self, dollars: bool) -> None:
        self.grid.units = "dollars" if dollars else "thousands"
        self.model.refresh()

    # -- state ------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return len(self.wb.audit) != self.saved_audit_len

    def _set_profile(self, name: str, value: str) -> None:
        if self.wb.set_profile(name, value):
            self.model.refresh()

    def _current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        col = current.column() - len(ScheduleAModel.FIXED)
        if col >= 0:
            self.current_month = MONTHS[col]
            self.refresh_status()

    def refresh(self) -> None:
        name = self.path.name if self.path else (self.title_hint or "Untitled")
        self.setWindowTitle(f"{name}{' *' if self.modified else ''} — FocusDesk")
        self.refresh_schedule_b()
        self.refresh_checks()
        self.refresh_status()

    def refresh_status(self) -> None:
        comp = self.grid.computation("dollars")
        res = comp.months[self.current_month]
        if not res.active:
            self.status_label.setText(f"{self.current_month}: not reported")
            return
        v = res.values
        ratio_code = "3850" if self.wb.method is Method.AGGREGATE_INDEBTEDNESS else "3851"
        ratio = v[ratio_code]
        excess = v["3770"] if ratio_code == "3850" else v["3910"]
        warn = [f for f in comp.findings if f.month == self.current_month
                and f.item in ("3750", "3760", "3840", "4470") and f.severity != "info"]
        badge = " ⚠ EARLY WARNING" if warn else ""
        if any(f.severity == "error" for f in warn):
            badge = " ⛔ BELOW MINIMUM"
        self.status_label.setText(
            f"{self.current_month}  Net capital ${format_amount(v['3750'])}   "
            f"Requirement ${format_amount(v['3760'])}   Excess ${format_amount(excess)}   "
            f"Ratio {format_amount(ratio, places=2) if ratio is not None else 'N/A'} %{badge}"
        )

    def refresh_schedule_b(self) -> None:
        month = self.month_box.currentText()
        res = self.grid.computation("dollars").months[month]
        form = self.wb.form
        lines = [b for b in form.schedule_b_lines]
        cols = form.schedule_b_columns
        self.b_table.clear()
        self.b_table.setRowCount(len(lines))
        self.b_table.setColumnCount(2 + len(cols))
        self.b_table.setHorizontalHeaderLabels(
            ["Line", "Description"] + [f"{c.key}\n{c.heading}" for c in cols])
        self.b_table.setColumnWidth(1, 420)
        for r, b in enumerate(lines):
            self.b_table.setItem(r, 0, QTableWidgetItem(b.number))
            self.b_table.setItem(r, 1, QTableWidgetItem(
                (f"   {b.sub}  " if b.sub else "") + b.label))
            if b.kind is BKind.QUESTION:
                ans = {True: "Yes", False: "No", None: "—"}[res.answer]
                self.b_table.setItem(r, 2, QTableWidgetItem(ans))
                continue
            for c, col in enumerate(cols):
                value = res.schedule_b.get(b.key, {}).get(col.key)
                item = QTableWidgetItem("" if value is None else format_amount(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
                self.b_table.setItem(r, 2 + c, item)
        self.b_table.resizeRowsToContents()

    def refresh_checks(self) -> None:
        findings = self.grid.computation("dollars").findings
        self.checks.setRowCount(len(findings))
        for r, f in enumerate(findings):
            for c, text in enumerate((SEVERITY_MARK[f.severity], f.month, f.line, f.message,
                                      f.rule)):
                self.checks.setItem(r, c, QTableWidgetItem(text))
        self.tabs.setTabText(3, f"Checks ({len(findings)})")
        self._findings = findings

    def _goto_finding(self, row: int, _col: int) -> None:
        f = self._findings[row]
        if f.item.startswith("B-"):
            self.month_box.setCurrentText(f.month)
            self.tabs.setCurrentWidget(self.sched_b)
            return
        rows = [i for i, item in enumerate(self.grid.rows) if item.code == f.item]
        if rows:
            self.tabs.setCurrentWidget(self.table)
            idx = self.model.index(rows[0], len(ScheduleAModel.FIXED) + MONTHS.index(f.month))
            self.table.setCurrentIndex(idx)
            self.table.scrollTo(idx)

    # -- files ------------------------------------------------------------------
    def _confirm_discard(self) -> bool:
        if not self.modified:
            return True
        answer = QMessageBox.question(
            self, "FocusDesk", "Save the changes to this workbook first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_file()
        return answer == QMessageBox.StandardButton.Discard

    def open_file(self) -> None:
        if not self._confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Open workbook", "",
                                              "FocusDesk workbooks (*.focus)")
        if name:
            try:
                wb, state = load(name)
            except StoreError as exc:
                QMessageBox.warning(self, "FocusDesk", str(exc))
                return
            win = MainWindow(wb, Path(name), state)
            win.show()
            self._replacement = win
            self.saved_audit_len = len(self.wb.audit)
            self.close()

    def save_file(self) -> bool:
        if self.path is None:
            return self.save_as()
        try:
            save(self.wb, self.path, self.state)
        except StoreError as exc:
            QMessageBox.warning(self, "FocusDesk", str(exc))
            return False
        self.saved_audit_len = len(self.wb.audit)
        self.refresh()
        self.statusBar().showMessage(f"Saved {self.path.name}", 4000)
        return True

    def save_as(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, "Save workbook as", "",
                                              "FocusDesk workbooks (*.focus)")
        if not name:
            return False
        self.path = Path(name if name.endswith(".focus") else name + ".focus")
        self.state = SavedState()
        return self.save_file()

    def closeEvent(self, event) -> None:
        if self._confirm_discard():
            event.accept()
        else:
            event.ignore()


def open_window(file: str | None) -> MainWindow:
    if file:
        wb, state = load(file)
        return MainWindow(wb, Path(file), state)
    # No file: the shipped sample, as an untitled document. It is read from a copy so
    # that the installed file is never migrated or locked.
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "sample.focus"
        shutil.copyfile(sample_workbook(), copy)
        wb, _ = load(copy)
    return MainWindow(wb, None, None, title_hint="Sample workbook (unsaved)")


def run(file: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FocusDesk")
    app.setApplicationVersion(__version__)
    try:
        win = open_window(file)
    except StoreError as exc:
        QMessageBox.critical(None, "FocusDesk", str(exc))
        print(f"focusdesk: {exc}", file=sys.stderr)
        return 2
    win.show()
    return app.exec()
