"""Trial-balance import: reading, detection, amounts, mapping, roll-up, applying, CLI.

Spreadsheets are built here with openpyxl (xlsx) and as text (csv); the .xls, .ods and
password-protected fixtures in tests/fixtures/tb/ were made by
packaging/make_tb_fixtures.py (LibreOffice, msoffcrypto-tool) and hold the same trial
balance as `layout_xlsx` below.
"""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import Workbook as XWorkbook

from focusdesk import cli
from focusdesk.base.money import AmountError
from focusdesk.document.document import Document, assignments_to, snapshot
from focusdesk.document.editing import EditHistory
from focusdesk.document.lock import lock_path
from focusdesk.document.schema import SCHEMA_VERSION
from focusdesk.document.store import load, save
from focusdesk.model.workbook import MappingRow, TBRow, TrialBalance, Workbook
from focusdesk.tb import TBError
from focusdesk.tb.amounts import parse_tb_amount
from focusdesk.tb.detect import Overrides, column_index, detect
from focusdesk.tb.importer import accounts_behind, apply, prepare
from focusdesk.tb.mapping import (
    Mapping,
    canonical,
    read_mapping_file,
    resolve_item,
    write_mapping_file,
)
from focusdesk.tb.reader import open_spreadsheet
from focusdesk.tb.rollup import rollup
from focusdesk.tb.table import parse_table

FIXTURES = Path(__file__).parent / "fixtures" / "tb"
D = Decimal

# The mapping the layout fixture is read with.
LAYOUT_MAPPING = (MappingRow("1010-1099", "38"), MappingRow("12*", "37a"),
                  MappingRow("2*", "23a"), MappingRow("4*", "5b"), MappingRow("5*", "5c"))
LAYOUT_EXPECTED = {"750": D("265000.5"), "810": D("80000"), "3840": D("52500.5"),
                   "4212": D("60000"), "4201": D("67500")}


def xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = XWorkbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def layout_rows() -> list[list[object]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
    try:
        import make_tb_fixtures as m
    finally:
        sys.path.pop(0)
    return [[t] for t in m.TITLE] + [[]] + [m.HEADER] + [list(r) for r in m.ROWS]


@pytest.fixture
def layout_xlsx(tmp_path) -> Path:
    return xlsx(tmp_path / "layout.xlsx", {"Cover": [["Monthly close package"]],
                                           "Trial Balance": layout_rows()})


def fresh() -> Workbook:
    wb = Workbook()
    wb.audit.clear()
    return wb


def values(wb: Workbook, month: str) -> dict[str, Decimal]:
    return {c: e.value for c, e in wb.items[month].items()}


# -- amounts --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.56", "1234.56"), ("(1,234.56)", "-1234.56"), ("-1,234.56", "-1234.56"),
    ("1,234.56 CR", "-1234.56"), ("1,234.56 DR", "1234.56"), ("1,234.56CR", "-1234.56"),
    ("1,234.56 cr", "-1234.56"), ("1,234.56 Dr.", "1234.56"), ("$1,234", "1234"),
    ("-$1,234.50", "-1234.5"), ("1234.56", "1234.56"), ("  42 ", "42"), ("1,234.56-", "-1234.56"),
    ("-", "0"), ("0.00 CR", "0"), (1234.56, "1234.56"), (1010, "1010"),
    (0.1 + 0.2, "0.3"), (-5000.25, "-5000.25"), (Decimal("7.5"), "7.5"),
])
def test_amount_spellings(text, expected):
    assert parse_tb_amount(text) == Decimal(expected)


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_amounts_are_none(blank):
    assert parse_tb_amount(blank) is None


@pytest.mark.parametrize("bad", ["abc", "12..3", "(5) CR", "-5 DR", "1.005", "1 2 3", "CR",
                                 "1.234,56", True, 1e16, float("nan")])
def test_what_is_not_an_amount(bad):
    with pytest.raises(AmountError):
        parse_tb_amount(bad)


def test_a_date_is_not_an_amount():
    import datetime

    with pytest.raises(AmountError, match="date"):
        parse_tb_amount(datetime.date(2025, 1, 31))


# -- reading and detection --------------------------------------------------------------

def _check_layout_result(wb: Workbook, preview) -> None:
    assert {ch.code: ch.new for ch in preview.lines} == LAYOUT_EXPECTED
    assert [r.account for r in preview.unmapped] == ["3000"]
    assert preview.unmapped[0].balance == D("-300000")
    reasons = {s.row: s.reason for s in preview.skipped}
    assert reasons == {8: "no account (a subtotal or heading)", 15: "a total row"}
    assert preview.table.balanced


def test_title_rows_header_not_on_row_1_second_sheet_subtotals(layout_xlsx):
    book = open_spreadsheet(layout_xlsx)
    det = detect(book)
    lay = det.layout
    assert (lay.sheet, lay.header_row, lay.first_row) == ("Trial Balance", 4, 5)
    assert (lay.account, lay.description, lay.debit, lay.credit, lay.balance) == \
        (0, 1, 2, 3, None)
    assert "header row 4" in lay.describe()
    wb = fresh()
    _check_layout_result(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))


@pytest.mark.parametrize("name", ["layout.xls", "layout.ods"])
def test_legacy_xls_and_ods_read_like_the_xlsx(name):
    book = open_spreadsheet(FIXTURES / name)
    assert book.kind == name.rsplit(".", 1)[1]
    wb = fresh()
    preview = prepare(wb, FIXTURES / name, "JAN", mapping_rows=LAYOUT_MAPPING)
    assert preview.layout.sheet == "Trial Balance"
    _check_layout_result(wb, preview)


def test_csv_with_every_amount_spelling(tmp_path):
    text = ("Company X\n\nAccount,Description,Balance\n"
            '1010,Cash,"1,234.56"\n'
            '1020,Petty cash,$100\n'
            '2010,Payables,"(1,000.00)"\n'
            '2020,Accrued,"234.56 CR"\n'
            '2030,Other,-150.00\n'
            '5000,Expense,"50.00 DR"\n'
            "5010,Zero,\n"
            ',Total,"0.00"\n')
    path = tmp_path / "tb.csv"
    path.write_text(text, encoding="utf-8")
    wb = fresh()
    rows = (MappingRow("10*", "38"), MappingRow("20*", "23a"), MappingRow("50*", "5c"))
    p = prepare(wb, path, "JAN", mapping_rows=rows)
    assert p.layout.header_row == 3 and p.layout.balance == 2
    got = {ch.code: ch.new for ch in p.lines}
    assert got == {"750": D("1334.56"), "3840": D("1384.56"), "4201": D("50")}
    # Written as the form's amounts are (what the workbook file stores), not "1334.5600":
    # text amounts are added in whole cents like the spreadsheet's numbers.
    assert {c: str(v) for c, v in got.items()} == {"750": "1334.56", "3840": "1384.56",
                                                    "4201": "50"}
    assert all(type(c) is int for c in p.table.cents)
    assert p.table.balanced
    assert [s.row for s in p.skipped] == [11]


def test_csv_semicolons_and_cp1252(tmp_path):
    path = tmp_path / "tb.csv"
    path.write_bytes("Konto;Bezeichnung;Balance\n1010;Caf\xe9;100\n2010;Loan;-100\n"
                     .encode("cp1252"))
    wb = fresh()
    p = prepare(wb, path, "JAN", mapping_rows=(MappingRow("1010", "38"),),
                overrides=Overrides(account="A"))
    assert p.table.rows[0] == TBRow("1010", "Café", D("100"))


def test_single_balance_column_with_text_and_cr(tmp_path):
    path = xlsx(tmp_path / "b.xlsx", {"TB": [
        ["Acct", "Title", "Ending Balance"],
        [1010, "Cash", "5,000.00"],
        ["2010-00", "Payable", "5,000.00 CR"],
    ]})
    wb = fresh()
    p = prepare(wb, path, "MAR", mapping_rows=(MappingRow("1010", "38"),
                                                MappingRow("2010-00", "23a")))
    assert {ch.code: ch.new for ch in p.lines} == {"750": D("5000"), "3840": D("5000")}


def test_account_numbers_as_numbers_match_text_rules(tmp_path):
    path = xlsx(tmp_path / "n.xlsx", {"TB": [
        ["Account", "Balance"], [1010, 1], [1010.5, 2], ["1010-00", 3], [" 1020 ", 4]]})
    book = open_spreadsheet(path)
    lay = detect(book).layout
    table = parse_table(book.sheet(lay.sheet), lay)
    assert [r.account for r in table.rows] == ["1010", "1010.5", "1010-00", "1020"]
    m = Mapping((MappingRow("1010", "38"), MappingRow("1010-00", "13")))
    assert m.match("1010").code == "750" and m.match("1010-00").code == "3540"
    assert m.match("10100") is None  # a longer number is another account


def test_the_ending_balance_is_chosen_over_the_beginning(tmp_path):
    path = xlsx(tmp_path / "e.xlsx", {"TB": [
        ["Account", "Description", "Beginning Balance", "Activity", "Ending Balance"],
        [1010, "Cash", 1, 2, 3], [2010, "Loan", -1, -2, -3]]})
    lay = detect(open_spreadsheet(path)).layout
    assert lay.balance == 4


def test_a_sheet_without_header_row(tmp_path):
    path = xlsx(tmp_path / "h.xlsx", {"Sheet1": [
        [1010, "Cash", 100, None], [2010, "Loan", None, 60], [3010, "Capital", None, 40]]})
    lay = detect(open_spreadsheet(path)).layout
    assert lay.header_row is None and lay.first_row == 1
    assert (lay.account, lay.description, lay.debit, lay.credit) == (0, 1, 2, 3)


def test_repeated_page_headers_are_skipped(tmp_path):
    path = xlsx(tmp_path / "p.xlsx", {"TB": [
        ["Account", "Description", "Debit", "Credit"], [1010, "Cash", 100, None],
        ["Account", "Description", "Debit", "Credit"], [2010, "Loan", None, 100]]})
    book = open_spreadsheet(path)
    lay = detect(book).layout
    table = parse_table(book.sheet(lay.sheet), lay)
    assert [r.account for r in table.rows] == ["1010", "2010"]
    assert [(s.row, s.reason) for s in table.skipped] == [(3, "a repeated header row")]


def test_overrides_choose_sheet_header_and_columns(tmp_path):
    path = xlsx(tmp_path / "o.xlsx", {
        "Summary": [["Account", "Balance"], [9999, 1]],
        "Detail": [["x"], ["Cost centre", "GL", "Name", "Net", "Other"],
                   ["A", "1010", "Cash", 10, 99], ["B", "2010", "Loan", -10, 99]]})
    book = open_spreadsheet(path)
    ov = Overrides(sheet="Detail", header_row=2, account="GL", balance="E")
    lay = detect(book, ov).layout
    assert (lay.sheet, lay.header_row, lay.account, lay.balance) == ("Detail", 2, 1, 4)
    ov = Overrides(sheet="2", header_row=2, account="2", debit="D", credit="5")
    lay = detect(book, ov).layout
    assert (lay.account, lay.debit, lay.credit, lay.balance) == (1, 3, 4, None)
    with pytest.raises(TBError, match="no sheet 'Nope'"):
        detect(book, Overrides(sheet="Nope"))
    with pytest.raises(TBError, match="neither a heading"):
        detect(book, Overrides(sheet="Detail", header_row=2, account="Konto!"))


def test_column_index_spellings():
    heads = ("Account", "Dr", "Cr")
    assert column_index("C") == 2 and column_index("AA") == 26 and column_index("3") == 2
    assert column_index("cr", heads) == 2  # a heading before the column CR


def test_an_amount_that_is_not_one_names_sheet_row_and_column(tmp_path):
    path = xlsx(tmp_path / "bad.xlsx", {"TB": [
        ["Account", "Description", "Balance"], [1010, "Cash", 5], [2010, "Loan", "n/a"]]})
    with pytest.raises(TBError) as info:
        prepare(fresh(), path, "JAN", mapping_rows=(MappingRow("1010", "38"),))
    assert str(info.value) == ("bad.xlsx, sheet 'TB', row 3, column C (Balance): "
                               "'n/a' is not an amount")


# -- mapping ------------------------------------------------------------------------------

def test_precedence_exact_range_prefix():
    m = Mapping((MappingRow("1*", "13"), MappingRow("10*", "15"), MappingRow("1000-1999", "11a"),
                 MappingRow("1050-1059", "11b"), MappingRow("1055", "38"),
                 MappingRow("2010..2199", "23a"), MappingRow("*", "9")))
    assert m.match("1055").code == "750"  # exact
    assert m.match("1051").code == "3560"  # the narrowest range
    assert m.match("1060").code == "3550"  # the wider range beats any prefix
    assert m.match("1060-01").code == "3550"  # leading digits are compared
    assert m.match("10A").code == "3612"  # the longest prefix
    assert m.match("1B").code == "3540"
    assert m.match("2100").code == "3840"
    assert m.match("ZZZ").code == "3525"  # the catch-all
    assert Mapping((MappingRow("2010-2199", "23a"),)).match("21999") is None


def test_a_dashed_account_is_exact_not_a_range():
    m = Mapping((MappingRow("1010-00", "38"),))
    assert m.match("1010-00").code == "750"
    assert m.match("1005") is None


def test_normal_balance_and_sign_overrides():
    m = Mapping((MappingRow("2010", "23a"), MappingRow("1010", "38"),
                 MappingRow("2020", "23a", "+"), MappingRow("1020", "38", "-"),
                 MappingRow("9000", "9")))
    mult = {a: m.multiplier(m.match(a)) for a in ("2010", "1010", "2020", "1020", "9000")}
    assert mult == {"2010": -1, "1010": 1, "2020": 1, "1020": -1, "9000": 1}
    assert any("no normal balance" in n for n in m.notes())


def test_a_credit_liability_becomes_positive_aggregate_indebtedness(tmp_path):
    path = xlsx(tmp_path / "l.xlsx", {"TB": [["Account", "Balance"], [2010, "5,000.00 CR"],
                                             [2020, -1000], [2030, 250]]})
    wb = fresh()
    p = prepare(wb, path, "JAN", mapping_rows=(MappingRow("20*", "23a"),
                                               MappingRow("2030", "23a", "-")))
    assert [(ch.code, ch.new) for ch in p.lines] == [("3840", D("5750"))]


@pytest.mark.parametrize(("item", "message"), [
    ("8", "computed"), ("3500", "computed"), ("19", "computed"), ("33", "count"),
    ("5", "caption"), ("9999", "neither"), ("xyz", "neither"),
])
def test_refused_items(item, message):
    with pytest.raises(TBError, match=message):
        Mapping((MappingRow("1010", item),))


def test_items_by_code_or_line():
    assert resolve_item("23a") == resolve_item("23A") == resolve_item("3840") == "3840"
    assert resolve_item("line 38") == "750"
    assert resolve_item(750.0) == "750"  # a code stored as a number in a mapping sheet


def test_conflicting_rules_are_refused():
    with pytest.raises(TBError, match="already mapped"):
        Mapping((MappingRow("1010", "38"), MappingRow("1010", "13")))
    Mapping((MappingRow("1010", "38"), MappingRow("1010", "38")))  # a repeat is harmless
    with pytest.raises(TBError, match="runs backwards"):
        Mapping((MappingRow("B..A", "38"),))


def test_mapping_files_round_trip_csv_and_xlsx(tmp_path):
    rows = (MappingRow("1010", "750"), MappingRow("2010-2199", "3840", "-"),
            MappingRow("12*", "810", "+"))
    for name in ("m.csv", "m.xlsx"):
        write_mapping_file(rows, tmp_path / name)
        assert read_mapping_file(tmp_path / name) == rows


def test_mapping_file_with_lines_numbers_and_sign_words(tmp_path):
    path = xlsx(tmp_path / "map.xlsx", {"Mapping": [
        ["Notes"], ["account", "item", "sign", "comment"],
        [1010, "38", None, "cash"], ["2*", 3840, "Cr", ""], [None, None, None, None],
        ["4*", "5b", "dr", ""]]})
    assert read_mapping_file(path) == (MappingRow("1010", "750"),
                                       MappingRow("2*", "3840", "-"),
                                       MappingRow("4*", "4212", "+"))


def test_mapping_file_errors_name_the_row(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("account,item\n1010,38\n3000,8\n", encoding="utf-8")
    with pytest.raises(TBError, match=r"map.csv, row 3: line 8 \[3500\] is computed"):
        read_mapping_file(path)
    path.write_text("acct,line\n1010,38\n", encoding="utf-8")
    with pytest.raises(TBError, match="'account' and 'item'"):
        read_mapping_file(path)


# -- year to date -----------------------------------------------------------------------

def _pl(tmp_path: Path, name: str, income: object, expense: object, cash: object = 0) -> Path:
    return xlsx(tmp_path / name, {"TB": [["Account", "Description", "Balance"],
                                         [1010, "Cash", cash], [4000, "Income", income],
                                         [5000, "Expense", expense]]})


PL_MAPPING = (MappingRow("1010", "38"), MappingRow("4*", "5b"), MappingRow("5*", "5c"))


def test_ytd_income_lines_take_the_month_s_activity(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, _pl(tmp_path, "jan.xlsx", -1000, 400, 600), "JAN",
                      mapping_rows=PL_MAPPING))
    assert values(wb, "JAN") == {"750": D(600), "4212": D(1000), "4201": D(400)}
    p = prepare(wb, _pl(tmp_path, "feb.xlsx", -2500, 900, 1600), "FEB")
    line = {ch.code: ch for ch in p.lines}
    assert line["4212"].detail.ytd_amount == D(2500) and line["4212"].detail.prior_ytd == D(1000)
    apply(wb, p)
    assert values(wb, "FEB") == {"750": D(1600), "4212": D(1500), "4201": D(500)}


def test_ytd_without_the_prior_month_is_refused_unless_period(tmp_path):
    wb = fresh()
    path = _pl(tmp_path, "mar.xlsx", -3000, 1000)
    with pytest.raises(TBError, match=r"no trial balance is imported for FEB.*--period"):
        prepare(wb, path, "MAR", mapping_rows=PL_MAPPING)
    p = prepare(wb, path, "MAR", mapping_rows=PL_MAPPING, basis="period")
    assert {ch.code: ch.new for ch in p.lines}["4212"] == D(3000)


def test_a_period_month_between_ytd_months(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, _pl(tmp_path, "jan.xlsx", -1000, 0), "JAN", mapping_rows=PL_MAPPING))
    apply(wb, prepare(wb, _pl(tmp_path, "feb.xlsx", -200, 0), "FEB", basis="period"))
    assert wb.value("FEB", "4212") == D(200)
    apply(wb, prepare(wb, _pl(tmp_path, "mar.xlsx", -1500, 0), "MAR"))
    assert wb.value("MAR", "4212") == D(300)  # 1,500 YTD less JAN 1,000 + FEB 200


def test_january_is_its_own_ytd_even_with_no_prior(tmp_path):
    wb = fresh()
    p = prepare(wb, _pl(tmp_path, "jan.xlsx", -10, 5), "JAN", mapping_rows=PL_MAPPING)
    assert {ch.code: ch.new for ch in p.lines} == {"750": D(0), "4212": D(10), "4201": D(5)}


# -- applying ---------------------------------------------------------------------------

def test_apply_is_one_undo_step_with_the_trial_balance_and_mapping(layout_xlsx):
    doc = Document.untitled(fresh())
    doc.wb.set_item("JAN", "3840", D(7))  # typed: replaced only when told to
    p = prepare(doc.wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING, replace_entries=True)
    before = values(doc.wb, "JAN")
    step = doc.apply(p.label, p.assignments())
    assert step is not None and doc.history.undo_label.startswith("Import trial balance")
    assert values(doc.wb, "JAN") == LAYOUT_EXPECTED
    sha = hashlib.sha256(layout_xlsx.read_bytes()).hexdigest()
    assert doc.wb.items["JAN"]["3840"].source == "imported"
    assert doc.wb.items["JAN"]["3840"].source_ref == f"layout.xlsx sha256:{sha}"
    assert doc.wb.trial_balances["JAN"].sha256 == sha
    assert doc.wb.tb_mapping == canonical(LAYOUT_MAPPING)
    assert any(a.action == "import" and a.detail == f"layout.xlsx sha256:{sha}"
               for a in doc.wb.audit)
    assert any(a.target == "3840" and sha in a.detail for a in doc.wb.audit)
    doc.history.undo()
    assert values(doc.wb, "JAN") == before
    assert doc.wb.trial_balances == {} and doc.wb.tb_mapping == ()
    doc.history.redo()
    assert values(doc.wb, "JAN") == LAYOUT_EXPECTED


def test_preview_shows_current_new_difference_and_accounts(layout_xlsx):
    wb = fresh()
    wb.set_item("JAN", "750", D(1000), source="imported", source_ref="jan.json sha256:00")
    p = prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING)
    cash = next(ch for ch in p.lines if ch.code == "750")
    assert (cash.current, cash.new, cash.difference) == (D(1000), D("265000.5"), D("264000.5"))
    assert [c.account for c in cash.detail.accounts] == ["1010", "1020"]
    assert wb.value("JAN", "750") == D(1000)  # preparing changes nothing


def test_a_failing_step_changes_nothing(layout_xlsx):
    wb = fresh()
    p = prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING)
    wb.set_item("JAN", "750", D(5))
    from focusdesk.document.editing import ItemCell
    from focusdesk.model.workbook import WorkbookError

    bad = [*p.assignments(), (ItemCell("JAN", "3500"), D(1))]  # a computed line
    with pytest.raises(WorkbookError):
        EditHistory(wb).apply("x", bad)
    assert values(wb, "JAN") == {"750": D(5)} and wb.trial_balances == {}


def test_reimport_clears_lines_the_previous_import_set(tmp_path, layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    fewer = xlsx(tmp_path / "fewer.xlsx", {"TB": [["Account", "Balance"], [1010, 5],
                                                  [2010, -5]]})
    p = prepare(wb, fewer, "JAN")
    cleared = {ch.code for ch in p.lines if ch.new is None}
    assert cleared == {"810", "4212", "4201"}
    apply(wb, p)
    assert "810" not in wb.items["JAN"] and wb.value("JAN", "750") == D(5)


def test_warnings_out_of_balance_and_duplicates(tmp_path):
    path = xlsx(tmp_path / "w.xlsx", {"TB": [["Account", "Debit", "Credit"], [1010, 100, None],
                                             [1010, 5, None], [2010, None, 100]]})
    p = prepare(fresh(), path, "JAN", mapping_rows=(MappingRow("1010", "38"),))
    text = " | ".join(p.warnings)
    assert "does not balance: debits 105.00, credits 100.00, difference 5.00" in text
    assert "account 1010 appears on rows 2, 3" in text
    assert "1 account(s) are not mapped" in text


def test_many_repeated_accounts_are_named_up_to_ten_then_counted(tmp_path):
    # 12 accounts, each on two rows (rows 2-13, then again on rows 14-25): the first ten
    # are named with both rows, the other two counted; every balance is still added.
    rows = [["Account", "Balance"]] + [[1000 + i, 1] for i in range(12)] * 2
    p = prepare(fresh(), xlsx(tmp_path / "d.xlsx", {"TB": rows}), "JAN",
                mapping_rows=(MappingRow("1000-1999", "38"),))
    named = [w for w in p.warnings if w.startswith("account ")]
    assert named[0] == "account 1000 appears on rows 2, 14; its balances are added"
    assert len(named) == 10 and named[-1].startswith("account 1009 appears on rows 11, 23")
    assert "… and 2 more account(s) appear on more than one row" in " | ".join(p.warnings)
    assert p.table.duplicated_accounts == 12 and len(p.table.duplicates()) == 12
    assert [ch.new for ch in p.lines] == [D(24)]  # every row's balance is added


def test_drill_down_lists_the_accounts_behind_a_cell(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, _pl(tmp_path, "jan.xlsx", -1000, 400), "JAN", mapping_rows=PL_MAPPING))
    apply(wb, prepare(wb, _pl(tmp_path, "feb.xlsx", -2500, 900), "FEB"))
    cell = accounts_behind(wb, "FEB", "4212")
    assert cell.note == ""
    assert [(c.account, c.amount) for c in cell.accounts] == [("4000", D(2500))]
    assert [(c.month, c.account, c.amount) for c in cell.line.prior_accounts] == \
        [("JAN", "4000", D(1000))]
    wb.set_item("FEB", "4212", D(1))
    assert "was typed" in accounts_behind(wb, "FEB", "4212").note
    assert "no trial balance" in accounts_behind(wb, "MAR", "4212").note


# -- the workbook file ------------------------------------------------------------------

def test_trial_balances_and_mapping_are_saved_and_loaded(tmp_path, layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    path = tmp_path / "w.focus"
    save(wb, path)
    back, state = load(path)
    assert back.tb_mapping == canonical(LAYOUT_MAPPING)
    assert back.trial_balances == wb.trial_balances
    assert back.trial_balances["JAN"].rows[0] == TBRow("1010", "Cash — operating", D(250000))
    # an unchanged trial balance is not rewritten; a dropped one is deleted
    back.set_item("FEB", "750", D(1))
    save(back, path, state)
    back.set_trial_balance("JAN", None)
    save(back, path, state)
    again, _ = load(path)
    assert again.trial_balances == {} and again.value("FEB", "750") == D(1)


def test_schema_has_a_new_migration_step():
    from focusdesk.document.schema import MIGRATIONS

    assert SCHEMA_VERSION == len(MIGRATIONS) >= 3
    assert any("tb_rows" in s for s in MIGRATIONS[2])


def test_recovery_snapshot_carries_the_trial_balance(layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    other = fresh()
    EditHistory(other).apply("recover", assignments_to(other, snapshot(wb)))
    assert other.trial_balances == wb.trial_balances and other.tb_mapping == wb.tb_mapping


# -- files that are not trial balances ----------------------------------------------------

def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    return path


def _lying_zip(path: Path) -> Path:
    """A member whose headers claim 1,000 bytes but that inflates to 2 MB."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (2 * 2**20))
    data = bytearray(raw.getvalue())
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            size = struct.unpack_from("<I", data, i + off)[0]
            if size == 2 * 2**20:
                struct.pack_into("<I", data, i + off, 1000)
            start = i + 4
    path.write_bytes(bytes(data))
    return path


BAD_FILES = {
    "empty.xlsx": (lambda p: p.write_bytes(b"") or p, "is empty"),
    "truncated.xlsx": (None, "damaged"),
    "report.xlsx": (lambda p: p.write_bytes(b"%PDF-1.7\n...") or p, "it is a PDF"),
    "notes.xlsx": (lambda p: p.write_text("just some text") or p, "not an Excel"),
    "archive.xlsx": (None, "zip archive, not an Excel"),
    "bomb.xlsx": (_zip_bomb, "zip bomb"),
    "lying.xlsx": (_lying_zip, "damaged"),
    "image.png": (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n....") or p, "PNG image"),
    "encrypted.xlsx": (None, "password-protected"),
    "blank.xlsx": (None, "is empty"),
}


def _make_bad(tmp_path: Path, name: str, layout_xlsx: Path) -> Path:
    path = tmp_path / name
    maker = BAD_FILES[name][0]
    if name == "truncated.xlsx":
        data = layout_xlsx.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif name == "archive.xlsx":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("readme.txt", "hello")
    elif name == "encrypted.xlsx":
        path.write_bytes((FIXTURES / name).read_bytes())
    elif name == "blank.xlsx":
        xlsx(path, {"Sheet1": []})
    else:
        maker(path)
    return path


@pytest.fixture
def book_file(tmp_path) -> Path:
    path = tmp_path / "firm.focus"
    assert cli.main(["new", str(path), "--firm", "Firm", "--year", "2025"]) == 0
    return path


def _run(capsys, *argv: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_one_clear_error_and_the_workbook_is_unchanged(
        tmp_path, capsys, book_file, layout_xlsx, name):
    bad = _make_bad(tmp_path, name, layout_xlsx)
    mapping = tmp_path / "map.csv"
    mapping.write_text("account,item\n1010,38\n", encoding="utf-8")
    capsys.readouterr()
    before = book_file.read_bytes()
    code, out, err = _run(capsys, "import-tb", book_file, bad, "--month", "JAN",
                          "--mapping", mapping)
    assert code != 0 and out == ""
    assert err.startswith("focusdesk: ") and err.count("\n") == 1, err
    assert BAD_FILES[name][1] in err and "Traceback" not in err
    assert book_file.read_bytes() == before
    assert not lock_path(book_file).exists()


def test_password_protected_is_found_from_the_compound_file_directory():
    from focusdesk.tb.reader import cfb_stream_names

    names = cfb_stream_names((FIXTURES / "encrypted.xlsx").read_bytes())
    assert names is not None and "encryptedpackage" in names
    assert "workbook" in cfb_stream_names((FIXTURES / "layout.xls").read_bytes())


# -- the command line -------------------------------------------------------------------

def test_import_tb_prints_the_summary_and_saves(tmp_path, capsys, book_file, layout_xlsx):
    mapping = tmp_path / "map.csv"
    write_mapping_file(LAYOUT_MAPPING, mapping)
    code, out, err = _run(capsys, "import-tb", book_file, layout_xlsx, "--month", "jan",
                          "--mapping", mapping)
    assert code == 0, err
    assert "Imported layout.xlsx" in out and "5 line(s) set" in out
    assert "line 23a  [ 3840]            52,500.50" in out
    assert "Unmapped accounts (1):" in out and "300,000.00" in out
    assert "row 8: no account (a subtotal or heading)" in out and "row 15: a total row" in out
    wb, _ = load(book_file)
    assert values(wb, "JAN") == LAYOUT_EXPECTED
    assert wb.tb_mapping == canonical(LAYOUT_MAPPING)
    sha = hashlib.sha256(layout_xlsx.read_bytes()).hexdigest()
    assert any(a.detail == f"layout.xlsx sha256:{sha}" for a in wb.audit)

    # the workbook keeps the mapping: the next month needs no --mapping
    code, out, err = _run(capsys, "import-tb", book_file, layout_xlsx, "--month", "FEB")
    assert code == 0, err
    assert "YTD 60,000.00 less prior YTD 60,000.00" in out
    code, out, _ = _run(capsys, "tb-accounts", book_file, "--month", "JAN", "--item", "38")
    assert code == 0 and "1010" in out and "1020" in out and "265,000.50" in out

    out_map = tmp_path / "export.xlsx"
    assert _run(capsys, "mapping-export", book_file, out_map)[0] == 0
    assert read_mapping_file(out_map) == canonical(LAYOUT_MAPPING)


def test_import_tb_overrides_and_dry_run(tmp_path, capsys, book_file):
    path = xlsx(tmp_path / "o.xlsx", {"Data": [["junk"], ["Ctr", "GL", "Name", "Amt"],
                                               ["x", 1010, "Cash", 42]]})
    mapping = tmp_path / "map.csv"
    mapping.write_text("account,item,sign\n1010,38,\n", encoding="utf-8")
    before = book_file.read_bytes()
    code, out, err = _run(capsys, "import-tb", book_file, path, "--month", "APR", "--mapping",
                          mapping, "--sheet", "Data", "--header-row", "2", "--account-col",
                          "B", "--balance-col", "4", "--dry-run")
    assert code == 0, err
    assert "Would import" in out and "42.00" in out
    assert book_file.read_bytes() == before


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--mapping", "{map_bad}"], "is computed"),
    ([], "no account mapping yet"),
    (["--mapping", "{map}", "--balance-col", "Q", "--debit-col", "C"], "not both"),
    (["--mapping", "{map}", "--sheet", "Nope"], "no sheet 'Nope'"),
])
def test_import_tb_errors(tmp_path, capsys, book_file, layout_xlsx, argv, fragment):
    (tmp_path / "map.csv").write_text("account,item\n1010,38\n", encoding="utf-8")
    (tmp_path / "bad.csv").write_text("account,item\n3000,8\n", encoding="utf-8")
    argv = [a.format(map=tmp_path / "map.csv", map_bad=tmp_path / "bad.csv") for a in argv]
    before = book_file.read_bytes()
    code, _, err = _run(capsys, "import-tb", book_file, layout_xlsx, "--month", "MAR", *argv)
    assert code != 0 and fragment in err and err.count("\n") == 1, err
    assert book_file.read_bytes() == before


def test_import_tb_missing_prior_month(tmp_path, capsys, book_file):
    mapping = tmp_path / "map.csv"
    write_mapping_file(PL_MAPPING, mapping)
    before = book_file.read_bytes()
    code, _, err = _run(capsys, "import-tb", book_file, _pl(tmp_path, "m.xlsx", -5, 1),
                        "--month", "MAR", "--mapping", mapping)
    assert code != 0 and "import FEB first" in err
    assert book_file.read_bytes() == before
    code, out, err = _run(capsys, "import-tb", book_file, _pl(tmp_path, "m.xlsx", -5, 1),
                          "--month", "MAR", "--mapping", mapping, "--period")
    assert code == 0 and "the month's activity" in out


def test_import_tb_in_a_subprocess_has_no_traceback(tmp_path, book_file):
    bad = _zip_bomb(tmp_path / "bomb.xlsx")
    proc = subprocess.run([sys.executable, "-m", "focusdesk", "import-tb", str(book_file),
                           str(bad), "--month", "JAN"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode != 0 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "zip bomb" in proc.stderr


def test_xlsm_reads_like_xlsx(tmp_path, layout_xlsx):
    macro = tmp_path / "layout.xlsm"
    macro.write_bytes(layout_xlsx.read_bytes())
    wb = fresh()
    _check_layout_result(wb, prepare(wb, macro, "JAN", mapping_rows=LAYOUT_MAPPING))


# -- the roll-up in integer cents is the roll-up in Decimals ------------------------------

# Two rules of opposite signs reach line 38 (cash), so its rows come from two lists.
ROLLUP_RULES = (MappingRow("1000-1099", "38"), MappingRow("11*", "38", "-"),
                MappingRow("2000-2999", "23a"), MappingRow("3*", "13"),
                MappingRow("1050", "15"))
_accounts = st.sampled_from(["1010", "1050", "1099", "1100", "1150-01", "2100", "2999",
                             "3000", "3x9", "4000", "9999", "ab"])
_balances = st.one_of(st.integers(-10**9, 10**9).map(lambda c: Decimal(c).scaleb(-2)),
                      st.decimals(-10**6, 10**6, places=3, allow_nan=False))


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_accounts, _balances), min_size=1, max_size=40))
def test_rollup_in_cents_matches_the_rollup_in_decimals(entries):
    rows = tuple(TBRow(a, f"row {i}", b) for i, (a, b) in enumerate(entries))
    cents = [int(b * 100) if b == b.quantize(Decimal("0.01")) else b * 100 for _a, b in entries]
    wb = fresh()
    mapping = Mapping(canonical(ROLLUP_RULES, wb.form), wb.form)
    tb = TrialBalance("tb.xlsx", "0" * 64, rows)
    counted = dict.fromkeys(a for a, _ in entries)
    fast = rollup("JAN", tb, mapping, {}, wb.form, accounts=counted, cents=cents,
                  column=[a for a, _ in entries])
    plain = rollup("JAN", tb, mapping, {}, wb.form)
    assert {c: line.amount for c, line in fast.lines.items()} == \
        {c: line.amount for c, line in plain.lines.items()}
    assert fast.unmapped == plain.unmapped
    # Each line: the signed sum of its rows, its accounts listed in the file's order.
    for code, line in fast.lines.items():
        assert [(c.account, c.balance) for c in line.accounts] == \
            [(r.account, r.balance) for r in rows
             if (rule := mapping.match(r.account)) is not None and rule.code == code]
        assert line.amount == sum((c.amount for c in line.accounts), Decimal(0))
