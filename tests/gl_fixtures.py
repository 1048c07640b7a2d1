"""One small broker-dealer's general ledger, January and February 2026 year to date, as
the GL systems small broker-dealers use export their trial balance.

The layouts follow each system's documented trial-balance report and its export:

* **plain** — ``Account``, ``Description``, ``Debit``, ``Credit`` (accounts stored as
  numbers), on a sheet named ``Feb 2026``;
* **QuickBooks Desktop** (Excel export) — the account number and name in one column
  (``1010-00 · Cash - Operating``, a subaccount as ``Parent:Child``) under a header row
  whose first cell is blank, the date heading ``Feb 28, 26`` above Debit/Credit, a section
  heading, ``Total …`` rows and the final ``TOTAL``;
* **QuickBooks Online** (CSV export) — title rows with ``As of February 28, 2026``, a blank
  first heading, ``1010 Cash - Operating``, amounts as text with thousands separators,
  ``TOTAL`` and the ``Accrual Basis …`` footer with its print time;
* **NetSuite** (CSV export) — ``End of Feb 2026``, ``Account``/``Debit``/``Credit``, parent
  accounts as headings with their children as ``1000 Cash : 1010 Cash - Operating`` and
  ``Total - …`` subtotals;
* **Sage Intacct** (Excel) — ``Account no.``, ``Account title``, ``Beginning balance``,
  ``Debits``, ``Credits`` (the period's) and ``Ending balance``;
* **Microsoft Dynamics GP** (Trial Balance Summary to Excel) — the print header
  (``System: 3/5/2026 10:42:17 AM``, ``User Date: 3/5/2026`` — not the as-of date), the
  as-of date in a date cell, ``Account``/``Description``/``Beginning Balance``/``Debit``/
  ``Credit``/``Net Change``/``Ending Balance``, ``Grand Totals:``;
* **Xero** (Excel) — ``As at 28 February 2026``, the code after the name
  (``Cash - Operating (1010)``), the month's ``Debit``/``Credit`` beside ``YTD Debit``/
  ``YTD Credit``, section headings (Revenue, Expenses, Assets, Liabilities, Equity).

    python tests/gl_fixtures.py OUTDIR   # writes every layout of both months, to look at

Start-of-year equity is $4,260,478; January earns $134,130 and distributes $25,000, so
January's line 8 is $4,369,608; February earns $71,400 and distributes $50,000 ($75,000
year to date): line 8 $4,391,008.
"""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook as XWorkbook

FIRM = "Hudson Ridge Securities LLC"
D = Decimal

# account, name, parent, JAN, FEB — debit-positive year-to-date balances.
LEDGER: list[tuple[str, str, str, int, int]] = [
    ("1010", "Cash - Operating", "1000", 1_742_358, 1_735_958),
    ("1020", "Cash - Payroll", "1000", 60_000, 60_000),
    ("1100", "Receivable from Clearing Broker", "", 2_450_000, 2_480_000),
    ("1110", "Clearing Deposit", "", 250_000, 250_000),
    ("1200", "Commissions Receivable", "", 310_000, 295_000),
    ("1300", "Securities Owned", "", 640_000, 610_000),
    ("1500", "Prepaid Expenses", "", 92_000, 88_000),
    ("1600", "Furniture and Equipment, net", "", 121_000, 118_000),
    ("1700", "Other Receivables", "", 150_000, 187_000),
    ("2000", "Accounts Payable", "", -85_000, -92_300),
    ("2100", "Accrued Expenses", "", -212_450, -198_700),
    ("2200", "Commissions Payable", "", -148_300, -141_950),
    ("2800", "Subordinated Loan", "", -1_000_000, -1_000_000),
    ("3000", "Member's Capital", "", -1_500_000, -1_500_000),
    ("3100", "Retained Earnings", "", -2_760_478, -2_760_478),
    ("3300", "Member Distributions", "", 25_000, 75_000),
    ("4000", "Commission Income", "", -612_400, -1_191_300),
    ("4100", "Trading Gains (Losses)", "", -38_250, -25_850),
    ("4200", "Interest Income", "", -4_880, -10_000),
    ("5000", "Compensation and Benefits", "", 352_100, 692_100),
    ("5100", "Clearing Fees", "", 96_300, 187_500),
    ("5200", "Rent", "", 28_000, 56_000),
    ("5300", "Technology", "", 19_750, 39_500),
    ("5400", "Professional Fees", "", 12_500, 22_300),
    ("5500", "Regulatory Fees", "", 7_200, 14_400),
    ("5900", "Other Expenses", "", 5_550, 9_820),
]
PARENTS = {"1000": "Cash and Cash Equivalents"}
SECTIONS = (("1", "Assets"), ("2", "Liabilities"), ("3", "Equity"), ("4", "Revenue"),
            ("5", "Expenses"))
MONTHS = {"JAN": (0, dt.date(2026, 1, 31)), "FEB": (1, dt.date(2026, 2, 28))}

# What the starter mapping gives each month (dollars), line 4 carried in February.
EXPECTED = {
    "JAN": {"1710": D(1_000_000), "3501": D(4_260_478), "3950": D(38_250),
            "4212": D(617_280), "4201": D(521_400), "4274": D(25_000), "3540": D(363_000),
            "3840": D(445_750), "850": D(640_000), "750": D(1_802_358)},
    "FEB": {"1710": D(1_000_000), "3950": D(-12_400), "4212": D(584_020),
            "4201": D(500_220), "4274": D(50_000), "3540": D(393_000), "3840": D(432_950),
            "850": D(610_000), "750": D(1_795_958)},
}
LINE_8 = {"JAN": D(4_369_608), "FEB": D(4_391_008)}


def balances(month: str) -> list[tuple[str, str, str, int]]:
    i = MONTHS[month][0]
    return [(a, n, p, bal[i]) for a, n, p, *bal in LEDGER]


def opening() -> dict[str, int]:
    """The balances at January 1: income and distributions zero, the balance sheet as at
    January's end with cash less January's retained result."""
    out = {}
    for a, _n, _p, jan, _feb in LEDGER:
        out[a] = 0 if a[0] in "45" or a == "3300" else jan
    out["1010"] -= sum(out.values())  # so the opening trial balance balances
    return out


def before(month: str) -> dict[str, int]:
    """Each account's balance at the start of `month`."""
    if month == "JAN":
        return opening()
    return {a: bal for a, _n, _p, bal in balances("JAN")}


def _dc(balance: int) -> tuple[float | None, float | None]:
    return (float(balance), None) if balance > 0 else (None, float(-balance)) if balance else \
        (None, None)


def _xlsx(path: Path, title: str, rows: list[list[object]]) -> Path:
    book = XWorkbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _text(amount: float | None) -> str:
    return "" if amount is None else f"{amount:,.2f}"


def _totals(month: str) -> tuple[float, float]:
    debit = sum(b for *_x, b in balances(month) if b > 0)
    credit = -sum(b for *_x, b in balances(month) if b < 0)
    return float(debit), float(credit)


def plain(path: Path, month: str) -> Path:
    rows: list[list[object]] = [[FIRM], ["Trial balance"], [],
                                ["Account", "Description", "Debit", "Credit"]]
    rows += [[int(a), n, *_dc(b)] for a, n, _p, b in balances(month)]
    rows.append([None, "Total", *_totals(month)])
    return _xlsx(path, f"{month.capitalize()} 2026", rows)


def quickbooks_desktop(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [[None, f"{when:%b} {when.day}, {when:%y}", None],
                                [None, "Debit", "Credit"]]
    sections = dict(SECTIONS)
    seen: set[str] = set()
    parent_total = [0.0, 0.0]
    for a, n, p, b in balances(month):
        if a[0] not in seen and a[0] in "1":
            rows.append([sections[a[0]].upper()])  # a section heading
        seen.add(a[0])
        name = f"{a}-00 · {n}"
        if p:
            name = f"{p}-00 · {PARENTS[p]}:{name}"
            d, c = _dc(b)
            parent_total[0] += d or 0
            parent_total[1] += c or 0
        rows.append([name, *_dc(b)])
        if p and a == "1020":
            rows.append([f"Total {p}-00 · {PARENTS[p]}",
                         *(t or None for t in parent_total)])
    rows.append(["TOTAL", *_totals(month)])
    return _xlsx(path, "Sheet1", rows)


def quickbooks_online(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [[FIRM], ["Trial Balance"],
                                [f"As of {when:%B} {when.day}, {when.year}"], [],
                                ["", "Debit", "Credit"]]
    for a, n, _p, b in balances(month):
        rows.append([f"{a} {n}", *map(_text, _dc(b))])
    debit, credit = _totals(month)
    rows += [["TOTAL", f"${debit:,.2f}", f"${credit:,.2f}"], [], [],
             ["Accrual Basis Thursday, March 5, 2026 10:15 AM GMT-05:00"]]
    return _csv(path, rows)


def netsuite(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [[FIRM], ["Trial Balance"], [f"End of {when:%b} {when.year}"],
                                [], ["Account", "Debit", "Credit"]]
    for a, n, p, b in balances(month):
        if p and a == "1010":
            rows.append([f"{p} {PARENTS[p]}", "", ""])
        name = f"{p} {PARENTS[p]} : {a} {n}" if p else f"{a} {n}"
        rows.append([name, *map(_text, _dc(b))])
        if p and a == "1020":
            cash = sum(bal for x, _n, q, bal in balances(month) if q == p)
            rows.append([f"Total - {p} {PARENTS[p]}", _text(float(cash)), ""])
    rows.append(["Total", *map(_text, _totals(month))])
    return _csv(path, rows)


def _movement(month: str) -> list[tuple[str, str, int, int, int]]:
    """(account, name, beginning, debits, credits) of the month."""
    start = before(month)
    out = []
    for a, n, _p, b in balances(month):
        change = b - start[a]
        out.append((a, n, start[a], max(change, 0), max(-change, 0)))
    return out


def sage_intacct(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [[FIRM], ["Trial Balance"], [f"As of {when:%m/%d/%Y}"],
                                ["Reporting book: Accrual"], [],
                                ["Account no.", "Account title", "Beginning balance", "Debits",
                                 "Credits", "Ending balance"]]
    for a, n, begin, debit, credit in _movement(month):
        rows.append([a, n, float(begin), float(debit), float(credit),
                     float(begin + debit - credit)])
    moves = _movement(month)
    rows.append(["", "Total", 0.0, float(sum(m[3] for m in moves)),
                 float(sum(m[4] for m in moves)), 0.0])
    return _xlsx(path, "Trial Balance", rows)


def dynamics_gp(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [
        ["System:  3/5/2026  10:42:17 AM", None, FIRM, None, None, None, "Page: 1"],
        ["User Date:  3/5/2026", None, "SUMMARY TRIAL BALANCE", None, None, None, "User ID: sa"],
        [None, None, "General Ledger"],
        ["Ranges:", "From:", "To:"],
        ["Account:", "First", "Last"],
        ["Sorted By: Main Segment"],
        ["As of Date:", dt.datetime(when.year, when.month, when.day)],
        [],
        ["Account", "Description", "Beginning Balance", "Debit", "Credit", "Net Change",
         "Ending Balance"]]
    moves = _movement(month)
    for a, n, begin, debit, credit in moves:
        rows.append([f"{a}-00", n, float(begin), float(debit), float(credit),
                     float(debit - credit), float(begin + debit - credit)])
    rows.append(["Grand Totals:", f"{len(moves)} Accounts", 0.0, float(sum(m[3] for m in moves)),
                 float(sum(m[4] for m in moves)), 0.0, 0.0])
    return _xlsx(path, "Sheet1", rows)


def xero(path: Path, month: str) -> Path:
    when = MONTHS[month][1]
    rows: list[list[object]] = [["Trial Balance"], [FIRM],
                                [f"As at {when.day} {when:%B} {when.year}"], [],
                                ["Account", "Debit", "Credit", "YTD Debit", "YTD Credit"]]
    start = before(month)
    month_of = {a: b - start[a] for a, _n, _p, b in balances(month)}
    by_section: dict[str, list[list[object]]] = {}
    for a, n, _p, b in balances(month):
        by_section.setdefault(a[0], []).append([f"{n} ({a})", *_dc(month_of[a]), *_dc(b)])
    for key, title in (("4", "Revenue"), ("5", "Expenses"), ("1", "Assets"),
                       ("2", "Liabilities"), ("3", "Equity")):
        rows.append([title])
        rows += by_section[key]
        rows.append([])
    month_dr = float(sum(v for v in month_of.values() if v > 0))
    month_cr = float(-sum(v for v in month_of.values() if v < 0))
    rows.append(["Total", month_dr, month_cr, *_totals(month)])
    return _xlsx(path, "Trial Balance", rows)


LAYOUTS: dict[str, tuple[str, Callable[[Path, str], Path]]] = {
    "plain": ("xlsx", plain),
    "quickbooks-desktop": ("xlsx", quickbooks_desktop),
    "quickbooks-online": ("csv", quickbooks_online),
    "netsuite": ("csv", netsuite),
    "sage-intacct": ("xlsx", sage_intacct),
    "dynamics-gp": ("xlsx", dynamics_gp),
    "xero": ("xlsx", xero),
}


def write(layout: str, month: str, folder: Path) -> Path:
    """The `layout` trial balance of `month` in `folder` (``feb-quickbooks-desktop.xlsx``)."""
    suffix, maker = LAYOUTS[layout]
    return maker(folder / f"{month.lower()}-{layout}.{suffix}", month)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name in LAYOUTS:
        for m in MONTHS:
            print(write(name, m, out))
