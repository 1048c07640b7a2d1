"""Account balances → Schedule A amounts for a month.

Each mapped account contributes ``multiplier × balance`` to its line (see
`Mapping.multiplier`). How the total feeds the line is declared in the catalog
(`Item.feed`):

* **balance** — the month-end balance, as it stands;
* **activity** (5a–5d, 7a, 7b) — a ledger accumulates income, expense, contributions and
  distributions from the start of the year, so the line takes this month's year-to-date
  figure less the previous month's (JAN: the YTD itself). A trial balance imported with
  basis ``period`` already holds the month's activity; a previous month's YTD is then
  rebuilt from the months before it;
* **carried** (line 4) — the prior month's line 8 (instruction 4), which the engine
  carries: a trial balance sets it only in the year's first imported month. Later, the
  ledger's equity *ties out* to line 8 instead (`calculation.ledger`: `ledger_equity`,
  `TieOut`).

Accounts a rule marks as feeding no Part I line (`NOT_ON_PART_I`) are kept apart from the
unmapped ones. Accounts mapped to an Exhibit A item (``reserve:10``, `form.exhibit_a`) make
the month's Exhibit A items (`Rollup.exhibit`, month-end balances), from which the import
computes lines 26, 27 and 23b (`calculation.reserve`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from ..base.money import ZERO
from ..calculation.ledger import Chunk, line_sums
from ..form import exhibit_a
from ..form.catalog import MONTHS, PART_I, Feed, Form
from ..model.workbook import TBRow, TrialBalance
from . import TBError
from .mapping import Mapping


class Contribution(NamedTuple):  # a tuple: 100,000 of them are made per import
    account: str
    description: str
    balance: Decimal  # debit-positive, as in the trial balance
    amount: Decimal  # what it adds to the line
    rule: str  # the mapping rule's account pattern
    month: str = ""  # for a YTD line's prior month: that month


def _contributions(chunks: list[Chunk]) -> list[Contribution]:
    out: list[Contribution] = []
    for month, rows, resolved in chunks:
        for r in rows:
            hit = resolved[r.account]
            assert hit is not None
            _code, mult, pattern = hit
            out.append(Contribution(r.account, r.description, r.balance,
                                    r.balance if mult > 0 else -r.balance, pattern, month))
    return out


@dataclass
class LineAmount:
    code: str
    amount: Decimal = ZERO  # what the form gets
    chunks: list[Chunk] = field(default_factory=list, repr=False)
    activity: bool = False  # a line fed the month's activity (catalog feed)
    ytd_amount: Decimal | None = None  # this month's year to date (activity lines)
    prior_ytd: Decimal | None = None  # the previous month's, subtracted
    prior_chunks: list[Chunk] = field(default_factory=list, repr=False)

    @property
    def account_count(self) -> int:
        """How many trial-balance rows make up the line (without building them)."""
        return sum(len(rows) for _month, rows, _resolved in self.chunks)

    @cached_property
    def accounts(self) -> list[Contribution]:
        """The accounts behind the line: balance as in the trial balance, amount as added."""
        return _contributions(self.chunks)

    @cached_property
    def prior_accounts(self) -> list[Contribution]:
        """For an income line: the earlier months' accounts whose YTD is subtracted."""
        return _contributions(self.prior_chunks)


@dataclass
class Rollup:
    month: str
    lines: dict[str, LineAmount] = field(default_factory=dict)  # what the import sets
    unmapped: list[TBRow] = field(default_factory=list)
    excluded: list[TBRow] = field(default_factory=list)  # marked "Not on Part I"
    # Each mapped line's total as the file holds it (year to date for a YTD file).
    file_totals: dict[str, Decimal] = field(default_factory=dict)
    # A carried line (line 4) the import does not set in this month: the accounts the
    # mapping sends it, which tie out to line 8 instead.
    carried: dict[str, LineAmount] = field(default_factory=dict)
    rule_counts: dict[int, int] = field(default_factory=dict)  # see `Sums.counts`
    # The Exhibit A items the mapping targets, by code ("reserve:10"), in Exhibit A's
    # order: each its month-end balance (an item no account reaches is zero).
    exhibit: dict[str, LineAmount] = field(default_factory=dict)

    def line(self, code: str) -> LineAmount | None:
        return self.lines.get(code) or self.carried.get(code) or self.exhibit.get(code)

    def exhibit_items(self) -> dict[str, Decimal]:
        """The Exhibit A items as the reserve formula takes them: item key → amount."""
        return {exhibit_a.BY_CODE[c].key: line.amount for c, line in self.exhibit.items()}


def activity_lines(form: Form = PART_I) -> str:
    """The lines fed the month's activity, for messages: "5a, 5b, 5c, 5d, 7a and 7b"."""
    lines = [i.line for i in form.input_items if i.feed is Feed.ACTIVITY]
    return ", ".join(lines[:-1]) + f" and {lines[-1]}" if len(lines) > 1 else "".join(lines)


def year_to_date(month: str, trial_balances: MappingABC[str, TrialBalance], mapping: Mapping,
                 form: Form = PART_I) -> tuple[dict[str, Decimal], dict[str, list[Chunk]]]:
    """The activity lines' year-to-date amounts at the end of `month` from the stored
    trial balances."""
    tb = trial_balances.get(month)
    if tb is None:
        raise KeyError(month)
    totals, parts, *_ = line_sums(tb.rows, mapping, ytd_only=True, form=form, month=month)
    i = MONTHS.index(month)
    if tb.basis == "period" and i > 0:
        before, before_parts = year_to_date(MONTHS[i - 1], trial_balances, mapping, form)
        for code, v in before.items():
            totals[code] = totals.get(code, ZERO) + v
            parts.setdefault(code, []).extend(before_parts.get(code, []))
    return totals, parts


def rollup(month: str, tb: TrialBalance, mapping: Mapping,
           stored: MappingABC[str, TrialBalance], form: Form = PART_I, *,
           accounts: Iterable[str] | None = None,
           cents: Sequence[int | Decimal] | None = None,
           column: Sequence[str] | None = None, sets_carried: bool = True) -> Rollup:
    """The amounts `tb` gives the month's lines; `stored` holds the other months'
    imported trial balances (for the previous month's YTD). `accounts`, `cents` and
    `column`: `tb`'s distinct accounts, its balances in cents and its rows' accounts, when
    the caller has them already (a parsed table does). `sets_carried`: the month is the
    year's first imported month, so the carried line (4) is set from its accounts;
    otherwise they are kept for the tie-out in `Rollup.carried`."""
    totals, parts, unmapped, excluded, counts = line_sums(
        tb.rows, mapping, form=form, month=month, accounts=accounts, cents=cents,
        column=column)
    out = Rollup(month, unmapped=unmapped, excluded=excluded, file_totals=dict(totals),
                 rule_counts=counts)
    targeted = {r.code for r in mapping.rules if exhibit_a.is_target(r.code)}
    for item in exhibit_a.ITEMS:  # balances at the month's end, never year-to-date activity
        if item.code in targeted:
            out.exhibit[item.code] = LineAmount(item.code, totals.pop(item.code, ZERO),
                                                parts.get(item.code, []))
    i = MONTHS.index(month)
    by_code = form.by_code
    activity = {c for c in totals if by_code[c].feed is Feed.ACTIVITY}
    prior: dict[str, Decimal] = {}
    prior_parts: dict[str, list[Chunk]] = {}
    if tb.basis == "ytd" and i > 0 and (activity or any(
            not r.excluded and r.code in by_code and by_code[r.code].feed is Feed.ACTIVITY
            for r in mapping.rules)):
        prev = MONTHS[i - 1]
        try:
            prior, prior_parts = year_to_date(prev, stored, mapping, form)
        except KeyError as exc:
            if activity:
                missing = exc.args[0]
                raise TBError(
                    f"{month}: lines {activity_lines(form)} take the month's activity, this "
                    f"year-to-date figure less {prev}'s, but no trial balance is imported "
                    f"for {missing}; import {missing} first, or say the file holds only "
                    f"{month}'s activity (--period)") from None
        activity |= set(prior)
    order = {c: n for n, c in enumerate(by_code)}
    for code in sorted(set(totals) | activity, key=order.__getitem__):
        line = LineAmount(code, totals.get(code, ZERO), parts.get(code, []))
        if code in activity:
            line.activity = True
            if tb.basis == "ytd":
                line.ytd_amount = totals.get(code, ZERO)
                if i > 0:
                    line.prior_ytd = prior.get(code, ZERO)
                    line.prior_chunks = prior_parts.get(code, [])
                    line.amount = line.ytd_amount - line.prior_ytd
        if by_code[code].feed is Feed.CARRIED and not sets_carried:
            out.carried[code] = line
        else:
            out.lines[code] = line
    return out


