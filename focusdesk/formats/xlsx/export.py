"""Excel export with live formulas (Qt-free).

``write_xlsx(wb, target, units)`` writes the workbook as an ``.xlsx`` laid out like the
form: a *Schedule A* sheet (item, description, code, JAN … DEC), a *Schedule B* sheet
(one block per month: lines, L/S rows, columns I–IV), a *Checks* sheet and a *Settings*
sheet that marks the file as FocusDesk's and holds the firm profile.

Every computed cell is an Excel formula over the cells it is computed from. The formulas
are translated from the catalog's one declaration (`focusdesk.form.formula` trees) by
`formulas.FormulaTranslator` — one function over the node types, no list of lines — and
mirror the engine exactly:

* every computed line is ``ROUND(…, places)`` to the engine's quantum (cents, whole
  thousands in the $000 view, 0.01 for a percent), so a spreadsheet's binary floating
  point cannot tip a comparison (net capital ≤ 0) or a half-cent; ROUND in Excel and
  LibreOffice rounds half away from zero, as the engine does;
* a percent line is ``IF(net capital<=0 …,"N/A",ROUND(…))`` — the text ``N/A`` where the
  engine has no value; a line of the other net capital method is the constant ``N/A``;
* line 4 of a month without its own entry refers to line 8 of the last previously
  reported month (the engine's carry);
* Schedule B totals are ``IF(COUNT(parts)=0,"",…)`` (blank when nothing is entered, as
  in the engine) and column I adds only the lines added in the other columns (5G's
  offsets are not new items); Schedule A line 12 refers to Schedule B line 8 column IV.

The $000 view (`focusdesk.calculation.rounding`) writes the engine's printed figures: the parts of
every total as values — thousands, each its true amount rounded down or up so that the
totals foot; counts unscaled; Schedule B II/III in thousands and IV in whole dollars —
and the totals as formulas over them, so a spreadsheet recomputes every printed total,
key figures (its true dollar amount rounded) included. What is not a total of printed
parts is a value: line 24 (a key figure rounded from exact dollars), line 12 (Schedule
B line 8 rounded down or up) and the percent lines (exact dollars: the form's ratios are
not ratios of rounded thousands). A total of key figures that cannot foot (25c = 19 − 24
each rounded its own way) is its value with a comment saying which line carries the
difference; a negative that rounds to zero shows "(0)".

Inactive months (nothing entered) are blank columns without formulas. Text that comes
from outside (firm names, a source file name) is always stored as a text cell, never as
a formula, whatever its first character.

Where each sheet and line sits, the sheets' names and the Settings keys are the sheet
format (`sheet_format`), which the importer reads by too; this module writes the sheets.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from openpyxl import Workbook as XBook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Side
from openpyxl.styles import Font as _Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ...base.atomicfile import replacing
from ...base.safetext import clean_text, put_text
from ...calculation.engine import Computation, Units, compute, evaluation_order
from ...calculation.rounding import is_total
from ...document.files import guard_output
from ...form.catalog import (
    EQUITY_END,
    EQUITY_START,
    MONTH_NAMES,
    MONTHS,
    BKind,
    Form,
    Item,
    Kind,
    Unit,
)
from ...model.workbook import Firm, Workbook
from .formulas import FormulaTranslator, b_total_formula
from .sheet_format import (
    A_FIRST_MONTH_COL,
    A_HEADER_ROW,
    B_FIRST_COL,
    B_HEADER_ROW,
    B_KEY_COL,
    FORMAT_MARKER,
    FORMAT_VERSION,
    NA,
    SETTINGS_FIRST_ROW,
    SETTINGS_KEYS,
    SHEET_A,
    SHEET_B,
    SHEET_CHECKS,
    SHEET_MAPPING,
    SHEET_SETTINGS,
    SHEET_TB,
    SPREADSHEET_DIGITS,
    SheetLayout,
    layout,
)


class XlsxExportError(ValueError):
    """The workbook cannot be exported as asked; one sentence naming what and where."""


# -- styles ------------------------------------------------------------------------

AMOUNT_DOLLARS = "#,##0.00;(#,##0.00)"
AMOUNT_THOUSANDS = "#,##0;(#,##0)"
# A negative that rounds to zero in the $000 view (Decimal("-0")): a spreadsheet has no
# negative zero, so the cell's zero section says "(0)" — a deficiency under $500.
NEGATIVE_ZERO = "#,##0;(#,##0);(0)"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '#,##0.00" %";-#,##0.00" %"'

_INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")  # entered: pale yellow
_COMPUTED_FILL = PatternFill("solid", fgColor="E8EDF3")  # formulas: pale grey-blue
_HEADER_FILL = PatternFill("solid", fgColor="1F3864")
_MONTH_FILL = PatternFill("solid", fgColor="D9E1F2")
_HAIR = Side(style="thin", color="B7B7B7")
_GRID = Border(left=_HAIR, right=_HAIR, top=_HAIR, bottom=_HAIR)
FONT_NAME = "Calibri"  # the workbook's default face: one typeface on every sheet


def Font(**kw: object) -> _Font:  # stands in for openpyxl's Font
    return _Font(name=FONT_NAME, size=kw.pop("size", 11), **kw)  # type: ignore[arg-type]


_BOLD, _PLAIN = Font(bold=True), Font()
_GREY, _KEY_FONT = Font(color="555555"), Font(color="808080", size=8)
_NOTE = Font(italic=True, size=9, color="555555")
_TOP, _WRAP_TOP = Alignment(vertical="top"), Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="top")


def _named_styles(book: XBook, units: Units) -> None:
    amount = AMOUNT_THOUSANDS if units == "thousands" else AMOUNT_DOLLARS
    specs = {
        "fd input amount": (_INPUT_FILL, Font(color="1F3F99"), amount),
        "fd input count": (_INPUT_FILL, Font(color="1F3F99"), COUNT_FORMAT),
        "fd input dollars": (_INPUT_FILL, Font(color="1F3F99"), AMOUNT_DOLLARS),
        "fd input whole": (_INPUT_FILL, Font(color="1F3F99"), AMOUNT_THOUSANDS),
        "fd input text": (_INPUT_FILL, Font(color="1F3F99"), "@"),
        "fd computed amount": (_COMPUTED_FILL, Font(), amount),
        "fd computed count": (_COMPUTED_FILL, Font(), COUNT_FORMAT),
        "fd computed dollars": (_COMPUTED_FILL, Font(), AMOUNT_DOLLARS),
        "fd computed whole": (_COMPUTED_FILL, Font(), AMOUNT_THOUSANDS),
        "fd computed percent": (_COMPUTED_FILL, Font(), PERCENT_FORMAT),
    }
    for name, (fill, font, fmt) in specs.items():
        style = NamedStyle(name=name, fill=fill, font=font, number_format=fmt, border=_GRID,
                           alignment=Alignment(horizontal="right"))
        book.add_named_style(style)


def _footer_text(text: str) -> str:
    return clean_text(text).replace("&", "&&")  # "&" starts a header/footer code


def _page_setup(ws: Worksheet, title_rows: str, area: str, footer: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_LETTER
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_area = area
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.left.text = _footer_text(footer)
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Page &P of &N"
    ws.oddFooter.right.size = 8


# -- the export --------------------------------------------------------------------


@dataclass
class _Context:
    wb: Workbook
    units: Units
    comp: Computation
    layout: SheetLayout
    template: bool
    source: str
    active: tuple[str, ...] = field(default=())

    @property
    def form(self) -> Form:
        return self.wb.form


def check_exportable(wb: Workbook, units: Units) -> None:
    """A spreadsheet keeps 15 significant digits: refuse a dollar amount it would change."""
    if units != "dollars":
        return  # the $000 view writes whole thousands
    for month in MONTHS:
        cells = [(f"line {wb.form.by_code[c].line}", e.value) for c, e in wb.items[month].items()]
        cells += [(f"Schedule B line {ln} column {col}", e.value)
                  for (ln, col), e in wb.schedule_b[month].items()]
        for where, value in cells:
            if len(value.normalize().as_tuple().digits) > SPREADSHEET_DIGITS and \
                    Decimal(repr(float(value))) != value:
                raise XlsxExportError(
                    f"{where}, {month}: {value} has more digits than a spreadsheet keeps "
                    f"exactly ({SPREADSHEET_DIGITS}); export in thousands or round it")


def build_xlsx(wb: Workbook, units: Units = "dollars", *, template: bool = False,
               source: str = "") -> XBook:
    """The export as an openpyxl workbook (see the module docstring)."""
    if template:
        units = "dollars"
        blank = Workbook(firm=Firm(**{k: getattr(wb.firm, k) for k in Firm.FIELDS}),
                         year=wb.year, method=wb.method, minimum_dollar=wb.minimum_dollar,
                         form=wb.form)
        wb = blank
    check_exportable(wb, units)
    comp = compute(wb, units)
    ctx = _Context(wb, units, comp, layout(wb.form), template, source)
    ctx.active = MONTHS if template else tuple(m for m in MONTHS if comp.months[m].active)
    book = XBook()
    _named_styles(book, units)
    book.active.title = SHEET_A
    _schedule_a(book.active, ctx)
    _schedule_b(book.create_sheet(SHEET_B), ctx)
    _checks(book.create_sheet(SHEET_CHECKS), ctx)
    _settings(book.create_sheet(SHEET_SETTINGS), ctx)
    # The imported trial balances and the account mapping, when the workbook has them.
    if not template and getattr(wb, "trial_balances", None):
        _trial_balances(book.create_sheet(SHEET_TB), ctx)
    if not template and getattr(wb, "tb_mapping", None):
        _mapping(book.create_sheet(SHEET_MAPPING), ctx)
    book.properties.creator = "FocusDesk"
    book.properties.title = f"FOCUS Report Part I — {clean_text(wb.firm.name)} {wb.year}"
    book.properties.subject = FORMAT_MARKER
    book.calculation.fullCalcOnLoad = True  # spreadsheets compute the formulas on open
    return book


def write_xlsx(wb: Workbook, target: str | os.PathLike[str] | IO[bytes],
               units: Units = "dollars", *, template: bool = False, source: str = "") -> None:
    """Write the export to a path (atomically: a temporary file moved into place) or to
    a binary file object."""
    book = build_xlsx(wb, units, template=template, source=source)
    if not isinstance(target, str | os.PathLike):
        book.save(target)
        return
    path = Path(target)
    guard_output(path)  # never over a workbook (OutputRefusedError, an OSError)
    with replacing(path, suffix=".xlsx") as tmp:
        book.save(tmp)


def _units_note(units: Units) -> str:
    return "$000 omitted" if units == "thousands" else "in dollars"


def _header_block(ws: Worksheet, ctx: _Context, title: str, rows: Iterable[tuple[str, str]]
                  ) -> None:
    put_text(ws, 1, 1, title, font=Font(bold=True, size=13))
    for r, (label, value) in enumerate(rows, start=2):
        put_text(ws, r, 2, label, font=Font(bold=True), alignment=Alignment(horizontal="right"))
        put_text(ws, r, 3, value)


def _schedule_a(ws: Worksheet, ctx: _Context) -> None:
    wb, units, lay = ctx.wb, ctx.units, ctx.layout
    firm = wb.firm
    kind = "blank input template" if ctx.template else _units_note(units)
    _header_block(ws, ctx, "FOCUS Report Part I (Form X-17A-5 Part I) — Schedule A: "
                  "Computation of Net Capital", (
                      ("Name of broker-dealer", firm.name),
                      ("SEC file no.", firm.sec_file_no),
                      ("Firm ID no.", firm.id_no),
                      ("Preparer", f"{firm.preparer}   {firm.phone}".strip()),
                      ("Year", f"{wb.year} — net capital method: {wb.method.value}"),
                      ("Amounts", kind),
                  ))
    legend = ("Yellow cells are entered values; grey-blue cells are formulas (line 4 of a "
              "month with no entry of its own is carried from the prior month's line 8). "
              "N/A: not meaningful (net capital zero or negative, or the other method).")
    put_text(ws, 8, 1, legend, font=_NOTE)
    if units == "thousands":
        put_text(ws, 9, 1, _thousands_legend(ctx), font=_NOTE)
    hdr_font = Font(bold=True, color="FFFFFF")
    center = Alignment(horizontal="center", vertical="center")
    for col, text in enumerate(("Item", "Description", "Code", *MONTHS), start=1):
        put_text(ws, A_HEADER_ROW, col, text, font=hdr_font, fill=_HEADER_FILL,
                 alignment=center, border=_GRID)
    for row, item in lay.a_caption_rows.items():
        font = _BOLD if item.code is None else _PLAIN
        put_text(ws, row, 1, item.line, alignment=_TOP, font=font)
        put_text(ws, row, 2, item.label, alignment=_WRAP_TOP, font=font)
        if item.code:
            put_text(ws, row, 3, item.code, alignment=_TOP, font=_GREY)
        if len(item.label) > 62:
            ws.row_dimensions[row].height = 30
    part2 = [r for r, item in lay.a_caption_rows.items() if item.part > 1]
    if part2:  # the form prints items 32–40 on a page of their own
        ws.row_breaks.append(Break(id=min(part2) - 1))
    order = evaluation_order(ctx.form)
    for month in ctx.active:
        _a_month(ws, ctx, month, order)
    ws.freeze_panes = ws.cell(row=A_HEADER_ROW + 1, column=A_FIRST_MONTH_COL)
    widths = {1: 6, 2: 52, 3: 7}
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    month_width = 11 if units == "thousands" else 15.5
    for month in MONTHS:
        ws.column_dimensions[get_column_letter(lay.month_col(month))].width = month_width
    last = get_column_letter(lay.month_col(MONTHS[-1]))
    _page_setup(ws, f"{A_HEADER_ROW}:{A_HEADER_ROW}", f"A1:{last}{lay.a_last_row}",
                f"{firm.name} — FOCUS Part I Schedule A, {wb.year} ({kind})")


def _thousands_legend(ctx: _Context) -> str:
    """The $000 sheet's note on its rounding, its lines named from the catalog."""
    form, method = ctx.form, ctx.wb.method.value
    keys = [i.line for i in form.items if i.key_figure]
    values = [i.line for i in form.computed_items if i.unit is Unit.DOLLARS
              and not is_total(i, method)]
    ratios = [i.line for i in form.computed_items if i.unit is Unit.PERCENT]
    return (f"$000: key figures (lines {', '.join(keys)}) are their true dollar amounts "
            "rounded; every other amount is rounded down or up so that each total foots to "
            f"its printed parts. Lines {', '.join(values)} and the percent lines "
            f"({', '.join(ratios)}, from exact dollars) are values, not formulas; a total "
            "that cannot foot is a value with a comment.")


def _thousands_sign(cell: Cell, value: Decimal | None) -> None:
    """A negative that rounds to zero keeps its brackets: "(0)"."""
    if value is not None and value == 0 and value.is_signed():
        cell.number_format = NEGATIVE_ZERO


def _a_month(ws: Worksheet, ctx: _Context, month: str, order: tuple[Item, ...]) -> None:
    wb, units, lay, form = ctx.wb, ctx.units, ctx.layout, ctx.form
    thousands = units == "thousands"
    res = ctx.comp.months[month]
    notes = {n.code: n for n in res.notes}
    col = lay.month_col(month)
    for item in form.input_items:
        assert item.code is not None
        cell = ws.cell(row=lay.a_rows[item.code], column=col)
        cell.style = "fd input count" if item.kind is Kind.COUNT else "fd input amount"
        if item.code in wb.items[month]:
            cell.value = res.values[item.code]  # the engine's figure: printed, in $000
            if thousands:
                _thousands_sign(cell, res.values[item.code])
    # Line 4 without an entry: the last previously reported month's line 8.
    prior = [m for m in ctx.active if MONTHS.index(m) < MONTHS.index(month)]
    if EQUITY_START not in wb.items[month] and prior:
        cell = ws.cell(row=lay.a_rows[EQUITY_START], column=col)
        cell.value = f"={lay.a_cell(prior[-1], EQUITY_END)}"
        cell.style = "fd computed amount"
        if thousands:
            _thousands_sign(cell, res.values[EQUITY_START])
    tr = FormulaTranslator(form, lay, month, wb.method.value, units)
    for item in order:
        assert item.code is not None
        cell = ws.cell(row=lay.a_rows[item.code], column=col)
        formula = tr.line_formula(item)
        value = res.values[item.code]
        if item.unit is Unit.PERCENT:
            cell.style = "fd computed percent"
        else:
            cell.style = "fd computed count" if item.unit is Unit.COUNT \
                else "fd computed amount"
        # The $000 view: what is not a total of printed parts is the engine's value (the
        # percent lines from exact dollars, line 24, line 12), and so is a total that
        # cannot foot, with its note.
        if thousands and formula is not None and (
                not is_total(item, wb.method.value) or item.code in notes):
            if value is None:
                put_text(ws, cell.row, col, NA)
                continue
            cell.value = value
            if item.code in notes:
                cell.comment = Comment(notes[item.code].text, "FocusDesk", width=300,
                                       height=110)
        elif formula is None:
            put_text(ws, cell.row, col, NA)
        else:
            cell.value = formula
        if thousands and item.unit is Unit.DOLLARS:
            _thousands_sign(cell, value)


def _schedule_b(ws: Worksheet, ctx: _Context) -> None:
    wb, units, lay, form = ctx.wb, ctx.units, ctx.layout, ctx.form
    note = ("columns II and III in $000 (nearest thousand), column IV in whole dollars"
            if units == "thousands" else "columns II, III and IV in dollars")
    if ctx.template:
        note = "blank input template; " + note
    _header_block(ws, ctx, "Schedule B — Operational Deductions from Net Capital "
                  "(FOCUS Report Part I)", (
                      ("Name of broker-dealer", wb.firm.name),
                      ("Amounts", note),
                  ))
    put_text(ws, 4, 1, "Yellow cells are entered; grey-blue cells are totals (formulas). "
             "Line 8 column IV is Schedule A line 12. Line 10: Yes or No.",
             font=_NOTE)
    hdr_font = Font(bold=True, color="FFFFFF")
    head_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    headings = ["Line", "Description", "L/S",
                *(f"{c.key}\n{c.heading}" for c in form.schedule_b_columns), "Key"]
    for col, text in enumerate(headings, start=1):
        put_text(ws, B_HEADER_ROW, col, text, font=hdr_font, fill=_HEADER_FILL,
                 alignment=head_align, border=_GRID)
    ws.row_dimensions[B_HEADER_ROW].height = 64
    styles = {}
    for c in form.schedule_b_columns:
        if c.unit is Unit.COUNT:
            styles[c.key] = "count"
        elif units == "thousands":
            styles[c.key] = "whole"  # thousands (II/III) or whole dollars (IV)
        else:
            styles[c.key] = "dollars"
    month_font = Font(bold=True, size=11)
    for month in MONTHS:
        top = lay.b_month_rows[month]
        put_text(ws, top, 1, month, font=month_font, fill=_MONTH_FILL)
        status = "" if month in ctx.active else " — not reported"
        put_text(ws, top, 2, f"{MONTH_NAMES[month]} {wb.year}{status}", font=month_font,
                 fill=_MONTH_FILL)
        for col in range(3, B_KEY_COL):
            ws.cell(row=top, column=col).fill = _MONTH_FILL
        active = month in ctx.active
        res = ctx.comp.months[month]
        for line in form.schedule_b_lines:
            row = lay.b_rows[(month, line.key)]
            font = _BOLD if line.kind in (BKind.HEADING, BKind.TOTAL) else _PLAIN
            put_text(ws, row, 1, line.number, alignment=_TOP, font=font)
            put_text(ws, row, 2, line.label, alignment=_WRAP_TOP, font=font)
            if line.sub:
                put_text(ws, row, 3, line.sub, alignment=_CENTER)
            put_text(ws, row, B_KEY_COL, line.key, font=_KEY_FONT)
            if len(line.label) > 66:
                ws.row_dimensions[row].height = 30
            if line.kind is BKind.INPUT:
                for key, c in lay.b_cols.items():
                    cell = ws.cell(row=row, column=c)
                    if not line.takes(key):  # 5G column IV: no entry, nothing computed
                        cell.style = f"fd computed {styles[key]}"
                        continue
                    cell.style = f"fd input {styles[key]}"
                    if (line.key, key) in wb.schedule_b[month]:
                        cell.value = res.schedule_b[line.key][key]  # the engine's rounding
                        if units == "thousands":
                            _thousands_sign(cell, cell.value)
            elif line.kind is BKind.TOTAL:
                for key, c in lay.b_cols.items():
                    cell = ws.cell(row=row, column=c)
                    cell.style = f"fd computed {styles[key]}"
                    if active:
                        cell.value = b_total_formula(form, lay, month, line.key, key, units)
                        if units == "thousands":
                            _thousands_sign(cell, res.schedule_b[line.key][key])
            elif line.kind is BKind.QUESTION:
                cell = ws.cell(row=row, column=lay.b_cols[form.b_columns[0]])
                cell.style = "fd input text"
                answer = wb.schedule_b_answer.get(month)
                if answer is not None:
                    put_text(ws, row, cell.column, "Yes" if answer else "No")
                cell.alignment = _CENTER
        end = lay.b_rows[(month, form.schedule_b_lines[-1].key)] + 1
        if month != MONTHS[-1]:
            ws.row_breaks.append(Break(id=end))
    ws.freeze_panes = ws.cell(row=B_HEADER_ROW + 1, column=B_FIRST_COL)
    for col, width in {1: 6, 2: 58, 3: 5, B_KEY_COL: 8}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    for c in lay.b_cols.values():
        ws.column_dimensions[get_column_letter(c)].width = 17
    last = get_column_letter(B_KEY_COL - 1)
    _page_setup(ws, f"{B_HEADER_ROW}:{B_HEADER_ROW}", f"A1:{last}{lay.b_last_row}",
                f"{wb.firm.name} — FOCUS Part I Schedule B, {wb.year}")


def _checks(ws: Worksheet, ctx: _Context) -> None:
    from ...calculation.checks import run_checks  # the checks read exact dollars whatever the units

    findings = [] if ctx.template else run_checks(ctx.wb, ctx.comp)
    put_text(ws, 1, 1, "Checks — as computed by FocusDesk at export (exact dollars); "
             "they do not follow edits made in this file", font=Font(bold=True, size=12))
    hdr = Font(bold=True, color="FFFFFF")
    for col, text in enumerate(("Month", "Severity", "Line", "Finding", "Rule"), start=1):
        put_text(ws, 3, col, text, font=hdr, fill=_HEADER_FILL, border=_GRID)
    for r, f in enumerate(findings, start=4):
        line = f"B {f.line}" if f.item.startswith("B-") else f.line
        for col, text in enumerate((f.month, f.severity.upper(), line, f.message, f.rule),
                                   start=1):
            put_text(ws, r, col, text, alignment=_WRAP_TOP)
        ws.row_dimensions[r].height = 15 * max(1, -(-len(f.message) // 95))
    if not findings:
        put_text(ws, 4, 1, "No findings." if not ctx.template else
                 "A blank template has no findings.")
    for col, width in {1: 7, 2: 10, 3: 7, 4: 100, 5: 34}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A4"
    _page_setup(ws, "3:3", f"A1:E{max(4, 3 + len(findings))}",
                f"{ctx.wb.firm.name} — FOCUS Part I checks, {ctx.wb.year}")


def _settings(ws: Worksheet, ctx: _Context) -> None:
    wb = ctx.wb
    import focusdesk

    put_text(ws, 1, 1, "FocusDesk settings — read back by “Import from Excel” "
             "(focusdesk import-xlsx)", font=Font(bold=True, size=12))
    hdr = Font(bold=True, color="FFFFFF")
    for col, text in enumerate(("Setting", "Value", "Meaning"), start=1):
        put_text(ws, SETTINGS_FIRST_ROW - 1, col, text, font=hdr, fill=_HEADER_FILL)
    values: dict[str, object] = {
        "format": FORMAT_MARKER,
        "format_version": FORMAT_VERSION,
        "kind": "template" if ctx.template else "export",
        "units": ctx.units,
        **{f"firm.{k}": getattr(wb.firm, k) for k in Firm.FIELDS},
        "year": wb.year,
        "method": wb.method.value,
        "minimum_dollar": wb.minimum_dollar,
        "exported_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "focusdesk_version": focusdesk.__version__,
        "source": ctx.source,
    }
    for key, meaning in SETTINGS_KEYS:
        row = ctx.layout.settings_rows[key]
        put_text(ws, row, 1, key, font=_BOLD)
        value = values[key]
        if isinstance(value, str):
            put_text(ws, row, 2, value)
        else:
            ws.cell(row=row, column=2, value=value)
        if key == "minimum_dollar":
            ws.cell(row=row, column=2).style = "fd input dollars"
        put_text(ws, row, 3, meaning, font=_GREY)
    for col, width in {1: 20, 2: 40, 3: 90}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    last = SETTINGS_FIRST_ROW + len(SETTINGS_KEYS) - 1
    _page_setup(ws, f"{SETTINGS_FIRST_ROW - 1}:{SETTINGS_FIRST_ROW - 1}", f"A1:C{last}",
                "FocusDesk settings")


def _table_header(ws: Worksheet, row: int, headings: tuple[str, ...]) -> None:
    for col, text in enumerate(headings, start=1):
        put_text(ws, row, col, text, font=Font(bold=True, color="FFFFFF"), fill=_HEADER_FILL,
                 border=_GRID)


def _trial_balances(ws: Worksheet, ctx: _Context) -> None:
    """Every imported trial balance, one row per account (descriptions are outside text:
    written as text, never as formulas)."""
    put_text(ws, 1, 1, "Imported trial balances (balances debit-positive, in dollars) — "
             "for reference; the import does not read this sheet", font=Font(bold=True, size=12))
    _table_header(ws, 3, ("Month", "Account", "Description", "Balance", "File", "Basis"))
    row = 4
    tbs = ctx.wb.trial_balances  # type: ignore[attr-defined]
    for month in MONTHS:
        tb = tbs.get(month)
        if tb is None:
            continue
        source = tb.source_ref
        for account, description, balance in tb.rows:
            put_text(ws, row, 1, month)
            put_text(ws, row, 2, str(account))
            put_text(ws, row, 3, str(description))
            ws.cell(row=row, column=4, value=balance).number_format = AMOUNT_DOLLARS
            put_text(ws, row, 5, source)
            put_text(ws, row, 6, str(tb.basis))
            row += 1
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:F{max(row - 1, 3)}"
    for col, width in {1: 7, 2: 14, 3: 48, 4: 18, 5: 40, 6: 7}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    _page_setup(ws, "3:3", f"A1:F{max(row - 1, 3)}",
                f"{ctx.wb.firm.name} — trial balances, {ctx.wb.year}")


def _mapping(ws: Worksheet, ctx: _Context) -> None:
    """The trial-balance account mapping, rule by rule, as text."""
    put_text(ws, 1, 1, "Trial-balance account mapping (rules in order) — for reference; the "
             "import does not read this sheet", font=Font(bold=True, size=12))
    _table_header(ws, 3, ("Account(s)", "Item code", "Line", "Sign"))
    rows = ctx.wb.tb_mapping  # type: ignore[attr-defined]
    for r, rule in enumerate(rows, start=4):
        item = ctx.form.by_code.get(str(rule.code))
        for col, text in enumerate((str(rule.account), str(rule.code),
                                    item.line if item else "", str(rule.sign)), start=1):
            put_text(ws, r, col, text)
    ws.freeze_panes = "A4"
    for col, width in {1: 20, 2: 10, 3: 6, 4: 6}.items():
        ws.column_dimensions[get_column_letter(col)].width = width
    _page_setup(ws, "3:3", f"A1:D{3 + max(len(rows), 1)}",
                f"{ctx.wb.firm.name} — trial-balance mapping, {ctx.wb.year}")
