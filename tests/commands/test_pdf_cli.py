"""`focusdesk pdf`, run as users run it: the PDF written, the options, and failures as
one sentence with a non-zero exit and no traceback — also with Qt absent."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pdf_support import SAMPLE_FOCUS
from support import HIDE_QT

from focusdesk.commands.pdf import parse_months
from focusdesk.document.store import load
from focusdesk.formats.pdf import build_report, report_pdf

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_JSON = ROOT / "resources" / "sample.json"


def run(*args: object, env_extra: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)],
                          capture_output=True, env=env, timeout=120)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page[^s]", data))


def one_sentence(proc: subprocess.CompletedProcess[bytes]) -> str:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("focusdesk: ")
    return lines[0]


def test_pdf_writes_the_whole_form(tmp_path):
    out = tmp_path / "focus.pdf"
    proc = run("pdf", SAMPLE_FOCUS, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().strip() == (
        f"Wrote {out}: 9 page(s) (4 Schedule A, 5 Schedule B).")
    wb, _ = load(SAMPLE_FOCUS)
    assert out.read_bytes() == report_pdf(build_report(wb))  # the library's PDF
    assert page_count(out.read_bytes()) == 9


@pytest.mark.parametrize(("options", "pages", "summary"), [
    (["--schedule", "A"], 4, "4 Schedule A"),
    (["--schedule", "B"], 5, "5 Schedule B"),
    (["--months", "JAN,FEB"], 3, "2 Schedule A, 1 Schedule B"),
    (["--months", "jul-dec", "--schedule", "B"], 3, "3 Schedule B"),
    (["--checks"], 10, "4 Schedule A, 5 Schedule B, 1 findings"),
    (["--no-checks", "--months", "March"], 3, "2 Schedule A, 1 Schedule B"),
])
def test_pdf_options(tmp_path, options, pages, summary):
    out = tmp_path / "part.pdf"
    proc = run("pdf", SAMPLE_FOCUS, "-o", out, *options)
    assert proc.returncode == 0, proc.stderr
    assert f"{pages} page(s) ({summary})" in proc.stdout.decode()
    assert page_count(out.read_bytes()) == pages


def test_pdf_of_a_json_workbook_and_to_stdout(tmp_path):
    proc = run("pdf", SAMPLE_JSON, "-o", "-", "--schedule", "A")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"%PDF-") and page_count(proc.stdout) == 4


def test_pdf_defaults_to_the_workbook_name(tmp_path):
    book = tmp_path / "hudson.focus"
    book.write_bytes(SAMPLE_FOCUS.read_bytes())
    proc = run("pdf", book)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "hudson.pdf").exists()


def test_a_draft_is_reported(tmp_path):
    book = tmp_path / "draft.focus"
    proc = run("new", book, "--firm", "Thin Capital LLC", "--year", "2026")
    assert proc.returncode == 0
    data = tmp_path / "in.json"
    data.write_text('{"months": {"JAN": {"items": {"3840": "9000000"}}}}', encoding="utf-8")
    assert run("import-json", book, data).returncode == 0
    proc = run("pdf", book, "-o", tmp_path / "draft.pdf")
    assert proc.returncode == 0, proc.stderr  # a draft is still printed
    out = proc.stdout.decode()
    assert "1 findings" in out and "DRAFT:" in out and "error(s) remain" in out


@pytest.mark.parametrize(("args", "says"), [
    (["--months", "JAN,FOO"], "--months: 'FOO' is not a month"),
    (["--months", "DEC-JAN"], "--months: 'DEC-JAN' runs backwards"),
    (["--months", ","], "--months names no month"),
])
def test_bad_months_are_one_sentence(tmp_path, args, says):
    proc = run("pdf", SAMPLE_FOCUS, "-o", tmp_path / "x.pdf", *args)
    assert proc.returncode == 2
    assert says in one_sentence(proc)
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_workbook_is_one_sentence(tmp_path):
    proc = run("pdf", tmp_path / "nope.focus", "-o", tmp_path / "x.pdf")
    assert proc.returncode == 2
    assert one_sentence(proc) == f"focusdesk: {tmp_path / 'nope.focus'} does not exist"


def test_an_unwritable_output_is_one_sentence(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file, not a folder")
    proc = run("pdf", SAMPLE_FOCUS, "-o", blocker / "x.pdf")
    assert proc.returncode == 2
    assert "could not be written" in one_sentence(proc)
    proc = run("pdf", SAMPLE_FOCUS, "-o", tmp_path / "missing" / "x.pdf")
    assert proc.returncode == 2
    assert "the folder" in one_sentence(proc) and "does not exist" in proc.stderr.decode()
    proc = run("pdf", SAMPLE_FOCUS, "-o", tmp_path)
    assert proc.returncode == 2
    assert "is a folder" in one_sentence(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def test_a_file_that_is_not_a_workbook_is_one_sentence(tmp_path):
    junk = tmp_path / "junk.focus"
    junk.write_text("not a database")
    proc = run("pdf", junk, "-o", tmp_path / "x.pdf")
    assert proc.returncode != 0
    one_sentence(proc)


def test_parse_months():
    assert parse_months("JAN,FEB") == ("JAN", "FEB")
    assert parse_months("feb, jan") == ("JAN", "FEB")
    assert parse_months("Jan-Mar,DEC") == ("JAN", "FEB", "MAR", "DEC")
    assert parse_months("september") == ("SEP",)


def test_pdf_runs_without_qt(tmp_path):
    """The command and the layout are Qt-free: they run with PySide6 hidden."""
    script = tmp_path / "no_qt.py"
    script.write_text(HIDE_QT + textwrap.dedent('''
        from focusdesk import cli
        code = cli.main(["pdf", sys.argv[1], "-o", sys.argv[2]])
        assert not [m for m in sys.modules if m.startswith(("PySide6", "focusdesk.gui"))]
        sys.exit(code)
    '''), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    out = tmp_path / "noqt.pdf"
    proc = subprocess.run([sys.executable, str(script), str(SAMPLE_FOCUS), str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert page_count(out.read_bytes()) == 9
