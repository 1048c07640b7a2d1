"""The FocusDesk main window: a thin layer over the Qt-free document and grids.

The window's parts come from the Designer form `ui/mainwindow.ui` (compiled into
`focusdesk.gui.generated` by the build step); behaviour lives in `focusdesk.tables.grid`,
`focusdesk.document.editing` and `focusdesk.document.document`, which tests drive without Qt.
The window's other jobs are modules of their own, mixed in: the document actions
(`document_actions`), the Firm & settings tab (`settings_tab`), the Trend tab
(`trend_tab`), the start page (`start_page`) and what the features add to (`host`).
"""

from __future__ import annotations

import importlib
from datetime import date

from PySide6.QtCore import QModelIndex, QSettings, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QHeaderView, QLabel, QMainWindow, QWidget

import focusdesk

from ..base.money import usd
from ..calculation.checks import Finding, run_checks
from ..calculation.standing import LEVEL_WORDS, MonthStanding, cents_up, headroom_text, standing
from ..document.document import Document
from ..document.editing import Step
from ..form.catalog import MONTHS, Method
from ..model.workbook import WorkbookError
from ..tables.findings import EMPTY as NO_FINDINGS
from ..tables.grid import ScheduleAGrid, ScheduleBGrid
from .checks_model import ChecksModel
from .desk import Desk
from .document_actions import LAST_WORKBOOK, DocumentActions
from .features import FEATURES
from .fit import ElidedLabel, fit_window
from .forms import Ui_AboutDialog, Ui_MainWindow
from .host import FeatureHost
from .models import GridModel, ScheduleAModel, ScheduleBModel
from .settings_tab import SettingsTab
from .start_page import StartPageHost
from .trend_tab import TrendTab
from .views import SheetView

AUTOSAVE_MS = 60_000
BADGE_STYLES = {"ok": "background:#2e7d32;color:white;",
                "early-warning": "background:#f2a900;color:black;font-weight:bold;",
                "below-minimum": "background:#b00020;color:white;font-weight:bold;"}



class MainWindow(FeatureHost, DocumentActions, SettingsTab, TrendTab, StartPageHost,
                 QMainWindow):
    def __init__(self, doc: Document | None, settings: QSettings | None = None, *,
                 install_features: bool = True):
        super().__init__()
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.settings = settings or QSettings("FocusDesk", "FocusDesk")
        self.setAcceptDrops(True)
        self._message_version: int | None = None  # the history version a message speaks of
        self.setWindowIcon(QIcon(":/icons/focusdesk.svg"))
        # Promoted in Designer to our spreadsheet-like view.
        self.table_a: SheetView = self.ui.scheduleATable
        self.table_b: SheetView = self.ui.scheduleBTable
        self.init_host()  # what the features add to: menus, tabs, Schedule A's cell menu
        self.add_drop_handler((".focus",), self.open_path, several=True)
        for view in (self.table_a, self.table_b):
            view.message.connect(self.show_message)
        self.checks_model = ChecksModel(self)
        self.ui.checksTable.setModel(self.checks_model)
        self.ui.checksTable.verticalHeader().setVisible(False)
        self.ui.checksTable.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.ui.checksTable.doubleClicked.connect(self.go_to_finding)
        self.no_findings = QLabel(NO_FINDINGS, self.ui.checksTable.viewport())
        self.no_findings.move(12, 12)
        self.no_findings.setStyleSheet("color: #2e7d32;")
        self.ui.monthCombo.addItems(MONTHS)
        self.badge = QLabel()
        self.figures = ElidedLabel()  # gives way before the badge on a small screen
        self.desk = Desk(self)  # adds the selection's Sum and Count to the status bar
        self.statusBar().addPermanentWidget(self.figures)
        self.statusBar().addPermanentWidget(self.badge)
        self.start_page: QWidget | None = None  # made when no workbook is open
        self._dock_hidden = False  # the instructions pane, hidden by the start page
        self.trend: QWidget | None = None  # made when the Trend tab is first shown
        self.headroom: QLabel | None = None  # beside the trend chart
        self.findings: list[Finding] = []
        self.standings: dict[str, MonthStanding] = {}
        self._reviewed: int | None = None  # the history version they were made for
        self._connect()
        self.connect_settings_tab()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()
        self.doc: Document | None = None
        if doc is not None:
            self.set_document(doc)
        else:
            self.show_start_page()
        self.features_installed = False
        if install_features:
            self.install_features()
        fit_window(self, self.settings.value("geometry"))
        if self.height() < 800:  # a small screen: the pane gives the sheets more rows
            self.resizeDocks([self.ui.instructionsDock], [self.fontMetrics().height() * 6],
                             Qt.Orientation.Vertical)
        self.rebuild_recent_menu()


    def install_features(self) -> None:
        """Features of their own (Excel, PDF and printing, trial balances) add their menu
        items. They import openpyxl, reportlab and calamine, so `launch` runs this just
        after the window has first painted."""
        if self.features_installed:
            return
        self.features_installed = True
        for module in FEATURES:
            self.add_feature(importlib.import_module(module).install(self))
        self.update_document_actions()


    # -- wiring -------------------------------------------------------------------
    def _connect(self) -> None:
        ui = self.ui
        ui.actionNew.triggered.connect(self.new_file)
        ui.actionOpen.triggered.connect(self.open_file)
        ui.actionSave.triggered.connect(self.save_file)
        ui.actionSaveAs.triggered.connect(self.save_as)
        ui.actionClose.triggered.connect(self.close_workbook)  # to the start page
        ui.actionQuit.triggered.connect(self.close)
        ui.actionUndo.triggered.connect(self.undo)
        ui.actionRedo.triggered.connect(self.redo)
        for name in ("copy", "paste", "delete"):  # into an open editor's text, if any
            getattr(ui, f"action{name.capitalize()}").triggered.connect(
                lambda *_, n=name: self.desk.edit_command(n))
        ui.actionShowDollars.toggled.connect(self.set_dollars)
        ui.actionAllMonthsB.toggled.connect(self.set_all_months_b)
        ui.actionAbout.triggered.connect(self.about)
        ui.actionNextSheet.triggered.connect(lambda: self.step_tab(+1))
        ui.actionPreviousSheet.triggered.connect(lambda: self.step_tab(-1))
        # The instructions pane, once closed, comes back from the View menu.
        dock = ui.instructionsDock.toggleViewAction()
        dock.setText("&Instructions pane")
        dock.setStatusTip("Show or hide the form's instructions for the selected line")
        ui.menuView.insertAction(ui.actionNextSheet, dock)
        ui.menuView.insertSeparator(ui.actionNextSheet)
        ui.monthCombo.currentTextChanged.connect(self.set_b_month)
        ui.tabs.currentChanged.connect(lambda *_: self.tab_changed())

    def tab_changed(self) -> None:
        if self.doc is None:
            return
        index = self.table_a.currentIndex()
        col = self.model_a.grid_col(index.column()) if index.isValid() else -1
        if col >= 0:
            self.current_month = MONTHS[col]  # the month in view is Schedule A's cursor's
        if self.ui.tabs.currentWidget() is self.ui.pageScheduleB:
            self.set_month_in_view(self.current_month)  # the picker follows the month
        self.update_actions()
        self.update_trend()
        self.update_status()
        self.show_instruction_of_sheet()
        self.desk.update_selection(self.active_sheet())

    def step_tab(self, step: int) -> None:
        tabs = self.ui.tabs
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())
        page = tabs.currentWidget()
        if page in (self.ui.pageScheduleA, self.ui.pageScheduleB):
            self.active_sheet().setFocus()  # keep typing where the eyes went

    def active_sheet(self) -> SheetView:
        return self.table_b if self.ui.tabs.currentWidget() is self.ui.pageScheduleB \
            else self.table_a

    # -- the document -------------------------------------------------------------
    def set_document(self, doc: Document) -> None:
        if self.doc is not None:
            self.doc.close()
        self.doc = doc
        units = "dollars" if self.ui.actionShowDollars.isChecked() else "thousands"
        self.grid_a = ScheduleAGrid(doc.wb, doc.history, units)
        active = [m for m in MONTHS if doc.wb.is_active(m)]
        self.current_month = active[-1] if active else "JAN"
        # The month picker shows the latest reported month; Schedule B starts on it (set
        # quietly: its change signal would rebuild a grid that does not exist yet).
        with QSignalBlocker(self.ui.monthCombo):
            self.ui.monthCombo.setCurrentText(self.current_month)
        month = None if self.ui.actionAllMonthsB.isChecked() else self.current_month
        self.grid_b = ScheduleBGrid(doc.wb, doc.history, month or None, units,
                                    computations=self.grid_a.computations)
        self.model_a = ScheduleAModel(self.grid_a, self)
        self.model_b = ScheduleBModel(self.grid_b, self)
        for model in (self.model_a, self.model_b):
            model.edit_refused.connect(self.show_message)
            model.edited.connect(self.after_edit)
        self.table_a.setModel(self.model_a)
        self.table_b.setModel(self.model_b)
        self.table_a.selectionModel().currentChanged.connect(self.current_a_changed)
        self.table_b.selectionModel().currentChanged.connect(self.current_b_changed)
        self.size_columns()
        self.show_sheets()
        self.table_a.go_to(0, MONTHS.index(self.current_month))
        self.desk.document_changed()
        if doc.read_only:
            self.show_message(doc.read_only_reason + " Opened read-only.")
        if doc.path:
            self.add_recent(doc.path)
        self.after_edit()

    def set_month_in_view(self, month: str, *, move_a: bool = False) -> None:
        """The month the schedules speak of: the Schedule B picker follows it (and, after
        an import, Schedule A's cursor goes to its column); the status bar too."""
        self.current_month = month
        if not self.ui.actionAllMonthsB.isChecked() and \
                self.ui.monthCombo.currentText() != month:
            self.ui.monthCombo.setCurrentText(month)
        index = self.table_a.currentIndex()
        if move_a and index.isValid() and self.model_a.grid_col(index.column()) >= 0:
            self.table_a.setCurrentIndex(
                self.model_a.index(index.row(), self.model_a.n_fixed + MONTHS.index(month)))
        self.update_status()

    def b_month(self) -> str:
        """Schedule B's month in view (all months side by side: the cursor's)."""
        return self.grid_b.month or self.status_month_b() or self.current_month

    def size_columns(self) -> None:
        fm = self.table_a.fontMetrics()
        bold_font = QFont(self.table_a.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)  # totals and captions are bold
        # Twelve-digit amounts with separators and parentheses are never clipped, on a
        # bold total either; in $000 they round up to ten digits (999,999,999,999.50 is
        # 1,000,000,000 thousand).
        money = bold.horizontalAdvance("(999,999,999,999.99)") + 16
        thousands = bold.horizontalAdvance("(9,999,999,999)") + 16
        whole = bold.horizontalAdvance("(999,999,999,999)") + 16  # B column IV in $000
        count = max(bold.horizontalAdvance("9,999,999"),
                    fm.horizontalAdvance("NO. OF ITEMS")) + 16  # B column I
        # Past this a label elides (the tooltip has it whole): wider, and the frozen
        # labels would leave a 1280-pixel window room for few months. On a small screen
        # (a laptop, or 150 %) narrower still, down to 24 characters: Schedule A keeps
        # room for four months, Schedule B for a month's four columns.
        widest_a, widest_b = fm.horizontalAdvance("M" * 38), fm.horizontalAdvance("M" * 44)
        narrowest = fm.horizontalAdvance("M" * 24)
        room = int((self.screen() or QApplication.primaryScreen()).availableGeometry().width()
                   * 0.9) - fm.horizontalAdvance("M") * 8  # less margins and scroll bar
        dollars = self.grid_a.units == "dollars"
        month_a = money if dollars else thousands
        b_widths = {"I": count, "II": money if dollars else thousands,
                    "III": money if dollars else thousands, "IV": money if dollars else whole}

        def labels(model: GridModel) -> int:
            return max(bold.horizontalAdvance(model.data(model.index(r, 1)) or "")
                       for r in range(model.rowCount()))

        a, b = self.table_a, self.table_b
        a.setColumnWidth(0, fm.horizontalAdvance("25e*.") + 16)
        a.setColumnWidth(2, fm.horizontalAdvance("3852D") + 16)
        fit_a = room - a.columnWidth(0) - a.columnWidth(2) - 4 * month_a
        a.setColumnWidth(1, min(labels(self.model_a), widest_a, max(narrowest, fit_a)) + 24)
        for c in range(3, self.model_a.columnCount()):
            a.setColumnWidth(c, month_a)
        a.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        b.setColumnWidth(0, fm.horizontalAdvance("10.") + 16)
        fit_b = room - b.columnWidth(0) - sum(b_widths.values())
        b.setColumnWidth(1, min(labels(self.model_b), widest_b, max(narrowest, fit_b)) + 24)
        for c in range(2, self.model_b.columnCount()):
            b.setColumnWidth(c, b_widths[self.grid_b.position(c - 2)[1]])
        b.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        b.horizontalHeader().setMinimumHeight(fm.height() * 4 + 8)
        a.set_frozen_columns(self.model_a.n_fixed)
        b.set_frozen_columns(self.model_b.n_fixed)

    def after_edit(self) -> None:
        """Recompute everything that depends on the numbers, and the window's state."""
        if self.doc is None:
            return
        self.desk.follow_import()
        if self._message_version not in (None, self.doc.history.version):
            self.statusBar().clearMessage()
        self.model_a.refresh()
        self.model_b.refresh()
        self.review()
        self.checks_model.set_findings(self.findings)
        self.no_findings.setVisible(not self.findings)
        self.no_findings.adjustSize()
        self.ui.tabs.setTabText(self.ui.tabs.indexOf(self.ui.pageChecks),
                                self.checks_model.table.title())
        self.update_trend()
        self.load_settings_tab()
        self.update_status()
        self.update_actions()

    def update_actions(self) -> None:
        assert self.doc is not None
        h = self.doc.history
        self.setWindowTitle(f"{self.doc.title}[*] — FocusDesk")
        self.setWindowModified(self.doc.modified)
        self.ui.actionUndo.setEnabled(h.can_undo)
        self.ui.actionRedo.setEnabled(h.can_redo)
        self.ui.actionUndo.setText(f"&Undo {h.undo_label}".strip())
        self.ui.actionRedo.setText(f"&Redo {h.redo_label}".strip())
        self.ui.actionSave.setEnabled(not self.doc.read_only)
        for action in (self.ui.actionPaste, self.ui.actionDelete, self.desk.zero_action):
            action.setEnabled(not self.doc.read_only)  # refused at once, not afterwards
        self.desk.zero_button.setEnabled(not self.doc.read_only)

    def review(self) -> None:
        """The checks and the standing of the workbook as it is now (dollar view)."""
        assert self.doc is not None
        if self._reviewed == self.doc.history.version:
            return
        comp = self.grid_a.computation("dollars")
        self.standings = standing(comp)
        # today: a month due and not filed is a warning (Rule 17a-5(a)(2)(i))
        self.findings = run_checks(self.doc.wb, comp, today=date.today())
        self._reviewed = self.doc.history.version

    def update_status(self) -> None:
        """The status bar: the window's figures and badge, then the features' parts."""
        self.show_standing()
        self.status_updated()

    def show_standing(self) -> None:
        if self.doc is None:
            return
        self.review()
        month = self.status_month()
        s = self.standings.get(month)
        if s is None:
            self.figures.setText(f"{month}: not reported")
            self.badge.setText("")
            self.badge.setStyleSheet("")
            self.badge.setToolTip("")
            return
        method = self.doc.wb.method
        ratio = s.ratio_percent
        ratio_text = "N/A" if ratio is None else f"{usd(ratio).removeprefix('$')} %"
        surplus = (f"Excess {usd(s.excess)}" if s.excess >= 0
                   else f"Deficiency {usd(-s.excess)}")
        self.figures.setText(
            f"{month}   Net capital {usd(s.net_capital)}   "
            f"Requirement {usd(cents_up(s.requirement))}   {surplus}   "
            f"{'AI / NC' if method is Method.AGGREGATE_INDEBTEDNESS else 'NC / debits'} "
            f"{ratio_text}")
        self.badge.setText(f"  {LEVEL_WORDS[s.level]}  ")
        self.badge.setStyleSheet(BADGE_STYLES[s.level])
        self.badge.setToolTip(headroom_text(s))

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)
        # A message speaks of the workbook as it is now: the next change retires it (a
        # refusal left standing after a good entry reads as if that one failed too).
        self._message_version = self.doc.history.version if self.doc is not None else None

    def status_month(self) -> str:
        """The month the status bar speaks of: the month picked on Schedule B (or of its
        cursor, all months side by side), else the month of Schedule A's cursor."""
        if self.ui.tabs.currentWidget() is self.ui.pageScheduleB:
            if self.grid_b.month:
                return self.grid_b.month
            return self.status_month_b() or self.current_month
        return self.current_month

    def status_month_b(self) -> str:
        index = self.table_b.currentIndex()
        col = self.model_b.grid_col(index.column()) if index.isValid() else -1
        return self.grid_b.position(col)[0] if col >= 0 else ""

    # -- selection and instructions -------------------------------------------------
    def current_a_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        col = self.model_a.grid_col(current.column())
        if col >= 0 and MONTHS[col] != self.current_month:
            self.current_month = MONTHS[col]
            self.update_status()
        self.show_instruction_a(current.row())

    def current_b_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if current.isValid():
            self.show_instruction_b(current.row())
            if self.grid_b.month is None:  # all months: the cursor's month
                self.update_status()

    def show_instruction_of_sheet(self) -> None:
        """The instructions pane follows the tab in view: a schedule's cursor line, the
        selected finding's line; or it says the tab has none."""
        page = self.ui.tabs.currentWidget()
        if page is self.ui.pageScheduleA and self.table_a.currentIndex().isValid():
            self.show_instruction_a(self.table_a.currentIndex().row())
        elif page is self.ui.pageScheduleB:
            index = self.table_b.currentIndex()
            self.show_instruction_b(index.row() if index.isValid() else 0)
        elif page is not self.ui.pageScheduleA:
            self.desk.show_instruction()

    def show_instruction_a(self, row: int) -> None:
        item = self.grid_a.rows[row]
        try:
            from ..form.instructions import instruction_for_item
            text = instruction_for_item(item)
        except (ImportError, FileNotFoundError):
            text = ""
        code = f" [{item.code}]" if item.code else ""
        self.ui.instructionsText.setPlainText(
            f"Line {item.line}{code} — {item.label}\n\n{text}".strip())

    def show_instruction_b(self, row: int) -> None:
        line = self.grid_b.lines[row]
        try:
            from ..form.instructions import instruction_for_b_line
            text = instruction_for_b_line(line)
        except (ImportError, FileNotFoundError):
            text = ""
        self.ui.instructionsText.setPlainText(
            f"Schedule B line {line.key} — {line.label}\n\n{text}".strip())

    def go_to_finding(self, index: QModelIndex) -> None:
        f = self.checks_model.findings[index.row()]
        if f.item.startswith("B-"):
            key, column = f.b_cell or (f.item.removeprefix("B-"), "IV")
            self.ui.tabs.setCurrentWidget(self.ui.pageScheduleB)
            self.set_month_in_view(f.month)  # the picker turns to the finding's month
            row = next((i for i, b in enumerate(self.grid_b.lines) if b.key == key), 0)
            keys = [c.key for c in self.grid_b.columns]
            col = 0 if self.grid_b.month else MONTHS.index(f.month) * len(keys)
            self.table_b.go_to(row, col + keys.index(column))  # the finding's column
            return
        row = self.grid_a.row_of(f.item)
        self.ui.tabs.setCurrentWidget(self.ui.pageScheduleA)
        self.table_a.go_to(row, MONTHS.index(f.month))

    # -- view -------------------------------------------------------------------
    def set_dollars(self, dollars: bool) -> None:
        units = "dollars" if dollars else "thousands"
        self.grid_a.units = self.grid_b.units = units
        for model in (self.model_a, self.model_b):
            model.refresh()  # new units: every cell repaints, the selection stays
            model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, model.columnCount() - 1)
        self.size_columns()
        for view in (self.table_a, self.table_b):  # the columns' widths changed
            if view.currentIndex().isValid():
                view.scrollTo(view.currentIndex())

    def set_b_month(self, month: str) -> None:
        if self.grid_b.month is not None and month:
            self.grid_b.month = month
            self.model_b.reset()
            self.size_columns()
            self.desk.span_answers()
            self.update_status()

    def set_all_months_b(self, all_months: bool) -> None:
        self.grid_b.month = None if all_months else self.ui.monthCombo.currentText()
        self.ui.monthCombo.setEnabled(not all_months)
        self.model_b.reset()
        self.size_columns()
        self.desk.span_answers()
        self.update_status()


    # -- undo -------------------------------------------------------------------
    def undo(self) -> None:
        assert self.doc is not None
        try:  # undo never reaches past a filing
            self._stepped(self.doc.history.undo(), "Undid")
        except WorkbookError as exc:
            self.show_message(f"Not undone — {exc}.")

    def redo(self) -> None:
        assert self.doc is not None
        try:
            self._stepped(self.doc.history.redo(), "Redid")
        except WorkbookError as exc:
            self.show_message(f"Not redone — {exc}.")

    def _stepped(self, step: Step | None, verb: str) -> None:
        if step:
            self.show_message(f"{verb}: {step.label}")
            self.after_edit()


    # -- closing ------------------------------------------------------------------
    def about(self) -> None:
        dialog = QDialog(self)
        ui = Ui_AboutDialog()
        ui.setupUi(dialog)
        ui.versionLabel.setText(f"FocusDesk {focusdesk.__version__}\nSEC FOCUS Report Part I "
                                "(Form X-17A-5 Part I)")
        dialog.exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.doc is not None and not self.confirm_discard():
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        # `focusdesk` with no file reopens it next time (none: the start page).
        path = self.doc.path if self.doc is not None else None
        self.settings.setValue(LAST_WORKBOOK, str(path) if path else "")
        if self.doc is not None:
            self.doc.close()
        event.accept()
