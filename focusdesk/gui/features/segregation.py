"""The Segregation tab: Daily Seg filings stored in the workbook, their statements, item 29.

* The tab lists the stored filings by End Date with their status (foots, does not foot,
  deficiency); the selected one's cover-page targets and three statements are shown
  line by line — line, label, code, amount, and what a total's label makes it — with
  the totals that do not foot and the deficiencies highlighted, absent codes greyed.
* File ▸ Import Daily Seg Filing… (or the tab's Import button, or a filing dropped on the
  window) stores the filing and sets item 29 of its month as one undoable step; a filing
  that does not foot is stored flagged, and sets item 29 only if the user says so.
* Export Statements PDF… prints the selected filing's statements in their WinJammer
  layout.

The work is done by the Qt-free `focusdesk.seg`; this module only shows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...document.files import guard_output, read_input
from ...form.catalog import MONTHS
from ...model.workbook import StoredFiling, WorkbookError
from ...seg import SegError
from ...seg.footing import Footing, check
from ...seg.importer import SegImport, prepare
from ...seg.printing import write_statements_pdf
from ...seg.reader import MAX_FILE_BYTES, Filing, read_filing
from ...seg.statements import STATEMENTS
from ...tables.segregation import (
    ABSENT,
    DEFICIENCY,
    DOES_NOT_FOOT,
    HEADING,
    CoverTable,
    FilingsTable,
    StatementTable,
)
from ..row_model import RoleStyle, RowTableModel, row_view

if TYPE_CHECKING:
    from ..window import MainWindow

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
FILTER = ("Daily Seg filings (*.txt *.md *.markdown *.html *.htm *.pdf);;"
          "All files (*)")
STATUS_COLOURS = {"foots": "#2e7d32", "does not foot": "#b00020", "deficiency": "#b00020"}
MISMATCH_BG = QColor("#f8d0d4")
DEFICIENCY_BG = QColor("#fde2b8")
ABSENT_FG = QColor("#8a8a8a")
# How the Qt-free tables' roles are drawn (`focusdesk.tables.segregation`).
FILING_STYLES = {status: RoleStyle(foreground=colour) for status, colour in STATUS_COLOURS.items()}
STATEMENT_STYLES = {DOES_NOT_FOOT: RoleStyle(background=MISMATCH_BG.name()),
                    DEFICIENCY: RoleStyle(background=DEFICIENCY_BG.name()),
                    ABSENT: RoleStyle(foreground=ABSENT_FG.name()),
                    HEADING: RoleStyle(bold=True)}


def _view(model: RowTableModel) -> QTableView:
    return row_view(model, padding=6)


class SegregationTab(QWidget):
    """The tab and its File menu entry (`window.feature(SegregationTab)`)."""

    def __init__(self, window: MainWindow):
        super().__init__()
        self.window_ = window
        self._read: dict[str, tuple[Filing, Footing]] = {}  # sha256 → read and footed
        self.shown: list[StoredFiling] = []
        self.import_action: QAction | None = None  # File ▸ Import Daily Seg Filing…
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Import Filing…")
        self.import_button.clicked.connect(lambda: self.import_dialog())
        self.pdf_button = QPushButton("Export Statements PDF…")
        self.pdf_button.clicked.connect(lambda: self.export_pdf_dialog())
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        self.filings_model = RowTableModel(FilingsTable(), FILING_STYLES)
        self.filings = _view(self.filings_model)
        self.filings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.filings.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.Stretch)
        self.filings.selectionModel().selectionChanged.connect(lambda *_: self.show_selected())
        split.addWidget(self.filings)
        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.summary)
        self.statements = QTabWidget()
        self.cover_model = RowTableModel(CoverTable())
        self.cover = _view(self.cover_model)
        self.cover.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.statements.addTab(self.cover, "Cover Page")
        # each statement's rows (`statement(key)`) and the view of them
        self.statement_models: dict[str, RowTableModel] = {}
        self.tables: dict[str, QTableView] = {}
        for st in STATEMENTS:
            model = RowTableModel(StatementTable(), STATEMENT_STYLES)
            t = _view(model)
            t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            self.statement_models[st.key] = model
            self.tables[st.key] = t
            self.statements.addTab(t, st.name)
        dl.addWidget(self.statements)
        split.addWidget(detail)
        split.setStretchFactor(1, 3)
        layout.addWidget(split)
        self.empty = QLabel("No Daily Seg filing is stored in this workbook. Import one "
                            "(File ▸ Import Daily Seg Filing…) or drop it on the window.",
                            self.filings.viewport())
        self.empty.move(12, 12)
        self.refresh()

    # -- showing ------------------------------------------------------------------------
    def read(self, stored: StoredFiling) -> tuple[Filing, Footing]:
        """The stored file read and footed again (the file, not what was read at import,
        is the record; FocusDesk's reading may have improved since)."""
        if stored.sha256 not in self._read:
            filing = read_filing(stored.raw, stored.file_name)
            self._read[stored.sha256] = (filing, check(filing))
        return self._read[stored.sha256]

    def refresh(self) -> None:
        doc = self.window_.doc
        filings = list(doc.wb.filings) if doc is not None else []
        selected = self.selected()
        self.shown = filings
        self.filings_model.set_table(FilingsTable(filings))
        self.filings.resizeColumnsToContents()
        self.empty.setVisible(not filings)
        self.empty.adjustSize()
        self.pdf_button.setEnabled(bool(filings))
        keep = next((i for i, f in enumerate(filings)
                     if selected is not None and f.sha256 == selected.sha256), None)
        row = keep if keep is not None else len(filings) - 1
        if row >= 0:
            self.filings.selectRow(row)
        self.show_selected()

    def selected(self) -> StoredFiling | None:
        rows = self.filings.selectionModel().selectedRows() if self.filings.selectionModel() \
            else []
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def show_selected(self) -> None:
        stored = self.selected()
        if stored is None:
            self.summary.setText("")
            self.cover_model.set_table(CoverTable())
            for model in self.statement_models.values():
                model.set_table(StatementTable())
            return
        try:
            filing, footing = self.read(stored)
        except SegError as exc:
            self.summary.setText(f"{stored.file_name} cannot be read again: {exc}.")
            return
        h = filing.header
        bits = [f"<b>{h.firm}</b> — {h.form} {h.amendment}".strip(),
                f"End Date {h.end_date:%m/%d/%Y}",
                f"<span style='color:{STATUS_COLOURS.get(footing.status, '#000')}'>"
                f"<b>{footing.status}</b></span>"]
        if footing.mismatches:
            bits.append(f"{len(footing.mismatches)} total(s) do not foot: "
                        + ", ".join(f"[{m.code}]" for m in footing.mismatches))
        if footing.deficiencies:
            bits.append("deficiency: " + ", ".join(f"[{d.code}]" for d in
                                                    footing.deficiencies))
        if footing.missing:
            bits.append("absent: " + ", ".join(f"[{c}]" for c in footing.missing))
        bits.append(f"{stored.file_name} (sha256 {stored.sha256[:12]}…)")
        self.summary.setText(" · ".join(bits))
        self.cover_model.set_table(CoverTable(filing))
        self.cover.resizeColumnToContents(0)
        for st in STATEMENTS:
            self.statement_models[st.key].set_table(StatementTable(st, filing, footing))
            for c in (0, 2, 3, 4, 5):
                self.tables[st.key].resizeColumnToContents(c)

    def cover_rows(self) -> CoverTable:
        """The cover page's rows as shown."""
        return cast(CoverTable, self.cover_model.table)

    def statement(self, key: str) -> StatementTable:
        """A statement's rows as shown (`focusdesk.seg.statements.STATEMENTS` keys)."""
        return cast(StatementTable, self.statement_models[key].table)

    def flagged_rows(self, key: str) -> list[str]:
        """The codes highlighted in a statement (for tests and people alike)."""
        return self.statement(key).flagged()

    # -- importing ---------------------------------------------------------------------
    def import_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window_, "Import Daily Seg filing",
                                              self.window_.last_dir(), FILTER)
        if name:
            self.import_file(Path(name))

    def choose_month(self, message: str) -> str | None:
        """Ask which month's item 29 a filing of another year sets (None: cancel)."""
        month, ok = QInputDialog.getItem(self.window_, "Import Daily Seg filing", message,
                                         list(MONTHS), 11, False)
        return month if ok else None

    def ask_force(self, imp: SegImport) -> bool | None:
        """A filing that does not foot: True sets item 29 anyway, False stores it only,
        None cancels."""
        codes = ", ".join(f"[{m.code}]" for m in imp.footing.mismatches)
        box = QMessageBox(QMessageBox.Icon.Warning, "FocusDesk",
                          f"{imp.filing.name} does not foot ({codes}).\n\nIt can be stored "
                          f"flagged, leaving item 29 of {imp.month} as it is, or item 29 "
                          "can be set from it anyway.", QMessageBox.StandardButton.Cancel,
                          self.window_)
        store = box.addButton("Store Only", QMessageBox.ButtonRole.AcceptRole)
        force = box.addButton("Set Item 29 Anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(store)
        box.exec()
        clicked = box.clickedButton()
        return True if clicked is force else False if clicked is store else None

    def import_file(self, path: Path, *, month: str | None = None,
                    force: bool | None = None) -> bool:
        """Import `path` as one undoable step; False (with a message) when it is not."""
        w = self.window_
        if w.doc is None:
            return False
        if w.doc.read_only:
            QMessageBox.information(w, "FocusDesk", w.doc.history.read_only)
            return False
        try:
            data = read_input(path, SegError, limit=MAX_FILE_BYTES, what="filings")
            try:
                imp = prepare(w.doc.wb, data, path.name, month=month, force=bool(force))
            except SegError as exc:
                if month is not None or "give --month" not in str(exc):
                    raise
                month = self.choose_month(str(exc).replace(
                    "give --month to set item 29 of one of its months anyway",
                    "which month's item 29 does it set?"))
                if month is None:
                    return False
                imp = prepare(w.doc.wb, data, path.name, month=month, force=bool(force))
            if not imp.footing.foots and force is None:
                answer = self.ask_force(imp)
                if answer is None:
                    return False
                if answer:
                    imp = prepare(w.doc.wb, data, path.name, month=imp.month, force=True)
            step = w.doc.apply(imp.label, imp.assignments(w.doc.wb))
        except (SegError, WorkbookError) as exc:
            QMessageBox.warning(w, "FocusDesk", f"Not imported: {exc}.")
            return False
        w.after_edit()
        self.refresh()
        w.show_tab(self)
        what = (f"item 29 of {imp.month} set" if imp.sets_item_29 and imp.changes
                else "item 29 not set")
        done = "Imported" if step is not None else "Already imported"
        extra = f" Warning: {imp.warnings[0]}." if imp.warnings else ""
        w.show_message(f"{done} {path.name} ({imp.footing.status}); {what}.{extra}")
        return True

    # -- printing ----------------------------------------------------------------------
    def export_pdf_to(self, path: Path) -> None:
        stored = self.selected()
        if stored is None:
            raise SegError("choose a stored filing first")
        filing, footing = self.read(stored)
        guard_output(path, opened=[self.window_.doc.path])  # never over a workbook
        write_statements_pdf(filing, path, footing)
        self.window_.show_message(f"Exported the statements of {stored.file_name} to "
                                  f"{path.name}.")

    def export_pdf_dialog(self) -> None:
        stored = self.selected()
        if stored is None:
            return
        suggested = Path(self.window_.last_dir()) / f"{Path(stored.file_name).stem}.pdf"
        name, _ = QFileDialog.getSaveFileName(self.window_, "Export statements PDF",
                                              str(suggested), "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            self.export_pdf_to(path)
        except (OSError, SegError) as exc:
            QMessageBox.warning(self.window_, "FocusDesk",
                                f"Not exported: {getattr(exc, 'strerror', None) or exc}.")


def install(window: MainWindow) -> SegregationTab:
    tab = SegregationTab(window)
    window.add_tab(tab, "Segregation", instruction_item="7060")  # 29a: what filings feed
    action = QAction("Import Daily &Seg Filing…", window)
    action.setObjectName("actionImportSegFiling")
    action.setStatusTip("Store a WinJammer Daily Seg filing and fill item 29 from it")
    action.triggered.connect(lambda: tab.import_dialog())
    tab.import_action = action
    window.add_file_actions((action,))
    window.add_drop_handler(SUFFIXES, lambda path: tab.import_file(path))
    # Undo, redo and another workbook change what the tab shows: refresh after the
    # window has done its part.
    window.on_undo_redo(tab.refresh)
    window.on_tab_shown(tab, tab.refresh)
    return tab
