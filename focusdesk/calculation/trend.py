"""The year's trend: net capital against the minimum and the early-warning levels.

Qt-free and `Decimal` only: the numbers the Trend chart (`focusdesk.gui.chart`) draws,
taken from a `Computation`, twelve months JAN … DEC (``None`` for a month not reported).

* net capital (line 19), the minimum requirement (line 24) and the Rule 17a-11 early
  warning level, 120 % of the requirement;
* the ratio line of the method in use — 25a, aggregate indebtedness to net capital, on
  the aggregate-indebtedness (basic) method, against 1200 % (early warning) and 1500 %
  (the limit), higher is worse; or 25b, net capital to aggregate debit items, on the
  alternative method, against 5 % (early warning), lower is worse;
* per month flags: below the minimum, early warning.

The flags are decided on the exact amounts, as `focusdesk.calculation.checks` decides them, not on
the rounded line 24 or the rounded percents (1/15 of an amount is rarely a whole cent).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Literal

from ..base.money import THOUSAND, ZERO
from ..form.catalog import (
    MINIMUM_REQUIREMENT,
    MONTHS,
    NET_CAPITAL,
    RATIO_LINE,
    Method,
)
from .engine import Computation, Units
from .standing import CONDITIONS, Level, MonthStanding, standing

_BY_KEY = {c.key: c for c in CONDITIONS}


def _factor(key: str) -> Decimal:
    f = _BY_KEY[key].factor
    return Decimal(f.numerator) / Decimal(f.denominator)


# The chart's levels, from the standing's conditions (their one home).
EARLY_WARNING_FACTOR = _factor("below-120")  # Rule 17a-11(b)(3): 120 % of the requirement
AI_EARLY_WARNING = 100 / _factor("ai-above-1200")  # Rule 17a-11(b)(1): AI above 1200 % of NC
AI_LIMIT = 100 / _factor("ai-above-1500")  # Rule 15c3-1(a)(1)(i): AI at most 1500 % of NC
DEBIT_EARLY_WARNING = 100 * _factor("below-5-of-debits")  # 17a-11(b)(2): NC below 5 % of ADI
# Which of the standing's conditions each flag of the chart shows.
_BELOW_EARLY_WARNING_LEVEL = ("below-requirement", "below-120")
_RATIO_EARLY_WARNING = ("ai-above-1200", "below-5-of-debits")
_OVER_RATIO_LIMIT = ("ai-above-1500",)


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal rule level on the ratio panel."""

    value: Decimal  # percent
    label: str  # "1200 % early warning"
    kind: Literal["early_warning", "limit"]


@dataclass(frozen=True)
class TrendMonth:
    """One month of the trend; every amount None when the month is not reported."""

    month: str
    reported: bool
    net_capital: Decimal | None
    minimum_requirement: Decimal | None
    early_warning_level: Decimal | None  # 1.2 × minimum_requirement
    ratio: Decimal | None  # 25a or 25b, percent; None when N/A
    below_minimum: bool  # net capital below the minimum requirement (notice same day)
    below_early_warning_level: bool  # net capital below 120 % of the requirement
    ratio_early_warning: bool  # AI above 1200 % of NC / NC below 5 % of debit items
    over_ratio_limit: bool  # AI above 1500 % of NC (basic method only)
    ratio_is_ai: bool = True  # the ratio is 25a (basic method) rather than 25b
    level: Level = "ok"  # the month's standing (focusdesk.calculation.standing)
    reasons: tuple[str, ...] = ()  # the standing's conditions met, in words, worst first

    @property
    def early_warning(self) -> bool:
        """Any early-warning condition of the standing (below the minimum is one too)."""
        return self.level != "ok"


@dataclass(frozen=True)
class Trend:
    """The chart's data for one year, one method."""

    method: Method
    units: Units  # "dollars" or "thousands", as the computation it came from
    months: tuple[TrendMonth, ...]  # JAN … DEC, always twelve
    ratio_code: str  # "3850" (25a) or "3851" (25b)
    ratio_line: str  # "25a" or "25b"
    ratio_label: str  # "AI to net capital (%)" / "Net capital to aggregate debit items (%)"
    ratio_references: tuple[ReferenceLine, ...]
    lower_is_worse: bool  # the ratio's direction: True on the alternative method

    # -- series, twelve values each --------------------------------------------------
    @property
    def month_names(self) -> tuple[str, ...]:
        return tuple(m.month for m in self.months)

    @property
    def net_capital(self) -> tuple[Decimal | None, ...]:
        return tuple(m.net_capital for m in self.months)

    @property
    def minimum_requirement(self) -> tuple[Decimal | None, ...]:
        return tuple(m.minimum_requirement for m in self.months)

    @property
    def early_warning_level(self) -> tuple[Decimal | None, ...]:
        return tuple(m.early_warning_level for m in self.months)

    @property
    def ratio(self) -> tuple[Decimal | None, ...]:
        return tuple(m.ratio for m in self.months)

    @property
    def below_minimum(self) -> tuple[bool, ...]:
        return tuple(m.below_minimum for m in self.months)

    @property
    def early_warning(self) -> tuple[bool, ...]:
        return tuple(m.early_warning for m in self.months)

    @property
    def reported(self) -> tuple[bool, ...]:
        return tuple(m.reported for m in self.months)

    @property
    def any_reported(self) -> bool:
        return any(m.reported for m in self.months)

    def month(self, name: str) -> TrendMonth:
        return self.months[MONTHS.index(name)]

    def in_thousands(self, value: Decimal) -> Decimal:
        """An amount of this trend in $000 (the chart's axis unit), not rounded."""
        return value / THOUSAND if self.units == "dollars" else value


def _method(method: Method | str) -> Method:
    try:
        return Method(method)
    except ValueError:
        raise ValueError(f"{method!r} is not a net capital method") from None


def trend_series(comp: Computation, method: Method | str | None = None,
                 standings: dict[str, MonthStanding] | None = None) -> Trend:
    """The trend of `comp` on `method` (default: the method `comp` was computed on).

    `method` must be the computation's own method: line 24 and the ratio lines were
    computed on it, and a trend on the other method would mix the two. The flags are
    the standing's (`standings`, of the dollar view; computed from `comp` when it is
    the dollar view).
    """
    m = _method(comp.method if method is None else method)
    if m.value != comp.method:
        raise ValueError(f"the computation is on the {comp.method} method, not {m.value}")
    if standings is None:
        if comp.units != "dollars":
            raise ValueError("a $000 trend needs the standing of the dollar view")
        standings = standing(comp)
    basic = m is Method.AGGREGATE_INDEBTEDNESS
    ratio_code = RATIO_LINE[m]
    months: list[TrendMonth] = []
    for name in MONTHS:
        res = comp.months[name]
        s = standings.get(name)
        if not res.active or s is None:
            months.append(TrendMonth(name, False, None, None, None, None,
                                     False, False, False, False, basic))
            continue
        v = res.values
        req = v.get(MINIMUM_REQUIREMENT)
        met = s.met
        months.append(TrendMonth(
            month=name,
            reported=True,
            net_capital=v.get(NET_CAPITAL),
            minimum_requirement=req,
            early_warning_level=None if req is None else EARLY_WARNING_FACTOR * req,
            ratio=v.get(ratio_code),
            below_minimum=s.level == "below-minimum",
            below_early_warning_level=bool(met.intersection(_BELOW_EARLY_WARNING_LEVEL)),
            ratio_early_warning=bool(met.intersection(_RATIO_EARLY_WARNING)),
            over_ratio_limit=bool(met.intersection(_OVER_RATIO_LIMIT)),
            ratio_is_ai=basic,
            level=s.level,
            reasons=tuple(r.what for r in s.reasons),
        ))
    if basic:
        refs = (ReferenceLine(AI_EARLY_WARNING, "1,200 % early warning", "early_warning"),
                ReferenceLine(AI_LIMIT, "1,500 % limit", "limit"))
        label, line = "AI to net capital (%)", "25a"
    else:
        refs = (ReferenceLine(DEBIT_EARLY_WARNING, "5 % early warning", "early_warning"),)
        label, line = "Net capital to aggregate debit items (%)", "25b"
    return Trend(m, comp.units, tuple(months), ratio_code, line, label, refs,
                 lower_is_worse=not basic)


_STEPS = (Decimal(1), Decimal(2), Decimal(5), Decimal(10))


def nice_ticks(low: Decimal, high: Decimal, count: int = 5, *,
               min_step: Decimal | None = None) -> tuple[Decimal, ...]:
    """Round axis ticks covering [low, high]: a step of 1, 2, (2.5,) 5 × 10ⁿ, about `count`
    intervals; the first tick ≤ low and the last ≥ high. `min_step` keeps the step from
    going finer (e.g. 1 for whole thousands)."""
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) / 10 if low else Decimal(1)
        low, high = low - pad, high + pad
    raw = (high - low) / max(count, 1)
    base = Decimal(1).scaleb(raw.adjusted())
    # 2.5 × 10ⁿ only from 25 up: 2.5 would print a fraction where 1, 2, 5 do not.
    steps = _STEPS if base < 10 else sorted((*_STEPS, Decimal("2.5")))
    step = next(s * base for s in steps if s * base >= raw)
    if min_step is not None and step < min_step:
        step = min_step
    first = (low / step).to_integral_value(rounding=ROUND_FLOOR)
    last = (high / step).to_integral_value(rounding=ROUND_CEILING)
    return tuple(_plain((first + i) * step) for i in range(int(last - first) + 1))


def _plain(value: Decimal) -> Decimal:
    """2E+3 → 2000, 0.50 → 0.5, -0 → 0: a tick as it should be printed."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1)) + ZERO
    return value.normalize()
