"""A worksheet applied to a workbook's month: what it reads from the workbook (tentative
net capital, line 17, for (M); the method; line 28, the deposit), and its result set on
the month as one undoable step (`focusdesk.document.editing`), every line an `Entry`
imported from the input file's name and SHA-256 — as ``import-tb`` records a trial
balance.

`haircuts_for_month` and `reserve_for_month` compute without changing anything
(`stored_haircuts` / `stored_reserve` from the inputs the workbook keeps for the month);
`haircut_assignments` / `reserve_assignments` are the step, `apply` applies it outside
a window (the window hands the same assignments to its document).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..calculation.engine import compute as compute_workbook
from ..calculation.reserve import for_month, same_inputs, stored_for_month
from ..document.editing import EditHistory, ItemCell, Target, Value, WorksheetSlot
from ..form.catalog import MONTHS, PART_I
from ..model.workbook import Entry, StoredWorksheet, Workbook
from . import haircuts
from .haircuts import HaircutResult, Position
from .inputs import Source, store_items, store_positions, stored_positions
from .reserve import ReserveResult

TENTATIVE_NET_CAPITAL = PART_I.code_of("17")  # (M)'s base, and Note E(5)'s


@dataclass(frozen=True)
class Prepared:
    """A worksheet's result for a month, ready to set: the label of its step."""

    month: str
    source: Source
    lines: dict[str, Decimal | None]
    label: str
    stored: StoredWorksheet  # the inputs, kept in the workbook with the lines

    def changes(self, wb: Workbook) -> list[tuple[str, Decimal | None, Decimal]]:
        """(code, current value, new value) of every line the step sets."""
        return [(code, wb.value(self.month, code), v) for code, v in self.lines.items()
                if v is not None]

    def assignments(self) -> list[tuple[Target, Value]]:
        """The inputs kept and the lines set: one step (undo restores both)."""
        out: list[tuple[Target, Value]] = [(WorksheetSlot(self.month, self.stored.kind),
                                         self.stored)]
        return out + [(ItemCell(self.month, code), Entry(v, "imported",
                                                         self.source.source_ref))
                      for code, v in self.lines.items() if v is not None]


def _kept(wb: Workbook, month: str, stored: StoredWorksheet) -> StoredWorksheet:
    """The same inputs again keep when and by whom they were first imported (so importing
    a file twice changes nothing)."""
    old = wb.worksheets.get((month, stored.kind))
    return old if old is not None and same_inputs(old, stored) else stored


def _open(wb: Workbook, month: str) -> None:
    wb.check_month(month)
    wb.check_open(month)  # a filed month's figures are as filed


def tentative_net_capital(wb: Workbook, month: str) -> Decimal:
    """Line 17 of the month, in dollars (zero when nothing gives it)."""
    value = compute_workbook(wb).value(month, TENTATIVE_NET_CAPITAL)
    return value if value is not None else Decimal(0)


def haircuts_for_month(wb: Workbook, month: str,
                       positions: list[Position]) -> HaircutResult:
    """The haircuts of `positions` as of the month's last day, (M) on the month's line 17."""
    wb.check_month(month)
    as_of = haircuts.month_end(wb.year, MONTHS.index(month) + 1)
    return haircuts.compute(positions, as_of, tentative_net_capital(wb, month))


def prepare_haircuts(wb: Workbook, month: str, positions: list[Position],
                     source: Source) -> tuple[HaircutResult, Prepared]:
    _open(wb, month)
    result = haircuts_for_month(wb, month, positions)
    return result, Prepared(month, source, dict(result.lines()),
                            f"Haircuts from {source.file_name} into {month}",
                            _kept(wb, month, store_positions(positions, source,
                                                             user=wb.user)))


def stored_haircuts(wb: Workbook, month: str) -> HaircutResult | None:
    """The month's haircuts from the positions the workbook keeps for it (None: none
    imported) — what the window shows and drills down into."""
    stored = wb.worksheets.get((month, "haircuts"))
    if stored is None:
        return None
    return haircuts_for_month(wb, month, stored_positions(stored))


def stored_reserve(wb: Workbook, month: str) -> ReserveResult | None:
    """The month's reserve formula from the items the workbook keeps for it, with the
    options it was computed with (None: none imported)."""
    return stored_for_month(wb, month)


def reserve_for_month(wb: Workbook, month: str, items: dict[str, Decimal], *,
                      daily: bool = False, monthly: bool = False) -> ReserveResult:
    """Exhibit A of `items` on the workbook's method, against the month's line 28."""
    return for_month(wb, month, items, daily=daily, monthly=monthly)


def prepare_reserve(wb: Workbook, month: str, items: dict[str, Decimal], source: Source, *,
                    daily: bool = False, monthly: bool = False
                    ) -> tuple[ReserveResult, Prepared]:
    _open(wb, month)
    result = reserve_for_month(wb, month, items, daily=daily, monthly=monthly)
    options = (*(("daily",) if daily else ()), *(("monthly",) if monthly else ()))
    return result, Prepared(month, source, result.lines(),
                            f"Reserve formula from {source.file_name} into {month}",
                            _kept(wb, month, store_items(items, source, options,
                                                         user=wb.user)))


def apply(wb: Workbook, prepared: Prepared) -> int:
    """Apply outside a window (all or nothing); the number of changes."""
    step = EditHistory(wb).apply(prepared.label, prepared.assignments())
    return len(step.changes) if step else 0
