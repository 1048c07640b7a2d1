"""The firm's standing against the capital rules, month by month — the one home of the
thresholds.

Qt-free. For each reported month: net capital, the requirement, the excess and the ratio
as exact fractions; the **level** (``ok``, ``early-warning`` — a notice is due within 24
hours —, ``below-minimum`` — notice the same day); the reasons, worst first; and the
headroom (the loss that brings the month to early warning or to a deficiency, the
largest equity withdrawal without notice and without prior notice under Rule
15c3-1(e)(1)).

Every threshold the checks, the trend chart and the status bar apply is declared here as
data (`CONDITIONS` and the constants below), each with the rule it comes from. A test
against a threshold is made on exact fractions — 6 2/3 % of aggregate indebtedness is
exactly 1/15 of it — never on a rounded line.

Lettering of Rule 17a-11 is the current eCFR's ((a)(1) below the minimum, (b)(1)–(3)
early warning); FINRA's filing pages still use the pre-2019 letters ((b), (c)(1)–(3)).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ..base.money import CENT, round_half_away, usd
from ..form.catalog import (
    AGGREGATE_DEBIT_ITEMS,
    AGGREGATE_INDEBTEDNESS,
    ALTERNATIVE_MINIMUM,
    MINIMUM_REQUIREMENT,
    MONTHS,
    NET_CAPITAL,
    NET_CAPITAL_AFTER_WITHDRAWALS,
    SCHEDULED_WITHDRAWALS,
    Method,
)
from .engine import Computation, compute

if TYPE_CHECKING:
    from ..model.workbook import Workbook

Level = Literal["ok", "early-warning", "below-minimum"]
LEVELS: tuple[Level, ...] = ("ok", "early-warning", "below-minimum")  # best to worst
BASIC, ALTERNATIVE = Method.AGGREGATE_INDEBTEDNESS, Method.ALTERNATIVE
BOTH = frozenset(Method)

# -- thresholds that are not a condition of the level --------------------------------
# Rule 15c3-1(e)(1): withdrawals of equity capital (net, over any 30 calendar days) of
# more than 30 % of excess net capital need two business days' prior written notice, of
# more than 20 % notice within two business days after; (e)(1)(iii) excludes withdrawals
# totalling $500,000 or less.
PRIOR_NOTICE_SHARE = Fraction(30, 100)
NOTICE_AFTER_SHARE = Fraction(20, 100)
WITHDRAWAL_NOTICE_EXCLUSION = Fraction(500_000)
# FINRA Rule 4110(c)(2): a carrying or clearing member needs FINRA's prior written
# approval for withdrawals (net, 35 rolling days) of more than 10 % of excess net capital.
FINRA_APPROVAL_SHARE = Fraction(10, 100)
# Rule 15c3-1(e)(2): a withdrawal is prohibited if, with those scheduled within 180 days,
# net capital would fall below 120 % of the minimum dollar amount ((i)), aggregate
# indebtedness would exceed 1000 % of net capital ((v)), or net capital would fall below
# 5 % of aggregate debit items on the alternative standard ((vi)).
PROHIBITED_BELOW_MINIMUM = Fraction(120, 100)
PROHIBITED_AI_SHARE = Fraction(1, 10)  # NC ≥ AI / 10  ⇔  AI ≤ 1000 % of NC
PROHIBITED_ADI_SHARE = Fraction(5, 100)
# Rule 15c3-1(a)(6)(v), (a)(7)(iii), (c)(2)(x): option deductions may not exceed 1,000 %
# of net capital (instruction 25(e)).
OPTION_DEDUCTIONS_LIMIT = 10
# Rule 15c3-1(d): non-equity subordinations may not exceed 70 % of the debt-equity total
# for more than 90 days.
DEBT_EQUITY_LIMIT = Fraction(70, 100)
DEBT_EQUITY_DAYS = 90
# Rule 15c3-1(a)(2)(i): a firm that carries customer accounts and holds their funds or
# securities needs at least $250,000.
CARRYING_MINIMUM = Fraction(250_000)
# Rule 15c3-1(a)(4): a market maker needs $2,500 per security in which it makes a market
# ($1,000 per security priced at $5 or less), at most $1,000,000 in all. FocusDesk only
# knows the count (lines 36a/36b), so it applies the lower figure.
PER_MARKET_AT_MOST_5 = Fraction(1_000)
PER_MARKET = Fraction(2_500)
MARKET_MAKER_CAP = Fraction(1_000_000)


# -- the conditions of the level ------------------------------------------------------
Figure = Literal["net_capital", "after_withdrawals"]
Notify = Literal["sec", "finra"]
Base = Literal["requirement", "minimum", "aggregate_indebtedness", "aggregate_debit_items"]


@dataclass(frozen=True)
class Condition:
    """One test of the standing: the month is at `level` when `figure` is below
    `factor` × `base` (and `base` is above zero for a ratio base)."""

    key: str
    level: Level
    code: str  # the Schedule A line a finding of it points at
    figure: Figure  # net capital (line 19) or net capital after withdrawals (line 21)
    base: Base  # the requirement (line 24, exact), the dollar minimum in force, AI, ADI
    factor: Fraction
    methods: frozenset[Method]
    rule: str
    what: str  # the condition in words: "net capital below 120 % of the requirement"
    notice: str  # what the controller must do

    @property
    def notify(self) -> Notify:
        """Who the notice goes to: the Commission and the DEA (Rule 17a-11), or FINRA
        alone (FINRA Rule 4120(a), and the withdrawals it counts)."""
        return "sec" if self.notice in (SAME_DAY, WITHIN_24H) else "finra"

    def threshold(self, figures: _Figures) -> Fraction | None:
        base = getattr(figures, self.base)
        if self.base in ("aggregate_indebtedness", "aggregate_debit_items") and base <= 0:
            return None  # no indebtedness, no ratio to break
        return self.factor * base


SAME_DAY = "notify the Commission and the designated examining authority the same day"
WITHIN_24H = "notify the Commission and the designated examining authority within 24 hours"
FINRA_24H = "notify FINRA in writing within 24 hours (FINRA Rule 4120(a))"
WITHDRAWALS_PROHIBITED = ("the scheduled withdrawals may not be made (Rule 15c3-1(e)(2)); "
                          "notify FINRA within 24 hours (FINRA Rule 4120(a))")

_NC: Figure = "net_capital"
_AFTER: Figure = "after_withdrawals"
_AI: Base = "aggregate_indebtedness"
_ADI: Base = "aggregate_debit_items"
_BASIC, _ALT = frozenset({BASIC}), frozenset({ALTERNATIVE})

CONDITIONS: tuple[Condition, ...] = (
    # -- below the minimum: 15c3-1(a), notice the same day under 17a-11(a)(1) --------
    Condition("below-requirement", "below-minimum", NET_CAPITAL, _NC, "requirement",
              Fraction(1), BOTH, "Rule 15c3-1(a); Rule 17a-11(a)(1)",
              "net capital below the minimum requirement", SAME_DAY),
    Condition("ai-above-1500", "below-minimum", AGGREGATE_INDEBTEDNESS, _NC, _AI,
              Fraction(1, 15), _BASIC, "Rule 15c3-1(a)(1)(i)",
              "aggregate indebtedness above 1500 % of net capital", SAME_DAY),
    # -- early warning: 17a-11(b), notice within 24 hours -----------------------------
    Condition("below-120", "early-warning", MINIMUM_REQUIREMENT, _NC, "requirement",
              Fraction(120, 100), BOTH, "Rule 17a-11(b)(3)",
              "net capital below 120 % of the minimum requirement", WITHIN_24H),
    Condition("ai-above-1200", "early-warning", AGGREGATE_INDEBTEDNESS, _NC, _AI,
              Fraction(1, 12), _BASIC, "Rule 17a-11(b)(1)",
              "aggregate indebtedness above 1200 % of net capital", WITHIN_24H),
    Condition("below-5-of-debits", "early-warning", AGGREGATE_DEBIT_ITEMS, _NC, _ADI,
              Fraction(5, 100), _ALT, "Rule 17a-11(b)(2)",
              "net capital below 5 % of aggregate debit items", WITHIN_24H),
    # -- FINRA Rule 4120(a), carrying and clearing members (Part I filers) ------------
    # UNCERTAIN: 4120's current text was not read; 150 % / 1000 % / 5 % are its
    # predecessors' (NYSE 326, NASD 3130) — ../shared/reference/rules/CAPITAL-NOTICES.md,
    # "FINRA Rule 4120 … current text NOT read". Correct the factors here if they differ.
    Condition("finra-below-150", "early-warning", MINIMUM_REQUIREMENT, _NC, "minimum",
              Fraction(150, 100), BOTH, "FINRA Rule 4120(a)",
              "net capital below 150 % of the minimum dollar requirement", FINRA_24H),
    Condition("finra-ai-above-1000", "early-warning", AGGREGATE_INDEBTEDNESS, _NC, _AI,
              Fraction(1, 10), _BASIC, "FINRA Rule 4120(a)",
              "aggregate indebtedness above 1000 % of net capital", FINRA_24H),
    Condition("finra-below-5-of-debits", "early-warning", AGGREGATE_DEBIT_ITEMS, _NC, _ADI,
              Fraction(5, 100), _ALT, "FINRA Rule 4120(a)",
              "net capital below 5 % of aggregate debit items", FINRA_24H),
    # -- scheduled withdrawals (line 20): net capital after them, line 21 ---------------
    # Tested only when withdrawals are scheduled; 15c3-1(e)(2) prohibits them, and FINRA
    # 4120(a) counts withdrawals and maturities scheduled within six months.
    Condition("withdrawals-below-requirement", "early-warning",
              NET_CAPITAL_AFTER_WITHDRAWALS, _AFTER, "requirement", Fraction(1), BOTH,
              "Rule 15c3-1(e)(2); FINRA Rule 4120(a)",
              "net capital after withdrawals below the minimum requirement",
              WITHDRAWALS_PROHIBITED),
    Condition("withdrawals-below-120", "early-warning", NET_CAPITAL_AFTER_WITHDRAWALS,
              _AFTER, "minimum", PROHIBITED_BELOW_MINIMUM, BOTH, "Rule 15c3-1(e)(2)(i)",
              "net capital after withdrawals below 120 % of the minimum dollar amount",
              WITHDRAWALS_PROHIBITED),
    Condition("withdrawals-finra-below-150", "early-warning", NET_CAPITAL_AFTER_WITHDRAWALS,
              _AFTER, "minimum", Fraction(150, 100), BOTH,
              "FINRA Rule 4120(a)",  # UNCERTAIN, as above
              "net capital after withdrawals below 150 % of the minimum dollar requirement",
              FINRA_24H),
    Condition("withdrawals-ai-above-1000", "early-warning", NET_CAPITAL_AFTER_WITHDRAWALS,
              _AFTER, _AI, PROHIBITED_AI_SHARE, _BASIC,
              "Rule 15c3-1(e)(2)(v); FINRA Rule 4120(a)",
              "aggregate indebtedness above 1000 % of net capital after withdrawals",
              WITHDRAWALS_PROHIBITED),
    Condition("withdrawals-below-5-of-debits", "early-warning",
              NET_CAPITAL_AFTER_WITHDRAWALS, _AFTER, _ADI, PROHIBITED_ADI_SHARE, _ALT,
              "Rule 15c3-1(e)(2)(vi); FINRA Rule 4120(a)",
              "net capital after withdrawals below 5 % of aggregate debit items",
              WITHDRAWALS_PROHIBITED),
)

FIGURE_WORDS: dict[Figure, str] = {"net_capital": "Net capital",
                                   "after_withdrawals": "Net capital after withdrawals"}


def effective_minimum(method: Method, minimum_dollar: Decimal) -> Fraction:
    """The dollar minimum in force: the file's, raised to $250,000 on the alternative
    method (Rule 15c3-1(a)(1)(ii)), as line 24's formula does."""
    floor = Fraction(ALTERNATIVE_MINIMUM) if method is ALTERNATIVE else Fraction(0)
    return max(Fraction(minimum_dollar), floor)


def requirement(method: Method, minimum_dollar: Decimal, aggregate_indebtedness: Fraction,
                aggregate_debit_items: Fraction) -> Fraction:
    """Line 24 exactly: the greater of the dollar minimum in force and the ratio
    requirement of the method — 1/15 of AI, or 2 % of aggregate debit items."""
    ratio = (aggregate_indebtedness / 15 if method is BASIC
             else aggregate_debit_items * Fraction(2, 100))
    return max(effective_minimum(method, minimum_dollar), ratio)


@dataclass(frozen=True)
class _Figures:
    net_capital: Fraction
    after_withdrawals: Fraction
    scheduled_withdrawals: Fraction
    aggregate_indebtedness: Fraction
    aggregate_debit_items: Fraction
    minimum: Fraction
    requirement: Fraction


def cents_up(value: Fraction) -> Decimal:
    """An exact amount rounded up to the cent: the least whole-cent figure that meets it."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return d.quantize(CENT, rounding=ROUND_UP) if value >= 0 else \
        -((-d).quantize(CENT, rounding=ROUND_FLOOR))


def cents_down(value: Fraction) -> Decimal:
    """An exact amount rounded down to the cent (towards minus infinity)."""
    d = Decimal(value.numerator) / Decimal(value.denominator)
    return d.quantize(CENT, rounding=ROUND_FLOOR) + 0


@dataclass(frozen=True)
class Reason:
    """One condition met: what, how far, the rule, and what the controller must do."""

    key: str  # the condition's key
    level: Level
    code: str  # the Schedule A line it speaks of
    what: str  # "net capital below 120 % of the minimum requirement"
    message: str  # with the figures, to the cent
    rule: str
    notice: str
    notify: Notify  # the Commission and the DEA, or FINRA

    @property
    def severity(self) -> Literal["error", "warning"]:
        return "error" if self.level == "below-minimum" else "warning"


def _reason(c: Condition, f: _Figures, threshold: Fraction) -> Reason:
    """The condition met, in one sentence with its figures to the cent."""
    figure: Fraction = getattr(f, c.figure)
    # Whole cents: the figure falls short of the least whole-cent amount that meets the
    # threshold by at least a cent.
    needed = cents_up(threshold)
    short = usd(needed - cents_down(figure))
    words = f"{FIGURE_WORDS[c.figure].lower()} {usd(figure)}"
    if c.base == "aggregate_indebtedness":
        ratio = (f" ({_percent(f.aggregate_indebtedness / figure)})" if figure > 0
                 else ", which is not positive")
        detail = (f"aggregate indebtedness is {usd(f.aggregate_indebtedness)} against "
                  f"{words}{ratio}; net capital is {short} short of the {usd(needed)} that "
                  f"keeps it within {_percent(1 / c.factor)}")
    else:
        against = {
            "requirement": "the requirement" if c.factor == 1
            else f"{_percent(c.factor)} of the requirement",
            "minimum": f"{_percent(c.factor)} of the minimum dollar requirement",
            "aggregate_debit_items": f"{_percent(c.factor)} of aggregate debit items of "
                                     f"{usd(f.aggregate_debit_items)}",
        }[c.base]
        detail = f"{words} is {short} below {against} ({usd(needed)})"
        if c.base == "requirement" and c.factor == 1:
            detail = f"{words} is {short} below the requirement of {usd(needed)}"
    return Reason(c.key, c.level, c.code, c.what,
                  f"{c.what[0].upper()}{c.what[1:]}: {detail}; {c.notice}.", c.rule, c.notice,
                  c.notify)


def _percent(value: Fraction) -> str:
    """``1200 %``, ``6.67 %``: a fraction as a percent, to two places when not whole
    (no thousands separator, as the form prints its percent lines)."""
    pct = value * 100
    if pct.denominator == 1:
        return f"{pct.numerator} %"
    d = Decimal(pct.numerator) / Decimal(pct.denominator)
    return f"{round_half_away(d, CENT)} %"


@dataclass(frozen=True)
class MonthStanding:
    """A reported month against the capital rules (exact fractions, dollars)."""

    month: str
    method: Method
    net_capital: Fraction
    requirement: Fraction  # line 24, exactly
    minimum: Fraction  # the dollar minimum in force
    excess: Fraction  # net capital less the requirement (negative: a deficiency)
    ratio: Fraction | None  # AI / NC (basic) or NC / ADI (alternative); None when N/A
    level: Level
    reasons: tuple[Reason, ...]  # the conditions met at the month's level
    met: frozenset[str]  # the keys of every condition met, whatever its level
    loss_to_early_warning: Decimal  # the least loss that brings the month to early warning
    loss_to_deficiency: Decimal  # the least loss that brings it below the requirement
    withdrawal_without_notice: Decimal  # largest equity withdrawal needing no notice
    withdrawal_without_prior_notice: Decimal  # largest needing no notice beforehand

    @property
    def ratio_percent(self) -> Fraction | None:
        return None if self.ratio is None else self.ratio * 100

    def as_json(self) -> dict[str, object]:
        """The `"standing"` entry of a month in `compute` / `export-json`."""
        return {
            "level": self.level,
            "reasons": [r.what for r in self.reasons],
            "loss_to_early_warning": _plain_cents(self.loss_to_early_warning),
            "loss_to_deficiency": _plain_cents(self.loss_to_deficiency),
            "withdrawal_without_notice": _plain_cents(self.withdrawal_without_notice),
            "withdrawal_without_prior_notice": _plain_cents(
                self.withdrawal_without_prior_notice),
        }


def _plain_cents(value: Decimal) -> str:
    return f"{value.quantize(CENT)}"


def _fraction(value: Decimal | None) -> Fraction:
    return Fraction(value) if value is not None else Fraction(0)


def month_standing(comp: Computation, month: str) -> MonthStanding | None:
    """The standing of `month` from the dollar computation `comp`; None when the month
    is not reported."""
    if comp.units != "dollars":
        raise ValueError("the standing is read from the dollar view")
    res = comp.months[month]
    if not res.active:
        return None
    v = res.values
    method = Method(comp.method)
    nc = _fraction(v[NET_CAPITAL])
    withdrawals = _fraction(v[SCHEDULED_WITHDRAWALS])
    ai = _fraction(v[AGGREGATE_INDEBTEDNESS])
    adi = _fraction(v[AGGREGATE_DEBIT_ITEMS])
    req = requirement(method, comp.minimum_dollar, ai, adi)
    f = _Figures(nc, nc - withdrawals, withdrawals, ai, adi,
                 effective_minimum(method, comp.minimum_dollar), req)
    reasons: list[Reason] = []
    margins: dict[Level, list[Fraction]] = {"early-warning": [], "below-minimum": []}
    for c in CONDITIONS:
        if method not in c.methods:
            continue
        if c.figure == "after_withdrawals" and withdrawals <= 0:
            continue  # nothing scheduled: line 21 is line 19, tested as such
        threshold = c.threshold(f)
        if threshold is None:
            continue
        figure: Fraction = getattr(f, c.figure)
        margins[c.level].append(figure - threshold)
        if c.level == "below-minimum":
            margins["early-warning"].append(figure - threshold)
        if figure < threshold:
            reasons.append(_reason(c, f, threshold))
    met = frozenset(r.key for r in reasons)
    level: Level = max((r.level for r in reasons), key=LEVELS.index, default="ok")
    # The reasons of the month's level: below the minimum, the same-day notice says it
    # all (net capital below the minimum is below 120 % and 150 % of it too).
    reasons = [r for r in reasons if r.level == level]
    if method is BASIC:
        ratio = None if nc <= 0 or ai == 0 else ai / nc
    else:
        ratio = None if nc <= 0 or adi == 0 else nc / adi
    excess = nc - req
    return MonthStanding(
        month, method, nc, req, f.minimum, excess, ratio, level, tuple(reasons), met,
        _least_loss(margins["early-warning"]), _least_loss(margins["below-minimum"]),
        _largest_withdrawal(f, excess, NOTICE_AFTER_SHARE, method),
        _largest_withdrawal(f, excess, PRIOR_NOTICE_SHARE, method),
    )


def _least_loss(margins: list[Fraction]) -> Decimal:
    """The least whole-cent loss that takes a figure below its threshold: a margin of
    $100.004 is used up by a loss of $100.01 (a figure of whole cents)."""
    if not margins:
        return Decimal("0.00")
    margin = min(margins)
    if margin < 0:
        return Decimal("0.00")
    return cents_down(margin) + CENT


def prohibited_floor(f: _Figures, method: Method) -> Fraction:
    """The net capital after withdrawals below which Rule 15c3-1(e)(2) prohibits a
    withdrawal: 120 % of the minimum, AI / 10 (basic), 5 % of ADI (alternative)."""
    floor = PROHIBITED_BELOW_MINIMUM * f.minimum
    if method is BASIC:
        floor = max(floor, PROHIBITED_AI_SHARE * f.aggregate_indebtedness, f.requirement)
    else:
        floor = max(floor, PROHIBITED_ADI_SHARE * f.aggregate_debit_items, f.requirement)
    return floor


def _largest_withdrawal(f: _Figures, excess: Fraction, share: Fraction,
                        method: Method) -> Decimal:
    """The largest equity withdrawal under Rule 15c3-1(e)(1) at `share` of the excess
    net capital (or the $500,000 exclusion, whichever is more), and never one that
    (e)(2) prohibits (net capital after it and the scheduled withdrawals below the
    floor)."""
    if excess <= 0:
        return Decimal("0.00")
    allowed = max(share * excess, WITHDRAWAL_NOTICE_EXCLUSION)
    room = f.after_withdrawals - prohibited_floor(f, method)
    return max(Decimal("0.00"), cents_down(min(allowed, room)))


def standing(of: Workbook | Computation) -> dict[str, MonthStanding]:
    """Every reported month's standing, of a workbook or of its dollar computation."""
    comp = of if isinstance(of, Computation) else compute(of)
    out: dict[str, MonthStanding] = {}
    for month in MONTHS:
        s = month_standing(comp, month)
        if s is not None:
            out[month] = s
    return out


LEVEL_WORDS: dict[Level, str] = {"ok": "Net capital OK",
                                 "early-warning": "EARLY WARNING — notify within 24 h",
                                 "below-minimum": "BELOW MINIMUM — notify today"}


def headroom(s: MonthStanding) -> tuple[tuple[str, Decimal], ...]:
    """The capital headroom of a month, as a controller reads it: label and amount."""
    return (
        ("Loss to early warning", s.loss_to_early_warning),
        ("Loss to a deficiency", s.loss_to_deficiency),
        ("Withdrawal without notice", s.withdrawal_without_notice),
        ("Withdrawal without prior notice", s.withdrawal_without_prior_notice),
    )


def headroom_text(s: MonthStanding) -> str:
    """The standing of a month in plain lines (the status bar's tooltip, the CLI)."""
    lines = [f"{s.month}: {LEVEL_WORDS[s.level]}"]
    lines += [f"• {r.message} ({r.rule})" for r in s.reasons]
    lines += [f"{label}: {usd(amount)}" for label, amount in headroom(s)]
    lines.append("Withdrawals under Rule 15c3-1(e)(1): 20 % / 30 % of excess net capital, "
                 "or $500,000, never below the (e)(2) floor.")
    return "\n".join(lines)
