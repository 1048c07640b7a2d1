"""``focusdesk haircuts``, run as users run it: the JSON shape (a contract), the lines set
as one step with the file's name and SHA-256, the workbook unchanged on --dry-run and on
every bad file (each refused naming its row and column); positions from xlsx too."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from support import run
from worksheets_support import HEADER, ROWS, haircut_book, one_line_failure, positions

from focusdesk.document.editing import EditHistory
from focusdesk.document.store import load, save
from focusdesk.model.workbook import Workbook
from focusdesk.worksheets import WorksheetError
from focusdesk.worksheets.inputs import read_positions, stored_positions
from focusdesk.worksheets.month import (
    apply,
    haircuts_for_month,
    prepare_haircuts,
    stored_haircuts,
)

D = Decimal


@pytest.fixture
def book(tmp_path) -> Path:
    """A 2026 workbook whose January line 17 is 1,000,000 (line 8 entered as equity)."""
    return haircut_book(tmp_path)



def test_json_is_the_contract_and_lines_are_set_with_provenance(book, tmp_path):
    file = positions(tmp_path, *ROWS)
    proc = run("haircuts", book, file, "--month", "JAN", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert list(doc) == ["month", "lines", "categories", "positions", "not_applied"]
    assert doc["month"] == "JAN"
    # (A): 1–2 years 1.5 % × 500,000 = 7,500. (J): 15 % × 200,000 = 30,000; (M) on line 17
    # of 1,000,000: 10 % = 100,000, floor max(10,000, 500 × 200) = 100,000, so 15 % ×
    # 100,000 = 15,000. Line 18: 52,500; (c)(2)(vii)'s 25,000 is not in it.
    assert doc["lines"] == {"3740": "52500.00", "850": "225000.00", "1620": "500000.00",
                            "5371": "200000.00"}
    assert doc["categories"] == [
        {"category": "us-government", "long": "0.00", "short": "500000.00",
         "deduction": "7500.00"},
        {"category": "equity", "long": "200000.00", "short": "0.00", "deduction": "45000.00"},
        {"category": "no-ready-market", "long": "25000.00", "short": "0.00",
         "deduction": "25000.00"}]
    assert doc["positions"] == [{"id": "T1", "deduction": "7500.00"},
                                {"id": "E1", "deduction": "45000.00"},
                                {"id": "N1", "deduction": "25000.00"}]
    assert any("(A)(2)" in n for n in doc["not_applied"])
    wb, _ = load(book)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    for code, value in (("3740", "52500"), ("850", "225000"), ("1620", "500000"),
                        ("5371", "200000")):
        entry = wb.items["JAN"][code]
        assert entry.value == D(value)
        assert (entry.source, entry.source_ref) == ("imported", f"positions.csv sha256:{digest}")
    assert [a.target for a in wb.audit[-4:]] == ["3740", "850", "1620", "5371"]


def test_text_output_says_what_is_apart_and_uncertain(book, tmp_path):
    proc = run("haircuts", book, positions(tmp_path, *ROWS), "--month", "JAN")
    assert proc.returncode == 0, proc.stderr
    assert "line 18   [3740]            52,500.00" in proc.stdout
    assert "not in line 18" in proc.stdout and "Uncertain:" in proc.stdout
    assert "Not applied:" in proc.stdout and "(F)(2)–(4)" in proc.stdout


def test_dry_run_changes_nothing(book, tmp_path):
    before = book.read_bytes()
    proc = run("haircuts", book, positions(tmp_path, *ROWS), "--month", "JAN", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Would set")
    assert book.read_bytes() == before


@pytest.mark.parametrize(("row", "fragments"), [
    ("X1,Thing,stock,,100,,,,", ("row 5, column category (C)", "'stock' is not a category")),
    ("X1,Thing,equity,,2026-01-31,,,,", ("row 5, column market_value (E)", "is a date")),
    ("X1,Thing,no-ready-market,,-100,,,,", ("row 5, column market_value (E)",
                                            "cannot be short")),
    ("X1,Thing,us-government,soon,100,,,,", ("row 5, column maturity (D)", "not a date")),
    ("X1,Thing,us-government,,100,,,,", ("row 5, column maturity (D)", "needs its maturity")),
    ("X1,Thing,convertible-debt,,100,,,,", ("row 5, column principal (I)", "principal")),
    ("X1,Thing,convertible-debt,,99,,,,100", ("row 5, column maturity (D)", "maturity")),
    ("X1,Thing,limited-market,,100,,,,", ("row 5, column market_makers (H)",
                                          "market makers")),
    ("E1,Again,equity,,100,,,,", ("row 5, column id (A)", "given twice (also row 3)")),
    ("X1,Thing,municipal-short,2031-01-31,100,,,,", ("row 5", "beyond")),
    ("X1,Thing,equity,,1e5,,,,", ("row 5, column market_value (E)", "not an amount")),
])
def test_bad_files_are_refused_naming_row_and_column(book, tmp_path, row, fragments):
    before = book.read_bytes()
    proc = run("haircuts", book, positions(tmp_path, *ROWS, row), "--month", "JAN")
    one_line_failure(proc, *fragments)
    assert book.read_bytes() == before


def test_unreadable_files_are_one_sentence(book, tmp_path):
    missing = run("haircuts", book, tmp_path / "none.csv", "--month", "JAN")
    one_line_failure(missing, "does not exist")
    headerless = tmp_path / "h.csv"
    headerless.write_text("a,b\n1,2\n", encoding="utf-8")
    one_line_failure(run("haircuts", book, headerless, "--month", "JAN"), "no header row")
    pdf = tmp_path / "p.csv"
    pdf.write_bytes(b"%PDF-1.4 nothing")
    one_line_failure(run("haircuts", book, pdf, "--month", "JAN"), "not a spreadsheet")


def test_positions_from_xlsx(tmp_path):
    # Dates and numbers as Excel stores them (a datetime, a float) read as a CSV's text.
    from datetime import datetime

    import openpyxl

    xb = openpyxl.Workbook()
    ws = xb.active
    ws.append(["Positions as of 01/31/2026"])
    ws.append(HEADER.split(","))
    ws.append(["T1", "UST", "US-Government", datetime(2027, 6, 15), -500000.0, "UST"])
    ws.append(["E1", "ACME", "equity", None, 200000.25, "ACME", 1000])
    path = tmp_path / "positions.xlsx"
    xb.save(path)
    got, source = read_positions(path)
    assert [(p.id, p.category, p.maturity, p.market_value, p.row) for p in got] == [
        ("T1", "us-government", datetime(2027, 6, 15).date(), D(-500000), 3),
        ("E1", "equity", None, D("200000.25"), 4)]
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert got[1].quantity == D(1000)


def test_one_undoable_step(tmp_path):
    wb = Workbook(year=2026)
    wb.set_item("JAN", "3740", D(1))
    file = positions(tmp_path, *ROWS)
    ps, source = read_positions(file)
    result, prepared = prepare_haircuts(wb, "JAN", ps, source)
    history = EditHistory(wb)
    step = history.apply(prepared.label, prepared.assignments())
    # The positions kept and the four lines set: one step, undone as one.
    assert step is not None and len(step.changes) == 5
    assert wb.value("JAN", "3740") == result.haircuts
    assert wb.worksheets[("JAN", "haircuts")].rows
    history.undo()
    assert wb.value("JAN", "3740") == D(1) and wb.value("JAN", "850") is None
    assert ("JAN", "haircuts") not in wb.worksheets
    # The core API the window uses: a month's result from stored positions and the workbook.
    assert haircuts_for_month(wb, "JAN", ps).haircuts == result.haircuts
    assert apply(wb, prepared) == 5
    # The same file again changes nothing (the inputs keep their first import's time).
    _, again = prepare_haircuts(wb, "JAN", ps, source)
    assert apply(wb, again) == 0


def test_the_positions_are_kept_in_the_workbook_file(book, tmp_path):
    # Saved and opened again: the same positions, file name and SHA-256; the month's
    # result computed from them alone (what the window shows) is the command's.
    file = positions(tmp_path, *ROWS)
    assert run("haircuts", book, file, "--month", "JAN").returncode == 0
    wb, _ = load(book)
    stored = wb.worksheets[("JAN", "haircuts")]
    assert stored.file_name == "positions.csv"
    assert stored.sha256 == hashlib.sha256(file.read_bytes()).hexdigest()
    assert stored_positions(stored) == read_positions(file)[0]
    again = stored_haircuts(wb, "JAN")
    assert again is not None and again.haircuts == D("52500.00")
    assert again.position("E1").concentration == D("15000.00")
    assert stored_haircuts(wb, "FEB") is None
    # Kept through a save of the loaded workbook, and a damaged record is named, not fatal.
    save(wb, book, _)
    import sqlite3

    con = sqlite3.connect(book, isolation_level=None)
    con.execute("UPDATE worksheets SET data = '{' WHERE month = 'JAN'")
    con.close()
    from focusdesk.document.store import load as load_again

    damaged_wb, state = load_again(book)
    assert damaged_wb.worksheets == {} and "haircuts worksheet" in state.damaged[0]


def test_filed_month_is_refused(tmp_path):
    from focusdesk.model.workbook import FiledVersion, MonthClose

    wb = Workbook(year=2026)
    filed = FiledVersion("JAN", 0, "2026-02-20", "", "u", "t", "", None, "", "{}", b"", "")
    wb.close["JAN"] = MonthClose(versions=(filed,))
    ps, source = read_positions(positions(tmp_path, *ROWS))
    with pytest.raises(Exception, match="filed"):
        prepare_haircuts(wb, "JAN", ps, source)
    with pytest.raises(WorksheetError):
        read_positions(positions(tmp_path, "X,y,equity,,12/31/2026,,,,", name="d.csv"))
