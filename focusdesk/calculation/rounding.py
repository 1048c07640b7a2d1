"""The $000 view: the form's "$000 omitted", decided by the exact dollars.

Rounding every entered amount first and adding the rounded parts makes every printed
total foot, but it can print a deficient firm as compliant: line 4 = 250,000 and lines
11a, 13, 14 and 15 = 400 each print line 16 = 0 and net capital 250 (25c = 0) while the
true net capital is 248,400. Here the view is a function of the dollar computation, and
the rounding is chosen around what matters:

* **Key figures** (the catalog's `Item.key_figure`: lines 8, 10, 19, 21, 24, 25c and
  25d, and line 4, the prior month's line 8) print their true dollar amount rounded half
  away from zero to thousands — always.
* **Every printed total foots to its printed parts.** What rounding leaves over in a
  total is absorbed by its parts, never by a key figure: each part prints its true
  amount rounded down or up, the units going to the parts furthest below their true
  amounts (largest-remainder rounding), total by total down the form's hierarchy —
  line 19's parts are 17 and 18, 17's are 10 (a key figure) and 16, 16's are 11a–15.
  Only where that cannot work (key figures on both sides of a part, each rounded its own
  way) does a part move one unit further, and then the fewest and nearest parts.
* A blank line stays 0 and no amount changes sign; an amount that prints as 0 keeps the
  sign of its true amount (``Decimal("-0")``, printed "(0)": a deficiency under $500).
* A line that is neither a total nor a part (23a, 23b, 26–40) prints its true amount
  rounded. Line 12 is a part of 16 like the others, from Schedule B line 8 column IV as
  printed (whole dollars): its thousands rounded down or up.
* Where no rounding of the parts can make a total foot — 25c = 19 − 24 has only key
  figures; 19 may have only key figures left when nothing else is entered — the key
  figure stands and the month carries a `RoundingNote` naming the line that carries
  the difference (the PDF, the $000 grid and the $000 Excel export show it).

Schedule B's totals (line 5 and line 8; columns II and III in thousands, IV in whole
dollars, as its general instruction says) are rounded the same way: each total its
true amount rounded, the parts absorbing the difference. Counts are never scaled;
percent lines come from the dollar view (a ratio of rounded thousands would only lose
precision).

Pure functions over `Decimal`; no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import Enum
from functools import cache

from ..base.money import ONE, THOUSAND, ZERO, format_amount, keep_sign, round_half_away
from ..form.catalog import BKind, Form, Item, Unit
from ..form.formula import Expr, ScheduleBRef, footing_terms

Terms = tuple[tuple[int, str], ...]
Column = dict[str, Decimal | None]

# How far beyond its true amount rounded down or up a part may be moved before the
# totals' own bounds are given up (key figures on both sides of a part can ask for one
# unit more: 21 = 19 − 20 with 19 at 0.5 → 1 and 21 at −0.5 → −1 puts 20 = 1 at 2).
_MAX_TOLERANCE = 3


@dataclass(frozen=True)
class RoundingNote:
    """A printed total that does not foot to its printed parts in the $000 view: the key
    figure (`line`) stands at its true amount rounded and carries the difference."""

    month: str
    line: str  # as printed: "25c"
    code: str
    printed: Decimal  # the figure, in $000
    dollars: Decimal  # its true amount, in dollars
    difference: Decimal  # the printed figure less what its printed parts come to
    parts: str  # its parts in words: "line 19 less line 24"

    @property
    def text(self) -> str:
        """One sentence for the tool-tip and the spreadsheet's comment."""
        return (f"Line {self.line} carries a rounding difference of {abs(self.difference)}: "
                f"it prints {format_amount(self.printed)}, its true amount of "
                f"{format_amount(self.dollars, places=2)} dollars rounded to $000, while "
                f"{self.parts} as printed comes to {format_amount(self.parts_sum)}.")

    @property
    def parts_sum(self) -> Decimal:
        """What the printed parts come to."""
        return self.printed - self.difference


# -- the rounding of one sheet of totals ------------------------------------------------

def _floor(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def _ceiling(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _nearest(value: Decimal) -> int:
    return int(round_half_away(value))


Interval = tuple[int, int]
Level = tuple[int, bool]  # (tolerance in units, whether totals keep their own bounds)
_LEVELS: tuple[Level, ...] = (*((k, True) for k in range(_MAX_TOLERANCE + 1)),
                              (_MAX_TOLERANCE, False))


class _Sheet:
    """One month's figures in one unit: the true amounts (exact, in the printed unit), the
    totals' signed terms, and the figures fixed in advance (key figures)."""

    def __init__(self, true: Mapping[str, Decimal], totals: Mapping[str, Terms],
                 fixed: Mapping[str, Decimal]):
        self.true = true
        self.totals = totals
        self.fixed = {code: int(v) for code, v in fixed.items()}
        self.parent: dict[str, str] = {}
        for total, terms in totals.items():
            for _, part in terms:
                if part not in true:
                    raise ValueError(f"{total} adds {part}, which has no amount")
                if part in fixed:
                    continue
                if part in self.parent:
                    raise ValueError(f"{part} is a part of both {self.parent[part]} and "
                                     f"{total}: it cannot absorb the rounding of both")
                self.parent[part] = total
        self.printed: dict[str, int] = {}
        self.breaks: dict[str, int] = {}
        self._intervals: dict[tuple[str, int, bool], Interval | None] = {}

    def interval(self, code: str, level: Level) -> Interval | None:
        """The printed values `code` can take at `level` (None: none at all)."""
        key = (code, *level)
        if key not in self._intervals:
            self._intervals[key] = self._interval(code, level)
        return self._intervals[key]

    def _interval(self, code: str, level: Level) -> Interval | None:
        if code in self.fixed:
            return self.fixed[code], self.fixed[code]
        t = self.true[code]
        tolerance, bounded = level
        if t == 0:
            own = (0, 0)  # a blank line never absorbs a rounding difference
        else:
            own = (_floor(t) - tolerance, _ceiling(t) + tolerance)
            # …and no amount changes sign
            own = (max(own[0], 0), own[1]) if t > 0 else (own[0], min(own[1], 0))
        if code not in self.totals:
            return own
        lo = hi = 0
        for sign, part in self.totals[code]:
            iv = self.interval(part, level)
            if iv is None:
                return None
            lo, hi = (lo + iv[0], hi + iv[1]) if sign > 0 else (lo - iv[1], hi - iv[0])
        if bounded:
            lo, hi = max(lo, own[0]), min(hi, own[1])
        return (lo, hi) if lo <= hi else None

    def solve(self) -> None:
        for code in self.true:
            if code in self.fixed:
                self.printed[code] = self.fixed[code]
                if code in self.totals:
                    self._fixed_total(code)
            elif code not in self.parent:
                if code in self.totals:
                    self._free_total(code)
                else:
                    self.printed[code] = _nearest(self.true[code])

    def _free_parts(self, code: str, value: int) -> tuple[int, list[tuple[int, str]]]:
        """What the parts of `code` not fixed must come to, and those parts."""
        terms = self.totals[code]
        residual = value - sum(sign * self.fixed[p] for sign, p in terms if p in self.fixed)
        return residual, [(sign, p) for sign, p in terms if p not in self.fixed]

    def _fixed_total(self, code: str) -> None:
        residual, free = self._free_parts(code, self.fixed[code])
        chosen = _LEVELS[-1]
        for level in _LEVELS:
            ivs = [self.interval(p, level) for _, p in free]
            if any(iv is None for iv in ivs):
                continue
            low = sum(iv[0] if s > 0 else -iv[1] for (s, _), iv in zip(free, ivs, strict=True))
            high = sum(iv[1] if s > 0 else -iv[0] for (s, _), iv in zip(free, ivs, strict=True))
            if low <= residual <= high:
                chosen = level
                break
        achieved = self._distribute(residual, free, chosen)
        if achieved != residual:
            self.breaks[code] = residual - achieved

    def _free_total(self, code: str) -> None:
        for level in _LEVELS:
            iv = self.interval(code, level)
            if iv is not None:
                self._assign(code, min(max(_nearest(self.true[code]), iv[0]), iv[1]), level)
                return

    def _assign(self, code: str, value: int, level: Level) -> None:
        self.printed[code] = value
        if code in self.totals:
            residual, free = self._free_parts(code, value)
            achieved = self._distribute(residual, free, level)
            assert achieved == residual, (code, value)

    def _distribute(self, residual: int, free: Sequence[tuple[int, str]], level: Level) -> int:
        """Share `residual` among the signed parts `free`: each starts at the lowest value
        it can take and each further unit goes to the part furthest below its true amount
        (largest remainder first; then the larger amount; then the earlier line) — the
        least squared distance from the true amounts. Returns what the parts come to."""
        lows, highs, trues = [], [], []
        for sign, part in free:
            iv = self.interval(part, level)
            assert iv is not None
            lo, hi = iv if sign > 0 else (-iv[1], -iv[0])
            lows.append(lo)
            highs.append(hi)
            trues.append(sign * self.true[part])
        values = list(lows)
        room = sum(h - lo for lo, h in zip(lows, highs, strict=True))
        need = min(max(residual - sum(lows), 0), room)
        while need:  # a round: one unit each, in order of priority (usually one round)
            order = sorted((i for i in range(len(values)) if values[i] < highs[i]),
                           key=lambda i: (values[i] - trues[i], -abs(trues[i]), i))
            for i in order[:need]:
                values[i] += 1
            need -= min(need, len(order))
        for (sign, part), v in zip(free, values, strict=True):
            self._assign(part, sign * v, level)
        return sum(values)


def controlled_round(true: Mapping[str, Decimal], totals: Mapping[str, Terms],
                     fixed: Mapping[str, Decimal] | None = None
                     ) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """Whole-unit figures for exact amounts `true` (already in the printed unit) such that
    each total in `totals` foots to its printed parts, the figures in `fixed` (whole
    units) stay as they are, and every other figure is its true amount rounded down or up
    wherever that can be done (see the module docstring).

    Returns the printed figures — a zero keeps the sign of its true amount — and, for
    each total that could not foot, its printed figure less what its parts come to.
    """
    fixed = fixed or {}
    if not fixed and all(v == v.to_integral_value() for v in true.values()):
        # Whole units already (column IV entered without pennies): nothing to round.
        return {code: v.quantize(ONE) for code, v in true.items()}, {}
    sheet = _Sheet(true, totals, fixed)
    sheet.solve()
    printed = {code: fixed[code] if code in fixed else keep_sign(Decimal(v), true[code])
               for code, v in sheet.printed.items()}
    return printed, {code: Decimal(d) for code, d in sheet.breaks.items()}


# -- the form ------------------------------------------------------------------------------

def key_figure(true_dollars: Decimal) -> Decimal:
    """A key figure in $000: its true dollar amount rounded half away from zero, a
    negative under $500 kept negative ("(0)")."""
    thousands = true_dollars / THOUSAND
    return keep_sign(round_half_away(thousands), thousands)


def schedule_b_thousands(form: Form, schedule_b: Mapping[str, Column]) -> dict[str, Column]:
    """Schedule B of one month in the $000 view, from its dollar view: columns II and III
    in thousands, IV in whole dollars, every total its true amount rounded with its
    parts absorbing the difference; column I (counts) as it is."""
    out = {key: dict(cols) for key, cols in schedule_b.items()}
    lines = [b for b in form.schedule_b_lines if b.kind in (BKind.INPUT, BKind.TOTAL)]
    totals = {b.key: b.terms for b in lines if b.kind is BKind.TOTAL}
    for column in form.schedule_b_columns:
        if column.unit is not Unit.DOLLARS:
            continue
        scale = THOUSAND if column.print_in_thousands else ONE
        dollars = {b.key: schedule_b[b.key][column.key] for b in lines}
        if all(v is None for v in dollars.values()):
            continue  # nothing entered in the column
        true = {key: ZERO if v is None else v / scale for key, v in dollars.items()}
        printed, breaks = controlled_round(true, totals)
        assert not breaks  # nothing is fixed on Schedule B: every total can foot
        for key, v in dollars.items():
            out[key][column.key] = None if v is None else printed[key]
    return out


def adjustment(printed: Decimal, true_dollars: Decimal, *, thousands: bool = True) -> str:
    """Why a figure of the $000 view is not its true amount rounded to the nearest unit
    (a part that absorbed a total's rounding); "" when it is."""
    exact = true_dollars / THOUSAND if thousands else true_dollars
    if printed == round_half_away(exact):
        return ""
    unit = " ($000)" if thousands else " (whole dollars)"
    return (f"{format_amount(true_dollars, places=2)} dollars, rounded "
            f"{'up' if printed > exact else 'down'} to {format_amount(printed)}{unit} so that "
            "the totals foot: key figures print their true amounts rounded and the parts "
            "absorb the difference.")


def is_total(item: Item, method: str) -> bool:
    """Whether a computed line is a total of printed parts on `method` — a spreadsheet
    recomputes its $000 figure from the printed parts — rather than a figure of its own
    (line 24, the greater of the minimum and a share of 23a or 23b, rounded from exact
    dollars; line 12, the Schedule B figure rounded down or up)."""
    return item.formula is not None and footing_terms(item.formula, method) is not None


def _schedule_b_figure(form: Form, ref: ScheduleBRef, schedule_b: Mapping[str, Column]
                       ) -> Decimal:
    """A Schedule B figure as printed, in thousands, not rounded (line 12 = Sch. B line 8
    column IV, printed in whole dollars)."""
    value = schedule_b.get(ref.line, {}).get(ref.column)
    value = ZERO if value is None else value
    column = next(c for c in form.schedule_b_columns if c.key == ref.column)
    return value if column.print_in_thousands else value / THOUSAND


class _Role(Enum):
    PART = "part"  # an amount rounded with the totals it belongs to
    OWN = "own"  # rounded on its own: a key figure, or a figure that is not a total
    SCHEDULE_B = "schedule B"  # line 12: a part, from the printed Schedule B


@cache
def _plan(form: Form, method: str
          ) -> tuple[tuple[tuple[str, _Role, Expr | None], ...], dict[str, Terms]]:
    """How each dollar line of `form` is rounded on `method`, and the totals' terms."""
    plan: list[tuple[str, _Role, Expr | None]] = []
    totals: dict[str, Terms] = {}
    for item in form.items:
        if item.unit is not Unit.DOLLARS:
            continue
        assert item.code is not None
        terms = None if item.formula is None else footing_terms(item.formula, method)
        if terms is not None:
            totals[item.code] = terms
        if item.key_figure or (item.formula is not None and terms is None
                               and not isinstance(item.formula, ScheduleBRef)):
            role = _Role.OWN
        elif isinstance(item.formula, ScheduleBRef):
            role = _Role.SCHEDULE_B
        else:
            role = _Role.PART
        plan.append((item.code, role, item.formula))
    return tuple(plan), totals


def _parts_text(form: Form, terms: Terms) -> str:
    words = []
    for i, (sign, code) in enumerate(terms):
        joint = "" if i == 0 else (" plus " if sign > 0 else " less ")
        words.append(f"{joint}line {form.by_code[code].line}")
    return "".join(words)


def schedule_a_thousands(form: Form, method: str, month: str,
                         values: Mapping[str, Decimal | None],
                         schedule_b: Mapping[str, Column]
                         ) -> tuple[dict[str, Decimal | None], tuple[RoundingNote, ...]]:
    """Schedule A of one reported month in the $000 view, from the month's dollar view
    `values` and its printed Schedule B (`schedule_b_thousands`); with the notes of any
    total that cannot foot."""
    out: dict[str, Decimal | None] = dict(values)  # counts, percents (dollars), N/A
    true: dict[str, Decimal] = {}
    fixed: dict[str, Decimal] = {}
    plan, totals = _plan(form, method)
    for code, role, formula in plan:
        v = values.get(code)
        if v is None:
            continue
        true[code] = v / THOUSAND
        if role is _Role.OWN:
            fixed[code] = key_figure(v)
        elif role is _Role.SCHEDULE_B:
            # A part like any other, from the Schedule B figure as printed: 12,499 dollars
            # on Sch. B line 8 prints 12 or 13 on line 12, whichever makes 16 foot.
            assert isinstance(formula, ScheduleBRef)
            true[code] = _schedule_b_figure(form, formula, schedule_b)
    totals = {code: terms for code, terms in totals.items() if code in true}
    printed, breaks = controlled_round(true, totals, fixed)
    out.update(printed)
    notes = []
    for code, difference in breaks.items():
        dollars = values[code]
        assert dollars is not None
        notes.append(RoundingNote(month, form.by_code[code].line, code, printed[code], dollars,
                                  difference, _parts_text(form, totals[code])))
    return out, tuple(notes)
