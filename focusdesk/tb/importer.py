"""The trial-balance import as a whole: file → layout → rows → mapping → preview → apply.

`prepare` reads and checks everything and changes nothing; its `Preview` lists each
affected line (current value, new value, difference, the accounts behind it), the
unmapped accounts with their balances, the skipped rows and the warnings. `assignments`
turns the preview into one `EditHistory` step — every line's `Entry(value, "imported",
"<file> sha256:<hex>")`, the month's trial balance kept in the workbook and, when a new
mapping was given, the mapping — so the window applies it as one undoable change and the
command line as one saved transaction.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from ..bulk import gc_paused
from ..catalog import MONTHS, Item
from ..editing import EditHistory, ItemCell, MappingTable, Ref, TrialBalanceSlot, Value
from ..money import format_amount
from ..workbook import Entry, MappingRow, TBRow, TrialBalance, Workbook
from . import TBError
from .detect import Detection, Layout, Overrides, detect
from .mapping import Mapping, canonical
from .reader import Progress, Spreadsheet, open_spreadsheet
from .rollup import Contribution, LineAmount, Rollup, rollup
from .table import ParsedTable, Skipped, parse_table

# Accounts on several rows named one by one in the preview's warnings; beyond them, a
# count (a ledger export with thousands of repeated accounts would bury the rest).
DUPLICATES_LISTED = 10


@dataclass
class LineChange:
    item: Item
    current: Decimal | None
    new: Decimal | None  # None: the line is cleared (set by an earlier import, now unmapped)
    detail: LineAmount | None

    @property
    def code(self) -> str:
        assert self.item.code is not None
        return self.item.code

    @property
    def difference(self) -> Decimal:
        return (self.new or Decimal(0)) - (self.current or Decimal(0))

    @property
    def changed(self) -> bool:
        return self.new != self.current


@dataclass
class Preview:
    month: str
    book: Spreadsheet
    detection: Detection
    layout: Layout
    table: ParsedTable
    mapping_rows: tuple[MappingRow, ...]
    mapping_changed: bool
    rollup: Rollup
    trial_balance: TrialBalance
    lines: list[LineChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.book.name

    @property
    def sha256(self) -> str:
        return self.book.sha256

    @property
    def source_ref(self) -> str:
        return self.trial_balance.source_ref

    @property
    def unmapped(self) -> list[TBRow]:
        return self.rollup.unmapped

    @property
    def skipped(self) -> list[Skipped]:
        return self.table.skipped

    @property
    def label(self) -> str:
        return f"Import trial balance {self.file_name} into {self.month}"

    def assignments(self) -> list[tuple[Ref, Value]]:
        out: list[tuple[Ref, Value]] = []
        if self.mapping_changed:
            out.append((MappingTable(), self.mapping_rows))
        for ch in self.lines:
            value = None if ch.new is None else Entry(ch.new, "imported", self.source_ref)
            out.append((ItemCell(self.month, ch.code), value))
        out.append((TrialBalanceSlot(self.month), self.trial_balance))
        return out


def prepare(wb: Workbook, path: str | os.PathLike[str], month: str, *,
            mapping_rows: Sequence[MappingRow] | None = None,
            overrides: Overrides | None = None, basis: str = "ytd",
            book: Spreadsheet | None = None, layout: Layout | None = None,
            progress: Progress | None = None) -> Preview:
    """Everything the import would do, checked; the workbook is not changed."""
    wb.check_month(month)
    if basis not in ("ytd", "period"):
        raise TBError(f"{basis!r} is not a basis (ytd or period)")
    if mapping_rows is None:
        mapping_rows = wb.tb_mapping
        if not mapping_rows:
            raise TBError("the workbook has no account mapping yet; give one (--mapping "
                          "FILE, a CSV or xlsx with the columns account, item and sign)")
    mapping_rows = canonical(mapping_rows, wb.form)
    mapping = Mapping(mapping_rows, wb.form)
    with gc_paused():
        book = book or open_spreadsheet(path, progress=progress)
        detection = detect(book, overrides)
        lay = layout or detection.layout
        table = parse_table(book.sheet(lay.sheet), lay, where=book.name, progress=progress)
        tb = TrialBalance(book.name, book.sha256, tuple(table.rows), basis, lay.sheet,
                          datetime.now(UTC).isoformat(timespec="seconds"), wb.user)
        others = {m: t for m, t in wb.trial_balances.items() if m != month}
        roll = rollup(month, tb, mapping, others, wb.form, accounts=table.account_counts,
                      cents=table.cents)
        duplicates = table.duplicates(limit=DUPLICATES_LISTED)
    preview = Preview(month, book, detection, lay, table, mapping_rows,
                      mapping_rows != wb.tb_mapping, roll, tb)
    for code, line in roll.lines.items():
        item = wb.form.by_code[code]
        preview.lines.append(LineChange(item, wb.value(month, code), line.amount, line))
        if line.amount < 0 and not item.may_be_negative:
            preview.warnings.append(
                f"line {item.line} [{code}] would be negative ({format_amount(line.amount)}); "
                "check the mapping's sign for its accounts")
    # Lines the month's previous import set that this one no longer reaches are cleared.
    old = wb.trial_balances.get(month)
    if old is not None:
        for code, entry in wb.items[month].items():
            if (code not in roll.lines and entry.source == "imported"
                    and entry.source_ref == old.source_ref):
                preview.lines.append(LineChange(wb.form.by_code[code], entry.value, None, None))
    order = {c: i for i, c in enumerate(wb.form.by_code)}
    preview.lines.sort(key=lambda ch: order[ch.code])
    if not table.balanced:
        preview.warnings.append(
            f"the trial balance does not balance: debits {format_amount(table.debits, places=2)}"
            f", credits {format_amount(table.credits, places=2)}, difference "
            f"{format_amount(table.difference, places=2)}")
    for account, rows in duplicates.items():
        preview.warnings.append(f"account {account} appears on rows "
                                f"{', '.join(map(str, rows))}; its balances are added")
    if (more := table.duplicated_accounts - len(duplicates)) > 0:
        preview.warnings.append(f"… and {more:,} more account(s) appear on more than one row; "
                                "their balances are added")
    if roll.unmapped:
        total = sum((r.balance for r in roll.unmapped), Decimal(0))
        preview.warnings.append(f"{len(roll.unmapped)} account(s) are not mapped (balance "
                                f"{format_amount(total, places=2)} in all)")
    preview.warnings += mapping.notes()
    return preview


def apply(wb: Workbook, preview: Preview) -> int:
    """Apply to a workbook outside a window (all or nothing); the number of changes."""
    step = EditHistory(wb).apply(preview.label, preview.assignments())
    return len(step.changes) if step else 0


# -- drill-down ------------------------------------------------------------------------

@dataclass
class CellAccounts:
    month: str
    item: Item
    trial_balance: TrialBalance | None
    line: LineAmount | None
    note: str = ""

    @property
    def accounts(self) -> list[Contribution]:
        return self.line.accounts if self.line else []


def accounts_behind(wb: Workbook, month: str, code: str) -> CellAccounts:
    """The accounts that make up an imported Schedule A cell, from the month's stored
    trial balance and the workbook's mapping."""
    wb.check_month(month)
    item = wb.form.by_code.get(code)
    if item is None:
        raise TBError(f"{code!r} is not a Schedule A item code")
    tb = wb.trial_balances.get(month)
    if tb is None:
        return CellAccounts(month, item, None, None,
                            f"no trial balance is imported for {month}")
    entry = wb.items[month].get(code)
    note = ""
    if entry is None or entry.source_ref != tb.source_ref:
        how = "is blank" if entry is None else f"was {entry.source}"
        note = (f"{month} line {item.line} {how}, not set by the imported trial balance "
                f"{tb.file_name}; these are the accounts the mapping gives it")
    mapping = Mapping(wb.tb_mapping, wb.form)
    others = {m: t for m, t in wb.trial_balances.items() if m != month}
    try:
        roll: Rollup | None = rollup(month, tb, mapping, others, wb.form)
    except TBError as exc:
        return CellAccounts(month, item, tb, None, str(exc))
    assert roll is not None
    return CellAccounts(month, item, tb, roll.lines.get(code), note)


def month_arg(text: str) -> str:
    m = text.strip().upper()[:3]
    if m not in MONTHS:
        raise TBError(f"{text!r} is not a month (JAN … DEC)")
    return m
