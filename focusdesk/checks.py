"""Checks: what a FINOP, an examiner or Rule 17a-11 would say about the numbers.

Each finding names the month, the item, a severity, a plain sentence and the rule it
rests on. Comparisons with ratio requirements are made on exact fractions (6 2/3 % is
exactly 1/15), never on rounded figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .catalog import (
    AGGREGATE_DEBIT_ITEMS,
    AGGREGATE_INDEBTEDNESS,
    EQUITY_END,
    EQUITY_START,
    MINIMUM_REQUIREMENT,
    MONTHS,
    NET_CAPITAL,
    OPTION_DEDUCTIONS,
    OPTION_RATIO,
    RESERVE_ACCOUNT,
    RESERVE_CREDITS,
    RESERVE_DEBITS,
    SEGREGATED,
    SEGREGATION_REQUIRED,
    BKind,
    Feed,
    Kind,
    Method,
)
from .money import format_amount
from .seg.calendar import last_business_day

if TYPE_CHECKING:
    from .engine import Computation
    from .workbook import Workbook

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    month: str
    item: str  # Schedule A item code, or "B-<line>" for Schedule B
    severity: Severity
    message: str
    rule: str
    line: str = ""  # the printed line number, for people

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _usd(v: Decimal | Fraction) -> str:
    d = Decimal(v.numerator) / Decimal(v.denominator) if isinstance(v, Fraction) else v
    return "$" + format_amount(d, places=0)


def _item_29_unbacked(wb: Workbook, month: str) -> str:
    """Why the month's item 29 is not backed by the Daily Seg filing dated on the month's
    last business day (its month-end Segregation Statement); "" when it is, or when item
    29 is blank or zero (a broker-dealer that is not an FCM has nothing to back)."""
    entered = {code: wb.value(month, code) for code in (SEGREGATION_REQUIRED, SEGREGATED)}
    if not any(entered.values()):
        return ""
    month_end = last_business_day(wb.year, MONTHS.index(month) + 1)
    when = month_end.strftime("%m/%d/%Y")
    filings = [f for f in wb.filings if f.end_date == month_end.isoformat()]
    if not filings:
        return (f"Item 29 is not backed by a Daily Seg filing dated on the month's last "
                f"business day ({when}); import the month-end filing (seg-import).")
    matching = [f for f in filings if all(
        f.value(code) == value for code, value in entered.items() if value is not None)]
    if not matching:
        f = filings[-1]
        shown = ", ".join(f"[{code}] {_usd(f.value(code) or Decimal(0))}" for code in entered)
        return (f"Item 29 differs from the Daily Seg filing of {when} ({f.file_name}: "
                f"{shown}).")
    if all(f.status == "does not foot" for f in matching):
        return (f"Item 29 comes from the Daily Seg filing of {when} "
                f"({matching[-1].file_name}), which does not foot (seg-check).")
    return ""


def _tie_out_findings(wb: Workbook, comp: Computation) -> list[Finding]:
    """Each month whose stored trial balance sends accounts to line 4: the ledger's equity
    (those accounts plus the year-to-date income less distributions) against line 8. A
    difference means the form does not agree with the books — line 4 not the prior
    month's line 8, or lines 5–7 not the month's activity."""
    carried = {i.code for i in wb.form.input_items if i.feed is Feed.CARRIED}
    if not wb.trial_balances or not any(r.code in carried for r in wb.tb_mapping):
        return []
    from .tb import TBError
    from .tb.rollup import TieOut, file_totals, ledger_equity

    out = []
    for month, tb in wb.trial_balances.items():
        res = comp.months[month]
        if not res.active:
            continue
        try:
            ledger = ledger_equity(file_totals(tb, wb.tb_mapping, wb.form), wb.form)
        except TBError:  # a mapping the workbook should not hold; the import says so
            continue
        if ledger is None:
            continue
        tie = TieOut(month, ledger, res.values[EQUITY_END] or Decimal(0))
        if not tie.ties:
            text = tie.message()
            out.append(Finding(month, EQUITY_END, "error",
                               f"{text[0].upper()}{text[1:]} (trial balance {tb.file_name}); "
                               "line 4 should be the prior month's line 8 and lines 5–7 the "
                               "month's activity.", "Instructions 4 and 8; the form agrees with "
                               "the general ledger", wb.form.by_code[EQUITY_END].line))
    return out


def run_checks(wb: Workbook, comp: Computation) -> list[Finding]:
    form = wb.form
    findings: list[Finding] = []

    def add(month: str, code: str, severity: Severity, message: str, rule: str) -> None:
        item = form.by_code.get(code)
        findings.append(Finding(month, code, severity, message, rule, item.line if item else
                                code.removeprefix("B-")))

    basic = wb.method is Method.AGGREGATE_INDEBTEDNESS
    minimum = Fraction(wb.minimum_dollar)
    for month, res in comp.months.items():
        if not res.active:
            continue
        v = res.values

        def f(code: str, _v: dict = v) -> Fraction:
            return Fraction(_v[code] or 0)

        # -- entered values: signs and counts ----------------------------------
        for item in form.input_items:
            entry = wb.items[month].get(item.code or "")
            if entry is None:
                continue
            if item.kind is Kind.COUNT and entry.value != entry.value.to_integral_value():
                add(month, item.code, "error",
                    f"Line {item.line} ({item.label}) is a count and must be a whole number, "
                    f"not {entry.value}.", "Form X-17A-5 Part I instructions")
            if entry.value < 0 and not item.may_be_negative:
                hint = (" It is entered as a positive amount and subtracted by the form."
                        if item.normal is not None and item.normal.value == "Dr"
                        and item.line in ("5c", "5d", "7b") else "")
                add(month, item.code, "error",
                    f"Line {item.line} ({item.label}) cannot be negative "
                    f"({_usd(entry.value)}).{hint}", "Form X-17A-5 Part I instructions")

        # -- line 4 against the prior month's line 8 ---------------------------
        own = wb.value(month, EQUITY_START)
        if own is not None and res.line4_prior is not None and own != res.line4_prior:
            add(month, EQUITY_START, "warning",
                f"Line 4 ({_usd(own)}) differs from {res.line4_prior_month}'s line 8 "
                f"({_usd(res.line4_prior)}); corrections of the prior month belong on line 7.",
                "Instruction to line 4")
        if own is None and res.line4_prior is None and month != "JAN":
            add(month, EQUITY_START, "info",
                "Line 4 has no prior reported month to carry from and nothing entered.",
                "Instruction to line 4")

        # -- net capital against the minimum (Rule 15c3-1, 17a-11) --------------
        nc = f(NET_CAPITAL)
        ai = f(AGGREGATE_INDEBTEDNESS)
        adi = f(AGGREGATE_DEBIT_ITEMS)
        ratio_req = ai / 15 if basic else adi * Fraction(2, 100)
        requirement = max(minimum, ratio_req)  # exact; line 24 shows it to the cent
        if nc < requirement:
            add(month, NET_CAPITAL, "error",
                f"Net capital {_usd(nc)} is below the minimum requirement "
                f"{_usd(requirement)}: notice to the Commission and the DEA the same day.",
                "Rule 15c3-1(a); Rule 17a-11(b)(1)")
        elif nc < requirement * Fraction(120, 100):
            add(month, MINIMUM_REQUIREMENT, "warning",
                f"Early warning: net capital {_usd(nc)} is below 120 % of the minimum "
                f"requirement ({_usd(requirement * Fraction(120, 100))}); notice within "
                "24 hours.", "Rule 17a-11(c)(3)")
        if basic and ai > 0 and (nc <= 0 or ai > 12 * nc):
            add(month, AGGREGATE_INDEBTEDNESS, "warning",
                f"Early warning: aggregate indebtedness {_usd(ai)} exceeds 1200 % of net "
                f"capital; notice within 24 hours.", "Rule 17a-11(c)(1)")
        if basic and ai > 0 and (nc <= 0 or ai > 15 * nc):
            add(month, AGGREGATE_INDEBTEDNESS, "error",
                f"Aggregate indebtedness {_usd(ai)} exceeds 1500 % of net capital.",
                "Rule 15c3-1(a)(1)(i)")
        if not basic and adi > 0 and nc * 20 < adi:
            add(month, AGGREGATE_DEBIT_ITEMS, "warning",
                f"Early warning: net capital {_usd(nc)} is below 5 % of aggregate debit items "
                f"({_usd(adi / 20)}); notice within 24 hours.", "Rule 17a-11(c)(2)")
        if nc <= 0:
            add(month, NET_CAPITAL, "info",
                "Net capital is zero or negative: the percent lines 25a, 25b and 25e are N/A.",
                "Instruction 25")

        # -- the 1,000 % test (options deductions to net capital) --------------
        # Exact: the rounded percent of line 25e would hide 1000.004 % as "1000.00".
        pct = v.get(OPTION_RATIO)
        if pct is not None and nc > 0 and f(OPTION_DEDUCTIONS) > 10 * nc:
            add(month, OPTION_RATIO, "error",
                f"Option deductions are {pct} % of net capital, above the 1,000 % limit.",
                "Rule 15c3-1(a)(6)(v), (a)(7)(iii); instruction 25(e)")

        # -- reserve formula: the bank account covers credits less debits -------
        credits, debits, reserve = f(RESERVE_CREDITS), f(RESERVE_DEBITS), f(RESERVE_ACCOUNT)
        if credits > debits and reserve < credits - debits:
            add(month, RESERVE_ACCOUNT, "error",
                f"The reserve bank account {_usd(reserve)} is below total credits less total "
                f"debits ({_usd(credits - debits)}).", "Rule 15c3-3(e)")

        # -- segregation under the Commodity Exchange Act ----------------------
        required, segregated = f(SEGREGATION_REQUIRED), f(SEGREGATED)
        if segregated < required:
            add(month, SEGREGATED, "error",
                f"The amount segregated {_usd(segregated)} is below the amount required to be "
                f"segregated {_usd(required)}.", "Commodity Exchange Act §4d(a)(2); CFTC 1.20")
        unbacked = _item_29_unbacked(wb, month)
        if unbacked:
            add(month, SEGREGATION_REQUIRED, "warning", unbacked,
                "Instruction 29; CFTC Regulation 1.32 (the daily segregation computation)")

        # -- Schedule B: every line answered ----------------------------------
        if res.answer is None:
            add(month, "B-10", "error",
                "Schedule B line 10 (completed in accordance with the DEA's instructions) "
                "is not answered Yes or No.", "Schedule B instructions")
        blank = [b.key for b in form.schedule_b_lines if b.kind is BKind.INPUT
                 and b.key not in ("9", "5G") and wb.b_value(month, b.key, "IV") is None]
        if blank:
            add(month, "B-8", "warning",
                f"Schedule B lines left blank in column IV: {', '.join(blank)}. "
                "If there is nothing to report, enter -0-.", "Schedule B, lines 1–8")
        for (line, col), entry in wb.schedule_b[month].items():
            if col == "I" and entry.value != entry.value.to_integral_value():
                add(month, f"B-{line}", "error",
                    f"Schedule B line {line} column I is a number of items and must be whole.",
                    "Schedule B instructions")
            if entry.value < 0:
                add(month, f"B-{line}", "error",
                    f"Schedule B line {line} column {col} cannot be negative.",
                    "Schedule B instructions")
    findings += _tie_out_findings(wb, comp)
    findings.sort(key=lambda x: (MONTHS.index(x.month), SEVERITY_RANK[x.severity]))
    return findings
