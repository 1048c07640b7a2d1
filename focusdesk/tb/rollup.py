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
  ledger's equity *ties out* to line 8 instead (`ledger_equity`, `TieOut`).

Accounts a rule marks as feeding no Part I line (`NOT_ON_PART_I`) are kept apart from the
unmapped ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ..base.money import ZERO, format_amount
from ..form.catalog import EQUITY_END, MONTHS, PART_I, Feed, Form
from ..form.formula import Ref, Sum
from ..model.workbook import MappingRow, TBRow, TrialBalance
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

    def line(self, code: str) -> LineAmount | None:
        return self.lines.get(code) or self.carried.get(code)


class Sums(NamedTuple):
    totals: dict[str, Decimal]
    chunks: dict[str, list[Chunk]]
    unmapped: list[TBRow]
    excluded: list[TBRow]
    counts: dict[int, int]  # rule position → how many distinct accounts it matches


def activity_lines(form: Form = PART_I) -> str:
    """The lines fed the month's activity, for messages: "5a, 5b, 5c, 5d, 7a and 7b"."""
    lines = [i.line for i in form.input_items if i.feed is Feed.ACTIVITY]
    return ", ".join(lines[:-1]) + f" and {lines[-1]}" if len(lines) > 1 else "".join(lines)


_UNMAPPED = ("", 0, "")


def _sum(rows: Sequence[TBRow], mapping: Mapping, *, ytd_only: bool = False,
         form: Form = PART_I, month: str = "", accounts: Iterable[str] | None = None,
         cents: Sequence[int | Decimal] | None = None,
         column: Sequence[str] | None = None) -> Sums:
    """Each line's total and rows, the unmapped rows and those marked as on no Part I
    line. `accounts` (the distinct accounts) and `cents` (each row's balance in cents)
    when the caller has them: adding integers is many times faster than adding 100,000
    Decimals; `column` each row's account. `ytd_only`: the activity lines only."""
    by_code = form.by_code
    if accounts is None:
        accounts = dict.fromkeys(map(itemgetter(0), rows))
    # One mapping lookup per distinct account (a trial balance has up to 100,000 rows);
    # then each distinct outcome (a rule, or None: unmapped) gets a small number, each
    # account its outcome's number — keyed by the rule object's identity (a frozen
    # dataclass's own hash is a Python call) and built at C speed, no loop a row.
    matched = mapping.match_all(accounts)
    outcomes = list({id(r): r for r in matched.values()}.values())
    number = {id(r): n for n, r in enumerate(outcomes)}
    key_of = dict(zip(matched, map(number.__getitem__, map(id, matched.values())),
                      strict=True))
    # The rows in the order of their outcome's number, the file's order kept within each
    # (a stable sort of row positions, done in C): each outcome's rows are one slice.
    keys = list(map(key_of.__getitem__, column or map(itemgetter(0), rows)))
    order = sorted(range(len(keys)), key=keys.__getitem__)
    sorted_keys = list(map(keys.__getitem__, order))
    per_outcome = Counter(key_of.values())  # distinct accounts of each outcome
    counts = dict.fromkeys((r.position for r in mapping.rules), 0)
    unmapped: list[int] = []
    excluded: list[int] = []
    # The row positions each rule reaches, in the file's order.
    reached: dict[int, list[int]] = {}
    rules: dict[int, tuple[str, int, str]] = {}  # by rule position
    how: list[tuple[str, int, str] | None] = []
    start = 0
    for n, rule in enumerate(outcomes):
        end = bisect_right(sorted_keys, n, start)
        found = order[start:end]
        start = end
        if rule is None:
            how.append(_UNMAPPED)
            unmapped = found
            continue
        counts[rule.position] = per_outcome[n]
        if rule.excluded:
            how.append(None)
            excluded += found  # (several rules may mark accounts)
        elif ytd_only and by_code[rule.code].feed is not Feed.ACTIVITY:
            how.append(None)
        else:
            how.append((rule.code, mapping.multiplier(rule), rule.pattern))
            rules[rule.position] = how[-1]  # type: ignore[assignment]
            reached[rule.position] = found
    excluded.sort()  # the file's order
    # how each account is mapped (code, multiplier, pattern), for the drill-down
    resolved = dict(zip(key_of, map(how.__getitem__, key_of.values()), strict=True))
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
    return Sums(totals, chunks, list(map(rows.__getitem__, unmapped)),
                list(map(rows.__getitem__, excluded)), counts)


def year_to_date(month: str, trial_balances: MappingABC[str, TrialBalance], mapping: Mapping,
                 form: Form = PART_I) -> tuple[dict[str, Decimal], dict[str, list[Chunk]]]:
    """The activity lines' year-to-date amounts at the end of `month` from the stored
    trial balances."""
    tb = trial_balances.get(month)
    if tb is None:
        raise KeyError(month)
    totals, parts, *_ = _sum(tb.rows, mapping, ytd_only=True, form=form, month=month)
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
    totals, parts, unmapped, excluded, counts = _sum(
        tb.rows, mapping, form=form, month=month, accounts=accounts, cents=cents,
        column=column)
    out = Rollup(month, unmapped=unmapped, excluded=excluded, file_totals=dict(totals),
                 rule_counts=counts)
    i = MONTHS.index(month)
    by_code = form.by_code
    activity = {c for c in totals if by_code[c].feed is Feed.ACTIVITY}
    prior: dict[str, Decimal] = {}
    prior_parts: dict[str, list[Chunk]] = {}
    if tb.basis == "ytd" and i > 0 and (activity or any(
            not r.excluded and by_code[r.code].feed is Feed.ACTIVITY for r in mapping.rules)):
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


# -- the tie-out of the ledger's equity to line 8 ------------------------------------------

@cache
def equity_terms(form: Form = PART_I) -> tuple[tuple[int, str], ...]:
    """Line 8 (end-of-month equity) as signed entered lines, expanded from the catalog's
    formulas: 4 + 5a + 5b − 5c − 5d + 7a − 7b."""
    def expand(code: str, sign: int) -> list[tuple[int, str]]:
        item = form.by_code[code]
        if not item.is_computed:
            return [(sign, code)]
        formula = item.formula
        if isinstance(formula, Ref):
            return expand(formula.code, sign)
        if not isinstance(formula, Sum):
            raise TypeError(f"line {item.line}'s formula is not a sum")
        return [t for s, c in formula.terms for t in expand(c, sign * s)]

    return tuple(expand(EQUITY_END, 1))


def carried_mapped(totals: MappingABC[str, Decimal], form: Form = PART_I) -> bool:
    """Whether the trial balance sends accounts to a carried line (line 4)."""
    return any(form.by_code[c].feed is Feed.CARRIED for c in totals)


def ledger_equity(totals: MappingABC[str, Decimal], form: Form = PART_I) -> Decimal | None:
    """The ledger's end-of-month equity from a trial balance's line totals as the file
    holds them: its equity accounts (mapped to line 4, which before the year is closed
    hold the equity at its start) plus the year-to-date income less distributions — line
    8's own terms. None when no account is mapped to line 4."""
    if not carried_mapped(totals, form):
        return None
    return sum((sign * totals.get(code, ZERO) for sign, code in equity_terms(form)), ZERO)


# Stored trial balances' line totals under a mapping, by (id of the trial balance, the
# mapping's rules): the checks tie each month out on every computation, and a trial
# balance is immutable — it is summed once, not on every keystroke.
_TOTALS: dict[tuple[int, tuple[MappingRow, ...]], tuple[TrialBalance, dict[str, Decimal]]] = {}
_TOTALS_KEPT = 48


def file_totals(tb: TrialBalance, rules: tuple[MappingRow, ...],
                form: Form = PART_I) -> dict[str, Decimal]:
    """Each mapped line's total in a stored trial balance, as the file holds it."""
    key = (id(tb), rules)
    hit = _TOTALS.get(key)
    if hit is not None and hit[0] is tb:
        return hit[1]
    totals = _sum(tb.rows, Mapping(rules, form), form=form).totals
    if len(_TOTALS) >= _TOTALS_KEPT:
        _TOTALS.pop(next(iter(_TOTALS)))
    _TOTALS[key] = (tb, totals)
    return totals


@dataclass(frozen=True)
class TieOut:
    """The ledger's equity against the month's line 8."""

    month: str
    ledger: Decimal  # the trial balance's equity at the month's end
    line8: Decimal  # line 8 as the form computes it

    @property
    def difference(self) -> Decimal:
        return self.line8 - self.ledger

    @property
    def ties(self) -> bool:
        return self.difference == 0

    def message(self) -> str:
        if self.ties:
            return (f"the ledger's equity ties to line 8 within $0.00 ({self.month} line 8 "
                    f"${format_amount(self.line8, places=2)})")
        return (f"the ledger's equity differs by ${format_amount(abs(self.difference), places=2)}"
                f" from line 8 (the ledger ${format_amount(self.ledger, places=2)}, {self.month} "
                f"line 8 ${format_amount(self.line8, places=2)})")
