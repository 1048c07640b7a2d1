"""The account mapping editor — a page of the wizard and, as File ▸ Account Mapping…, a
dialog of its own: the rules (account, line, sign, and how many accounts each matches)
and the accounts of a trial balance they miss."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ....base.paths import resource_path
from ....calculation.ledger import line_sums
from ....document.editing import MappingTable
from ....form.catalog import MONTHS, PART_I, Kind
from ....model.workbook import MappingRow, TBRow, WorkbookError
from ....tables.rows import money_text
from ....tb import TBError
from ....tb.importer import STARTER_MAPPING
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
from .widgets import confirm_discard, fit_columns, new_table, table_cell

if TYPE_CHECKING:
    from ...window import MainWindow


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



class MappingEditor(QWidget):
    """The rules (account, line, sign — and how many accounts each matches) and the
    accounts of a trial balance they miss."""

    def __init__(self, rows: tuple[MappingRow, ...], accounts: list[TBRow],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.rules = new_table(["Account, range or prefix", "Line", "Sign", "Accounts"])
        self.rules.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.rules.setItemDelegateForColumn(1, _LineDelegate(self.rules))
        self.unmapped = new_table(["Unmapped account", "Description", "Balance"])
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
        line = table_cell(text, editable=True)
        line.setData(_CODE, code)
        for c, it in enumerate((table_cell(account, editable=True), line,
                                table_cell(sign, editable=True), table_cell("", right=True))):
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
        sums = line_sums(self.accounts, mapping)
        self.unmapped.setRowCount(len(sums.unmapped))
        for i, row in enumerate(sums.unmapped):
            self.unmapped.setItem(i, 0, table_cell(row.account))
            self.unmapped.setItem(i, 1, table_cell(row.description))
            self.unmapped.setItem(i, 2, table_cell(money_text(row.balance), right=True))
        fit_columns(self.unmapped, 300, stretch=1)
        idle = 0
        self.rules.blockSignals(True)
        for position, (r, _rule) in enumerate(rule_rows):
            count = sums.counts.get(position)
            cell = self.rules.item(r, 3)
            if cell is None:
                cell = table_cell("", right=True)
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


