"""What the worksheets' tests share: a positions file and an Exhibit A items file as a
controller would export them, and the command line's refusal of a bad one (exit 2)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import assert_one_line_failure

HEADER = "id,description,category,maturity,market_value,issuer,quantity,market_makers,principal"
ROWS = [
    "T1,UST 2027,us-government,2027-06-15,-500000,US Treasury,,,",
    "E1,ACME common,equity,,\"200,000.00\",ACME,1000,,",
    "N1,Private LP,no-ready-market,,25000,,,,",
]
ITEM_ROWS = ('1,"5,000,000"', "4,200000", "10,4000000.00", "12,100000")


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
