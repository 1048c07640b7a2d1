"""The Trend chart's numbers (focusdesk.calculation.trend): Qt-free, Decimal, twelve months."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.calculation.standing import standing
from focusdesk.calculation.trend import (
    AI_EARLY_WARNING,
    AI_LIMIT,
    DEBIT_EARLY_WARNING,
    Trend,
    nice_ticks,
    trend_series,
)
from focusdesk.document.store import load
from focusdesk.form.catalog import (
    AGGREGATE_DEBIT_ITEMS,
    AGGREGATE_INDEBTEDNESS,
    MINIMUM_REQUIREMENT,
    MONTHS,
    NET_CAPITAL,
    Method,
)
from focusdesk.formats.jsonio import workbook_from_json

D = Decimal
SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample.focus"


def _workbook(months: dict[str, dict[str, str]], method: str = "aggregate-indebtedness",
              minimum: str = "250000"):
    return workbook_from_json({
        "year": 2025, "method": method, "minimum_dollar": minimum,
        "months": {m: {"items": items} for m, items in months.items()},
    })


def _trend(months, method="aggregate-indebtedness", minimum="250000", units="dollars"
           ) -> Trend:
    wb = _workbook(months, method, minimum)
    return trend_series(compute(wb, units), wb.method)


# Line 4 (3501) is start-of-month equity; with nothing else entered it is net capital.
# JAN is entered; FEB is not reported; MAR starts again (its line 4 is its own entry).
BASIC = {
    "JAN": {"3501": "1000000", "3840": "3000000"},  # NC 1,000,000; AI/15 = 200,000
    "MAR": {"3501": "280000", "3840": "0"},  # below 120 % of 250,000, above the minimum
}


def test_twelve_months_and_gaps_for_months_not_reported():
    t = _trend(BASIC)
    assert t.month_names == MONTHS
    for series in (t.net_capital, t.minimum_requirement, t.early_warning_level, t.ratio):
        assert len(series) == 12
        assert series[MONTHS.index("FEB")] is None
        assert all(v is None for v in series[3:])  # APR … DEC not reported
    assert t.reported[:3] == (True, False, True)
    assert t.net_capital[0] == D("1000000") and t.net_capital[2] == D("280000")
    assert t.any_reported
    feb = t.month("FEB")
    assert not feb.reported and not feb.below_minimum and not feb.early_warning
    assert all(isinstance(v, Decimal) for v in t.net_capital if v is not None)


def test_minimum_and_120_percent_level_are_exact():
    t = _trend(BASIC)
    jan = t.month("JAN")
    assert jan.minimum_requirement == D("250000")  # the dollar minimum beats AI / 15
    assert jan.early_warning_level == D("300000")
    assert jan.early_warning_level == D("1.2") * jan.minimum_requirement
    # A requirement in cents: 1.2 × 1,000,000.01 is 1,200,000.012 — not rounded away.
    t2 = _trend({"JAN": {"3501": "5000000", "3840": "15000000.15"}})
    assert t2.month("JAN").minimum_requirement == D("1000000.01")
    assert t2.month("JAN").early_warning_level == D("1200000.012")


def test_flags_below_120_percent_and_below_minimum():
    t = _trend({**BASIC, "APR": {"3501": "200000"}})
    jan, mar, apr = t.month("JAN"), t.month("MAR"), t.month("APR")
    assert not jan.below_minimum and not jan.early_warning and jan.reasons == ()
    assert mar.below_early_warning_level and mar.early_warning and not mar.below_minimum
    assert "120 %" in mar.reasons[0]
    assert apr.below_minimum and apr.early_warning  # below the minimum is below 120 % too
    assert t.below_minimum == tuple(m == "APR" for m in MONTHS)
    assert t.early_warning == tuple(m in ("MAR", "APR") for m in MONTHS)


def test_flags_use_exact_amounts_like_the_checks():
    # AI / 15 = 1,000,000.010666…: net capital 1,000,000.01 is below the exact
    # requirement — as the checks say — and line 24, rounded up to the cent, shows it.
    wb = _workbook({"JAN": {"3501": "1000000.01", "3840": "15000000.16"}})
    comp = compute(wb)
    t = trend_series(comp)
    jan = t.month("JAN")
    assert jan.net_capital == D("1000000.01") < jan.minimum_requirement == D("1000000.02")
    assert jan.below_minimum
    assert any(f.month == "JAN" and f.item == NET_CAPITAL and f.severity == "error"
               for f in run_checks(wb, comp))
    # 15 × 1,000,000.01 = 15,000,000.15: exactly at the minimum, not below it.
    ok = _trend({"JAN": {"3501": "1000000.01", "3840": "15000000.15"}}).month("JAN")
    assert not ok.below_minimum and ok.below_early_warning_level


@pytest.mark.parametrize("method", ["aggregate-indebtedness", "alternative"])
def test_flags_agree_with_the_checks(method):
    months = {}
    for i, (nc, ai, adi) in enumerate([
        ("1000000", "3000000", "10000000"), ("280000", "0", "0"), ("200000", "0", "0"),
        ("300000", "3700000", "6000000"), ("300000", "4800000", "7000000"),
        ("-50000", "1000000", "1000000"), ("1000000.01", "15000000.16", "50000000.50"),
        ("0", "0", "0"), ("360000", "4320000", "15000000"), ("359999.99", "0", "15000000"),
    ]):
        months[MONTHS[i]] = {"3501": nc, "3840": ai, "4470": adi}
    wb = _workbook(months, method)
    comp = compute(wb)
    t = trend_series(comp)
    found_all = run_checks(wb, comp)

    def found(month, item, severity, words):
        return any(f.month == month and f.item == item and f.severity == severity
                   and words in f.message and "4120" not in f.rule for f in found_all)

    for m in t.months:
        assert m.below_minimum == found(m.month, NET_CAPITAL, "error", "below the minimum")
        # Below the minimum, the checks name the deficiency only (the same-day notice).
        assert (m.below_early_warning_level and not m.below_minimum) == found(
            m.month, MINIMUM_REQUIREMENT, "warning", "120 %")
        ratio_item = AGGREGATE_INDEBTEDNESS if t.ratio_line == "25a" else AGGREGATE_DEBIT_ITEMS
        words = "1200 %" if t.ratio_line == "25a" else "5 %"
        assert (m.ratio_early_warning and not m.below_minimum) == found(
            m.month, ratio_item, "warning", words)
        assert m.over_ratio_limit == found(m.month, AGGREGATE_INDEBTEDNESS, "error", "1500 %")
        assert m.early_warning == any(f.month == m.month and f.severity != "info"
                                      and ("17a-11" in f.rule or "4120" in f.rule
                                           or "15c3-1(a)" in f.rule) for f in found_all)


def test_basic_method_ratio_is_25a_with_1200_and_1500():
    t = _trend({"JAN": {"3501": "300000", "3840": "3700000"},  # 1233.33 %
                "FEB": {"3501": "300000", "3840": "4800000"},  # 1600 %
                "MAR": {"3501": "1000000", "3840": "3000000"}})  # 300 %
    assert t.method is Method.AGGREGATE_INDEBTEDNESS
    assert (t.ratio_code, t.ratio_line) == ("3850", "25a")
    assert t.ratio_label == "AI to net capital (%)"
    assert [r.value for r in t.ratio_references] == [AI_EARLY_WARNING, AI_LIMIT]
    assert [r.kind for r in t.ratio_references] == ["early_warning", "limit"]
    assert not t.lower_is_worse
    assert t.ratio[:3] == (D("1233.33"), D("1600.00"), D("300.00"))
    jan, feb, mar = t.months[:3]
    assert jan.ratio_early_warning and not jan.over_ratio_limit and jan.early_warning
    assert not jan.below_early_warning_level  # 300,000 is exactly 120 % of 250,000
    assert feb.ratio_early_warning and feb.over_ratio_limit
    assert feb.below_minimum  # 4,800,000 / 15 = 320,000 > 300,000
    assert not mar.ratio_early_warning and not mar.early_warning


def test_alternative_method_picks_25b_lower_is_worse():
    months = {"JAN": {"3501": "1000000", "4470": "10000000"},  # 10 %
              "FEB": {"3501": "400000", "4470": "10000000"}}  # 4 %: early warning
    t = _trend(months, method="alternative")
    assert t.method is Method.ALTERNATIVE
    assert (t.ratio_code, t.ratio_line) == ("3851", "25b")
    assert t.ratio_label == "Net capital to aggregate debit items (%)"
    assert [r.value for r in t.ratio_references] == [DEBIT_EARLY_WARNING]
    assert t.lower_is_worse
    assert t.ratio[:2] == (D("10.00"), D("4.00"))
    jan, feb = t.months[:2]
    assert not jan.early_warning
    assert feb.ratio_early_warning and feb.early_warning and not feb.over_ratio_limit
    assert not feb.below_early_warning_level  # 400,000 ≥ 1.2 × max(250,000, 200,000)
    assert "5 %" in feb.reasons[0]
    # 2 % of debit items beats the dollar minimum: requirement 300,000, level 360,000.
    t2 = _trend({"JAN": {"3501": "350000", "4470": "15000000"}}, method="alternative")
    jan2 = t2.month("JAN")
    assert jan2.minimum_requirement == D("300000") and jan2.early_warning_level == D("360000")
    assert jan2.below_early_warning_level and not jan2.below_minimum


def test_negative_net_capital_has_no_ratio():
    t = _trend({"JAN": {"3501": "-50000", "3840": "1000000"}})
    jan = t.month("JAN")
    assert jan.net_capital == D("-50000")
    assert jan.ratio is None  # N/A, not zero
    assert jan.below_minimum and jan.ratio_early_warning and jan.over_ratio_limit


def test_method_defaults_to_the_computation_and_must_match_it():
    comp = compute(_workbook(BASIC))
    assert trend_series(comp).method is Method.AGGREGATE_INDEBTEDNESS
    assert trend_series(comp, "aggregate-indebtedness").ratio_line == "25a"
    with pytest.raises(ValueError, match="alternative"):
        trend_series(comp, Method.ALTERNATIVE)
    with pytest.raises(ValueError, match="not a net capital method"):
        trend_series(comp, "basic")


def test_thousands_view_and_in_thousands():
    wb = _workbook(BASIC)
    with pytest.raises(ValueError, match="standing of the dollar view"):
        trend_series(compute(wb, "thousands"))
    t = trend_series(compute(wb, "thousands"), standings=standing(compute(wb)))
    assert t.month("JAN").early_warning == _trend(BASIC).month("JAN").early_warning
    assert t.units == "thousands"
    assert t.month("JAN").net_capital == D("1000")
    assert t.in_thousands(D("1000")) == D("1000")
    assert _trend(BASIC).in_thousands(D("1000000")) == D("1000")


def test_no_months_reported():
    t = _trend({})
    assert not t.any_reported
    assert all(v is None for v in t.net_capital)
    assert not any(t.early_warning)


def test_sample_workbook():
    wb, _state = load(SAMPLE)
    t = trend_series(compute(wb), wb.method)
    reported = [m.month for m in t.months if m.reported]
    assert reported  # the sample reports months …
    assert all(m.net_capital is not None and m.ratio is not None
               for m in t.months if m.reported)
    assert all(m.net_capital is None for m in t.months if not m.reported)


@pytest.mark.parametrize(("low", "high", "count", "expected"), [
    ("0", "5058.3", 5, ["0", "2000", "4000", "6000"]),
    ("0", "1500", 3, ["0", "500", "1000", "1500"]),
    ("-3600", "5500", 4, ["-5000", "-2500", "0", "2500", "5000", "7500"]),
    ("0", "8.5", 3, ["0", "5", "10"]),
    ("-0.3", "0.7", 4, ["-0.5", "0", "0.5", "1"]),
])
def test_nice_ticks(low, high, count, expected):
    assert nice_ticks(D(low), D(high), count) == tuple(D(e) for e in expected)


def test_nice_ticks_cover_the_range_and_respect_min_step():
    ticks = nice_ticks(D("0"), D("3.2"), 10, min_step=D(1))
    assert ticks == (D(0), D(1), D(2), D(3), D(4))
    assert all("E" not in str(t) for t in nice_ticks(D(0), D("123456789"), 5))
    assert nice_ticks(D(0), D(0))[0] < 0 < nice_ticks(D(0), D(0))[-1]  # a flat line
    assert nice_ticks(D(5), D(1)) == nice_ticks(D(1), D(5))
