"""The month-end business day, and the check that item 29 is backed by that day's filing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.calculation.checks import run_checks
from focusdesk.form.market_days import easter, is_business_day, last_business_day
from focusdesk.seg.importer import apply, prepare

FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = FIXTURES / "000_f78615206c38f945.txt"  # End Date 11/27/2017 (a Monday)
D = Decimal


@pytest.mark.parametrize(("year", "month", "expected"), [
    (2017, 11, date(2017, 11, 30)),  # a Thursday
    (2017, 12, date(2017, 12, 29)),  # the 31st is a Sunday
    (2021, 5, date(2021, 5, 28)),  # May 31, 2021 is Memorial Day
    (2018, 3, date(2018, 3, 29)),  # March 30, 2018 is Good Friday
    (2021, 12, date(2021, 12, 31)),  # New Year's observed federally, but markets open
    (2024, 2, date(2024, 2, 29)),  # a leap day
    (2025, 8, date(2025, 8, 29)),  # the 30th and 31st are a weekend
])
def test_last_business_day(year, month, expected):
    assert last_business_day(year, month) == expected


def test_easter_and_holidays():
    assert [easter(y) for y in (2017, 2018, 2024, 2025)] == [
        date(2017, 4, 16), date(2018, 4, 1), date(2024, 3, 31), date(2025, 4, 20)]
    assert not is_business_day(date(2024, 3, 29))  # Good Friday
    assert not is_business_day(date(2025, 5, 26))  # Memorial Day
    assert is_business_day(date(2025, 5, 27))
    assert not is_business_day(date(2025, 5, 31))  # a Saturday


def month_end_copy(raw: bytes) -> bytes:
    """The tidy seed dated on November's last business day."""
    return raw.replace(b"11/27/2017", b"11/30/2017")


@pytest.fixture
def wb(calc_workbook):
    book = calc_workbook({"NOV": {"3501": "1000000"}})
    book.set_profile("year", 2017)
    return book


def unbacked(wb) -> list:
    return [f for f in run_checks(wb) if "Daily Seg filing" in f.message]


def test_item_29_blank_or_zero_needs_no_filing(wb):
    assert unbacked(wb) == []
    wb.set_item("NOV", "7060", D(0))
    wb.set_item("NOV", "7180", D(0))
    assert unbacked(wb) == []


def test_item_29_without_a_filing_is_a_warning_on_29a(wb):
    wb.set_item("NOV", "7060", D(100))
    wb.set_item("NOV", "7180", D(200))
    (f,) = unbacked(wb)
    assert f.month == "NOV" and f.item == "7060" and f.line == "29a"
    assert f.severity == "warning"
    assert "last business day (11/30/2017)" in f.message and "1.32" in f.rule


def test_a_filing_not_dated_on_the_last_business_day_does_not_back_it(wb):
    apply(wb, prepare(wb, TIDY.read_bytes(), TIDY.name))  # 11/27/2017
    assert wb.value("NOV", "7060") == D(1_477_842_848)
    (f,) = unbacked(wb)
    assert "not backed" in f.message


def test_the_month_end_filing_backs_item_29(wb):
    raw = month_end_copy(TIDY.read_bytes())
    apply(wb, prepare(wb, raw, "month-end.txt"))
    assert unbacked(wb) == []
    wb.set_item("NOV", "7180", D(1))  # typed over: no longer what the filing says
    (f,) = unbacked(wb)
    assert "differs from the Daily Seg filing of 11/30/2017" in f.message
    assert "[7180] $1,494,635,977" in f.message


def test_a_month_end_filing_that_does_not_foot_is_named(wb):
    raw = month_end_copy(TIDY.read_bytes()).replace(b"17,547,499", b"17,547,500")
    apply(wb, prepare(wb, raw, "month-end.txt", force=True))
    (f,) = unbacked(wb)
    assert "which does not foot" in f.message
    # the same filing with its status as footing: nothing to say
    wb.set_filings(tuple(replace(x, status="foots") for x in wb.filings))
    assert unbacked(wb) == []
