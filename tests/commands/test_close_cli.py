"""The month close on the command line, run as users run it: status, approve, file, amend,
compare, audit, as-filed and new-year — and every import refused on a filed month (exit 2,
one sentence, the workbook's bytes as they were)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from support import HIDE_QT, assert_one_line_failure, run, sample_workbook, sha

from focusdesk.close.month_close import version_pdf
from focusdesk.document.store import load, save
from focusdesk.form.catalog import MONTHS

ROOT = Path(__file__).resolve().parents[2]
SEG = ROOT / "tests" / "fixtures" / "seg" / "000_f78615206c38f945.txt"
FROZEN = "MAR 2025 is filed (2025-04-10) and its figures cannot change; amend it first " \
         "(Filing ▸ Amend Month…, or focusdesk amend FILE MAR --reason TEXT)"


@pytest.fixture
def book(tmp_path) -> Path:
    """The sample as a 2025 workbook file."""
    wb = sample_workbook(2025)
    path = tmp_path / "w.focus"
    save(wb, path)
    return path


@pytest.fixture
def filed(book) -> Path:
    assert run("approve", book, "MAR", "--by", "Pat Lee", "--note", "variances reviewed"
               ).returncode == 0
    proc = run("file", book, "MAR", "--date", "2025-04-10", "--reference", "ACC-0310")
    assert proc.returncode == 0, proc.stderr
    return book


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_approve_file_amend_and_status_json(book):
    proc = run("approve", book, "mar", "--by", "Pat Lee", "--note", "variances reviewed")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Approved MAR 2025 in w.focus: reviewer Pat Lee")
    proc = run("file", book, "MAR", "--date", "2025-04-10", "--reference", "ACC-0310")
    assert proc.returncode == 0, proc.stderr
    assert "Filed MAR 2025 in w.focus on 2025-04-10, reference ACC-0310" in proc.stdout
    status = run("status", book, "--json")
    assert status.returncode == 0, status.stderr
    (doc,) = json.loads(status.stdout)
    assert (doc["file"], doc["year"], doc["latest"]) == (str(book), 2025, "OCT")
    assert set(doc["months"]) == set(MONTHS)
    mar = doc["months"]["MAR"]
    assert mar["status"] == "filed" and mar["due"] == "2025-04-14"
    assert mar["level"] == "ok" and mar["net_capital"] and mar["excess"]
    assert mar["filed"]["reference"] == "ACC-0310"
    assert mar["filed"]["approved_by"] == "Pat Lee" and mar["approval"] is None
    assert doc["months"]["APR"]["status"] == "draft"
    assert doc["months"]["DEC"]["net_capital"] is None and doc["months"]["DEC"]["level"] is None
    assert doc["next_due"]["month"] == "JAN" and doc["next_due"]["overdue"]
    proc = run("amend", book, "MAR", "--reason", "line 5a corrected")
    assert proc.returncode == 0, proc.stderr
    (doc,) = json.loads(run("status", book, "--json").stdout)
    assert doc["months"]["MAR"]["status"] == "amendment-1"
    assert doc["months"]["MAR"]["amendment"] == {"number": 1, "reason": "line 5a corrected"}
    text = run("status", book)
    assert text.returncode == 0
    assert "MAR    Amendment 1" in text.stdout and "due 2025-02-14, overdue by" in text.stdout


def test_status_of_several_workbooks_and_a_missing_one(book, tmp_path):
    other = tmp_path / "other.focus"
    assert run("new", other, "--firm", "Other BD", "--year", "2026").returncode == 0
    proc = run("status", book, other, "--json")
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert [d["firm"] for d in docs] == ["Hudson Ridge Securities LLC", "Other BD"]
    assert docs[1]["latest"] is None and docs[1]["next_due"]["month"] == "JAN"
    missing = run("status", book, tmp_path / "nope.focus", "--json")
    assert missing.returncode == 2 and "nope.focus does not exist" in missing.stderr
    assert len(json.loads(missing.stdout)) == 1


def test_file_refuses_without_approval_and_with_errors_unless_overridden(book, tmp_path):
    before = sha(book)
    assert_one_line_failure(run("file", book, "APR"), "APR 2025 is not approved")
    assert sha(book) == before
    data = write(tmp_path / "bad.json", '{"months": {"APR": {"items": {"3540": "99000000"}}}}')
    assert run("import-json", book, data).returncode == 0
    assert run("approve", book, "APR", "--by", "Pat").returncode == 0
    before = sha(book)
    proc = run("file", book, "APR", "--date", "2025-05-12")
    assert proc.returncode == 1  # refused for the findings
    assert_one_line_failure(proc, "error-level finding", "--override REASON")
    assert sha(book) == before
    proc = run("file", book, "APR", "--date", "2025-05-12", "--override", "agreed with FINRA")
    assert proc.returncode == 0, proc.stderr
    assert "error-level findings overridden: agreed with FINRA" in proc.stdout
    log = run("audit", book, "--month", "APR", "--source", "file")
    assert "override of" in log.stdout and "agreed with FINRA" in log.stdout
    assert_one_line_failure(run("file", book, "MAY", "--date", "2025-13-01"), "not a date")


def test_every_import_into_a_filed_month_exits_2_and_leaves_the_workbook_unchanged(
        filed, tmp_path):
    # JSON: a value, line 10, a setting that changes the computation, an earlier month
    # that reaches MAR's carried line 4
    jsons = [('{"months": {"MAR": {"items": {"3950": "1"}}}}', FROZEN),
             ('{"months": {"MAR": {"schedule_b": {"1": {"IV": "5"}}}}}', FROZEN),
             ('{"months": {"MAR": {"schedule_b_answer": "no"}}}', FROZEN),
             ('{"method": "alternative"}', "The method cannot change while MAR 2025 is filed"),
             ('{"minimum_dollar": "100000"}', "The dollar minimum cannot change"),
             ('{"year": 2024}', "The year cannot change"),
             ('{"months": {"FEB": {"items": {"3950": "5"}}}}', "would alter MAR 2025's figures")]
    before = sha(filed)
    for i, (text, fragment) in enumerate(jsons):
        proc = run("import-json", filed, write(tmp_path / f"in{i}.json", text))
        assert proc.returncode == 2
        assert_one_line_failure(proc, fragment)
        assert sha(filed) == before
    # Excel: an export of the workbook with MAR changed
    wb, _ = load(filed)
    wb.close = {}
    wb.set_item("MAR", "3950", wb.value("MAR", "3950") + 1)
    unfrozen = tmp_path / "copy.focus"
    save(wb, unfrozen)
    assert run("export-xlsx", unfrozen, "-o", tmp_path / "w.xlsx").returncode == 0
    proc = run("import-xlsx", filed, tmp_path / "w.xlsx")
    assert proc.returncode == 2
    assert_one_line_failure(proc, FROZEN)
    # a trial balance
    tb = write(tmp_path / "mar.csv", "Account,Description,Balance\n4000,Commissions,-1000\n")
    mapping = write(tmp_path / "map.csv", "account,item\n4000,4212\n")
    proc = run("import-tb", filed, tb, "--month", "MAR", "--mapping", mapping, "--period")
    assert proc.returncode == 2
    assert_one_line_failure(proc, FROZEN)
    # a Daily Seg filing
    proc = run("seg-import", filed, SEG, "--month", "MAR")
    assert proc.returncode == 2
    assert_one_line_failure(proc, FROZEN)
    assert sha(filed) == before


def test_the_as_filed_pdf_is_reproduced_byte_for_byte(filed, tmp_path):
    printed = tmp_path / "printed.pdf"
    assert run("pdf", filed, "--months", "MAR", "-o", printed).returncode == 0
    out = tmp_path / "as-filed.pdf"
    proc = run("as-filed", filed, "MAR", "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == printed.read_bytes()
    wb, _ = load(filed)
    assert out.read_bytes() == version_pdf(wb.month_close("MAR").versions[0])
    # amend, change, file again: the original is still reproduced exactly
    assert run("amend", filed, "MAR", "--reason", "5a corrected").returncode == 0
    data = write(tmp_path / "fix.json", '{"months": {"MAR": {"items": {"3950": "30000"}}}}')
    assert run("import-json", filed, data).returncode == 0
    assert run("approve", filed, "MAR", "--by", "Pat").returncode == 0
    assert run("file", filed, "MAR", "--date", "2025-05-02").returncode == 0
    again = tmp_path / "original.pdf"
    assert run("as-filed", filed, "MAR", "--version", "original", "-o", again).returncode == 0
    assert again.read_bytes() == printed.read_bytes()
    latest = tmp_path / "a1.pdf"
    assert run("as-filed", filed, "MAR", "-o", latest).returncode == 0
    assert latest.read_bytes() != printed.read_bytes()
    summary = run("as-filed", filed, "MAR")
    assert "2 filed version(s)" in summary.stdout and "Amendment 1: filed 2025-05-02" in \
        summary.stdout
    record = json.loads(run("as-filed", filed, "MAR", "--json").stdout)
    assert record["computed"]["items"]["3950"] == "30000"
    assert record["filing"]["version"] == "amendment-1"
    # never over the workbook
    assert_one_line_failure(run("as-filed", filed, "MAR", "-o", filed), "could not be written")
    assert_one_line_failure(run("as-filed", filed, "APR", "-o", tmp_path / "x.pdf"),
                            "APR 2025 has not been filed")


def test_compare_json_against_each_kind_of_version(filed, tmp_path):
    def compare(*args: object) -> dict:
        proc = run("compare", filed, *args, "--json")
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    prior = compare("MAR")
    assert prior["against"] == "FEB" and prior["month"] == "MAR"
    assert compare("MAR", "--against", "filed") == {"month": "MAR", "against": "filed",
                                                    "lines": []}
    assert run("amend", filed, "MAR", "--reason", "5a").returncode == 0
    data = write(tmp_path / "fix.json", '{"months": {"MAR": {"items": {"3950": "30000"}}}}')
    assert run("import-json", filed, data).returncode == 0
    against_filed = compare("MAR")  # a reopened month: against what was filed
    assert against_filed["against"] == "filed"
    five_a = against_filed["lines"][0]
    assert (five_a["code"], five_a["line"], five_a["current"]) == ("3950", "5a", "30000")
    assert set(five_a) == {"code", "line", "current", "other", "difference"}
    assert compare("MAR", "--against", "original")["lines"] == against_filed["lines"]
    assert run("approve", filed, "MAR", "--by", "Pat").returncode == 0
    assert run("file", filed, "MAR", "--date", "2025-05-02").returncode == 0
    assert compare("MAR", "--against", "amendment-1")["lines"] == []
    assert compare("MAR", "--against", "original")["lines"] == against_filed["lines"]
    assert compare("MAR", "--against", "jan")["against"] == "JAN"
    # the same month of another workbook, and another month of it
    last = tmp_path / "2024.focus"
    save(sample_workbook(2024), last)
    other = compare("MAR", "--against", str(last))
    assert other["against"] == "2024.focus:MAR"
    assert next(line["code"] for line in other["lines"]) == "3950"
    assert compare("JAN", "--against", f"{last}:DEC")["against"] == "2024.focus:DEC"
    assert_one_line_failure(run("compare", filed, "MAR", "--against", "amendment-7"),
                            "no filed amendment 7")
    assert_one_line_failure(run("compare", filed, "JAN"), "JAN has no prior month")
    # CSV and PDF
    csv = run("compare", filed, "MAR", "--against", "original", "--csv")
    assert csv.stdout.splitlines()[0].startswith("code,line,label,")
    pdf = tmp_path / "cmp.pdf"
    assert run("compare", filed, "MAR", "--against", "original", "-o", pdf).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert_one_line_failure(run("compare", filed, "MAR", "-o", filed), "must be a .pdf or a .csv")
    disguised = tmp_path / "w.csv"  # a workbook by its content, whatever its name
    shutil.copyfile(filed, disguised)
    assert_one_line_failure(run("compare", filed, "MAR", "-o", disguised),
                            "could not be written", "FocusDesk workbook")
    assert sha(disguised) == sha(filed)


def test_audit_filters_and_csv(filed, tmp_path):
    data = write(tmp_path / "apr.json", '{"months": {"APR": {"items": {"3950": "12"}}}}')
    assert run("import-json", filed, data).returncode == 0
    proc = run("audit", filed, "--month", "MAR", "--item", "status")
    assert proc.returncode == 0
    csv = run("audit", filed, "--month", "MAR", "--csv")
    header, *rows = csv.stdout.splitlines()
    assert header == "at,user,action,month,target,line,label,old,new,source"
    actions = [r.split(",")[2] for r in rows]
    assert actions[-2:] == ["approve", "file"]
    five_a = run("audit", filed, "--item", "5a", "--csv").stdout.splitlines()[1:]
    assert len(five_a) == 1 and ",APR,3950,5a," in five_a[0] and "apr.json sha256:" in five_a[0]
    assert "apr.json" in run("audit", filed, "--source", "apr.json").stdout
    assert run("audit", filed, "--user", "nobody").stdout.startswith("w.focus: no audit")
    assert_one_line_failure(run("audit", filed, "--item", "99z"), "not an item code")


def test_new_year_creates_next_years_workbook_and_never_overwrites(filed, tmp_path):
    data = write(tmp_path / "dec.json", '{"months": {"DEC": {"items": {"3950": "1000"}}}}')
    assert run("import-json", filed, data).returncode == 0
    nxt = tmp_path / "2026.focus"
    proc = run("new-year", filed, "-o", nxt)
    assert proc.returncode == 0, proc.stderr
    assert "Note: DEC 2025 is not filed yet" in proc.stdout
    new, _ = load(nxt)
    old, _ = load(filed)
    from focusdesk.calculation.engine import compute

    assert new.year == 2026 and new.firm == old.firm and new.method == old.method
    entry = new.items["JAN"]["3501"]
    assert entry.value == compute(old).value("DEC", "3500")
    assert entry.source == "imported" and entry.source_ref == f"w.focus sha256:{sha(filed)}"
    before = sha(nxt)
    assert_one_line_failure(run("new-year", filed, "-o", nxt), "could not be written")
    assert_one_line_failure(run("new-year", filed, "-o", filed), "could not be written")
    plain = write(tmp_path / "notes.txt", "keep me")
    assert_one_line_failure(run("new-year", filed, "-o", plain), "exists already")
    assert plain.read_text() == "keep me" and sha(nxt) == before
    assert_one_line_failure(run("new-year", filed, "-o", tmp_path / "x.txt"), "ends in .focus")


def test_check_warns_of_an_overdue_month_as_of_a_date(filed):
    proc = run("check", filed, "--as-of", "2025-04-15")
    assert proc.returncode == 0
    assert "JAN 2025's Part I was due on 2025-02-14" in proc.stdout
    assert "FEB 2025's Part I" in proc.stdout and "MAR 2025's Part I" not in proc.stdout
    assert "APR 2025's Part I" not in proc.stdout  # due 2025-05-14
    assert date.today() > date(2026, 1, 15)  # every month of 2025 is due by then
    assert run("check", filed).stdout.count("Part I was due") == 11  # all but MAR


def test_the_close_commands_run_without_qt(filed, tmp_path):
    script = tmp_path / "noqt.py"
    script.write_text(HIDE_QT + f"""
import sys
from focusdesk import cli
book = {str(filed)!r}
codes = [cli.main(["status", book, "--json"]), cli.main(["compare", book, "MAR", "--json"]),
         cli.main(["audit", book, "--month", "MAR"]), cli.main(["amend", book, "MAR",
         "--reason", "r"]), cli.main(["as-filed", book, "MAR", "-o", {str(tmp_path / "a.pdf")!r}]),
         cli.main(["new-year", book, "-o", {str(tmp_path / "n.focus")!r}])]
assert not [n for n in sys.modules if n.startswith(("PySide6", "focusdesk.gui"))]
sys.exit(max(codes))
""", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
