"""The engine: a workbook's entries in, every line of every month out.

Pure functions — no I/O, no Qt, no globals — over `decimal.Decimal`. Formulas are read
from the catalog (`focusdesk.form.catalog`), never restated here.

Two views:

* ``dollars`` — amounts exactly as entered; computed amounts to the cent.
* ``thousands`` — the form's "$000 omitted", a function of the dollar view
  (`focusdesk.calculation.rounding`):
  the key figures (8, 10, 19, 21, 24, 25c, 25d; line 4) are their
  true dollar amounts rounded half away from zero, and every other figure is rounded so
  each printed total foots to its printed parts — a total that cannot (25c = 19 − 24,
  both key figures) carries a `RoundingNote`. Counts are never scaled; Schedule B
  columns II/III are in thousands and column IV in whole dollars, as Schedule B's
  general instruction says; percent lines are the dollar view's.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from functools import cache
from typing import Literal

from ..base.money import CENT, ZERO, round_half_away
from ..form.catalog import (
    EQUITY_END,
    EQUITY_START,
    MONTHS,
    BKind,
    Form,
    Item,
    Unit,
)
from ..form.formula import (
    Constant,
    Difference,
    Expr,
    Greatest,
    OnMethod,
    Param,
    Percent,
    Ref,
    Scale,
    ScheduleBRef,
    Sum,
    references,
)
from ..model.workbook import Workbook
from .rounding import RoundingNote, schedule_a_thousands, schedule_b_thousands

Units = Literal["dollars", "thousands"]
PERCENT_QUANTUM = CENT  # percent lines to two places: "89.75"
HUNDRED = Decimal(100)

# Enough digits that 1/15 of any amount on the form is exact to far below a cent
# before the one rounding the form asks for.
_CONTEXT = decimal.Context(prec=50, rounding=decimal.ROUND_HALF_EVEN)


@dataclass(frozen=True)
class MonthResult:
    month: str
    active: bool  # anything entered this month
    values: dict[str, Decimal | None]  # every Schedule A code → value (None: N/A / blank)
    schedule_b: dict[str, dict[str, Decimal | None]]  # line key → column → value
    answer: bool | None  # Schedule B line 10
    line4_carried: bool  # line 4 came from the prior reported month's line 8
    line4_prior: Decimal | None  # that prior line 8, whether or not line 4 was entered
    line4_prior_month: str | None
    # $000 view: the totals that cannot foot to their printed parts (see `rounding`)
    notes: tuple[RoundingNote, ...] = ()


@dataclass(frozen=True)
class Computation:
    units: Units
    months: dict[str, MonthResult]
    method: str
    minimum_dollar: Decimal

    def value(self, month: str, code: str) -> Decimal | None:
        return self.months[month].values.get(code)


@cache
def evaluation_order(form: Form) -> tuple[Item, ...]:
    """Computed items ordered so every line comes after the lines it reads."""
    computed = {i.code: i for i in form.computed_items}
    done: list[Item] = []
    seen: set[str] = set()

    def visit(code: str, path: tuple[str, ...]) -> None:
        if code in seen or code not in computed:
            return
        if code in path:
            raise ValueError(f"circular formula through {' → '.join((*path, code))}")
        formula = computed[code].formula
        assert formula is not None
        for dep in sorted(references(formula)):
            visit(dep, (*path, code))
        seen.add(code)
        done.append(computed[code])

    for code in computed:
        visit(code, ())
    return tuple(done)


def _quantum(item: Item) -> Decimal:
    return PERCENT_QUANTUM if item.unit is Unit.PERCENT else CENT


class _Evaluator:
    def __init__(self, values: dict[str, Decimal | None], schedule_b, params, method):
        self.values = values
        self.schedule_b = schedule_b
        self.params = params
        self.method = method

    def amount(self, code: str) -> Decimal:
        v = self.values.get(code)
        return ZERO if v is None else v

    def eval(self, expr: Expr) -> Decimal | None:
        match expr:
            case Ref(code):
                return self.amount(code)
            case Sum(terms):
                return sum((sign * self.amount(code) for sign, code in terms), ZERO)
            case ScheduleBRef(line, column):
                v = self.schedule_b.get(line, {}).get(column)
                return ZERO if v is None else v
            case Param(name):
                return self.params[name]
            case Constant(amount):
                return amount
            case Scale(factor, inner):
                v = self.eval(inner)
                return None if v is None else v * factor.numerator / factor.denominator
            case Greatest(exprs):
                vals = [v for v in (self.eval(e) for e in exprs) if v is not None]
                return max(vals) if vals else None
            case Difference(left, right):
                a, b = self.eval(left), self.eval(right)
                return None if a is None or b is None else a - b
            case Percent(num, den, guard):
                n, d = self.eval(num), self.eval(den)
                if n is None or d is None or d == 0 or self.amount(guard) <= 0:
                    return None  # N/A: not zero, not a crash
                return n / d * HUNDRED
            case OnMethod(method, inner):
                return self.eval(inner) if method == self.method else None
        raise TypeError(f"unknown formula node {expr!r}")


def _schedule_b(form: Form, wb: Workbook, month: str) -> dict[str, dict[str, Decimal | None]]:
    out: dict[str, dict[str, Decimal | None]] = {}
    cells = wb.schedule_b[month]
    columns = form.schedule_b_columns
    for line in form.schedule_b_lines:
        if line.kind is BKind.INPUT:
            row: dict[str, Decimal | None] = {}
            for col in columns:
                # A cell the line takes no entry in (5G column IV, held by an older
                # file) does not count; the checks name it.
                entry = cells.get((line.key, col.key)) if line.takes(col.key) else None
                row[col.key] = None if entry is None else entry.value
            out[line.key] = row
        elif line.kind is BKind.TOTAL:
            row = {}
            for col in columns:
                parts = [(s, out[k][col.key]) for s, k in line.terms]
                if all(v is None for _, v in parts):
                    row[col.key] = None
                elif col.key == "I":
                    # Number of items: 5G's offsets pair items already counted in A–F;
                    # they are neither new items nor fewer items.
                    row[col.key] = sum((v for s, v in parts if v is not None and s > 0), ZERO)
                else:
                    total = sum((s * v for s, v in parts if v is not None), ZERO)
                    if col.key in line.never_negative and total < 0:
                        total = ZERO  # deductions: a negative total adds nothing back
                    row[col.key] = total
            out[line.key] = row
    return out


def compute(wb: Workbook, units: Units = "dollars", *,
            dollars: Computation | None = None) -> Computation:
    """Every line of every month of `wb`, in `units`.

    The engine computes and nothing else: the findings are `focusdesk.calculation.checks`' and the
    standing against the rules `focusdesk.calculation.standing`'s, both read from the dollar view.
    The $000 view takes its percent lines from the dollar view: pass `dollars` when it
    has been computed already for the same inputs.
    """
    with decimal.localcontext(_CONTEXT):
        return _compute(wb, units, dollars)


def _compute(wb: Workbook, units: Units, dollars: Computation | None = None) -> Computation:
    if units == "thousands":
        return _thousands(wb, dollars or _compute(wb, "dollars"))
    form = wb.form
    order = evaluation_order(form)
    params = {"minimum_dollar": wb.minimum_dollar}
    months: dict[str, MonthResult] = {}
    prior: MonthResult | None = None  # the last previously reported month
    for month in MONTHS:
        active = wb.is_active(month)
        if not active:
            months[month] = MonthResult(
                month, False, {i.code: None for i in form.items if i.code},
                {b.key: dict.fromkeys(form.b_columns) for b in form.schedule_b_lines
                 if b.kind in (BKind.INPUT, BKind.TOTAL)},
                None, False, None, None,
            )
            continue
        values: dict[str, Decimal | None] = {}
        for item in form.input_items:
            assert item.code is not None
            values[item.code] = wb.value(month, item.code)
        # Instruction 4: start-of-month equity is the prior month-end total; a month's
        # own entry wins (the check flags a difference — corrections belong on line 7).
        prior_end = prior.values[EQUITY_END] if prior else None
        carried = values.get(EQUITY_START) is None and prior_end is not None
        if carried:
            values[EQUITY_START] = prior_end
        sched_b = _schedule_b(form, wb, month)
        ev = _Evaluator(values, sched_b, params, wb.method.value)
        for item in order:
            assert item.code is not None and item.formula is not None
            v = ev.eval(item.formula)
            if v is not None and item.round_up:
                values[item.code] = v.quantize(CENT, rounding=ROUND_UP) + ZERO
            else:
                values[item.code] = None if v is None else round_half_away(v, _quantum(item))
        # Inputs not entered in a reported month are zero on the form.
        for item in form.input_items:
            assert item.code is not None
            if values.get(item.code) is None:
                values[item.code] = ZERO
        result = MonthResult(
            month, True, values, sched_b, wb.schedule_b_answer.get(month),
            carried, prior_end, prior.month if prior else None,
        )
        months[month] = result
        prior = result
    return Computation(units, months, wb.method.value, wb.minimum_dollar)


def _thousands(wb: Workbook, dollars: Computation) -> Computation:
    """The $000 view of `dollars` (see `focusdesk.calculation.rounding`). A carried line 4 is the
    prior month's line 8 rounded, a key figure: it equals the printed prior line 8."""
    form = wb.form
    months: dict[str, MonthResult] = {}
    prior: MonthResult | None = None
    for month in MONTHS:
        res = dollars.months[month]
        if not res.active:
            months[month] = res  # nothing entered: every line blank in both views
            continue
        sched_b = schedule_b_thousands(form, res.schedule_b)
        values, notes = schedule_a_thousands(form, wb.method.value, month, res.values, sched_b)
        result = MonthResult(
            month, True, values, sched_b, res.answer, res.line4_carried,
            prior.values[EQUITY_END] if prior else None, res.line4_prior_month, notes,
        )
        months[month] = result
        prior = result
    return Computation("thousands", months, wb.method.value, wb.minimum_dollar)
