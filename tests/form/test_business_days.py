"""The business-day calendar and the Part I due date (Rule 17a-5(a)(2)(i)): weekends,
every federal holiday of 5 U.S.C. 6103(a) and its observed day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from focusdesk.form.business_days import (
    add_business_days,
    holiday_name,
    is_business_day,
    month_end,
    observed_holidays,
    part_i_due,
)
from focusdesk.form.market_days import last_business_day


def test_june_2026_is_due_on_15_july_because_3_july_is_the_observed_independence_day():
    assert date(2026, 7, 4).weekday() == 5  # a Saturday
    assert holiday_name(date(2026, 7, 3)) == "Independence Day (observed)"
    assert not is_business_day(date(2026, 7, 3))
    assert part_i_due(2026, 6) == date(2026, 7, 15)


def test_weekends_are_not_business_days():
    assert not is_business_day(date(2026, 5, 2))  # Saturday
    assert not is_business_day(date(2026, 5, 3))  # Sunday
    assert is_business_day(date(2026, 5, 4))  # Monday
    # a month ending on a Friday: the 10th business day is two weeks on
    assert month_end(2026, 7) == date(2026, 7, 31) and date(2026, 7, 31).weekday() == 4
    assert part_i_due(2026, 7) == date(2026, 8, 14)


# (holiday, the year, its own date, the day observed): each holiday on a weekday, on a
# Saturday (observed the Friday before) and on a Sunday (the Monday after) where it can be.
FIXED = [
    ("New Year's Day", 2026, date(2026, 1, 1), date(2026, 1, 1)),  # Thursday
    ("New Year's Day", 2023, date(2023, 1, 1), date(2023, 1, 2)),  # Sunday → Monday
    ("Juneteenth National Independence Day", 2022, date(2022, 6, 19), date(2022, 6, 20)),
    ("Juneteenth National Independence Day", 2027, date(2027, 6, 19), date(2027, 6, 18)),
    ("Juneteenth National Independence Day", 2025, date(2025, 6, 19), date(2025, 6, 19)),
    ("Independence Day", 2026, date(2026, 7, 4), date(2026, 7, 3)),  # Saturday → Friday
    ("Independence Day", 2021, date(2021, 7, 4), date(2021, 7, 5)),  # Sunday → Monday
    ("Independence Day", 2025, date(2025, 7, 4), date(2025, 7, 4)),
    ("Veterans Day", 2023, date(2023, 11, 11), date(2023, 11, 10)),  # Saturday
    ("Veterans Day", 2029, date(2029, 11, 11), date(2029, 11, 12)),  # Sunday
    ("Veterans Day", 2025, date(2025, 11, 11), date(2025, 11, 11)),
    ("Christmas Day", 2021, date(2021, 12, 25), date(2021, 12, 24)),  # Saturday
    ("Christmas Day", 2022, date(2022, 12, 25), date(2022, 12, 26)),  # Sunday
    ("Christmas Day", 2025, date(2025, 12, 25), date(2025, 12, 25)),
]
MONDAYS_AND_THURSDAY = [
    ("Birthday of Martin Luther King, Jr.", date(2026, 1, 19)),  # third Monday of January
    ("Washington's Birthday", date(2026, 2, 16)),  # third Monday of February
    ("Memorial Day", date(2026, 5, 25)),  # last Monday of May
    ("Memorial Day", date(2027, 5, 31)),  # ... on the 31st
    ("Labor Day", date(2026, 9, 7)),  # first Monday of September
    ("Columbus Day", date(2026, 10, 12)),  # second Monday of October
    ("Thanksgiving Day", date(2026, 11, 26)),  # fourth Thursday of November
    ("Thanksgiving Day", date(2024, 11, 28)),
]


@pytest.mark.parametrize(("name", "year", "own", "observed"), FIXED,
                         ids=[f"{n} {y}" for n, y, _, _ in FIXED])
def test_a_fixed_date_holiday_is_observed_on_the_nearest_weekday(name, year, own, observed):
    assert not is_business_day(observed)
    assert holiday_name(observed).startswith(name)
    assert holiday_name(observed).endswith("(observed)") == (own != observed)
    if own != observed:  # the weekend day itself is no holiday day of its own
        assert own not in observed_holidays(year)
        # the days either side of the observed day are business days (unless weekends)
        for d in (observed - timedelta(days=1), observed + timedelta(days=1)):
            assert is_business_day(d) == (d.weekday() < 5 and not holiday_name(d))


@pytest.mark.parametrize(("name", "day"), MONDAYS_AND_THURSDAY,
                         ids=[f"{n} {d.year}" for n, d in MONDAYS_AND_THURSDAY])
def test_a_weekday_holiday_is_not_a_business_day(name, day):
    assert holiday_name(day) == name
    assert not is_business_day(day)
    assert is_business_day(day + timedelta(days=1))


def test_new_years_day_on_a_saturday_is_observed_on_31_december_of_the_year_before():
    assert date(2022, 1, 1).weekday() == 5
    assert holiday_name(date(2021, 12, 31)) == "New Year's Day (observed)"
    assert not is_business_day(date(2021, 12, 31))
    # the business day after Thursday 30 December 2021 is Monday 3 January 2022
    assert add_business_days(date(2021, 12, 30), 1) == date(2022, 1, 3)
    assert part_i_due(2021, 12) == date(2022, 1, 14)  # counted from 31 December
    # The futures markets open that day: the Daily Seg month-end calendar keeps it
    assert last_business_day(2021, 12) == date(2021, 12, 31)


def test_juneteenth_is_a_holiday_from_2021_only():
    assert holiday_name(date(2021, 6, 18)) == \
        "Juneteenth National Independence Day (observed)"
    assert is_business_day(date(2020, 6, 19))  # a Friday, before the law
    assert all("Juneteenth" not in n for n in observed_holidays(2019).values())


def test_each_year_has_eleven_holidays_observed_on_weekdays():
    for year in range(2021, 2040):
        days = observed_holidays(year)
        assert all(d.weekday() < 5 and d.year == year for d in days)
        # 11 a year; a year whose New Year's Day falls on a Saturday observes it in the
        # year before (so 10), which observes 12
        assert len(days) == 11 + (date(year + 1, 1, 1).weekday() == 5) \
            - (date(year, 1, 1).weekday() == 5)


@pytest.mark.parametrize(("year", "month", "due"), [
    (2026, 1, date(2026, 2, 13)),  # Presidents' Day 16 Feb is after the 10th
    (2026, 5, date(2026, 6, 12)),  # Juneteenth after
    (2026, 8, date(2026, 9, 15)),  # Labor Day 7 Sep skipped
    (2026, 9, date(2026, 10, 15)),  # Columbus Day 12 Oct skipped
    (2026, 10, date(2026, 11, 16)),  # Veterans Day 11 Nov skipped
    (2026, 11, date(2026, 12, 14)),
    (2026, 12, date(2027, 1, 15)),  # New Year's Day skipped
    (2025, 12, date(2026, 1, 15)),
])
def test_part_i_due_dates(year, month, due):
    assert part_i_due(year, month) == due


def test_add_business_days_counts_after_the_day():
    friday = date(2026, 5, 22)  # Memorial Day is Monday 25 May
    assert add_business_days(friday, 1) == date(2026, 5, 26)
    with pytest.raises(ValueError):
        add_business_days(friday, 0)
