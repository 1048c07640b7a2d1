"""Formulas as data.

A computed line's formula is a small expression tree declared in the catalog. The engine
evaluates it; the Excel exporter translates the same tree into a worksheet formula; the
instructions pane can show it. Nothing else restates how a line is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Ref:
    """The value of another Schedule A line of the same month, by item code."""

    code: str


@dataclass(frozen=True)
class Sum:
    """A signed sum of lines: ``Sum(((+1, "1710"), (+1, "1730")))`` is line 1 + line 2."""

    terms: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, *codes: str) -> Sum:
        """``Sum.of("3950", "-4201")``: a leading minus subtracts the line."""
        return cls(tuple((-1, c[1:]) if c.startswith("-") else (1, c) for c in codes))


@dataclass(frozen=True)
class ScheduleBRef:
    """A Schedule B cell of the same month (line key, column)."""

    line: str
    column: str


@dataclass(frozen=True)
class Param:
    """A firm-profile parameter, e.g. the dollar minimum."""

    name: str


@dataclass(frozen=True)
class Constant:
    """A dollar amount the rule fixes (the alternative method's $250,000 floor): a
    literal of the form, not a setting of the firm's."""

    amount: Decimal


@dataclass(frozen=True)
class Scale:
    """`factor` × an expression; the factor is an exact fraction (6 2/3 % is 1/15)."""

    factor: Fraction
    expr: Expr


@dataclass(frozen=True)
class Greatest:
    """The greater of several expressions ("greater of … or …")."""

    exprs: tuple[Expr, ...]


@dataclass(frozen=True)
class Difference:
    """`left` − `right` for two sub-expressions."""

    left: Expr
    right: Expr


@dataclass(frozen=True)
class Percent:
    """numerator ÷ denominator × 100, N/A (None) when net capital (`guard`) ≤ 0 or the
    denominator is 0 — a percent of a non-positive net capital has no meaning."""

    numerator: Expr
    denominator: Expr
    guard: str


@dataclass(frozen=True)
class OnMethod:
    """Applies only under the named net capital method; N/A (None) under the other."""

    method: str
    expr: Expr


Expr = (Ref | Sum | ScheduleBRef | Param | Constant | Scale | Greatest | Difference | Percent
        | OnMethod)


def references(expr: Expr) -> set[str]:
    """Every Schedule A item code an expression reads (for ordering and export)."""
    match expr:
        case Ref(code):
            return {code}
        case Sum(terms):
            return {code for _, code in terms}
        case Scale(_, inner) | OnMethod(_, inner):
            return references(inner)
        case Greatest(exprs):
            return set().union(*(references(e) for e in exprs))
        case Difference(left, right):
            return references(left) | references(right)
        case Percent(num, den, guard):
            return references(num) | references(den) | {guard}
        case _:
            return set()


def footing_terms(expr: Expr, method: str) -> tuple[tuple[int, str], ...] | None:
    """The printed parts a line foots to, as signed terms, on `method`: a `Sum`'s terms,
    ``left − right`` for a `Difference` of two lines; None for a line that is not a total
    of lines (a greater-of, a Schedule B figure, a percent) or does not apply on `method`."""
    match expr:
        case Sum(terms):
            return terms
        case Difference(Ref(left), Ref(right)):
            return ((1, left), (-1, right))
        case OnMethod(on, inner):
            return footing_terms(inner, method) if on == method else None
    return None


def as_fraction(value: Decimal) -> Fraction:
    return Fraction(value)
