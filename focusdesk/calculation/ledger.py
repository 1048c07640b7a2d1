"""A stored trial balance under the account mapping: each line's total (`line_sums`,
`file_totals`), and the tie-out of the ledger's equity to line 8 (`ledger_equity`,
`TieOut`) that the checks make every month (`calculation.checks`) and the trial-balance
import shows (`focusdesk.tb.rollup`, `importer`).

Pure arithmetic over the workbook's stored trial balances and mapping rules (Qt-free, no
I/O); how an account is matched to a line is `accounts`'.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingABC
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ..base.money import ZERO, cents_to_dollars, format_amount
from ..form.catalog import EQUITY_END, PART_I, Feed, Form
from ..form.formula import Ref, Sum
from ..model.workbook import MappingRow, TBRow, TrialBalance
from .accounts import Mapping

# The rows of one line from one month's trial balance, with how each account is mapped
# (account → (code, multiplier, rule pattern)); turned into `Contribution`s only when
# asked for (the preview, the drill-down), not for each of 100,000 rows on every import.
Chunk = tuple[str, list[TBRow], dict[str, tuple[str, int, str] | None]]


class Sums(NamedTuple):
    totals: dict[str, Decimal]
    chunks: dict[str, list[Chunk]]
    unmapped: list[TBRow]
    excluded: list[TBRow]
    counts: dict[int, int]  # rule position → how many distinct accounts it matches


_UNMAPPED = ("", 0, "")


def line_sums(rows: Sequence[TBRow], mapping: Mapping, *, ytd_only: bool = False,
         form: Form = PART_I, month: str = "", accounts: Iterable[str] | None = None,
         cents: Sequence[int | Decimal] | None = None,
         column: Sequence[str] | None = None) -> Sums:
    """Each line's total and rows (keyed by the rules' codes: a line's, or an Exhibit A
    item's ``reserve:<item>``), the unmapped rows and those marked as on no Part I
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
        elif ytd_only and (rule.code not in by_code
                           or by_code[rule.code].feed is not Feed.ACTIVITY):
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
    by_code = form.by_code  # (an Exhibit A item, `form.exhibit_a`, is not a line)
    return any(c in by_code and by_code[c].feed is Feed.CARRIED for c in totals)


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
    totals = line_sums(tb.rows, Mapping(rules, form), form=form).totals
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
