"""The `focusdesk` command line, run as a separate process exactly as users run it.

The contract: command names, options and the JSON shape; exit codes; and that bad input
never crashes and never changes a workbook — one sentence on stderr naming what and
where, a non-zero exit, no traceback, the file's bytes as they were.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import subprocess
import sys
import textwrap
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path

import pytest
from support import _env, assert_one_line_failure, run, sha

from focusdesk.document.lock import lock_path, read_lock
from focusdesk.document.schema import SCHEMA_VERSION
from focusdesk.document.store import load, save
from focusdesk.form.catalog import MONTHS, PART_I, BKind
from focusdesk.model.workbook import Workbook

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample.json"
CHECK_KEYS = {"month", "item", "severity", "message"}







def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def workbook(tmp_path) -> Path:
    """A workbook file with some values in it (made through the store, quickly)."""
    wb = Workbook()
    wb.set_profile("firm.name", "Acme Securities")
    wb.set_profile("year", 2025)
    wb.set_item("JAN", "3950", Decimal("1000"))
    wb.set_item("FEB", "3540", Decimal("250.50"))
    wb.set_schedule_b("JAN", "1", "IV", Decimal("12"))
    wb.set_answer("JAN", True)
    path = tmp_path / "acme.focus"
    save(wb, path)
    return path


# -- --version, compute --------------------------------------------------------------

def test_version_from_the_installed_console_script():
    script = Path(sys.executable).with_name("focusdesk")
    if not script.exists():
        pytest.skip("console script not installed beside this interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"focusdesk {version('focusdesk')}"


def test_version_via_module():
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("focusdesk ")


def test_compute_prints_the_completed_workbook():
    proc = run("compute", SAMPLE)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    doc = json.loads(proc.stdout)
    assert list(doc["months"]) == list(MONTHS)
    every_code = set(PART_I.by_code)
    assert {i.code for i in PART_I.computed_items} <= every_code
    for month in MONTHS:
        body = doc["months"][month]
        assert set(body["items"]) == every_code, month
        # Schedule B: every input and total line, every column
        expected_b = {b.key for b in PART_I.schedule_b_lines
                      if b.kind in (BKind.INPUT, BKind.TOTAL)}
        assert set(body["schedule_b"]) == expected_b, month
        for cols in body["schedule_b"].values():
            assert set(cols) == set(PART_I.b_columns)
    jan = doc["months"]["JAN"]
    assert jan["active"] is True
    # computed lines carry values (decimal strings), totals are computed
    assert jan["items"]["3750"] is not None and Decimal(jan["items"]["3750"])
    assert jan["schedule_b"]["5 total"]["IV"] is not None
    assert jan["items"]["3950"] == "18450.25"  # exact, never through float
    assert isinstance(doc["checks"], list)
    assert doc["firm"]["name"] == "Hudson Ridge Securities LLC"
    assert doc["units"] == "dollars"


def test_compute_nulls_where_not_applicable_and_exits_0_with_errors(tmp_path):
    data = write_json(tmp_path / "in.json",
                      {"months": {"JAN": {"items": {"3950": "1000", "3540": "5000"}}}})
    proc = run("compute", data)
    assert proc.returncode == 0, proc.stderr  # whatever the checks say
    doc = json.loads(proc.stdout)
    jan, feb = doc["months"]["JAN"], doc["months"]["FEB"]
    assert jan["items"]["3750"] == "-4000"  # net capital, computed
    assert jan["items"]["3850"] is None  # percent lines N/A with negative net capital
    assert feb["active"] is False
    assert set(feb["items"].values()) == {None}  # a month not reported
    assert doc["checks"], "an error finding was expected"
    for check in doc["checks"]:
        assert set(check) >= CHECK_KEYS
        assert check["month"] in MONTHS
        assert check["severity"] in ("error", "warning", "info")
        assert check["message"]
    errors = [c for c in doc["checks"] if c["severity"] == "error"]
    assert any(c["item"] == "3750" and c["month"] == "JAN" for c in errors)


def test_compute_reads_stdin():
    proc = run("compute", "-", stdin=SAMPLE.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(run("compute", SAMPLE).stdout)


def test_compute_in_thousands(tmp_path):
    data = write_json(tmp_path / "in.json", {"months": {"JAN": {"items": {"3950": "12600"}}}})
    doc = json.loads(run("compute", data, "--units", "thousands").stdout)
    assert doc["units"] == "thousands"
    assert doc["months"]["JAN"]["items"]["3950"] == "13"


def test_compute_accepts_json_numbers_exactly(tmp_path):
    data = tmp_path / "in.json"
    data.write_text('{"months": {"JAN": {"items": {"3950": 0.1, "3540": 12345678.91}}}}')
    doc = json.loads(run("compute", data).stdout)
    assert doc["months"]["JAN"]["items"]["3950"] == "0.1"
    assert doc["months"]["JAN"]["items"]["3540"] == "12345678.91"


# -- new ------------------------------------------------------------------------------

def test_new_creates_a_workbook(tmp_path):
    path = tmp_path / "firm.focus"
    proc = run("new", path, "--firm", "Hudson Ridge Securities LLC", "--year", "2026",
               "--method", "alternative", "--minimum", "300,000")
    assert proc.returncode == 0, proc.stderr
    assert "firm.focus" in proc.stdout
    wb, _ = load(path)
    assert wb.firm.name == "Hudson Ridge Securities LLC"
    assert wb.year == 2026
    assert wb.method.value == "alternative"
    assert wb.minimum_dollar == Decimal(300000)
    assert not any(wb.items[m] for m in MONTHS)
    assert all(a.user == getpass.getuser() for a in wb.audit)
    assert {a.target for a in wb.audit} >= {"firm.name", "year", "method", "minimum_dollar"}
    assert not lock_path(path).exists()


def test_new_defaults(tmp_path):
    path = tmp_path / "firm.focus"
    assert run("new", path, "--firm", "X", "--year", "2025").returncode == 0
    wb, _ = load(path)
    assert wb.method.value == "aggregate-indebtedness"
    assert wb.minimum_dollar == Decimal(250000)


def test_new_refuses_an_existing_file(workbook):
    before = sha(workbook)
    proc = run("new", workbook, "--firm", "Other", "--year", "2025")
    assert_one_line_failure(proc, "acme.focus", "already exists")
    assert sha(workbook) == before


@pytest.mark.parametrize("minimum", ["lots", "-5"])
def test_new_refuses_a_bad_minimum(tmp_path, minimum):
    path = tmp_path / "firm.focus"
    proc = run("new", path, "--firm", "X", "--year", "2025", f"--minimum={minimum}")
    assert_one_line_failure(proc, "--minimum")
    assert not path.exists()


def test_new_into_a_missing_folder(tmp_path):
    path = tmp_path / "nowhere" / "firm.focus"
    proc = run("new", path, "--firm", "X", "--year", "2025")
    assert_one_line_failure(proc, "nowhere", "does not exist")
    assert not path.parent.exists()


def test_new_with_a_bad_year_is_a_usage_error(tmp_path):
    path = tmp_path / "firm.focus"
    proc = run("new", path, "--firm", "X", "--year", "20x5")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "'20x5' is not a year" in proc.stderr
    assert not path.exists()


# -- new → import-json → export-json → check ----------------------------------------

def test_new_import_export_check(tmp_path):
    path = tmp_path / "hudson.focus"
    assert run("new", path, "--firm", "Placeholder", "--year", "2025").returncode == 0

    proc = run("import-json", path, SAMPLE)
    assert proc.returncode == 0, proc.stderr
    assert "sample.json" in proc.stdout and "changed" in proc.stdout

    exported = run("export-json", path)
    assert exported.returncode == 0, exported.stderr
    computed = run("compute", SAMPLE)
    # export-json prints the shape compute prints, and the same figures; only the
    # provenance differs (imported into the workbook, read straight from JSON)
    doc, expected = json.loads(exported.stdout), json.loads(computed.stdout)
    for month in MONTHS:
        sources = doc["months"][month].pop("sources")
        direct = expected["months"][month].pop("sources")
        assert set(sources) == set(direct)
        assert {s for k, s in sources.items() if direct[k] != "carried"} <= {"imported"}
    assert doc == expected

    # the sample is clean — before any of its months is due (from 14 February 2026 an
    # unfiled month is overdue: a warning)
    proc = run("check", path, "--as-of", "2026-02-13")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no findings" in proc.stdout


def test_check_exits_1_on_an_error_finding(tmp_path):
    path = tmp_path / "w.focus"
    assert run("new", path, "--firm", "W", "--year", "2025").returncode == 0
    data = write_json(tmp_path / "in.json",
                      {"months": {"JAN": {"items": {"3950": "1000"},
                                          "schedule_b_answer": "yes"}}})
    assert run("import-json", path, data).returncode == 0
    before = sha(path)
    proc = run("check", path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "JAN" in proc.stdout and "ERROR" in proc.stdout
    assert "line 19" in proc.stdout and "Net capital" in proc.stdout
    assert "error(s)" in proc.stdout
    assert sha(path) == before  # check never writes


def test_check_exits_0_with_warnings_only(tmp_path):
    path = tmp_path / "w.focus"
    assert run("new", path, "--firm", "W", "--year", "2025").returncode == 0
    data = write_json(tmp_path / "in.json",
                      {"months": {"JAN": {"items": {"3501": "0", "3950": "1000000"},
                                          "schedule_b_answer": "yes"}}})
    assert run("import-json", path, data).returncode == 0
    proc = run("check", path, "--as-of", "2025-02-14")  # JAN 2025's due date: not overdue
    assert proc.returncode == 0, proc.stdout
    assert "WARNING" in proc.stdout and "ERROR" not in proc.stdout
    assert "0 error(s), 1 warning(s)" in proc.stdout


def test_import_records_the_source_file_and_its_sha256(tmp_path, workbook):
    # CRLF line endings and a BOM: the hash is of the file's bytes, as they are
    data = tmp_path / "ledger.json"
    data.write_bytes(b'\xef\xbb\xbf{\r\n "months": {"JAN": {"items": {"3950": "2000"}},\r\n'
                     b'            "MAR": {"items": {"3540": "7"}}}\r\n}\r\n')
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    before, _ = load(workbook)
    proc = run("import-json", workbook, data)
    assert proc.returncode == 0, proc.stderr
    assert "2 value(s) changed" in proc.stdout
    wb, _ = load(workbook)
    new = wb.audit[len(before.audit):]
    assert len(new) == 2
    ref = f"ledger.json sha256:{digest}"
    for entry in new:
        assert entry.user == getpass.getuser()
        assert entry.detail == f"imported {ref}"
        assert entry.at
    jan = next(a for a in new if a.month == "JAN")
    assert (jan.target, jan.old, jan.new) == ("3950", "1000", "2000")
    mar = next(a for a in new if a.month == "MAR")
    assert (mar.target, mar.old, mar.new) == ("3540", "", "7")
    assert wb.items["JAN"]["3950"].source == "imported"
    assert wb.items["JAN"]["3950"].source_ref == ref
    # what was not in the file keeps its own provenance
    assert wb.items["FEB"]["3540"].source == "typed"
    assert not lock_path(workbook).exists()


def test_importing_the_same_values_again_changes_nothing(tmp_path, workbook):
    data = write_json(tmp_path / "in.json", {"months": {"JAN": {"items": {"3950": "5"}}}})
    assert run("import-json", workbook, data).returncode == 0
    before = sha(workbook)
    proc = run("import-json", workbook, data)
    assert proc.returncode == 0
    assert "0 value(s) changed" in proc.stdout
    assert sha(workbook) == before


def test_export_reimports_into_a_new_workbook_with_equal_inputs(tmp_path):
    original = tmp_path / "original.focus"
    assert run("new", original, "--firm", "X", "--year", "2025").returncode == 0
    assert run("import-json", original, SAMPLE).returncode == 0
    out = tmp_path / "export.json"
    proc = run("export-json", original, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(
        run("export-json", original).stdout)

    copy = tmp_path / "copy.focus"
    assert run("new", copy, "--firm", "Y", "--year", "2024").returncode == 0
    proc = run("import-json", copy, out)
    assert proc.returncode == 0, proc.stderr
    a, _ = load(original)
    b, _ = load(copy)
    assert a.inputs_equal(b)
    assert {m: set(d) for m, d in a.items.items()} == {m: set(d) for m, d in b.items.items()}
    assert all(e.source == "imported" and e.source_ref.startswith("export.json sha256:")
               for d in b.items.values() for e in d.values())
    assert json.loads(run("export-json", copy).stdout) == json.loads(out.read_text("utf-8"))


def test_export_of_a_workbook_with_carried_line_4_round_trips(tmp_path, workbook):
    # FEB's line 4 is carried from JAN's line 8, not entered: it must not become an entry
    out = tmp_path / "export.json"
    assert run("export-json", workbook, "-o", out).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["months"]["FEB"]["sources"].get("3501") == "carried"
    assert doc["months"]["FEB"]["items"]["3501"] is not None
    copy = tmp_path / "copy.focus"
    assert run("new", copy, "--firm", "Y", "--year", "2024").returncode == 0
    assert run("import-json", copy, out).returncode == 0
    a, _ = load(workbook)
    b, _ = load(copy)
    assert a.inputs_equal(b), doc["months"]["FEB"]["sources"]
    assert "3501" not in b.items["FEB"]


def test_export_json_to_an_unwritable_place(tmp_path, workbook):
    proc = run("export-json", workbook, "-o", tmp_path / "nowhere" / "out.json")
    assert_one_line_failure(proc, "out.json", "could not be written")


# -- bad input: never a crash, never a change ------------------------------------------

BAD_INPUTS: dict[str, tuple[str | bytes, tuple[str, ...]]] = {
    "malformed JSON": ('{"months": {"JAN": {"items": {"3950": 1000,}}}}',
                      ("bad.json", "not valid JSON", "line 1, column")),
    "empty file": ("", ("bad.json", "not valid JSON")),
    "not UTF-8": (b'{"firm": {"name": "Caf\xe9"}}', ("bad.json", "UTF-8")),
    "not an object": ("[1, 2, 3]", ("bad.json", "must be a JSON object")),
    "unknown key": ('{"firms": {}}', ("bad.json", "'firms'")),
    "unknown code": ('{"months": {"JAN": {"items": {"9999": "1"}}}}',
                     ("bad.json.months.JAN.items.9999", "not a Schedule A item code")),
    "computed line": ('{"months": {"MAR": {"items": {"3750": "1"}}}}',
                      ("bad.json.months.MAR.items.3750", "line 19", "computed")),
    "text amount": ('{"months": {"FEB": {"items": {"3950": "twelve"}}}}',
                    ("bad.json.months.FEB.items.3950", "'twelve'", "not an amount")),
    "boolean amount": ('{"months": {"FEB": {"items": {"3950": true}}}}',
                       ("bad.json.months.FEB.items.3950", "not an amount")),
    "too many decimals": ('{"months": {"FEB": {"items": {"3950": "1.234"}}}}',
                          ("bad.json.months.FEB.items.3950", "decimal places")),
    "huge amount": ('{"months": {"FEB": {"items": {"3950": 1e400}}}}',
                    ("bad.json.months.FEB.items.3950", "too large")),
    "unknown month": ('{"months": {"JANUARY": {"items": {"3950": "1"}}}}',
                      ("bad.json.months", "'JANUARY'", "not a month")),
    "Schedule B total": ('{"months": {"JAN": {"schedule_b": {"5 total": {"IV": "1"}}}}}',
                         ("bad.json.months.JAN.schedule_b.5 total", "total")),
    "Schedule B column": ('{"months": {"JAN": {"schedule_b": {"1": {"V": "1"}}}}}',
                          ("bad.json.months.JAN.schedule_b.1", "'V'")),
    "Schedule B answer": ('{"months": {"JAN": {"schedule_b_answer": "maybe"}}}',
                          ("bad.json.months.JAN.schedule_b_answer", "'maybe'")),
    "method": ('{"method": "basic"}', ("bad.json.method", "'basic'")),
    "year": ('{"year": "next"}', ("bad.json.year", "'next'")),
    "thousands export": ('{"units": "thousands", "months": {"JAN": {"items": {"3950": "1"}}}}',
                         ("bad.json.units", "thousands")),
    # valid values before an invalid one: nothing at all is merged
    "partly valid": ('{"firm": {"name": "Changed"}, "months": {"JAN": {"items": '
                     '{"3950": "999", "3540": "5"}}, "FEB": {"items": {"4000": "1"}}}}',
                     ("bad.json.months.FEB.items.4000",)),
}


def _bad_file(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_import_json_refuses_bad_input_and_leaves_the_workbook(tmp_path, workbook, case):
    content, fragments = BAD_INPUTS[case]
    bad = _bad_file(tmp_path, content)
    before = sha(workbook)
    proc = run("import-json", workbook, bad)
    assert_one_line_failure(proc, *fragments)
    assert proc.stdout == ""
    assert sha(workbook) == before
    assert not lock_path(workbook).exists()


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_compute_refuses_bad_input(tmp_path, case):
    content, fragments = BAD_INPUTS[case]
    proc = run("compute", _bad_file(tmp_path, content))
    assert_one_line_failure(proc, *fragments)
    assert proc.stdout == ""


def test_missing_input_file(tmp_path, workbook):
    before = sha(workbook)
    assert_one_line_failure(run("import-json", workbook, tmp_path / "nope.json"),
                            "nope.json", "does not exist")
    assert_one_line_failure(run("compute", tmp_path / "nope.json"), "nope.json",
                            "does not exist")
    assert_one_line_failure(run("compute", tmp_path), "is a folder")
    assert sha(workbook) == before


@pytest.mark.parametrize("command", ["import-json", "export-json", "check"])
def test_missing_workbook(tmp_path, command):
    path = tmp_path / "missing.focus"
    args = [command, path] + ([SAMPLE] if command == "import-json" else [])
    assert_one_line_failure(run(*args), "missing.focus", "does not exist")
    assert not path.exists()
    assert not lock_path(path).exists()


@pytest.mark.parametrize("command", ["import-json", "export-json", "check"])
@pytest.mark.parametrize("kind", ["text", "other sqlite", "truncated", "newer", "folder"])
def test_unusable_workbook_is_refused_unchanged(tmp_path, workbook, command, kind):
    path = tmp_path / "target.focus"
    if kind == "text":
        path.write_text("quarterly notes\n", encoding="utf-8")
        fragments: tuple[str, ...] = ("target.focus", "not a FocusDesk workbook")
    elif kind == "other sqlite":
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
        fragments = ("target.focus", "not a FocusDesk workbook")
    elif kind == "truncated":
        path.write_bytes(workbook.read_bytes()[:5000])
        fragments = ("target.focus", "damaged")
    elif kind == "newer":
        import sqlite3

        path.write_bytes(workbook.read_bytes())
        con = sqlite3.connect(path, isolation_level=None)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 7}")
        con.close()
        fragments = ("target.focus", "newer FocusDesk", f"file version {SCHEMA_VERSION + 7}")
    else:
        path.mkdir()
        fragments = ("target.focus", "folder")
    before = sha(path) if path.is_file() else None
    args = [command, path] + ([SAMPLE] if command == "import-json" else [])
    assert_one_line_failure(run(*args), *fragments)
    if before is not None:
        assert sha(path) == before
    assert not lock_path(path).exists()


# -- the lock -------------------------------------------------------------------------

def _write_lock(path: Path, **holder: str) -> dict[str, str]:
    info = {"user": "carol", "host": socket.gethostname(), "pid": "1",
            "since": "2025-03-04 08:15", **holder}
    lock_path(path).write_text(json.dumps(info), encoding="utf-8")
    return info


def test_import_into_a_file_locked_by_a_live_process(tmp_path, workbook):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        info = _write_lock(workbook, pid=str(sleeper.pid))
        before = sha(workbook)
        proc = run("import-json", workbook, SAMPLE)
        assert_one_line_failure(proc, "acme.focus", "carol", socket.gethostname(),
                                "2025-03-04 08:15")
        assert sha(workbook) == before
        assert read_lock(workbook) == info  # the holder's lock stays
        # reading is still allowed while someone else holds the file
        assert run("export-json", workbook).returncode == 0
    finally:
        sleeper.kill()
        sleeper.wait()


def test_import_into_a_file_locked_on_another_computer(tmp_path, workbook):
    info = _write_lock(workbook, user="dave", host="FINOP-PC-7", pid=str(os.getpid()))
    before = sha(workbook)
    proc = run("import-json", workbook, SAMPLE)
    assert_one_line_failure(proc, "acme.focus", "dave", "FINOP-PC-7")
    assert sha(workbook) == before
    assert read_lock(workbook) == info


def test_import_takes_over_a_stale_lock(tmp_path, workbook):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(workbook, pid=str(dead.pid))
    proc = run("import-json", workbook, SAMPLE)
    assert proc.returncode == 0, proc.stderr
    assert not lock_path(workbook).exists()
    wb, _ = load(workbook)
    assert wb.firm.name == "Hudson Ridge Securities LLC"


# -- no command: the window; a bug: still one line ------------------------------------

def test_help_lists_the_commands():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("compute", "new", "import-json", "export-json", "check"):
        assert command in proc.stdout


def test_commands_read_and_import_into_an_older_workbook(tmp_path):
    import sqlite3

    from focusdesk.document import schema

    path = tmp_path / "old.focus"
    con = sqlite3.connect(path, isolation_level=None)
    schema.apply_migrations(con, 0, 1)
    con.executemany("INSERT INTO meta VALUES (?, ?)",
                    [("year", "2024"), ("method", "aggregate-indebtedness"),
                     ("minimum_dollar", "250000"), ("firm.name", "Old Firm Inc.")])
    con.execute("INSERT INTO items VALUES ('JAN', '3950', '1000', 'typed')")
    con.execute("INSERT INTO audit (at, user, action, month, target, old, new) "
                "VALUES ('2024-02-01T10:00:00+00:00', 'alice', 'set', 'JAN', '3950', '', '1000')")
    con.close()

    exported = run("export-json", path)
    assert exported.returncode == 0, exported.stderr
    doc = json.loads(exported.stdout)
    assert doc["firm"]["name"] == "Old Firm Inc."
    assert doc["months"]["JAN"]["items"]["3950"] == "1000"

    data = write_json(tmp_path / "in.json", {"months": {"JAN": {"items": {"3950": "2000"}}}})
    assert run("import-json", path, data).returncode == 0
    wb, _ = load(path)
    assert [(a.user, a.old, a.new) for a in wb.audit] == [("alice", "", "1000"),
                                                          (getpass.getuser(), "1000", "2000")]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


# -- the parser from declarations (issue 16) ---------------------------------------------

def test_version_and_help_import_no_command_module():
    script = textwrap.dedent("""
        import sys, contextlib, io
        from focusdesk.cli import main
        for argv in (["--version"], ["-h"]):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                main(argv)
        heavy = sorted(m for m in sys.modules if m.startswith("focusdesk.") and m not in
                       ("focusdesk.cli", "focusdesk.commands", "focusdesk._version"))
        print(",".join(heavy))
        print("argparse" in sys.modules, "importlib.metadata" in sys.modules)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    heavy, flags = proc.stdout.splitlines()
    assert heavy == ""  # no engine, store, reader or command module
    assert flags == "True False"  # -h needs argparse; nothing needs importlib.metadata


def test_every_declared_command_is_registered_by_its_module():
    from focusdesk.cli import build_parser
    from focusdesk.commands import COMMANDS

    for name in COMMANDS:
        parser = build_parser(name)
        sub = next(a for a in parser._actions if a.dest == "command")
        assert "func" in sub.choices[name]._defaults, name
    listed = build_parser(None).format_help()
    for name, declared in COMMANDS.items():
        assert name in listed and declared.help.split()[0] in listed
