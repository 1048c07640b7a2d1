"""`focusdesk import-tb` (`commands.tb`): the summary, overrides, dry run, errors, and no
traceback."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
from tb_support import (
    LAYOUT_EXPECTED,
    LAYOUT_MAPPING,
    PL_MAPPING,
    pl_xlsx,
    run_cli,
    values,
    xlsx,
    zip_bomb,
)

from focusdesk.document.store import load
from focusdesk.tb.mapping import (
    canonical,
    read_mapping_file,
    write_mapping_file,
)

# -- the command line -------------------------------------------------------------------

def test_import_tb_prints_the_summary_and_saves(tmp_path, capsys, book_file, layout_xlsx):
    mapping = tmp_path / "map.csv"
    write_mapping_file(LAYOUT_MAPPING, mapping)
    code, out, err = run_cli(capsys, "import-tb", book_file, layout_xlsx, "--month", "jan",
                          "--mapping", mapping)
    assert code == 0, err
    assert "Imported layout.xlsx" in out and "5 line(s) set" in out
    assert "line 23a  [ 3840]            52,500.50" in out
    assert "Unmapped accounts (1):" in out and "300,000.00" in out
    assert "row 8: no account (a subtotal or heading)" in out and "row 15: a total row" in out
    wb, _ = load(book_file)
    assert values(wb, "JAN") == LAYOUT_EXPECTED
    assert wb.tb_mapping == canonical(LAYOUT_MAPPING)
    sha = hashlib.sha256(layout_xlsx.read_bytes()).hexdigest()
    assert any(a.detail == f"layout.xlsx sha256:{sha}" for a in wb.audit)

    # the workbook keeps the mapping: the next month needs no --mapping
    code, out, err = run_cli(capsys, "import-tb", book_file, layout_xlsx, "--month", "FEB")
    assert code == 0, err
    assert "YTD 60,000.00 less prior YTD 60,000.00" in out
    code, out, _ = run_cli(capsys, "tb-accounts", book_file, "--month", "JAN", "--item", "38")
    assert code == 0 and "1010" in out and "1020" in out and "265,000.50" in out

    out_map = tmp_path / "export.xlsx"
    assert run_cli(capsys, "mapping-export", book_file, out_map)[0] == 0
    assert read_mapping_file(out_map) == canonical(LAYOUT_MAPPING)


def test_import_tb_overrides_and_dry_run(tmp_path, capsys, book_file):
    path = xlsx(tmp_path / "o.xlsx", {"Data": [["junk"], ["Ctr", "GL", "Name", "Amt"],
                                               ["x", 1010, "Cash", 42]]})
    mapping = tmp_path / "map.csv"
    mapping.write_text("account,item,sign\n1010,38,\n", encoding="utf-8")
    before = book_file.read_bytes()
    code, out, err = run_cli(capsys, "import-tb", book_file, path, "--month", "APR", "--mapping",
                          mapping, "--sheet", "Data", "--header-row", "2", "--account-col",
                          "B", "--balance-col", "4", "--dry-run")
    assert code == 0, err
    assert "Would import" in out and "42.00" in out
    assert book_file.read_bytes() == before


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--mapping", "{map_bad}"], "is computed"),
    ([], "no account mapping yet"),
    (["--mapping", "{map}", "--balance-col", "Q", "--debit-col", "C"], "not both"),
    (["--mapping", "{map}", "--sheet", "Nope"], "no sheet 'Nope'"),
])
def test_import_tb_errors(tmp_path, capsys, book_file, layout_xlsx, argv, fragment):
    (tmp_path / "map.csv").write_text("account,item\n1010,38\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("account,item\n3000,8\n", encoding="utf-8")
    argv = [a.format(map=tmp_path / "map.csv", map_bad=tmp_path / "bad.csv") for a in argv]
    before = book_file.read_bytes()
    code, _, err = run_cli(capsys, "import-tb", book_file, layout_xlsx, "--month", "MAR", *argv)
    assert code != 0 and fragment in err and err.count("\n") == 1, err
    assert book_file.read_bytes() == before


def test_import_tb_missing_prior_month(tmp_path, capsys, book_file):
    mapping = tmp_path / "map.csv"
    write_mapping_file(PL_MAPPING, mapping)
    before = book_file.read_bytes()
    code, _, err = run_cli(capsys, "import-tb", book_file, pl_xlsx(tmp_path, "m.xlsx", -5, 1),
                        "--month", "MAR", "--mapping", mapping)
    assert code != 0 and "import FEB first" in err
    assert book_file.read_bytes() == before
    code, out, err = run_cli(capsys, "import-tb", book_file, pl_xlsx(tmp_path, "m.xlsx", -5, 1),
                          "--month", "MAR", "--mapping", mapping, "--period")
    assert code == 0 and "the month's activity" in out


def test_import_tb_in_a_subprocess_has_no_traceback(tmp_path, book_file):
    bad = zip_bomb(tmp_path / "bomb.xlsx")
    proc = subprocess.run([sys.executable, "-m", "focusdesk", "import-tb", str(book_file),
                           str(bad), "--month", "JAN"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode != 0 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "zip bomb" in proc.stderr


