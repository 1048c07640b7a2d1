"""engine.py: every formula of the instructions against hand-computed figures."""

from __future__ import annotations

import decimal
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.form.catalog import MONTHS, PART_I, BKind
from focusdesk.model.workbook import Workbook

D = Decimal
BASIC, ALT = "aggregate-indebtedness", "alternative"

# One month of a carrying firm, every amount chosen so each line can be worked by hand.
REFERENCE_ITEMS = {
    "1710": "1500000",  # 1
    "1730": "250000",  # 2
    "3501": "4218650.37",  # 4
    "3950": "18450.25",  # 5a
    "4212": "412300.00",  # 5b
    "4201": "385120.45",  # 5c, entered positive
    "4221": "9800.00",  # 5d, entered positive
    "4264": "100000",  # 7a
    "4274": "25000.50",  # 7b, entered positive
    "3525": "-12345.67",  # 9, a deduction
    "3550": "3410",  # 11a
    "3560": "1200",  # 11b
    "3540": "612450",  # 13
    "3600": "7500",  # 14
    "3612": "18200",  # 15
    "3740": "286945",  # 18
    "4880": "120000",  # 20
    "3840": "11850000",  # 23a
    "4470": "30000000",  # 23b
    "3852D": "2000000",  # base of 25e
    "4980": "18240",  # 33, a count
    "114": "42",  # 36a
    "116": "1500",  # 36b
}
REFERENCE_B = {
    ("1", "I"): "3", ("1", "II"): "14210", ("1", "III"): "2300", ("1", "IV"): "14210",
    ("2 L", "IV"): "500",
    # Column IV nets favourable and unfavourable differences (line 5 instructions): 5A's
    # deduction is 700 after its offset; 5G reports the offset in II and III only.
    ("5A L", "I"): "2", ("5A L", "II"): "4000", ("5A L", "IV"): "700",
    ("5B", "III"): "1500",
    ("5G", "II"): "1000",
    ("7", "IV"): "2000",
    ("9", "IV"): "999999",  # resolved afterwards: not part of line 8
}

# Worked by hand:
#  3  = 1,500,000 + 250,000                                  = 1,750,000.00
#  6  = 18,450.25 + 412,300.00 − 385,120.45 − 9,800.00          =    35,829.80
#  8  = 4,218,650.37 + 35,829.80 + 100,000 − 25,000.50        = 4,329,479.67
#  10 = 1,750,000 + 4,329,479.67 − 12,345.67                  = 6,067,134.00
#  B5 IV = 700 (5A L);  B8 IV = 14,210 + 500 + 700 + 2,000 = 17,410 = line 12
#  16 = 3,410 + 1,200 + 17,410 + 612,450 + 7,500 + 18,200     =   660,170.00
#  17 = 6,067,134 − 660,170                                   = 5,406,964.00
#  19 = 5,406,964 − 286,945                                   = 5,120,019.00
#  21 = 5,120,019 − 120,000                                   = 5,000,019.00
#  basic:  24 = max(250,000, 11,850,000 / 15 = 790,000)       =   790,000.00
#          25a = 11,850,000 / 5,120,019 × 100 = 231.4444…     =       231.44
#          25c = 5,120,019 − 790,000                          = 4,330,019.00
#  alternative: 24 = max(250,000, 2 % × 30,000,000 = 600,000) =   600,000.00
#          25b = 5,120,019 / 30,000,000 × 100 = 17.06673      =        17.07
#          25d = 5,120,019 − 600,000                          = 4,520,019.00
#  25e = 2,000,000 / 5,120,019 × 100 = 39.0623…               =        39.06
COMMON_EXPECTED = {
    "3520": "1750000.00", "4250": "35829.80", "3500": "4329479.67", "3530": "6067134.00",
    "3575": "17410.00", "3620": "660170.00", "3640": "5406964.00", "3750": "5120019.00",
    "4881": "5000019.00", "3852": "39.06",
}
BASIC_EXPECTED = {"3760": "790000.00", "3850": "231.44", "3770": "4330019.00",
                  "3851": None, "3910": None}
ALT_EXPECTED = {"3760": "600000.00", "3851": "17.07", "3910": "4520019.00",
                "3850": None, "3770": None}


def reference(calc_workbook, method=BASIC, months=("JAN",)):
    return calc_workbook({m: REFERENCE_ITEMS for m in months},
                         schedule_b={m: REFERENCE_B for m in months},
                         answers=dict.fromkeys(months, True), method=method)


def _expect(comp, month, expected):
    for code, value in expected.items():
        got = comp.value(month, code)
        want = None if value is None else D(value)
        assert got == want, f"line {PART_I.item(code).line} ({code}): {got} != {want}"


# -- every formula, dollar view ----------------------------------------------------------

@pytest.mark.parametrize(("method", "expected"), [(BASIC, BASIC_EXPECTED),
                                                  (ALT, ALT_EXPECTED)])
def test_reference_month_dollars(calc_workbook, method, expected):
    comp = compute(reference(calc_workbook, method))
    assert comp.units == "dollars"
    assert comp.method == method
    _expect(comp, "JAN", COMMON_EXPECTED | expected)


def test_computed_amounts_are_to_the_cent(calc_workbook):
    comp = compute(reference(calc_workbook))
    for item in PART_I.computed_items:
        v = comp.value("JAN", item.code)
        if v is not None:
            assert v.as_tuple().exponent == -2, item.line


def test_inputs_come_through_unchanged(calc_workbook):
    comp = compute(reference(calc_workbook))
    for code, value in REFERENCE_ITEMS.items():
        assert comp.value("JAN", code) == D(value)


def test_unentered_inputs_of_a_reported_month_are_zero(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3950": "10"}}))
    for item in PART_I.input_items:
        if item.code != "3950":
            assert comp.value("JAN", item.code) == 0, item.line


def test_unreported_months_are_blank(calc_workbook):
    comp = compute(calc_workbook({"MAR": {"3950": "10"}}))
    for month in MONTHS:
        res = comp.months[month]
        assert res.active == (month == "MAR")
        if month != "MAR":
            assert all(v is None for v in res.values.values())
            assert all(v is None for row in res.schedule_b.values() for v in row.values())
            assert res.answer is None and not res.line4_carried
    assert set(comp.months) == set(MONTHS)


def test_a_month_is_reported_by_schedule_b_or_answer_alone(calc_workbook):
    comp = compute(calc_workbook(schedule_b={"FEB": {("1", "IV"): "5"}},
                                 answers={"MAR": False}))
    assert [m for m in MONTHS if comp.months[m].active] == ["FEB", "MAR"]
    assert comp.value("FEB", "3575") == D(5)
    assert comp.value("FEB", "3750") == D(-5)
    assert comp.months["MAR"].answer is False


@pytest.mark.parametrize(
    ("items", "code", "expected"),
    [
        ({"1710": "10", "1730": "5"}, "3520", "15"),  # 3 = 1 + 2
        ({"3950": "-100", "4212": "40", "4201": "25", "4221": "5"}, "4250", "-90"),  # 6
        ({"3501": "1000", "3950": "50", "4264": "30", "4274": "20"}, "3500", "1060"),  # 8
        ({"1710": "7", "3501": "100", "3525": "-30"}, "3530", "77"),  # 10 = 3 + 8 + 9
        ({"3550": "1", "3560": "2", "3540": "4", "3600": "8", "3612": "16"}, "3620",
         "31"),  # 16
        ({"3501": "100", "3540": "30"}, "3640", "70"),  # 17 = 10 − 16
        ({"3501": "100", "3540": "30", "3740": "20"}, "3750", "50"),  # 19 = 17 − 18
        ({"3501": "100", "3740": "20", "4880": "70"}, "4881", "10"),  # 21 = 19 − 20
    ],
)
def test_each_sum_line_on_its_own(calc_workbook, items, code, expected):
    assert compute(calc_workbook({"JAN": items})).value("JAN", code) == D(expected)


@pytest.mark.parametrize(("code", "effect_on_6", "effect_on_8"),
                         [("4201", -1, -1), ("4221", -1, -1), ("4274", 0, -1)])
def test_5c_5d_7b_are_entered_positive_and_subtracted(calc_workbook, code, effect_on_6,
                                                      effect_on_8):
    comp = compute(calc_workbook({"JAN": {"3501": "1000", code: "250"}}))
    assert comp.value("JAN", "4250") == D(250 * effect_on_6)
    assert comp.value("JAN", "3500") == D(1000 + 250 * effect_on_8)
    assert comp.value("JAN", "3750") == D(1000 + 250 * effect_on_8)


def test_a_negative_expense_is_still_subtracted(calc_workbook):
    # Entered wrongly as negative, 5c adds to profit; the checks flag it (test_checks).
    comp = compute(calc_workbook({"JAN": {"4201": "-250"}}))
    assert comp.value("JAN", "4250") == D(250)


# -- line 4: the carry ---------------------------------------------------------------------

def test_jan_takes_its_own_entry(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "1000", "3950": "5"}}))
    res = comp.months["JAN"]
    assert res.values["3501"] == D(1000)
    assert res.values["3500"] == D(1005)
    assert not res.line4_carried and res.line4_prior is None
    assert res.line4_prior_month is None


def test_jan_without_entry_is_zero_not_carried(calc_workbook):
    res = compute(calc_workbook({"JAN": {"3950": "5"}})).months["JAN"]
    assert res.values["3501"] == 0
    assert not res.line4_carried


def test_feb_to_dec_carry_the_prior_months_line_8(calc_workbook):
    months = {m: {"3950": str(10 * (n + 1))} for n, m in enumerate(MONTHS)}
    months["JAN"]["3501"] = "1000"
    comp = compute(calc_workbook(months))
    end = D(1000)
    for n, month in enumerate(MONTHS):
        res = comp.months[month]
        assert res.values["3501"] == end
        end += 10 * (n + 1)
        assert res.values["3500"] == end
        if month != "JAN":
            assert res.line4_carried
            assert res.line4_prior_month == MONTHS[n - 1]
            assert res.line4_prior == res.values["3501"]
    assert comp.value("DEC", "3500") == D(1000 + 10 * 78)


def test_carry_skips_unreported_months(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "1000", "4264": "1"},
                                  "APR": {"3950": "3"}}))
    res = comp.months["APR"]
    assert res.line4_carried and res.line4_prior_month == "JAN"
    assert res.values["3501"] == D(1001)
    assert res.values["3500"] == D(1004)


def test_own_entry_wins_over_the_carry(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "1000"},
                                  "FEB": {"3501": "1200", "3950": "1"}}))
    res = comp.months["FEB"]
    assert res.values["3501"] == D(1200)
    assert res.values["3500"] == D(1201)
    assert not res.line4_carried
    assert res.line4_prior == D(1000) and res.line4_prior_month == "JAN"


def test_carry_reads_the_computed_line_8_not_an_input(calc_workbook):
    comp = compute(reference(calc_workbook, months=("JAN", "FEB")))
    assert comp.value("FEB", "3501") == D("4218650.37")  # FEB has its own entry
    wb = reference(calc_workbook, months=("JAN", "FEB"))
    wb.set_item("FEB", "3501", None)
    comp = compute(wb)
    assert comp.value("FEB", "3501") == D("4329479.67")
    assert comp.months["FEB"].line4_carried


def test_first_reported_month_after_jan_has_nothing_to_carry(calc_workbook):
    res = compute(calc_workbook({"MAR": {"3950": "7"}})).months["MAR"]
    assert res.values["3501"] == 0
    assert not res.line4_carried and res.line4_prior is None


# -- methods, line 24 and the ratios --------------------------------------------------------

@pytest.mark.parametrize(
    ("ai", "minimum", "expected"),
    [
        ("1000000", "250000", "250000.00"),  # 66,666.67 < the dollar minimum
        ("1000000", "5000", "66666.67"),  # exactly 1/15, not 0.0667 (66,700.00)
        ("15000001", "250000", "1000000.07"),  # 1,000,000.0666… — not 1,000,500.07
        ("15000000", "250000", "1000000.00"),
        ("3750000", "250000", "250000.00"),  # ratio equals the minimum
        ("0", "100000", "100000.00"),
    ],
)
def test_line_24_basic_is_greater_of_minimum_and_exact_fifteenth(calc_workbook, ai,
                                                                 minimum, expected):
    comp = compute(calc_workbook({"JAN": {"3840": ai, "4470": "99000000"}},
                                 minimum=minimum))
    assert comp.value("JAN", "3760") == D(expected)


@pytest.mark.parametrize(
    ("adi", "minimum", "expected"),
    [
        ("10000000", "250000", "250000.00"),  # 2 % = 200,000 < minimum
        ("30000000", "250000", "600000.00"),
        ("12500050", "250000", "250001.00"),
        # The alternative method's floor: $250,000 whatever the file's minimum.
        ("12345678.91", "5000", "250000.00"),
        ("12345678.91", "250000", "250000.00"),
        ("12512345.67", "250000", "250246.92"),  # 250,246.9134: rounded up a cent
        ("0", "250000", "250000.00"),
    ],
)
def test_line_24_alternative_is_greater_of_minimum_and_two_percent(calc_workbook, adi,
                                                                   minimum, expected):
    comp = compute(calc_workbook({"JAN": {"4470": adi, "3840": "900000000"}},
                                 method=ALT, minimum=minimum))
    assert comp.value("JAN", "3760") == D(expected)


def test_the_other_methods_lines_are_none(calc_workbook):
    basic = compute(reference(calc_workbook, BASIC))
    alt = compute(reference(calc_workbook, ALT))
    for code in ("3851", "3910"):  # 25b, 25d
        assert basic.value("JAN", code) is None
    for code in ("3850", "3770"):  # 25a, 25c
        assert alt.value("JAN", code) is None
    assert basic.value("JAN", "3850") is not None and basic.value("JAN", "3770") is not None
    assert alt.value("JAN", "3851") is not None and alt.value("JAN", "3910") is not None
    # 25e belongs to both methods
    assert basic.value("JAN", "3852") == alt.value("JAN", "3852") == D("39.06")


def test_25c_can_be_negative(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "200000", "3840": "6000000"}}))
    assert comp.value("JAN", "3760") == D("400000.00")
    assert comp.value("JAN", "3770") == D("-200000.00")


@pytest.mark.parametrize("nc", ["0", "-1", "-250000"])
@pytest.mark.parametrize("method", [BASIC, ALT])
def test_percent_lines_are_na_when_net_capital_not_positive(calc_workbook, nc, method):
    comp = compute(calc_workbook({"JAN": {"3501": nc, "3840": "1000000", "4470": "1000000",
                                          "3852D": "500"}}, method=method))
    assert comp.value("JAN", "3750") == D(nc)
    for code in ("3850", "3851", "3852"):
        assert comp.value("JAN", code) is None
    # excess net capital is a difference, not a percent: still shown
    excess = "3770" if method == BASIC else "3910"
    assert comp.value("JAN", excess) == D(nc) - D(250000)


def test_25b_na_when_debit_items_zero(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "500000"}}, method=ALT))
    assert comp.value("JAN", "3851") is None
    assert comp.value("JAN", "3910") == D("250000.00")


def test_zero_numerators_give_zero_percent_not_na(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "500000"}}))
    assert comp.value("JAN", "3850") == D("0.00")
    assert comp.value("JAN", "3852") == D("0.00")
    alt = compute(calc_workbook({"JAN": {"4470": "1000"}}, method=ALT))
    assert alt.value("JAN", "3750") == 0
    assert alt.value("JAN", "3851") is None  # NC 0: N/A, not 0 %


def test_percent_is_rounded_half_away_to_two_places(calc_workbook):
    # 1 / 8 × 100 = 12.5; 1 / 800 × 100 = 0.125 → 0.13
    comp = compute(calc_workbook({"JAN": {"3501": "800", "3840": "1", "3852D": "100"}}))
    assert comp.value("JAN", "3850") == D("0.13")
    assert comp.value("JAN", "3852") == D("12.50")


# -- Schedule B ---------------------------------------------------------------------------

def test_schedule_b_totals(calc_workbook):
    comp = compute(reference(calc_workbook))
    b = comp.months["JAN"].schedule_b
    assert b["5 total"]["II"] == D(3000)  # 4,000 − 1,000 (5G)
    assert b["5 total"]["III"] == D(1500)
    assert b["5 total"]["IV"] == D(700)  # 5A L, netted in column IV
    assert b["8"]["I"] == D(5)  # 3 + 2
    assert b["8"]["II"] == D(14210 + 3000)
    assert b["8"]["III"] == D(2300 + 1500)
    assert b["8"]["IV"] == D(17410)  # line 9 (999,999) is not part of line 8
    assert comp.value("JAN", "3575") == b["8"]["IV"]


@pytest.mark.parametrize("line", [b.key for b in PART_I.b_input_lines if b.takes("IV")])
def test_each_schedule_b_line_reaches_line_12_with_its_sign(calc_workbook, line):
    comp = compute(calc_workbook(schedule_b={"JAN": {(line, "IV"): "1000"}}))
    sign = {"9": 0}.get(line, 1)
    assert comp.value("JAN", "3575") == D(1000 * sign)
    assert comp.value("JAN", "3620") == D(1000 * sign)
    assert comp.value("JAN", "3750") == D(-1000 * sign)


def test_schedule_b_line_5_total_is_a_to_f_less_g_in_every_dollar_column(calc_workbook):
    parts = ("5A L", "5A S", "5B", "5C L", "5C S", "5D", "5E", "5F")
    cells = {}
    for n, line in enumerate(parts):
        for col in ("II", "III", "IV"):
            cells[(line, col)] = str(10 ** n)
    for col in ("II", "III"):
        cells[("5G", col)] = "5"
    comp = compute(calc_workbook(schedule_b={"JAN": cells}))
    b = comp.months["JAN"].schedule_b
    for col in ("II", "III"):
        assert b["5 total"][col] == D(11111111 - 5)
        assert b["8"][col] == D(11111111 - 5)
    # Column IV is already net: 5G takes no entry there and offsets nothing.
    assert b["5 total"]["IV"] == b["8"]["IV"] == D(11111111)


def test_schedule_b_blank_totals_are_none_and_line_12_zero(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "1"}}))
    b = comp.months["JAN"].schedule_b
    for total in PART_I.b_total_lines:
        assert all(v is None for v in b[total.key].values())
    assert comp.value("JAN", "3575") == 0


def test_schedule_b_rows_cover_inputs_and_totals(calc_workbook):
    comp = compute(reference(calc_workbook))
    keys = {b.key for b in PART_I.schedule_b_lines if b.kind in (BKind.INPUT, BKind.TOTAL)}
    assert set(comp.months["JAN"].schedule_b) == keys
    assert all(set(row) == {"I", "II", "III", "IV"}
               for row in comp.months["JAN"].schedule_b.values())


# -- the $000 view --------------------------------------------------------------------------

# Worked by hand from the reference month. Key figures are the dollar view rounded half
# away from zero: 4 = 4,219 (4,218,650.37), 8 = 4,329, 10 = 6,067, 19 = 5,120 (5,120,019),
# 21 = 5,000; the parts absorb what is left, unit by unit to the largest remainder:
#  8: 6 + 7a − 7b = 4,329 − 4,219 = 110 from 35.83 + 100 − 25.0005: 35 + 100 − 25
#  6 = 35 from 18.45 + 412.3 − 385.12 − 9.8: 18 + 412 − 385 − 10
#  10: 3 + 9 = 6,067 − 4,329 = 1,738: 1,750 + (−12)
#  19: 17 − 18 = 5,120 from 5,406.964 − 286.945: 5,407 − 287 (rounding every part first
#  gave 5,408 − 287 = 5,121, a net capital $1,000 above the true 5,120,019)
#  17 = 10 − 16: 16 = 6,067 − 5,407 = 660 = 3 + 1 + 17 + 613 + 8 + 18 (12 = Sch. B 17,410;
#  the two units to 14's 7.5 and 13's 612.45) ;  21: 20 = 5,120 − 5,000 = 120
#  basic: 24 = max(250, 11,850 / 15 = 790) = 790 ; 25c = 4,330 = 5,120 − 790
#  alternative: 24 = max(250, 2 % × 30,000 = 600) = 600 ; 25d = 4,520 = 5,120 − 600
THOUSANDS_COMMON = {
    "1710": "1500", "1730": "250", "3501": "4219", "3950": "18", "4212": "412",
    "4201": "385", "4221": "10", "4274": "25", "3525": "-12", "3540": "613", "3600": "8",
    "3740": "287", "4880": "120",
    "3520": "1750", "4250": "35", "3500": "4329", "3530": "6067", "3575": "17",
    "3620": "660", "3640": "5407", "3750": "5120", "4881": "5000",
    "3852": "39.06",  # percent lines come from the dollar view
    "4980": "18240", "114": "42", "116": "1500",  # counts are never scaled
}


@pytest.mark.parametrize(("method", "expected"), [
    (BASIC, {"3760": "790", "3770": "4330", "3850": "231.44", "3851": None, "3910": None}),
    (ALT, {"3760": "600", "3910": "4520", "3851": "17.07", "3850": None, "3770": None}),
])
def test_reference_month_thousands(calc_workbook, method, expected):
    comp = compute(reference(calc_workbook, method), "thousands")
    assert comp.units == "thousands"
    _expect(comp, "JAN", THOUSANDS_COMMON | expected)


@pytest.mark.parametrize(("dollars", "thousands"),
                         [("500", "1"), ("-500", "-1"), ("499", "0"), ("-499", "0"),
                          ("1500", "2"), ("2500", "3"), ("499.99", "0")])
def test_thousands_rounds_each_input_half_away_from_zero(calc_workbook, dollars, thousands):
    comp = compute(calc_workbook({"JAN": {"3950": dollars}}), "thousands")
    assert comp.value("JAN", "3950") == D(thousands)
    assert comp.value("JAN", "4250") == D(thousands)
    assert comp.value("JAN", "3750") == D(thousands)


def test_thousands_totals_are_true_amounts_their_parts_absorb(calc_workbook):
    # 1,500 + 1,500 = 3,000 prints 3 (rounding the parts first printed 2 + 2 = 4); one
    # part takes the unit. 6 = −500 + 499 − 500 = −501 prints (1), as 8 (a key figure).
    wb = calc_workbook({"JAN": {"1710": "1500", "1730": "1500", "3950": "-500",
                                "4212": "499", "4201": "500"}})
    comp = compute(wb, "thousands")
    v = comp.months["JAN"].values
    assert v["3520"] == D(3) and (v["1710"], v["1730"]) == (D(2), D(1))
    assert v["4250"] == v["3500"] == D(-1)
    assert v["4250"] == v["3950"] + v["4212"] - v["4201"] - v["4221"]
    assert compute(wb).value("JAN", "3520") == D(3000)


@pytest.mark.parametrize("code", ["4980", "114", "116"])
@pytest.mark.parametrize("value", ["499", "500", "1500", "123456"])
def test_counts_never_scaled(calc_workbook, code, value):
    comp = compute(calc_workbook({"JAN": {code: value}}), "thousands")
    assert comp.value("JAN", code) == D(value)


def test_thousands_carry_uses_the_printed_line_8(calc_workbook):
    # JAN: 1,400 + 1,400 = 2,800 dollars: line 8 prints 3 (1 + 2: 5a takes the unit).
    wb = calc_workbook({"JAN": {"3501": "1400", "3950": "1400"}, "FEB": {"3950": "0"}})
    comp = compute(wb, "thousands")
    assert comp.value("JAN", "3500") == D(3)
    assert (comp.value("JAN", "3501"), comp.value("JAN", "3950")) == (D(1), D(2))
    assert comp.value("FEB", "3501") == D(3)
    assert comp.months["FEB"].line4_carried


def test_thousands_own_line_4_is_rounded(calc_workbook):
    comp = compute(calc_workbook({"JAN": {"3501": "1000"}, "FEB": {"3501": "2500"}}),
                   "thousands")
    assert comp.value("FEB", "3501") == D(3)


def test_thousands_schedule_b(calc_workbook):
    wb = calc_workbook(schedule_b={"JAN": {
        ("1", "I"): "3", ("1", "II"): "14499.99", ("1", "III"): "2500",
        ("1", "IV"): "12345.50", ("2 L", "IV"): "154.49", ("5A L", "II"): "500",
        ("5G", "II"): "1499", ("5D", "IV"): "0.50"}})
    comp = compute(wb, "thousands")
    b = comp.months["JAN"].schedule_b
    # Line 8 is its true amount rounded (II: 14,499.99 + 500 − 1,499 = 13,500.99 → 14);
    # the parts absorb it, the unit to the largest remainder (line 1's 14.49999, not
    # line 5's −0.999): rounding each part first printed the same 14 as 14 + (1 − 1).
    assert b["1"] == {"I": D(3), "II": D(15), "III": D(3), "IV": D(12346)}
    assert (b["5A L"]["II"], b["5G"]["II"], b["5 total"]["II"]) == (D(0), D(1), D(-1))
    assert b["2 L"]["IV"] == D(154)
    # Column IV in whole dollars: line 8 is 12,500.49 → 12,500; its parts 12,345.50,
    # 154.49 and 0.50 give 12,346 + 154 + 0 (the smallest remainder gives the unit back).
    assert b["5D"]["IV"] == D(0)
    assert b["5 total"]["IV"] == D(0)
    assert b["8"]["II"] == D(14)
    assert b["8"]["III"] == D(3)
    assert b["8"]["IV"] == D(12346 + 154 + 0)
    assert comp.value("JAN", "3575") == D(13)  # 12.5 (line 8 as printed) → 13
    assert comp.value("JAN", "3620") == D(13)


def test_thousands_line_12_rounds_half_away(calc_workbook):
    comp = compute(calc_workbook(schedule_b={"JAN": {("1", "IV"): "1500"}}), "thousands")
    assert comp.value("JAN", "3575") == D(2)
    assert comp.value("JAN", "3750") == D(-2)


def test_thousands_amounts_are_whole(calc_workbook):
    comp = compute(reference(calc_workbook), "thousands")
    for item in PART_I.items:
        v = comp.value("JAN", item.code)
        if v is not None and item.unit.value == "dollars":
            assert v == v.to_integral_value(), item.line


def test_thousands_percent_lines_equal_dollar_view(calc_workbook):
    for method in (BASIC, ALT):
        wb = reference(calc_workbook, method)
        dollars, thousands = compute(wb), compute(wb, "thousands")
        for code in ("3850", "3851", "3852"):
            assert thousands.value("JAN", code) == dollars.value("JAN", code)


def test_the_engine_computes_and_nothing_else():
    import focusdesk.calculation.engine as engine

    assert not hasattr(engine.Computation, "findings")
    source = Path(engine.__file__).read_text(encoding="utf-8")
    assert "checks" not in [line.split()[1].lstrip(".") for line in source.splitlines()
                            if line.lstrip().startswith(("import ", "from "))]


# -- purity ------------------------------------------------------------------------------

def test_compute_changes_neither_workbook_nor_decimal_context(calc_workbook):
    wb = reference(calc_workbook, months=("JAN", "FEB"))
    before = wb.copy()
    audit = len(wb.audit)
    context = decimal.getcontext().copy()
    compute(wb)
    compute(wb, "thousands")
    assert wb.inputs_equal(before)
    assert len(wb.audit) == audit
    after = decimal.getcontext()
    assert (after.prec, after.rounding) == (context.prec, context.rounding)


def test_compute_is_deterministic(calc_workbook):
    wb = reference(calc_workbook, months=("JAN", "MAR"))
    a, b = compute(wb), compute(wb)
    assert {m: r.values for m, r in a.months.items()} == {
        m: r.values for m, r in b.months.items()}
    assert run_checks(wb, a) == run_checks(wb, b)


def test_empty_workbook(calc_workbook):
    for units in ("dollars", "thousands"):
        comp = compute(Workbook(), units)
        assert not any(r.active for r in comp.months.values())
        assert run_checks(Workbook(), comp) == []
