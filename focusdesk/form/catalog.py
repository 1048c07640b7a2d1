"""The form, declared once.

Every line of FOCUS Report Part I — Schedule A items 1–40 and Schedule B lines 1–10 with
columns I–IV — is declared here as data: line number and label as printed on Form
X-17A-5 Part I (SEC1705), item code, kind, normal balance and formula. The engine, the
grids, the exports, the PDF, the importers and the checks all read this declaration;
none of them keeps a list of lines of its own.

A second form (FOCUS Part II/IIA) would be another `Form` value built the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cached_property

from .formula import (
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

MONTHS: tuple[str, ...] = (
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
)
MONTH_NAMES: dict[str, str] = dict(
    zip(
        MONTHS,
        ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST",
         "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"),
        strict=True,
    )
)


class Method(StrEnum):
    """Rule 15c3-1 net capital method."""

    AGGREGATE_INDEBTEDNESS = "aggregate-indebtedness"  # the basic method, (a)(1)(i)
    ALTERNATIVE = "alternative"  # (a)(1)(ii)

    @property
    def label(self) -> str:
        """The method as a person names it (the value is the file's and the CLI's)."""
        return {"aggregate-indebtedness": "Aggregate indebtedness (basic method)",
                "alternative": "Alternative method"}[self.value]


class Kind(StrEnum):
    HEADING = "heading"  # a printed caption with no amount of its own (e.g. "5.")
    AMOUNT = "amount"  # entered, in dollars
    COUNT = "count"  # entered, a whole number, never scaled
    COMPUTED = "computed"  # derived by `formula`


class Unit(StrEnum):
    DOLLARS = "dollars"
    COUNT = "count"
    PERCENT = "percent"


class Feed(StrEnum):
    """How a trial balance feeds an entered Schedule A amount (`focusdesk.tb.rollup`)."""

    BALANCE = "balance"  # the mapped accounts' balance at the month's end
    # The month's activity: a ledger accumulates these accounts from the start of the year
    # (income and expense until the year is closed; contributions and distributions until
    # they are closed to capital), so a year-to-date trial balance gives this month's
    # figure less the previous month's.
    ACTIVITY = "activity"
    # Carried from the prior month (line 4 is the prior month's line 8, instruction 4): a
    # trial balance sets it only in the year's first imported month; later months tie
    # the ledger's equity out to line 8 instead.
    CARRIED = "carried"


class Normal(StrEnum):
    """The side a trial-balance account mapped to the line normally sits on."""

    DEBIT = "Dr"
    CREDIT = "Cr"


@dataclass(frozen=True)
class Item:
    """One printed row of Schedule A."""

    line: str  # as printed: "5a", "19", "25c"
    label: str  # as printed
    code: str | None  # the item code beside the line; None for a caption row
    kind: Kind
    unit: Unit = Unit.DOLLARS
    normal: Normal | None = None
    formula: Expr | None = None
    may_be_negative: bool = False  # an entered negative is a finding unless True
    # An entered negative is a warning rather than an error: it can be right (a tax
    # benefit on 5d, a reversal of accrued expenses on 5c) but is worth a second look.
    negative_warns: bool = False
    # Rounded up to the cent instead of half away from zero: net capital is whole cents,
    # so "net capital ≥ requirement" holds exactly when it holds against the requirement
    # rounded up — line 24 as printed never shows a deficiency as met (1/15 of an amount
    # is rarely a whole cent).
    round_up: bool = False
    printed: bool = True  # False: an input the form does not print (25e's base)
    part: int = 1  # PDF page group: 1 = items 1–31, 2 = items 32–40
    help: str = ""  # a short hint for the grid's tool-tip
    # How a trial balance feeds the line (an entered amount; see `Feed`).
    feed: Feed = Feed.BALANCE
    # A key figure of the $000 view (`focusdesk.calculation.rounding`): printed as its true dollar
    # amount rounded half away from zero — never adjusted to make a total foot — so the
    # printed form never shows a deficient firm as compliant (issue 14, item 3).
    key_figure: bool = False

    @property
    def is_input(self) -> bool:
        return self.kind in (Kind.AMOUNT, Kind.COUNT)

    @property
    def is_computed(self) -> bool:
        return self.kind is Kind.COMPUTED

    @property
    def item_number(self) -> str:
        """The instruction number this row belongs to: "5a" → "5", "25c" → "25"."""
        return self.line.rstrip("abcdefghijklmnopqrstuvwxyz*")


class BKind(StrEnum):
    HEADING = "heading"
    INPUT = "input"
    TOTAL = "total"
    QUESTION = "question"  # line 10: Yes / No


@dataclass(frozen=True)
class BColumn:
    key: str  # "I".."IV"
    heading: str  # as printed
    unit: Unit
    # Schedule B general instruction: II and III are rounded to the nearest thousand
    # ($000 omitted); column IV omits pennies (whole dollars).
    print_in_thousands: bool


@dataclass(frozen=True)
class BLine:
    key: str  # "1", "2 L", "5A S", "5 total", "10"
    number: str  # as printed at the left: "1.", "", "A.", "TOTAL"
    label: str
    kind: BKind
    # For a total: signed terms over other line keys, applied to each column.
    terms: tuple[tuple[int, str], ...] = ()
    sub: str = ""  # "L" / "S" sub-row marker as printed
    # The columns an input line takes entries in (None: every column).
    columns: tuple[str, ...] | None = None
    # For a total: the columns that can never be negative (the deductions of column IV:
    # a negative total would add to net capital through line 12).
    never_negative: tuple[str, ...] = ()
    # For an input line: the lines whose column IV its own amount is part of (line 9,
    # "Lines 1-6 resolved subsequent to report date", cannot exceed lines 1–6).
    within: tuple[str, ...] = ()

    def takes(self, column: str) -> bool:
        """Whether an input line takes an entry in `column`."""
        return self.kind is BKind.INPUT and (self.columns is None or column in self.columns)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per form
class Form:
    """A FOCUS report form as data."""

    name: str
    schedule_a: tuple[Item, ...]
    schedule_b_lines: tuple[BLine, ...]
    schedule_b_columns: tuple[BColumn, ...]
    # The Schedule B line/column that feeds a Schedule A line (B 8 IV → A 12).
    dollar_minimums: tuple[int, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """Schedule A rows that carry an amount (captions left out)."""
        return tuple(i for i in self.schedule_a if i.code is not None)

    @cached_property
    def by_code(self) -> dict[str, Item]:
        return {i.code: i for i in self.items if i.code is not None}

    @cached_property
    def by_line(self) -> dict[str, Item]:
        return {i.line: i for i in self.items}

    @cached_property
    def input_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.is_input)

    @cached_property
    def computed_items(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.is_computed)

    @cached_property
    def b_by_key(self) -> dict[str, BLine]:
        return {b.key: b for b in self.schedule_b_lines}

    @cached_property
    def b_input_lines(self) -> tuple[BLine, ...]:
        return tuple(b for b in self.schedule_b_lines if b.kind is BKind.INPUT)

    @cached_property
    def b_total_lines(self) -> tuple[BLine, ...]:
        return tuple(b for b in self.schedule_b_lines if b.kind is BKind.TOTAL)

    @cached_property
    def b_columns(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.schedule_b_columns)

    def item(self, code: str) -> Item:
        return self.by_code[code]

    def code_of(self, line: str) -> str:
        code = self.by_line[line].code
        assert code is not None
        return code


def _a(line: str, label: str, code: str | None, kind: Kind, **kw: object) -> Item:
    return Item(line=line, label=label, code=code, kind=kind, **kw)  # type: ignore[arg-type]


H, A, C, N = Kind.HEADING, Kind.AMOUNT, Kind.COUNT, Kind.COMPUTED
ACTIVITY, CARRIED = Feed.ACTIVITY, Feed.CARRIED
DR, CR = Normal.DEBIT, Normal.CREDIT
BASIC, ALTERNATIVE = Method.AGGREGATE_INDEBTEDNESS.value, Method.ALTERNATIVE.value

# Codes of the lines the rules and checks speak of by name.
NET_CAPITAL = "3750"  # line 19
AGGREGATE_INDEBTEDNESS = "3840"  # line 23a
AGGREGATE_DEBIT_ITEMS = "4470"  # line 23b
MINIMUM_REQUIREMENT = "3760"  # line 24
EQUITY_START = "3501"  # line 4
EQUITY_END = "3500"  # line 8
OPERATIONAL_DEDUCTIONS = "3575"  # line 12
OPTION_DEDUCTIONS = "3852D"  # base of 25e; not printed on the form
OPTION_RATIO = "3852"  # line 25e
RESERVE_CREDITS, RESERVE_DEBITS, RESERVE_ACCOUNT = "4430", "4472", "4530"  # 26, 27, 28
SEGREGATION_REQUIRED, SEGREGATED = "7060", "7180"  # 29a, 29b
TOTAL_SUBORDINATIONS = "3520"  # line 3
EQUITY_SUBORDINATIONS = "1011"  # line 22
ADDITIONS_TO_CAPITAL, DEDUCTIONS_FROM_CAPITAL = "4264", "4274"  # 7a, 7b
SCHEDULED_WITHDRAWALS = "4880"  # line 20
NET_CAPITAL_AFTER_WITHDRAWALS = "4881"  # line 21
CUSTOMER_SECURED_DEBITS, CUSTOMER_CREDITS = "310", "1580"  # 39a, 39b
MARKETS_NASDAQ, MARKETS_OTHER = "114", "116"  # 36a, 36b
# Aged fails (34a, 34b) are part of the total fails (35a, 35b) to deliver and to receive.
AGED_FAILS_IN_TOTAL: tuple[tuple[str, str], ...] = (("5362", "770"), ("5365", "1505"))

# The ratio (25a / 25b) and the excess (25c / 25d) of each method.
AI_RATIO, DEBIT_RATIO = "3850", "3851"  # 25a, 25b
RATIO_LINE: dict[Method, str] = {Method.AGGREGATE_INDEBTEDNESS: AI_RATIO,
                                 Method.ALTERNATIVE: DEBIT_RATIO}
EXCESS_LINE: dict[Method, str] = {Method.AGGREGATE_INDEBTEDNESS: "3770",
                                  Method.ALTERNATIVE: "3910"}

# Rule 15c3-1(a)(1)(ii): on the alternative method the requirement is at least
# $250,000, whatever dollar minimum the firm's activities alone would need.
ALTERNATIVE_MINIMUM = Decimal(250_000)

SCHEDULE_A: tuple[Item, ...] = (
    _a("1", "Subordinated Loan Agreements — Cash", "1710", A, normal=CR),
    _a("2", "Secured Demand Notes — Face Amount", "1730", A, normal=CR),
    # Instruction 3: total of lines 1 and 2.
    _a("3", "Total Subordinations Allowable for Net Capital", "3520", N,
       formula=Sum.of("1710", "1730"), may_be_negative=True),
    # Instruction 4: the prior month-end total; the engine carries line 8 forward.
    # A key figure too: it is the prior month's line 8 (a key figure), so a carried line 4
    # prints as the printed prior line 8 and an entered one as its own amount rounded.
    _a("4", "Ownership Equity/Partnership Capital — Start of Month", "3501", A, normal=CR,
       may_be_negative=True, key_figure=True, feed=CARRIED),
    _a("5", "Unconsolidated Income/Expense for the Month:", None, H),
    # Instruction 5a: losses recorded in brackets.
    # 5a–5d are the month's income and expense ("for the month"): the month's activity.
    _a("5a", "Trading and Investment Account Profit or (Loss)", "3950", A, normal=CR,
       may_be_negative=True, feed=ACTIVITY),
    _a("5b", "Other Gross Income (Loss)", "4212", A, normal=CR, may_be_negative=True,
       feed=ACTIVITY),
    # 5c/5d are entered positive and subtracted on line 6; a negative (a reversal, a
    # tax benefit) is possible, so it warns rather than errs.
    _a("5c", "Expenses", "4201", A, normal=DR, feed=ACTIVITY, negative_warns=True),
    _a("5d", "Federal Income Taxes", "4221", A, normal=DR, feed=ACTIVITY,
       negative_warns=True),
    # Instruction 6: net of lines 5(a) through 5(d).
    _a("6", "Net Profit or (Loss) for the Month", "4250", N,
       formula=Sum.of("3950", "4212", "-4201", "-4221"), may_be_negative=True),
    _a("7", "Other (Exclude Non-conforming Capital)", None, H),
    # 7a/7b are the month's contributions and distributions: the ledger accumulates them
    # (like income) until they are closed to capital — the month's activity.
    _a("7a", "Additions to Capital", "4264", A, normal=CR, feed=ACTIVITY),
    _a("7b", "(Deductions) from Capital", "4274", A, normal=DR, feed=ACTIVITY),
    # Instruction 8: the total of lines 4, 6 and 7(a) less 7(b).
    _a("8", "Ownership Equity/Partnership Capital — End of Month", "3500", N,
       formula=Sum.of("3501", "4250", "4264", "-4274"), may_be_negative=True,
       key_figure=True),
    # Instruction 9: both (deductions) and additions — signed.
    _a("9", "Other (Deductions) or Allowable Credits", "3525", A, may_be_negative=True),
    # Instruction 10: add lines 3, 8 and 9.
    _a("10", "Total Capital and Allowable Subordinations", "3530", N,
       formula=Sum.of("3520", "3500", "3525"), may_be_negative=True, key_figure=True),
    _a("11", "Added Charges — Customer and Non-Customer", None, H),
    _a("11a", "Securities Accounts", "3550", A, normal=DR),
    _a("11b", "Commodity Accounts", "3560", A, normal=DR),
    # Instruction 12: Schedule B, line 8 (column IV, deductions in computing net capital).
    _a("12", "Operational Deductions from Net Capital (Sch. B, Line 8)", "3575", N,
       formula=ScheduleBRef("8", "IV")),
    _a("13", "Non-Allowable Assets (Not Includable Above)", "3540", A, normal=DR),
    _a("14", "Proprietary Charges on Commodities", "3600", A, normal=DR),
    _a("15", "Other Charges and/or Deductions", "3612", A, normal=DR),
    # Instruction 16: add line items 11 through 15.
    _a("16", "Total Deductions and/or Charges (Lines 11 through 15)", "3620", N,
       formula=Sum.of("3550", "3560", "3575", "3540", "3600", "3612")),
    # Instruction 17: line 10 less line 16.
    _a("17", "Net Capital Before Haircuts on Securities Positions", "3640", N,
       formula=Sum.of("3530", "-3620"), may_be_negative=True),
    _a("18", "Haircuts on Proprietary Security Positions", "3740", A),
    # Instruction 19: line 17 less line 18.
    _a("19", "Net Capital", "3750", N, formula=Sum.of("3640", "-3740"), may_be_negative=True,
       key_figure=True),
    _a("20", "Scheduled Capital Withdrawals Within 6 Months", "4880", A),
    # Instruction 21: line 19 less line 20.
    _a("21", "Net Capital After Withdrawals", "4881", N, formula=Sum.of("3750", "-4880"),
       may_be_negative=True, key_figure=True),
    _a("22", "Total Equity Subordinations", "1011", A, normal=CR),
    _a("23", "Aggregate Indebtedness/Aggregate Debit Items", None, H),
    _a("23a", "Aggregate Indebtedness under Rule 15c3-1", "3840", A, normal=CR),
    # Note to 23(b): do not reduce the aggregate debits by the 3 % of 15c3-1(f)(5)(i).
    _a("23b", "Aggregate Debits Under Rule 15c3-3 as Adjusted", "4470", A, normal=DR),
    # Instruction 24 and Rule 15c3-1(a)(1): the greater of the dollar minimum and
    # 6 2/3 % (exactly 1/15) of aggregate indebtedness — or, on the alternative method
    # ((a)(1)(ii)), 2 % of aggregate debit items.
    # On the alternative method the requirement is never below $250,000, whatever
    # minimum an (older) file holds. Rounded up to the cent (see Item.round_up).
    _a("24", "Minimum Capital Requirement", "3760", N, formula=Greatest((
        Param("minimum_dollar"),
        OnMethod(ALTERNATIVE, Constant(ALTERNATIVE_MINIMUM)),
        OnMethod(BASIC, Scale(Fraction(1, 15), Ref("3840"))),
        OnMethod(ALTERNATIVE, Scale(Fraction(2, 100), Ref("4470"))),
    )), round_up=True, key_figure=True),
    _a("25", "Ratios/Excess Net Capital", None, H),
    # 25a: percent of aggregate indebtedness (23a) to net capital, basic method.
    _a("25a", "Aggregate Indebtedness to Net Capital", "3850", N, unit=Unit.PERCENT,
       formula=OnMethod(BASIC, Percent(Ref("3840"), Ref("3750"), guard="3750"))),
    # 25b: percent of net capital to aggregate debit items (23b), alternative method.
    _a("25b", "Net Capital to Aggregate Debit Items", "3851", N, unit=Unit.PERCENT,
       formula=OnMethod(ALTERNATIVE, Percent(Ref("3750"), Ref("4470"), guard="3750"))),
    # 25c/25d: net capital less the requirement of line 24 on the method in use.
    _a("25c", "Net Capital in Excess of Greater of 6 2/3% of Aggregate Indebtedness or "
       "Minimum Requirement", "3770", N,
       formula=OnMethod(BASIC, Difference(Ref("3750"), Ref("3760"))), may_be_negative=True,
       key_figure=True),
    _a("25d", "Net Capital in Excess of Greater of 2% of Aggregate Debit Items or "
       "Minimum Requirement", "3910", N,
       formula=OnMethod(ALTERNATIVE, Difference(Ref("3750"), Ref("3760"))),
       may_be_negative=True, key_figure=True),
    # 25e: total options deductions under (a)(6), (a)(7) and (c)(2)(x) to net capital —
    # the 1,000 % test. The deductions themselves are not printed; FocusDesk keeps them
    # as an unprinted input so the percent is computed, not typed.
    _a("25e*", "Total Option Deductions ((a)(6), (a)(7), (c)(2)(x)) — not printed",
       OPTION_DEDUCTIONS, A, printed=False,
       help="Base of line 25e; FocusDesk computes 25e from it. Not printed on the form."),
    _a("25e", "Option Deductions/Net Capital Ratio", "3852", N, unit=Unit.PERCENT,
       formula=Percent(Ref(OPTION_DEDUCTIONS), Ref("3750"), guard="3750")),
    _a("26", "Total Credits — Rule 15c3-3 Reserve Formula", "4430", A, normal=CR),
    # Instruction 27: net of the 3 % (or 1 %) adjustment.
    _a("27", "Total Debits — Rule 15c3-3 Reserve Formula-Net", "4472", A, normal=DR),
    _a("28", "Amount in Reserve Bank Account", "4530", A, normal=DR),
    _a("29", "Commodity Exchange Act — Segregation Requirement", None, H),
    _a("29a", "Amount Required to be Segregated", "7060", A),
    _a("29b", "Amount Segregated", "7180", A),
    _a("30", "Firm Proprietary Positions", None, H),
    _a("30a", "Long — All Securities", "850", A, normal=DR),
    _a("30b", "Short — All Securities", "1620", A, normal=CR),
    _a("30c", "Long — Contractual Commitments — GNMA’s, etc.", "841", A),
    _a("30d", "Short — Contractual Commitments — GNMA’s, etc.", "1621", A),
    _a("31", "Customer and Non-Customer Charges — GNMA’s, etc.", "3551", A),
    _a("32", "Security Concentration/Commodity Concentration", None, H, part=2),
    _a("32a", "Security Concentration — Firm", "5371", A, part=2),
    _a("32b", "Security Concentration — Customer", "5372", A, part=2),
    _a("32c", "Commodity Concentration — Firm", "5375", A, part=2),
    _a("32d", "Commodity Concentration — Customers/Others", "5376", A, part=2),
    # Instruction 33: the number of tickets — a count, never scaled.
    _a("33", "Total Tickets", "4980", C, unit=Unit.COUNT, part=2),
    _a("34", "Aged Fails:", None, H, part=2),
    _a("34a", "To Deliver", "5362", A, normal=DR, part=2),
    _a("34b", "To Receive", "5365", A, normal=CR, part=2),
    _a("35", "Total Fails:", None, H, part=2),
    _a("35a", "To Deliver", "770", A, normal=DR, part=2),
    _a("35b", "To Receive", "1505", A, normal=CR, part=2),
    _a("36", "Equity Markets:", None, H, part=2),
    # Instruction 36: the number of equity securities in which a market is made.
    _a("36a", "NASDAQ", "114", C, unit=Unit.COUNT, part=2),
    _a("36b", "Other", "116", C, unit=Unit.COUNT, part=2),
    _a("37", "Clearing Agency Balances", None, H, part=2),
    _a("37a", "Due from Clearing", "810", A, normal=DR, part=2),
    _a("37b", "Due to Clearing", "1560", A, normal=CR, part=2),
    # Instruction 38: net of overdrafts — may be negative.
    _a("38", "Unrestricted Cash", "750", A, normal=DR, may_be_negative=True, part=2),
    _a("39", "Customers’ Accounts", None, H, part=2),
    _a("39a", "Secured Debits", "310", A, normal=DR, part=2),
    _a("39b", "Total Credits", "1580", A, normal=CR, part=2),
    _a("40", "Securities Borrowed", "103", A, normal=DR, part=2),
)

_B_INPUT, _B_TOTAL = BKind.INPUT, BKind.TOTAL
_LINE5_PARTS = ("5A L", "5A S", "5B", "5C L", "5C S", "5D", "5E", "5F")

SCHEDULE_B_LINES: tuple[BLine, ...] = (
    BLine("1", "1.", "Money suspense and balancing differences", _B_INPUT),
    BLine("2", "2.", "Security suspense and differences with related money balances",
          BKind.HEADING),
    BLine("2 L", "", "Security suspense — long", _B_INPUT, sub="L"),
    BLine("2 S", "", "Security suspense — short", _B_INPUT, sub="S"),
    BLine("3", "3.", "Market value of short and long security suspense and differences "
          "without related money (other than reported in item 4 below)", _B_INPUT),
    BLine("4", "4.", "Market value of security record breaks", _B_INPUT),
    BLine("5", "5.", "Unresolved reconciling differences with others", BKind.HEADING),
    BLine("5A L", "A.", "Correspondents and broker/dealers", _B_INPUT, sub="L"),
    BLine("5A S", "", "Correspondents and broker/dealers", _B_INPUT, sub="S"),
    BLine("5B", "B.", "Depositories", _B_INPUT),
    BLine("5C L", "C.", "Clearing organizations", _B_INPUT, sub="L"),
    BLine("5C S", "", "Clearing organizations", _B_INPUT, sub="S"),
    BLine("5D", "D.", "Intercompany accounts", _B_INPUT),
    BLine("5E", "E.", "Bank accounts and loans", _B_INPUT),
    BLine("5F", "F.", "Other", _B_INPUT),
    # Line 5 instruction: offsetting favourable and unfavourable differences are
    # reported on 5G "as a (deduction) in Columns II and III" — entered positive,
    # subtracted in the total. Column IV already nets them ("may be netted for purposes
    # of determining the deductions"), so 5G takes no entry there.
    BLine("5G", "G.", "(Offsetting) Items A-F", _B_INPUT, columns=("I", "II", "III")),
    BLine("5 total", "", "TOTAL Line 5", _B_TOTAL,
          terms=(*tuple((1, k) for k in _LINE5_PARTS), (-1, "5G")), never_negative=("IV",)),
    BLine("6", "6.", "Commodity differences", _B_INPUT),
    BLine("7", "7.", "Open transfers and reorganization account items over 40 days not "
          "confirmed or verified", _B_INPUT),
    BLine("8", "8.", "TOTAL (Lines 1 – 7)", _B_TOTAL,
          terms=tuple((1, k) for k in ("1", "2 L", "2 S", "3", "4", "5 total", "6", "7")),
          never_negative=("IV",)),
    BLine("9", "9.", "Lines 1-6 resolved subsequent to report date", _B_INPUT,
          within=("1", "2 L", "2 S", "3", "4", "5 total", "6")),
    BLine("10", "10.", "Has respondent completed this form in accordance with instructions "
          "of the designated examining authority?", BKind.QUESTION),
)

SCHEDULE_B_COLUMNS: tuple[BColumn, ...] = (
    BColumn("I", "NO. OF ITEMS", Unit.COUNT, print_in_thousands=False),
    BColumn("II", "DEBITS (SHORT VALUE)", Unit.DOLLARS, print_in_thousands=True),
    BColumn("III", "CREDITS (LONG VALUE)", Unit.DOLLARS, print_in_thousands=True),
    BColumn("IV", "DEDUCTIONS IN COMPUTING NET CAPITAL", Unit.DOLLARS,
            print_in_thousands=False),
)

# Rule 15c3-1(a)(2): the standard dollar minimums, largest first.
DOLLAR_MINIMUMS: tuple[int, ...] = (250_000, 100_000, 50_000, 25_000, 5_000)

PART_I = Form(
    name="FOCUS Report Part I (Form X-17A-5)",
    schedule_a=SCHEDULE_A,
    schedule_b_lines=SCHEDULE_B_LINES,
    schedule_b_columns=SCHEDULE_B_COLUMNS,
    dollar_minimums=DOLLAR_MINIMUMS,
    extra={"form_number": "98"},
)
