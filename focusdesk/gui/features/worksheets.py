"""The Worksheets tab: a month's haircut worksheet (line 18) and reserve worksheet (lines
26–28 and 23b), from the inputs the workbook keeps for the month.

* The month follows the month in view (Schedule A's cursor); the tab's picker moves it.
* Haircuts: the lines the worksheet sets against what Schedule A holds, each category with
  its subtotal, line 18, (M) undue concentration, every position with its paragraph,
  band, rate and deduction, then the uncertain points and the elections not applied.
* Reserve formula: Exhibit A items 1–15, the Note E reductions of item 10, the 1 % (or the
  alternative method's 3 % / 2 %), net debits, the requirement against line 28 and the
  deficiency.
* Import Positions… and Import Exhibit A Items… (the File menu's entries, the tab's
  buttons, or a positions or items file dropped on the window) set the month's lines as
  one undoable step, every cell's source the file's name and SHA-256; a bad file is one
  sentence naming the row and column, and nothing changes.
* Schedule A's context menu ▸ Show Worksheet… on lines 18, 30a, 30b, 32a, 26, 27 and 23b
  opens the tab on that month's worksheet.

The work is done by the Qt-free `focusdesk.worksheets` and the rows by
`focusdesk.tables.worksheets`; this module only shows them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...base.money import format_amount
from ...form.catalog import MONTHS, PART_I
from ...formats.spreadsheets.book import SPREADSHEET_SUFFIXES, Sheet, open_book
from ...model.workbook import StoredWorksheet, WorkbookError
from ...tables.worksheets import (
    ABSENT,
    APART,
    DEFICIENCY,
    DIFFERS,
    HEADING,
    TOTAL,
    CategoriesTable,
    ConcentrationsTable,
    ExhibitTable,
    LinesTable,
    PositionsTable,
    RequirementTable,
    haircut_notes,
)
from ...worksheets import WorksheetError
from ...worksheets.haircuts import LINE_18, LINE_30A, LINE_30B, LINE_32A, HaircutResult
from ...worksheets.inputs import (
    ITEM_COLUMNS,
    POSITION_COLUMNS,
    Source,
    parse_items,
    parse_positions,
    stored_items,
    stored_positions,
)
from ...worksheets.month import (
    Prepared,
    prepare_haircuts,
    prepare_reserve,
    stored_haircuts,
    stored_reserve,
)
from ...worksheets.reserve import KEYS, LINE_23B, LINE_26, LINE_27, ReserveResult
from ..row_model import RoleStyle, RowTableModel, row_view

if TYPE_CHECKING:
    from ..window import MainWindow

HAIRCUTS, RESERVE = "haircuts", "reserve"
# The lines each worksheet sets: the drill-down from Schedule A opens its worksheet.
LINES = {LINE_18: HAIRCUTS, LINE_30A: HAIRCUTS, LINE_30B: HAIRCUTS, LINE_32A: HAIRCUTS,
         LINE_26: RESERVE, LINE_27: RESERVE, LINE_23B: RESERVE}
FILTER = "Spreadsheets (*.csv *.txt *.xlsx *.xlsm *.xls *.ods);;All files (*)"
DIFFERS_BG, DEFICIENCY_BG = QColor("#fde2b8"), QColor("#f8d0d4")
STYLES = {DEFICIENCY: RoleStyle(background=DEFICIENCY_BG.name(), bold=True),
          DIFFERS: RoleStyle(background=DIFFERS_BG.name()),
          TOTAL: RoleStyle(bold=True), HEADING: RoleStyle(bold=True),
          APART: RoleStyle(foreground="#6d4c00"), ABSENT: RoleStyle(foreground="#8a8a8a")}


def _money(value: Decimal | None) -> str:
    return "blank" if value is None else format_amount(value, places=2)


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def sniff_kind(path: Path) -> str | None:
    """What a CSV's header row says it is — "haircuts" (positions), "reserve" (Exhibit A
    items) or None — read from its first few kilobytes, so that a drag over the window
    stays quick; a workbook (xlsx…) is not opened here (None)."""
    if path.suffix.lower() not in (".csv", ".txt"):
        return None
    try:
        with path.open("rb") as f:
            head = f.read(16_384).decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    return kind_of_rows(list(csv.reader(io.StringIO(head))))


def kind_of_rows(rows: list[list[object]]) -> str | None:
    """What the first row naming a worksheet's columns (within 50) makes a sheet:
    positions ("haircuts") or Exhibit A items ("reserve"); None: neither."""
    for row in rows[:50]:
        keys = {_key(str(c)) for c in row if c is not None}
        if keys >= set(POSITION_COLUMNS):
            return HAIRCUTS
        if keys >= set(ITEM_COLUMNS):
            return RESERVE
    return None


def _view(model: RowTableModel, name: str, stretch: int | None = None) -> QTableView:
    view = row_view(model, padding=6)
    view.setObjectName(name)
    # Columns fit the first 200 rows: a month of 10,000 positions shows at once.
    view.horizontalHeader().setResizeContentsPrecision(200)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _fit(view: QTableView, widest: int = 360) -> None:
    """Columns to their contents (a long label elides past `widest`; its tooltip has it)."""
    header = view.horizontalHeader()
    for c in range(view.model().columnCount()):
        if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch:
            continue
        view.resizeColumnToContents(c)
        view.setColumnWidth(c, min(view.columnWidth(c), widest))


def _fit_rows(view: QTableView, most: int = 12) -> None:
    """A short table as tall as its rows (up to `most`), so that nothing of it hides
    behind a scroll bar on a laptop's screen."""
    rows = max(1, min(view.model().rowCount(), most))
    scroll = view.horizontalScrollBar()
    extra = scroll.sizeHint().height() if scroll.maximum() > 0 else 0
    view.setFixedHeight(view.horizontalHeader().sizeHint().height()
                        + rows * view.verticalHeader().defaultSectionSize()
                        + 2 * view.frameWidth() + extra)


def _summary() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class WorksheetsTab(QWidget):
    """The tab and its File menu entries (`window.feature(WorksheetsTab)`)."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self.window_ = window
        self.actions_: list[QAction] = []  # File ▸ Import Positions…, Import Exhibit A Items…
        self.drill_action: QAction | None = None  # Schedule A ▸ Show Worksheet…
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Month"))
        self.month_combo = QComboBox()
        self.month_combo.addItems(MONTHS)
        self.month_combo.setToolTip("The month whose worksheets are shown and imported into")
        self.month_combo.currentTextChanged.connect(lambda _m: self.month_picked())
        bar.addWidget(self.month_combo)
        bar.addSpacing(12)
        self.positions_button = QPushButton("Import Positions…")
        self.positions_button.setToolTip("Compute line 18, 30a, 30b and 32a from a positions "
                                         "file (CSV or xlsx)")
        self.positions_button.clicked.connect(lambda: self.import_positions_dialog())
        self.items_button = QPushButton("Import Exhibit A Items…")
        self.items_button.setToolTip("Compute lines 26, 27 (and 23b) from an item,amount "
                                     "file (CSV or xlsx)")
        self.items_button.clicked.connect(lambda: self.import_items_dialog())
        self.daily = QCheckBox("Daily computation")
        self.daily.setToolTip("A daily computer: the alternative method's 2 % instead of 3 % "
                              "(Rule 15c3-1(a)(1)(ii)(A))")
        self.monthly = QCheckBox("Monthly computer (105 %)")
        self.monthly.setToolTip("A monthly computer deposits 105 % of the amount computed "
                                "(Rule 15c3-3(e)(3)(i)(C))")
        for w in (self.positions_button, self.items_button, self.daily, self.monthly):
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.sheets = QTabWidget()
        self.sheets.setDocumentMode(True)
        self.sheets.addTab(self._haircuts_page(), "Haircuts — line 18")
        self.sheets.addTab(self._reserve_page(), "Reserve formula — lines 26–28")
        # the instructions pane: line 18's on the haircuts, line 26's on the reserve formula
        self.sheets.currentChanged.connect(lambda i: window.set_tab_instruction(
            self, LINE_18 if i == 0 else LINE_26))
        layout.addWidget(self.sheets)
        self.haircuts: HaircutResult | None = None  # as shown
        self.reserve: ReserveResult | None = None
        # (document, history version, month) shown: showing the tab again recomputes
        # nothing unless the workbook or the month changed
        self._shown: tuple[object, int, str] | None = None

    def _haircuts_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.haircut_summary = _summary()
        lay.addWidget(self.haircut_summary)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QHBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.haircut_lines_model = RowTableModel(LinesTable(), STYLES)
        self.haircut_lines = _view(self.haircut_lines_model, "haircutLines", 2)
        self.categories_model = RowTableModel(CategoriesTable(), STYLES)
        self.categories = _view(self.categories_model, "haircutCategories", 0)
        tl.addWidget(self.categories, 3)
        right = QVBoxLayout()
        self.haircuts_again = self._again_button(HAIRCUTS)
        right.addWidget(self.haircut_lines)
        right.addWidget(self.haircuts_again, 0, Qt.AlignmentFlag.AlignRight)
        self.concentrations_model = RowTableModel(ConcentrationsTable(), STYLES)
        self.concentrations = _view(self.concentrations_model, "haircutConcentration", 0)
        self.concentrations.setToolTip("(c)(2)(vi)(M): undue concentration, on tentative "
                                       "net capital (line 17)")
        right.addWidget(self.concentrations)
        right.addStretch(1)
        tl.addLayout(right, 2)
        split.addWidget(top)
        self.positions_model = RowTableModel(PositionsTable(), STYLES)
        self.positions = _view(self.positions_model, "haircutPositions", 1)
        split.addWidget(self.positions)
        self.haircut_notes = QPlainTextEdit()
        self.haircut_notes.setObjectName("haircutNotes")
        self.haircut_notes.setReadOnly(True)
        split.addWidget(self.haircut_notes)
        # the categories and line 18 first, then the positions, the notes least
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        lay.addWidget(split, 1)
        return page

    def _reserve_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.reserve_summary = _summary()
        lay.addWidget(self.reserve_summary)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.exhibit_model = RowTableModel(ExhibitTable(), STYLES)
        self.exhibit = _view(self.exhibit_model, "exhibitA", 2)
        self.exhibit.setWordWrap(False)
        split.addWidget(self.exhibit)
        self.reserve_lines_model = RowTableModel(LinesTable(), STYLES)
        self.reserve_lines = _view(self.reserve_lines_model, "reserveLines", 2)
        self.requirement_model = RowTableModel(RequirementTable(), STYLES)
        self.requirement = _view(self.requirement_model, "reserveRequirement", 0)
        side = QWidget()
        sl = QVBoxLayout(side)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.requirement)
        sl.addWidget(self.reserve_lines)
        self.reserve_again = self._again_button(RESERVE)
        sl.addWidget(self.reserve_again, 0, Qt.AlignmentFlag.AlignRight)
        self.reserve_notes = QPlainTextEdit()
        self.reserve_notes.setObjectName("reserveNotes")
        self.reserve_notes.setReadOnly(True)
        sl.addWidget(self.reserve_notes, 1)
        sl.addStretch(1)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        return page

    def _again_button(self, kind: str) -> QPushButton:
        button = QPushButton("Set Schedule A Again")
        button.setObjectName(f"{kind}Again")
        button.setToolTip("Schedule A holds another figure than the worksheet gives: set "
                          "the worksheet's lines again from the inputs kept (one undoable "
                          "step)")
        button.clicked.connect(lambda: self.set_again(kind))
        button.setEnabled(False)
        return button

    # -- the month ----------------------------------------------------------------------
    def month(self) -> str:
        return self.month_combo.currentText()

    def month_picked(self) -> None:
        """The picker moves the month in view (Schedule A's cursor follows)."""
        w = self.window_
        if w.doc is not None and w.current_month != self.month():
            w.set_month_in_view(self.month(), move_a=True)
        self.refresh(follow=False)

    def follow(self) -> None:
        """Shown: the picker takes the window's month in view."""
        self.refresh()

    # -- showing ------------------------------------------------------------------------
    def refresh(self, *, follow: bool = True) -> None:
        w = self.window_
        if w.doc is None:
            return
        if follow and self.month() != w.current_month:
            blocker = self.month_combo.blockSignals(True)
            self.month_combo.setCurrentText(w.current_month)
            self.month_combo.blockSignals(blocker)
        wb, month = w.doc.wb, self.month()
        shown = (w.doc, w.doc.history.version, month)
        if shown == self._shown:
            return
        self._shown = shown
        # A filed month's import is refused with the sentence saying how to amend it.
        for widget in (self.positions_button, self.items_button, *self.actions_):
            widget.setEnabled(not w.doc.read_only)
        self.show_haircuts(wb.worksheets.get((month, HAIRCUTS)))
        self.show_reserve(wb.worksheets.get((month, RESERVE)))

    def _source(self, stored: StoredWorksheet) -> str:
        when = stored.imported_at[:16].replace("T", " ")
        by = f" by {stored.user}" if stored.user else ""
        return (f"From <b>{stored.file_name}</b> (SHA-256 {stored.sha256[:16]}…), imported "
                f"{when}{by}")

    def _failed(self, label: QLabel, stored: StoredWorksheet, exc: Exception) -> None:
        label.setText(f"The inputs kept from {stored.file_name} cannot be computed for "
                      f"{self.month()}: {exc}.")

    def show_haircuts(self, stored: StoredWorksheet | None) -> None:
        wb, month = self.window_.doc.wb, self.month()
        result = None
        if stored is None:
            self.haircut_summary.setText(
                f"No positions are kept for {month}. <b>Import Positions…</b> (or drop a "
                "positions file on the window) computes line 18, 30a, 30b and 32a: "
                "columns id, description, category, maturity, market_value; optionally "
                "issuer, quantity, market_makers, principal.")
        else:
            try:
                result = stored_haircuts(wb, month)
            except (WorksheetError, WorkbookError) as exc:
                self._failed(self.haircut_summary, stored, exc)
        self.haircuts = result
        self.categories_model.set_table(CategoriesTable(result))
        self.concentrations_model.set_table(ConcentrationsTable(result))
        self.concentrations.setVisible(bool(result and result.concentrations))
        self.positions_model.set_table(PositionsTable(result))
        self.haircut_lines_model.set_table(
            LinesTable(wb, month, dict(result.lines())) if result else LinesTable())
        self.haircuts_again.setEnabled(bool(self.lines_rows(HAIRCUTS).differing())
                                       and not self.window_.doc.read_only)
        self.haircut_notes.setPlainText("\n".join(haircut_notes(result)) if result else "")
        self.haircut_notes.setVisible(result is not None)
        if result is not None and stored is not None:
            self.haircut_summary.setText(
                f"{self._source(stored)}. {len(result.positions):,} position(s) as of "
                f"{result.as_of:%m/%d/%Y}; tentative net capital (line 17) "
                f"{_money(result.tentative_net_capital)}. Line 18 "
                f"<b>{_money(result.haircuts)}</b>.")
        for view in (self.categories, self.concentrations, self.positions,
                     self.haircut_lines):
            _fit(view)
        _fit_rows(self.haircut_lines, 4)
        _fit_rows(self.concentrations, 5)

    def show_reserve(self, stored: StoredWorksheet | None) -> None:
        wb, month = self.window_.doc.wb, self.month()
        result = None
        if stored is None:
            self.reserve_summary.setText(
                f"No Exhibit A items are kept for {month}. <b>Import Exhibit A Items…</b> "
                "(or drop an items file on the window) computes lines 26, 27 and, on the "
                "alternative method, 23b: columns item (1 … 15, E1, E2, E4, E5, E6) and "
                "amount.")
        else:
            self.daily.setChecked("daily" in stored.options)
            self.monthly.setChecked("monthly" in stored.options)
            try:
                result = stored_reserve(wb, month)
            except (WorksheetError, WorkbookError) as exc:
                self._failed(self.reserve_summary, stored, exc)
        self.reserve = result
        self.exhibit_model.set_table(ExhibitTable(result))
        self.requirement_model.set_table(RequirementTable(result))
        self.reserve_lines_model.set_table(
            LinesTable(wb, month, result.lines()) if result else LinesTable())
        self.reserve_again.setEnabled(bool(self.lines_rows(RESERVE).differing())
                                      and not self.window_.doc.read_only)
        if result is not None and stored is not None:
            deficiency = (f" <span style='color:#b00020'><b>Deficiency "
                          f"{_money(result.deficiency)}</b>: line 28 is short of the "
                          "requirement (Rule 15c3-3(i): notify immediately).</span>"
                          if result.deficiency else " Line 28 meets the requirement.")
            self.reserve_summary.setText(
                f"{self._source(stored)}. {result.method_text[0].upper()}"
                f"{result.method_text[1:]}{'; a monthly computer' if result.monthly else ''}"
                f". Requirement <b>{_money(result.requirement)}</b>, on deposit (line 28) "
                f"{_money(result.deposit)}.{deficiency}")
            self.reserve_notes.setPlainText("\n".join(f"Warning: {x}." for x in
                                                      result.warnings))
        self.reserve_notes.setVisible(bool(result and result.warnings))
        for view in (self.exhibit, self.requirement, self.reserve_lines):
            _fit(view, widest=520)
        _fit_rows(self.requirement)
        _fit_rows(self.reserve_lines, 3)

    # -- the rows as shown (tests read these, not widgets) ------------------------------
    def categories_rows(self) -> CategoriesTable:
        return cast(CategoriesTable, self.categories_model.table)

    def positions_rows(self) -> PositionsTable:
        return cast(PositionsTable, self.positions_model.table)

    def exhibit_rows(self) -> ExhibitTable:
        return cast(ExhibitTable, self.exhibit_model.table)

    def requirement_rows(self) -> RequirementTable:
        return cast(RequirementTable, self.requirement_model.table)

    def lines_rows(self, kind: str) -> LinesTable:
        model = self.haircut_lines_model if kind == HAIRCUTS else self.reserve_lines_model
        return cast(LinesTable, model.table)

    # -- importing ----------------------------------------------------------------------
    def _ask(self, title: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window_, f"{title} into {self.month()}",
                                              self.window_.last_dir(), FILTER)
        return Path(name) if name else None

    def import_positions_dialog(self) -> None:
        path = self._ask("Import positions")
        if path is not None:
            self.import_file(path, HAIRCUTS)

    def import_items_dialog(self) -> None:
        path = self._ask("Import Exhibit A items")
        if path is not None:
            self.import_file(path, RESERVE)

    def _prepare(self, kind: str, sheet: Sheet, source: Source
                 ) -> Callable[[], tuple[object, Prepared]]:
        wb, month = self.window_.doc.wb, self.month()
        if kind == HAIRCUTS:
            positions = parse_positions(sheet, source.file_name)
            return lambda: prepare_haircuts(wb, month, positions, source)
        items = parse_items(sheet, source.file_name, KEYS)
        return lambda: prepare_reserve(wb, month, items, source,
                                       daily=self.daily.isChecked(),
                                       monthly=self.monthly.isChecked())

    def import_file(self, path: Path, kind: str | None = None, *,
                    month: str | None = None) -> bool:
        """Import a positions (`kind` "haircuts") or items ("reserve") file into the month
        as one undoable step; None: what its header row says. False, with one message,
        when nothing changed."""
        w = self.window_
        if w.doc is None:
            return False
        if w.doc.read_only:
            QMessageBox.information(w, "FocusDesk", w.doc.history.read_only)
            return False
        if month is not None:
            self.month_combo.setCurrentText(month)  # and the month in view with it
        else:
            self.refresh()  # into the month in view
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            book = open_book(path, WorksheetError, what="positions or items files",
                             noun="positions or items file")
            sheet = book.sheet(book.sheet_names[0])
            kind = kind or self._kind_of(sheet, book.name)
            source = Source(book.name, book.sha256)
            result, prepared = self._prepare(kind, sheet, source)()
            changes = [c for c in prepared.changes(w.doc.wb) if c[1] != c[2]]
            step = w.doc.apply(prepared.label, prepared.assignments())
        except (WorksheetError, WorkbookError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(w, "FocusDesk", f"Not imported: {exc}.")
            return False
        QGuiApplication.restoreOverrideCursor()
        w.after_edit()
        w.show_tab(self)
        self.sheets.setCurrentIndex(0 if kind == HAIRCUTS else 1)
        self.refresh(follow=False)
        lines = ", ".join(f"{PART_I.by_code[code].line} {_money(new)}"
                          for code, _old, new in prepared.changes(w.doc.wb))
        what = "positions" if kind == HAIRCUTS else "Exhibit A items"
        if step is None:
            w.show_message(f"Already imported: the {what} of {path.name} give {self.month()} "
                           f"the figures it holds ({lines}).")
        else:
            extra = ""
            if isinstance(result, ReserveResult) and result.deficiency:
                extra = f" Deficiency {_money(result.deficiency)}: line 28 is short."
            w.show_message(f"Imported the {what} of {path.name} into {self.month()}: "
                           f"{len(changes)} line(s) changed ({lines}).{extra}")
        return True

    def set_again(self, kind: str) -> bool:
        """The month's lines set again from the inputs it keeps (Schedule A typed over
        since, or line 17, line 28 or the method changed): one undoable step."""
        w = self.window_
        month = self.month()
        stored = w.doc.wb.worksheets.get((month, kind)) if w.doc is not None else None
        if stored is None or w.doc.read_only:
            return False
        wb, source = w.doc.wb, Source(stored.file_name, stored.sha256)
        try:
            if kind == HAIRCUTS:
                _result, prepared = prepare_haircuts(wb, month, stored_positions(stored),
                                                     source)
            else:
                _result, prepared = prepare_reserve(
                    wb, month, stored_items(stored), source,
                    daily="daily" in stored.options, monthly="monthly" in stored.options)
            step = w.doc.apply(prepared.label, prepared.assignments())
        except (WorksheetError, WorkbookError) as exc:
            QMessageBox.warning(w, "FocusDesk", f"Not set: {exc}.")
            return False
        w.after_edit()
        self.refresh(follow=False)
        count = len(step.changes) if step is not None else 0
        w.show_message(f"Set {month}'s lines again from {stored.file_name}: {count} "
                       "change(s).")
        return True

    def _kind_of(self, sheet: Sheet, name: str) -> str:
        """What a sheet's header row makes it: positions, else items."""
        kind = kind_of_rows(sheet.rows)
        if kind is not None:
            return kind
        raise WorksheetError(
            f"{name} is neither a positions file (a header row naming "
            f"{', '.join(POSITION_COLUMNS)}) nor an Exhibit A items file (item, amount)")

    def claims(self, path: Path) -> bool:
        """A file dropped on the window is the tab's when its header says it is a
        positions or items file, or — any spreadsheet — when the tab is in view."""
        return self.window_.ui.tabs.currentWidget() is self or sniff_kind(path) is not None

    # -- the drill-down ------------------------------------------------------------------
    def show_worksheet(self, month: str, kind: str) -> None:
        """The tab on `month`'s worksheet of this kind."""
        self.window_.set_month_in_view(month, move_a=True)
        self.window_.show_tab(self)
        self.month_combo.setCurrentText(month)
        self.sheets.setCurrentIndex(0 if kind == HAIRCUTS else 1)
        self.refresh(follow=False)

    def drill_down(self) -> None:
        where = self.window_.current_cell()
        if where is None or where[1] not in LINES:
            self.window_.show_message("Choose line 18, 30a, 30b, 32a, 26, 27 or 23b of a "
                                      "month first.")
            return
        self.show_worksheet(where[0], LINES[where[1]])


def install(window: MainWindow) -> WorksheetsTab:
    tab = WorksheetsTab(window)
    window.add_tab(tab, "Worksheets", instruction_item=LINE_18)
    positions = QAction("Import &Positions…", window)
    positions.setObjectName("actionImportPositions")
    positions.setStatusTip("Compute line 18's haircuts from a positions file into the month "
                           "in view")
    positions.triggered.connect(lambda: tab.import_positions_dialog())
    items = QAction("Import E&xhibit A Items…", window)
    items.setObjectName("actionImportExhibitItems")
    items.setStatusTip("Compute the reserve formula (lines 26–28) from an items file into "
                       "the month in view")
    items.triggered.connect(lambda: tab.import_items_dialog())
    tab.actions_ = [positions, items]
    window.add_file_actions(tab.actions_)
    window.add_drop_handler(SPREADSHEET_SUFFIXES, lambda path: tab.import_file(path),
                            claims=tab.claims)
    tab.drill_action = QAction("Show Worksheet…", window)
    tab.drill_action.setObjectName("actionShowWorksheet")
    tab.drill_action.setStatusTip("The worksheet behind this line, on the Worksheets tab")
    tab.drill_action.triggered.connect(tab.drill_down)
    window.add_cell_action(tab.drill_action,
                           lambda: (window.current_cell() or ("", ""))[1] in LINES)
    window.on_undo_redo(tab.refresh)
    window.on_tab_shown(tab, tab.follow)
    return tab
