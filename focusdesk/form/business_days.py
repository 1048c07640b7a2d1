"""Business days and the FOCUS Part I due date (Qt-free).

Rule 17a-5(a)(2)(i): Part I is filed "within 10 business days after the end of each
month". A business day here is one on which the Commission is open: not a Saturday or
Sunday, and not a legal public holiday of 5 U.S.C. 6103(a) as the federal government
observes it — a holiday on a Saturday is observed on the Friday before, one on a Sunday
on the Monday after (Executive Order 11582; 5 U.S.C. 6103(b)). So New Year's Day 2022,
a Saturday, was observed on Friday 31 December 2021, and Independence Day 2026, a
Saturday, is observed on Friday 3 July 2026 — June 2026's Part I is due on 15 July.

The holidays, with the year each took its present form (the workbook years start in
1990): New Year's Day (1 January), Birthday of Martin Luther King, Jr. (third Monday of
January, from 1986), Washington's Birthday (third Monday of February, from 1971),
Memorial Day (last Monday of May, from 1971), Juneteenth National Independence Day
(19 June, from 2021: enacted 17 June 2021 and first observed on Friday 18 June 2021),
Independence Day (4 July), Labor Day (first Monday of September), Columbus Day (second
Monday of October, from 1971), Veterans Day (11 November, from 1978), Thanksgiving Day
(fourth Thursday of November) and Christmas Day (25 December). Inauguration Day, a
holiday only in and around Washington, D.C., and days closed by executive order are not
listed: they cannot be known ahead.

(`focusdesk.form.market_days` keeps the narrower calendar of the futures markets' month-end
for Daily Seg filings.)
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

# Rule 17a-5(a)(2)(i): the business days after a month's end within which Part I is due.
PART_I_DUE_BUSINESS_DAYS = 10
JUNETEENTH_FROM = 2021


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The `n`th `weekday` (Monday 0 … Sunday 6) of the month; n = -1: the last."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = month_end(year, month)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def month_end(year: int, month: int) -> date:
    """The last day of the month (1–12)."""
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def memorial_day(year: int) -> date:
    return nth_weekday(year, 5, 0, -1)


def holidays(year: int) -> dict[date, str]:
    """The legal public holidays of `year` on their own dates (not as observed)."""
    out = {
        date(year, 1, 1): "New Year's Day",
        nth_weekday(year, 1, 0, 3): "Birthday of Martin Luther King, Jr.",
        nth_weekday(year, 2, 0, 3): "Washington's Birthday",
        memorial_day(year): "Memorial Day",
        date(year, 7, 4): "Independence Day",
        nth_weekday(year, 9, 0, 1): "Labor Day",
        nth_weekday(year, 10, 0, 2): "Columbus Day",
        date(year, 11, 11): "Veterans Day",
        nth_weekday(year, 11, 3, 4): "Thanksgiving Day",
        date(year, 12, 25): "Christmas Day",
    }
    if year >= JUNETEENTH_FROM:
        out[date(year, 6, 19)] = "Juneteenth National Independence Day"
    return out


def observed(day: date) -> date:
    """The day a holiday falling on `day` is observed: Saturday → Friday, Sunday →
    Monday."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


@cache
def observed_holidays(year: int) -> dict[date, str]:
    """The days of `year` the federal government is closed for a holiday, as observed —
    the next year's New Year's Day included when it falls on a Saturday (observed on
    31 December of `year`)."""
    out: dict[date, str] = {}
    for y in (year, year + 1):
        for day, name in holidays(y).items():
            when = observed(day)
            if when.year == year:
                out[when] = name + ("" if when == day else " (observed)")
    return dict(sorted(out.items()))


def holiday_name(day: date) -> str:
    """The holiday observed on `day`, or ""."""
    return observed_holidays(day.year).get(day, "")


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in observed_holidays(day.year)


def add_business_days(day: date, n: int) -> date:
    """The `n`th business day after `day` (n ≥ 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    while n:
        day += timedelta(days=1)
        if is_business_day(day):
            n -= 1
    return day


def part_i_due(year: int, month: int) -> date:
    """When the month's (1–12) FOCUS Part I is due: the 10th business day after the
    month's end (Rule 17a-5(a)(2)(i))."""
    return add_business_days(month_end(year, month), PART_I_DUE_BUSINESS_DAYS)
