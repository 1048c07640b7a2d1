"""Account balances → Schedule A amounts for a month.

Each mapped account contributes ``multiplier × balance`` to its line (see
`Mapping.multiplier`). The income-statement lines (catalog ``ytd=True``: 5a–5d) take the
month's activity: a trial balance carries income and expense year to date, so the
amount is this month's YTD less the previous month's YTD (JAN: the YTD itself). A trial
balance imported with basis ``period`` already holds the month's activity; a previous
month's YTD is then rebuilt from the months before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ..catalog import MONTHS, PART_I, Form
from ..money import ZERO
from ..workbook import TBRow, TrialBalance
from . import TBError
from .amounts import cents_to_dollars
from .mapping import Mapping


class Contribution(NamedTuple):  # a tuple: 100,000 of them are made per import
    account: str
    description: str
    balance: Decimal  # debit-positive, as in the trial balance
    amount: Decimal  # what it adds to the line
    rule: str  # the mapping rule's account pattern
    month: str = ""  # for a YTD line's prior month: that month


# The rows of one line from one month's trial balance, with how each account is mapped
# (account → (code, multiplier, rule pattern)); turned into `Contribution`s only when
# asked for (the preview, the drill-down), not for each of 100,000 rows on every import.
Chunk = tuple[str, list[TBRow], dict[str, tuple[str, int, str] | None]]


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
    ytd: bool = False
    ytd_amount: Decimal | None = None  # this month's year to date (income lines)
    prior_ytd: Decimal | None = None  # the previous month's, subtracted
    prior_chunks: list[Chunk] = field(default_factory=list, repr=False)

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
    lines: dict[str, LineAmount] = field(default_factory=dict)
    unmapped: list[TBRow] = field(default_factory=list)


_UNMAPPED = ("", 0, "")


def _sum(rows: Sequence[TBRow], mapping: Mapping, *, ytd_only: bool = False,
         form: Form = PART_I, month: str = "", accounts: Iterable[str] | None = None,
         cents: Sequence[int | Decimal] | None = None
         ) -> tuple[dict[str, Decimal], dict[str, list[Chunk]], list[TBRow]]:
    """Each line's total and rows, and the unmapped rows. `accounts` (the distinct
    accounts) and `cents` (each row's balance in cents) when the caller has them: adding
    integers is many times faster than adding 100,000 Decimals."""
    by_code = form.by_code
    unmapped: list[int] = []
    left_out: list[int] = []
    # The row numbers (positions in `rows`) each rule reaches, in the file's order.
    reached: dict[int, list[int]] = {}
    rules: dict[int, tuple[str, int, str]] = {}  # by rule position
    if accounts is None:
        accounts = dict.fromkeys(map(itemgetter(0), rows))
    # One mapping lookup per distinct account (a trial balance has up to 100,000 rows),
    # then per rule (None: unmapped) how it is mapped and where its rows go — keyed by
    # the rule object's identity (a frozen dataclass's own hash is a Python call).
    matched = mapping.match_all(accounts)
    how: dict[int, tuple[str, int, str] | None] = {}
    goes: dict[int, Callable[[int], None]] = {}
    for key, rule in {id(r): r for r in matched.values()}.items():
        if rule is None:
            how[key], goes[key] = _UNMAPPED, unmapped.append
        elif ytd_only and not by_code[rule.code].ytd:
            how[key], goes[key] = None, left_out.append
        else:
            how[key] = rules[rule.position] = (rule.code, mapping.multiplier(rule), rule.pattern)
            goes[key] = reached.setdefault(rule.position, []).append
    # `resolved` says how each account is mapped, `route` which list its rows go to.
    resolved = {a: how[id(r)] for a, r in matched.items()}
    route = {a: goes[id(r)] for a, r in matched.items()}
    for i, account in enumerate(map(itemgetter(0), rows)):
        route[account](i)
    in_cents = cents is not None
    values = cents if in_cents else list(map(itemgetter(2), rows))
    totals: dict[str, Decimal] = {}
    positions: dict[str, list[list[int]]] = {}
    for position, found in reached.items():
        code, mult, _ = rules[position]
        total = sum(map(values.__getitem__, found))
        if in_cents:
            total = cents_to_dollars(total) if type(total) is int else total.scaleb(-2)
        totals[code] = totals.get(code, ZERO) + (total if mult > 0 else -total)
        positions.setdefault(code, []).append(found)
    chunks: dict[str, list[Chunk]] = {}
    for code, (found, *more) in positions.items():
        if more:  # several rules reach the line: their rows in the file's order
            found = sorted(chain(found, *more))
        chunks[code] = [(month, list(map(rows.__getitem__, found)), resolved)]
    return totals, chunks, list(map(rows.__getitem__, unmapped))


def year_to_date(month: str, trial_balances: MappingABC[str, TrialBalance], mapping: Mapping,
                 form: Form = PART_I) -> tuple[dict[str, Decimal], dict[str, list[Chunk]]]:
    """The YTD income-line amounts at the end of `month` from the stored trial balances."""
    tb = trial_balances.get(month)
    if tb is None:
        raise KeyError(month)
    totals, parts, _ = _sum(tb.rows, mapping, ytd_only=True, form=form, month=month)
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
           cents: Sequence[int | Decimal] | None = None) -> Rollup:
    """The amounts `tb` gives the month's lines; `stored` holds the other months'
    imported trial balances (for the previous month's YTD). `accounts` and `cents`: `tb`'s
    distinct accounts and its balances in cents, when the caller has them already (a
    parsed table does)."""
    totals, parts, unmapped = _sum(tb.rows, mapping, form=form, month=month,
                                   accounts=accounts, cents=cents)
    out = Rollup(month, unmapped=unmapped)
    i = MONTHS.index(month)
    ytd_codes = {c for c in totals if form.by_code[c].ytd}
    prior: dict[str, Decimal] = {}
    prior_parts: dict[str, list[Chunk]] = {}
    if tb.basis == "ytd" and i > 0 and (ytd_codes or any(
            form.by_code[r.code].ytd for r in mapping.rules)):
        prev = MONTHS[i - 1]
        try:
            prior, prior_parts = year_to_date(prev, stored, mapping, form)
        except KeyError as exc:
            if ytd_codes:
                missing = exc.args[0]
                raise TBError(
                    f"{month}: the income and expense lines (5a–5d) take the month's "
                    f"activity, this year-to-date figure less {prev}'s, but no trial balance "
                    f"is imported for {missing}; import {missing} first, or say the file "
                    f"holds only {month}'s activity (--period)") from None
        ytd_codes |= set(prior)
    for code in sorted(set(totals) | ytd_codes, key=lambda c: list(form.by_code).index(c)):
        line = LineAmount(code, totals.get(code, ZERO), parts.get(code, []))
        if code in ytd_codes:
            line.ytd = True
            if tb.basis == "ytd":
                line.ytd_amount = totals.get(code, ZERO)
                if i > 0:
                    line.prior_ytd = prior.get(code, ZERO)
                    line.prior_chunks = prior_parts.get(code, [])
                    line.amount = line.ytd_amount - line.prior_ytd
        out.lines[code] = line
    return out
