"""A filed month's figures reached through its carried line 4 (Qt-free).

A filed month (`Workbook.frozen`) refuses every change of its own figures in the
workbook's setters. Its figures also depend on the months before it when its line 4 is
carried from the prior reported month's line 8 (instruction 4): a change to an earlier
month — or a month reported between — would alter the filed month's line 4 and every
total after it, in dollars or in the thousands it prints. `filed_figures` takes those
figures before a change (nothing, at no cost, when no change can reach a filed month) and
`check_filed_figures` refuses the change when they differ after it; the edit history
(`focusdesk.document.editing`) and the importers' all-or-nothing merges (`check_merge`) call them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..calculation.engine import compute
from ..form.catalog import EQUITY_START, MONTHS
from ..model.workbook import Workbook, WorkbookError, frozen_sentence


def _carried_frozen(wb: Workbook) -> list[str]:
    """Filed months whose line 4 is carried from the prior month's line 8: a change to an
    earlier month can reach their figures."""
    return [m for m in wb.frozen_months() if EQUITY_START not in wb.items[m]]


@dataclass(frozen=True)
class FiledFigures:
    months: tuple[str, ...]
    figures: dict[str, object]


def _figures_of(wb: Workbook, months: Iterable[str]) -> dict[str, object]:
    dollars = compute(wb)
    thousands = compute(wb, "thousands", dollars=dollars)
    return {m: tuple((c.months[m].values, c.months[m].schedule_b) for c in (dollars, thousands))
            for m in months}


def filed_figures(wb: Workbook, touched: Iterable[str] | None = None) -> FiledFigures | None:
    """The figures (both views) of the filed months a change of the `touched` months
    (None: any) could reach through a carried line 4; None when it can reach none — the
    usual case, which costs nothing."""
    carried = _carried_frozen(wb)
    if touched is not None:
        indexes = [MONTHS.index(m) for m in touched if m in MONTHS]
        first = min(indexes, default=len(MONTHS))
        carried = [m for m in carried if MONTHS.index(m) > first]
    if not carried:
        return None
    return FiledFigures(tuple(carried), _figures_of(wb, carried))


def check_filed_figures(before: FiledFigures | None, wb: Workbook) -> None:
    """Refuse (`WorkbookError`) when `wb` no longer gives the filed months of `before`
    the figures they had."""
    if before is None:
        return
    after = _figures_of(wb, before.months)
    for month in before.months:
        if after[month] != before.figures[month]:
            mc = wb.month_close(month)
            raise WorkbookError(
                f"the change would alter {month} {wb.year}'s figures (its line 4 is carried "
                f"from the prior month's line 8); "
                + frozen_sentence(month, wb.year, mc.versions[-1]))


def months_changed(before: Workbook, after: Workbook) -> list[str]:
    """The months whose entered values or line-10 answer differ between two workbooks."""
    return [m for m in MONTHS
            if before.items[m] != after.items[m] or before.schedule_b[m] != after.schedule_b[m]
            or before.schedule_b_answer.get(m) != after.schedule_b_answer.get(m)]


def check_merge(before: Workbook, after: Workbook) -> None:
    """For an importer's merge (all or nothing, on a copy): refuse when the merged copy
    changes a filed month's figures through its carried line 4 (a filed month's own
    figures its setters refuse already)."""
    if not before.close:
        return
    check_filed_figures(filed_figures(before, months_changed(before, after)), after)
