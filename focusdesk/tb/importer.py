"""The trial-balance import as a whole: file → layout → rows → mapping → preview → apply.

`prepare` reads and checks everything and changes nothing; its `Preview` lists each
affected line (current value, new value, difference, the accounts behind it), the
unmapped accounts with their balances, the skipped rows, the notices and warnings, the
tie-out of the ledger's equity to line 8 and how many accounts each mapping rule
matches. `assignments` turns the preview into one `EditHistory` step — every line's
`Entry(value, "imported", "<file> sha256:<hex>")` (`model.records.file_source_ref`), the
month's trial balance kept in the workbook and, when a new mapping was given, the
mapping — so the window applies it as one undoable change and the command line as one
saved transaction.

Your entries win: a line holding a value you typed or pasted keeps it; the preview shows
the conflict ("kept your 50,000; the trial balance gives 75,000") unless the import is
told to replace your entries (`replace_entries`, ``--replace-entries``).

Accounts mapped to Exhibit A items (``reserve:10``, `form.exhibit_a`) make the month's
reserve formula: the import keeps the items as the month's reserve inputs (a
`StoredWorksheet` of kind "reserve", its source the trial balance's file and SHA-256) and
sets lines 26, 27 and (on the alternative method) 23b from them (`calculation.reserve`)
in the same step — what ``focusdesk reserve`` would set from the same amounts. Items no
rule targets keep the amounts the month's reserve inputs held from another file (a Note E
reduction entered in an items file), each row saying which file; the options (daily, a
monthly computer) are kept too. Line 28, the deposit, is the month's after the import.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from ..base.bulk import gc_paused
from ..base.money import format_amount
from ..calculation import reserve
from ..calculation.accounts import RESERVE_LINES
from ..calculation.ledger import TieOut, ledger_equity
from ..calculation.reserve import ReserveResult, WorksheetError
from ..document.editing import (
    EditHistory,
    ItemCell,
    MappingTable,
    Target,
    TrialBalanceSlot,
    Value,
    WorksheetSlot,
)
from ..form import exhibit_a
from ..form.catalog import EQUITY_END, MONTHS, Feed, Item
from ..model.records import split_source_ref
from ..model.workbook import Entry, MappingRow, StoredWorksheet, TBRow, TrialBalance, Workbook
from . import TBError
from .asof import StatedDate, stated_date
from .detect import Detection, Overrides, TableLayout, detect
from .mapping import Mapping, canonical
from .reader import Progress, Spreadsheet, open_spreadsheet
from .rollup import Contribution, LineAmount, Rollup, rollup
from .table import ParsedTable, Skipped, parse_table

# Accounts on several rows named one by one in the preview's warnings; beyond them, a
# count (a ledger export with thousands of repeated accounts would bury the rest).
DUPLICATES_LISTED = 10
# Where an entry came from when it is the controller's own: a re-import keeps it.
USER_SOURCES = ("typed", "pasted")
STARTER_MAPPING = "starter-mapping.csv"  # shipped in resources/


def _dollars(value: Decimal) -> str:
    """50,000 or 1,234.56: cents only when there are some."""
    return format_amount(value, places=0 if value == value.to_integral_value() else 2)


@dataclass
class LineChange:
    item: Item
    current: Decimal | None
    new: Decimal | None  # None: the line is cleared (set by an earlier import, now unmapped)
    detail: LineAmount | None
    # When your entry is kept: the trial balance's own figure for the line.
    ledger: Decimal | None = None

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

    @property
    def kept(self) -> bool:
        """Your entry stays; the trial balance gives another figure (`ledger`)."""
        return self.ledger is not None

    def conflict(self) -> str:
        assert self.ledger is not None and self.current is not None
        return (f"kept your {_dollars(self.current)}; the trial balance gives "
                f"{_dollars(self.ledger)}")


@dataclass
class Preview:
    month: str
    book: Spreadsheet
    detection: Detection
    layout: TableLayout
    table: ParsedTable
    mapping_rows: tuple[MappingRow, ...]
    mapping_changed: bool
    rollup: Rollup
    trial_balance: TrialBalance
    lines: list[LineChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # said before anything is replaced
    stated: StatedDate | None = None  # the as-of date the file states
    tie_out: TieOut | None = None
    mapping: Mapping | None = None
    replace_entries: bool = False
    # The month's reserve formula from the Exhibit A items (None: the mapping targets none)
    # and the reserve inputs the import keeps (`reserve_changed`: a change, None to drop
    # the inputs a previous import of this month's trial balance kept).
    reserve: ReserveResult | None = None
    reserve_inputs: StoredWorksheet | None = None
    reserve_changed: bool = False
    reserve_kept: dict[str, str] = field(default_factory=dict)  # item → file, kept

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
    def excluded(self) -> list[TBRow]:
        """Accounts the mapping marks as on no Part I line."""
        return self.rollup.excluded

    @property
    def skipped(self) -> list[Skipped]:
        return self.table.skipped

    @property
    def conflicts(self) -> list[LineChange]:
        return [ch for ch in self.lines if ch.kept]

    @property
    def label(self) -> str:
        return f"Import trial balance {self.file_name} into {self.month}"

    def rule_counts(self) -> list[tuple[str, int]]:
        """Each mapping rule ("2100 → line 23a") and how many of the file's accounts it
        matches (0: none — a rule worth a look)."""
        assert self.mapping is not None
        counts = self.rollup.rule_counts
        return [(r.describe(self.mapping.form), counts.get(r.position, 0))
                for r in self.mapping.rules]

    def assignments(self) -> list[tuple[Target, Value]]:
        out: list[tuple[Target, Value]] = []
        if self.mapping_changed:
            out.append((MappingTable(), self.mapping_rows))
        for ch in self.lines:
            if ch.kept:
                continue
            value = None if ch.new is None else Entry(ch.new, "imported", self.source_ref)
            out.append((ItemCell(self.month, ch.code), value))
        if self.reserve_changed:
            out.append((WorksheetSlot(self.month, "reserve"), self.reserve_inputs))
        out.append((TrialBalanceSlot(self.month), self.trial_balance))
        return out


def first_imported_month(wb: Workbook, month: str) -> bool:
    """Whether `month` is the year's first imported (or reported) month: no earlier month
    holds a trial balance or anything entered, so line 4 has nothing to carry from."""
    earlier = MONTHS[:MONTHS.index(month)]
    return not any(m in wb.trial_balances or wb.is_active(m) for m in earlier)


def holds_notice(wb: Workbook, month: str) -> str:
    """What a month's stored trial balance is, said before an import replaces it; ""
    when it holds none."""
    old = wb.trial_balances.get(month)
    if old is None:
        return ""
    when = f" {old.imported_at[:10]}" if old.imported_at else ""
    return (f"{month} already holds the trial balance imported{when} from {old.file_name}; "
            "importing replaces it")


def _month_of(wb: Workbook, stated: StatedDate | None, book: Spreadsheet) -> str:
    """The month the file states, for an import given none."""
    if stated is None:
        raise TBError(f"{book.name} states no date (an \"As of …\" line or a dated sheet); "
                      "give the month (--month)")
    if stated.date.year != wb.year:
        raise TBError(f"{book.name} is dated {stated.describe()}, but the workbook is for "
                      f"{wb.year}; give the month (--month) to import it anyway")
    return stated.month


def line8_after(wb: Workbook, month: str, lines: Sequence[LineChange],
                source_ref: str) -> Decimal:
    """The month's line 8 once `lines` are applied (the workbook itself unchanged)."""
    from ..calculation.engine import compute

    after = dict(wb.items[month])
    for ch in lines:
        if ch.kept:
            continue
        if ch.new is None:
            after.pop(ch.code, None)
        else:
            after[ch.code] = Entry(ch.new, "imported", source_ref)
    light = copy.copy(wb)  # shares everything but this month's entries
    light.items = {**wb.items, month: after}
    light.trial_balances = {}  # the checks need no trial balance for line 8
    value = compute(light).months[month].values[EQUITY_END]
    return value if value is not None else Decimal(0)


def prepare(wb: Workbook, path: str | os.PathLike[str], month: str | None, *,
            mapping_rows: Sequence[MappingRow] | None = None,
            overrides: Overrides | None = None, basis: str = "ytd",
            book: Spreadsheet | None = None, layout: TableLayout | None = None,
            progress: Progress | None = None, replace_entries: bool = False) -> Preview:
    """Everything the import would do, checked; the workbook is not changed. `month`
    None: the month the file states it is as of."""
    if month is not None:
        wb.check_month(month)
    if basis not in ("ytd", "period"):
        raise TBError(f"{basis!r} is not a basis (ytd or period)")
    if mapping_rows is None:
        mapping_rows = wb.tb_mapping
        if not mapping_rows:
            raise TBError("the workbook has no account mapping yet; give one (--mapping "
                          "FILE, a CSV or xlsx with the columns account, item and sign), "
                          f"or start from FocusDesk's {STARTER_MAPPING} (mapping-import)")
    mapping_rows = canonical(mapping_rows, wb.form)
    mapping = Mapping(mapping_rows, wb.form)
    with gc_paused():
        book = book or open_spreadsheet(path, progress=progress)
        detection = detect(book, overrides)
        lay = layout or detection.layout
        stated = stated_date(book, lay)
        given = month
        month = month or _month_of(wb, stated, book)
        table = parse_table(book.sheet(lay.sheet), lay, where=book.name, progress=progress)
        tb = TrialBalance(book.name, book.sha256, tuple(table.rows), basis, lay.sheet,
                          datetime.now(UTC).isoformat(timespec="seconds"), wb.user)
        others = {m: t for m, t in wb.trial_balances.items() if m != month}
        first = first_imported_month(wb, month)
        roll = rollup(month, tb, mapping, others, wb.form, accounts=table.account_counts,
                      cents=table.cents, column=table.accounts, sets_carried=first)
        duplicates = table.duplicates(limit=DUPLICATES_LISTED)
    preview = Preview(month, book, detection, lay, table, mapping_rows,
                      mapping_rows != wb.tb_mapping, roll, tb, stated=stated,
                      mapping=mapping, replace_entries=replace_entries)
    if notice := holds_notice(wb, month):
        preview.notices.append(notice)
    if stated is not None:
        if given is not None and (stated.month, stated.date.year) != (month, wb.year):
            preview.warnings.append(
                f"the file states {stated.describe()} ({stated.where}: {stated.text!r}), "
                f"not {month} {wb.year}")
        elif not stated.month_end:
            preview.warnings.append(f"the file is dated {stated.describe()}, not the end of "
                                    "the month")
    for code, line in roll.lines.items():
        change = _line_change(wb, month, wb.form.by_code[code], line.amount, line,
                              replace_entries)
        preview.lines.append(change)
        if not change.kept and line.amount < 0 and not change.item.may_be_negative:
            preview.warnings.append(
                f"line {change.item.line} [{code}] would be negative "
                f"({format_amount(line.amount)}); check the mapping's sign for its accounts")
    _reserve(wb, preview)
    # Lines the month's previous import set that this one no longer reaches are cleared.
    old = wb.trial_balances.get(month)
    if old is not None:
        reached = {ch.code for ch in preview.lines}
        for code, entry in wb.items[month].items():
            if (code not in reached and entry.source == "imported"
                    and entry.source_ref == old.source_ref):
                preview.lines.append(LineChange(wb.form.by_code[code], entry.value, None, None))
    order = {c: i for i, c in enumerate(wb.form.by_code)}
    preview.lines.sort(key=lambda ch: order[ch.code])
    ledger = ledger_equity(roll.file_totals, wb.form)
    if ledger is not None:
        preview.tie_out = TieOut(month, ledger,
                                 line8_after(wb, month, preview.lines, tb.source_ref))
        if not preview.tie_out.ties:
            preview.warnings.append(preview.tie_out.message())
        carried = [i for i in wb.form.input_items if i.feed is Feed.CARRIED]
        if first and basis == "ytd" and month != MONTHS[0] and any(
                i.code in roll.lines for i in carried):
            preview.warnings.append(
                f"line 4 is set from the ledger's equity accounts, which in a year-to-date "
                f"trial balance hold the equity at the start of the year, not of {month}; "
                "import the year's earlier months first")
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


def _line_change(wb: Workbook, month: str, item: Item, amount: Decimal,
                 detail: LineAmount | None, replace_entries: bool) -> LineChange:
    """A line the import sets; your typed or pasted entry kept (unless replaced)."""
    assert item.code is not None
    entry = wb.items[month].get(item.code)
    if (entry is not None and entry.source in USER_SOURCES and entry.value != amount
            and not replace_entries):
        return LineChange(item, entry.value, entry.value, detail, ledger=amount)
    return LineChange(item, wb.value(month, item.code), amount, detail)


def _reserve(wb: Workbook, preview: Preview) -> None:
    """The month's reserve formula from the accounts mapped to Exhibit A items: its
    inputs kept and lines 26, 27 and 23b set (see the module's docstring)."""
    month, roll, tb = preview.month, preview.rollup, preview.trial_balance
    stored = wb.worksheets.get((month, "reserve"))
    old_tb = wb.trial_balances.get(month)
    if not roll.exhibit:
        # A mapping that no longer targets Exhibit A: the inputs the month's previous
        # trial balance gave are dropped with the lines it set.
        if stored is not None and old_tb is not None and stored.source_ref == old_tb.source_ref:
            preview.reserve_changed = True
            preview.notices.append(f"the mapping targets no Exhibit A item: {month}'s reserve "
                                   f"inputs from {old_tb.file_name} are removed")
        return
    for code, line in roll.exhibit.items():
        if line.amount < 0:
            rules = sorted({c.rule for c in line.accounts})
            raise TBError(
                f"{exhibit_a.BY_CODE[code].describe()} [{code}] would be "
                f"{format_amount(line.amount, places=2)} from {line.account_count} account(s) "
                f"of {tb.file_name} (rule {', '.join(rules)}): an Exhibit A item is a balance "
                "— check the mapping's sign for its accounts")
    items = roll.exhibit_items()
    sources: dict[str, str] = {}
    if stored is not None:  # items no rule targets keep what another file gave them
        from_tb = {tb.source_ref} | ({old_tb.source_ref} if old_tb else set())
        held, where = reserve.stored_items(stored), reserve.item_sources(stored)
        for key in exhibit_a.KEYS:
            if key not in items and key in held and where[key] not in from_tb:
                items[key], sources[key] = held[key], where[key]
    preview.reserve_kept = {k: split_source_ref(ref)[0] for k, ref in sources.items()}
    options = stored.options if stored is not None else ()
    try:
        result = reserve.for_month(wb, month, items, daily="daily" in options,
                                   monthly="monthly" in options)
    except WorksheetError as exc:
        raise TBError(f"{month}'s reserve formula from {tb.file_name}: {exc}") from None
    deposit = next((ch.new for ch in preview.lines if ch.code == reserve.LINE_28), None)
    if deposit is not None:  # line 28 as this import leaves it
        result = replace(result, deposit=deposit)
    preview.reserve = result
    inputs = reserve.store_items(items, tb.file_name, tb.sha256, options, user=wb.user,
                                 sources=sources)
    preview.reserve_changed = not reserve.same_inputs(stored, inputs)
    preview.reserve_inputs = inputs if preview.reserve_changed else stored
    for code, value in result.lines().items():
        if value is not None:
            preview.lines.append(_line_change(wb, month, wb.form.by_code[code], value, None,
                                              preview.replace_entries))
    for key, name in preview.reserve_kept.items():
        preview.notices.append(f"{exhibit_a.BY_KEY[key].describe()} keeps "
                               f"{format_amount(items[key], places=2)} from {name} (no mapping "
                               "rule targets it)")
    preview.warnings += result.warnings
    if result.deficiency:
        preview.warnings.append(
            f"the reserve formula requires {format_amount(result.requirement, places=2)} on "
            f"deposit; line 28 holds {format_amount(result.deposit or 0, places=2)}, "
            f"{format_amount(result.deficiency, places=2)} short — Rule 15c3-3(i): notify the "
            "Commission and the examining authority immediately")


def apply(wb: Workbook, preview: Preview) -> int:
    """Apply to a workbook outside a window (all or nothing); the number of changes."""
    step = EditHistory(wb).apply(preview.label, preview.assignments())
    return len(step.changes) if step else 0


# -- drill-down ------------------------------------------------------------------------

@dataclass
class CellAccounts:
    month: str
    item: Item | exhibit_a.ExhibitItem  # a Schedule A line, or an Exhibit A item
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
    item: Item | exhibit_a.ExhibitItem | None = wb.form.by_code.get(code) or \
        exhibit_a.BY_CODE.get(code)
    if item is None:
        raise TBError(f"{code!r} is not a Schedule A item code")
    what = item.describe() if isinstance(item, exhibit_a.ExhibitItem) else f"line {item.line}"
    tb = wb.trial_balances.get(month)
    if tb is None:
        return CellAccounts(month, item, None, None,
                            f"no trial balance is imported for {month}")
    entry = wb.items[month].get(code)
    note = ""
    stored = wb.worksheets.get((month, "reserve"))
    if isinstance(item, exhibit_a.ExhibitItem):  # kept with the month's reserve inputs
        if stored is None or stored.source_ref != tb.source_ref:
            note = (f"{month}'s reserve inputs are not from the imported trial balance "
                    f"{tb.file_name}; these are the accounts the mapping gives {what}")
    elif entry is None or entry.source_ref != tb.source_ref:
        how = "is blank" if entry is None else f"was {entry.source}"
        note = (f"{month} {what} {how}, not set by the imported trial balance "
                f"{tb.file_name}; these are the accounts the mapping gives it")
    mapping = Mapping(wb.tb_mapping, wb.form)
    others = {m: t for m, t in wb.trial_balances.items() if m != month}
    try:
        roll: Rollup | None = rollup(month, tb, mapping, others, wb.form,
                                     sets_carried=first_imported_month(wb, month))
    except TBError as exc:
        return CellAccounts(month, item, tb, None, str(exc))
    assert roll is not None
    if code in RESERVE_LINES and roll.exhibit:
        note = (f"{month} {what} is computed by the reserve formula from the Exhibit A items "
                f"the mapping targets ({', '.join(roll.exhibit)}); ask for an item "
                "(reserve:10) to see its accounts")
    if code in roll.carried:
        note = (f"{month} line {item.line} is carried from the prior month's line 8, not set "
                "by the trial balance; these accounts tie out to line 8 instead")
    return CellAccounts(month, item, tb, roll.line(code), note)


def month_arg(text: str) -> str:
    m = text.strip().upper()[:3]
    if m not in MONTHS:
        raise TBError(f"{text!r} is not a month (JAN … DEC)")
    return m
