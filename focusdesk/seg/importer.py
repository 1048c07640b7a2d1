"""Import a Daily Seg filing into a workbook: store it, and fill item 29 from it.

`prepare` reads and foots the filing and says what the import would do; the workbook is
not changed. Its `assignments` are one undoable step (`focusdesk.document.editing`): the filing
added to the workbook's stored filings, and — when the filing foots, or when forced —
Schedule A item 29a [7060] and 29b [7180] of the month of its End Date set from its
Segregation Statement, each `Entry` recorded as imported from the file's name and
SHA-256. A filing that does not foot is stored with its status, flagged, and item 29 is
left as it is unless the import is forced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal

from ..base.money import format_amount
from ..document.editing import EditHistory, FilingStore, ItemCell, Target, Value
from ..form.catalog import MONTH_NAMES, MONTHS
from ..form.market_days import last_business_day
from ..model.workbook import Entry, StoredFiling, Workbook
from . import SegError
from .footing import Footing, check
from .reader import Filing, read_filing
from .statements import ITEM_29


@dataclass(frozen=True)
class ItemChange:
    code: str
    current: Decimal | None
    new: Decimal


@dataclass
class SegImport:
    filing: Filing
    footing: Footing
    stored: StoredFiling
    month: str
    sets_item_29: bool  # False: the filing does not foot and the import is not forced
    changes: list[ItemChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Import Daily Seg filing {self.filing.name} into {self.month}"

    def assignments(self, wb: Workbook) -> list[tuple[Target, Value]]:
        """The filing stored (replacing an earlier import of the same file) and, when
        allowed, item 29 set: one step."""
        stored = self.stored
        earlier = next((f for f in wb.filings if f.sha256 == stored.sha256), None)
        if earlier is not None:  # the same file again: it keeps when it was first imported
            stored = replace(stored, imported_at=earlier.imported_at, user=earlier.user)
        kept = tuple(f for f in wb.filings if f.sha256 != stored.sha256)
        filings = tuple(sorted((*kept, stored),
                               key=lambda f: (f.end_date, f.imported_at, f.sha256)))
        out: list[tuple[Target, Value]] = [(FilingStore(), filings)]
        if self.sets_item_29:
            out += [(ItemCell(self.month, ch.code),
                     Entry(ch.new, "imported", stored.source_ref))
                    for ch in self.changes]
        return out


def _same_firm(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join("".join(ch for ch in s.lower() if ch.isalnum() or ch == " ").split())

    return norm(a) == norm(b)


def prepare(wb: Workbook, data: bytes, name: str, *, month: str | None = None,
            force: bool = False, user: str = "") -> SegImport:
    """Everything the import would do, checked; the workbook is not changed."""
    filing = read_filing(data, name)
    footing = check(filing)
    end = filing.header.end_date
    if month is None:
        if end.year != wb.year:
            raise SegError(
                f"{name}: its End Date {end:%m/%d/%Y} is in {end.year} and the workbook is "
                f"for {wb.year}; give --month to set item 29 of one of its months anyway")
        month = MONTHS[end.month - 1]
    wb.check_month(month)
    wb.check_open(month)  # a filed month takes no filing: its item 29 is as filed
    warnings: list[str] = []
    if end.year != wb.year or MONTHS[end.month - 1] != month:
        warnings.append(f"the filing's End Date {end:%m/%d/%Y} is not in {month} {wb.year}; "
                        f"item 29 of {month} is set from it as asked")
    month_end = last_business_day(end.year, end.month)
    if end != month_end:
        warnings.append(
            f"{end:%m/%d/%Y} is not the last business day of "
            f"{MONTH_NAMES[MONTHS[end.month - 1]].capitalize()} ({month_end:%m/%d/%Y}): "
            "FOCUS item 29 is the month-end Segregation Statement, and the checks will say "
            "so until that filing is imported")
    if wb.firm.name and filing.header.firm and not _same_firm(wb.firm.name,
                                                            filing.header.firm):
        warnings.append(f"the filing is {filing.header.firm}'s; the workbook is "
                        f"{wb.firm.name}'s")
    stored = StoredFiling(
        file_name=name, sha256=filing.sha256, raw=data, end_date=end.isoformat(),
        firm=filing.header.firm,
        submit_date=filing.header.submit_date.isoformat() if filing.header.submit_date
        else "",
        form=filing.header.form, amendment=filing.header.amendment, status=footing.status,
        values=tuple(filing.values.items()),
        imported_at=datetime.now(UTC).isoformat(timespec="seconds"), user=user or wb.user)
    sets = footing.foots or force
    if not footing.foots:
        codes = ", ".join(f"[{m.code}]" for m in footing.mismatches)
        warnings.append(
            f"the filing does not foot ({codes}); it is stored and flagged, and item 29 is "
            + ("set from it because the import is forced" if force
               else "not set from it (--force sets it anyway)"))
    for d in footing.deficiencies:
        warnings.append(f"[{d.code}] reports a deficiency of {format_amount(-d.amount)}")
    changes = []
    for code in ITEM_29:
        value = filing.values.get(code)
        if value is None:
            warnings.append(f"the filing has no [{code}]; item 29 keeps its {month} value")
            continue
        changes.append(ItemChange(code, wb.value(month, code), value))
    return SegImport(filing, footing, stored, month, sets, changes, warnings)


def apply(wb: Workbook, imp: SegImport) -> int:
    """Apply outside a window (all or nothing); the number of changes."""
    step = EditHistory(wb).apply(imp.label, imp.assignments(wb))
    return len(step.changes) if step else 0
