"""Checks: what a FINOP, an examiner or Rule 17a-11 would say about the numbers.

Each finding names the month, the item, a severity, a plain sentence (amounts to the
cent) and the rule it rests on. The capital thresholds are `focusdesk.calculation.standing`'s —
their one home; the findings of the net capital tests are the standing's reasons. The
checks read the dollar computation whatever view the caller shows, so a finding never
depends on the units. Comparisons are made on exact fractions (6 2/3 % is exactly
1/15), never on rounded figures.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ..base.money import usd
from ..form.business_days import part_i_due
from ..form.catalog import (
    AGED_FAILS_IN_TOTAL,
    ALTERNATIVE_MINIMUM,
    CUSTOMER_CREDITS,
    CUSTOMER_SECURED_DEBITS,
    DEDUCTIONS_FROM_CAPITAL,
    EQUITY_END,
    EQUITY_START,
    EQUITY_SUBORDINATIONS,
    MARKETS_NASDAQ,
    MARKETS_OTHER,
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
    TOTAL_SUBORDINATIONS,
    BKind,
    BLine,
    Feed,
    Form,
    Kind,
    Method,
)
from ..form.market_days import last_business_day
from . import standing as rules

if TYPE_CHECKING:
    from ..model.workbook import Workbook
    from .engine import Computation, MonthResult
    from .standing import MonthStanding

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
    # The Schedule B cell a finding is about — (line key, column) — which the window goes
    # to when the finding is double-clicked; not part of the findings' JSON shape.
    b_cell: tuple[str, str] | None = None

    def as_dict(self) -> dict[str, str]:
        d = asdict(self)
        del d["b_cell"]
        return d


def zero_answer_lines(form: Form) -> tuple[BLine, ...]:
    """The Schedule B lines the form asks to be answered, -0- when there is nothing to
    report (its footnote: "All line items (1 - 8) … must be answered"): the input lines
    of 1–8 but 5G, whose offsets are optional."""
    return tuple(b for b in form.schedule_b_lines
                 if b.kind is BKind.INPUT and b.key not in ("9", "5G"))


def _usd(v: Decimal | Fraction | int) -> str:
    return usd(Decimal(v) if isinstance(v, int) else v)


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
    from .accounts import TBError
    from .ledger import TieOut, file_totals, ledger_equity

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


class _Checker:
    """The checks of one workbook, month by month; `add` collects the findings."""

    def __init__(self, wb: Workbook, comp: Computation,
                 standings: dict[str, MonthStanding]):
        self.wb = wb
        self.form = wb.form
        self.comp = comp
        self.standings = standings
        self.findings: list[Finding] = []

    def add(self, month: str, code: str, severity: Severity, message: str, rule: str,
            b_cell: tuple[str, str] | None = None) -> None:
        item = self.form.by_code.get(code)
        line = item.line if item else code.removeprefix("B-")
        if b_cell is None and code.startswith("B-"):
            b_cell = (line, "I" if line == "10" else "IV")
        self.findings.append(Finding(month, code, severity, message, rule, line, b_cell))

    # -- the workbook as a whole ---------------------------------------------------
    def year(self) -> None:
        wb = self.wb
        reported = [m for m in MONTHS if self.comp.months[m].active]
        if not reported:
            return
        if wb.method is Method.ALTERNATIVE and wb.minimum_dollar < ALTERNATIVE_MINIMUM:
            self.add(reported[0], MINIMUM_REQUIREMENT, "error",
                     f"The workbook's dollar minimum {_usd(wb.minimum_dollar)} is below the "
                     f"{_usd(ALTERNATIVE_MINIMUM)} the alternative method requires; line 24 "
                     f"is computed with {_usd(ALTERNATIVE_MINIMUM)}. Correct the minimum in "
                     "Firm & settings.", "Rule 15c3-1(a)(1)(ii)")
        first, last = MONTHS.index(reported[0]), MONTHS.index(reported[-1])
        for month in MONTHS[first:last + 1]:
            if not self.comp.months[month].active:
                self.add(month, EQUITY_START, "warning",
                         f"{month} is not reported between two reported months; Part I is "
                         "filed for every month.", "Rule 17a-5(a)(2)(i)")

    def overdue(self, today: date) -> None:
        """Rule 17a-5(a)(2)(i): Part I is due 10 business days after the month's end."""
        reported = [m for m in MONTHS if self.comp.months[m].active]
        if not reported:
            return
        for month in MONTHS[MONTHS.index(reported[0]):]:  # earlier: not this workbook's
            due = part_i_due(self.wb.year, MONTHS.index(month) + 1)
            if due >= today or self.wb.month_close(month).versions:
                continue
            days = (today - due).days
            reported = "" if self.comp.months[month].active else " (nothing is entered yet)"
            self.add(month, NET_CAPITAL, "warning",
                     f"{month} {self.wb.year}'s Part I was due on {due.isoformat()}, 10 "
                     f"business days after the month's end, and is not filed{reported}: "
                     f"{days} day{'s' if days != 1 else ''} overdue. File it, or record its "
                     "filing (Filing ▸ File Month…).", "Rule 17a-5(a)(2)(i)")

    # -- one month -------------------------------------------------------------------
    def month(self, month: str, res: MonthResult) -> None:
        self.entries(month)
        self.line_4(month, res)
        s = self.standings[month]
        for r in s.reasons:
            self.add(month, r.code, r.severity, r.message, r.rule)
        if s.net_capital <= 0:
            self.add(month, NET_CAPITAL, "info",
                     "Net capital is zero or negative: the percent lines 25a, 25b and 25e "
                     "are N/A.", "Instruction 25")
        self.options(month, res, s)
        self.withdrawal_notices(month, res)
        self.debt_equity(month, res)
        self.activity(month, res, s)
        self.reserve_and_segregation(month, res)
        self.schedule_b(month, res)

    def entries(self, month: str) -> None:
        """Entered values: signs and counts."""
        for item in self.form.input_items:
            entry = self.wb.items[month].get(item.code or "")
            if entry is None or item.code is None:
                continue
            if item.kind is Kind.COUNT and entry.value != entry.value.to_integral_value():
                self.add(month, item.code, "error",
                         f"Line {item.line} ({item.label}) is a count and must be a whole "
                         f"number, not {entry.value}.", "Form X-17A-5 Part I instructions")
            if entry.value < 0 and not item.may_be_negative:
                hint = (" It is entered as a positive amount and subtracted by the form."
                        if item.normal is not None and item.normal.value == "Dr"
                        and item.line in ("5c", "5d", "7b") else "")
                if item.negative_warns:
                    self.add(month, item.code, "warning",
                             f"Line {item.line} ({item.label}) is negative "
                             f"({_usd(entry.value)}): it adds to line 6. Right for a "
                             "reversal or a tax benefit; otherwise enter it positive.",
                             "Form X-17A-5 Part I instructions")
                else:
                    self.add(month, item.code, "error",
                             f"Line {item.line} ({item.label}) cannot be negative "
                             f"({_usd(entry.value)}).{hint}", "Form X-17A-5 Part I instructions")

    def line_4(self, month: str, res: MonthResult) -> None:
        own = self.wb.value(month, EQUITY_START)
        if own is not None and res.line4_prior is not None and own != res.line4_prior:
            self.add(month, EQUITY_START, "warning",
                     f"Line 4 ({_usd(own)}) differs from {res.line4_prior_month}'s line 8 "
                     f"({_usd(res.line4_prior)}); corrections of the prior month belong on "
                     "line 7.", "Instruction to line 4")
        if own is None and res.line4_prior is None:
            if month == "JAN":
                self.add(month, EQUITY_START, "warning",
                         "Line 4 of JAN is blank: it is the prior December's line 8 (the "
                         "ownership equity at the end of last year); enter it.",
                         "Instruction to line 4")
            else:
                self.add(month, EQUITY_START, "info",
                         "Line 4 has no prior reported month to carry from and nothing "
                         "entered.", "Instruction to line 4")

    def options(self, month: str, res: MonthResult, s: MonthStanding) -> None:
        """The 1,000 % test: option deductions to net capital, on exact amounts (the
        rounded percent of 25e would hide 1000.004 % as "1000.00")."""
        deductions = Fraction(res.values.get(OPTION_DEDUCTIONS) or 0)
        if deductions <= 0:
            return
        nc = s.net_capital
        if nc > 0 and deductions <= rules.OPTION_DEDUCTIONS_LIMIT * nc:
            return
        pct = res.values.get(OPTION_RATIO)
        share = f"{pct} % of net capital" if pct is not None and nc > 0 else (
            f"{_usd(deductions)} against a net capital of {_usd(nc)}, which is not positive")
        self.add(month, OPTION_RATIO, "error",
                 f"Option deductions are {share}, above the 1,000 % limit; notify the "
                 "Commission and the DEA immediately.",
                 "Rule 15c3-1(a)(6)(v), (a)(7)(iii), (c)(2)(x)(C); instruction 25(e)")

    def withdrawal_notices(self, month: str, res: MonthResult) -> None:
        """Line 7b against the prior month's excess net capital (Rule 15c3-1(e)(4)
        allows the most recent FOCUS figures), taken as the month's withdrawals."""
        drawn = Fraction(self.wb.value(month, DEDUCTIONS_FROM_CAPITAL) or 0)
        prior = self.standings.get(res.line4_prior_month or "")
        if drawn <= 0 or prior is None:
            return
        excess = prior.excess
        what = (f"Line 7b ({_usd(drawn)}) is more than {{share}} of {prior.month}'s excess "
                f"net capital ({_usd(excess)})")
        if drawn > rules.WITHDRAWAL_NOTICE_EXCLUSION:
            if drawn > rules.PRIOR_NOTICE_SHARE * excess:
                self.add(month, DEDUCTIONS_FROM_CAPITAL, "warning",
                         what.format(share="30 %") + ": written notice to the Commission and "
                         "the DEA two business days before the withdrawal.",
                         "Rule 15c3-1(e)(1)(i)")
            elif drawn > rules.NOTICE_AFTER_SHARE * excess:
                self.add(month, DEDUCTIONS_FROM_CAPITAL, "warning",
                         what.format(share="20 %") + ": written notice to the Commission and "
                         "the DEA within two business days after the withdrawal.",
                         "Rule 15c3-1(e)(1)(ii)")
        if drawn > rules.FINRA_APPROVAL_SHARE * excess:
            self.add(month, DEDUCTIONS_FROM_CAPITAL, "warning",
                     what.format(share="10 %") + ": a carrying or clearing member needs "
                     "FINRA's prior written approval.", "FINRA Rule 4110(c)(2)")

    def debt_equity(self, month: str, res: MonthResult) -> None:
        """Rule 15c3-1(d): subordinations other than equity against the debt-equity
        total (subordinations plus ownership equity)."""
        v = res.values
        subordinations = Fraction(v[TOTAL_SUBORDINATIONS] or 0)
        equity_subordinations = Fraction(v[EQUITY_SUBORDINATIONS] or 0)
        if equity_subordinations > subordinations:
            self.add(month, EQUITY_SUBORDINATIONS, "error",
                     f"Line 22 ({_usd(equity_subordinations)}) exceeds the total "
                     f"subordinations of line 3 ({_usd(subordinations)}): equity "
                     "subordinations are part of them.", "Rule 15c3-1(d)")
            return
        debt = subordinations - equity_subordinations
        total = subordinations + Fraction(v[EQUITY_END] or 0)
        limit = rules.DEBT_EQUITY_LIMIT * total
        if debt > 0 and debt > limit:
            self.add(month, TOTAL_SUBORDINATIONS, "warning",
                     f"Subordinations other than equity ({_usd(debt)}, line 3 less line 22) "
                     f"are above 70 % of the debt-equity total ({_usd(limit)} of "
                     f"{_usd(total)}, line 3 plus line 8): a violation once it lasts "
                     f"{rules.DEBT_EQUITY_DAYS} days.", "Rule 15c3-1(d)")

    def activity(self, month: str, res: MonthResult, s: MonthStanding) -> None:
        """The dollar minimum against what the month shows of the firm's activities."""
        v = res.values
        carrying = [self.form.by_code[c].line for c in
                    (RESERVE_CREDITS, RESERVE_DEBITS, CUSTOMER_SECURED_DEBITS, CUSTOMER_CREDITS)
                    if v.get(c)]
        if carrying and s.minimum < rules.CARRYING_MINIMUM:
            self.add(month, MINIMUM_REQUIREMENT, "warning",
                     f"Lines {', '.join(carrying)} show customer accounts or a reserve "
                     f"computation, but the dollar minimum is {_usd(s.minimum)}: a firm "
                     f"that carries customer accounts needs at least "
                     f"{_usd(rules.CARRYING_MINIMUM)}.", "Rule 15c3-1(a)(2)(i)")
        markets = sum(Fraction(v.get(c) or 0) for c in (MARKETS_NASDAQ, MARKETS_OTHER))
        if markets > 0:
            needed = min(rules.PER_MARKET_AT_MOST_5 * markets, rules.MARKET_MAKER_CAP)
            if s.requirement < needed:
                self.add(month, MINIMUM_REQUIREMENT, "warning",
                         f"Lines 36a and 36b count {markets} markets made; at "
                         f"{_usd(rules.PER_MARKET_AT_MOST_5)} each the market-maker "
                         f"requirement is {_usd(needed)}, above line 24 "
                         f"({_usd(s.requirement)}). The figure assumes every security is "
                         f"priced at $5 or less ({_usd(rules.PER_MARKET)} each above $5; at "
                         f"most {_usd(rules.MARKET_MAKER_CAP)}).", "Rule 15c3-1(a)(4)")
        for aged, total in AGED_FAILS_IN_TOTAL:
            a, t = Fraction(v.get(aged) or 0), Fraction(v.get(total) or 0)
            if a > t:
                ai, ti = self.form.by_code[aged], self.form.by_code[total]
                self.add(month, aged, "warning",
                         f"Aged fails {ai.label.lower()} (line {ai.line}, {_usd(a)}) exceed "
                         f"the total fails {ti.label.lower()} (line {ti.line}, {_usd(t)}); "
                         "aged fails are part of the total.", "Instructions 34 and 35")

    def reserve_and_segregation(self, month: str, res: MonthResult) -> None:
        v = res.values
        credits, debits = Fraction(v[RESERVE_CREDITS] or 0), Fraction(v[RESERVE_DEBITS] or 0)
        reserve = Fraction(v[RESERVE_ACCOUNT] or 0)
        if credits > debits and reserve < credits - debits:
            self.add(month, RESERVE_ACCOUNT, "error",
                     f"The reserve bank account {_usd(reserve)} is "
                     f"{_usd(credits - debits - reserve)} below total credits less total "
                     f"debits ({_usd(credits - debits)}): "
                     "notify the Commission and the DEA immediately by telegraphic notice.",
                     "Rule 15c3-3(e), (i)")
        required, segregated = Fraction(v[SEGREGATION_REQUIRED] or 0), Fraction(
            v[SEGREGATED] or 0)
        if segregated < required:
            self.add(month, SEGREGATED, "error",
                     f"The amount segregated {_usd(segregated)} is "
                     f"{_usd(required - segregated)} below the amount required to be "
                     f"segregated {_usd(required)}: notify the CFTC and the DSRO "
                     "immediately.", "Commodity Exchange Act §4d(a)(2); CFTC Regulations "
                     "1.20, 1.12")
        unbacked = _item_29_unbacked(self.wb, month)
        if unbacked:
            self.add(month, SEGREGATION_REQUIRED, "warning", unbacked,
                     "Instruction 29; CFTC Regulation 1.32 (the daily segregation computation)")

    def schedule_b(self, month: str, res: MonthResult) -> None:
        form, wb = self.form, self.wb
        if res.answer is None:
            self.add(month, "B-10", "error",
                     "Schedule B line 10 (completed in accordance with the DEA's "
                     "instructions) is not answered Yes or No.", "Schedule B instructions")
        elif res.answer is False:
            self.add(month, "B-10", "warning",
                     "Schedule B line 10 is answered No: the form was not completed in "
                     "accordance with the designated examining authority's instructions; "
                     "say why to the DEA or complete it.", "Schedule B instructions")
        blank = [b.key for b in zero_answer_lines(form)
                 if wb.b_value(month, b.key, "IV") is None]
        if blank:
            self.add(month, "B-8", "warning",
                     f"Schedule B lines left blank in column IV: {', '.join(blank)}. "
                     "If there is nothing to report, enter -0-.", "Schedule B, lines 1–8",
                     (blank[0], "IV"))  # double-clicked: the first blank line
        for (line, col), entry in wb.schedule_b[month].items():
            b = form.b_by_key[line]
            if not b.takes(col):
                self.add(month, f"B-{line}", "error",
                         f"Schedule B line {line} column {col} holds {_usd(entry.value)}, "
                         f"which the form does not take there (line 5 reports offsets in "
                         f"columns {', '.join(b.columns or ())}); it is left out of the "
                         "totals — clear it (Delete on Schedule B).",
                         "Schedule B instructions, line 5")
                continue
            if col == "I" and entry.value != entry.value.to_integral_value():
                self.add(month, f"B-{line}", "error",
                         f"Schedule B line {line} column I is a number of items and must be "
                         "whole.", "Schedule B instructions", (line, col))
            if entry.value < 0:
                self.add(month, f"B-{line}", "error",
                         f"Schedule B line {line} column {col} cannot be negative.",
                         "Schedule B instructions", (line, col))
        for b in form.b_total_lines:
            for col in ("II", "III"):
                total = res.schedule_b[b.key][col]
                if total is not None and total < 0:
                    self.add(month, f"B-{b.key}", "error",
                             f"Schedule B {b.label} column {col} is negative "
                             f"({_usd(total)}): the offsets of line 5G exceed the "
                             "differences they offset.", "Schedule B instructions, line 5",
                             (b.key, col))
        for b in form.schedule_b_lines:
            if not b.within:
                continue
            resolved = res.schedule_b[b.key]["IV"]
            open_ = sum((res.schedule_b[k]["IV"] or 0 for k in b.within), Decimal(0))
            if resolved is not None and resolved > open_:
                self.add(month, f"B-{b.key}", "warning",
                         f"Schedule B line {b.number.rstrip('.')} ({_usd(resolved)}) is "
                         f"more than lines 1–6 of column IV ({_usd(open_)}) that it resolves.",
                         "Schedule B instructions, line 9", (b.key, "IV"))


def run_checks(wb: Workbook, comp: Computation | None = None, *,
               today: date | None = None) -> list[Finding]:
    """The findings of `wb`, from its dollar computation `comp` (computed when None):
    the same whatever view the caller shows. With `today`, a month due before it and not
    filed is a warning too (the command line's `check` and the window pass the date;
    the printed form, `compute` and the as-filed record do not, so they depend on the
    workbook alone)."""
    if comp is None or comp.units != "dollars":
        from .engine import compute

        comp = compute(wb)
    checker = _Checker(wb, comp, rules.standing(comp))
    checker.year()
    if today is not None:
        checker.overdue(today)
    for month, res in comp.months.items():
        if res.active:
            checker.month(month, res)
    findings = checker.findings + _tie_out_findings(wb, comp)
    findings.sort(key=lambda x: (MONTHS.index(x.month), SEVERITY_RANK[x.severity]))
    return findings
