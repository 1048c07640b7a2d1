"""A trial balance right in every month (issue 17): how it feeds each line (balance,
activity, carried), the tie-out of the ledger's equity to line 8, matching accounts,
Not on Part I, the starter mapping, the GL systems' layouts (tests/gl_fixtures.py), the
file's as-of date, a month that already holds a trial balance, and your entries winning
over a re-import — through the core and the command line."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import gl_fixtures as gl
import pytest
from tb_support import fresh, run_cli, xlsx

from focusdesk import cli
from focusdesk.base.paths import resource_path
from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.document.document import Document
from focusdesk.document.editing import ItemCell
from focusdesk.document.store import load, save
from focusdesk.form.catalog import PART_I, Feed
from focusdesk.model.workbook import Entry, MappingRow, Workbook
from focusdesk.tb.asof import date_in
from focusdesk.tb.importer import accounts_behind, apply, prepare
from focusdesk.tb.mapping import (
    NOT_ON_PART_I,
    Mapping,
    canonical,
    read_mapping_file,
    resolve_item,
    write_mapping_file,
)

D = Decimal
STARTER = resource_path("starter-mapping.csv")


def _book(tmp_path: Path, year: int = 2025) -> Path:
    path = tmp_path / "firm.focus"
    assert cli.main(["new", str(path), "--firm", "Firm", "--year", str(year)]) == 0
    return path


def findings(wb: Workbook) -> list:
    """The checks' findings of the workbook as it stands."""
    return run_checks(wb, compute(wb))


def year_2026() -> Workbook:
    wb = fresh()
    wb.year = 2026
    return wb


def _import(wb: Workbook, path: Path, month: str | None = None, **kw) -> object:
    p = prepare(wb, path, month, **kw)
    apply(wb, p)
    return p


def _jan_feb(wb: Workbook, layout: str, folder: Path):
    jan = _import(wb, gl.write(layout, "JAN", folder), mapping_rows=read_mapping_file(STARTER))
    feb = prepare(wb, gl.write(layout, "FEB", folder), None)
    return jan, feb


def test_each_input_says_how_a_trial_balance_feeds_it():
    feeds = {i.line: i.feed for i in PART_I.input_items}
    assert {line for line, f in feeds.items() if f is Feed.ACTIVITY} == \
        {"5a", "5b", "5c", "5d", "7a", "7b"}
    assert {line for line, f in feeds.items() if f is Feed.CARRIED} == {"4"}
    assert feeds["1"] is feeds["13"] is feeds["23a"] is feeds["38"] is Feed.BALANCE


@pytest.mark.parametrize("layout", sorted(gl.LAYOUTS))
def test_each_gl_layout_is_detected_and_gives_the_same_figures(tmp_path, layout):
    wb = year_2026()
    jan, feb = _jan_feb(wb, layout, tmp_path)
    assert jan.month == "JAN" and feb.month == "FEB"  # from the file's own date
    assert {ch.code: ch.new for ch in jan.lines} == gl.EXPECTED["JAN"]
    assert {ch.code: ch.new for ch in feb.lines} == gl.EXPECTED["FEB"]
    assert feb.unmapped == [] and len(feb.excluded) == 3 and len(feb.table.rows) == 26
    assert feb.table.balanced
    assert {r.account.split("-")[0] for r in feb.table.rows} == {a for a, *_ in gl.LEDGER}
    assert feb.tie_out is not None and feb.tie_out.ties
    apply(wb, feb)
    comp = compute(wb)
    for month in ("JAN", "FEB"):
        assert comp.value(month, "3500") == gl.LINE_8[month]
    assert not [f for f in findings(wb) if f.item == "3500"]


def test_february_line_4_is_carried_and_7b_is_the_month_s_distributions(tmp_path):
    wb = year_2026()
    jan, feb = _jan_feb(wb, "quickbooks-desktop", tmp_path)
    assert {ch.code: ch.new for ch in jan.lines}["3501"] == D(4_260_478)  # the year's first
    assert "3501" not in {ch.code for ch in feb.lines} and "3501" in feb.rollup.carried
    seven_b = next(ch for ch in feb.lines if ch.code == "4274")
    assert (seven_b.new, seven_b.detail.ytd_amount, seven_b.detail.prior_ytd) == \
        (D(50_000), D(75_000), D(25_000))
    apply(wb, feb)
    comp = compute(wb)
    assert "3501" not in wb.items["FEB"]
    assert comp.months["FEB"].line4_carried
    assert comp.value("FEB", "3501") == comp.value("JAN", "3500") == D(4_369_608)
    assert feb.tie_out.message() == ("the ledger's equity ties to line 8 within $0.00 "
                                     "(FEB line 8 $4,391,008.00)")
    cell = accounts_behind(wb, "FEB", "3501")
    assert "carried from the prior month's line 8" in cell.note
    assert [c.account for c in cell.accounts] == ["3000-00", "3100-00"]


def test_the_tie_out_shows_what_the_old_import_got_wrong(tmp_path):
    # The first version's February: line 4 the start-of-year equity, 7b year to date.
    wb = year_2026()
    _jan_feb(wb, "plain", tmp_path)
    wb.set_item("FEB", "3501", D(4_260_478))
    wb.set_item("FEB", "4274", D(75_000))
    p = prepare(wb, gl.write("plain", "FEB", tmp_path), "FEB")
    assert p.tie_out.difference == D(-134_130)
    text = p.tie_out.message()
    assert "differs by $134,130.00" in text and text in p.warnings
    assert [ch.conflict() for ch in p.conflicts] == \
        ["kept your 75,000; the trial balance gives 50,000"]
    apply(wb, p)
    found = [f for f in findings(wb) if f.item == "3500"]
    assert [(f.month, f.severity) for f in found] == [("FEB", "error")]  # the PDF says DRAFT
    assert "differs by $134,130.00" in found[0].message
    wb.set_item("FEB", "3501", None)  # back to the carried figure
    wb.set_item("FEB", "4274", D(50_000))
    assert not [f for f in findings(wb) if f.item == "3500"]


def test_the_tie_out_check_sums_each_stored_trial_balance_once(tmp_path):
    from focusdesk.calculation import ledger

    wb = year_2026()
    _jan_feb(wb, "plain", tmp_path)
    calls = []
    real = ledger.line_sums
    ledger.line_sums = lambda *a, **k: calls.append(1) or real(*a, **k)
    try:
        findings(wb), findings(wb), findings(wb)
    finally:
        ledger.line_sums = real
    assert len(calls) <= 1  # JAN was summed already by the import's own computation


def test_line_4_in_a_later_first_month_of_a_ytd_file_is_flagged(tmp_path):
    wb = year_2026()
    rows = (MappingRow("3*", "4"), MappingRow("1*", "38"), MappingRow("2*", "23a"))
    p = prepare(wb, gl.write("plain", "FEB", tmp_path), "FEB", mapping_rows=rows)
    assert "3501" in {ch.code for ch in p.lines}  # nothing earlier to carry from
    assert any("equity at the start of the year, not of FEB" in w for w in p.warnings)


def test_reimport_clears_a_line_4_an_earlier_first_import_set(tmp_path):
    wb = year_2026()
    rows = read_mapping_file(STARTER)
    _import(wb, gl.write("plain", "FEB", tmp_path), "FEB", mapping_rows=rows, basis="period")
    assert "3501" in wb.items["FEB"]
    _import(wb, gl.write("plain", "JAN", tmp_path), "JAN")
    p = _import(wb, gl.write("plain", "FEB", tmp_path), "FEB")
    assert next(ch for ch in p.lines if ch.code == "3501").new is None
    assert "3501" not in wb.items["FEB"]


def test_contributions_take_the_month_s_activity(tmp_path):
    def tb(name, contributed, capital=-1000):
        return xlsx(tmp_path / name, {"TB": [["Account", "Balance"], [1010, -capital - contributed],
                                             [3000, capital], [3200, contributed]]})

    wb = fresh()
    rows = (MappingRow("1010", "38"), MappingRow("3000", "4"), MappingRow("3200", "7a"))
    _import(wb, tb("jan.xlsx", -100), "JAN", mapping_rows=rows)
    p = _import(wb, tb("feb.xlsx", -250), "FEB")
    assert wb.value("JAN", "4264") == D(100) and wb.value("FEB", "4264") == D(150)
    assert p.tie_out.ties


# -- matching accounts ---------------------------------------------------------------------

def test_a_bare_account_matches_its_leading_segment():
    m = Mapping((MappingRow("2100", "23a"), MappingRow("2100-05", "13"),
                 MappingRow("2000-2999", "15"), MappingRow("A100", "38")))
    for account in ("2100", "2100-00", "2100.01", "2100 99", "2100/1"):
        assert m.match(account).code == "3840", account
    assert m.match("2100-05").code == "3540"  # the exact account beats its segment
    assert m.match("21000") is None  # not 2100: another account
    assert m.match("2105-00").code == "3612"
    assert m.match("A100-01").code == "750" and m.match("A1000") is None


def test_each_rule_says_how_many_accounts_it_matches(tmp_path, capsys):
    book_file = _book(tmp_path)
    path = xlsx(tmp_path / "r.xlsx", {"TB": [["Account", "Balance"], ["1010-00", 5],
                                             ["1020-00", 5], [2010, -10]]})
    rows = (MappingRow("1010", "38"), MappingRow("1000-1999", "38"), MappingRow("2*", "23a"),
            MappingRow("2800", "1"))
    p = prepare(fresh(), path, "JAN", mapping_rows=rows)
    assert p.rule_counts() == [("1010 → line 38", 1), ("1000-1999 → line 38", 1),
                               ("2* → line 23a", 1), ("2800 → line 1", 0)]
    write_mapping_file(rows, tmp_path / "m.csv")
    code, out, _ = run_cli(capsys, "import-tb", book_file, path, "--month", "JAN", "--mapping",
                        tmp_path / "m.csv", "--dry-run")
    assert code == 0
    assert "Mapping rules (4), accounts matched:" in out
    assert re.search(r"2800 → line 1 +none — matches no account", out)
    assert re.search(r"1000-1999 → line 38 +1\n", out)


def test_accounts_marked_not_on_part_i_are_neither_summed_nor_unmapped(tmp_path):
    path = xlsx(tmp_path / "n.xlsx", {"TB": [
        ["Account", "Description", "Balance"], ["ASSETS", None, None],
        [1010, "Cash", 100], [1100, "Receivable from clearing broker", 900],
        [1150, "Clearing deposit", 50], [2800, "Subordinated loan (renumbered)", -1050]]})
    rows = (MappingRow("1010", "38"), MappingRow("1100-1199", "Not on Part I"),
            MappingRow("2810", "1"))
    p = prepare(fresh(), path, "JAN", mapping_rows=rows)
    assert {ch.code: ch.new for ch in p.lines} == {"750": D(100)}
    assert [r.account for r in p.excluded] == ["1100", "1150"]
    assert [r.account for r in p.unmapped] == ["2800"]  # the one that fell off line 1
    assert (p.skipped[0].row, p.skipped[0].reason) == (2, "a heading (no amount)")
    assert p.mapping_rows[1] == MappingRow("1100-1199", NOT_ON_PART_I)
    assert resolve_item("none") == resolve_item("not on part i") == NOT_ON_PART_I
    write_mapping_file(p.mapping_rows, tmp_path / "m.csv")
    assert "1100-1199,none,,Not on Part I" in (tmp_path / "m.csv").read_text("utf-8-sig")
    assert read_mapping_file(tmp_path / "m.csv") == p.mapping_rows


def test_rules_read_lines_as_the_editor_shows_them():
    assert resolve_item("13 — Non-Allowable Assets (Not Includable Above)") == "3540"
    assert resolve_item("23a — Aggregate Indebtedness under Rule 15c3-1") == "3840"


def test_the_starter_mapping_ships_and_maps_a_small_broker_dealer(tmp_path):
    rows = read_mapping_file(STARTER)
    assert canonical(rows) == rows and len(rows) >= 15
    p = prepare(year_2026(), gl.write("plain", "JAN", tmp_path), None, mapping_rows=rows)
    assert p.unmapped == [] and {ch.code: ch.new for ch in p.lines} == gl.EXPECTED["JAN"]


def test_without_a_mapping_the_error_names_the_starter(tmp_path, capsys):
    book_file = _book(tmp_path)
    code, _, err = run_cli(capsys, "import-tb", book_file, gl.write("plain", "JAN", tmp_path))
    assert code != 0 and "starter-mapping.csv" in err and err.count("\n") == 1


# -- the file's date -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day"), [
    ("As of February 28, 2026", "2026-02-28"), ("Feb 28, 26", "2026-02-28"),
    ("End of Feb 2026", "2026-02-28"), ("As at 28 February 2026", "2026-02-28"),
    ("As of 2/28/2026", "2026-02-28"), ("2026-02-28", "2026-02-28"),
    ("Trial Balance — January 2025", "2025-01-31"), ("Sept 30, 2025", "2025-09-30"),
    ("TB 02-2026", "2026-02-28"),
])
def test_dates_as_gl_systems_write_them(text, day):
    assert date_in(text)[0].isoformat() == day


@pytest.mark.parametrize("text", ["Marcus Securities 2026", "Maybe 12", "Account 1010",
                                  "February 30, 2026"])
def test_what_is_not_a_date(text):
    assert date_in(text) is None


def test_a_print_date_is_not_the_as_of_date(tmp_path):
    # Dynamics GP prints "System: 3/5/2026 10:42:17 AM" and "User Date: 3/5/2026" first.
    p = prepare(year_2026(), gl.write("dynamics-gp", "FEB", tmp_path), None,
                mapping_rows=read_mapping_file(STARTER), basis="period")
    assert p.month == "FEB" and p.stated.date.isoformat() == "2026-02-28"


def test_import_tb_takes_the_month_from_the_file(tmp_path, capsys):
    book = _book(tmp_path, 2026)
    capsys.readouterr()
    jan = gl.write("quickbooks-online", "JAN", tmp_path)
    code, out, err = run_cli(capsys, "import-tb", book, jan, "--mapping", STARTER)
    assert code == 0, err
    assert "for JAN (the file is as of January 31, 2026)" in out
    feb = gl.write("quickbooks-online", "FEB", tmp_path)
    code, out, err = run_cli(capsys, "import-tb", book, feb, "--month", "MAR", "--dry-run",
                          "--period")
    assert code == 0 and "Warning: the file states February 28, 2026 (row 3: 'As of February " \
        "28, 2026'), not MAR 2026." in out
    undated = xlsx(tmp_path / "undated.xlsx", {"TB": [["Account", "Balance"], [1010, 0]]})
    before = book.read_bytes()
    code, _, err = run_cli(capsys, "import-tb", book, undated)
    assert code != 0 and "states no date" in err and "--month" in err
    other_year = xlsx(tmp_path / "y.xlsx", {"TB": [["As of December 31, 2025"],
                                                   ["Account", "Balance"], [1010, 0]]})
    code, _, err = run_cli(capsys, "import-tb", book, other_year)
    assert code != 0 and "dated December 31, 2025, but the workbook is for 2026" in err
    assert book.read_bytes() == before


# -- replacing a month's trial balance, and your entries -----------------------------------

def test_a_month_that_holds_a_trial_balance_says_so_first(tmp_path, capsys):
    book = _book(tmp_path, 2026)
    jan = gl.write("plain", "JAN", tmp_path)
    assert cli.main(["import-tb", str(book), str(jan), "--mapping", str(STARTER)]) == 0
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "import-tb", book, jan, "--dry-run")
    wb, _ = load(book)
    when = wb.trial_balances["JAN"].imported_at[:10]
    assert code == 0 and out.splitlines()[1] == (
        f"  Note: JAN already holds the trial balance imported {when} from jan-plain.xlsx; "
        "importing replaces it.")


def test_your_entries_win_unless_replaced_and_undo_restores_either_way(tmp_path):
    wb = year_2026()
    _jan_feb(wb, "plain", tmp_path)
    feb = gl.write("plain", "FEB", tmp_path)
    doc = Document.untitled(wb)
    p = prepare(doc.wb, feb, "FEB")
    doc.apply(p.label, p.assignments())
    doc.apply("Typing", [(ItemCell("FEB", "4274"), Entry(D(60_000)))])  # an adjustment
    doc.apply("Paste", [(ItemCell("FEB", "750"), Entry(D(1_800_000), "pasted"))])
    before = {c: (e.value, e.source) for c, e in doc.wb.items["FEB"].items()}
    kept = prepare(doc.wb, feb, "FEB")
    assert sorted(ch.conflict() for ch in kept.conflicts) == [
        "kept your 1,800,000; the trial balance gives 1,795,958",
        "kept your 60,000; the trial balance gives 50,000"]
    step = doc.apply(kept.label, kept.assignments())  # the stored trial balance, if newer
    assert {c: (e.value, e.source) for c, e in doc.wb.items["FEB"].items()} == before
    if step:
        doc.history.undo()
        assert {c: (e.value, e.source) for c, e in doc.wb.items["FEB"].items()} == before
    replaced = prepare(doc.wb, feb, "FEB", replace_entries=True)
    assert replaced.conflicts == []
    doc.apply(replaced.label, replaced.assignments())
    assert doc.wb.value("FEB", "4274") == D(50_000)
    assert doc.wb.items["FEB"]["4274"].source == "imported"
    doc.history.undo()
    assert {c: (e.value, e.source) for c, e in doc.wb.items["FEB"].items()} == before


def test_import_tb_replace_entries(tmp_path, capsys):
    book = _book(tmp_path, 2026)
    jan = gl.write("quickbooks-desktop", "JAN", tmp_path)
    assert cli.main(["import-tb", str(book), str(jan), "--mapping", str(STARTER)]) == 0
    wb, state = load(book)
    wb.set_item("JAN", "4274", D(30_000))
    save(wb, book, state)
    capsys.readouterr()
    code, out, _ = run_cli(capsys, "import-tb", book, jan)
    assert code == 0 and "(kept your 30,000; the trial balance gives 25,000)" in out
    assert "differs by $5,000.00" in out
    assert load(book)[0].value("JAN", "4274") == D(30_000)
    code, out, _ = run_cli(capsys, "import-tb", book, jan, "--replace-entries")
    assert code == 0 and "kept your" not in out and "ties to line 8 within $0.00" in out
    assert load(book)[0].value("JAN", "4274") == D(25_000)


@pytest.mark.parametrize("layout", ["quickbooks-desktop", "plain"])
def test_january_february_through_the_cli(tmp_path, capsys, layout):
    book = _book(tmp_path, 2026)
    capsys.readouterr()
    code, out, err = run_cli(capsys, "import-tb", book, gl.write(layout, "JAN", tmp_path),
                          "--mapping", STARTER)
    assert code == 0, err
    assert re.search(r"line 4 +\[ 3501\] +4,260,478.00", out)
    code, out, err = run_cli(capsys, "import-tb", book, gl.write(layout, "FEB", tmp_path))
    assert code == 0, err
    assert re.search(r"line 4 +\[ 3501\] +carried +from the prior month's line 8", out)
    assert re.search(r"line 7b +\[ 4274\] +50,000.00 .*\(YTD 75,000.00 less prior YTD "
                     r"25,000.00\)", out)
    assert "Tie-out: the ledger's equity ties to line 8 within $0.00" in out
    code, out, _ = run_cli(capsys, "export-json", book)
    months = json.loads(out)["months"]
    assert months["FEB"]["items"]["3501"] == "4369608"  # JAN's line 8
    assert months["FEB"]["sources"]["3501"] == "carried"
    for month in ("JAN", "FEB"):
        got = {c: D(v) for c, v in months[month]["items"].items() if c in gl.EXPECTED[month]}
        assert got == gl.EXPECTED[month]
        assert D(months[month]["items"]["3500"]) == gl.LINE_8[month]
    code, out, _ = run_cli(capsys, "check", book)
    assert "ledger's equity" not in out


@pytest.mark.parametrize("damage", ["truncated", "bad amount"])
def test_a_bad_gl_file_changes_nothing(tmp_path, capsys, damage):
    book = _book(tmp_path, 2026)
    jan = gl.write("quickbooks-desktop", "JAN", tmp_path)
    assert cli.main(["import-tb", str(book), str(jan), "--mapping", str(STARTER)]) == 0
    feb = gl.write("quickbooks-online", "FEB", tmp_path)
    if damage == "truncated":
        feb = tmp_path / "feb.xlsx"
        data = gl.write("quickbooks-desktop", "FEB", tmp_path).read_bytes()
        feb.write_bytes(data[: len(data) // 2])
    else:
        text = feb.read_text("utf-8").replace('"60,000.00"', '"60,000.0O"')
        feb.write_text(text, "utf-8")
    capsys.readouterr()
    before = book.read_bytes()
    code, out, err = run_cli(capsys, "import-tb", book, feb)
    assert code != 0 and out == "" and err.count("\n") == 1, err
    assert ("damaged" if damage == "truncated" else
            "row 7, column B (Debit): '60,000.0O' is not an amount") in err
    assert book.read_bytes() == before
