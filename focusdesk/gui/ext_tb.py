"""Trial-balance import in the window: the wizard, the mapping editor, the drill-down.

* File ▸ Import Trial Balance… (or drop a spreadsheet on the window) opens a wizard:
  file and month → sheet, header row and columns with a live preview → the account
  mapping with the unmapped accounts and their balances → the changes (current, new,
  difference, the accounts behind each line) → applied as one undoable step.
* File ▸ Account Mapping… edits the workbook's mapping (one undoable step).
* Schedule A's context menu ▸ Accounts Behind This Cell… lists the accounts that make up
  an imported cell.

The work is done by the Qt-free `focusdesk.tb`; this module only shows it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ..catalog import MONTHS
from ..editing import MappingTable
from ..money import format_amount
from ..tb import TBError
from ..tb.detect import ROLES, Layout, Overrides, cell_text, check_layout, column_letter, detect
from ..tb.importer import Preview, accounts_behind, prepare
from ..tb.mapping import Mapping, canonical, read_mapping_file, write_mapping_file
from ..tb.reader import SPREADSHEET_SUFFIXES, Cancelled, Sheet, Spreadsheet, open_spreadsheet
from ..tb.rollup import Contribution, _sum
from ..tb.table import parse_table
from ..workbook import MappingRow, TBRow, WorkbookError

if TYPE_CHECKING:
    from .app import MainWindow

FILTER = "Trial balances (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
PREVIEW_ROWS = 200
NONE = "—"


def _money(value: object) -> str:
    return "" if value is None else format_amount(value, places=2)  # type: ignore[arg-type]


def _item(text: str, *, right: bool = False, editable: bool = False) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if right:
        it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if not editable:
        it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return it


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.horizontalHeader().setStretchLastSection(True)
    return t


class _Progress:
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


# -- the mapping editor (a page of the wizard and a dialog of its own) -------------------

class MappingEditor(QWidget):
    """The rules (account, item, sign) and the accounts of a trial balance they miss."""

    def __init__(self, rows: tuple[MappingRow, ...], accounts: list[TBRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.rules = _table(["Account, range or prefix", "Item (code or line)", "Sign"])
        self.rules.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.unmapped = _table(["Unmapped account", "Description", "Balance"])
        self.status = QLabel()
        self.status.setWordWrap(True)
        add, remove = QPushButton("Add Rule"), QPushButton("Remove Rule")
        load, save = QPushButton("Import Mapping…"), QPushButton("Export Mapping…")
        map_selected = QPushButton("Map Selected Accounts…")
        add.clicked.connect(lambda: self.add_rule("", "", ""))
        remove.clicked.connect(self.remove_rules)
        load.clicked.connect(self.import_file)
        save.clicked.connect(self.export_file)
        map_selected.clicked.connect(self.map_selected)
        buttons = QHBoxLayout()
        for b in (add, remove, load, save):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Rules: an exact account (1010), a range (2010-2199) or a prefix "
                      "(12*); an item code (3840) or line (23a); sign blank (from the line's "
                      "normal balance), + or -.")
        hint.setWordWrap(True)
        lv.addWidget(hint)
        lv.addWidget(self.rules)
        lv.addLayout(buttons)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.unmapped)
        rv.addWidget(map_selected)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([480, 420])
        for t in (self.rules, self.unmapped):
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            t.horizontalHeader().setStretchLastSection(False)
        self.rules.setColumnWidth(0, 170)
        self.rules.setColumnWidth(1, 150)
        self.rules.setColumnWidth(2, 60)
        self.unmapped.setColumnWidth(0, 110)
        self.unmapped.setColumnWidth(1, 170)
        self.unmapped.setColumnWidth(2, 110)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.set_rows(rows)
        self.rules.itemChanged.connect(lambda *_: self.refresh())

    def set_rows(self, rows: tuple[MappingRow, ...]) -> None:
        self.rules.blockSignals(True)
        self.rules.setRowCount(0)
        for r in rows:
            self.add_rule(r.account, r.code, r.sign, refresh=False)
        self.rules.blockSignals(False)
        self.refresh()

    def add_rule(self, account: str, item: str, sign: str, *, refresh: bool = True) -> None:
        n = self.rules.rowCount()
        self.rules.blockSignals(True)
        self.rules.insertRow(n)
        for c, text in enumerate((account, item, sign)):
            self.rules.setItem(n, c, _item(text, editable=True))
        self.rules.blockSignals(False)
        if refresh:
            self.refresh()

    def remove_rules(self) -> None:
        for r in sorted({i.row() for i in self.rules.selectedIndexes()}, reverse=True):
            self.rules.removeRow(r)
        self.refresh()

    def raw_rows(self) -> list[MappingRow]:
        out = []
        for r in range(self.rules.rowCount()):
            cells = [(self.rules.item(r, c).text() if self.rules.item(r, c) else "").strip()
                     for c in range(3)]
            if any(cells):
                out.append(MappingRow(*cells))
        return out

    def rows(self) -> tuple[MappingRow, ...]:
        """The rules, checked (`TBError` names the first bad one)."""
        return canonical(self.raw_rows())

    def refresh(self) -> None:
        try:
            mapping = Mapping(self.raw_rows())
        except TBError as exc:
            self.status.setText(f"⚠ {exc}")
            self.status.setStyleSheet("color: #b00020;")
            return
        unmapped = _sum(self.accounts, mapping).unmapped
        self.unmapped.setRowCount(len(unmapped))
        for i, row in enumerate(unmapped):
            self.unmapped.setItem(i, 0, _item(row.account))
            self.unmapped.setItem(i, 1, _item(row.description))
            self.unmapped.setItem(i, 2, _item(_money(row.balance), right=True))
        notes = mapping.notes()
        text = (f"{len(mapping.rules)} rule(s); {len(unmapped)} of {len(self.accounts)} "
                "account(s) unmapped" if self.accounts else f"{len(mapping.rules)} rule(s)")
        self.status.setText(text + ("" if not notes else "\n" + "\n".join(notes)))
        self.status.setStyleSheet("")

    def map_selected(self) -> None:
        rows = sorted({i.row() for i in self.unmapped.selectedIndexes()})
        if not rows:
            return
        from ..catalog import PART_I, Kind

        choices = [f"{i.line} [{i.code}] {i.label}" for i in PART_I.items if i.kind is Kind.AMOUNT]
        choice, ok = QInputDialog.getItem(self, "Map accounts", "Schedule A line:", choices, 0,
                                          False)
        if not ok:
            return
        code = choice.split("[", 1)[1].split("]", 1)[0]
        for r in rows:
            self.add_rule(self.unmapped.item(r, 0).text(), code, "", refresh=False)
        self.refresh()

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import mapping", "",
                                              "Mappings (*.csv *.xlsx *.xls *.ods)")
        if not name:
            return
        try:
            self.set_rows(read_mapping_file(name))
        except TBError as exc:
            QMessageBox.warning(self, "FocusDesk", str(exc))

    def export_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export mapping", "mapping.csv",
                                              "CSV (*.csv);;Excel (*.xlsx)")
        if not name:
            return
        try:
            write_mapping_file(self.rows(), name)
        except (TBError, OSError) as exc:
            QMessageBox.warning(self, "FocusDesk", f"Not exported: {exc}")


# -- the wizard ---------------------------------------------------------------------------

class FilePage(QWizardPage):
    def __init__(self, wizard: TBWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Trial balance file")
        self.setSubTitle("An .xlsx, .xlsm, .xls, .ods or .csv trial balance, and the month "
                         "it closes.")
        self.path = QLineEdit(str(wizard.initial_path or ""))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.month = QComboBox()
        self.month.addItems(MONTHS)
        self.month.setCurrentText(wizard.month)
        self.period = QCheckBox("The file holds the month's income and expense "
                                "(not year to date)")
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("Month:", self.month)
        form.addRow("", self.period)
        self.path.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Trial balance", self.path.text(), FILTER)
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        self.w.month = self.month.currentText()
        self.w.basis = "period" if self.period.isChecked() else "ytd"
        return self.w.open_file(Path(self.path.text().strip()))


class LayoutPage(QWizardPage):
    def __init__(self, wizard: TBWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Sheet, header row and columns")
        self.setSubTitle("Detected from the file; correct them if need be. The balance is "
                         "debit-positive (credits negative, in parentheses or marked CR).")
        self.sheet = QComboBox()
        self.header = QSpinBox()
        self.header.setRange(0, 1_048_576)
        self.header.setSpecialValueText("none")
        self.roles: dict[str, QComboBox] = {r: QComboBox() for r in ROLES}
        form = QFormLayout()
        form.addRow("Sheet:", self.sheet)
        form.addRow("Header row:", self.header)
        for role, combo in self.roles.items():
            form.addRow(f"{role.capitalize()} column:", combo)
        self.preview = _table([])
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.status)
        left.addStretch(1)
        layout.addLayout(left)
        layout.addWidget(self.preview, 1)
        self._busy = False
        self.sheet.currentTextChanged.connect(self.sheet_changed)
        self.header.valueChanged.connect(self.header_changed)
        for combo in self.roles.values():
            combo.currentIndexChanged.connect(self.columns_changed)

    def initializePage(self) -> None:
        assert self.w.book is not None and self.w.tb_layout is not None
        self._busy = True
        self.sheet.clear()
        self.sheet.addItems(self.w.book.sheet_names)
        self._busy = False
        self.show_layout(self.w.tb_layout)

    def show_layout(self, lay: Layout) -> None:
        self._busy = True
        self.sheet.setCurrentText(lay.sheet)
        self.header.setValue(lay.header_row or 0)
        assert self.w.book is not None
        sheet = self.w.book.sheet(lay.sheet)
        names = [NONE] + [f"{column_letter(c)}" + (f" — {lay.headings[c]}"
                                                    if c < len(lay.headings) and lay.headings[c]
                                                    else "")
                          for c in range(max(sheet.width, 1))]
        for role, combo in self.roles.items():
            combo.clear()
            combo.addItems(names)
            col = lay.column(role)
            combo.setCurrentIndex(0 if col is None else col + 1)
        self._busy = False
        self.w.tb_layout = lay
        self.refresh()

    def sheet_changed(self, name: str) -> None:
        if self._busy or not name:
            return
        self.redetect(Overrides(sheet=name))

    def header_changed(self, value: int) -> None:
        if self._busy:
            return
        self.redetect(Overrides(sheet=self.sheet.currentText(), header_row=value))

    def redetect(self, ov: Overrides) -> None:
        assert self.w.book is not None
        try:
            lay = detect(self.w.book, ov).layout
        except TBError as exc:
            self.status.setText(f"⚠ {exc}")
            lay = Layout(ov.sheet or "", ov.header_row or None, (ov.header_row or 0) + 1, 0)
        self.show_layout(lay)

    def columns_changed(self) -> None:
        if self._busy or self.w.tb_layout is None:
            return
        cols = {r: (c.currentIndex() - 1 if c.currentIndex() > 0 else None)
                for r, c in self.roles.items()}
        self.w.tb_layout = replace(self.w.tb_layout, **cols)  # type: ignore[arg-type]
        self.refresh()

    def refresh(self) -> None:
        """The first rows, roles in the headings; the rows parsed as a check."""
        lay, book = self.w.tb_layout, self.w.book
        assert lay is not None and book is not None
        sheet = book.sheet(lay.sheet) if lay.sheet in book.sheet_names else Sheet("", [])
        rows = sheet.rows[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        role_of = {lay.column(r): r for r in ROLES if lay.column(r) is not None}
        self.preview.clear()
        self.preview.setRowCount(len(rows))
        self.preview.setColumnCount(width)
        self.preview.setHorizontalHeaderLabels(
            [column_letter(c) + (f" ({role_of[c]})" if c in role_of else "")
             for c in range(width)])
        self.preview.setVerticalHeaderLabels([str(i + 1) for i in range(len(rows))])
        self.preview.verticalHeader().setVisible(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                it = _item(cell_text(value))
                if lay.header_row and r + 1 == lay.header_row:
                    it.setBackground(QColor("#dfe8f5"))
                elif c in role_of and r + 1 >= lay.first_row:
                    it.setBackground(QColor("#eef7ee"))
                self.preview.setItem(r, c, it)
        try:
            check_layout(lay)
            head = Sheet(sheet.name, sheet.rows[:lay.first_row - 1 + PREVIEW_ROWS])
            t = parse_table(head, lay, where=book.name)
            more = " (first rows)" if sheet.height > head.height else ""
            self.status.setText(f"{len(t.rows)} account row(s){more}, {len(t.skipped)} "
                                "skipped (no account, totals, repeated headings).")
            self.status.setStyleSheet("")
            self.ok = True
        except TBError as exc:
            self.status.setText(f"⚠ {exc}")
            self.status.setStyleSheet("color: #b00020;")
            self.ok = False
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return getattr(self, "ok", False)

    def validatePage(self) -> bool:
        return self.w.parse_all()


class MappingPage(QWizardPage):
    def __init__(self, wizard: TBWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Account mapping")
        self.setSubTitle("Each GL account goes to a Schedule A line. The mapping is kept in "
                         "the workbook for next month.")
        self.editor: MappingEditor | None = None
        self.box = QVBoxLayout(self)

    def initializePage(self) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        assert self.w.accounts is not None
        self.editor = MappingEditor(self.w.mapping_rows, self.w.accounts, self)
        self.box.addWidget(self.editor)

    def validatePage(self) -> bool:
        assert self.editor is not None
        try:
            self.w.mapping_rows = self.editor.rows()
        except TBError as exc:
            QMessageBox.warning(self, "FocusDesk", str(exc))
            return False
        if not self.w.mapping_rows:
            QMessageBox.warning(self, "FocusDesk", "The mapping has no rules yet.")
            return False
        return self.w.make_preview()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: TBWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Changes")
        self.setSubTitle("Finish applies them as one step (Edit ▸ Undo takes it back).")
        self.lines = _table(["Line", "Item", "Label", "Current", "New", "Difference",
                             "Accounts"])
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts = _table(["Account", "Description", "Balance", "Amount", "Rule"])
        self.accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(90)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.lines)
        split.addWidget(self.accounts)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.warnings)
        self.lines.currentCellChanged.connect(lambda row, *_: self.show_accounts(row))

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None
        self.lines.setRowCount(len(p.lines))
        for i, ch in enumerate(p.lines):
            n = len(ch.detail.accounts) if ch.detail else 0
            cells = [_item(ch.item.line), _item(ch.code), _item(ch.item.label),
                     _item(_money(ch.current), right=True),
                     _item("cleared" if ch.new is None else _money(ch.new), right=True),
                     _item(_money(ch.difference), right=True), _item(str(n), right=True)]
            for c, it in enumerate(cells):
                if not ch.changed:
                    it.setForeground(QColor("#777777"))
                self.lines.setItem(i, c, it)
        self.lines.resizeColumnsToContents()
        skipped = [f"Row {s.row} skipped: {s.reason}" + (f" — {s.text}" if s.text else "")
                   for s in p.skipped]
        self.warnings.setPlainText("\n".join([f"⚠ {w}" for w in p.warnings] + skipped)
                                   or "No warnings.")
        if p.lines:
            self.lines.setCurrentCell(0, 0)

    def show_accounts(self, row: int) -> None:
        p = self.w.preview
        if p is None or not 0 <= row < len(p.lines) or p.lines[row].detail is None:
            self.accounts.setRowCount(0)
            return
        detail = p.lines[row].detail
        assert detail is not None
        parts = list(detail.accounts) + [c._replace(amount=-c.amount)
                                         for c in detail.prior_accounts]
        _fill_accounts(self.accounts, parts[:5000], p.month)


def _fill_accounts(table: QTableWidget, parts: list[Contribution], month: str) -> None:
    """Accounts and what they add; an earlier month's (a YTD line's prior) named so."""
    table.setRowCount(len(parts))
    for i, c in enumerate(parts):
        label = c.account if c.month in ("", month) else f"{c.month} {c.account}"
        for col, it in enumerate((_item(label), _item(c.description),
                                  _item(_money(c.balance), right=True),
                                  _item(_money(c.amount), right=True), _item(c.rule))):
            table.setItem(i, col, it)
    table.resizeColumnsToContents()


class TBWizard(QWizard):
    def __init__(self, window: MainWindow, path: Path | None = None):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Import Trial Balance")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.resize(1000, 640)
        self.initial_path = path
        self.month = getattr(window, "current_month", "JAN")
        self.basis = "ytd"
        self.book: Spreadsheet | None = None
        self.tb_layout: Layout | None = None
        self.accounts: list[TBRow] | None = None
        assert window.doc is not None
        self.mapping_rows: tuple[MappingRow, ...] = window.doc.wb.tb_mapping
        self.preview: Preview | None = None
        for page in (FilePage(self), LayoutPage(self), MappingPage(self), PreviewPage(self)):
            self.addPage(page)

    def _fail(self, exc: Exception) -> bool:
        QMessageBox.warning(self, "FocusDesk", str(exc))
        return False

    def open_file(self, path: Path) -> bool:
        progress = _Progress(self, f"Reading {path.name}…")
        try:
            self.book = open_spreadsheet(path, progress=progress)
            self.tb_layout = detect(self.book).layout
        except Cancelled:
            return False
        except TBError as exc:
            # a file whose table is not found can still be read with the layout given
            if self.book is not None and "no trial balance found" in str(exc):
                self.tb_layout = Layout(self.book.sheet_names[0], None, 1, 0)
                return True
            return self._fail(exc)
        finally:
            progress.close()
        return True

    def parse_all(self) -> bool:
        assert self.book is not None and self.tb_layout is not None
        progress = _Progress(self, "Reading the rows…")
        try:
            table = parse_table(self.book.sheet(self.tb_layout.sheet), self.tb_layout,
                                where=self.book.name, progress=progress)
        except Cancelled:
            return False
        except TBError as exc:
            return self._fail(exc)
        finally:
            progress.close()
        self.accounts = table.rows
        return True

    def make_preview(self) -> bool:
        assert self.window_.doc is not None and self.book is not None
        try:
            self.preview = prepare(self.window_.doc.wb, self.book.path, self.month,
                                   mapping_rows=self.mapping_rows, basis=self.basis,
                                   book=self.book, layout=self.tb_layout)
        except TBError as exc:
            return self._fail(TBError(str(exc).replace(
                "(--period)", "(tick “The file holds the month's income and expense” on "
                "the first page)")))
        return True

    def accept(self) -> None:
        doc = self.window_.doc
        assert doc is not None and self.preview is not None
        try:
            step = doc.apply(self.preview.label, self.preview.assignments())
        except WorkbookError as exc:
            QMessageBox.warning(self, "FocusDesk", f"Nothing was imported: {exc}")
            return
        self.window_.after_edit()
        n = sum(ch.changed for ch in self.preview.lines)
        self.window_.show_message(
            f"Imported {self.preview.file_name} into {self.month}: {n} line(s) changed"
            + ("" if step else " (nothing new)") + ".")
        super().accept()


# -- dialogs --------------------------------------------------------------------------------

def open_mapping_editor(window: MainWindow) -> None:
    doc = window.doc
    assert doc is not None
    months = [m for m in MONTHS if m in doc.wb.trial_balances]
    accounts = list(doc.wb.trial_balances[months[-1]].rows) if months else []
    dialog = QDialog(window)
    dialog.setWindowTitle("Account Mapping" + (f" — unmapped in {months[-1]}" if months else ""))
    dialog.resize(900, 560)
    editor = MappingEditor(doc.wb.tb_mapping, accounts, dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(editor)
    layout.addWidget(buttons)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            rows = editor.rows()
            if doc.apply("Edit account mapping", [(MappingTable(), rows)]):
                window.after_edit()
            return
        except (TBError, WorkbookError) as exc:
            QMessageBox.warning(dialog, "FocusDesk", str(exc))


def show_accounts_behind(window: MainWindow, month: str, code: str) -> QDialog:
    assert window.doc is not None
    cell = accounts_behind(window.doc.wb, month, code)
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Accounts behind {month} line {cell.item.line}")
    dialog.resize(760, 420)
    layout = QVBoxLayout(dialog)
    tb = cell.trial_balance
    head = f"{month} line {cell.item.line} [{cell.item.code}] {cell.item.label}"
    if tb is not None:
        head += f"\nfrom {tb.file_name} (sha256 {tb.sha256[:16]}…), sheet {tb.sheet!r}"
    if cell.note:
        head += f"\n{cell.note}."
    label = QLabel(head)
    label.setWordWrap(True)
    layout.addWidget(label)
    table = _table(["Account", "Description", "Balance", "Amount", "Rule"])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    line = cell.line
    parts = []
    if line is not None:
        parts = list(line.accounts) + [c._replace(amount=-c.amount) for c in line.prior_accounts]
    _fill_accounts(table, parts, month)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    layout.addWidget(table)
    total = QLabel("" if line is None else
                   f"Line amount {_money(line.amount)}"
                   + ("" if line.prior_ytd is None else
                      f" = year to date {_money(line.ytd_amount)} less "
                      f"{_money(line.prior_ytd)} before {month}"))
    layout.addWidget(total)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog


# -- installing into the window ---------------------------------------------------------------

def _hook_drops(window: MainWindow) -> None:
    """A spreadsheet dropped on the window starts the wizard."""
    window.add_drop_handler(SPREADSHEET_SUFFIXES, lambda path: start_wizard(window, path))


def start_wizard(window: MainWindow, path: Path | None = None) -> TBWizard | None:
    if window.doc is None:
        return None
    if window.doc.read_only:
        QMessageBox.information(window, "FocusDesk", window.doc.history.read_only)
        return None
    wizard = TBWizard(window, path)
    window.tb_wizard = wizard  # type: ignore[attr-defined]  # kept for tests
    wizard.open()
    return wizard


def _cell_under(window: MainWindow) -> tuple[str, str] | None:
    index = window.table_a.currentIndex()
    if not index.isValid():
        return None
    col = window.model_a.grid_col(index.column())
    item = window.grid_a.rows[index.row()]
    if col < 0 or col >= len(MONTHS) or item.code is None:
        return None
    return MONTHS[col], item.code


def install(window: MainWindow) -> None:
    ui = window.ui
    action = QAction("Import &Trial Balance…", window)
    action.setObjectName("actionImportTrialBalance")
    action.triggered.connect(lambda: start_wizard(window))
    mapping = QAction("Account &Mapping…", window)
    mapping.setObjectName("actionAccountMapping")
    mapping.triggered.connect(lambda: open_mapping_editor(window))
    ui.menuFile.insertAction(ui.actionQuit, action)
    ui.menuFile.insertAction(ui.actionQuit, mapping)
    ui.menuFile.insertSeparator(ui.actionQuit)
    _hook_drops(window)

    drill = QAction("Accounts Behind This Cell…", window)
    drill.setObjectName("actionAccountsBehind")

    def drill_down() -> None:
        where = _cell_under(window)
        if where is None:
            window.show_message("Choose a Schedule A cell of a month first.")
            return
        show_accounts_behind(window, *where).open()

    drill.triggered.connect(drill_down)
    window.table_a.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def context_menu(pos: object) -> None:
        menu = QMenu(window.table_a)
        for a in (ui.actionCopy, ui.actionPaste, ui.actionDelete):
            menu.addAction(a)
        menu.addSeparator()
        menu.addAction(drill)
        drill.setEnabled(_cell_under(window) is not None)
        menu.exec(window.table_a.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

    window.table_a.customContextMenuRequested.connect(context_menu)
    window.tb_actions = {"import": action, "mapping": mapping,  # type: ignore[attr-defined]
                         "drill": drill}
