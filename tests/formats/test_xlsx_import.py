"""Excel import: the exact round trip (export → import into a new workbook → the same
inputs), the template, line 4's carry, refusals naming sheet and cell with nothing
changed, and the two commands as users run them."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from xlsx_support import workbooks

from focusdesk.base.paths import sample_workbook
from focusdesk.document.store import load, save
from focusdesk.formats.xlsx.export import write_xlsx
from focusdesk.formats.xlsx.importer import XlsxImportError, merge_xlsx, read_xlsx
from focusdesk.formats.xlsx.sheet_format import SHEET_A, SHEET_B, SHEET_SETTINGS, layout
from focusdesk.model.workbook import Workbook

ROOT = Path(__file__).resolve().parents[2]
LAY = layout(Workbook().form)


def export_bytes(wb: Workbook, units: str = "dollars", **kw) -> bytes:
    buf = io.BytesIO()
    write_xlsx(wb, buf, units, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def round_trip(data: bytes) -> Workbook:
    fresh = Workbook()
    merge_xlsx(fresh, read_xlsx(data, "test.xlsx"), source_ref="test.xlsx sha256:0")
    return fresh


def edited(data: bytes, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def sample() -> Workbook:
    return load(sample_workbook())[0]


def test_sample_round_trip_is_exact(sample):
    back = round_trip(export_bytes(sample))
    assert back.inputs_equal(sample)
    assert back.items["JAN"]["3501"].source == "imported"
    assert "3501" not in back.items["FEB"]  # carried, as it was


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(workbooks())
def test_random_round_trips_are_exact(wb):
    assert round_trip(export_bytes(wb)).inputs_equal(wb)


def test_a_thousands_export_is_refused(sample):
    with pytest.raises(XlsxImportError, match=r"\$000 .*export in dollars to round-trip"):
        read_xlsx(export_bytes(sample, "thousands"), "k.xlsx")


@pytest.mark.parametrize("data, message", [
    (b"not a spreadsheet", "is not an Excel workbook"),
    (b"PK\x03\x04 broken zip", "is a damaged zip file"),
])
def test_not_a_workbook(data, message):
    with pytest.raises(XlsxImportError, match=message):
        read_xlsx(data, "in.xlsx")


def test_a_spreadsheet_that_is_not_ours():
    book = openpyxl.Workbook()
    book.active["A1"] = "hello"
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(XlsxImportError, match=r"not a FocusDesk workbook.*'Settings'"):
        read_xlsx(buf.getvalue(), "other.xlsx")
    book.active.title = SHEET_SETTINGS
    book.create_sheet(SHEET_A)
    book.create_sheet(SHEET_B)
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(XlsxImportError, match="lacks the FocusDesk marker"):
        read_xlsx(buf.getvalue(), "other.xlsx")


def test_text_where_an_amount_belongs_names_sheet_and_cell(sample):
    ref = LAY.a_cell("MAR", "3540")
    data = edited(export_bytes(sample), lambda b: b[SHEET_A].__setitem__(ref, "twelve"))
    with pytest.raises(XlsxImportError) as err:
        read_xlsx(data, "in.xlsx")
    assert f"Schedule A!{ref}" in str(err.value) and "'twelve'" in str(err.value)
    assert "line 13" in str(err.value) and "MAR" in str(err.value)

    bref = LAY.b_cell("FEB", "5B", "III")

    def put(b):
        c = b[SHEET_B][bref]
        c.value = "1,000"
        c.data_type = "s"
    with pytest.raises(XlsxImportError, match=rf"Schedule B!{bref} .*'1,000' where an amount"):
        read_xlsx(edited(export_bytes(sample), put), "in.xlsx")


def test_a_formula_in_an_input_cell_is_refused(sample):
    ref = LAY.a_cell("MAR", "3540")
    data = edited(export_bytes(sample), lambda b: b[SHEET_A].__setitem__(ref, "=1+2"))
    with pytest.raises(XlsxImportError, match=rf"Schedule A!{ref} .*holds a formula"):
        read_xlsx(data, "in.xlsx")


def test_cents_beyond_two_places_and_bad_answers_are_refused(sample):
    ref = LAY.a_cell("MAR", "3540")
    data = edited(export_bytes(sample), lambda b: b[SHEET_A].__setitem__(ref, 1.234))
    with pytest.raises(XlsxImportError, match=rf"{ref} .*decimal places"):
        read_xlsx(data, "in.xlsx")
    q = LAY.b_cell("MAR", "10", "I")
    data = edited(export_bytes(sample), lambda b: b[SHEET_B].__setitem__(q, "maybe"))
    with pytest.raises(XlsxImportError, match=rf"Schedule B!{q} .*Yes or No"):
        read_xlsx(data, "in.xlsx")


def test_line_4_typed_over_the_carry_is_an_entry(sample):
    ref = LAY.a_cell("FEB", "3501")
    data = edited(export_bytes(sample), lambda b: b[SHEET_A].__setitem__(ref, 4254480.17))
    back = round_trip(data)
    assert back.value("FEB", "3501") == Decimal("4254480.17")  # typed: an entry now
    assert "3501" not in back.items["MAR"]  # still the carry


def test_blank_cells_change_nothing_and_values_replace(sample):
    wb = sample.copy()
    wb.set_item("NOV", "3950", Decimal(5))  # not in the file
    data = edited(export_bytes(sample),
                  lambda b: b[SHEET_A].__setitem__(LAY.a_cell("JAN", "3540"), 1))
    changed = merge_xlsx(wb, read_xlsx(data, "in.xlsx"), source_ref="in.xlsx sha256:1")
    assert changed == 1
    assert wb.value("NOV", "3950") == Decimal(5) and wb.value("JAN", "3540") == Decimal(1)
    assert wb.items["JAN"]["3540"].source_ref == "in.xlsx sha256:1"


def test_a_filled_in_template_imports(sample):
    def fill(b):
        a = b[SHEET_A]
        a[LAY.a_cell("JAN", "3501")] = 1000
        a[LAY.a_cell("FEB", "3950")] = -25.5
        a[LAY.a_cell("FEB", "4980")] = 12
        b[SHEET_B][LAY.b_cell("FEB", "5G", "III")] = 300
        b[SHEET_B][LAY.b_cell("FEB", "10", "I")] = "yes"
    data = read_xlsx(edited(export_bytes(sample, template=True), fill), "t.xlsx")
    assert data.kind == "template"
    wb = Workbook()
    merge_xlsx(wb, data, source_ref="t")
    assert wb.value("JAN", "3501") == 1000 and wb.value("FEB", "3950") == Decimal("-25.5")
    assert wb.value("FEB", "4980") == 12 and wb.b_value("FEB", "5G", "III") == 300
    assert wb.schedule_b_answer == {"FEB": True}
    assert "3501" not in wb.items["FEB"]  # the template's carry formula: not an entry
    assert [m for m in wb.items if wb.is_active(m)] == ["JAN", "FEB"]
    assert wb.firm.name == sample.firm.name and wb.year == sample.year


def test_settings_are_validated(sample):
    row = LAY.settings_rows["method"]
    data = edited(export_bytes(sample),
                  lambda b: b[SHEET_SETTINGS].__setitem__(f"B{row}", "basic"))
    with pytest.raises(XlsxImportError, match=rf"Settings!B{row} \(method\)"):
        read_xlsx(data, "in.xlsx")
    row = LAY.settings_rows["minimum_dollar"]
    data = edited(export_bytes(sample),
                  lambda b: b[SHEET_SETTINGS].__setitem__(f"B{row}", -5))
    with pytest.raises(XlsxImportError, match="must not be negative"):
        read_xlsx(data, "in.xlsx")


# -- the commands, run as users run them ----------------------------------------------


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120)


def one_line_failure(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, proc
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    for f in fragments:
        assert f in proc.stderr, proc.stderr


def test_commands_round_trip_with_provenance(tmp_path, sample):
    src = tmp_path / "src.focus"
    save(sample, src)
    out = tmp_path / "out.xlsx"
    proc = run("export-xlsx", src, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert "Exported src.focus" in proc.stdout and out.exists()
    assert run("new", tmp_path / "new.focus", "--firm", "X", "--year", "2020").returncode == 0
    proc = run("import-xlsx", tmp_path / "new.focus", out)
    assert proc.returncode == 0, proc.stderr
    assert "value(s) changed" in proc.stdout
    assert "Settings taken from the file: firm.name, firm.id_no" in proc.stdout
    assert "year" in proc.stdout
    back, _ = load(tmp_path / "new.focus")
    assert back.inputs_equal(sample)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert back.items["JAN"]["3950"].source_ref == f"out.xlsx sha256:{digest}"
    assert any(a.detail.endswith(digest) for a in back.audit)


def test_commands_template_and_thousands(tmp_path, sample):
    src = tmp_path / "src.focus"
    save(sample, src)
    proc = run("export-xlsx", src, "-o", tmp_path / "t.xlsx", "--template")
    assert proc.returncode == 0 and "template" in proc.stdout
    assert read_xlsx((tmp_path / "t.xlsx").read_bytes()).kind == "template"
    proc = run("export-xlsx", src, "-o", tmp_path / "k.xlsx", "--units", "thousands")
    assert proc.returncode == 0 and "$000" in proc.stdout
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    one_line_failure(run("import-xlsx", src, tmp_path / "k.xlsx"), "k.xlsx", "$000")
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    one_line_failure(run("export-xlsx", src, "-o", tmp_path / "t.xlsx", "--template",
                         "--units", "thousands"), "--template")


def test_commands_refuse_bad_input_and_change_nothing(tmp_path, sample):
    src = tmp_path / "src.focus"
    save(sample, src)
    before = src.read_bytes()
    bad = tmp_path / "bad.xlsx"
    ref = LAY.a_cell("APR", "3612")
    bad.write_bytes(edited(export_bytes(sample),
                           lambda b: b[SHEET_A].__setitem__(ref, "n/a")))
    one_line_failure(run("import-xlsx", src, bad), f"Schedule A!{ref}", "'n/a'")
    notx = tmp_path / "notes.xlsx"
    notx.write_text("hello")
    one_line_failure(run("import-xlsx", src, notx), "notes.xlsx", "not an Excel workbook")
    one_line_failure(run("import-xlsx", src, tmp_path / "missing.xlsx"), "does not exist")
    one_line_failure(run("export-xlsx", src, "-o", tmp_path / "x.csv"), ".xlsx")
    one_line_failure(run("export-xlsx", src, "-o", tmp_path / "no" / "x.xlsx"), "does not exist")
    assert src.read_bytes() == before


def test_5g_column_iv_in_an_excel_file_is_refused(sample):
    def fill(b):
        b[SHEET_B][LAY.b_cell("FEB", "5G", "IV")] = 300
    with pytest.raises(XlsxImportError, match=r"Schedule B!.* \(Schedule B line 5G column "
                       r"IV, FEB\) takes no entry"):
        read_xlsx(edited(export_bytes(sample, template=True), fill), "t.xlsx")


def test_alternative_method_below_250000_is_refused(sample):
    def fill(b):
        s = b[SHEET_SETTINGS]
        for row in s.iter_rows():
            if row[0].value == "method":
                row[1].value = "alternative"
            if row[0].value == "minimum_dollar":
                row[1].value = 100000
    data = read_xlsx(edited(export_bytes(sample), fill), "alt.xlsx")
    wb = sample.copy()
    with pytest.raises(XlsxImportError, match=r"at least \$250,000\.00"):
        merge_xlsx(wb, data, source_ref="alt")
    assert wb.inputs_equal(sample)
