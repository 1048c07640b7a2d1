"""Haircuts on proprietary security positions — Rule 15c3-1(c)(2)(vi), line 18 — computed
for a month's positions (`compute`) from the schedule declared once as data in
`focusdesk.worksheets.haircut_schedule` (its docstring says how each category is
deducted; its names are importable from here too).

Each position's deduction is its share of its band's (or pool's) deduction: the
positions on the side deducted share it in proportion to their market value (the other
side's positions, netted or offset away, take none); (M)'s additional deduction is
shared the same way within the class. Amounts are exact Decimals until the end, where
line 18 is rounded to the cent and shared out (largest remainder) so that positions
foot to their category and categories to line 18.
"""

from __future__ import annotations

import calendar
import decimal
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from ..base.money import CENT, ZERO, cents, round_half_away
from . import WorksheetError
from .haircut_schedule import (
    A_OFFSET_SHARE,
    CATEGORIES,
    J_FREE,
    J_RATE,
    K_MARKET_MAKERS,
    K_RATE,
    LINE_18,
    LINE_30A,
    LINE_30B,
    LINE_32A,
    M_DEBT_FLOOR,
    M_EQUITY_FLOOR,
    M_EQUITY_SHARES,
    M_J_RATE,
    M_OF_NORMAL,
    M_SHARE,
    NO_READY_MARKET_NOTE,
    NOT_APPLIED,
    SCHEDULE,
    TABLE_A,
    TABLE_B1,
    TABLE_B2,
    TABLE_E,
    TABLE_F,
    UNCERTAIN_M,
    UNCERTAIN_SOURCE,
    Band,
    Category,
    D,
    Horizon,
    pct,
)

# 34 digits (decimal128): amounts below 10**15 keep 19 places of a share exact enough
# for the cent; more digits make every share slower to compute.
_CONTEXT = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)

__all__ = [
    "A_OFFSET_SHARE",
    "CATEGORIES",
    "J_FREE",
    "J_RATE",
    "K_MARKET_MAKERS",
    "K_RATE",
    "LINE_18",
    "LINE_30A",
    "LINE_30B",
    "LINE_32A",
    "M_DEBT_FLOOR",
    "M_EQUITY_FLOOR",
    "M_EQUITY_SHARES",
    "M_J_RATE",
    "M_OF_NORMAL",
    "M_SHARE",
    "NOT_APPLIED",
    "NO_READY_MARKET_NOTE",
    "SCHEDULE",
    "TABLE_A",
    "TABLE_B1",
    "TABLE_B2",
    "TABLE_E",
    "TABLE_F",
    "UNCERTAIN_M",
    "UNCERTAIN_SOURCE",
    "Band",
    "Category",
    "CategoryResult",
    "Concentration",
    "HaircutResult",
    "Horizon",
    "Position",
    "PositionResult",
    "apportion",
    "cents",
    "compute",
    "horizon_date",
    "month_end",
    "pct",
]


@dataclass(frozen=True)
class Position:
    """One proprietary position: `market_value` signed (a short is negative)."""

    id: str
    description: str
    category: str
    maturity: date | None
    market_value: Decimal
    issuer: str = ""
    quantity: Decimal | None = None  # shares or face ((M)(3)'s 500 shares)
    market_makers: int | None = None  # (K)
    principal: Decimal | None = None  # (G)
    row: int = 0  # its row in the file it came from (0: not from a file)

    def where(self, column: str = "") -> str:
        at = f"row {self.row}" if self.row else f"position {self.id!r}"
        return f"{at}, column {column}" if column else at


class PositionResult(NamedTuple):  # a tuple: a month may hold 100,000 positions
    position: Position
    paragraph: str  # the paragraph it was deducted under ((J) for a convertible at par)
    band: str  # its band's label ("" for a flat rate)
    rate: Decimal  # the percentage of its band or schedule
    deduction: Decimal  # to the cent: its haircut and its (M) share
    concentration: Decimal  # to the cent: its share of (M)
    line18: bool

    @property
    def haircut(self) -> Decimal:
        return self.deduction - self.concentration


@dataclass(frozen=True)
class CategoryResult:
    category: Category
    count: int
    long: Decimal  # market value of the long positions
    short: Decimal  # market value of the short positions, as a positive amount
    deduction: Decimal  # to the cent, (M) included
    concentration: Decimal


@dataclass(frozen=True)
class Concentration:
    """(M) for one class of one issuer: its market value against the thresholds."""

    category: str
    issuer: str
    market_value: Decimal  # the greater of the class's long and short
    threshold: Decimal  # 10 % of tentative net capital (never below zero)
    floor: Decimal  # (M)(3)
    excess: Decimal  # market value above the threshold, when above both
    charge: Decimal  # exact

    @property
    def subject(self) -> bool:
        return self.excess > 0


@dataclass(frozen=True)
class HaircutResult:
    as_of: date
    tentative_net_capital: Decimal
    positions: tuple[PositionResult, ...]
    categories: tuple[CategoryResult, ...]
    concentrations: tuple[Concentration, ...]
    haircuts: Decimal  # line 18 [3740]
    long_value: Decimal  # line 30a [850]
    short_value: Decimal  # line 30b [1620], positive
    concentrated: Decimal  # line 32a [5371]
    no_ready_market: Decimal  # (c)(2)(vii): line 13's, reported apart
    uncertain: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    not_applied: tuple[str, ...] = NOT_APPLIED

    def lines(self) -> dict[str, Decimal]:
        """The Schedule A items the worksheet sets, by code."""
        return {LINE_18: self.haircuts, LINE_30A: self.long_value,
                LINE_30B: self.short_value, LINE_32A: self.concentrated}

    def position(self, id: str) -> PositionResult:
        return next(r for r in self.positions if r.position.id == id)

    def category(self, name: str) -> CategoryResult:
        return next(c for c in self.categories if c.category.name == name)

    def as_json(self, month: str) -> dict[str, object]:
        """The shape ``focusdesk haircuts --json`` prints (a contract)."""
        not_applied = list(self.not_applied)
        if self.no_ready_market:
            not_applied.append(NO_READY_MARKET_NOTE)
        return {
            "month": month,
            "lines": {code: cents(v) for code, v in self.lines().items()},
            "categories": [{"category": c.category.name, "long": cents(c.long),
                            "short": cents(c.short), "deduction": cents(c.deduction)}
                           for c in self.categories],
            "positions": [{"id": r.position.id, "deduction": cents(r.deduction)}
                          for r in self.positions],
            "not_applied": not_applied,
        }



# -- time to maturity -------------------------------------------------------------------

def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def horizon_date(as_of: date, horizon: Horizon) -> date:
    """The day `horizon` after `as_of`: days counted, months from month end to month end
    (the as-of date is a month's last day: 3 months after January 31 is April 30)."""
    n, unit = horizon
    if unit == D:
        return as_of + timedelta(days=n)
    index = as_of.year * 12 + as_of.month - 1 + n
    year, month = divmod(index, 12)
    last = month_end(year, month + 1)
    if as_of == month_end(as_of.year, as_of.month):
        return last
    return last.replace(day=min(as_of.day, last.day))


class _Bands:
    """A table's bands with their bounds as dates for one as-of date (bisect by date)."""

    def __init__(self, bands: tuple[Band, ...], as_of: date):
        self.bands = bands
        self.bounds = [horizon_date(as_of, b.below) for b in bands if b.below is not None]

    def index(self, maturity: date) -> int | None:
        i = bisect_right(self.bounds, maturity)
        return i if i < len(self.bands) else None


# -- the computation --------------------------------------------------------------------

@dataclass(slots=True)
class _Slot:
    """One position's exact deduction while it is computed."""

    position: Position
    category: Category
    paragraph: str
    band: str
    rate: Decimal
    concentration_rate: Decimal  # (M)'s additional rate for it
    pool: tuple[str, int]
    exact: Decimal = ZERO
    concentration: Decimal = ZERO


@dataclass
class _Pool:
    method: str
    rate: Decimal
    group: int
    slots: list[_Slot] = field(default_factory=list)

    def sides(self) -> tuple[list[_Slot], list[_Slot], Decimal, Decimal]:
        longs = [s for s in self.slots if s.position.market_value > 0]
        shorts = [s for s in self.slots if s.position.market_value < 0]
        return (longs, shorts, sum((s.position.market_value for s in longs), ZERO),
                -sum((s.position.market_value for s in shorts), ZERO))


def _share(slots: list[_Slot], total: Decimal, amount: Decimal) -> None:
    """Add `amount` to `slots` in proportion to their market values (summing `total`)."""
    if not amount or not total:
        return
    factor = amount / total
    for s in slots:
        s.exact += factor * abs(s.position.market_value)


def _greater(pool: _Pool) -> None:
    longs, shorts, long_, short = pool.sides()
    side, total = (longs, long_) if long_ >= short else (shorts, short)
    _share(side, total, pool.rate * total)


def _net(pool: _Pool) -> tuple[Decimal, list[_Slot], Decimal]:
    """The band's deduction on its net, the side that is net and that side's total."""
    longs, shorts, long_, short = pool.sides()
    side, total = (longs, long_) if long_ >= short else (shorts, short)
    return pool.rate * abs(long_ - short), side, total


def _fifteen(pool: _Pool) -> None:
    longs, shorts, long_, short = pool.sides()
    if long_ >= short:
        big, big_total, small, small_total = longs, long_, shorts, short
    else:
        big, big_total, small, small_total = shorts, short, longs, long_
    _share(big, big_total, J_RATE * big_total)
    beyond = small_total - J_FREE * big_total
    if beyond > 0:
        _share(small, small_total, J_RATE * beyond)


def _offset(pools: list[_Pool]) -> None:
    """(A)(1) for one schedule's bands: per category, |DL − DS| + 50 % × min(DL, DS),
    shared among the bands in proportion to their own deduction."""
    by_group: dict[int, list[tuple[Decimal, int, list[_Slot], Decimal]]] = {}
    for pool in pools:
        amount, side, total = _net(pool)
        _, _, long_, short = pool.sides()
        by_group.setdefault(pool.group, []).append(
            (amount, 1 if long_ >= short else -1, side, total))
    for bands in by_group.values():
        dl = sum((a for a, sign, _, _ in bands if sign > 0), ZERO)
        ds = sum((a for a, sign, _, _ in bands if sign < 0), ZERO)
        deduction = abs(dl - ds) + A_OFFSET_SHARE * min(dl, ds)
        if not dl + ds:
            continue
        factor = deduction / (dl + ds)
        for amount, _, side, total in bands:
            _share(side, total, amount * factor)


def _treat(p: Position, cat: Category, tables: dict[int, _Bands]) -> tuple[
        str, str, Decimal, Decimal, tuple[str, int], str]:
    """(paragraph, band label, rate, (M) rate, pool key, method) for one position."""
    method, bands = cat.method, cat.bands
    if method == "limited":
        if p.market_makers is None:
            raise WorksheetError(f"{p.where('market_makers')}: a limited-market position "
                                 "needs the number of independent market makers ((K))")
        if p.market_makers <= 0:
            raise WorksheetError(
                f"{p.where('market_makers')}: with no independent market maker a security "
                "has no ready market; give it the category no-ready-market ((c)(2)(vii))")
        if p.market_makers >= K_MARKET_MAKERS:
            return ("(c)(2)(vi)(K)(i) as (J)", "", J_RATE, M_J_RATE, ("(J)", 0), "fifteen")
        return ("(c)(2)(vi)(K)(ii)", "", K_RATE, K_RATE * M_OF_NORMAL, (cat.name, 0), "both")
    if method == "convertible":
        if p.principal is None or p.principal <= 0:
            raise WorksheetError(f"{p.where('principal')}: a convertible-debt position "
                                 "needs its principal ((G): market value against principal)")
        if abs(p.market_value) >= p.principal:
            return ("(c)(2)(vi)(G) as (J)", "", J_RATE, M_J_RATE, ("(J)", 0), "fifteen")
        method = "greater"
    if method == "fifteen":
        return (cat.paragraph, "", J_RATE, M_J_RATE, ("(J)", 0), "fifteen")
    index = 0
    if cat.matures:
        if p.maturity is None:
            raise WorksheetError(f"{p.where('maturity')}: a {cat.name} position needs its "
                                 f"maturity date ({cat.paragraph} is by time to maturity)")
        found = tables[id(bands)].index(p.maturity)
        if found is None:
            raise WorksheetError(
                f"{p.where('maturity')}: {p.maturity.isoformat()} is beyond the "
                f"{cat.paragraph} schedule (a note of 731 days or less at issue cannot "
                "mature 732 days or more after the month's end; use municipal)")
        index = found
    band = bands[index]
    paragraph = cat.paragraph + (" as (F)" if cat.method == "convertible" else "")
    return (paragraph, band.label if len(bands) > 1 else "", band.rate,
            band.rate * M_OF_NORMAL, (cat.name, index), method)


def apportion(exact: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """`exact` (non-negative) to the cent, summing to `total` (their sum rounded): each
    rounded down, the cents left given to the largest remainders (the first on a tie)."""
    floor = decimal.ROUND_FLOOR
    floors = [x.quantize(CENT, rounding=floor) for x in exact]
    left = int((total - sum(floors, ZERO)) / CENT)
    if left > 0:
        remainders = [x - f for x, f in zip(exact, floors, strict=True)]
        # A stable sort: on a tie, the first position takes the cent.
        for i in sorted(range(len(exact)), key=remainders.__getitem__, reverse=True)[:left]:
            floors[i] += CENT
    return floors


def _concentration(slots: list[_Slot], tentative: Decimal) -> list[Concentration]:
    """(M): each class of one issuer above 10 % of tentative net capital and its floor
    pays the additional deduction on the excess, shared by its greater side."""
    threshold = M_SHARE * max(tentative, ZERO)
    classes: dict[tuple[str, str, date | None], list[_Slot]] = {}
    for s in slots:
        kind = s.category.concentration
        if not kind:
            continue
        p = s.position
        issuer = p.issuer or p.description or p.id
        classes.setdefault((s.category.name, issuer, p.maturity if kind == "debt" else None),
                           []).append(s)
    out = []
    for (name, issuer, _), members in classes.items():
        longs = [s for s in members if s.position.market_value > 0]
        shorts = [s for s in members if s.position.market_value < 0]
        long_ = sum((s.position.market_value for s in longs), ZERO)
        short = -sum((s.position.market_value for s in shorts), ZERO)
        side, value = (longs, long_) if long_ >= short else (shorts, short)
        if CATEGORIES[name].concentration == "equity":
            floor = M_EQUITY_FLOOR
            quantity = sum((abs(s.position.quantity or ZERO) for s in side), ZERO)
            if quantity and all(s.position.quantity for s in side):
                floor = max(floor, value / quantity * M_EQUITY_SHARES)
        else:
            floor = M_DEBT_FLOOR
        excess = value - threshold if value > threshold and value > floor else ZERO
        charge = ZERO
        if excess:
            for s in side:
                part = excess * abs(s.position.market_value) / value * s.concentration_rate
                s.concentration += part
                s.exact += part
                charge += part
        out.append(Concentration(name, issuer, value, threshold, floor, excess, charge))
    return [c for c in out if c.subject]


def compute(positions: Iterable[Position], as_of: date,
            tentative_net_capital: Decimal) -> HaircutResult:
    """The haircuts of `positions` as of `as_of` (the month's last day), with (M) on
    `tentative_net_capital` (line 17). `WorksheetError` names a position that cannot be
    deducted (an unknown category, a short where none is allowed, a missing maturity,
    principal or market-maker count)."""
    with decimal.localcontext(_CONTEXT):
        return _compute(list(positions), as_of, tentative_net_capital)


def _compute(positions: list[Position], as_of: date, tentative: Decimal) -> HaircutResult:
    tables = {id(c.bands): _Bands(c.bands, as_of) for c in SCHEDULE if c.matures}
    pools: dict[tuple[str, int], _Pool] = {}
    slots: list[_Slot] = []
    warnings: list[str] = []
    seen: set[str] = set()
    matured = 0
    for p in positions:
        cat = CATEGORIES.get(p.category)
        if cat is None:
            raise WorksheetError(f"{p.where('category')}: {p.category!r} is not a category "
                                 f"(one of {', '.join(CATEGORIES)})")
        if p.market_value < 0 and not cat.shorts:
            raise WorksheetError(f"{p.where('market_value')}: a {cat.name} position cannot "
                                 f"be short ({cat.paragraph} deducts securities held)")
        if p.id in seen:
            raise WorksheetError(f"{p.where('id')}: the id {p.id!r} is given twice")
        seen.add(p.id)
        if p.maturity is not None and p.maturity < as_of and cat.matures:
            matured += 1
        paragraph, label, rate, m_rate, key, method = _treat(p, cat, tables)
        slot = _Slot(p, cat, paragraph, label, rate, m_rate, key)
        slots.append(slot)
        pool = pools.get(key)
        if pool is None:
            group = cat.bands[key[1]].group if cat.bands and key[0] == cat.name else 0
            pool = pools[key] = _Pool(method, rate, group)
        pool.slots.append(slot)
    if matured:
        warnings.append(f"{matured} position(s) matured before {as_of.isoformat()}: "
                        "deducted in the first band")
    offsets: dict[str, list[_Pool]] = {}
    for key, pool in pools.items():
        if pool.method == "offset":
            offsets.setdefault(key[0], []).append(pool)
        elif pool.method == "net":
            amount, side, total = _net(pool)
            _share(side, total, amount)
        elif pool.method == "greater":
            _greater(pool)
        elif pool.method == "both":
            for s in pool.slots:
                s.exact += pool.rate * abs(s.position.market_value)
        elif pool.method == "fifteen":
            _fifteen(pool)
        elif pool.method == "carrying":
            for s in pool.slots:
                s.exact += abs(s.position.market_value)
    for group in offsets.values():
        _offset(group)
    if tentative <= 0 and any(s.category.concentration for s in slots):
        warnings.append("tentative net capital (line 17) is not positive: (M) charges "
                        "every class above its floor")
    concentrations = _concentration(slots, tentative)
    return _result(slots, as_of, tentative, concentrations, warnings)


def _result(slots: list[_Slot], as_of: date, tentative: Decimal,
            concentrations: list[Concentration], warnings: list[str]) -> HaircutResult:
    # Line 18, to the cent; shared out to the categories, then to their positions.
    by_cat: dict[str, list[_Slot]] = {}
    for s in slots:
        by_cat.setdefault(s.category.name, []).append(s)
    present = [c for c in SCHEDULE if c.name in by_cat]
    exact = {c.name: sum((s.exact for s in by_cat[c.name]), ZERO) for c in present}
    in18 = [c for c in present if c.line18]
    line18 = round_half_away(sum((exact[c.name] for c in in18), ZERO), CENT)
    totals = dict(zip((c.name for c in in18), apportion([exact[c.name] for c in in18],
                                                        line18), strict=True))
    for c in present:
        if not c.line18:
            totals[c.name] = round_half_away(exact[c.name], CENT)
    rounded: dict[int, tuple[Decimal, Decimal]] = {}
    categories = []
    for c in present:
        members = by_cat[c.name]
        shares = apportion([s.exact for s in members], totals[c.name])
        conc = ZERO
        for s, share in zip(members, shares, strict=True):
            m = min(round_half_away(s.concentration, CENT), share) if s.concentration \
                else ZERO
            rounded[id(s)] = (share, m)
            conc += m
        values = [s.position.market_value for s in members]
        categories.append(CategoryResult(
            c, len(members), sum((v for v in values if v > 0), ZERO),
            -sum((v for v in values if v < 0), ZERO), totals[c.name], conc))
    results = tuple(PositionResult(s.position, s.paragraph, s.band, s.rate,
                                   *rounded[id(s)], s.category.line18) for s in slots)
    values = [s.position.market_value for s in slots]
    uncertain = [c.uncertain for c in present if c.uncertain]
    if concentrations or any(s.category.concentration for s in slots):
        uncertain.append(UNCERTAIN_M)
    uncertain.append(UNCERTAIN_SOURCE)
    nrm = sum((totals[c.name] for c in present if not c.line18), ZERO)
    return HaircutResult(
        as_of=as_of, tentative_net_capital=tentative, positions=results,
        categories=tuple(categories), concentrations=tuple(concentrations),
        haircuts=line18,
        long_value=round_half_away(sum((v for v in values if v > 0), ZERO), CENT),
        short_value=round_half_away(-sum((v for v in values if v < 0), ZERO), CENT),
        concentrated=round_half_away(sum((c.market_value for c in concentrations), ZERO),
                                     CENT),
        no_ready_market=nrm, uncertain=tuple(uncertain), warnings=tuple(warnings))
