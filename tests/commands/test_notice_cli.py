"""`focusdesk notice`, the JSON standing, units-independent findings and the capital
settings on the command line (real processes, Qt hidden)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import HIDE_QT

from focusdesk.document.store import load

ROOT = Path(__file__).resolve().parents[2]


def run(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    script = HIDE_QT + "import sys; from focusdesk.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=cwd, timeout=120)


def workbook(tmp_path: Path, months: dict, method: str = "aggregate-indebtedness",
             minimum: str = "250000") -> Path:
    path = tmp_path / "w.focus"
    assert run("new", path, "--firm", "Hudson Ridge Securities LLC", "--year", "2026",
               "--method", method, "--minimum", minimum).returncode == 0
    doc = {"firm": {"sec_file_no": "8-69142"},
           "months": {m: {"items": items, "schedule_b_answer": "yes"}
                      for m, items in months.items()}}
    (tmp_path / "in.json").write_text(json.dumps(doc), encoding="utf-8")
    proc = run("import-json", path, tmp_path / "in.json")
    assert proc.returncode == 0, proc.stderr
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_notice_below_the_minimum(tmp_path):
    path = workbook(tmp_path, {"JAN": {"3501": "200000", "4470": "1000000"}}, "alternative")
    out = tmp_path / "jan.pdf"
    proc = run("notice", path, "--month", "jan", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "JAN" in proc.stdout and proc.stderr == ""
    text = pdf_text(out)
    for words in ("Notice of net capital deficiency", "Rule 17a-11(a)(1)", "8-69142",
                  "Hudson Ridge Securities LLC", "$200,000.00", "$250,000.00",
                  "($50,000.00)", "20.00 %", "Signature", "DRAFT"):
        assert words in text, words


def test_notice_at_early_warning_names_each_paragraph(tmp_path):
    path = workbook(tmp_path, {"FEB": {"3501": "299999.99"}})
    proc = run("notice", path, "--month", "FEB")
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(tmp_path / "w-notice-FEB.pdf")
    assert "Early warning notice" in text and "Rule 17a-11(b)(3)" in text
    assert "FINRA Rule 4120(a)" in text and "within 24 hours" in text


@pytest.mark.parametrize(("month", "words"), [("JAN", "JAN needs no notice"),
                                              ("MAR", "MAR is not reported")])
def test_a_month_needing_no_notice_gets_one_sentence_and_exit_1(tmp_path, month, words):
    path = workbook(tmp_path, {"JAN": {"3501": "1000000"}})
    proc = run("notice", path, "--month", month)
    assert proc.returncode == 1
    assert proc.stdout == "" and proc.stderr.count("\n") == 1 and words in proc.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_notice_is_never_written_over_the_workbook(tmp_path):
    path = workbook(tmp_path, {"JAN": {"3501": "1"}})
    before = path.read_bytes()
    proc = run("notice", path, "--month", "JAN", "-o", path)
    assert proc.returncode == 2 and "workbook" in proc.stderr
    assert path.read_bytes() == before


def test_findings_and_standing_do_not_depend_on_the_units(tmp_path):
    path = workbook(tmp_path, {"JAN": {"3501": "249989.99", "4221": "-10"}})  # NC 249,999.99
    docs = {}
    for units in ("dollars", "thousands"):
        proc = run("export-json", path, "--units", units)
        assert proc.returncode == 0, proc.stderr
        docs[units] = json.loads(proc.stdout)
    assert docs["thousands"]["checks"] == docs["dollars"]["checks"] != []
    assert docs["thousands"]["standing"] == docs["dollars"]["standing"]
    assert docs["dollars"]["standing"]["JAN"]["level"] == "below-minimum"
    # Percent lines to two places.
    jan = docs["dollars"]["months"]["JAN"]["items"]
    assert jan["3852"] == jan["3850"] == "0.00" and jan["3851"] is None
    assert any(c["severity"] == "warning" and c["item"] == "4221"
               for c in docs["dollars"]["checks"])


def test_percent_lines_always_have_two_places(tmp_path):
    path = workbook(tmp_path, {"JAN": {"3501": "1000000", "3840": "24000", "3852D": "50000"}})
    jan = json.loads(run("export-json", path).stdout)["months"]["JAN"]["items"]
    assert (jan["3850"], jan["3852"]) == ("2.40", "5.00")
    (tmp_path / "b").mkdir()
    path2 = workbook(tmp_path / "b", {"JAN": {"3501": "1000000", "3840": "15000000"}})
    jan2 = json.loads(run("export-json", path2).stdout)["months"]["JAN"]["items"]
    assert jan2["3850"] == "1500.00"


def test_standing_in_compute_output(tmp_path):
    doc = {"year": 2026, "months": {"JAN": {"items": {"3501": "10000000"}}}}
    (tmp_path / "in.json").write_text(json.dumps(doc), encoding="utf-8")
    out = json.loads(run("compute", tmp_path / "in.json").stdout)
    assert out["standing"] == {"JAN": {
        "level": "ok", "reasons": [],
        "loss_to_early_warning": "9625000.01", "loss_to_deficiency": "9750000.01",
        "withdrawal_without_notice": "1950000.00",
        "withdrawal_without_prior_notice": "2925000.00"}}


@pytest.mark.parametrize("how", ["new", "json"])
def test_alternative_method_below_250000_is_refused(tmp_path, how):
    if how == "new":
        proc = run("new", tmp_path / "x.focus", "--firm", "X", "--year", "2026",
                   "--method", "alternative", "--minimum", "100000")
        assert not (tmp_path / "x.focus").exists()
    else:
        path = workbook(tmp_path, {"JAN": {"3501": "1"}}, minimum="100000")
        before = path.read_bytes()
        (tmp_path / "alt.json").write_text(json.dumps({"method": "alternative"}))
        proc = run("import-json", path, tmp_path / "alt.json")
        assert path.read_bytes() == before
        # Both at once is fine.
        (tmp_path / "both.json").write_text(json.dumps(
            {"method": "alternative", "minimum_dollar": "250000"}))
        assert run("import-json", path, tmp_path / "both.json").returncode == 0
        wb, _ = load(path)
        assert wb.method.value == "alternative" and wb.minimum_dollar == 250000
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "at least $250,000.00" in proc.stderr
    assert "15c3-1(a)(1)(ii)" in proc.stderr


def test_json_refuses_5g_column_iv(tmp_path):
    path = workbook(tmp_path, {"JAN": {"3501": "1"}})
    before = path.read_bytes()
    (tmp_path / "g.json").write_text(json.dumps(
        {"months": {"JAN": {"schedule_b": {"5G": {"II": "10", "IV": "10"}}}}}))
    proc = run("import-json", path, tmp_path / "g.json")
    assert proc.returncode == 2 and "5G takes no entry in column IV" in proc.stderr
    assert path.read_bytes() == before
