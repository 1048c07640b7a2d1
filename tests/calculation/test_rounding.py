"""The $000 view never hides a deficiency (issue 14, item 3): key figures are their true
dollar amounts rounded half away from zero, every printed total foots to its printed
parts (or carries a note), and a deficiency under $500 still prints "(0)"."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from focusdesk.base.money import format_amount
from focusdesk.calculation.engine import Computation, compute
from focusdesk.calculation.rounding import controlled_round
from focusdesk.form.catalog import DOLLAR_MINIMUMS, MONTHS, PART_I, BKind, Kind, Unit
from focusdesk.form.formula import footing_terms
from focusdesk.model.workbook import Workbook

D = Decimal
BASIC, ALT = "aggregate-indebtedness", "alternative"
KEY_FIGURES = {"3501", "3500", "3530", "3750", "4881", "3760", "3770", "3910"}
AMOUNT_CODES = [i.code for i in PART_I.input_items if i.kind is Kind.AMOUNT]
# The lines that feed net capital, drawn more often so deficiencies and ties are common.
CAPITAL_CODES = ["3501", "3950", "4201", "3550", "3540", "3600", "3612", "3740", "4880",
                 "1710", "3525", "3840", "4470"]
# The dollar cells of Schedule B a line takes (5G: II and III only).
B_CELLS = [(b.key, c) for b in PART_I.b_input_lines for c in PART_I.b_columns[1:]
           if b.takes(c)]


def half_away(x: Fraction) -> int:
    """Whole units, half away from zero, on an exact fraction (independent of money.py)."""
    n = math.floor(abs(x) + Fraction(1, 2))
    return n if x >= 0 else -n


# -- random workbooks: sub-$500 amounts, half-thousand ties, cents, large figures ----------

amounts = st.one_of(
    st.integers(-999_99, 999_99).map(lambda n: D(n).scaleb(-2)),  # under $1,000, to the cent
    st.integers(-4000, 4000).map(lambda k: D(500 * k)),  # half-thousand ties (odd k)
    st.integers(-3000, 3000).map(lambda k: D(500 * k) + D(k % 3 - 1).scaleb(-2)),  # ±1 cent
    st.integers(-10**11, 10**11).map(lambda n: D(n).scaleb(-2)),
    st.integers(-10**8, 10**8).map(D),
    st.sampled_from([D(x) for x in ("0", "400", "-400", "499.99", "500", "-500", "1500",
                                    "2500", "250000", "249999.99", "250000.01")]),
)
b_amounts = st.one_of(
    st.integers(0, 999_99).map(lambda n: D(n).scaleb(-2)),
    st.integers(0, 4000).map(lambda k: D(500 * k)),
    st.integers(0, 10**10).map(lambda n: D(n).scaleb(-2)),
)


@st.composite
def workbooks(draw) -> Workbook:
    wb = Workbook()
    wb.set_profile("method", draw(st.sampled_from([BASIC, ALT])))
    wb.set_profile("minimum_dollar", D(draw(st.sampled_from((*DOLLAR_MINIMUMS, 0, 2500)))))
    months = draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=4, unique=True))
    for month in months:
        codes = st.one_of(st.sampled_from(CAPITAL_CODES), st.sampled_from(AMOUNT_CODES))
        for code, value in draw(st.dictionaries(codes, amounts, max_size=14)).items():
            wb.set_item(month, code, value)
        cells = draw(st.dictionaries(st.sampled_from(B_CELLS),
                                     b_amounts, max_size=6))
        for (line, col), value in cells.items():
            wb.set_schedule_b(month, line, col, value)
        if not wb.is_active(month):
            wb.set_item(month, "3950", D(0))
    return wb


def active(comp: Computation) -> list[str]:
    return [m for m in MONTHS if comp.months[m].active]


def check_thousands_view(wb: Workbook) -> dict[str, int]:
    """Every property of the $000 view for one workbook; returns counts of what was seen."""
    dollars, thousands = compute(wb), compute(wb, "thousands")
    seen = {"notes": 0, "adjusted": 0, "negative zero": 0}
    method = wb.method.value
    prior = None
    for month in active(dollars):
        d, k = dollars.months[month], thousands.months[month]
        notes = {n.code: n for n in k.notes}
        for item in PART_I.items:
            code = item.code
            true, printed = d.values[code], k.values[code]
            if item.unit is not Unit.DOLLARS or true is None:
                assert printed == true, (month, item.line)  # counts, percents, N/A
                continue
            assert printed == printed.to_integral_value(), (month, item.line)
            exact = Fraction(true) / 1000
            # No figure changes sign; a negative that prints 0 prints "(0)".
            assert printed.is_signed() == (true < 0), (month, item.line, true, printed)
            seen["negative zero"] += printed == 0 and printed.is_signed()
            if true == 0:
                assert printed == 0, (month, item.line)  # a blank never absorbs
            if item.key_figure:
                assert printed == half_away(exact), (month, item.line, true, printed)
            else:
                # every other figure within a unit of its true amount (one more only where
                # key figures on both sides of it round opposite ways)
                assert abs(Fraction(printed) - exact) < 2, (month, item.line, true, printed)
                seen["adjusted"] += printed != half_away(exact)
        # Every printed total foots to its printed parts, or is a key figure with a note.
        for item in PART_I.computed_items:
            terms = footing_terms(item.formula, method)
            if terms is None:
                continue
            parts = sum(s * k.values[c] for s, c in terms)
            if item.code in notes:
                assert item.key_figure
                assert notes[item.code].difference == k.values[item.code] - parts != 0
                assert f"line {item.line} carries a rounding difference" in \
                    notes[item.code].text.lower()
                seen["notes"] += 1
            else:
                assert k.values[item.code] == parts, (month, item.line)
        assert set(notes) <= {i.code for i in PART_I.computed_items if i.key_figure}
        # 25c / 25d have the sign of the true excess, and a deficiency prints in brackets.
        for code in ("3770", "3910"):
            if d.values[code] is not None:
                assert format_amount(k.values[code]).startswith("(") == (d.values[code] < 0)
        # Line 12 is Schedule B line 8 column IV as printed, in thousands.
        b8 = Fraction(k.schedule_b["8"]["IV"] or 0) / 1000
        line12 = Fraction(k.values["3575"])
        assert abs(line12 - b8) < 2
        # A carried line 4 equals the printed prior line 8, sign and all.
        if k.line4_carried:
            assert prior is not None
            assert k.values["3501"] == prior.values["3500"]
            assert k.values["3501"].is_signed() == prior.values["3500"].is_signed()
        if prior is not None:
            assert k.line4_prior == prior.values["3500"]
        # Schedule B: every figure within a unit of its true amount, every total footing
        # to its printed parts, line 8 its true amount rounded.
        for col in PART_I.schedule_b_columns:
            scale = 1000 if col.print_in_thousands else 1
            for line in PART_I.schedule_b_lines:
                if line.kind not in (BKind.INPUT, BKind.TOTAL):
                    continue
                true, printed = d.schedule_b[line.key][col.key], k.schedule_b[line.key][col.key]
                if true is None or col.unit is Unit.COUNT:
                    assert printed == true
                    continue
                exact = Fraction(true) / scale
                assert abs(Fraction(printed) - exact) < 1, (month, line.key, col.key)
                if line.kind is BKind.TOTAL:
                    if line.key == "8":  # the grand total (5 is one of its parts)
                        assert printed == half_away(exact), (month, line.key, col.key)
                    parts = sum(s * (k.schedule_b[p][col.key] or 0) for s, p in line.terms)
                    assert printed == parts, (month, line.key, col.key)
        prior = k
    return seen


TOTALS_SEEN = {"notes": 0, "adjusted": 0, "negative zero": 0}


@settings(max_examples=400, deadline=None)
@given(workbooks())
def test_the_thousands_view_on_random_workbooks(wb):
    for key, n in check_thousands_view(wb).items():
        TOTALS_SEEN[key] += n


def test_the_random_workbooks_reach_the_hard_cases():
    """The property above is only as strong as its cases: notes, adjusted parts and
    deficiencies under $500 must all have come up (hypothesis, fixed seed)."""
    seen = {"notes": 0, "adjusted": 0, "negative zero": 0}

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(workbooks())
    def collect(wb):
        for key, n in check_thousands_view(wb).items():
            seen[key] += n

    collect()
    assert all(n >= 5 for n in seen.values()), seen


# -- the issue's example, at the boundary ----------------------------------------------------

def _deficient(line4: str, method: str = BASIC, **extra: str) -> Workbook:
    """Line 4 and lines 11a, 13, 14, 15 = 400 each, minimum $250,000."""
    wb = Workbook()
    wb.set_profile("method", method)
    wb.set_profile("minimum_dollar", D(250_000))
    for code, value in {"3501": line4, "3550": "400", "3540": "400", "3600": "400",
                        "3612": "400", **extra}.items():
        wb.set_item("JAN", code, D(value))
    return wb


def test_the_issue_example_prints_the_deficiency():
    wb = _deficient("250000")
    assert compute(wb).value("JAN", "3750") == D("248400.00")
    k = compute(wb, "thousands")
    v = k.months["JAN"].values
    assert v["3750"] == 248 and v["3770"] == -2  # was 250 and 0
    assert v["3620"] == 2  # 1,600 of deductions print 2, not 0
    assert v["3550"] + v["3560"] + v["3575"] + v["3540"] + v["3600"] + v["3612"] == 2
    assert v["3640"] == v["3530"] - v["3620"] == 248
    assert format_amount(v["3770"]) == "(2)"
    assert k.months["JAN"].notes == ()


@pytest.mark.parametrize("method, code", [(BASIC, "3770"), (ALT, "3910")])
@pytest.mark.parametrize("line4, dollars, printed, noted", [
    ("251599.99", "-0.01", "(0)", False),  # one cent short: a deficiency, however small
    ("251600.00", "0.00", "0", False),
    ("251600.01", "0.01", "0", False),
    # 249,500 of net capital prints 250 (half away from zero) and so does the minimum,
    # yet the excess of (500) prints (1): 25c stands and carries the difference.
    ("251100.00", "-500.00", "(1)", True),
    ("251100.01", "-499.99", "(0)", False),
])
def test_a_deficiency_under_500_prints_in_parentheses(method, code, line4, dollars, printed,
                                                      noted):
    wb = _deficient(line4, method)
    assert compute(wb).value("JAN", code) == D(dollars)
    k = compute(wb, "thousands")
    value = k.value("JAN", code)
    assert format_amount(value) == printed
    assert value.is_signed() == (D(dollars) < 0)
    assert k.value("JAN", "3760") == 250
    # …and the total foots to 19 − 24 as printed, or says why not
    parts = k.value("JAN", "3750") - k.value("JAN", "3760")
    assert [(n.code, n.difference) for n in k.months["JAN"].notes] == (
        [(code, value - parts)] if noted else [])
    assert (value == parts) != noted


def test_net_capital_is_never_rounded_up_to_the_minimum_by_its_parts():
    """Rounding the parts first, 249,999.99 of net capital could print as 250 with a
    zero excess; the key figure is 250 only because the true amount rounds there, and
    the excess shows the deficiency."""
    wb = _deficient("251599.99")
    k = compute(wb, "thousands")
    assert k.value("JAN", "3750") == 250
    assert format_amount(k.value("JAN", "3770")) == "(0)"


def test_a_total_of_two_key_figures_that_cannot_foot_carries_a_note():
    # 19 = 250,600 → 251; 24 = 3,756,000 / 15 = 250,400 → 250; 25c = 200 → 0.
    wb = Workbook()
    wb.set_profile("minimum_dollar", D(250_000))
    wb.set_item("JAN", "3501", D(250_600))
    wb.set_item("JAN", "3840", D(3_756_000))
    wb.set_item("FEB", "3840", D(3_756_000))  # FEB: 250,600 carried, same figures
    k = compute(wb, "thousands")
    for month in ("JAN", "FEB"):
        v = k.months[month].values
        assert (v["3750"], v["3760"], v["3770"]) == (251, 250, 0)
        (note,) = k.months[month].notes
        assert (note.month, note.line, note.code, note.difference) == (month, "25c", "3770", -1)
        assert note.text == (
            "Line 25c carries a rounding difference of 1: it prints 0, its true amount of "
            "200.00 dollars rounded to $000, while line 19 less line 24 as printed comes to 1.")
    assert compute(wb, "thousands").months["JAN"].notes == k.months["JAN"].notes


def test_parts_absorb_what_key_figures_need():
    # 1,500 + 1,500 = 3,000: the total prints 3 (its true amount), a part takes the 1.
    wb = Workbook()
    for code, value in {"1710": "1500", "1730": "1500", "3501": "10000"}.items():
        wb.set_item("JAN", code, D(value))
    v = compute(wb, "thousands").months["JAN"].values
    assert v["3520"] == 3 and sorted((v["1710"], v["1730"])) == [1, 2]
    assert v["3530"] == 13 and v["3750"] == 13


# -- carried line 4 ------------------------------------------------------------------------

def test_carried_line_4_is_the_printed_prior_line_8():
    # JAN: 1,400 + 1,400 = 2,800 → line 8 prints 3 (its true amount), FEB carries 3.
    wb = Workbook()
    wb.set_item("JAN", "3501", D(1400))
    wb.set_item("JAN", "3950", D(1400))
    wb.set_item("MAR", "3950", D(0))
    k = compute(wb, "thousands")
    assert k.value("JAN", "3500") == 3 and k.value("JAN", "3950") == 2
    assert k.value("MAR", "3501") == 3 and k.months["MAR"].line4_carried
    assert k.months["MAR"].line4_prior == 3 and k.months["MAR"].line4_prior_month == "JAN"


def test_a_carried_equity_deficit_under_500_keeps_its_brackets():
    wb = Workbook()
    wb.set_item("JAN", "3950", D("-400"))
    wb.set_item("FEB", "3950", D(0))
    k = compute(wb, "thousands")
    assert format_amount(k.value("JAN", "3500")) == "(0)"
    assert format_amount(k.value("FEB", "3501")) == "(0)"
    assert format_amount(k.value("FEB", "3750")) == "(0)"


# -- the rounding itself ---------------------------------------------------------------------

def test_largest_remainders_take_the_units():
    true = {"t": D("2.0"), "a": D("0.4"), "b": D("0.9"), "c": D("0.7")}
    printed, breaks = controlled_round(true, {"t": ((1, "a"), (1, "b"), (1, "c"))})
    assert printed == {"t": 2, "a": 0, "b": 1, "c": 1} and breaks == {}


def test_a_fixed_total_moves_only_its_free_parts():
    true = {"t": D("0.6"), "k": D("0.4"), "a": D("0.2")}
    printed, breaks = controlled_round(true, {"t": ((1, "k"), (1, "a"))},
                                       {"t": D(1), "k": D(0)})
    assert printed == {"t": 1, "k": 0, "a": 1} and breaks == {}


def test_a_blank_part_never_absorbs_and_the_total_keeps_its_figure():
    true = {"t": D("0.2"), "k1": D("0.6"), "k2": D("0.4"), "blank": D(0)}
    printed, breaks = controlled_round(true, {"t": ((1, "k1"), (-1, "k2"), (1, "blank"))},
                                       {"t": D(0), "k1": D(1), "k2": D(0)})
    assert printed["blank"] == 0 and printed["t"] == 0
    assert breaks == {"t": D(-1)}


def test_no_part_changes_sign():
    true = {"t": D("0.5"), "a": D("0.4"), "b": D("-0.3"), "c": D("0.4")}
    printed, _ = controlled_round(true, {"t": ((1, "a"), (1, "b"), (1, "c"))},
                                  {"t": D(1)})
    assert printed["t"] == printed["a"] + printed["b"] + printed["c"] == 1
    assert printed["b"] == 0 and printed["b"].is_signed()
    assert printed["a"] >= 0 and printed["c"] >= 0


def test_a_part_of_two_totals_is_refused():
    true = {"t": D("0.5"), "u": D("0.5"), "a": D("0.5")}
    with pytest.raises(ValueError, match="a part of both"):
        controlled_round(true, {"t": ((1, "a"),), "u": ((1, "a"),)})


def test_whole_units_need_no_rounding():
    true = {"t": D(3), "a": D(1), "b": D(2)}
    assert controlled_round(true, {"t": ((1, "a"), (1, "b"))}) == (true, {})


def test_key_figures_are_declared_in_the_catalog():
    assert {i.code for i in PART_I.items if i.key_figure} == KEY_FIGURES
    assert all(i.unit is Unit.DOLLARS for i in PART_I.items if i.key_figure)


def test_a_key_figure_with_nothing_left_to_absorb_carries_a_note():
    """Found by hypothesis: FEB's line 4 carried 500 (10 prints 1) and net capital 499.99
    (19 prints 0), the one difference Schedule B's $0.01 — 0 in whole dollars, so line 12
    cannot take the unit. Line 19 stands at its true amount rounded and says so."""
    wb = Workbook()
    wb.set_item("JAN", "3501", D(500))
    wb.set_schedule_b("FEB", "1", "IV", D("0.01"))
    comp = compute(wb, "thousands")
    v = comp.months["FEB"].values
    assert (v["3530"], v["3620"], v["3740"], v["3750"]) == (D(1), D(0), D(0), D(0))
    (note,) = [n for n in comp.months["FEB"].notes if n.code == "3750"]
    assert note.difference == D(-1) and "line 17 less line 18" in note.text
