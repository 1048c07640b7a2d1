"""checks.py: each finding, at and either side of its threshold."""

from __future__ import annotations

from decimal import Decimal

import pytest

from focusdesk.calculation.checks import SEVERITY_RANK, Finding, run_checks
from focusdesk.calculation.engine import compute
from focusdesk.form.catalog import MONTHS, PART_I

D = Decimal
BASIC, ALT = "aggregate-indebtedness", "alternative"
ALL_B_ZERO = {(b.key, "IV"): "0" for b in PART_I.b_input_lines if b.takes("IV")}


@pytest.fixture
def clean(calc_workbook):
    """A workbook whose months raise no finding except what `items` provoke."""

    def build(items=None, *, months=("JAN",), method=BASIC, minimum="250000",
              schedule_b=None, answer=True):
        base = {"3501": "1000000"}
        month_items = {m: dict(base, **(items or {})) for m in months}
        cells = {m: {**ALL_B_ZERO, **(schedule_b or {})} for m in months}
        answers = {m: answer for m in months} if answer is not None else None
        return calc_workbook(month_items, schedule_b=cells, answers=answers, method=method,
                             minimum=minimum)

    return build


def findings(wb, *, item=None, severity=None, month=None) -> list[Finding]:
    return [f for f in run_checks(wb)
            if (item is None or f.item == item) and (severity is None or f.severity == severity)
            and (month is None or f.month == month)]


def test_clean_month_has_no_findings(clean):
    assert findings(clean()) == []
    assert findings(clean(method=ALT)) == []
    assert findings(clean(months=MONTHS)) == []


# -- net capital below the minimum ---------------------------------------------------------

@pytest.mark.parametrize(("nc", "error"), [("249999.99", True), ("250000", False),
                                           ("250000.01", False), ("0", True),
                                           ("-5", True)])
def test_below_dollar_minimum_is_an_error(clean, nc, error):
    found = findings(clean({"3501": nc}), item="3750", severity="error")
    assert bool(found) == error
    if error:
        (f,) = found
        assert f.line == "19" and f.month == "JAN"
        assert "below the minimum" in f.message
        assert "17a-11" in f.rule


def test_exactly_one_fifteenth_is_not_a_deficiency(clean):
    # AI 15,000,000 ÷ 15 = 1,000,000 exactly: NC equal to it meets the requirement.
    wb = clean({"3501": "1000000", "3840": "15000000"})
    assert findings(wb, severity="error") == []
    assert findings(wb, item="3750") == []


def test_one_fifteenth_is_exact_not_0_0667(clean):
    # AI 15,000,001 ÷ 15 = 1,000,000.0666…; × 0.0667 it would be 1,000,500.07.
    ok = clean({"3501": "1000000.07", "3840": "15000001"})
    assert findings(ok, item="3750", severity="error") == []
    assert findings(ok, item="3840", severity="error") == []
    short = clean({"3501": "1000000.06", "3840": "15000001"})
    assert findings(short, item="3750", severity="error")
    assert findings(short, item="3840", severity="error")  # AI above 1500 %
    assert compute(ok).value("JAN", "3760") == D("1000000.07")


def test_ai_a_cent_above_fifteen_times_is_a_deficiency(clean):
    wb = clean({"3501": "1000000", "3840": "15000000.01"})
    assert findings(wb, item="3750", severity="error")
    (f,) = findings(wb, item="3840", severity="error")
    assert "1500 %" in f.message and f.line == "23a"


def test_alternative_two_percent_boundary(clean):
    at = clean({"3501": "1000000", "4470": "50000000"}, method=ALT)  # 2 % = 1,000,000
    assert findings(at, item="3750", severity="error") == []
    below = clean({"3501": "999999.99", "4470": "50000000"}, method=ALT)
    assert findings(below, item="3750", severity="error")


def test_alternative_ignores_aggregate_indebtedness(clean):
    wb = clean({"3501": "1000000", "3840": "999000000"}, method=ALT)
    assert findings(wb) == []


def test_basic_ignores_aggregate_debit_items(clean):
    wb = clean({"3501": "1000000", "4470": "999000000"})
    assert findings(wb) == []


# -- early warnings (Rule 17a-11) ----------------------------------------------------------

@pytest.mark.parametrize(("nc", "warned"), [("300000", False), ("299999.99", True),
                                            ("250000", True), ("300000.01", False)])
def test_early_warning_below_120_percent_of_minimum(clean, nc, warned):
    wb = clean({"3501": nc})
    found = [f for f in findings(wb, item="3760", severity="warning") if "17a-11" in f.rule]
    assert bool(found) == warned
    if warned:
        assert found[0].line == "24" and "120 %" in found[0].message
        assert found[0].rule == "Rule 17a-11(b)(3)"  # (c)(3) before the 2019 lettering
    assert findings(wb, severity="error") == []


def test_120_percent_is_of_the_ratio_requirement_when_greater(clean):
    # requirement = 6,000,000 / 15 = 400,000; 120 % = 480,000
    assert findings(clean({"3501": "480000", "3840": "6000000"}), item="3760") == []
    assert findings(clean({"3501": "479999.99", "3840": "6000000"}), item="3760")


def test_120_percent_on_alternative(clean):
    # requirement = 2 % × 20,000,000 = 400,000; 120 % = 480,000
    wb = clean({"3501": "479999.99", "4470": "20000000"}, method=ALT)
    assert findings(wb, item="3760", severity="warning")
    assert findings(clean({"3501": "480000", "4470": "20000000"}, method=ALT),
                    item="3760") == []


def test_no_120_percent_warning_when_already_below_minimum(clean):
    wb = clean({"3501": "100000"})
    assert findings(wb, item="3750", severity="error")
    assert findings(wb, item="3760") == []


@pytest.mark.parametrize(("ai", "warned"), [("12000000", False), ("12000000.01", True),
                                            ("11999999.99", False)])
def test_early_warning_ai_above_1200_percent(clean, ai, warned):
    wb = clean({"3501": "1000000", "3840": ai})
    found = [f for f in findings(wb, item="3840", severity="warning") if "17a-11" in f.rule]
    assert bool(found) == warned
    if warned:
        assert "1200 %" in found[0].message and found[0].rule == "Rule 17a-11(b)(1)"
    assert findings(wb, severity="error") == []


def test_ai_with_non_positive_net_capital_is_below_the_minimum(clean):
    wb = clean({"3501": "0", "3840": "1"})
    assert findings(wb, item="3840", severity="error")
    # Below the minimum, the same-day notice covers the early warnings.
    assert findings(wb, item="3840", severity="warning") == []


def test_no_ai_warning_when_ai_is_zero(clean):
    assert findings(clean({"3501": "1000000", "3840": "0"}), item="3840") == []


@pytest.mark.parametrize(("nc", "warned"), [("1000000", False), ("999999.99", True)])
def test_early_warning_below_5_percent_of_debit_items(clean, nc, warned):
    # 5 % of 20,000,000 = 1,000,000; the requirement (2 %) is 400,000.
    wb = clean({"3501": nc, "4470": "20000000"}, method=ALT)
    found = [f for f in findings(wb, item="4470", severity="warning") if "17a-11" in f.rule]
    assert bool(found) == warned
    if warned:
        assert "5 %" in found[0].message and found[0].rule == "Rule 17a-11(b)(2)"
        assert found[0].line == "23b"
    assert findings(wb, severity="error") == []


def test_5_percent_warning_only_on_alternative(clean):
    assert findings(clean({"3501": "999999.99", "4470": "20000000"}), item="4470") == []


def test_non_positive_net_capital_notes_na_percents(clean):
    (f,) = findings(clean({"3501": "0"}), item="3750", severity="info")
    assert "N/A" in f.message
    assert findings(clean({"3501": "0.01"}, minimum="0"), item="3750") == []


# -- line 4 against the prior month's line 8 -----------------------------------------------

def test_line_4_differing_from_prior_line_8_is_a_warning(clean, calc_workbook):
    wb = clean(months=("JAN", "FEB"))  # both months enter 1,000,000 on line 4
    wb.set_item("JAN", "3950", D("12.34"))  # JAN line 8 = 1,000,012.34
    (f,) = findings(wb, item="3501")
    assert f.month == "FEB" and f.severity == "warning" and f.line == "4"
    assert "line 7" in f.message and "JAN" in f.message
    assert f.rule == "Instruction to line 4"


def test_line_4_equal_to_prior_line_8_is_fine(clean):
    wb = clean(months=("JAN", "FEB"))
    assert findings(wb, item="3501") == []


def test_carried_line_4_is_fine(clean):
    wb = clean(months=("JAN", "FEB"))
    wb.set_item("JAN", "3950", D("12.34"))
    wb.set_item("FEB", "3501", None)
    assert findings(wb, item="3501") == []
    assert compute(wb).value("FEB", "3501") == D("1000012.34")


def test_jan_line_4_is_never_compared(clean):
    assert findings(clean({"3501": "123"}, minimum="0"), item="3501") == []


def test_line_4_with_nothing_to_carry_after_jan_is_info(calc_workbook):
    wb = calc_workbook({"MAR": {"3950": "1"}})
    (f,) = findings(wb, item="3501")
    assert f.severity == "info" and f.month == "MAR"


# -- reserve bank account, segregation -----------------------------------------------------

@pytest.mark.parametrize(("reserve", "error"), [("1104999.99", True), ("1105000", False),
                                                ("2000000", False), ("0", True)])
def test_reserve_bank_account_below_credits_less_debits(clean, reserve, error):
    wb = clean({"4430": "2410000", "4472": "1305000", "4530": reserve})
    found = findings(wb, item="4530")
    assert bool(found) == error
    if error:
        assert found[0].severity == "error" and found[0].line == "28"
        assert "15c3-3" in found[0].rule


@pytest.mark.parametrize(("credits", "debits"), [("1000", "1000"), ("1000", "5000")])
def test_no_reserve_needed_when_debits_cover_credits(clean, credits, debits):
    assert findings(clean({"4430": credits, "4472": debits}), item="4530") == []


@pytest.mark.parametrize(("segregated", "error"), [("99.99", True), ("100", False),
                                                   ("100.01", False)])
def test_segregated_below_required(clean, segregated, error):
    wb = clean({"7060": "100", "7180": segregated})
    found = findings(wb, item="7180")
    assert bool(found) == error
    if error:
        assert found[0].severity == "error" and found[0].line == "29b"


# -- Schedule B ----------------------------------------------------------------------------

def test_schedule_b_line_10_unanswered_is_an_error(clean):
    (f,) = findings(clean(answer=None), item="B-10")
    assert f.severity == "error" and f.line == "10"


def test_schedule_b_line_10_answered_yes(clean):
    assert findings(clean(answer=True), item="B-10") == []


def test_schedule_b_blank_lines_are_listed(clean):
    wb = clean()
    wb.set_schedule_b("JAN", "3", "IV", None)
    wb.set_schedule_b("JAN", "5C S", "IV", None)
    (f,) = findings(wb, item="B-8")
    assert f.severity == "warning" and f.line == "8"
    assert "3, 5C S" in f.message and "-0-" in f.message


def test_schedule_b_5g_and_9_may_be_left_blank(clean):
    wb = clean()
    wb.set_schedule_b("JAN", "9", "IV", None)
    assert wb.b_value("JAN", "5G", "IV") is None  # 5G takes no column IV at all
    assert findings(wb) == []


def test_schedule_b_entirely_blank_month(calc_workbook):
    wb = calc_workbook({"JAN": {"3501": "1000000"}})
    (f,) = findings(wb, item="B-8")
    required = [b.key for b in PART_I.b_input_lines if b.key not in ("5G", "9")]
    assert f.message.split(": ", 1)[1].startswith(", ".join(required))
    assert findings(wb, item="B-10")


def test_schedule_b_negative_is_an_error(clean):
    (f,) = findings(clean(schedule_b={("4", "II"): "-1"}), item="B-4")
    assert f.severity == "error" and "negative" in f.message


@pytest.mark.parametrize(("count", "error"), [("1.5", True), ("2", False), ("2.0", False)])
def test_schedule_b_number_of_items_must_be_whole(clean, count, error):
    found = findings(clean(schedule_b={("1", "I"): count}), item="B-1")
    assert bool(found) == error


# -- entered values: signs and counts -------------------------------------------------------

@pytest.mark.parametrize("item", PART_I.input_items, ids=lambda i: i.line)
def test_negative_entry_is_an_error_unless_the_line_allows_it(calc_workbook, item):
    wb = calc_workbook({"JAN": {item.code: "-1"}})
    found = [f for f in findings(wb, item=item.code) if "negative" in f.message]
    assert bool(found) == (not item.may_be_negative)
    if found:
        assert found[0].severity == ("warning" if item.negative_warns else "error")
        assert found[0].line == item.line


@pytest.mark.parametrize("code", ["3501", "3950", "4212", "3525", "750"])
def test_lines_that_may_be_negative(calc_workbook, code):
    wb = calc_workbook({"JAN": {code: "-1"}})
    assert [f for f in findings(wb, item=code) if "negative" in f.message] == []


def test_negative_subtracted_line_explains_the_sign(calc_workbook):
    (f,) = findings(calc_workbook({"JAN": {"4274": "-250"}}), item="4274")  # 7b
    assert f.severity == "error"
    assert "positive amount and subtracted" in f.message


@pytest.mark.parametrize("code", ["4980", "114", "116"])
@pytest.mark.parametrize(("value", "error"), [("10.5", True), ("0.0001", True),
                                              ("10", False), ("10.00", False)])
def test_count_must_be_whole(calc_workbook, code, value, error):
    found = [f for f in findings(calc_workbook({"JAN": {code: value}}), item=code)
             if "whole" in f.message]
    assert bool(found) == error
    if error:
        assert found[0].severity == "error"


def test_amount_lines_may_have_cents(calc_workbook):
    assert findings(calc_workbook({"JAN": {"850": "10.5"}}), item="850") == []


# -- the 1,000 % test -----------------------------------------------------------------------

@pytest.mark.parametrize(("options", "error"), [
    ("10000000", False),  # exactly 1,000 %
    ("9999999.99", False),
    ("10000000.01", True),  # 1,000.000001 % — prints as 1000.00 but is over
    ("10000040", True),  # 1,000.004 %
    ("10050000", True),
])
def test_option_deductions_above_1000_percent(clean, options, error):
    wb = clean({"3501": "1000000", "3852D": options})
    found = findings(wb, item="3852")
    assert bool(found) == error
    if error:
        assert found[0].severity == "error" and found[0].line == "25e"
        assert "1,000 %" in found[0].message


@pytest.mark.parametrize("nc", ["0", "-1"])
def test_1000_percent_test_fails_on_non_positive_net_capital(clean, nc):
    wb = clean({"3501": nc, "3852D": "5"})
    (f,) = findings(wb, item="3852")
    assert f.severity == "error" and "not positive" in f.message
    assert findings(clean({"3501": nc, "3852D": "0"}), item="3852") == []


# -- general -----------------------------------------------------------------------------

def test_findings_sorted_by_month_then_severity(calc_workbook):
    wb = calc_workbook({"MAR": {"4201": "-1"}, "JAN": {"3950": "1"}, "FEB": {"3950": "1"}})
    found = run_checks(wb)
    keys = [(MONTHS.index(f.month), SEVERITY_RANK[f.severity]) for f in found]
    assert keys == sorted(keys)
    assert {f.month for f in found} == {"JAN", "FEB", "MAR"}


def test_unreported_months_have_no_findings(clean):
    wb = clean({"4201": "-1", "3501": "1"}, months=("FEB", "NOV"))
    assert {f.month for f in run_checks(wb) if f.severity != "warning" or
            "not reported between" not in f.message} == {"FEB", "NOV"}


def test_run_checks_directly_and_as_dict(clean):
    wb = clean({"3501": "1"})
    found = run_checks(wb, compute(wb))
    assert found == run_checks(wb) == run_checks(wb, compute(wb, "thousands"))
    d = found[0].as_dict()
    assert set(d) == {"month", "item", "severity", "message", "rule", "line"}


def test_every_finding_item_is_a_code_or_schedule_b_line(calc_workbook):
    wb = calc_workbook({"JAN": {"4201": "-1", "4980": "1.5", "3840": "99999999",
                                "7060": "10", "4430": "10", "3852D": "99999999"},
                        "MAR": {"3950": "1"}},
                       schedule_b={"JAN": {("1", "I"): "-1.5"}})
    found = run_checks(wb)
    assert len(found) >= 8
    for f in found:
        assert f.item in PART_I.by_code or f.item.startswith("B-")
        assert f.severity in SEVERITY_RANK
        assert f.message and f.rule and f.line


# -- checks the rules require (issue: numbers a FINOP would sign) ---------------------------

def test_negative_5c_and_5d_are_warnings_not_errors(calc_workbook):
    for code in ("4201", "4221"):
        (f,) = [f for f in findings(calc_workbook({"JAN": {code: "-250"}}), item=code)]
        assert f.severity == "warning" and "negative" in f.message


def test_jan_line_4_blank_is_a_warning(clean, calc_workbook):
    (f,) = findings(calc_workbook({"JAN": {"3950": "1"}}), item="3501")
    assert f.severity == "warning" and "December" in f.message
    assert findings(clean(), item="3501") == []


def test_a_month_not_reported_between_reported_months(clean):
    wb = clean(months=("JAN", "MAR", "APR"))
    gaps = [f for f in findings(wb, severity="warning") if "not reported between" in f.message]
    assert [f.month for f in gaps] == ["FEB"]
    assert "17a-5(a)(2)(i)" in gaps[0].rule
    assert not [f for f in findings(clean(months=("JAN", "FEB"))) if "between" in f.message]


def test_schedule_b_line_10_answered_no_is_a_warning(clean):
    (f,) = findings(clean(answer=False), item="B-10")
    assert f.severity == "warning" and "No" in f.message


@pytest.mark.parametrize(("resolved", "warned"), [("12000", False), ("12000.01", True)])
def test_schedule_b_line_9_above_lines_1_to_6(clean, resolved, warned):
    wb = clean(schedule_b={("1", "IV"): "10000", ("5A L", "IV"): "2000",
                           ("7", "IV"): "5000", ("9", "IV"): resolved})
    found = [f for f in findings(wb, item="B-9") if "lines 1–6" in f.message]
    assert bool(found) == warned
    if warned:
        assert found[0].severity == "warning" and "$12,000.00" in found[0].message


def test_schedule_b_5g_column_iv_is_refused_and_an_old_one_named(clean):
    from focusdesk.model.workbook import WorkbookError

    wb = clean()
    with pytest.raises(WorkbookError, match="5G takes no entry in column IV"):
        wb.set_schedule_b("JAN", "5G", "IV", D(300))
    # An older file holding one: left out of the totals, and named.
    from focusdesk.model.workbook import Entry

    wb.schedule_b["JAN"][("5G", "IV")] = Entry(D(300))
    wb.set_schedule_b("JAN", "5A L", "IV", D(1000))
    comp = compute(wb)
    assert comp.months["JAN"].schedule_b["5 total"]["IV"] == D(1000)
    assert comp.value("JAN", "3575") == D(1000)
    (f,) = findings(wb, item="B-5G")
    assert f.severity == "error" and "clear it" in f.message


def test_schedule_b_totals_never_add_to_net_capital(clean):
    # A negative column IV entry (an error of its own) cannot make line 12 negative.
    wb = clean(schedule_b={("1", "IV"): "-500"})
    comp = compute(wb)
    assert comp.months["JAN"].schedule_b["8"]["IV"] == 0
    assert comp.value("JAN", "3575") == 0


@pytest.mark.parametrize(("offset", "error"), [("1000", False), ("1000.01", True)])
def test_negative_line_5_total_in_columns_ii_iii_is_an_error(clean, offset, error):
    wb = clean(schedule_b={("5A L", "II"): "1000", ("5G", "II"): offset})
    found = [f for f in findings(wb, item="B-5 total") if "negative" in f.message]
    assert bool(found) == error


@pytest.mark.parametrize(("aged", "warned"), [("500", False), ("500.01", True)])
def test_aged_fails_above_total_fails(clean, aged, warned):
    wb = clean({"5362": aged, "770": "500", "5365": "1", "1505": "1"})
    assert bool(findings(wb, item="5362", severity="warning")) == warned
    assert findings(wb, item="5365") == []


@pytest.mark.parametrize(("sub", "equity_sub", "warned"), [
    # debt-equity total = line 3 + line 8 (1,000,000 equity): 70 % of (S + 1,000,000)
    ("2333333.33", "0", False), ("2333333.34", "0", True), ("3000000", "700000", False),
])
def test_debt_equity_70_percent(clean, sub, equity_sub, warned):
    wb = clean({"1710": sub, "1011": equity_sub})
    found = [f for f in findings(wb, item="3520") if "70 %" in f.message]
    assert bool(found) == warned
    if warned:
        assert found[0].severity == "warning" and found[0].rule == "Rule 15c3-1(d)"


def test_equity_subordinations_above_line_3_is_an_error(clean):
    (f,) = findings(clean({"1710": "100", "1011": "100.01"}), item="1011")
    assert f.severity == "error"
    assert findings(clean({"1710": "100", "1011": "100"}), item="1011") == []


@pytest.mark.parametrize("code", ["4430", "4472", "310", "1580"])
def test_carrying_activity_with_a_minimum_below_250000(clean, code):
    found = findings(clean({code: "1"}, minimum="100000"), item="3760", severity="warning")
    assert any("(a)(2)(i)" in f.rule for f in found)
    assert not any("(a)(2)(i)" in f.rule for f in findings(clean({code: "1"}), item="3760"))


@pytest.mark.parametrize(("markets", "warned"), [("250", False), ("251", True)])
def test_market_maker_requirement(clean, markets, warned):
    # $1,000 a market: 250 markets need 250,000 — the line 24 of the clean month.
    wb = clean({"114": markets})
    found = [f for f in findings(wb, item="3760") if "(a)(4)" in f.rule]
    assert bool(found) == warned
    if warned:
        assert "$5 or less" in found[0].message


@pytest.mark.parametrize(("drawn", "rule"), [
    ("500000", None),  # the (e)(1)(iii) exclusion: $500,000 or less
    ("600000", "Rule 15c3-1(e)(1)(ii)"),  # > 20 % of 2,750,000 prior excess (550,000)
    ("825000", "Rule 15c3-1(e)(1)(ii)"),  # exactly 30 %: notice after, not before
    ("825000.01", "Rule 15c3-1(e)(1)(i)"),
])
def test_equity_withdrawal_notices(calc_workbook, drawn, rule):
    wb = calc_workbook({"JAN": {"3501": "3000000"}, "FEB": {"4274": drawn}},
                       schedule_b={m: ALL_B_ZERO for m in ("JAN", "FEB")},
                       answers={"JAN": True, "FEB": True})
    found = [f for f in findings(wb, item="4274") if "15c3-1(e)(1)" in f.rule]
    assert [f.rule for f in found] == ([rule] if rule else [])
    finra = [f for f in findings(wb, item="4274") if "4110" in f.rule]
    assert finra  # above 10 % of the prior excess: FINRA's prior approval


def test_1000_percent_test_message_is_the_rules(clean):
    (f,) = findings(clean({"3501": "1000000", "3852D": "10000000.01"}), item="3852")
    assert "immediately" in f.message


def test_reserve_and_segregation_messages_name_their_notices(clean):
    (r,) = findings(clean({"4430": "100", "4472": "0", "4530": "99.99"}), item="4530")
    assert "15c3-3(e), (i)" in r.rule and "$0.01 below" in r.message
    (s,) = findings(clean({"7060": "100", "7180": "99.99"}), item="7180")
    assert "1.12" in s.rule and "immediately" in s.message


def test_findings_are_the_same_in_either_view(clean):
    wb = clean({"3501": "299999.99", "4201": "-3"})
    assert run_checks(wb, compute(wb, "thousands")) == run_checks(wb, compute(wb))
