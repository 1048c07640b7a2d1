"""Issue 18's Qt-free parts: what a cell shows it came from, typing in the units shown,
finding lines, a selection's sum, Ctrl+Arrow, "-0-" for a month, the findings' cells,
the firm's address, and breaking a stale lock only when the user says so."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.calculation.checks import run_checks
from focusdesk.document.document import Document
from focusdesk.document.lock import (
    LOCK_ABANDONED_SECONDS,
    LockedError,
    WorkbookLock,
    lock_path,
    read_lock,
)
from focusdesk.document.store import load, save
from focusdesk.form.catalog import MONTHS
from focusdesk.formats.jsonio import to_json, workbook_from_json
from focusdesk.model.workbook import Entry
from focusdesk.tables.cells import PROVENANCES
from focusdesk.tables.grid import EditError, ScheduleAGrid, ScheduleBGrid

D = Decimal


@pytest.fixture
def wb():
    w = workbook_from_json({"months": {"JAN": {"items": {"3501": "4250"}},
                                       "FEB": {"items": {"3950": "100"}}}})
    w.set_item("JAN", "4212", D(600), source="imported", source_ref="jan.xlsx sha256:ab12")
    w.set_item("JAN", "4201", D(7), source="pasted")
    w.set_item("JAN", "3950", D(1), source="typed")
    return w


def cell(grid: ScheduleAGrid, code: str, month: str):
    return grid.cell(grid.row_of(code), MONTHS.index(month))


def test_each_cell_says_where_its_figure_comes_from(wb):
    grid = ScheduleAGrid(wb)
    assert cell(grid, "3950", "JAN").provenance == "typed"
    assert cell(grid, "4212", "JAN").provenance == "imported"
    assert cell(grid, "4212", "JAN").tooltip == "Imported from jan.xlsx\nSHA-256 ab12"
    assert cell(grid, "4201", "JAN").provenance == "pasted"
    assert cell(grid, "3501", "JAN").provenance == "imported"  # loaded from JSON: a file
    assert cell(grid, "4250", "JAN").provenance == "computed"
    assert cell(grid, "3501", "FEB").provenance == "carried"  # line 4 from JAN's line 8
    assert cell(grid, "3501", "FEB").tooltip == "Carried from JAN's line 8"
    assert cell(grid, "3540", "JAN").provenance == "blank"
    assert cell(grid, "3540", "MAR").provenance == ""  # a month not reported
    assert set(PROVENANCES) == {"typed", "imported", "pasted", "carried", "computed", "blank"}


def test_a_blank_input_shows_blank_not_zero(wb):
    grid = ScheduleAGrid(wb)
    blank = cell(grid, "3540", "JAN")
    assert blank.text == "" and "nothing entered" in blank.tooltip
    assert cell(grid, "3540", "JAN").editable
    wb.set_item("JAN", "3540", D(0))
    grid.invalidate()
    assert cell(grid, "3540", "JAN").text == "0"  # a typed zero is a zero
    assert cell(grid, "3620", "JAN").text == "0"  # a computed total of nothing: 0


def test_schedule_b_cells_show_provenance_and_blanks():
    w = workbook_from_json({"months": {"JAN": {"items": {"3501": "1"},
                                               "schedule_b": {"1": {"IV": "12"}}}}})
    grid = ScheduleBGrid(w, month="JAN", units="dollars")
    row = next(i for i, b in enumerate(grid.lines) if b.key == "1")
    total = next(i for i, b in enumerate(grid.lines) if b.key == "8")
    assert grid.cell(row, 3).provenance == "imported" and grid.cell(row, 3).text == "12"
    assert grid.cell(row, 0).provenance == "blank" and grid.cell(row, 0).text == ""
    assert grid.cell(total, 3).provenance == "computed"


# -- the $000 view: typed amounts are dollars, or thousands when the user says so -------

def test_the_editor_says_what_a_typed_amount_stores_and_shows(wb):
    grid = ScheduleAGrid(wb)  # the $000 view
    r, c = grid.row_of("3540"), MONTHS.index("JAN")
    assert grid.entry_preview(r, c, "4,250") == "4,250 → $4,250; shows 4"
    assert grid.entry_preview(r, c, "4250.5") == "4250.5 → $4,250.50; shows 4"
    assert grid.entry_preview(r, c, "x") == "'x' is not an amount"
    assert grid.entry_preview(r, c, "") == ""
    grid.units = "dollars"
    assert grid.entry_preview(r, c, "4,250") == ""  # the view shows what is stored


def test_typing_in_the_units_shown_stores_thousands_in_the_000_view(wb):
    grid = ScheduleAGrid(wb)
    grid.type_in_units_shown = True
    r, c = grid.row_of("3540"), MONTHS.index("JAN")
    assert grid.entry_preview(r, c, "4.25") == "4.25 → $4,250; shows 4"
    grid.set_text(r, c, "4.25")
    assert wb.value("JAN", "3540") == D(4250)
    assert grid.edit_text(r, c) == "4.25"  # the editor starts in the units it is typed in
    grid.set_text(grid.row_of("4980"), c, "3")  # a count: never scaled
    assert wb.value("JAN", "4980") == D(3)
    # A block copied from FocusDesk pastes back in dollars even so
    grid.paste(r, c, "1234.56\n", exact=True)
    assert wb.value("JAN", "3540") == D("1234.56")
    grid.paste(r, c, "2\n")  # from another program: in the units shown
    assert wb.value("JAN", "3540") == D(2000)
    grid.units = "dollars"
    grid.set_text(r, c, "4.25")
    assert wb.value("JAN", "3540") == D("4.25")  # the dollar view: dollars


def test_schedule_b_types_thousands_in_ii_and_iii_only():
    w = workbook_from_json({"months": {"JAN": {"items": {"3501": "1"}}}})
    grid = ScheduleBGrid(w, month="JAN", units="thousands")
    grid.type_in_units_shown = True
    row = next(i for i, b in enumerate(grid.lines) if b.key == "1")
    grid.set_text(row, 1, "3")  # II, printed in thousands
    grid.set_text(row, 3, "3")  # IV, whole dollars
    grid.set_text(row, 0, "3")  # I, a count
    assert w.b_value("JAN", "1", "II") == D(3000)
    assert w.b_value("JAN", "1", "IV") == D(3) and w.b_value("JAN", "1", "I") == D(3)


# -- finding lines, a selection's figures, Ctrl+Arrow ----------------------------------

def test_find_a_line_by_number_code_or_label(wb):
    grid = ScheduleAGrid(wb)
    assert grid.find("23a") == [grid.row_of("3840")] == grid.find("23a.")
    assert grid.find("3750") == [grid.row_of("3750")]
    assert grid.row_of("3750") in grid.find("net cap")
    assert grid.find("zzz") == [] and grid.find(" ") == []
    b = ScheduleBGrid(wb, month="JAN")
    assert [b.lines[r].key for r in b.find("5a")] == ["5A L", "5A S"]
    assert [b.lines[r].key for r in b.find("10")] == ["10"]
    assert b.lines[b.find("bank accounts")[0]].key == "5E"


def test_summary_sums_amounts_and_counts_figures(wb):
    grid = ScheduleAGrid(wb, units="dollars")
    c = MONTHS.index("JAN")
    cells = [(grid.row_of(code), c) for code in ("3950", "4212", "4201", "3540", "4980")]
    total, amounts, figures = grid.summary(cells)
    assert (total, amounts, figures) == (D(608), 3, 3)  # 3540 and the count are blank
    grid.units = "thousands"
    assert grid.summary([(grid.row_of("3501"), c)]) == (D(4), 1, 1)  # as shown


def test_ctrl_arrow_jumps_like_a_spreadsheet(wb):
    grid = ScheduleAGrid(wb)
    r = grid.row_of("3950")
    assert grid.jump(r, 0, 0, 1) == (r, 1)  # JAN → FEB: a run of two filled months
    assert grid.jump(r, 1, 0, 1) == (r, 11)  # the end of the run: to the edge (DEC)
    assert grid.jump(r, 11, 0, -1) == (r, 1)  # from blank DEC back to FEB
    assert grid.jump(0, 0, -1, 0) == (0, 0)  # nowhere to go
    assert grid.last_filled()[1] == 1  # FEB is the last month with anything


# -- Schedule B: "-0-" for a month, and its findings' cells ---------------------------

def test_fill_blank_lines_with_zero_for_a_month():
    w = workbook_from_json({"months": {"JAN": {"items": {"3501": "1"},
                                               "schedule_b": {"1": {"IV": "12"}},
                                               "schedule_b_answer": "yes"}}})
    grid = ScheduleBGrid(w, month="JAN")
    assigned = grid.blank_to_zero("JAN")
    cells = {(ref.line, ref.column) for ref, _ in assigned}
    assert ("1", "IV") not in cells and ("1", "I") in cells and ("4", "IV") in cells
    assert not any(line in ("5G", "9", "10", "8", "5 total") for line, _ in cells)
    assert all(isinstance(v, Entry) and v.value == 0 for _, v in assigned)
    grid.history.apply("Fill", assigned)
    assert not [f for f in run_checks(w) if f.item == "B-8"]  # no line left blank
    assert grid.blank_to_zero("JAN") == []


def test_a_schedule_b_finding_names_its_cell():
    w = workbook_from_json({"months": {"JAN": {"items": {"3501": "1"},
                                               "schedule_b": {"1": {"II": "-5"}}}}})
    found = {(f.item, f.b_cell) for f in run_checks(w) if f.item.startswith("B-")}
    assert ("B-1", ("1", "II")) in found  # negative in column II
    assert ("B-10", ("10", "I")) in found  # line 10 unanswered
    assert ("B-8", ("1", "IV")) in found  # blanks in IV: the first blank line
    assert all("b_cell" not in f.as_dict() for f in run_checks(w))  # JSON unchanged


# -- the firm's address -----------------------------------------------------------------

def test_the_firm_address_is_kept_in_the_workbook_file_and_json(tmp_path):
    w = workbook_from_json({"firm": {"name": "Acme", "address": "1 Main St, Albany, NY"}})
    path = tmp_path / "a.focus"
    save(w, path)
    back, _ = load(path)
    assert back.firm.address == "1 Main St, Albany, NY"
    assert to_json(back)["firm"]["address"] == "1 Main St, Albany, NY"


# -- a stale lock is broken only when the user says so --------------------------------

def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(path: Path, age_hours: float = 0, **holder: str) -> bytes:
    info = {"user": "carol", "host": socket.gethostname(), "pid": "1",
            "since": "2025-01-02 09:30", **holder}
    lp = lock_path(path)
    lp.write_text(json.dumps(info), encoding="utf-8")
    then = time.time() - age_hours * 3600
    os.utime(lp, (then, then))
    return lp.read_bytes()


@pytest.fixture
def focus_file(tmp_path):
    path = tmp_path / "firm.focus"
    save(workbook_from_json({"firm": {"name": "Acme"}}), path)
    return path


def test_a_dead_process_lock_is_offered_not_broken_when_asked(focus_file):
    raw = _write_lock(focus_file, pid=str(_dead_pid()))
    with pytest.raises(LockedError) as caught:
        WorkbookLock(focus_file).acquire(break_dead=False)
    assert "no longer running" in caught.value.stale and caught.value.raw == raw
    doc = Document.open(focus_file, break_dead=False)
    assert doc.read_only and doc.lock_error is not None and doc.lock_error.stale
    taken = Document.open(focus_file, break_dead=False, take_over=doc.lock_error.raw)
    try:
        assert not taken.read_only and read_lock(focus_file)["pid"] == str(os.getpid())
    finally:
        taken.close()


def test_another_computers_lock_a_day_old_may_be_taken_over(focus_file):
    young = _write_lock(focus_file, host="FINOP-PC-7", age_hours=23)
    with pytest.raises(LockedError) as caught:
        WorkbookLock(focus_file).acquire()
    assert caught.value.stale == ""  # under a day: it may well be in use
    with pytest.raises(LockedError):
        WorkbookLock(focus_file).acquire(take_over=young)  # never a live-looking one
    raw = _write_lock(focus_file, host="FINOP-PC-7", age_hours=LOCK_ABANDONED_SECONDS / 3600)
    with pytest.raises(LockedError) as caught:
        WorkbookLock(focus_file).acquire()
    assert "24 hours ago" in caught.value.stale and "FINOP-PC-7" in caught.value.stale
    assert read_lock(focus_file)["host"] == "FINOP-PC-7"  # still theirs
    _write_lock(focus_file, host="FINOP-PC-7", user="dave", age_hours=30)
    with pytest.raises(LockedError):  # a different lock from the one the user saw
        WorkbookLock(focus_file).acquire(take_over=raw)
    raw = lock_path(focus_file).read_bytes()
    lock = WorkbookLock(focus_file)
    lock.acquire(take_over=raw)
    assert read_lock(focus_file)["host"] == socket.gethostname()
    lock.release()


def test_a_held_lock_is_renewed_so_it_never_looks_abandoned(focus_file):
    doc = Document.open(focus_file)
    lp = lock_path(focus_file)
    old = time.time() - 2 * LOCK_ABANDONED_SECONDS
    os.utime(lp, (old, old))
    doc.autosave()  # the window's minute timer
    assert time.time() - lp.stat().st_mtime < 60
    doc.close()


def test_typing_into_a_read_only_grid_is_refused_before_parsing(focus_file):
    _write_lock(focus_file, host="elsewhere")
    doc = Document.open(focus_file)
    grid = ScheduleAGrid(doc.wb, doc.history)
    with pytest.raises(EditError, match="read-only"):
        grid.set_text(grid.row_of("3540"), 0, "not even an amount")
    with pytest.raises(EditError, match="read-only"):
        grid.paste(grid.row_of("3540"), 0, "1\n")
    doc.close()
