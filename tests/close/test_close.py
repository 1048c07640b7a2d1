"""The month close (focusdesk.close.month_close): Draft → Approved → Filed → Amendment n,
the as-filed version kept exactly, every path that would change a filed month's figures refused, the
migration of an older workbook, compare and the audit log."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from support import sample_workbook

from focusdesk.base.money import plain
from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.close import month_close as close
from focusdesk.close.compare import compare_month
from focusdesk.close.month_close import CloseError
from focusdesk.document import schema, store
from focusdesk.document.audit import AuditFilter, audit_csv, filter_audit, resolve_item
from focusdesk.document.editing import (
    AnswerCell,
    BCell,
    EditHistory,
    ItemCell,
    Setting,
    TrialBalanceSlot,
)
from focusdesk.document.schema import SCHEMA_VERSION
from focusdesk.document.store import load, save
from focusdesk.form.catalog import EQUITY_END, EQUITY_START, MONTHS, NET_CAPITAL
from focusdesk.formats.jsonio import InputError, merge_into
from focusdesk.formats.pdf import PrintOptions, build_report, report_pdf
from focusdesk.model.workbook import TrialBalance, Workbook, WorkbookError
from focusdesk.tables.grid import EditError, ScheduleAGrid, ScheduleBGrid

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_JSON = ROOT / "resources" / "sample.json"
SAMPLE_FOCUS = ROOT / "resources" / "sample.focus"
TODAY = date(2026, 12, 1)
YEAR = 2025  # every month of it is past its due date


def sample(year: int = YEAR) -> Workbook:
    return sample_workbook(year)


def file_(wb: Workbook, month: str, on: str, **kw) -> object:
    close.approve(wb, month, "Pat Lee", "reviewed")
    return close.file_month(wb, month, filed_date=date.fromisoformat(on), today=TODAY, **kw)


@pytest.fixture
def filed() -> Workbook:
    """The sample in 2025 with MAR filed (FEB and APR open)."""
    wb = sample()
    file_(wb, "MAR", "2025-04-10", reference="ACC-0310")
    return wb


def state(wb: Workbook) -> tuple:
    """Everything a refused change must leave as it was."""
    return (wb.copy(), len(wb.audit))


def assert_unchanged(wb: Workbook, before: tuple) -> None:
    copy, logged = before
    assert wb.inputs_equal(copy)
    assert wb.items == copy.items and wb.schedule_b == copy.schedule_b
    assert wb.trial_balances == copy.trial_balances and wb.close == copy.close
    assert len(wb.audit) == logged


# -- status --------------------------------------------------------------------------------
def test_a_month_goes_draft_approved_filed_amendment(filed):
    wb = sample()
    assert close.month_status(wb, "MAR", today=TODAY).status == "draft"
    a = close.approve(wb, "MAR", "  Pat   Lee ", "variances reviewed")
    assert (a.reviewer, a.note, a.user) == ("Pat Lee", "variances reviewed", wb.user)
    assert a.at.endswith("+00:00")
    assert close.month_status(wb, "MAR", today=TODAY).status == "approved"
    v = close.file_month(wb, "MAR", filed_date=date(2025, 4, 11), reference="A-1",
                         today=TODAY)
    s = close.month_status(wb, "MAR", today=TODAY)
    assert s.status == "filed" and s.filed is v and not s.overdue
    assert (v.number, v.name, v.filed_date, v.reference, v.approval) == (
        0, "original", "2025-04-11", "A-1", a)
    r = close.amend(wb, "MAR", "corrected line 5a")
    assert (r.number, r.reason) == (1, "corrected line 5a")
    assert close.month_status(wb, "MAR", today=TODAY).status == "amendment-1"
    # each step is in the audit log: action, status old → new, detail
    steps = [(e.action, e.month, e.old, e.new) for e in wb.audit if e.target == "status"]
    assert steps == [("approve", "MAR", "draft", "approved"),
                     ("file", "MAR", "approved", "filed"),
                     ("amend", "MAR", "filed", "amendment-1")]
    detail = next(e.detail for e in wb.audit if e.action == "file")
    assert "reference A-1" in detail and v.pdf_sha256 in detail


def test_a_change_after_approval_puts_the_month_back_to_draft_and_undo_restores_it():
    wb = sample()
    h = EditHistory(wb)
    close.approve(wb, "APR", "Pat Lee")
    h.apply("t", [(ItemCell("APR", "3950"), Decimal("12345.67"))])
    s = close.month_status(wb, "APR", today=TODAY)
    assert s.status == "draft" and s.approval is None and s.stale_approval.reviewer == "Pat Lee"
    with pytest.raises(CloseError, match="changed after Pat Lee approved it"):
        close.file_month(wb, "APR", filed_date=date(2025, 5, 12), today=TODAY)
    h.undo()
    assert close.month_status(wb, "APR", today=TODAY).status == "approved"
    # a change to the month before reaches APR's carried line 4: back to draft
    h.apply("t", [(ItemCell("MAR", "3950"), Decimal(1))])
    assert close.month_status(wb, "APR", today=TODAY).status == "draft"


def test_filing_needs_an_approval_figures_and_a_date_after_the_month():
    wb = sample()
    with pytest.raises(CloseError, match=r"MAR 2025 is not approved; approve it before"):
        close.file_month(wb, "MAR", today=TODAY)
    with pytest.raises(CloseError, match="no figures to approve"):
        close.approve(wb, "DEC", "Pat")
    with pytest.raises(CloseError, match="name the reviewer"):
        close.approve(wb, "MAR", "  ")
    close.approve(wb, "MAR", "Pat")
    with pytest.raises(CloseError, match="the month ends on 2025-03-31"):
        close.file_month(wb, "MAR", filed_date=date(2025, 3, 31), today=TODAY)
    with pytest.raises(CloseError, match="in the future"):
        close.file_month(wb, "MAR", filed_date=date(2026, 12, 2), today=TODAY)
    v = close.file_month(wb, "MAR", filed_date=date(2025, 4, 1), today=TODAY)
    assert v.filed_date == "2025-04-01"
    with pytest.raises(CloseError, match="filed already"):
        close.file_month(wb, "MAR", today=TODAY)
    with pytest.raises(CloseError, match="filed already"):
        close.approve(wb, "MAR", "Pat")
    with pytest.raises(CloseError, match="is not filed"):
        close.amend(wb, "APR", "why")
    with pytest.raises(CloseError, match="give the reason"):
        close.amend(wb, "MAR", " ")
    with pytest.raises(CloseError, match="the amendment's reason is 1,001 characters long"):
        close.amend(wb, "MAR", "x" * 1001)
    with pytest.raises(CloseError, match="the note is 2,001 characters long; at most 2,000"):
        close.approve(wb, "APR", "Pat", "n" * 2001)


def test_error_findings_refuse_filing_unless_overridden_with_a_logged_reason():
    wb = sample()
    h = EditHistory(wb)
    h.apply("t", [(ItemCell("APR", "3540"), Decimal("99000000"))])  # net capital < 0
    errors = [f for f in run_checks(wb) if f.month == "APR" and f.severity == "error"]
    assert errors
    close.approve(wb, "APR", "Pat")
    with pytest.raises(CloseError, match=r"APR 2025 has \d+ error-level finding"):
        close.file_month(wb, "APR", filed_date=date(2025, 5, 10), today=TODAY)
    assert not wb.month_close("APR").versions
    v = close.file_month(wb, "APR", filed_date=date(2025, 5, 10), today=TODAY,
                         override="FINRA agreed the late correction by phone")
    assert v.override == "FINRA agreed the late correction by phone"
    detail = next(e.detail for e in wb.audit if e.action == "file")
    assert f"override of {len(errors)} error-level finding(s): FINRA agreed" in detail
    doc = json.loads(v.document)
    assert doc["filing"]["override"] == v.override
    assert {f["message"] for f in doc["findings"]} >= {f.message for f in errors}


def test_an_override_without_errors_is_not_recorded(filed):
    wb = sample()
    v = file_(wb, "APR", "2025-05-12", override="just in case")
    assert v.override == ""


# -- the as-filed version ------------------------------------------------------------------
def test_the_as_filed_version_keeps_inputs_sources_lines_findings_and_the_pdf(filed):
    wb = filed
    v = wb.month_close("MAR").versions[0]
    doc = json.loads(v.document)
    assert doc["month"] == "MAR" and doc["year"] == YEAR
    entry = wb.items["MAR"]["3950"]
    assert doc["inputs"]["items"]["3950"] == {"value": str(entry.value), "source": entry.source,
                                             "source_ref": entry.source_ref}
    assert len(doc["inputs"]["schedule_b"]) == len(wb.schedule_b["MAR"])
    dollars = compute(wb)
    assert doc["computed"]["items"][NET_CAPITAL] == str(dollars.value("MAR", NET_CAPITAL))
    assert set(doc["computed"]["items"]) == set(wb.form.by_code)  # every line
    thousands = compute(wb, "thousands", dollars=dollars)
    assert Decimal(doc["printed"]["items"][NET_CAPITAL]) == thousands.value("MAR", NET_CAPITAL)
    assert doc["standing"]["level"] == "ok"
    assert doc["approval"]["reviewer"] == "Pat Lee"
    assert hashlib.sha256(v.pdf).hexdigest() == v.pdf_sha256


def test_the_as_filed_pdf_is_the_printed_form_byte_for_byte_and_survives_the_file(
        filed, tmp_path):
    v = filed.month_close("MAR").versions[0]
    printed = report_pdf(build_report(filed, PrintOptions(months=("MAR",))))
    assert v.pdf == printed  # what the filing printed, as `focusdesk pdf --months MAR`
    assert v.pdf.startswith(b"%PDF")
    path = tmp_path / "w.focus"
    save(filed, path)
    again, _ = load(path)
    assert close.version_pdf(close.find_version(again, "MAR")) == printed
    assert again.close == filed.close


def test_amending_and_filing_again_keeps_both_versions_byte_for_byte(filed, tmp_path):
    wb = filed
    original = wb.month_close("MAR").versions[0]
    path = tmp_path / "w.focus"
    save(wb, path)
    wb, st = load(path)
    close.amend(wb, "MAR", "line 5a corrected")
    EditHistory(wb).apply("t", [(ItemCell("MAR", "3950"), Decimal("30000"))])
    file_(wb, "MAR", "2025-05-02", reference="ACC-0310-A1")
    save(wb, path, st)
    wb, _ = load(path)
    first, second = wb.month_close("MAR").versions
    assert first == original and first.pdf == original.pdf
    assert (second.number, second.name, second.reason, second.reference) == (
        1, "amendment-1", "line 5a corrected", "ACC-0310-A1")
    assert second.pdf != first.pdf
    assert close.find_version(wb, "MAR", "original") is first
    assert close.find_version(wb, "MAR", "amendment-1") is second
    assert close.find_version(wb, "MAR", "filed") is second
    with pytest.raises(CloseError, match="no filed amendment 2"):
        close.find_version(wb, "MAR", "amendment-2")
    assert json.loads(second.document)["computed"]["items"]["3950"] == "30000"
    assert json.loads(first.document)["computed"]["items"]["3950"] == \
        json.loads(original.document)["computed"]["items"]["3950"]


# -- every path that would change a filed month's figures -------------------------------------
FROZEN = re.escape("MAR 2025 is filed (2025-04-10) and its figures cannot change; amend it "
                   "first (Filing ▸ Amend Month…, or focusdesk amend FILE MAR --reason TEXT)")


def test_typing_pasting_and_clearing_a_filed_month_are_refused(filed):
    wb = filed
    h = EditHistory(wb)
    grid = ScheduleAGrid(wb, h)
    row, col = grid.row_of("3950"), MONTHS.index("MAR")
    before = state(wb)
    with pytest.raises(EditError, match=FROZEN):
        grid.set_text(row, col, "1,234")
    with pytest.raises(EditError, match=FROZEN):
        grid.paste(row, col - 1, "5\t6\n")  # FEB is open, MAR is not: nothing is pasted
    with pytest.raises(EditError, match=FROZEN):
        grid.clear([(row, col)])
    b = ScheduleBGrid(wb, h, "MAR")
    with pytest.raises(EditError, match=FROZEN):
        b.set_text(0, 3, "10")
    assert_unchanged(wb, before)
    assert not h.can_undo


def test_every_kind_of_cell_and_the_trial_balance_slot_of_a_filed_month_are_refused(filed):
    h = EditHistory(filed)
    before = state(filed)
    tb = TrialBalance("mar.csv", "ab" * 32, ())
    for ref, value in ((ItemCell("MAR", "3950"), Decimal(1)), (ItemCell("MAR", "3950"), None),
                       (BCell("MAR", "1", "IV"), Decimal(5)), (AnswerCell("MAR"), False),
                       (TrialBalanceSlot("MAR"), tb)):
        with pytest.raises(WorkbookError, match=FROZEN):
            h.apply("t", [(ref, value)])
    # the setters themselves refuse too (every writer goes through them)
    with pytest.raises(WorkbookError, match=FROZEN):
        filed.set_item("MAR", "3950", Decimal(2))
    with pytest.raises(WorkbookError, match=FROZEN):
        filed.set_answer("MAR", None)
    assert_unchanged(filed, before)
    # the same figure again changes nothing and keeps its source as filed
    old = filed.items["MAR"]["3950"]
    assert not filed.set_item("MAR", "3950", old.value, source="pasted")
    assert filed.items["MAR"]["3950"] == old


@pytest.mark.parametrize(("name", "value"), [("method", "alternative"),
                                             ("minimum_dollar", Decimal(100_000)),
                                             ("year", 2024)])
def test_settings_that_change_the_computation_are_refused_while_a_month_is_filed(
        filed, name, value):
    before = state(filed)
    with pytest.raises(WorkbookError, match=r"cannot change while MAR 2025 is filed: it "
                                            r"changes its figures; amend it first"):
        EditHistory(filed).apply("t", [(Setting(name), value)])
    assert_unchanged(filed, before)
    # the firm's name does not change a figure
    assert EditHistory(filed).apply("t", [(Setting("firm.name"), "Renamed LLC")])


def test_undo_and_redo_do_not_reach_past_a_filing():
    wb = sample()
    h = EditHistory(wb)
    h.apply("t", [(ItemCell("MAR", "3950"), Decimal("22000"))])
    h.apply("t", [(ItemCell("APR", "3950"), Decimal("33000"))])
    h.undo()  # APR
    file_(wb, "MAR", "2025-04-10")
    before = state(wb)
    with pytest.raises(WorkbookError, match="MAR 2025 is filed"):
        h.undo()  # MAR's typing, before the filing
    assert h.can_undo and h.undo_label == "t"
    assert_unchanged(wb, before)
    h.redo()  # APR is open
    assert wb.value("APR", "3950") == Decimal("33000")


def test_a_change_that_reaches_a_filed_month_through_its_carried_line_4_is_refused(filed):
    wb = filed
    assert EQUITY_START not in wb.items["MAR"]  # MAR's line 4 is FEB's line 8
    h = EditHistory(wb)
    before = state(wb)
    with pytest.raises(WorkbookError, match=r"the change would alter MAR 2025's figures "
                                            r"\(its line 4 is carried"):
        h.apply("t", [(ItemCell("FEB", "3950"), Decimal("1"))])
    assert_unchanged(wb, before)
    # a reclassification that leaves FEB's line 8 as it was is fine (the guard compares
    # MAR's figures in dollars and in the $000 it prints)
    income, expenses = wb.value("FEB", "4212"), wb.value("FEB", "4201")
    h.apply("t", [(ItemCell("FEB", "4212"), income + 1000),
                  (ItemCell("FEB", "4201"), expenses + 1000)])
    assert compute(wb).value("MAR", EQUITY_START) == compute(before[0]).value(
        "MAR", EQUITY_START)
    # and a month after the filed one is open
    h.apply("t", [(ItemCell("APR", "3950"), Decimal(7))])


def test_a_json_import_into_a_filed_month_is_refused_whole(filed):
    before = state(filed)
    for doc, fragment in (
            ({"months": {"APR": {"items": {"3950": "1"}}, "MAR": {"items": {"3950": "1"}}}},
             FROZEN),
            ({"months": {"MAR": {"schedule_b_answer": "no"}}}, FROZEN),
            ({"method": "alternative"}, "The method cannot change"),
            ({"minimum_dollar": "100000"}, "The dollar minimum cannot change"),
            ({"months": {"FEB": {"items": {"3950": "5"}}}}, "would alter MAR 2025")):
        with pytest.raises(InputError, match=fragment):
            merge_into(filed, doc, where="in.json", source="imported")
    assert_unchanged(filed, before)
    # its own values again change nothing
    mar = {c: str(e.value) for c, e in filed.items["MAR"].items()}
    assert merge_into(filed, {"months": {"MAR": {"items": mar}}}) == 0


def test_an_xlsx_import_into_a_filed_month_is_refused(filed, tmp_path):
    from focusdesk.formats.xlsx.export import write_xlsx
    from focusdesk.formats.xlsx.importer import XlsxImportError, merge_xlsx, read_xlsx

    changed = filed.copy()
    changed.close = {}
    changed.set_item("MAR", "3950", Decimal("999"))
    out = tmp_path / "w.xlsx"
    write_xlsx(changed, out)
    data = read_xlsx(out.read_bytes(), out.name)
    before = state(filed)
    with pytest.raises(XlsxImportError, match=FROZEN):
        merge_xlsx(filed, data, where=out.name)
    assert_unchanged(filed, before)


def test_a_trial_balance_import_into_a_filed_month_is_refused(filed, tmp_path):
    from focusdesk.model.workbook import MappingRow
    from focusdesk.tb.importer import apply, prepare

    tb = tmp_path / "mar.csv"
    tb.write_text("Account,Description,Balance\n4000,Commissions,-1000.00\n", encoding="utf-8")
    preview = prepare(filed, tb, "MAR", mapping_rows=(MappingRow("4000", "4212"),),
                      basis="period")
    before = state(filed)
    with pytest.raises(WorkbookError, match=FROZEN):
        apply(filed, preview)
    assert_unchanged(filed, before)


def test_a_daily_seg_import_into_a_filed_month_is_refused(filed):
    from focusdesk.seg.importer import prepare

    data = (ROOT / "tests" / "fixtures" / "seg" / "000_f78615206c38f945.txt").read_bytes()
    with pytest.raises(WorkbookError, match=FROZEN):
        prepare(filed, data, "seg.txt", month="MAR")
    assert prepare(filed, data, "seg.txt", month="APR").month == "APR"


def test_an_amended_month_takes_changes_again(filed):
    close.amend(filed, "MAR", "corrected")
    h = EditHistory(filed)
    h.apply("t", [(ItemCell("MAR", "3950"), Decimal(1))])
    h.apply("t", [(ItemCell("FEB", "3950"), Decimal(1))])
    assert filed.value("MAR", "3950") == 1


# -- the workbook file -------------------------------------------------------------------------
def _as_version_6(path: Path) -> None:
    """Make a saved workbook what FocusDesk wrote at schema 6: without the tables of step 7
    and later."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DROP TABLE worksheets")  # step 8
    con.execute("DROP TABLE month_close")
    con.execute("DROP TABLE filed_versions")
    con.execute("PRAGMA user_version=6")
    con.close()
    probe = sqlite3.connect(":memory:", isolation_level=None)
    schema.apply_migrations(probe, 0, 6)
    want = {n for (n,) in probe.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con = sqlite3.connect(path)
    have = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert have == want


def test_an_older_workbook_opens_with_its_months_draft_and_migrates_on_save(tmp_path):
    path = tmp_path / "old.focus"
    save(sample(), path)
    _as_version_6(path)
    wb, st = load(path)
    assert wb.close == {}
    assert {s.status for s in close.statuses(wb, today=TODAY).values()} == {"draft"}
    file_(wb, "JAN", "2025-02-12")
    save(wb, path, st)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 7
    con.close()
    again, _ = load(path)
    assert close.month_status(again, "JAN", today=TODAY).status == "filed"
    assert again.close == wb.close


def test_the_shipped_sample_an_older_file_reads_as_drafts(tmp_path):
    copy = tmp_path / "sample.focus"
    shutil.copyfile(SAMPLE_FOCUS, copy)
    con = sqlite3.connect(copy)
    version = con.execute("PRAGMA user_version").fetchone()[0]
    con.close()
    wb, _ = load(copy)
    assert wb.close == {}
    if version < SCHEMA_VERSION:  # until the sample is rebuilt at schema 7
        assert all(s.status == "draft" for s in close.statuses(wb, today=TODAY).values())


def test_a_damaged_filed_version_is_named_and_the_month_stays_frozen(filed, tmp_path):
    path = tmp_path / "w.focus"
    save(filed, path)
    con = sqlite3.connect(path, isolation_level=None)
    pdf = con.execute("SELECT pdf FROM filed_versions").fetchone()[0]
    flipped = bytearray(pdf)
    flipped[len(flipped) // 2] ^= 0x01
    con.execute("UPDATE filed_versions SET pdf = ?", (bytes(flipped),))
    con.close()
    reported: list[str] = []
    with store.reporting_damage(reported.append):
        wb, st = load(path)
    assert reported == ["w.focus: MAR's as-filed record (original, filed 2025-04-10) is "
                        "damaged; the month stays filed, but its record cannot be reproduced"]
    assert wb.frozen("MAR") and st.damaged
    with pytest.raises(CloseError, match="damaged and cannot be reproduced"):
        close.version_pdf(close.find_version(wb, "MAR"))
    with pytest.raises(WorkbookError, match=FROZEN):
        wb.set_item("MAR", "3950", Decimal(1))
    # a save keeps the record as the file holds it (never rewritten)
    wb.set_item("APR", "3950", Decimal(2))
    save(wb, path, st)
    con = sqlite3.connect(path)
    assert con.execute("SELECT pdf FROM filed_versions").fetchone()[0] == bytes(flipped)
    con.close()


# -- compare -------------------------------------------------------------------------------------
def _reopened(filed: Workbook) -> Workbook:
    close.amend(filed, "MAR", "corrected 5a")
    EditHistory(filed).apply("t", [(ItemCell("MAR", "3950"), Decimal("30000"))])
    return filed


def test_compare_a_reopened_month_with_what_was_filed(filed):
    wb = _reopened(filed)
    cmp = compare_month(wb, "MAR")  # default: against the filed version
    doc = cmp.as_json()
    assert set(doc) == {"month", "against", "lines"}
    assert doc["month"] == "MAR" and doc["against"] == "filed"
    lines = {line["code"]: line for line in doc["lines"]}
    assert all(set(line) == {"code", "line", "current", "other", "difference"}
               for line in doc["lines"])
    filed_5a = json.loads(wb.month_close("MAR").versions[0].document)["computed"]["items"]
    assert lines["3950"] == {"code": "3950", "line": "5a", "current": "30000",
                             "other": filed_5a["3950"],
                             "difference": str(Decimal(30000) - Decimal(filed_5a["3950"]))}
    assert lines[NET_CAPITAL]["line"] == "19" and EQUITY_START not in lines
    assert "3540" not in lines  # an unchanged line is not listed
    row = next(r for r in cmp.rows if r.line.code == "3950")
    assert row.over and row.percent == (row.difference / abs(row.other) * 100).quantize(
        Decimal("0.01"))


def test_compare_two_filed_versions_and_against_each_version(filed):
    wb = _reopened(filed)
    file_(wb, "MAR", "2025-05-02")
    assert compare_month(wb, "MAR", "filed").differing == []  # frozen as filed again
    a = compare_month(wb, "MAR", "original").as_json()
    assert a["against"] == "original"
    assert {line["code"] for line in a["lines"]} >= {"3950", NET_CAPITAL}
    versions = compare_month(wb, "MAR", "original", version="amendment-1")
    assert [r.line.code for r in versions.differing] == [line["code"] for line in a["lines"]]
    assert compare_month(wb, "MAR", "amendment-1").differing == []
    with pytest.raises(CloseError, match="has not been filed"):
        compare_month(wb, "APR", "filed")


def test_compare_with_the_prior_month_and_another_month():
    wb = sample()
    cmp = compare_month(wb, "APR")  # a draft: against the prior month
    assert cmp.as_json()["against"] == "MAR"
    dollars = compute(wb)
    line8 = next(line for line in cmp.as_json()["lines"] if line["code"] == EQUITY_END)
    assert Decimal(line8["other"]) == dollars.value("MAR", EQUITY_END)
    assert compare_month(wb, "APR", "jan").as_json()["against"] == "JAN"
    with pytest.raises(CloseError, match="JAN has no prior month"):
        compare_month(wb, "JAN")


def test_compare_with_the_same_month_of_another_workbook(tmp_path):
    last = sample(2024)
    EditHistory(last).apply("t", [(ItemCell("MAR", "3950"), Decimal("1000"))])
    save(last, tmp_path / "2024.focus")
    wb = sample()

    def open_workbook(name: str) -> Workbook:
        return load(name)[0]

    cmp = compare_month(wb, "MAR", str(tmp_path / "2024.focus"), open_workbook=open_workbook)
    assert cmp.as_json()["against"] == "2024.focus:MAR"
    assert next(line["code"] for line in cmp.as_json()["lines"]) == "3950"
    dec = compare_month(wb, "JAN", f"{tmp_path / '2024.focus'}:DEC",
                        open_workbook=open_workbook)
    assert dec.as_json()["against"] == "2024.focus:DEC"
    assert dec.other.label == "DEC 2024 (2024.focus)"


def test_compare_csv_has_both_values_the_difference_and_the_change(filed):
    text = compare_month(_reopened(filed), "MAR", threshold=Decimal(50)).csv_text()
    header, *rows = text.splitlines()
    assert header.split(",")[-3:] == ["difference", "change_percent", "over_threshold"]
    row = next(r.split(",") for r in rows if r.startswith("3950,"))
    assert row[1] == "5a" and row[3] == "30000" and row[-1] in ("yes", "no")


def test_compare_pdf_is_a_pdf_of_the_lines(filed):
    from focusdesk.close.compare import comparison_pages, comparison_pdf

    cmp = compare_month(_reopened(filed), "MAR")
    pages = comparison_pages(cmp)
    texts = [t.text for t in pages[0].texts()]
    assert "5a" in texts and "3950" in texts and "30,000.00" in texts
    assert comparison_pdf(cmp).startswith(b"%PDF")


# -- the audit log, overdue months, the next year -----------------------------------------------
def test_the_audit_log_filters_by_month_line_user_and_source(filed):
    h = EditHistory(filed)
    h.apply("t", [(ItemCell("APR", "3840"), Decimal("5")), (BCell("APR", "1", "IV"), None)])
    form = filed.form
    apr = filter_audit(filed.audit, AuditFilter(month="APR", item=resolve_item(form, "23a")))
    assert [(e.month, e.target, e.new) for e in apr][-1] == ("APR", "3840", "5")
    assert all(e.month == "APR" and e.target == "3840" for e in apr)
    closes = filter_audit(filed.audit, AuditFilter(source="file"))
    assert [e.action for e in closes] == ["file"]
    assert filter_audit(filed.audit, AuditFilter(user="nobody-else")) == []
    assert len(filter_audit(filed.audit, AuditFilter(source="imported"))) == 0
    b = filter_audit(filed.audit, AuditFilter(month="APR", item=resolve_item(form, "b:1")))
    assert b and all(e.target.startswith("B:1:") for e in b)
    old = plain(filed.value("APR", "3950"))  # as the log keeps it: 4388.4
    h.apply("t", [(ItemCell("APR", "3950"), Decimal("-12.5"))])
    text = audit_csv(filter_audit(filed.audit, AuditFilter(month="APR")), form)
    assert text.splitlines()[0] == "at,user,action,month,target,line,label,old,new,source"
    assert f",APR,3950,5a,Trading and Investment Account Profit or (Loss),{old},-12.5," in text
    text = audit_csv(apr, form)
    assert ",APR,3840,23a," in text.splitlines()[-1]
    with pytest.raises(WorkbookError, match="not an item code"):
        resolve_item(form, "99z")


def test_an_audit_csv_cell_never_runs_as_a_formula():
    from focusdesk.base.safetext import csv_cell, csv_text

    assert csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert csv_cell("@x") == "'@x" and csv_cell("-") == "-" and csv_cell("a=b") == "a=b"
    text = csv_text([("-1", Decimal("-1234.5"), "+ok")])
    assert text == "'-1,-1234.5,'+ok\r\n"  # an amount is a number, never escaped


def test_an_overdue_unfiled_month_is_a_warning_when_the_date_is_given(filed):
    findings = [f for f in run_checks(filed, today=TODAY) if "overdue" in f.message]
    months = [f.month for f in findings]
    assert "MAR" not in months and months == [m for m in MONTHS if m != "MAR"]
    jan = findings[0]
    assert jan.severity == "warning" and jan.rule == "Rule 17a-5(a)(2)(i)"
    assert "was due on 2025-02-14" in jan.message
    assert "nothing is entered yet" in next(f for f in findings if f.month == "DEC").message
    # the day it is due it is not overdue yet; the day after it is
    assert not [f for f in run_checks(filed, today=date(2025, 2, 14)) if "overdue" in f.message]
    late = [f for f in run_checks(filed, today=date(2025, 2, 15)) if "overdue" in f.message]
    assert [f.month for f in late] == ["JAN"] and "1 day overdue" in late[0].message
    # without a date the findings depend on the workbook alone
    assert not [f for f in run_checks(filed) if "overdue" in f.message]


def test_status_and_due_dates_of_june_2026():
    wb = sample(2026)
    s = close.month_status(wb, "JUN", today=date(2026, 7, 10))
    assert s.due == date(2026, 7, 15) and s.days_to_due == 5 and not s.overdue
    assert s.due_text() == "due 2026-07-15 (in 5 days)"
    j = s.as_json()
    assert (j["status"], j["due"], j["level"]) == ("draft", "2026-07-15", "ok")
    assert Decimal(j["net_capital"]) == compute(wb).value("JUN", NET_CAPITAL)
    late = close.month_status(wb, "JUN", today=date(2026, 7, 16))
    assert late.overdue and late.due_text() == "due 2026-07-15, overdue by 1 day"


def test_the_next_year_takes_the_profile_the_mapping_and_decembers_line_8():
    from focusdesk.model.workbook import MappingRow

    wb = sample()
    EditHistory(wb).apply("t", [(ItemCell("DEC", "3950"), Decimal("1000"))])
    wb.set_tb_mapping((MappingRow("4000", "4212"),))
    new, notes = close.next_year(wb, "w.focus", "ab" * 32)
    assert (new.year, new.firm, new.method, new.minimum_dollar, new.tb_mapping) == (
        YEAR + 1, wb.firm, wb.method, wb.minimum_dollar, wb.tb_mapping)
    entry = new.items["JAN"][EQUITY_START]
    assert entry.value == compute(wb).value("DEC", EQUITY_END)
    assert (entry.source, entry.source_ref) == ("imported", "w.focus sha256:" + "ab" * 32)
    assert notes == [f"DEC {YEAR} is not filed yet; JAN {YEAR + 1} line 4 is its line 8 as "
                     "it stands now and does not follow later changes"]
    assert [m for m in MONTHS if new.is_active(m)] == ["JAN"]
    empty, notes = close.next_year(sample(), "w.focus", "cd" * 32)
    assert EQUITY_START not in empty.items["JAN"] and "has no figures" in notes[0]
