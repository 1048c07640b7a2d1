"""The Excel export: layout, formulas translated from the catalog, the carry of line 4,
styles and print setup, and formula injection (read back with openpyxl)."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from xlsx_support import INJECTIONS

from focusdesk.base.paths import sample_workbook
from focusdesk.calculation.checks import run_checks
from focusdesk.calculation.engine import compute
from focusdesk.document.store import load
from focusdesk.form.catalog import MONTHS, PART_I, Form, Kind, Unit
from focusdesk.form.formula import Difference, Greatest, OnMethod, Param, Percent, Ref, Scale, Sum
from focusdesk.formats.xlsx.export import (
    AMOUNT_DOLLARS,
    AMOUNT_THOUSANDS,
    NEGATIVE_ZERO,
    XlsxExportError,
    build_xlsx,
    write_xlsx,
)
from focusdesk.formats.xlsx.formulas import FormulaTranslator
from focusdesk.formats.xlsx.sheet_format import (
    A_HEADER_ROW,
    NA,
    SHEET_A,
    SHEET_B,
    SHEET_CHECKS,
    SHEET_SETTINGS,
    layout,
)
from focusdesk.model.workbook import TEXT_LIMITS, Workbook

LAY = layout(PART_I)


def _reload(wb: Workbook, units: str = "dollars", **kw) -> openpyxl.Workbook:
    buf = io.BytesIO()
    write_xlsx(wb, buf, units, **kw)  # type: ignore[arg-type]
    buf.seek(0)
    return openpyxl.load_workbook(buf)


@pytest.fixture(scope="module")
def sample() -> Workbook:
    return load(sample_workbook())[0]


@pytest.fixture(scope="module")
def sample_book(sample) -> openpyxl.Workbook:
    return _reload(sample)


def cell(book, code: str, month: str):
    return book[SHEET_A][LAY.a_cell(month, code)]


def test_sheets_and_schedule_a_layout(sample_book, sample):
    assert sample_book.sheetnames == [SHEET_A, SHEET_B, SHEET_CHECKS, SHEET_SETTINGS]
    ws = sample_book[SHEET_A]
    header = [ws.cell(A_HEADER_ROW, c).value for c in range(1, 16)]
    assert header == ["Item", "Description", "Code", *MONTHS]
    assert ws["C2"].value == sample.firm.name
    assert ws["C3"].value == sample.firm.sec_file_no and ws["C4"].value == sample.firm.id_no
    assert "Dana Whitfield" in ws["C5"].value and "2026" in ws["C6"].value
    assert ws["C7"].value == "in dollars"
    # one row per printed line, in the form's order, captions included
    rows = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in LAY.a_caption_rows]
    assert rows == [(i.line, i.code) for i in PART_I.schedule_a]
    assert _reload(sample, "thousands")[SHEET_A]["C7"].value == "$000 omitted"


def test_line_19_refers_to_17_and_18(sample_book):
    f = cell(sample_book, "3750", "MAR").value
    assert f == f"=ROUND({LAY.a_cell('MAR', '3640')}-{LAY.a_cell('MAR', '3740')},2)"


def test_line_24_is_max_of_minimum_and_one_fifteenth_of_ai(sample_book):
    minimum = LAY.setting_cell("minimum_dollar")
    assert cell(sample_book, "3760", "JAN").value == \
        f"=ROUNDUP(MAX({minimum},{LAY.a_cell('JAN', '3840')}/15),2)"  # up to the cent
    assert sample_book[SHEET_SETTINGS][minimum.split("!")[1].replace("$", "")].value == 250000


def test_alternative_method_and_thousands(sample):
    wb = sample.copy()
    wb.set_profile("method", "alternative")
    book = _reload(wb, "thousands")
    # Line 24 in $000 is a key figure rounded from exact dollars (2 % of 23b's dollars,
    # not of its printed thousands): a value, as the percent lines are.
    assert cell(book, "3760", "JAN").value == compute(wb, "thousands").value("JAN", "3760")
    assert cell(book, "3850", "JAN").value == NA  # 25a belongs to the basic method
    assert cell(book, "3770", "JAN").value == NA
    assert cell(book, "3910", "JAN").value == \
        f"=ROUND({LAY.a_cell('JAN', '3750')}-{LAY.a_cell('JAN', '3760')},0)"


def test_percent_lines_guard_against_non_positive_net_capital(sample_book):
    nc, ai = LAY.a_cell("FEB", "3750"), LAY.a_cell("FEB", "3840")
    assert cell(sample_book, "3850", "FEB").value == \
        f'=IF({nc}<=0,"{NA}",ROUND({ai}/{nc}*100,2))'
    assert cell(sample_book, "3851", "FEB").value == NA  # the alternative method's ratio


def test_line_12_refers_to_schedule_b_line_8_column_iv(sample_book):
    assert cell(sample_book, "3575", "APR").value == \
        f"=ROUND(N('{SHEET_B}'!{LAY.b_cell('APR', '8', 'IV')}),2)"
    ws = sample_book[SHEET_B]
    total = ws[LAY.b_cell("APR", "8", "IV")].value
    assert total.startswith("=IF(COUNT(") and "SUM(" in total
    # 5G's offsets are subtracted in II–IV, never in the item count (column I)
    g = LAY.b_cell("APR", "5G", "II")
    assert f"-SUM({g})" in ws[LAY.b_cell("APR", "5 total", "II")].value
    assert g[1:] not in ws[LAY.b_cell("APR", "5 total", "I")].value.split("SUM(")[1]


def test_line_4_is_carried_from_the_last_reported_month():
    wb = Workbook()
    wb.set_item("JAN", "3501", Decimal(1000))
    wb.set_item("MAR", "3950", Decimal(5))  # FEB not reported
    wb.set_item("APR", "3501", Decimal(7))  # its own entry
    wb.set_item("MAY", "3950", Decimal(1))
    book = _reload(wb)
    assert cell(book, "3501", "JAN").value == 1000
    assert cell(book, "3501", "FEB").value is None  # not reported: blank, no formula
    assert cell(book, "3501", "MAR").value == f"={LAY.a_cell('JAN', '3500')}"
    assert cell(book, "3501", "APR").value == 7
    assert cell(book, "3501", "MAY").value == f"={LAY.a_cell('APR', '3500')}"


def test_inactive_months_are_blank_everywhere(sample_book):
    a, b = sample_book[SHEET_A], sample_book[SHEET_B]
    for month in ("NOV", "DEC"):
        assert all(a[LAY.a_cell(month, code)].value is None for code in LAY.a_rows)
        assert all(b[LAY.b_cell(month, line.key, col)].value is None
                   for line in PART_I.schedule_b_lines for col in PART_I.b_columns
                   if line.kind.value in ("input", "total"))


def test_every_computed_cell_is_a_formula_and_every_input_a_value(sample_book, sample):
    a = sample_book[SHEET_A]
    for month in MONTHS[:10]:
        for item in PART_I.items:
            c = a[LAY.a_cell(month, item.code)]
            if item.is_computed:
                assert c.data_type == "f" or c.value == NA, (month, item.line)
            elif item.code != "3501" or "3501" in sample.items[month]:
                if item.code in sample.items[month]:
                    assert c.data_type == "n"
                    assert Decimal(repr(c.value)) == sample.value(month, item.code)
                else:
                    assert c.value is None


def test_thousands_view_writes_the_engines_rounded_inputs_and_ratio_values(sample):
    book = _reload(sample, "thousands")
    comp = compute(sample, "thousands")
    assert cell(book, "3950", "JAN").value == comp.value("JAN", "3950") == 18  # 18,450.25
    assert cell(book, "4980", "JAN").value == 18240  # a count: never scaled
    ratio = cell(book, "3850", "JAN").value
    assert isinstance(ratio, float | int) and Decimal(str(ratio)) == comp.value("JAN", "3850")
    b = book[SHEET_B]
    assert b[LAY.b_cell("JAN", "1", "II")].value == 14  # 14,210 → 14 thousand
    assert b[LAY.b_cell("JAN", "1", "IV")].value == 14210  # IV: whole dollars


def test_formulas_come_from_the_catalog_not_from_a_list_of_their_own():
    """Change the declaration and the export follows: line 19 now also less line 20."""
    items = tuple(dataclasses.replace(i, formula=Sum.of("3640", "-3740", "-4880"))
                  if i.code == "3750" else i for i in PART_I.schedule_a)
    form = Form(PART_I.name, items, PART_I.schedule_b_lines, PART_I.schedule_b_columns)
    wb = Workbook(form=form)
    wb.set_item("JAN", "3501", Decimal(1))
    book = _reload(wb)
    assert book[SHEET_A][LAY.a_cell("JAN", "3750")].value == \
        f"=ROUND({LAY.a_cell('JAN', '3640')}-{LAY.a_cell('JAN', '3740')}-" \
        f"{LAY.a_cell('JAN', '4880')},2)"


def test_translator_handles_every_node_type():
    tr = FormulaTranslator(PART_I, LAY, "JAN", "alternative", "dollars")
    a, b = LAY.a_cell("JAN", "3840"), LAY.a_cell("JAN", "4470")
    assert tr.translate(Scale(Fraction(1, 3), Ref("3840"))).text == f"{a}/3"
    assert tr.translate(Scale(Fraction(2, 3), Ref("3840"))).text == f"{a}*2/3"
    assert tr.translate(Scale(Fraction(3), Ref("3840"))).text == f"{a}*3"
    assert tr.translate(OnMethod("aggregate-indebtedness", Ref("3840"))) is None
    assert tr.translate(Greatest((OnMethod("aggregate-indebtedness", Ref("3840")),
                                  Ref("4470")))).text == b
    d = tr.translate(Difference(Ref("3840"), Sum.of("4470", "3840")))
    assert d.text == f"{a}-({b}+{a})"
    p = tr.translate(Percent(Ref("3840"), Ref("4470"), guard="3750"))
    assert p.na == (f"{LAY.a_cell('JAN', '3750')}<=0", f"{b}=0")
    assert tr.translate(Param("minimum_dollar")).text == LAY.setting_cell("minimum_dollar")
    with pytest.raises(NotImplementedError):
        tr.translate(Greatest((Percent(Ref("3840"), Ref("4470"), guard="3750"), Ref("3840"))))


def test_number_formats_styles_panes_and_print_setup(sample):
    for units, fmt in (("dollars", AMOUNT_DOLLARS), ("thousands", AMOUNT_THOUSANDS)):
        book = _reload(sample, units)
        ws = book[SHEET_A]
        entered, computed = cell(book, "3950", "JAN"), cell(book, "3750", "JAN")
        assert entered.number_format == computed.number_format == fmt
        assert entered.fill.fgColor.rgb != computed.fill.fgColor.rgb
        assert cell(book, "4980", "JAN").number_format == "#,##0"
        assert "%" in cell(book, "3850", "JAN").number_format
        assert ws.freeze_panes == f"D{A_HEADER_ROW + 1}"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${A_HEADER_ROW}:${A_HEADER_ROW}"
        assert book[SHEET_B].print_title_rows and book[SHEET_B].freeze_panes


def test_checks_and_settings_sheets(sample_book, sample):

    checks = sample_book[SHEET_CHECKS]
    findings = run_checks(sample)
    messages = [checks.cell(r, 4).value for r in range(4, 4 + len(findings))]
    assert messages == [f.message for f in findings]
    settings = {sample_book[SHEET_SETTINGS].cell(r, 1).value:
                sample_book[SHEET_SETTINGS].cell(r, 2).value
                for r in LAY.settings_rows.values()}
    assert settings["units"] == "dollars" and settings["kind"] == "export"
    assert settings["method"] == "aggregate-indebtedness" and settings["year"] == 2026
    assert settings["firm.name"] == sample.firm.name


def test_template_has_no_values_and_formulas_in_every_month(sample):
    book = _reload(sample, template=True)
    a = book[SHEET_A]
    inputs = [a[LAY.a_cell(m, i.code)].value for m in MONTHS for i in PART_I.input_items
              if not (i.code == "3501" and m != "JAN")]
    assert all(v is None for v in inputs)
    assert all(a[LAY.a_cell(m, "3750")].data_type == "f" for m in MONTHS)
    assert a[LAY.a_cell("FEB", "3501")].value == f"={LAY.a_cell('JAN', '3500')}"
    assert a["C2"].value == sample.firm.name
    assert "template" in a["C7"].value


@pytest.mark.parametrize("text", INJECTIONS)
def test_outside_text_is_never_a_formula(text):
    wb = Workbook()
    for name in ("name", "id_no", "sec_file_no", "preparer", "phone"):  # as much as fits
        wb.set_profile(f"firm.{name}", text[:TEXT_LIMITS[f"firm.{name}"].chars])
    wb.set_item("JAN", "3501", Decimal(1))
    book = _reload(wb)
    a, s = book[SHEET_A], book[SHEET_SETTINGS]
    assert a["C2"].data_type == "s" and a["C2"].value == text.strip()
    assert s[f"B{LAY.settings_rows['firm.name']}"].value == text.strip()
    if text.strip()[:1] in "=+-@":
        assert a["C2"].quotePrefix
    # The only formulas in the file are the computed cells of the reported month.
    computed = {LAY.a_cell("JAN", i.code) for i in PART_I.computed_items}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert ws.title in (SHEET_A, SHEET_B), (ws.title, c.coordinate, c.value)
                    assert ws.title == SHEET_B or c.coordinate in computed, c.coordinate
    # the footer escapes "&", which starts a header/footer code
    if "&" in text:
        assert "&&" in a.oddFooter.left.text


def test_control_characters_are_dropped_not_written():
    wb = Workbook()
    wb.set_profile("firm.name", "Acme\x01 Securities\x0b")
    book = _reload(wb)
    assert book[SHEET_A]["C2"].value == "Acme Securities"


def test_an_amount_beyond_a_spreadsheets_precision_is_refused():
    wb = Workbook()
    wb.set_item("MAR", "3950", Decimal("98765432109876.54"))  # no double holds it
    with pytest.raises(XlsxExportError, match=r"line 5a, MAR: .* \(15\)"):
        build_xlsx(wb)
    build_xlsx(wb, "thousands")  # whole thousands fit
    wb.set_item("MAR", "3950", Decimal("123456789012345"))  # 15 digits: exact
    build_xlsx(wb)
    wb.set_item("MAR", "3950", Decimal("12345678901234.57"))  # 16, but a double holds it
    build_xlsx(wb)


def test_counts_and_percent_units_are_declared_in_the_catalog():
    # The exporter formats by the catalog's unit: guard the assumption it relies on.
    assert {i.unit for i in PART_I.items if i.kind is Kind.COUNT} == {Unit.COUNT}
    assert all(i.is_computed for i in PART_I.items if i.unit is Unit.PERCENT)


def test_trial_balances_and_mapping_sheets_hold_descriptions_as_text():
    """Account descriptions come from outside: on their own sheets, as text, never as
    formulas (skipped where the workbook has no trial balances yet)."""
    import focusdesk.model.workbook as workbook

    if not hasattr(workbook, "TrialBalance") or not hasattr(Workbook(), "trial_balances"):
        pytest.skip("this workbook has no trial balances")
    rows = tuple(workbook.TBRow(f"10{i}", text, Decimal(i) * 100)
                 for i, text in enumerate(INJECTIONS))
    wb = Workbook()
    wb.set_item("JAN", "3501", Decimal(1))
    wb.set_trial_balance("JAN", workbook.TrialBalance("tb=1.xlsx", "ab" * 32, rows))
    wb.set_tb_mapping((workbook.MappingRow("=1+1", "3540", "-"),))
    book = _reload(wb)
    from focusdesk.formats.xlsx.sheet_format import SHEET_MAPPING, SHEET_TB

    tb = book[SHEET_TB]
    descriptions = [tb.cell(r, 3).value for r in range(4, 4 + len(rows))]
    assert descriptions == INJECTIONS
    assert all(tb.cell(r, c).data_type != "f" for r in range(1, tb.max_row + 1)
               for c in range(1, 7))
    assert tb.cell(5, 4).value == 100
    mapping = book[SHEET_MAPPING]
    assert mapping["A4"].value == "=1+1" and mapping["A4"].data_type == "s"
    assert mapping["C4"].value == "13"
    assert SHEET_TB not in _reload(wb, template=True).sheetnames


def _firm(**items: str) -> Workbook:
    wb = Workbook()
    wb.set_profile("minimum_dollar", Decimal(250_000))
    for code, value in items.items():
        wb.set_item("JAN", code, Decimal(value))
    return wb


def test_thousands_export_keeps_the_brackets_of_a_deficiency_under_500():
    # Net capital 249,999.99 against 250,000: 25c is (0.01) dollars, "(0)" in $000.
    wb = _firm(**{"3501": "251599.99", "3550": "400", "3540": "400", "3600": "400",
                  "3612": "400"})
    book = _reload(wb, "thousands")
    excess = cell(book, "3770", "JAN")
    assert excess.value == f"=ROUND({LAY.a_cell('JAN', '3750')}-{LAY.a_cell('JAN', '3760')},0)"
    assert excess.number_format == NEGATIVE_ZERO  # the zero section prints "(0)"
    assert cell(book, "3750", "JAN").number_format == AMOUNT_THOUSANDS
    assert cell(book, "3760", "JAN").value == 250
    # every part written is the engine's printed figure; totals stay formulas
    comp = compute(wb, "thousands")
    for code in ("3550", "3540", "3600", "3612"):
        assert cell(book, code, "JAN").value == comp.value("JAN", code)
    assert cell(book, "3620", "JAN").value.startswith("=ROUND(")
    assert cell(book, "3575", "JAN").value == 0  # line 12: a part, as a value


def test_thousands_export_writes_a_total_that_cannot_foot_as_a_value_with_its_note():
    # 19 = 250,600 → 251; 24 = 250,400 → 250; 25c = 200 → 0, not 251 − 250.
    wb = _firm(**{"3501": "250600", "3840": "3756000"})
    (note,) = compute(wb, "thousands").months["JAN"].notes
    book = _reload(wb, "thousands")
    excess = cell(book, "3770", "JAN")
    assert excess.value == 0
    assert excess.comment is not None and excess.comment.text == note.text
    assert "line 25c carries a rounding difference of 1" in note.text.lower()
    assert cell(book, "3750", "JAN").value.startswith("=ROUND(")  # net capital foots
    assert "key figures (lines 4, 8, 10, 19, 21, 24, 25c, 25d)" in \
        book[SHEET_A]["A9"].value
    assert cell(_reload(wb), "3770", "JAN").value.startswith("=ROUND(")  # dollars: a formula
