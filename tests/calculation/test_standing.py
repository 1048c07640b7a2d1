"""focusdesk.calculation.standing: the one home of the capital thresholds — levels one cent either
side of each, the headroom, and the figures the engine prints at those edges."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from focusdesk.calculation import standing as rules
from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.calculation.standing import month_standing, standing
from focusdesk.form.catalog import PART_I

D = Decimal
BASIC, ALT = "aggregate-indebtedness", "alternative"
ALL_B_ZERO = {(b.key, "IV"): "0" for b in PART_I.b_input_lines if b.takes("IV")}


@pytest.fixture
def month(calc_workbook):
    """The JAN standing of a workbook whose JAN holds `items` (and a complete Schedule B)."""

    def build(items, *, method=BASIC, minimum="250000", prior=None):
        months = {"JAN": {"3501": "1000000", **(prior or {})}} if prior is not None else {}
        target = "FEB" if prior is not None else "JAN"
        months[target] = items
        wb = calc_workbook(months, method=method, minimum=minimum,
                           schedule_b={m: ALL_B_ZERO for m in months},
                           answers={m: True for m in months})
        return wb, month_standing(compute(wb), target)

    return build


def levels(build, **kw):
    return build(**kw)[1].level


# -- the level, one cent either side ---------------------------------------------------

@pytest.mark.parametrize(("nc", "level"), [
    ("249999.99", "below-minimum"), ("250000", "early-warning"),
    ("299999.99", "early-warning"), ("300000", "early-warning"),  # FINRA 150 %: 375,000
    ("374999.99", "early-warning"), ("375000", "ok"),
])
def test_level_against_the_dollar_minimum(month, nc, level):
    assert month({"3501": nc})[1].level == level


def test_120_percent_and_150_percent_are_separate_reasons(month):
    _, s = month({"3501": "299999.99"})
    assert [r.rule for r in s.reasons] == ["Rule 17a-11(b)(3)", "FINRA Rule 4120(a)"]
    _, s = month({"3501": "300000"})
    assert [r.rule for r in s.reasons] == ["FINRA Rule 4120(a)"]


@pytest.mark.parametrize(("ai", "level"), [
    ("10000000", "ok"),  # exactly 1000 % of 1,000,000
    ("10000000.01", "early-warning"),  # FINRA 4120(a): AI above 1000 %
    ("12000000.01", "early-warning"), ("15000000", "early-warning"),  # requirement = NC
    ("15000000.01", "below-minimum"),
])
def test_level_against_aggregate_indebtedness(month, ai, level):
    assert month({"3501": "1000000", "3840": ai})[1].level == level


@pytest.mark.parametrize(("nc", "level"), [
    ("999999.99", "early-warning"), ("1000000", "ok"),  # 5 % of 20,000,000 (17a-11, 4120)
])
def test_level_against_aggregate_debit_items(month, nc, level):
    assert month({"3501": nc, "4470": "20000000"}, method=ALT)[1].level == level


def test_below_the_minimum_lists_the_deficiency_only(month):
    _, s = month({"3501": "100000", "3840": "3000000"})
    assert s.level == "below-minimum"
    assert {r.level for r in s.reasons} == {"below-minimum"}
    assert {"below-120", "finra-below-150", "ai-above-1200"} <= s.met  # still known


def test_options_test_never_sets_the_level(month):
    # 1200 % option deductions at a firm with ample capital: an error, not a deficiency.
    wb, s = month({"3501": "5000000", "3852D": "60000000"})
    assert s.level == "ok" and s.reasons == ()
    assert any(f.item == "3852" and f.severity == "error" for f in run_checks(wb))


# -- the alternative method's floor (15c3-1(a)(1)(ii)) ---------------------------------

def test_alternative_floor_whatever_the_file_minimum(month):
    # The example: an older file with a $100,000 minimum on the alternative method.
    wb, s = month({"3501": "200000", "4470": "1000000"}, method=ALT, minimum="100000")
    comp = compute(wb)
    assert comp.value("JAN", "3760") == D("250000.00")
    assert comp.value("JAN", "3910") == D("-50000.00")
    assert s.level == "below-minimum" and s.requirement == 250000
    found = run_checks(wb)
    assert any(f.item == "3750" and f.severity == "error" and "same day" in f.message
               for f in found)
    (named,) = [f for f in found if "15c3-1(a)(1)(ii)" in f.rule]
    assert named.severity == "error" and "$100,000.00" in named.message
    assert compute(wb, "thousands").value("JAN", "3760") == D(250)


def test_alternative_floor_one_cent_either_side(month):
    assert month({"3501": "249999.99"}, method=ALT, minimum="5000")[1].level == \
        "below-minimum"
    assert month({"3501": "375000"}, method=ALT, minimum="5000")[1].level == "ok"
    # 2 % of ADI above the floor: 12,500,000.50 × 2 % = 250,000.01.
    wb, s = month({"3501": "250000", "4470": "12500000.50"}, method=ALT)
    assert s.level == "below-minimum" and compute(wb).value("JAN", "3760") == D("250000.01")


def test_basic_method_keeps_the_file_minimum(month):
    wb, s = month({"3501": "80000"}, minimum="50000")
    assert compute(wb).value("JAN", "3760") == D("50000.00") and s.level == "ok"


# -- line 24 to the cent, and messages to the cent ---------------------------------------

def test_line_24_is_rounded_up_so_it_never_prints_a_deficiency_as_met(month):
    # AI 99,999.97 / 15 = 6,666.6646…: half-away would print 6,666.66 = net capital,
    # while net capital is below the exact requirement.
    wb, s = month({"3501": "6666.66", "3840": "99999.97"}, minimum="0")
    comp = compute(wb)
    assert comp.value("JAN", "3760") == D("6666.67")
    assert comp.value("JAN", "3770") == D("-0.01")
    assert s.level == "below-minimum"


def test_message_states_the_shortfall_to_the_cent(month):
    wb, _ = month({"3501": "6666.66", "3840": "100000"}, minimum="0")
    (f,) = [f for f in run_checks(wb) if f.item == "3750" and f.severity == "error"]
    assert "$6,666.66 is $0.01 below the requirement of $6,666.67" in f.message


# -- scheduled withdrawals: line 21 ------------------------------------------------------

def test_withdrawals_tested_only_when_scheduled(month):
    _, s = month({"3501": "1000000", "4880": "0"})
    assert s.level == "ok"
    _, s = month({"3501": "1000000", "4880": "625000.01"})  # line 21 below 150 % (375,000)
    assert s.level == "early-warning"
    assert {r.key for r in s.reasons} == {"withdrawals-finra-below-150"}
    _, s = month({"3501": "1000000", "4880": "625000"})
    assert s.level == "ok"


@pytest.mark.parametrize(("withdrawals", "keys"), [
    ("700000.01", {"withdrawals-finra-below-150", "withdrawals-below-120"}),
    ("750000.01", {"withdrawals-finra-below-150", "withdrawals-below-120",
                   "withdrawals-below-requirement"}),
])
def test_withdrawals_below_120_and_below_the_minimum(month, withdrawals, keys):
    wb, s = month({"3501": "1000000", "4880": withdrawals})
    assert {r.key for r in s.reasons} == keys
    found = [f for f in run_checks(wb) if f.item == "4881"]
    assert found and all(f.severity == "warning" for f in found)
    assert any("15c3-1(e)(2)" in f.rule for f in found)


def test_withdrawals_ai_above_1000_percent_of_line_21(month):
    # NC 2,000,000, AI 10,000,000: line 21 must stay at 1,000,000 (AI ≤ 1000 %).
    assert month({"3501": "2000000", "3840": "10000000", "4880": "1000000"})[1].level == "ok"
    _, s = month({"3501": "2000000", "3840": "10000000", "4880": "1000000.01"})
    assert "withdrawals-ai-above-1000" in s.met


def test_withdrawals_alternative_5_percent_of_debits(month):
    _, s = month({"3501": "2000000", "4470": "20000000", "4880": "1000000"}, method=ALT)
    assert "withdrawals-below-5-of-debits" not in s.met
    _, s = month({"3501": "2000000", "4470": "20000000", "4880": "1000000.01"}, method=ALT)
    assert "withdrawals-below-5-of-debits" in s.met


# -- headroom --------------------------------------------------------------------------

def test_loss_to_early_warning_and_to_deficiency_are_exact_to_the_cent(calc_workbook):
    for nc in ("1000000", "400000.37", "260000"):
        wb = calc_workbook({"JAN": {"3501": nc}})
        s = month_standing(compute(wb), "JAN")
        for loss, level in ((s.loss_to_early_warning, "early-warning"),
                            (s.loss_to_deficiency, "below-minimum")):
            if loss == 0:
                continue
            hit = calc_workbook({"JAN": {"3501": nc, "3612": str(loss)}})
            miss = calc_workbook({"JAN": {"3501": nc, "3612": str(loss - D("0.01"))}})
            worse = rules.LEVELS.index
            assert worse(month_standing(compute(hit), "JAN").level) >= worse(level)
            assert worse(month_standing(compute(miss), "JAN").level) < worse(level)


def test_loss_is_zero_once_at_the_level(month):
    _, s = month({"3501": "300000"})
    assert s.loss_to_early_warning == 0 and s.loss_to_deficiency == D("50000.01")
    _, s = month({"3501": "100"})
    assert s.loss_to_early_warning == s.loss_to_deficiency == 0


def test_withdrawals_without_notice_follow_15c3_1_e_1(month):
    _, s = month({"3501": "10000000"})  # excess 9,750,000
    assert s.withdrawal_without_notice == D("1950000.00")  # 20 %
    assert s.withdrawal_without_prior_notice == D("2925000.00")  # 30 %
    _, s = month({"3501": "1000000"})  # excess 750,000: the $500,000 exclusion governs
    assert s.withdrawal_without_notice == s.withdrawal_without_prior_notice == D("500000.00")
    _, s = month({"3501": "450000"})  # excess 200,000: (e)(2) stops at 120 % of 250,000
    assert s.withdrawal_without_notice == D("150000.00")
    _, s = month({"3501": "200000"})
    assert s.withdrawal_without_notice == s.withdrawal_without_prior_notice == 0


def test_withdrawal_headroom_agrees_with_the_notice_checks(month):
    # JAN's excess is 9,750,000; FEB withdraws exactly the headroom, then a cent more.
    _, jan = month({"3501": "10000000"})
    for share, amount in (("20 %", jan.withdrawal_without_notice),
                          ("30 %", jan.withdrawal_without_prior_notice)):
        for drawn, noticed in ((amount, False), (amount + D("0.01"), True)):
            wb, _ = month({"4274": str(drawn)}, prior={"3501": "10000000"})
            found = [f for f in run_checks(wb) if f.item == "4274" and share in f.message
                     and "15c3-1(e)(1)" in f.rule]
            assert bool(found) == noticed, (share, drawn)


def test_json_shape_of_the_standing(month):
    _, s = month({"3501": "300000"})
    assert s.as_json() == {
        "level": "early-warning",
        "reasons": ["net capital below 150 % of the minimum dollar requirement"],
        "loss_to_early_warning": "0.00", "loss_to_deficiency": "50000.01",
        "withdrawal_without_notice": "0.00", "withdrawal_without_prior_notice": "0.00"}


def test_standing_needs_the_dollar_view(calc_workbook):
    wb = calc_workbook({"JAN": {"3501": "1"}})
    with pytest.raises(ValueError, match="dollar view"):
        month_standing(compute(wb, "thousands"), "JAN")
    assert set(standing(wb)) == {"JAN"} and standing(wb) == standing(compute(wb))


def test_thresholds_are_declared_once_with_their_rules():
    keys = [c.key for c in rules.CONDITIONS]
    assert len(keys) == len(set(keys))
    for c in rules.CONDITIONS:
        assert c.rule and c.what and c.notice and c.factor > 0
        assert c.code in PART_I.by_code
    assert rules.effective_minimum(rules.ALTERNATIVE, D(5000)) == Fraction(250000)
