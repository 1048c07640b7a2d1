"""The date a trial balance says it is as of — which proposes the month to import it into.

GL systems write it in their title rows, each in its own way: ``As of February 28, 2026``
(QuickBooks Online, Sage Intacct), ``Feb 28, 26`` above the amount columns (QuickBooks
Desktop), ``End of Feb 2026`` (NetSuite), ``As at 28 February 2026`` (Xero),
``As of 2/28/2026`` (Dynamics GP), ``2026-02-28``, a date cell, or a sheet named
``Feb 2026``. A month without a day (``Trial Balance — January 2025``) is read as its
last day.

Only the rows above the table's header are read, and a line that carries a time of day
or says it is the print or run date (``System: 3/5/2026 10:42:17 AM``, ``User Date:``,
``Printed``, QuickBooks' ``Accrual Basis Thursday, March 5, 2026 10:15 AM``) is not the
as-of date.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from ..form.catalog import MONTH_NAMES, MONTHS
from .detect import TableLayout, cell_text
from .reader import Spreadsheet

TITLE_ROWS = 40  # rows above the header read for the date

_MON = (r"(?P<mon>january|february|march|april|may|june|july|august|september|october|"
        r"november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b\.?")
_PATTERNS = (  # (pattern, has a day)
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"), True),
    (re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"), True),
    (re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}}|\d{{2}})\b", re.I), True),
    (re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_MON},?\s+(?P<y>\d{{4}})\b", re.I), True),
    (re.compile(rf"\b{_MON}\s*[-/ ]?\s*(?P<y>\d{{4}})\b", re.I), False),
    (re.compile(r"\b(?P<y>20\d{2})[-_ ](?P<m>0[1-9]|1[0-2])\b"), False),
    (re.compile(r"\b(?P<m>0[1-9]|1[0-2])[-_ ](?P<y>20\d{2})\b"), False),
)
_MARKED = re.compile(r"\b(as\s+of|as\s+at|end\s+of|ending|ended|through|thru|period\s+end)\b",
                     re.I)
# A line that dates the printout, not the balances.
_PRINTED = re.compile(r"\d{1,2}:\d{2}|\b(system|user\s+date|printed|print\s+date|run\s+date|"
                      r"run\s+on|created|generated|exported|page)\b", re.I)
# (not calendar.month_abbr: that follows the machine's locale)
_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTHS, start=1)} | {"sept": 9}


@dataclass(frozen=True)
class StatedDate:
    date: _dt.date
    text: str  # the words it was read from
    where: str  # "row 3", "the sheet name"

    @property
    def month(self) -> str:
        return MONTHS[self.date.month - 1]

    @property
    def month_end(self) -> bool:
        return self.date.day == calendar.monthrange(self.date.year, self.date.month)[1]

    def describe(self) -> str:
        name = MONTH_NAMES[self.month].capitalize()
        return f"{name} {self.date.day}, {self.date.year}"


def _year(text: str) -> int:
    y = int(text)
    return y if y >= 100 else 2000 + y if y < 70 else 1900 + y


def _from_match(m: re.Match[str], has_day: bool) -> _dt.date | None:
    groups = m.groupdict()
    month = _MONTH_NUMBERS[groups["mon"].lower()[:3]] if groups.get("mon") else int(groups["m"])
    year = _year(groups["y"])
    if not 1990 <= year <= 2200 or not month:
        return None
    day = int(groups["d"]) if has_day else calendar.monthrange(year, month)[1]
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def date_in(text: str) -> tuple[_dt.date, bool] | None:
    """The first date written in `text`, and whether it names its day."""
    for pattern, has_day in _PATTERNS:
        for m in pattern.finditer(text):
            found = _from_match(m, has_day)
            if found is not None:
                return found, has_day
    return None


def stated_date(book: Spreadsheet, layout: TableLayout) -> StatedDate | None:
    """The as-of date the trial balance states above its table (or in its sheet's name);
    None when it states none."""
    sheet = book.sheet(layout.sheet)
    above = (layout.header_row or layout.first_row) - 1
    best: tuple[int, StatedDate] | None = None
    for r, row in enumerate(sheet.rows[:min(above, TITLE_ROWS)]):
        line = "  ".join(t for t in (cell_text(v) for v in row if not isinstance(
            v, _dt.date | _dt.datetime)) if t)
        for v in row:  # a date cell (a spreadsheet's own date)
            if isinstance(v, _dt.date | _dt.datetime) and not _PRINTED.search(line):
                day = v.date() if isinstance(v, _dt.datetime) else v
                rank = 3
                if best is None or rank > best[0]:
                    best = (rank, StatedDate(day, day.isoformat(), f"row {r + 1}"))
        if not line or _PRINTED.search(line):
            continue
        found = date_in(line)
        if found is None:
            continue
        day, has_day = found
        rank = (2 if _MARKED.search(line) else 1) * 2 + has_day
        if best is None or rank > best[0]:
            best = (rank, StatedDate(day, line, f"row {r + 1}"))
    if best is not None:
        return best[1]
    found = date_in(layout.sheet)
    if found is not None:
        return StatedDate(found[0], layout.sheet, "the sheet name")
    return None
