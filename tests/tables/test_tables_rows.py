"""The Qt-free row models behind the window's read-only tables: the Checks tab, the
Segregation tab and the trial-balance preview (`focusdesk.tables`), read without Qt."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import gl_fixtures as gl

from focusdesk.base.paths import resource_path
from focusdesk.calculation.checks import Finding
from focusdesk.model.workbook import StoredFiling, Workbook
from focusdesk.seg.footing import check
from focusdesk.seg.reader import read_filing
from focusdesk.seg.statements import STATEMENTS
from focusdesk.tables.findings import FindingsTable
from focusdesk.tables.rows import Column, Row, RowTable
from focusdesk.tables.segregation import (
    CoverTable,
    FilingsTable,
    StatementTable,
    shown_date,
)
from focusdesk.tables.tb_preview import (
    AccountsTable,
    ChangesTable,
    contributions,
    line_accounts,
    line_total,
    tie_out_text,
    warnings_text,
)
from focusdesk.tb.importer import apply, prepare
from focusdesk.tb.mapping import read_mapping_file
from focusdesk.tb.rollup import Contribution

D = Decimal
SEG = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = SEG / "000_f78615206c38f945.txt"


# -- the table itself ---------------------------------------------------------------------

class Pair(RowTable):
    columns = (Column("Name"), Column("Amount", right=True))


def test_a_row_table_gives_texts_roles_and_tips_by_cell():
    t = Pair([Row(("a", "1"), roles=frozenset({"muted"}), cell_roles={1: frozenset({"kept"})},
                  tip="row tip", tips={0: "own tip"}, key="A"),
              Row(("b",))])
    assert t.headers == ("Name", "Amount") and len(t) == 2
    assert t.roles(0, 0) == {"muted"} and t.roles(0, 1) == {"muted", "kept"}
    assert t.tip(0, 0) == "own tip" and t.tip(0, 1) == "row tip" and t.tip(1, 0) == ""
    assert t.text(1, 1) == ""  # a short row reads blank past its cells
    assert t.find(0, "b") == 1 and t.find(0, "c") is None
    assert t.column_texts(0) == ["a", "b"]


# -- the Checks tab -------------------------------------------------------------------------

def _finding(severity: str, item: str = "3750", line: str = "19") -> Finding:
    return Finding("MAR", item, severity, f"a {severity}", "Rule 15c3-1", line)


def test_findings_rows_say_where_and_keep_the_whole_message_as_tooltip():
    t = FindingsTable([_finding("error"), _finding("info", "B-4", "4")])
    assert t.rows[0].cells == ("Error", "MAR", "19 [3750]", "a error", "Rule 15c3-1")
    assert t.text(1, 0) == "Note" and t.text(1, 2) == "Sch. B 4"
    assert t.tip(0, 3) == "a error" and t.tip(0, 0) == ""
    assert t.roles(0, 0) == {"error"} and t.rows[1].key is t.findings[1]


def test_the_checks_tab_title_counts_errors_and_warnings():
    assert FindingsTable().title() == "Checks (none)"
    assert FindingsTable([_finding("info")]).title() == "Checks (notes)"
    assert FindingsTable([_finding("error")]).title() == "Checks (1 error)"
    assert FindingsTable([_finding("warning"), _finding("warning"), _finding("info")]
                         ).title() == "Checks (2 warnings)"
    assert FindingsTable([_finding("error"), _finding("error"), _finding("warning")]
                         ).title() == "Checks (2 errors, 1 warning)"


# -- the Segregation tab --------------------------------------------------------------------

def _stored(raw: bytes, name: str, status: str) -> StoredFiling:
    import hashlib

    return StoredFiling(name, hashlib.sha256(raw).hexdigest(), raw, "2017-12-26", firm="FIRM",
                        form="Daily Seg", status=status, imported_at="2018-01-02T09:30:15")


def test_filings_rows_show_the_end_date_status_and_source():
    raw = TIDY.read_bytes()
    t = FilingsTable([_stored(raw, "a.txt", "foots"), _stored(raw, "b.txt", "")])
    assert t.rows[0].cells == ("12/26/2017", "FIRM", "foots", "Daily Seg", "a.txt",
                               "2018-01-02 09:30")
    assert t.roles(0, 2) == {"foots"} and t.roles(0, 1) == set()
    assert t.text(1, 2) == "—" and t.roles(1, 2) == set()
    assert t.tip(0, 4) == t.filings[0].source_ref and "a.txt" in t.tip(0, 4)
    assert shown_date("2017-12") == "2017-12"  # not a full date: as stored


def test_statement_rows_mark_what_does_not_foot_and_what_is_absent():
    text = TIDY.read_text(encoding="utf-8")
    old = "1,477,842,848</u></b> [7060]"
    assert text.count(old) == 1
    filing = read_filing(text.replace(old, "1,477,842,884</u></b> [7060]").encode(), "x.txt")
    footing = check(filing)
    by_key = {st.key: st for st in STATEMENTS}
    seg = StatementTable(by_key["segregation"], filing, footing)
    assert seg.flagged() == ["7060"]
    r = seg.find(2, "[7060]")
    assert seg.text(r, 3) == "1,477,842,884" and seg.text(r, 4) == "1,477,842,848"
    assert seg.text(r, 5) == "does not foot" and seg.roles(r, 0) == {"does not foot"}
    headings = [i for i, row in enumerate(seg.rows) if row.cell_roles.get(1) == {"heading"}]
    assert headings and all(seg.text(i, 0) == "" for i in headings)
    scrambled = read_filing((SEG / "001_709a681e187ed0f2.txt").read_bytes(), "s.txt")
    swaps = StatementTable(by_key["swaps"], scrambled, check(scrambled))
    absent = swaps.find(2, "[8715]")
    assert swaps.text(absent, 5) == "absent (counted as zero)"
    assert swaps.text(absent, 3) == "—" and swaps.roles(absent, 3) == {"absent"}
    assert swaps.flagged() == []
    assert CoverTable(scrambled).text(1, 2) == "5%"
    assert len(CoverTable()) == 0 and len(StatementTable()) == 0


# -- the trial-balance preview -------------------------------------------------------------

def _workbook_2026() -> Workbook:
    wb = Workbook()
    wb.year = 2026
    return wb


def test_the_changes_show_new_figures_kept_entries_and_the_carried_line(tmp_path):
    wb = _workbook_2026()
    starter = read_mapping_file(resource_path("starter-mapping.csv"))
    jan = prepare(wb, gl.write("plain", "JAN", tmp_path), "JAN", mapping_rows=starter)
    apply(wb, jan)
    wb.set_item("FEB", "4274", D(30_000))  # typed: the import keeps it
    feb = prepare(wb, gl.write("plain", "FEB", tmp_path), "FEB", mapping_rows=starter)
    t = ChangesTable(feb)
    assert t.headers == ("Line", "Item", "Label", "Current", "New", "Difference", "Accounts")
    kept = t.find(1, "4274")
    assert t.text(kept, 4) == f"kept {t.text(kept, 3)}" and t.roles(kept, 4) == {"kept"}
    assert t.roles(kept, 0) == set() and t.tip(kept, 0).startswith("Kept your 30,000")
    carried = t.find(1, "3501")
    assert t.text(carried, 4) == "carried" and t.roles(carried, 0) == {"muted"}
    assert "instruction 4" in t.tip(carried, 2)
    assert all(t.rows[r].key == t.text(r, 1) for r in range(len(t)))
    assert len(ChangesTable()) == 0
    behind = line_accounts(feb, t.text(kept, 1))
    assert len(behind) > 0 and behind.headers[0] == "Account"
    text, ties = tie_out_text(feb)
    assert ties is not None and text.endswith("Line 4 is carried from the prior month's line 8.")
    assert "Line 29" not in warnings_text(feb)


def test_a_ytd_lines_prior_month_accounts_are_named_and_subtracted():
    cash = Contribution("1010", "Cash", D("100.00"), D("100.00"), "1*")
    prior = Contribution("4000", "Fees", D("-40.00"), D("40.00"), "4*", month="JAN")
    t = AccountsTable([cash, prior._replace(amount=-prior.amount)], "FEB")
    assert t.rows[0].cells == ("1010", "Cash", "100.00", "100.00", "1*")
    assert t.rows[1].cells == ("JAN 4000", "Fees", "(40.00)", "(40.00)", "4*")
    assert contributions(None) == [] and line_total(None, "FEB") == ""


def test_nothing_mapped_to_line_4_is_said_and_the_warnings_are_listed(tmp_path):
    from focusdesk.model.workbook import MappingRow

    wb = _workbook_2026()
    p = prepare(wb, gl.write("plain", "JAN", tmp_path), "JAN",
                mapping_rows=(MappingRow("1010", "38"),))
    text, ties = tie_out_text(p)
    assert ties is None and "not tied out to line 8" in text
    listed = warnings_text(p).splitlines()
    assert listed and listed != ["No warnings."]
    assert all(line.startswith(("ℹ ", "⚠ ", "Line ", "Row ")) for line in listed)
