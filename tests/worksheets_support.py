"""What the worksheets' tests share: a positions file and an Exhibit A items file as a
controller would export them, and the command line's refusal of a bad one (exit 2)."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

from support import assert_one_line_failure

from focusdesk.document.store import save
from focusdesk.model.workbook import Workbook

HEADER = "id,description,category,maturity,market_value,issuer,quantity,market_makers,principal"
ROWS = [
    "T1,UST 2027,us-government,2027-06-15,-500000,US Treasury,,,",
    "E1,ACME common,equity,,\"200,000.00\",ACME,1000,,",
    "N1,Private LP,no-ready-market,,25000,,,,",
]
ITEM_ROWS = ('1,"5,000,000"', "4,200000", "10,4000000.00", "12,100000")


def haircut_book(tmp_path: Path) -> Path:
    """A saved 2026 workbook whose January line 17 is 1,000,000 (line 8 entered as equity)."""
    wb = Workbook(year=2026)
    wb.set_item("JAN", "3501", Decimal(1_000_000))
    path = tmp_path / "firm.focus"
    save(wb, path)
    return path


def positions(tmp_path: Path, *rows: str, name: str = "positions.csv") -> Path:
    """A positions CSV of `rows` under the worksheet's header."""
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def items_file(tmp_path: Path, *rows: str) -> Path:
    """An Exhibit A items CSV (`item,amount`) of `rows`."""
    path = tmp_path / "items.csv"
    path.write_text("\n".join(["item,amount", *rows]) + "\n", encoding="utf-8")
    return path


def one_line_failure(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """A bad file refused: exit 2, one line on stderr naming what and where."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert_one_line_failure(proc, *fragments)


# A month's book as a controller would bring it to the window: most categories, a short,
# a concentrated issuer, a no-ready-market position.
SAMPLE_ROWS = [
    "T1,UST 4.25% 2027,us-government,2027-06-15,1500000,US Treasury,1500000,,",
    "T2,UST bill Feb-27,us-government,2027-02-11,-400000,US Treasury,400000,,",
    "M1,NYC GO 5% 2031,municipal,2031-08-01,250000,City of New York,250000,,",
    "C1,GE CP 60d,commercial-paper,2026-12-29,300000,GE Capital,300000,,",
    "F1,ACME 6% notes 2029,nonconvertible-debt,2029-03-01,420000,ACME Corp,400000,,",
    "P1,XYZ 7% pfd,preferred,,80000,XYZ Inc,3200,,",
    "E1,ACME common,equity,,\"900,000.00\",ACME Corp,12000,,",
    "E2,Beta Co common,equity,,-120000,Beta Co,4000,,",
    "K1,Gamma thinly traded,limited-market,,60000,Gamma Ltd,5000,2,",
    "N1,Private LP interest,no-ready-market,,25000,,,,",
]
SAMPLE_ITEMS = ('1,"5,000,000"', "2,750000", "4,200000", "10,4000000.00", "11,150000",
                "12,100000", "E1,50000", "E4,25000")
