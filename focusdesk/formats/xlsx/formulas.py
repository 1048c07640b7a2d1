"""The formula translator: the catalog's formula trees (`focusdesk.form.formula`) as Excel
formulas over the exported cells, mirroring the engine node by node (`FormulaTranslator`
for Schedule A's computed lines, `b_total_formula` for Schedule B's totals).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from ...base.money import plain
from ...calculation.engine import Units
from ...form.catalog import Form, Item, Unit
from ...form.formula import (
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
)
from .sheet_format import NA, PARAMS, SHEET_B, SheetLayout, sheet_ref


def places(item: Item, units: Units) -> int:
    """Decimal places of a computed line (the engine's quantum)."""
    if item.unit is Unit.PERCENT:
        return 2
    return 0 if units == "thousands" else 2



@dataclass(frozen=True)
class XlExpr:
    """An Excel expression; `na` are the conditions under which its value is N/A."""

    text: str
    atomic: bool = True
    na: tuple[str, ...] = ()

    def operand(self) -> str:
        return self.text if self.atomic else f"({self.text})"


class FormulaTranslator:
    """Translates the catalog's formula trees into Excel formulas for one month.

    `translate` mirrors `engine._Evaluator.eval` node by node: None where the engine's
    value is None whatever the data (a line of the other method), an `XlExpr` with N/A
    conditions where it is None for some data (a percent of a non-positive net capital).
    """

    def __init__(self, form: Form, lay: SheetLayout, month: str, method: str, units: Units):
        self.form = form
        self.layout = lay
        self.month = month
        self.method = method
        self.units = units
        self.lines: dict[str, XlExpr | None] = {}  # computed code → its translation

    def ref(self, code: str) -> XlExpr:
        """A Schedule A line as an operand: the engine reads a missing value as zero."""
        if code in self.lines:
            line = self.lines[code]
            if line is None:
                return XlExpr("0")  # N/A under this method: zero as an operand
            if line.na:
                return XlExpr(f"N({self.layout.a_cell(self.month, code)})")
        return XlExpr(self.layout.a_cell(self.month, code))

    def translate(self, expr: Expr) -> XlExpr | None:
        match expr:
            case Ref(code):
                return self.ref(code)
            case Sum(terms):
                text = ""
                for sign, code in terms:
                    operand = self.ref(code).text
                    text += (("+" if text else "") if sign > 0 else "-") + operand
                single = len(terms) == 1 and terms[0][0] > 0
                return XlExpr(text or "0", atomic=single)
            case ScheduleBRef(line, column):
                return XlExpr(
                    f"N({sheet_ref(SHEET_B)}!{self.layout.b_cell(self.month, line, column)})")
            case Param(name):
                return XlExpr(self.layout.setting_cell(PARAMS[name]))
            case Constant(amount):
                # A figure of the rule, not a setting: written as the number itself.
                return XlExpr(plain(amount))
            case Scale(factor, inner):
                x = self.translate(inner)
                if x is None:
                    return None
                if factor.denominator == 1:
                    text = f"{x.operand()}*{factor.numerator}"
                elif 100 % factor.denominator == 0:  # a whole percent: "2 %" reads *2/100
                    text = f"{x.operand()}*{factor.numerator * 100 // factor.denominator}/100"
                elif factor.numerator == 1:  # 6 2/3 % is exactly 1/15
                    text = f"{x.operand()}/{factor.denominator}"
                else:
                    text = f"{x.operand()}*{factor.numerator}/{factor.denominator}"
                return XlExpr(text, atomic=False, na=x.na)
            case Greatest(exprs):
                xs = [x for x in (self.translate(e) for e in exprs) if x is not None]
                if any(x.na for x in xs):
                    raise NotImplementedError("the greater of values that may be N/A")
                if not xs:
                    return None
                if len(xs) == 1:
                    return xs[0]
                return XlExpr(f"MAX({','.join(x.text for x in xs)})")
            case Difference(left, right):
                a, b = self.translate(left), self.translate(right)
                if a is None or b is None:
                    return None
                return XlExpr(f"{a.text}-{b.operand()}", atomic=False, na=a.na + b.na)
            case Percent(num, den, guard):
                n, d = self.translate(num), self.translate(den)
                if n is None or d is None:
                    return None
                conds = [*n.na, *d.na, f"{self.ref(guard).text}<=0"]
                if den != Ref(guard):  # a zero net capital is already "≤ 0"
                    conds.append(f"{d.operand()}=0")
                return XlExpr(f"{n.operand()}/{d.operand()}*100", atomic=False,
                              na=tuple(dict.fromkeys(conds)))
            case OnMethod(method, inner):
                return self.translate(inner) if method == self.method else None
        raise TypeError(f"unknown formula node {expr!r}")

    def line_formula(self, item: Item) -> str | None:
        """The cell formula of a computed line ("=…"), or None when it is N/A outright."""
        assert item.code is not None and item.formula is not None
        x = self.translate(item.formula)
        self.lines[item.code] = x
        if x is None:
            return None
        # ROUNDUP rounds away from zero, as the engine's ROUND_UP does (line 24).
        rounding = "ROUNDUP" if item.round_up and self.units == "dollars" else "ROUND"
        body = f"{rounding}({x.text},{places(item, self.units)})"
        if x.na:
            cond = x.na[0] if len(x.na) == 1 else f"OR({','.join(x.na)})"
            body = f'IF({cond},"{NA}",{body})'
        return "=" + body


def b_total_formula(form: Form, lay: SheetLayout, month: str, line_key: str, column: str,
                    units: Units) -> str:
    """A Schedule B total from its line's `terms`, as the engine adds them."""
    line = form.b_by_key[line_key]
    col = next(c for c in form.schedule_b_columns if c.key == column)
    cells = [(sign, lay.b_rows[(month, key)]) for sign, key in line.terms]
    letter = get_column_letter(lay.b_cols[column])
    every = _ranges(letter, [r for _, r in cells])
    plus = _ranges(letter, [r for s, r in cells if s > 0])
    minus = _ranges(letter, [r for s, r in cells if s < 0])
    # Column I counts items: 5G's offsets pair items already counted (the engine's rule).
    counted = col.unit is Unit.COUNT or not minus
    total = f"SUM({plus})" if counted else f"SUM({plus})-SUM({minus})"
    if col.unit is Unit.COUNT:
        digits = 4
    elif units == "thousands":
        digits = 0  # II/III in thousands, IV in whole dollars
    else:
        digits = 2
    return f'=IF(COUNT({every})=0,"",ROUND({total},{digits}))'


def _ranges(letter: str, rows: list[int]) -> str:
    """``D7,D9:D12`` — consecutive rows as ranges."""
    parts: list[str] = []
    start = prev = None
    for r in [*rows, None]:
        if start is not None and r is not None and prev is not None and r == prev + 1:
            prev = r
            continue
        if start is not None:
            parts.append(f"{letter}{start}" if start == prev else f"{letter}{start}:{letter}{prev}")
        start = prev = r
    return ",".join(parts)
