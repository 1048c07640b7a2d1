"""Business days for the month-end Daily Seg filing.

FOCUS item 29 is the month-end Segregation Statement: the Daily Seg filing whose End
Date is the month's last business day. A business day here is a weekday on which the
futures markets settle: not a Saturday or Sunday, and not one of the holidays listed in
CFTC Regulation 1.3 that can fall on a month's last weekday — Memorial Day (the last
Monday of May, May 31 in some years) and Good Friday (March 31 in some years, or the
last Friday of March). The other holidays cannot be a month's last weekday. New Year's
Day on a Saturday is observed by the federal government on Friday December 31, but the
exchanges open that day and the year-end statement is dated on it, so it stays a
business day. (The federal calendar of the Part I due date is
`focusdesk.form.business_days`.)
"""

from __future__ import annotations

from datetime import date, timedelta

from .business_days import memorial_day, month_end


def easter(year: int) -> date:
    """Easter Sunday (the Gregorian computus, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def month_end_holidays(year: int) -> frozenset[date]:
    """The holidays that can fall on a month's last weekday (see the module docstring)."""
    good_friday = easter(year) - timedelta(days=2)
    return frozenset({memorial_day(year), good_friday})


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in month_end_holidays(day.year)


def last_business_day(year: int, month: int) -> date:
    """The last business day of the month (1–12)."""
    day = month_end(year, month)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day
