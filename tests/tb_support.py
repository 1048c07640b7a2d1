"""What the trial-balance tests share: the layout fixture's trial balance and mapping
(the one packaging/make_tb_fixtures.py writes to tests/fixtures/tb/), a small profit and
loss, a zip bomb, an xlsx writer, a fresh workbook, and the command line run in-process."""

from __future__ import annotations

import sys
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook as XWorkbook

from focusdesk import cli
from focusdesk.model.workbook import MappingRow, Workbook

FIXTURES = Path(__file__).parent / "fixtures" / "tb"
D = Decimal

# The mapping the layout fixture is read with.
LAYOUT_MAPPING = (MappingRow("1010-1099", "38"), MappingRow("12*", "37a"),
                  MappingRow("2*", "23a"), MappingRow("4*", "5b"), MappingRow("5*", "5c"))
LAYOUT_EXPECTED = {"750": D("265000.5"), "810": D("80000"), "3840": D("52500.5"),
                   "4212": D("60000"), "4201": D("67500")}


def xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """An xlsx of the given sheets, each a list of rows."""
    wb = XWorkbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def layout_rows() -> list[list[object]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
    try:
        import make_tb_fixtures as m
    finally:
        sys.path.pop(0)
    return [[t] for t in m.TITLE] + [[]] + [m.HEADER] + [list(r) for r in m.ROWS]


def fresh() -> Workbook:
    wb = Workbook()
    wb.audit.clear()
    return wb


def values(wb: Workbook, month: str) -> dict[str, Decimal]:
    return {c: e.value for c, e in wb.items[month].items()}


def pl_xlsx(tmp_path: Path, name: str, income: object, expense: object, cash: object = 0) -> Path:
    return xlsx(tmp_path / name, {"TB": [["Account", "Description", "Balance"],
                                         [1010, "Cash", cash], [4000, "Income", income],
                                         [5000, "Expense", expense]]})


PL_MAPPING = (MappingRow("1010", "38"), MappingRow("4*", "5b"), MappingRow("5*", "5c"))


def zip_bomb(path: Path) -> Path:
    """An xlsx-looking zip whose sheet inflates to 20 MB of zeros."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    return path


def run_cli(capsys, *argv: object) -> tuple[int, str, str]:
    """Run `focusdesk ARGV…` in this process: exit code, stdout, stderr."""
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err
