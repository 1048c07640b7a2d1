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

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ....base.money import format_amount
from ....base.paths import resource_path
from ....document.editing import MappingTable
from ....form.catalog import MONTHS, PART_I, Kind
from ....model.workbook import MappingRow, TBRow, WorkbookError
from ....tb import TBError
from ....tb.asof import StatedDate, stated_date
from ....tb.detect import ROLES, Layout, Overrides, cell_text, check_layout, column_letter, detect
from ....tb.importer import STARTER_MAPPING, Preview, accounts_behind, holds_notice, prepare
from ....tb.mapping import (
    NOT_ON_PART_I,
    NOT_ON_PART_I_LABEL,
    Mapping,
    canonical,
    item_text,
    read_mapping_file,
    resolve_item,
    write_mapping_file,
)
from ....tb.reader import SPREADSHEET_SUFFIXES, Cancelled, Sheet, Spreadsheet, open_spreadsheet
from ....tb.rollup import Contribution, _sum
from ....tb.table import parse_table

if TYPE_CHECKING:
    from ...window import MainWindow

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
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)  # one text line
    t.setWordWrap(False)
    return t


def _fit_columns(table: QTableWidget, widest: int = 420, stretch: int | None = None) -> None:
    """Columns as wide as their contents (a long text capped), still resizable by hand;
    `stretch` (else the last) takes the room left."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)  # (a stretched section measures as its stretch)
    for c in range(table.columnCount()):
        header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
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


def line_choices() -> list[str]:
    """What the rules editor offers for a rule's line: "13 — Non-Allowable Assets …",
    every line a trial balance can feed, and "Not on Part I"."""
    lines = [item_text(i.code) for i in PART_I.items
             if i.kind is Kind.AMOUNT and i.code is not None]
    return [*lines, NOT_ON_PART_I_LABEL]


_CODE = Qt.ItemDataRole.UserRole  # a rule's item code, beside the line it shows


class _LineDelegate(QStyledItemDelegate):
    """Edits a rule's line with a list of the lines (type to search: "13", "non-allow")."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(line_choices())
        completer = QCompleter(combo.model(), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data() or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        text, code = _line_cell(editor.currentText())
        model.setData(index, code, _CODE)
        model.setData(index, text)


def _line_cell(text: str) -> tuple[str, str | None]:
    """(what the cell shows, the item code) of a rule's line as typed: "13", "3540" or a
    choice of the list; a text that is no line stays as typed (the status says why)."""
    text = text.strip()
    if not text:
        return "", None
    try:
        code = resolve_item(text)
    except TBError:
        return text, None
    return item_text(code), code


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
    """The rules (account, line, sign — and how many accounts each matches) and the
    accounts of a trial balance they miss."""

    def __init__(self, rows: tuple[MappingRow, ...], accounts: list[TBRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.rules = _table(["Account, range or prefix", "Line", "Sign", "Accounts"])
        self.rules.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.rules.setItemDelegateForColumn(1, _LineDelegate(self.rules))
        self.unmapped = _table(["Unmapped account", "Description", "Balance"])
        self.status = QLabel()
        self.status.setWordWrap(True)
        add, remove = QPushButton("Add Rule"), QPushButton("Remove Rule")
        load, save = QPushButton("Import Mapping…"), QPushButton("Export Mapping…")
        starter = QPushButton("Starter Mapping")
        starter.setToolTip("Rules for a small broker-dealer's chart of accounts (1000s cash "
                           "… 3000s equity, 4000s income, 5000s–8000s expenses)")
        map_selected = QPushButton("Map Selected…")
        map_selected.setToolTip("Add a rule for each selected account, to the line you choose")
        not_on_form = QPushButton("Not on Part I")
        not_on_form.setToolTip("The selected accounts feed no Part I line (cash held elsewhere "
                               "on the books, allowable receivables…): no longer listed as "
                               "unmapped")
        add.clicked.connect(lambda: self.add_rule("", "", "", edit=True))
        remove.clicked.connect(self.remove_rules)
        load.clicked.connect(self.import_file)
        save.clicked.connect(self.export_file)
        starter.clicked.connect(self.use_starter)
        map_selected.clicked.connect(self.map_selected)
        not_on_form.clicked.connect(lambda: self.map_selected(NOT_ON_PART_I))
        buttons = QHBoxLayout()
        for b in (add, remove, load, save, starter):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("Rules: an exact account (1010 also matches 1010-00 and 1010.01), a "
                      "range (2010-2199) or a prefix (12*); the Schedule A line it feeds, or "
                      "Not on Part I; sign blank (from the line's normal balance), + or -.")
        hint.setWordWrap(True)
        lv.addWidget(hint)
        lv.addWidget(self.rules)
        lv.addLayout(buttons)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.unmapped)
        pick = QHBoxLayout()
        pick.addWidget(map_selected)
        pick.addWidget(not_on_form)
        pick.addStretch(1)
        rv.addLayout(pick)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([620, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        self.set_rows(rows)
        self.initial = tuple(self.raw_rows())
        header = self.rules.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.rules.setColumnWidth(0, max(self.rules.columnWidth(0), 170))
        self.rules.itemChanged.connect(lambda *_: self.refresh())

    def changed(self) -> bool:
        """The rules differ from those the editor opened with."""
        return tuple(self.raw_rows()) != self.initial

    def set_rows(self, rows: tuple[MappingRow, ...]) -> None:
        self.rules.blockSignals(True)
        self.rules.setRowCount(0)
        for r in rows:
            self.add_rule(r.account, r.code, r.sign, refresh=False)
        self.rules.blockSignals(False)
        self.rules.resizeColumnToContents(0)
        self.refresh()

    def add_rule(self, account: str, item: str, sign: str, *, refresh: bool = True,
                 edit: bool = False) -> None:
        n = self.rules.rowCount()
        self.rules.blockSignals(True)
        self.rules.insertRow(n)
        text, code = _line_cell(item)
        line = _item(text, editable=True)
        line.setData(_CODE, code)
        for c, it in enumerate((_item(account, editable=True), line,
                                _item(sign, editable=True), _item("", right=True))):
            self.rules.setItem(n, c, it)
        self.rules.blockSignals(False)
        if refresh:
            self.refresh()
        if edit:  # a new rule: in view, its account cell being typed in
            self.rules.scrollToItem(self.rules.item(n, 0))
            self.rules.setCurrentCell(n, 0)
            self.rules.setFocus()
            self.rules.editItem(self.rules.item(n, 0))

    def remove_rules(self) -> None:
        for r in sorted({i.row() for i in self.rules.selectedIndexes()}, reverse=True):
            self.rules.removeRow(r)
        self.refresh()

    def _rule_rows(self) -> list[tuple[int, MappingRow]]:
        """(table row, rule) of every row that is not blank."""
        out = []
        for r in range(self.rules.rowCount()):
            cells = [(self.rules.item(r, c).text() if self.rules.item(r, c) else "").strip()
                     for c in range(3)]
            line = self.rules.item(r, 1)
            code = line.data(_CODE) if line is not None else None
            if any(cells):
                out.append((r, MappingRow(cells[0], code or cells[1], cells[2])))
        return out

    def raw_rows(self) -> list[MappingRow]:
        return [rule for _r, rule in self._rule_rows()]

    def rows(self) -> tuple[MappingRow, ...]:
        """The rules, checked (`TBError` names the first bad one)."""
        return canonical(self.raw_rows())

    def refresh(self) -> None:
        rule_rows = self._rule_rows()
        try:
            mapping = Mapping([rule for _r, rule in rule_rows])
        except TBError as exc:
            self.status.setText(f"⚠ {exc}")
            self.status.setStyleSheet("color: #b00020;")
            return
        sums = _sum(self.accounts, mapping)
        self.unmapped.setRowCount(len(sums.unmapped))
        for i, row in enumerate(sums.unmapped):
            self.unmapped.setItem(i, 0, _item(row.account))
            self.unmapped.setItem(i, 1, _item(row.description))
            self.unmapped.setItem(i, 2, _item(_money(row.balance), right=True))
        _fit_columns(self.unmapped, 300, stretch=1)
        idle = 0
        self.rules.blockSignals(True)
        for position, (r, _rule) in enumerate(rule_rows):
            count = sums.counts.get(position)
            cell = self.rules.item(r, 3)
            if cell is None:
                cell = _item("", right=True)
                self.rules.setItem(r, 3, cell)
            if not self.accounts or count is None:
                cell.setText("")
                cell.setToolTip("")
                continue
            idle += count == 0
            cell.setText(f"{count:,}" if count else "none")
            cell.setData(Qt.ItemDataRole.ForegroundRole, QColor("#b00020") if count == 0
                         else None)
            cell.setToolTip("This rule matches no account of the trial balance" if count == 0
                            else f"{count:,} account(s) of the trial balance")
        self.rules.blockSignals(False)
        notes = mapping.notes()
        if self.accounts:
            text = (f"{len(mapping.rules)} rule(s); {len(sums.unmapped)} of "
                    f"{len(self.accounts)} account(s) unmapped")
            if sums.excluded:
                text += f", {len(sums.excluded)} marked Not on Part I"
            if idle:
                text += f"; {idle} rule(s) match no account"
        else:
            text = f"{len(mapping.rules)} rule(s)"
        self.status.setText(text + ("" if not notes else "\n" + "\n".join(notes)))
        self.status.setStyleSheet("")

    def map_selected(self, code: str | None = None) -> None:
        rows = sorted({i.row() for i in self.unmapped.selectedIndexes()})
        if not rows:
            return
        if code is None:
            choices = line_choices()
            choice, ok = QInputDialog.getItem(self, "Map accounts", "Schedule A line:",
                                              choices, 0, False)
            if not ok:
                return
            code = resolve_item(choice)
        for r in rows:
            self.add_rule(self.unmapped.item(r, 0).text(), code, "", refresh=False)
        self.refresh()

    def use_starter(self) -> None:
        """Replace the rules with the starter mapping (the rules stay editable)."""
        try:
            self.set_rows(read_mapping_file(resource_path(STARTER_MAPPING)))
        except (TBError, FileNotFoundError) as exc:
            QMessageBox.warning(self, "FocusDesk", str(exc))

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
        self.combined.toggled.connect(self.columns_changed)

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
            lay = Layout(ov.sheet or "", ov.header_row or None, (ov.header_row or 0) + 1, 0)
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
                it = _item(cell_text(value))
                if lay.header_row and r + 1 == lay.header_row:
                    it.setBackground(QColor("#dfe8f5"))
                elif c in role_of and r + 1 >= lay.first_row:
                    it.setBackground(QColor("#eef7ee"))
                self.preview.setItem(r, c, it)
        _fit_columns(self.preview, 320)
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
        self.lines = _table(["Line", "Item", "Label", "Current", "New", "Difference",
                             "Accounts"])
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.accounts = _table(["Account", "Description", "Balance", "Amount", "Rule"])
        self.accounts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
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
        self.lines.currentCellChanged.connect(lambda row, *_: self.show_accounts(row))

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
        rows: list[tuple[list[QTableWidgetItem], bool, str]] = []
        for ch in p.lines:
            n = ch.detail.account_count if ch.detail else 0
            new = "cleared" if ch.new is None else _money(ch.new)
            tip = ""
            if ch.kept:
                new, tip = f"kept {_money(ch.new)}", ch.conflict().capitalize()
            cells = [_item(ch.item.line), _item(ch.code), _item(ch.item.label),
                     _item(_money(ch.current), right=True), _item(new, right=True),
                     _item(_money(ch.difference), right=True), _item(str(n), right=True)]
            rows.append((cells, ch.changed or ch.kept, tip))
        for code, line in p.rollup.carried.items():
            item = PART_I.by_code[code]
            tip = "Carried from the prior month's line 8 (instruction 4); the accounts mapped "\
                "to it tie out to line 8 instead"
            cells = [_item(item.line), _item(code), _item(item.label), _item("", right=True),
                     _item("carried", right=True), _item("", right=True),
                     _item(str(line.account_count), right=True)]
            rows.append((cells, False, tip))
        self.lines.setRowCount(len(rows))
        for i, (cells, strong, tip) in enumerate(rows):
            for c, it in enumerate(cells):
                if not strong:
                    it.setForeground(QColor("#777777"))
                if tip:
                    it.setToolTip(tip)
                    if c == 4 and strong:
                        it.setForeground(QColor("#8a5300"))
                self.lines.setItem(i, c, it)
        _fit_columns(self.lines, 360, stretch=2)
        tie = p.tie_out
        if tie is None:
            self.tie_out.setText("No account is mapped to line 4: the ledger's equity is not "
                                 "tied out to line 8.")
            self.tie_out.setStyleSheet("color: #555555;")
        else:
            carried = " Line 4 is carried from the prior month's line 8." if \
                p.rollup.carried else ""
            mark = "✓" if tie.ties else "⚠"
            text = tie.message()
            self.tie_out.setText(f"{mark} {text[0].upper()}{text[1:]}.{carried}")
            self.tie_out.setStyleSheet("" if tie.ties else "color: #b00020; font-weight: bold;")
        skipped = [f"Row {sk.row} skipped: {sk.reason}" + (f" — {sk.text}" if sk.text else "")
                   for sk in p.skipped]
        conflicts = [f"Line {ch.item.line}: {ch.conflict()}" for ch in p.conflicts]
        self.warnings.setPlainText("\n".join([f"ℹ {n}." for n in p.notices]
                                             + [f"⚠ {w}" for w in p.warnings]
                                             + conflicts + skipped) or "No warnings.")
        if rows:
            self.lines.setCurrentCell(0, 0)

    def show_accounts(self, row: int) -> None:
        p = self.w.preview
        if p is None or not 0 <= row < self.lines.rowCount():
            self.accounts.setRowCount(0)
            return
        code = self.lines.item(row, 1).text() if self.lines.item(row, 1) else ""
        detail = p.rollup.line(code)
        if detail is None:
            self.accounts.setRowCount(0)
            return
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
    _fit_columns(table, stretch=1)


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
        self.tb_layout: Layout | None = None
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
        progress = _Progress(self, f"Reading {path.name}…")
        self.book, self.last_error = None, ""
        try:
            self.book = open_spreadsheet(path, progress=progress)
            self.tb_layout = detect(self.book).layout
        except Cancelled:
            return False
        except TBError as exc:
            # a file whose table is not found can still be read with the layout given
            if self.book is not None and "no trial balance found" in str(exc):
                self.tb_layout = Layout(self.book.sheet_names[0], None, 1, 0)
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


# -- dialogs --------------------------------------------------------------------------------

class MappingDialog(QDialog):
    """File ▸ Account Mapping…: the workbook's rules, checked against the latest trial
    balance; Escape or Cancel with edited rules asks first."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        doc = window.doc
        assert doc is not None
        months = [m for m in MONTHS if m in doc.wb.trial_balances]
        accounts = list(doc.wb.trial_balances[months[-1]].rows) if months else []
        self.setWindowTitle("Account Mapping" + (f" — accounts of {months[-1]}" if months
                                                 else ""))
        self.setSizeGripEnabled(True)
        self.resize(1000, 600)
        self.editor = MappingEditor(doc.wb.tb_mapping, accounts, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def reject(self) -> None:
        if self.editor.changed() and not confirm_discard(self, "the changes to the mapping"):
            return
        super().reject()


def open_mapping_editor(window: MainWindow) -> MappingDialog:
    doc = window.doc
    assert doc is not None
    dialog = MappingDialog(window)
    while dialog.exec() == QDialog.DialogCode.Accepted:
        try:
            rows = dialog.editor.rows()
            if doc.apply("Edit account mapping", [(MappingTable(), rows)]):
                window.after_edit()
            break
        except (TBError, WorkbookError) as exc:
            QMessageBox.warning(dialog, "FocusDesk", str(exc))
    return dialog


def show_accounts_behind(window: MainWindow, month: str, code: str) -> QDialog:
    assert window.doc is not None
    cell = accounts_behind(window.doc.wb, month, code)
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Accounts behind {month} line {cell.item.line}")
    dialog.setSizeGripEnabled(True)
    dialog.resize(860, 460)
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

def start_wizard(window: MainWindow, path: Path | None = None) -> TBWizard | None:
    if window.doc is None:
        return None
    if window.doc.read_only:
        QMessageBox.information(window, "FocusDesk", window.doc.history.read_only)
        return None
    wizard = TBWizard(window, path)
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


class TrialBalanceImport:
    """File ▸ Import Trial Balance… and Account Mapping…, a spreadsheet dropped on the
    window, Schedule A's Accounts Behind This Cell… (`window.feature(TrialBalanceImport)`);
    it keeps the wizard and the mapping dialog last opened."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.wizard: TBWizard | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.import_action = QAction("Import &Trial Balance…", window)
        self.import_action.setObjectName("actionImportTrialBalance")
        self.import_action.triggered.connect(lambda: self.start_wizard())
        self.mapping_action = QAction("Account &Mapping…", window)
        self.mapping_action.setObjectName("actionAccountMapping")
        self.mapping_action.triggered.connect(lambda: self.open_mapping_editor())
        window.add_file_actions((self.import_action, self.mapping_action))
        # A spreadsheet dropped on the window starts the wizard.
        window.add_drop_handler(SPREADSHEET_SUFFIXES, lambda path: self.start_wizard(path))
        self.drill_action = QAction("Accounts Behind This Cell…", window)
        self.drill_action.setObjectName("actionAccountsBehind")
        self.drill_action.triggered.connect(self.drill_down)
        window.add_cell_action(self.drill_action, lambda: _cell_under(window) is not None)

    def start_wizard(self, path: Path | None = None) -> TBWizard | None:
        self.wizard = start_wizard(self.window, path) or self.wizard
        return self.wizard

    def open_mapping_editor(self) -> MappingDialog:
        self.mapping_dialog = open_mapping_editor(self.window)
        return self.mapping_dialog

    def drill_down(self) -> None:
        where = _cell_under(self.window)
        if where is None:
            self.window.show_message("Choose a Schedule A cell of a month first.")
            return
        show_accounts_behind(self.window, *where).open()


def install(window: MainWindow) -> TrialBalanceImport:
    return TrialBalanceImport(window)
