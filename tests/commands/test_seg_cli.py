"""seg-check and seg-import, run as users run them; the filings kept in the workbook file."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.document.store import load, save
from focusdesk.model.workbook import Workbook
from focusdesk.seg.importer import apply, prepare

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = FIXTURES / "000_f78615206c38f945.txt"  # Wedbush, End Date 11/27/2017
SCRAMBLED = FIXTURES / "001_709a681e187ed0f2.txt"  # Credit Suisse, End Date 12/26/2017
FOCUS_FORM_SEED = ROOT.parent / "shared" / "seeds" / "002_806c52e9dd562b07.txt"
D = Decimal


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120)


def one_line_failure(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("focusdesk: ")
    assert "internal error" not in proc.stderr
    for fragment in fragments:
        assert fragment in proc.stderr, proc.stderr


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_altered(tmp_path: Path, old: str, new: str, name: str = "altered.txt") -> Path:
    text = TIDY.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.fixture
def book(tmp_path) -> Path:
    """An empty 2017 workbook for Wedbush."""
    wb = Workbook()
    wb.set_profile("year", 2017)
    wb.set_profile("firm.name", "Wedbush Securities Inc.")
    path = tmp_path / "wedbush.focus"
    save(wb, path)
    return path


# -- seg-check ---------------------------------------------------------------------------------

def test_seg_check_both_seeds_foot():
    for seed, firm in ((TIDY, "WEDBUSH SECURITIES INC"),
                       (SCRAMBLED, "Credit Suisse Securities (USA) LLC")):
        proc = run("seg-check", seed)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert proc.stdout.startswith(firm) and "Every total foots." in proc.stdout
        assert proc.stderr == ""
    assert "[8715]" in run("seg-check", SCRAMBLED).stdout  # absent, listed, not failing


def test_seg_check_json_has_the_contract_shape_with_exact_numbers():
    proc = run("seg-check", SCRAMBLED, "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout, parse_float=Decimal)
    assert {"firm", "end_date", "values", "mismatches", "missing"} <= set(doc)
    assert doc["firm"] == "Credit Suisse Securities (USA) LLC"
    assert doc["end_date"] == "2017-12-26"
    assert doc["mismatches"] == [] and doc["missing"] == ["8715"]
    assert len(doc["values"]) == 95
    assert doc["values"]["7060"] == 5_438_091_820 and doc["values"]["8720"] == 10_792_045_668
    assert doc["values"]["8660"] == -128_599_713
    assert all(type(v) is int for v in doc["values"].values())  # JSON numbers, whole
    assert '"7060": 5438091820' in proc.stdout


def test_seg_check_names_a_total_that_does_not_foot(tmp_path):
    path = write_altered(tmp_path, "1,477,842,848</u></b> [7060]",
                         "1,477,842,884</u></b> [7060]")
    proc = run("seg-check", path, "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["mismatches"] == [{"code": "7060", "reported": 1477842884,
                                  "expected": 1477842848}]
    text = run("seg-check", path)
    assert text.returncode == 1
    assert "DOES NOT FOOT  Segregation Statement (CEA 4d(2)) line 6 [7060]" in text.stdout


def test_seg_check_exit_1_for_a_deficiency(tmp_path):
    path = write_altered(tmp_path, "<b><u>3,793,129</u></b> [7198]",
                         "<b><u>-3,793,129</u></b> [7198]")
    text = path.read_text(encoding="utf-8").replace("13,000,000</u></b> [7194]",
                                                    "20,586,258</u></b> [7194]")
    path.write_text(text, encoding="utf-8")
    proc = run("seg-check", path, "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["mismatches"] == []
    assert doc["deficiencies"] == [{"code": "7198", "amount": -3793129}]


def test_cents_are_exact_json_numbers(tmp_path):
    path = write_altered(tmp_path, "<b><u>5,075,450</u></b> [7150]",
                         "<b><u>5,075,450.07</u></b> [7150]")
    proc = run("seg-check", path, "--json")
    assert proc.returncode == 1  # 13 no longer foots by 7 cents
    assert '"7150": 5075450.07' in proc.stdout
    doc = json.loads(proc.stdout, parse_float=Decimal)
    (m,) = doc["mismatches"]
    assert m["code"] == "7180" and m["expected"] - m["reported"] == D("0.07")


@pytest.mark.parametrize(("content", "fragment"), [
    (b"", "is empty"),
    (bytes(range(256)) * 16, "is a binary file"),
    (b"%PDF-1.4\n%garbage that is no PDF\n", "is a damaged PDF"),
    (b"A letter, not a filing: 1,000 [7060].", "is not a WinJammer Daily Seg"),
])
def test_seg_check_bad_files_exit_2_with_one_sentence(tmp_path, content, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    one_line_failure(run("seg-check", path), "bad.txt", fragment)


def test_seg_check_another_document_exits_2():
    document = FOCUS_FORM_SEED if FOCUS_FORM_SEED.exists() else \
        ROOT / "resources" / "instructions.json"
    one_line_failure(run("seg-check", document, "--json"), document.name,
                     "is not a WinJammer Daily Seg filing")
    one_line_failure(run("seg-check", ROOT / "nope.txt"), "nope.txt does not exist")


# -- seg-import ----------------------------------------------------------------------------------

def test_seg_import_stores_the_filing_and_sets_item_29(book):
    proc = run("seg-import", book, TIDY)
    assert proc.returncode == 0, proc.stderr
    assert "NOV line 29a [7060]      1,477,842,848   was blank" in proc.stdout
    assert "not the last business day of November (11/30/2017)" in proc.stdout
    wb, _ = load(book)
    entry = wb.items["NOV"]["7060"]
    assert entry.value == D(1_477_842_848) and entry.source == "imported"
    assert entry.source_ref == f"{TIDY.name} sha256:{sha(TIDY)}"
    assert wb.value("NOV", "7180") == D(1_494_635_977)
    (stored,) = wb.filings
    assert stored.raw == TIDY.read_bytes() and stored.sha256 == sha(TIDY)
    assert stored.end_date == "2017-11-27" and stored.status == "foots"
    assert stored.firm == "WEDBUSH SECURITIES INC" and stored.amendment == "INITIAL"
    assert len(stored.values) == 96 and stored.value("7060") == D(1_477_842_848)
    assert any(a.action == "filing" and TIDY.name in a.detail for a in wb.audit)
    # the same file again changes nothing
    before = sha(book)
    again = run("seg-import", book, TIDY)
    assert again.returncode == 0 and "Nothing changed" in again.stdout
    assert sha(book) == before


def test_seg_import_into_another_month(book):
    proc = run("seg-import", book, TIDY, "--month", "dec")
    assert proc.returncode == 0, proc.stderr
    assert "is not in DEC 2017" in proc.stdout
    wb, _ = load(book)
    assert wb.value("DEC", "7060") == D(1_477_842_848) and wb.value("NOV", "7060") is None


def test_a_filing_that_does_not_foot_is_stored_flagged_and_needs_force(book, tmp_path):
    path = write_altered(tmp_path, "17,547,499", "17,547,500")
    proc = run("seg-import", book, path)
    assert proc.returncode == 1
    assert "does not foot ([7770])" in proc.stdout and "--force" in proc.stdout
    wb, _ = load(book)
    (stored,) = wb.filings
    assert stored.status == "does not foot"
    assert wb.value("NOV", "7060") is None  # item 29 not set
    forced = run("seg-import", book, path, "--force")
    assert forced.returncode == 0, forced.stderr
    wb, _ = load(book)
    assert len(wb.filings) == 1 and wb.value("NOV", "7060") == D(1_477_842_848)


def test_seg_import_refusals_leave_the_workbook_as_it_was(book, tmp_path):
    before = sha(book)
    other_year = Workbook()
    other_year.set_profile("year", 2025)
    save(other_year, tmp_path / "y2025.focus")
    one_line_failure(run("seg-import", tmp_path / "y2025.focus", TIDY),
                     "End Date 11/27/2017 is in 2017", "give --month")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    one_line_failure(run("seg-import", book, empty), "empty.txt is empty")
    one_line_failure(run("seg-import", tmp_path / "nope.focus", TIDY), "does not exist")
    bad_month = run("seg-import", book, TIDY, "--month", "XYZ")
    assert bad_month.returncode == 2 and "Traceback" not in bad_month.stderr
    assert sha(book) == before


# -- in process: the workbook file, undo, speed -------------------------------------------------

def test_filings_survive_save_and_load_and_are_not_rewritten(tmp_path):
    wb = Workbook()
    wb.set_profile("year", 2017)
    for seed in (SCRAMBLED, TIDY):
        apply(wb, prepare(wb, seed.read_bytes(), seed.name))
    path = tmp_path / "two.focus"
    save(wb, path)
    back, state = load(path)
    assert [f.end_date for f in back.filings] == ["2017-11-27", "2017-12-26"]
    assert back.filings == wb.filings
    assert state.filings_saved is back.filings
    # a typed cell later: the filings are not written again (same tuple)
    back.set_item("JAN", "3501", D(1))
    save(back, path, state)
    again, _ = load(path)
    assert again.filings == wb.filings and again.value("JAN", "3501") == 1
    # a filing removed is removed from the file
    again.set_filings(again.filings[1:])
    save(again, path)
    assert [f.end_date for f in load(path)[0].filings] == ["2017-12-26"]


def test_the_import_is_one_undoable_step(tmp_path):
    from focusdesk.document.editing import EditHistory

    wb = Workbook()
    wb.set_profile("year", 2017)
    history = EditHistory(wb)
    imp = prepare(wb, SCRAMBLED.read_bytes(), SCRAMBLED.name)
    step = history.apply(imp.label, imp.assignments(wb))
    assert step is not None and len(step.changes) == 3
    assert wb.value("DEC", "7180") == D(5_788_380_188) and len(wb.filings) == 1
    history.undo()
    assert wb.value("DEC", "7180") is None and wb.filings == ()
    history.redo()
    assert wb.value("DEC", "7060") == D(5_438_091_820) and len(wb.filings) == 1


def test_reading_and_footing_a_filing_is_fast():
    from focusdesk.seg.footing import check
    from focusdesk.seg.reader import read_filing

    data = SCRAMBLED.read_bytes()
    best = min(_timed(lambda: check(read_filing(data, "f.txt"))) for _ in range(5))
    assert best < 0.25, best  # measured ~5 ms on the development machine


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def test_recovery_snapshot_carries_the_filings():
    # After a crash, recovered item 29 values come back with the filing behind them.
    from focusdesk.document.document import assignments_to, snapshot
    from focusdesk.document.editing import EditHistory

    wb = Workbook()
    wb.year = 2017
    apply(wb, prepare(wb, TIDY.read_bytes(), TIDY.name))
    assert wb.filings
    other = Workbook()
    other.year = 2017
    EditHistory(other).apply("recover", assignments_to(other, snapshot(wb)))
    assert other.filings == wb.filings
    assert other.filings[0].raw == TIDY.read_bytes()
    assert other.items["NOV"] == wb.items["NOV"]
