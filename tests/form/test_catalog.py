"""catalog.py and formula.py: the form declared once, checked against the reference table."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from focusdesk.calculation.engine import evaluation_order
from focusdesk.form import catalog
from focusdesk.form.catalog import (
    MONTH_NAMES,
    MONTHS,
    PART_I,
    BKind,
    Form,
    Item,
    Kind,
    Method,
    Normal,
    Unit,
)
from focusdesk.form.formula import (
    Difference,
    Greatest,
    OnMethod,
    Param,
    Percent,
    Ref,
    Scale,
    ScheduleBRef,
    Sum,
    as_fraction,
    references,
)
from focusdesk.model.workbook import Workbook, WorkbookError

# The reference table (FORM-NOTES.md, "Schedule A — items, codes, how each line is
# obtained"), restated independently: line, code, "in"/"calc", normal balance.
REFERENCE: tuple[tuple[str, str, str, str], ...] = (
    ("1", "1710", "in", "Cr"), ("2", "1730", "in", "Cr"), ("3", "3520", "calc", ""),
    ("4", "3501", "in", "Cr"), ("5a", "3950", "in", "Cr"), ("5b", "4212", "in", "Cr"),
    ("5c", "4201", "in", "Dr"), ("5d", "4221", "in", "Dr"), ("6", "4250", "calc", ""),
    ("7a", "4264", "in", "Cr"), ("7b", "4274", "in", "Dr"), ("8", "3500", "calc", ""),
    ("9", "3525", "in", ""), ("10", "3530", "calc", ""), ("11a", "3550", "in", "Dr"),
    ("11b", "3560", "in", "Dr"), ("12", "3575", "calc", ""), ("13", "3540", "in", "Dr"),
    ("14", "3600", "in", "Dr"), ("15", "3612", "in", "Dr"), ("16", "3620", "calc", ""),
    ("17", "3640", "calc", ""), ("18", "3740", "in", ""), ("19", "3750", "calc", ""),
    ("20", "4880", "in", ""), ("21", "4881", "calc", ""), ("22", "1011", "in", "Cr"),
    ("23a", "3840", "in", "Cr"), ("23b", "4470", "in", "Dr"), ("24", "3760", "calc", ""),
    ("25a", "3850", "calc", ""), ("25b", "3851", "calc", ""), ("25c", "3770", "calc", ""),
    ("25d", "3910", "calc", ""), ("25e", "3852", "calc", ""), ("26", "4430", "in", "Cr"),
    ("27", "4472", "in", "Dr"), ("28", "4530", "in", "Dr"), ("29a", "7060", "in", ""),
    ("29b", "7180", "in", ""), ("30a", "850", "in", "Dr"), ("30b", "1620", "in", "Cr"),
    ("30c", "841", "in", ""), ("30d", "1621", "in", ""), ("31", "3551", "in", ""),
    ("32a", "5371", "in", ""), ("32b", "5372", "in", ""), ("32c", "5375", "in", ""),
    ("32d", "5376", "in", ""), ("33", "4980", "in", ""), ("34a", "5362", "in", "Dr"),
    ("34b", "5365", "in", "Cr"), ("35a", "770", "in", "Dr"), ("35b", "1505", "in", "Cr"),
    ("36a", "114", "in", ""), ("36b", "116", "in", ""), ("37a", "810", "in", "Dr"),
    ("37b", "1560", "in", "Cr"), ("38", "750", "in", "Dr"), ("39a", "310", "in", "Dr"),
    ("39b", "1580", "in", "Cr"), ("40", "103", "in", "Dr"),
)

COUNT_CODES = {"4980", "114", "116"}  # lines 33, 36a, 36b
PERCENT_CODES = {"3850", "3851", "3852"}  # 25a, 25b, 25e
# Entered lines the instructions allow to be negative: 4, 5a, 5b (losses), 9 (signed),
# 38 (net of overdrafts).
NEGATIVE_ALLOWED_INPUTS = {"3501", "3950", "4212", "3525", "750"}


def printed_items() -> list[Item]:
    return [i for i in PART_I.items if i.printed]


# -- Schedule A against the reference -----------------------------------------------------

def test_printed_lines_and_codes_in_form_order():
    assert [(i.line, i.code) for i in printed_items()] == [(r[0], r[1]) for r in REFERENCE]


@pytest.mark.parametrize(("line", "code", "how", "normal"), REFERENCE,
                         ids=[r[0] for r in REFERENCE])
def test_item_matches_reference(line, code, how, normal):
    item = PART_I.item(code)
    assert item.line == line
    assert PART_I.code_of(line) == code
    assert item.is_computed == (how == "calc")
    assert item.is_input == (how == "in")
    assert item.formula is not None if how == "calc" else item.formula is None
    if normal:
        assert item.normal is Normal(normal)


def test_codes_and_lines_are_unique():
    codes = [i.code for i in PART_I.items]
    lines = [i.line for i in PART_I.items]
    assert len(codes) == len(set(codes))
    assert len(lines) == len(set(lines))
    assert len(PART_I.by_code) == len(PART_I.items) == len(PART_I.by_line)


def test_headings_have_no_code_and_are_not_items():
    headings = [i for i in PART_I.schedule_a if i.kind is Kind.HEADING]
    assert {h.line for h in headings} == {
        "5", "7", "11", "23", "25", "29", "30", "32", "34", "35", "36", "37", "39"}
    assert all(h.code is None for h in headings)
    assert not set(PART_I.items) & set(headings)
    assert all(i.code is not None for i in PART_I.schedule_a if i.kind is not Kind.HEADING)


def test_counts_are_count_kind_and_unit():
    counts = {i.code for i in PART_I.items if i.kind is Kind.COUNT}
    assert counts == COUNT_CODES
    assert all(PART_I.item(c).unit is Unit.COUNT for c in COUNT_CODES)
    assert {i.code for i in PART_I.items if i.unit is Unit.COUNT} == COUNT_CODES


def test_percent_lines():
    assert {i.code for i in PART_I.items if i.unit is Unit.PERCENT} == PERCENT_CODES
    assert all(PART_I.item(c).is_computed for c in PERCENT_CODES)


def test_option_deductions_is_an_unprinted_input():
    base = PART_I.item(catalog.OPTION_DEDUCTIONS)
    assert base.is_input and base.kind is Kind.AMOUNT
    assert base.printed is False
    assert [i.code for i in PART_I.items if not i.printed] == [catalog.OPTION_DEDUCTIONS]


def test_negative_allowed_on_inputs():
    allowed = {i.code for i in PART_I.input_items if i.may_be_negative}
    assert allowed == NEGATIVE_ALLOWED_INPUTS


@pytest.mark.parametrize("code", ["4201", "4221", "4274"])  # 5c, 5d, 7b
def test_subtracted_lines_are_debits_entered_positive(code):
    item = PART_I.item(code)
    assert item.normal is Normal.DEBIT
    assert item.may_be_negative is False


def test_named_codes():
    assert PART_I.item(catalog.NET_CAPITAL).line == "19"
    assert PART_I.item(catalog.AGGREGATE_INDEBTEDNESS).line == "23a"
    assert PART_I.item(catalog.AGGREGATE_DEBIT_ITEMS).line == "23b"
    assert PART_I.item(catalog.MINIMUM_REQUIREMENT).line == "24"
    assert PART_I.item(catalog.EQUITY_START).line == "4"
    assert PART_I.item(catalog.EQUITY_END).line == "8"
    assert PART_I.item(catalog.OPERATIONAL_DEDUCTIONS).line == "12"
    assert PART_I.item(catalog.OPTION_RATIO).line == "25e"
    assert [PART_I.item(c).line for c in (catalog.RESERVE_CREDITS, catalog.RESERVE_DEBITS,
                                          catalog.RESERVE_ACCOUNT)] == ["26", "27", "28"]
    assert PART_I.item(catalog.SEGREGATION_REQUIRED).line == "29a"
    assert PART_I.item(catalog.SEGREGATED).line == "29b"


def test_parts_of_the_pdf():
    for item in PART_I.schedule_a:
        number = int(item.item_number)
        assert item.part == (2 if number >= 32 else 1), item.line


@pytest.mark.parametrize(("line", "number"),
                         [("5a", "5"), ("25c", "25"), ("19", "19"), ("25e*", "25"),
                          ("36b", "36")])
def test_item_number(line, number):
    assert PART_I.by_line[line].item_number == number


def test_months():
    assert len(MONTHS) == 12
    assert MONTHS[0] == "JAN" and MONTHS[-1] == "DEC"
    assert MONTH_NAMES["SEP"] == "SEPTEMBER"
    assert list(MONTH_NAMES) == list(MONTHS)


def test_dollar_minimums():
    assert PART_I.dollar_minimums == (250_000, 100_000, 50_000, 25_000, 5_000)
    assert PART_I.extra["form_number"] == "98"


# -- the formulas as declared ------------------------------------------------------------

def _sum(code: str) -> dict[str, int]:
    formula = PART_I.item(code).formula
    assert isinstance(formula, Sum)
    return {c: s for s, c in formula.terms}


@pytest.mark.parametrize(
    ("code", "terms"),
    [
        ("3520", {"1710": 1, "1730": 1}),  # 3 = 1 + 2
        ("4250", {"3950": 1, "4212": 1, "4201": -1, "4221": -1}),  # 6 = 5a + 5b − 5c − 5d
        ("3500", {"3501": 1, "4250": 1, "4264": 1, "4274": -1}),  # 8 = 4 + 6 + 7a − 7b
        ("3530", {"3520": 1, "3500": 1, "3525": 1}),  # 10 = 3 + 8 + 9
        ("3620", {"3550": 1, "3560": 1, "3575": 1, "3540": 1, "3600": 1,
                  "3612": 1}),  # 16 = 11a + 11b + 12 + 13 + 14 + 15
        ("3640", {"3530": 1, "3620": -1}),  # 17 = 10 − 16
        ("3750", {"3640": 1, "3740": -1}),  # 19 = 17 − 18
        ("4881", {"3750": 1, "4880": -1}),  # 21 = 19 − 20
    ],
)
def test_sum_formulas(code, terms):
    assert _sum(code) == terms


def test_line_12_reads_schedule_b_line_8_column_iv():
    assert PART_I.item("3575").formula == ScheduleBRef("8", "IV")


def test_line_24_is_the_greater_of_minimum_and_exact_ratio():
    formula = PART_I.item("3760").formula
    assert isinstance(formula, Greatest)
    assert Param("minimum_dollar") in formula.exprs
    on = {e.method: e.expr for e in formula.exprs if isinstance(e, OnMethod)}
    assert on[Method.AGGREGATE_INDEBTEDNESS.value] == Scale(Fraction(1, 15), Ref("3840"))
    assert on[Method.ALTERNATIVE.value] == Scale(Fraction(2, 100), Ref("4470"))


def test_ratio_formulas():
    f = {c: PART_I.item(c).formula for c in ("3850", "3851", "3770", "3910", "3852")}
    basic, alt = Method.AGGREGATE_INDEBTEDNESS.value, Method.ALTERNATIVE.value
    assert f["3850"] == OnMethod(basic, Percent(Ref("3840"), Ref("3750"), guard="3750"))
    assert f["3851"] == OnMethod(alt, Percent(Ref("3750"), Ref("4470"), guard="3750"))
    assert f["3770"] == OnMethod(basic, Difference(Ref("3750"), Ref("3760")))
    assert f["3910"] == OnMethod(alt, Difference(Ref("3750"), Ref("3760")))
    assert f["3852"] == Percent(Ref("3852D"), Ref("3750"), guard="3750")


def test_every_reference_is_a_known_item_code():
    for item in PART_I.computed_items:
        assert item.formula is not None
        for code in references(item.formula):
            assert code in PART_I.by_code, (item.line, code)


def test_computed_and_input_partition_the_items():
    assert set(PART_I.computed_items) | set(PART_I.input_items) == set(PART_I.items)
    assert not set(PART_I.computed_items) & set(PART_I.input_items)


def test_sum_of_parses_leading_minus():
    assert Sum.of("1", "-2", "3") == Sum(((1, "1"), (-1, "2"), (1, "3")))


def test_references():
    assert references(Sum.of("a", "-b")) == {"a", "b"}
    assert references(ScheduleBRef("8", "IV")) == set()
    assert references(Param("minimum_dollar")) == set()
    assert references(Greatest((Param("x"), OnMethod("m", Scale(Fraction(1, 15),
                                                                  Ref("c")))))) == {"c"}
    assert references(Percent(Ref("n"), Ref("d"), guard="g")) == {"n", "d", "g"}
    assert references(Difference(Ref("l"), Ref("r"))) == {"l", "r"}


def test_as_fraction_is_exact():
    assert as_fraction(Decimal("0.1")) == Fraction(1, 10)
    assert as_fraction(Decimal("15000001")) / 15 == Fraction(15000001, 15)


# -- evaluation order ------------------------------------------------------------------

def test_evaluation_order_puts_every_line_after_what_it_reads():
    order = [i.code for i in evaluation_order(PART_I)]
    assert sorted(order) == sorted(i.code for i in PART_I.computed_items)
    position = {c: n for n, c in enumerate(order)}
    for item in PART_I.computed_items:
        assert item.formula is not None
        for dep in references(item.formula):
            if dep in position:
                assert position[dep] < position[item.code], (dep, item.code)


def test_evaluation_order_refuses_a_circular_formula():
    looped = tuple(
        replace(i, formula=Sum.of("3750")) if i.code == "3520" else i
        for i in PART_I.schedule_a
    )
    form = Form(name="looped", schedule_a=looped, schedule_b_lines=PART_I.schedule_b_lines,
                schedule_b_columns=PART_I.schedule_b_columns)
    with pytest.raises(ValueError, match="circular"):
        evaluation_order(form)


# -- Schedule B --------------------------------------------------------------------------

LINE5_PARTS = {"5A L", "5A S", "5B", "5C L", "5C S", "5D", "5E", "5F"}


def test_schedule_b_columns():
    cols = {c.key: c for c in PART_I.schedule_b_columns}
    assert PART_I.b_columns == ("I", "II", "III", "IV")
    assert cols["I"].unit is Unit.COUNT
    assert {k for k, c in cols.items() if c.print_in_thousands} == {"II", "III"}
    assert all(cols[k].unit is Unit.DOLLARS for k in ("II", "III", "IV"))


def test_schedule_b_input_lines():
    assert [b.key for b in PART_I.b_input_lines] == [
        "1", "2 L", "2 S", "3", "4", "5A L", "5A S", "5B", "5C L", "5C S", "5D", "5E",
        "5F", "5G", "6", "7", "9"]
    assert [b.key for b in PART_I.b_total_lines] == ["5 total", "8"]
    assert PART_I.b_by_key["10"].kind is BKind.QUESTION
    assert PART_I.b_by_key["2"].kind is BKind.HEADING
    assert PART_I.b_by_key["5"].kind is BKind.HEADING


def test_schedule_b_line_5_total_is_a_to_f_less_g():
    terms = PART_I.b_by_key["5 total"].terms
    assert {k for s, k in terms if s == 1} == LINE5_PARTS
    assert [k for s, k in terms if s == -1] == ["5G"]
    assert len(terms) == len(LINE5_PARTS) + 1


def test_schedule_b_line_8_is_lines_1_to_7():
    terms = PART_I.b_by_key["8"].terms
    assert all(s == 1 for s, _ in terms)
    assert {k for _, k in terms} == {"1", "2 L", "2 S", "3", "4", "5 total", "6", "7"}
    assert "9" not in {k for _, k in terms}


def test_schedule_b_terms_name_existing_lines_declared_earlier():
    seen: set[str] = set()
    for b in PART_I.schedule_b_lines:
        for _, key in b.terms:
            assert key in seen, (b.key, key)
            assert PART_I.b_by_key[key].kind in (BKind.INPUT, BKind.TOTAL)
        seen.add(b.key)


# -- the workbook refuses what the catalog says is not entered -------------------------

@pytest.mark.parametrize("code", [i.code for i in PART_I.computed_items])
def test_computed_items_cannot_be_entered(code):
    with pytest.raises(WorkbookError, match="computed"):
        Workbook().set_item("JAN", code, Decimal(1))


@pytest.mark.parametrize("line", ["5 total", "8"])
def test_schedule_b_totals_cannot_be_entered(line):
    with pytest.raises(WorkbookError, match="total"):
        Workbook().set_schedule_b("JAN", line, "IV", Decimal(1))


def test_unknown_code_month_and_column_are_refused():
    wb = Workbook()
    with pytest.raises(WorkbookError):
        wb.set_item("JAN", "9999", Decimal(1))
    with pytest.raises(WorkbookError):
        wb.set_item("JANUARY", "1710", Decimal(1))
    with pytest.raises(WorkbookError):
        wb.set_schedule_b("JAN", "1", "V", Decimal(1))
    with pytest.raises(WorkbookError):
        wb.set_schedule_b("JAN", "10", "IV", Decimal(1))
    with pytest.raises(WorkbookError):
        wb.set_schedule_b("JAN", "5", "IV", Decimal(1))
