"""File ▸ Import Trial Balance… (or a spreadsheet dropped on the window): file and month
→ sheet, header row and columns with a live preview → the account mapping → the changes,
applied as one undoable step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ....form.catalog import MONTHS
from ....model.workbook import MappingRow, TBRow, WorkbookError
from ....tables.tb_preview import (
    KEPT,
    MUTED,
    AccountsTable,
    ChangesTable,
    line_accounts,
    tie_out_text,
    warnings_text,
)
from ....tb import TBError
from ....tb.asof import StatedDate, stated_date
from ....tb.detect import (
    ROLES,
    Overrides,
    TableLayout,
    cell_text,
    check_layout,
    column_letter,
    detect,
)
from ....tb.importer import Preview, holds_notice, prepare
from ....tb.reader import Cancelled, Sheet, Spreadsheet, open_spreadsheet
from ....tb.table import parse_table
from ...row_model import RoleStyle, RowTableModel, row_view
from .mapping_editor import MappingEditor
from .widgets import (
    Progress,
    confirm_discard,
    fit_columns,
    new_table,
    table_cell,
)

if TYPE_CHECKING:
    from ...window import MainWindow

FILTER = "Trial balances (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
PREVIEW_ROWS = 200
CHANGE_STYLES = {MUTED: RoleStyle(foreground="#777777"), KEPT: RoleStyle(foreground="#8a5300")}
NONE = "—"


class FilePage(QWizardPage):
    def __init__(self, wizard: TBWizard):
        super().__init__()
        self.w = wizard
        self.setTitle("Trial balance file")
        self.setSubTitle("An .xlsx, .xlsm, .xls, .ods or .csv trial balance, and the month "
                         "it closes (proposed from the date the file states).")
        self.path = QLineEdit(str(wizard.initial_path or ""))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.month = QComboBox()
        self.month.addItems(MONTHS)
        self.month.setCurrentText(wizard.month)
        self.month_chosen = False  # the controller picked the month: the file's date no longer
        self.month.activated.connect(self._month_picked)
        self.month.currentTextChanged.connect(lambda *_: self.show_notice())
        self.dated = QLabel()
        self.dated.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #8a5300;")
        self.period = QCheckBox("The file holds the month's income and expense "
                                "(not year to date)")
        form = QFormLayout(self)
        form.addRow("File:", row)
        form.addRow("", self.dated)
        form.addRow("Month:", self.month)
        form.addRow("", self.notice)
        form.addRow("", self.period)
        self.path.textChanged.connect(self.completeChanged)
        self.path.editingFinished.connect(self.inspect)
        self.show_notice()

    def _month_picked(self, _index: int) -> None:
        self.month_chosen = True

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Trial balance", self.path.text(), FILTER)
        if name:
            self.path.setText(name)
            self.inspect()

    def inspect(self) -> None:
        """Read the file as soon as it is chosen: the month it states becomes the default."""
        path = Path(self.path.text().strip())
        if not path.name or not path.is_file():
            self.dated.setText("")
            return
        if not self.w.open_file(path, quiet=True):
            self.dated.setText(f"⚠ {self.w.last_error}" if self.w.last_error else "")
            self.dated.setStyleSheet("color: #b00020;")
            return
        self.dated.setStyleSheet("")
        self.show_date(self.w.stated)

    def show_date(self, stated: StatedDate | None) -> None:
        assert self.w.window_.doc is not None
        year = self.w.window_.doc.wb.year
        if stated is None:
            self.dated.setText("The file states no date; choose the month it closes.")
            return
        where = f"{stated.where}: “{stated.text}”" if stated.where != "the sheet name" else \
            f"sheet “{stated.text}”"
        text = f"The file is as of {stated.describe()} ({where})."
        if stated.date.year != year:
            text += f" The workbook is for {year}."
        elif not self.month_chosen:
            self.month.setCurrentText(stated.month)
        self.dated.setText(text)

    def show_notice(self) -> None:
        doc = self.w.window_.doc
        text = holds_notice(doc.wb, self.month.currentText()) if doc is not None else ""
        self.notice.setText(f"{text}." if text else "")
        self.notice.setVisible(bool(text))

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        self.w.month = self.month.currentText()
        self.w.basis = "period" if self.period.isChecked() else "ytd"
        path = Path(self.path.text().strip())
        if self.w.book is not None and self.w.book.path == path:
            return True  # read when it was chosen
        return self.w.open_file(path)


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
        self.combined = QCheckBox("Account column holds the name too (“1010-00 · Cash”)")
        form = QFormLayout()
        form.addRow("Sheet:", self.sheet)
        form.addRow("Header row:", self.header)
        for role, combo in self.roles.items():
            form.addRow(f"{role.capitalize()} column:", combo)
        form.addRow("", self.combined)
        self.preview = new_table([])
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
        self.combined.toggled.connect(self.columns_changed)

    def initializePage(self) -> None:
        assert self.w.book is not None and self.w.tb_layout is not None
        self._busy = True
        self.sheet.clear()
        self.sheet.addItems(self.w.book.sheet_names)
        self._busy = False
        self.show_layout(self.w.tb_layout)

    def show_layout(self, lay: TableLayout) -> None:
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
        self.combined.setChecked(lay.combined)
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
            lay = TableLayout(ov.sheet or "", ov.header_row or None, (ov.header_row or 0) + 1, 0)
        self.show_layout(lay)

    def columns_changed(self) -> None:
        if self._busy or self.w.tb_layout is None:
            return
        cols = {r: (c.currentIndex() - 1 if c.currentIndex() > 0 else None)
                for r, c in self.roles.items()}
        self.w.tb_layout = replace(self.w.tb_layout, combined=self.combined.isChecked(),
                                   **cols)  # type: ignore[arg-type]
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
                it = table_cell(cell_text(value))
                if lay.header_row and r + 1 == lay.header_row:
                    it.setBackground(QColor("#dfe8f5"))
                elif c in role_of and r + 1 >= lay.first_row:
                    it.setBackground(QColor("#eef7ee"))
                self.preview.setItem(r, c, it)
        fit_columns(self.preview, 320)
        try:
            check_layout(lay)
            head = Sheet(sheet.name, sheet.rows[:lay.first_row - 1 + PREVIEW_ROWS])
            t = parse_table(head, lay, where=book.name)
            more = " (first rows)" if sheet.height > head.height else ""
            self.status.setText(f"{len(t.rows)} account row(s){more}, {len(t.skipped)} "
                                "skipped (no account, headings, totals, repeated headings).")
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
        self.setSubTitle("Each GL account goes to a Schedule A line, or is marked Not on "
                         "Part I. The mapping is kept in the workbook for next month.")
        self.editor: MappingEditor | None = None
        self.box = QVBoxLayout(self)
        self.offer = QWidget()
        offer = QHBoxLayout(self.offer)
        offer.setContentsMargins(0, 0, 0, 0)
        text = QLabel("This workbook has no account mapping yet. Start from the starter "
                      "mapping for a small broker-dealer's chart of accounts (1000s cash and "
                      "receivables, 2000s liabilities, 3000s equity and distributions, 4000s "
                      "income, 5000s–8000s expenses), then adjust it to yours.")
        text.setWordWrap(True)
        self.use_starter = QPushButton("Use the Starter Mapping")
        offer.addWidget(text, 1)
        offer.addWidget(self.use_starter)
        self.offer.setStyleSheet("QWidget { background: #fff7e0; }")
        self.box.addWidget(self.offer)
        self.use_starter.clicked.connect(self._starter)

    def _starter(self) -> None:
        assert self.editor is not None
        self.editor.use_starter()
        self.offer.setVisible(False)

    def initializePage(self) -> None:
        if self.editor is not None:
            self.editor.deleteLater()
        assert self.w.accounts is not None
        self.editor = MappingEditor(self.w.mapping_rows, self.w.accounts, self)
        self.box.addWidget(self.editor, 1)
        self.offer.setVisible(not self.w.mapping_rows)

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
        self.tie_out = QLabel()
        self.tie_out.setWordWrap(True)
        self.replace = QCheckBox("Replace my entries with the trial balance's figures")
        self.replace.setToolTip("Values you typed or pasted are kept unless this is ticked")
        self.replace.toggled.connect(self.replace_toggled)
        # the changes and the accounts behind the current one (`changes`, `accounts_shown`)
        self.lines_model = RowTableModel(ChangesTable(), CHANGE_STYLES)
        self.lines = row_view(self.lines_model)
        self.accounts_model = RowTableModel(AccountsTable())
        self.accounts = row_view(self.accounts_model)
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(110)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.lines)
        split.addWidget(self.accounts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([330, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.tie_out)
        layout.addWidget(self.replace)
        layout.addWidget(split, 1)
        layout.addWidget(self.warnings)
        self.lines.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_accounts(current.row()))

    def replace_toggled(self, checked: bool) -> None:
        if checked == self.w.replace_entries:
            return
        self.w.replace_entries = checked
        if self.w.make_preview():
            self.initializePage()

    def initializePage(self) -> None:
        p = self.w.preview
        assert p is not None
        self.replace.blockSignals(True)
        self.replace.setChecked(p.replace_entries)
        self.replace.blockSignals(False)
        self.replace.setVisible(bool(p.conflicts) or p.replace_entries)
        self.lines_model.set_table(ChangesTable(p))
        self.show_accounts(-1)
        fit_columns(self.lines, 360, stretch=2)
        text, ties = tie_out_text(p)
        self.tie_out.setText(text)
        self.tie_out.setStyleSheet("color: #555555;" if ties is None else "" if ties
                                   else "color: #b00020; font-weight: bold;")
        self.warnings.setPlainText(warnings_text(p))
        if len(self.changes()):
            self.lines.setCurrentIndex(self.lines_model.index(0, 0))

    def changes(self) -> ChangesTable:
        """The changes as shown."""
        return cast(ChangesTable, self.lines_model.table)

    def accounts_shown(self) -> AccountsTable:
        """The accounts behind the current change, as shown."""
        return cast(AccountsTable, self.accounts_model.table)

    def show_accounts(self, row: int) -> None:
        changes = self.changes()
        code = str(changes.rows[row].key) if 0 <= row < len(changes) else ""
        self.accounts_model.set_table(line_accounts(self.w.preview, code) if code
                                      else AccountsTable())
        fit_columns(self.accounts, stretch=1)


class TBWizard(QWizard):
    def __init__(self, window: MainWindow, path: Path | None = None):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Import Trial Balance")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setSizeGripEnabled(True)  # resizable, like every dialog of the window
        self.resize(1100, 680)
        self.initial_path = path
        self.month = getattr(window, "current_month", "JAN")
        self.basis = "ytd"
        self.replace_entries = False
        self.book: Spreadsheet | None = None
        self.tb_layout: TableLayout | None = None
        self.stated: StatedDate | None = None
        self.last_error = ""
        self.accounts: list[TBRow] | None = None
        assert window.doc is not None
        self.mapping_rows: tuple[MappingRow, ...] = window.doc.wb.tb_mapping
        self.preview: Preview | None = None
        self.file_page = FilePage(self)
        for page in (self.file_page, LayoutPage(self), MappingPage(self), PreviewPage(self)):
            self.addPage(page)
        if path is not None:
            self.file_page.inspect()

    def _fail(self, exc: Exception) -> bool:
        QMessageBox.warning(self, "FocusDesk", str(exc))
        return False

    def has_changes(self) -> bool:
        """Work Escape or Cancel would throw away: a file read and gone on with, or rules
        edited."""
        page = self.currentPage()
        editor = getattr(page, "editor", None)
        return self.currentId() > 0 or bool(editor is not None and editor.changed())

    def reject(self) -> None:
        if self.has_changes() and not confirm_discard(
                self, "this trial-balance import (nothing has been imported yet)"):
            return
        super().reject()

    def open_file(self, path: Path, *, quiet: bool = False) -> bool:
        progress = Progress(self, f"Reading {path.name}…")
        self.book, self.last_error = None, ""
        try:
            self.book = open_spreadsheet(path, progress=progress)
            self.tb_layout = detect(self.book).layout
        except Cancelled:
            return False
        except TBError as exc:
            # a file whose table is not found can still be read with the layout given
            if self.book is not None and "no trial balance found" in str(exc):
                self.tb_layout = TableLayout(self.book.sheet_names[0], None, 1, 0)
                self.stated = None
                return True
            self.book, self.last_error = None, str(exc)
            return False if quiet else self._fail(exc)
        finally:
            progress.close()
        self.stated = stated_date(self.book, self.tb_layout)
        return True

    def parse_all(self) -> bool:
        assert self.book is not None and self.tb_layout is not None
        progress = Progress(self, "Reading the rows…")
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
                                   book=self.book, layout=self.tb_layout,
                                   replace_entries=self.replace_entries)
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



def start_wizard(window: MainWindow, path: Path | None = None) -> TBWizard | None:
    if window.doc is None:
        return None
    if window.doc.read_only:
        QMessageBox.information(window, "FocusDesk", window.doc.history.read_only)
        return None
    wizard = TBWizard(window, path)
    wizard.open()
    return wizard


