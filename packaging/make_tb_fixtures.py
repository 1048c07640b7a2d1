"""Rebuild the trial-balance fixtures in tests/fixtures/tb/ (committed, so the tests need
neither LibreOffice nor msoffcrypto-tool).

    python packaging/make_tb_fixtures.py

* ``layout.xlsx`` — written with openpyxl: a cover sheet first, then the trial balance
  on a second sheet with title rows, a blank row, the header on row 4, account numbers
  stored as numbers (1010) and as text ("1200-00"), debit and credit columns, a subtotal
  row without an account and a total row. (Not committed; the tests write their own.)
* ``layout.xls`` and ``layout.ods`` — the same workbook converted by LibreOffice:
  ``soffice --headless --convert-to xls`` / ``ods`` (apt-get install
  libreoffice-calc-nogui).
* ``encrypted.xlsx`` — the same workbook encrypted with the password ``secret`` by
  msoffcrypto-tool (``pip install msoffcrypto-tool``; needed only here): an OLE compound
  file holding ``EncryptionInfo`` and ``EncryptedPackage`` streams, as Excel writes a
  password-protected workbook.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "tb"

TITLE = ["Hudson Ridge Securities LLC", "Trial Balance — January 2025"]
HEADER = ["GL Account", "Account Name", "Debit", "Credit"]
ROWS: list[list[object]] = [
    [1010, "Cash — operating", 250000, None],
    [1020, "Cash — payroll", 15000.5, None],
    ["1200-00", "Receivable from clearing broker", 80000, None],
    [None, "Total cash and receivables", 345000.5, None],
    [2010, "Accounts payable", None, 40000],
    ["2100-10", "Accrued expenses", None, 12500.5],
    [3000, "Member's capital", None, 300000],
    [4000, "Commission income", None, 60000],
    [5000, "Salaries", 50000, None],
    [5100, "Rent", 17500, None],
    ["Total", None, 412500.5, 412500.5],
]


def build_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Monthly close package"
    cover["A3"] = "See the Trial Balance sheet."
    ws = wb.create_sheet("Trial Balance")
    for t in TITLE:
        ws.append([t])
    ws.append([])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)


def convert(src: Path, fmt: str, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install -y libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", fmt, "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / f"{src.stem}.{fmt}", out)


def encrypt(src: Path, out: Path, password: str = "secret") -> None:
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        sys.exit("pip install msoffcrypto-tool (needed only to build encrypted.xlsx)")
    buf = io.BytesIO()
    with src.open("rb") as fh:
        OOXMLFile(fh).encrypt(password, buf)
    out.write_bytes(buf.getvalue())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / "layout.xlsx"
        build_xlsx(xlsx)
        convert(xlsx, "xls", OUT / "layout.xls")
        convert(xlsx, "ods", OUT / "layout.ods")
        encrypt(xlsx, OUT / "encrypted.xlsx")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
