"""Reading a trial balance (`tb.reader`, `tb.detect`, `tb.table`): the formats, finding
the table in a sheet, overrides, and files that are not trial balances.

The .xls, .ods and password-protected fixtures in tests/fixtures/tb/ were made by
packaging/make_tb_fixtures.py (LibreOffice, msoffcrypto-tool) and hold the same trial
balance as the `layout_xlsx` fixture.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from tb_support import (
    FIXTURES,
    LAYOUT_EXPECTED,
    LAYOUT_MAPPING,
    D,
    fresh,
    run_cli,
    xlsx,
    zip_bomb,
)

from focusdesk.document.lock import lock_path
from focusdesk.model.workbook import MappingRow, TBRow, Workbook
from focusdesk.tb import TBError
from focusdesk.tb.detect import Overrides, column_index, detect
from focusdesk.tb.importer import prepare
from focusdesk.tb.mapping import (
    Mapping,
)
from focusdesk.tb.reader import open_spreadsheet
from focusdesk.tb.table import parse_table

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



# -- files that are not trial balances ----------------------------------------------------

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
    "bomb.xlsx": (zip_bomb, "zip bomb"),
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



@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_one_clear_error_and_the_workbook_is_unchanged(
        tmp_path, capsys, book_file, layout_xlsx, name):
    bad = _make_bad(tmp_path, name, layout_xlsx)
    mapping = tmp_path / "map.csv"
    mapping.write_text("account,item\n1010,38\n", encoding="utf-8")
    capsys.readouterr()
    before = book_file.read_bytes()
    code, out, err = run_cli(capsys, "import-tb", book_file, bad, "--month", "JAN",
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



def test_xlsm_reads_like_xlsx(tmp_path, layout_xlsx):
    macro = tmp_path / "layout.xlsm"
    macro.write_bytes(layout_xlsx.read_bytes())
    wb = fresh()
    _check_layout_result(wb, prepare(wb, macro, "JAN", mapping_rows=LAYOUT_MAPPING))


