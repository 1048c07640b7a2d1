"""Prove a filing foots: every total of the three statements against its own label.

Each total's relation is its formula in `focusdesk.seg.statements` ("add lines 1, 2 and
3", "subtract line 6 from line 13", "greater of … or line 6", the sub-totals of the 30.7
funds). A total is evaluated on the figures the filing reports for its terms:

* an absent detail line counts as zero (renderings drop a code now and then — the
  scrambled seed's swaps line 12); it is listed as missing, which alone does not fail;
* an absent total is taken as its own terms make it, so the totals above it still test;
* a wrong total makes the totals built on it wrong as well; those that foot once it is
  corrected are not reported again — the report names the total that is wrong, not its
  echo (`Footing.explained` keeps the echoes for the reader who wants them).

The "Excess (deficiency)" lines are read for their sign: a negative one reports a
deficiency, which is an error however well the statement foots.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..base.money import ZERO, format_amount
from ..form.formula import Difference, Expr, Greatest, Ref, Sum, references
from .reader import Filing
from .statements import CODES, ITEM_29, STATEMENTS, Amount, describe

AMOUNT_OF: dict[str, Amount] = {a.code: a for s in STATEMENTS for a in s.amounts}


def evaluate(expr: Expr, value: Callable[[str], Decimal]) -> Decimal:
    """A statement formula over the amounts `value` gives for codes."""
    match expr:
        case Ref(code):
            return value(code)
        case Sum(terms):
            return sum((sign * value(code) for sign, code in terms), ZERO)
        case Difference(left, right):
            return evaluate(left, value) - evaluate(right, value)
        case Greatest(exprs):
            return max(evaluate(e, value) for e in exprs)
    raise TypeError(f"a statement formula cannot hold {expr!r}")


@dataclass(frozen=True)
class Mismatch:
    """A total that does not foot: what the filing reports and what its label makes it."""

    code: str
    reported: Decimal
    expected: Decimal

    @property
    def difference(self) -> Decimal:
        return self.reported - self.expected


@dataclass(frozen=True)
class Deficiency:
    """A negative "Excess (deficiency)" line."""

    code: str
    amount: Decimal
    meaning: str


@dataclass(frozen=True)
class Footing:
    filing: Filing
    mismatches: tuple[Mismatch, ...]
    missing: tuple[str, ...]  # declared codes the filing does not carry
    deficiencies: tuple[Deficiency, ...]
    totals: int  # how many totals were tested
    # A total that fails on the figures as filed but foots once the totals it is built
    # on are corrected → those totals.
    explained: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Every total → what its label makes it on the figures as filed.
    expected: dict[str, Decimal] = field(default_factory=dict)

    @property
    def foots(self) -> bool:
        return not self.mismatches

    @property
    def ok(self) -> bool:
        """Every total foots and no deficiency is reported (seg-check's exit 0)."""
        return self.foots and not self.deficiencies

    @property
    def status(self) -> str:
        if self.mismatches:
            return "does not foot"
        return "deficiency" if self.deficiencies else "foots"

    @property
    def flagged(self) -> set[str]:
        """The codes a reader should look at: totals that do not foot, deficiencies."""
        return {m.code for m in self.mismatches} | {d.code for d in self.deficiencies}

    def as_json(self) -> dict[str, Any]:
        """seg-check --json: amounts as exact Decimals (written as JSON numbers)."""
        h = self.filing.header
        return {
            "firm": h.firm,
            "end_date": h.end_date.isoformat(),
            "values": dict(self.filing.values),
            "mismatches": [{"code": m.code, "reported": m.reported, "expected": m.expected}
                           for m in self.mismatches],
            "missing": list(self.missing),
            "deficiencies": [{"code": d.code, "amount": d.amount}
                             for d in self.deficiencies],
        }


def check(filing: Filing) -> Footing:
    """Foot every total of the filing's three statements."""
    values = filing.values
    expected: dict[str, Decimal] = {}
    fixed: dict[str, Decimal] = {}

    def as_filed(code: str) -> Decimal:
        """A term as the filing reports it; an absent total as its terms make it."""
        if code in values:
            return values[code]
        amount = AMOUNT_OF[code]
        if amount.formula is None:
            return ZERO
        return local(code)

    def local(code: str) -> Decimal:
        if code not in expected:
            formula = AMOUNT_OF[code].formula
            assert formula is not None
            expected[code] = evaluate(formula, as_filed)
        return expected[code]

    def corrected(code: str) -> Decimal:
        """A term with every total below it that does not foot replaced by what its own
        terms make it."""
        if code in fixed:
            return fixed[code]
        amount = AMOUNT_OF[code]
        if amount.formula is None:
            result = values.get(code, ZERO)
        elif code in values and values[code] == local(code):
            result = values[code]
        else:
            result = evaluate(amount.formula, corrected)
        fixed[code] = result
        return result

    mismatches: list[Mismatch] = []
    explained: dict[str, tuple[str, ...]] = {}
    totals = [a for s in STATEMENTS for a in s.totals]
    for amount in totals:
        code = amount.code
        if code not in values:
            continue
        reported = values[code]
        if reported == local(code):
            continue
        assert amount.formula is not None
        if evaluate(amount.formula, corrected) == reported:
            explained[code] = tuple(
                c for c in sorted(references(amount.formula), key=CODES.index)
                if AMOUNT_OF[c].is_total and c in values and values[c] != local(c))
            continue
        mismatches.append(Mismatch(code, reported, local(code)))
    deficiencies = []
    for amount in (a for s in STATEMENTS for a in s.amounts if a.deficiency):
        value = values[amount.code] if amount.code in values else corrected(amount.code)
        if value < 0:
            deficiencies.append(Deficiency(amount.code, value, amount.deficiency))
    missing = tuple(c for c in CODES if c not in values)
    return Footing(filing, tuple(mismatches), missing, tuple(deficiencies), len(totals),
                   explained, {a.code: local(a.code) for a in totals})


# -- the readable report --------------------------------------------------------------------

def _usd(value: Decimal) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return format_amount(value, places=places)


def _date(d: object) -> str:
    return d.strftime("%m/%d/%Y") if hasattr(d, "strftime") else ""  # type: ignore[union-attr]


def report_text(footing: Footing) -> str:
    """What seg-check prints: the header, each statement's result, the mismatches with
    reported and expected figures, absent codes, deficiencies, and item 29."""
    f = footing.filing
    h = f.header
    out = [f"{h.firm or 'Firm name not given'} — {h.form or 'Daily Seg'}"
           + (f", {h.amendment}" if h.amendment else "")
           + f", End Date {_date(h.end_date)}"
           + (f" (submitted {_date(h.submit_date)})" if h.submit_date else ""),
           f"Read {len(f.values)} coded amount(s) from {f.name} ({f.kind})."]
    flagged = {m.code: m for m in footing.mismatches}
    for st in STATEMENTS:
        own = [a.code for a in st.totals]
        bad = [c for c in own if c in flagged]
        absent = [a.code for a in st.amounts if a.code in footing.missing]
        result = (f"{len(own) - len(bad)} of {len(own)} totals foot" if bad
                  else f"all {len(own)} totals foot")
        out.append(f"{st.name}: {result}" + (f"; {len(absent)} code(s) absent" if absent
                                            else "") + ".")
    for m in footing.mismatches:
        hint = " — a difference divisible by 9: transposed digits?" \
            if m.difference % 9 == 0 else ""
        out.append(f"  DOES NOT FOOT  {describe(m.code)}: reported {_usd(m.reported)}, its "
                   f"label makes it {_usd(m.expected)} (difference {_usd(m.difference)})"
                   f"{hint}")
    for code, causes in footing.explained.items():
        out.append(f"  (  {describe(code)} foots once "
                   f"{', '.join(f'[{c}]' for c in causes)} is corrected.)")
    for d in footing.deficiencies:
        out.append(f"  DEFICIENCY  {describe(d.code)}: {_usd(d.amount)} — {d.meaning}")
    for code in footing.missing:
        out.append(f"  Absent  {describe(code)} (counted as zero in the footing)")
    for code in f.unknown_codes:
        out.append(f"  Not on the statements FocusDesk knows: [{code}] {_usd(f.values[code])}")
    for note in f.notes:
        out.append(f"  Note: {note}.")
    item29 = ", ".join(f"[{c}] {_usd(f.values[c])}" for c in ITEM_29
                       if c in f.values)
    if item29:
        out.append(f"FOCUS item 29 (29a, 29b): {item29}.")
    if footing.ok:
        out.append("Every total foots.")
    else:
        parts = []
        if footing.mismatches:
            parts.append(f"{len(footing.mismatches)} total(s) do not foot")
        if footing.deficiencies:
            parts.append(f"{len(footing.deficiencies)} deficiency(ies) reported")
        out.append("; ".join(parts).capitalize() + ".")
    return "\n".join(out)

