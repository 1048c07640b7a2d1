"""The printed form: Form X-17A-5 Part I laid out page by page as display lists.

The pages follow the blank form (SEC1705):

* Schedule A, four sheets — items 1–31 for JAN–JUN ("2 of 15") and for JUL–DEC
  ("3 of 15"), items 32–40 for JAN–JUN ("4 of 15") and for JUL–DEC ("5 of 15"): line
  number, label as printed, the item code in the ITEM column, six month columns.
* Schedule B, five sheets grouping the months as the form does — JAN–FEB, MAR–MAY,
  JUN–JUL, AUG–OCT, NOV–DEC. The two-month sheets carry the line descriptions and
  Notes A and B; the three-month sheets, which the form prints without descriptions,
  carry the line numbers so each sheet can be read on its own.
* An optional sheet of the checks' findings, which is not part of the form.

Rows come from the catalog (`focusdesk.form.catalog`): the layout never lists lines itself.
Amounts are the engine's $000 view (`compute(wb, "thousands")`): Schedule A in
thousands with counts unscaled and percents from exact dollars, Schedule B columns II
and III in thousands and column IV in whole dollars. A month not reported is blank; a
line that does not apply (a ratio with net capital ≤ 0, the other method's lines) is
printed "N/A". Negative amounts are in parentheses, as the form's instruction 5(a) asks —
"(0)" for a deficiency under $500. Key figures print their true amounts rounded and every
total foots to its printed parts; a total of key figures that cannot (25c = 19 − 24, each
rounded its own way) is marked † and a footnote under the table says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ...base.money import format_amount
from ...calculation.checks import Finding, run_checks
from ...calculation.engine import Computation, compute
from ...calculation.rounding import RoundingNote
from ...form.catalog import MONTH_NAMES, MONTHS, BColumn, BKind, BLine, Item, Unit
from ...model.workbook import Workbook
from .drawing import LETTER, Page, Text, text_width, wrap

# -- the form's sheets --------------------------------------------------------------------
HALVES: tuple[tuple[str, ...], ...] = (MONTHS[:6], MONTHS[6:])
# Schedule B sheets as the form groups the months (pages 8–12 of 15).
SCHEDULE_B_SHEETS: tuple[tuple[str, ...], ...] = (
    ("JAN", "FEB"), ("MAR", "APR", "MAY"), ("JUN", "JUL"), ("AUG", "SEP", "OCT"),
    ("NOV", "DEC"),
)
PART_TITLES = {1: "items 1–31", 2: "items 32–40"}

# -- the form's wording -------------------------------------------------------------------
UNITS_A = "(IN THOUSANDS — $000’s OMITTED)"
UNITS_B = ("(COLUMNS II AND III IN THOUSANDS — $000’s OMITTED; COLUMN IV IN WHOLE "
           "DOLLARS, PENNIES OMITTED)")
UNITS_CHECKS = "(AMOUNTS IN THE FINDINGS ARE IN DOLLARS)"
CAPTIONS_A = ("NAME OF BROKER-DEALER", "ID NO.",
              "NAME AND TELEPHONE NO. OF PERSON COMPLETING THIS REPORT", "SEC FILE NO.",
              "ADDRESS OF PRINCIPAL PLACE OF BUSINESS", "AS OF (MM/DD/YY)")
CAPTIONS_B = ("Name of Broker/Dealer", "ID No.",
              "Name and Telephone No. of Person Completing This Report", "SEC File No.",
              "Address of Principal Place of Business", "As of (Month/Day/Year)")
FORM_NUMBER_CAPTION = "ITEM"
B_TITLE = ("OPERATIONAL DEDUCTIONS", "FROM NET CAPITAL", "(NOTE A)")
FOOTNOTE_COLUMN = "IV"  # the column heading marked "IV**"
FOOTNOTE = ("** All line items (1 - 8) columns I, II, III and IV if required must be "
            "answered. If respondent has nothing to report, enter -0-.")
NOTE_A = ("Include aged items which resulted in a deduction in the computation of net "
          "capital (column IV) at the report date as appropriate (Lines 1-7) whether "
          "resolved subsequently or not (see instructions). Complete columns I, II and III "
          "only if required by the “designated examining authority.”")
NOTE_B_TITLE = "OPERATIONAL EXPOSURE ITEMS (Note B)"
NOTE_B = ("The respondent’s “designated examining authority” may require on a separate "
          "schedule headed “Potential Operational Deductions from Net Capital” that the "
          "same information be submitted, as formatted above, for line items 1-6 stating "
          "open items, at the report date, that were not deducted in the computation of net "
          "capital; and which were not resolved in seven (7) business days subsequent to the "
          "report date.")
FORM_NAME = "FOCUS Report Part I — Form X-17A-5"
NOTE_MARK = "†"  # beside a total that carries a $000 rounding difference
ROUNDING_LEAD = (f"{NOTE_MARK} $000 rounding: a key figure prints its true dollar amount "
                 "rounded, and these differ from their printed parts —")
SEVERITY_WORDS = {"error": "ERROR", "warning": "WARNING", "info": "NOTE"}

# -- geometry (points; origin top-left) -------------------------------------------------
PAGE_W, PAGE_H = LETTER
MARGIN = 26.0
LEFT, RIGHT = MARGIN, PAGE_W - MARGIN
CONTENT_W = RIGHT - LEFT
TOP, BOTTOM = MARGIN, PAGE_H - MARGIN
FOOTER_Y = BOTTOM - 2  # baseline of the footer
BODY_BOTTOM = BOTTOM - 16  # nothing of the body below this

LABEL_SIZE = 7.0
AMOUNT_SIZE = 7.0
CAPTION_SIZE = 5.5
LEAD = 8.4  # between wrapped label lines
ROW_H = 11.6  # a one-line row
CELL_PAD = 2.5  # between an amount and its column's rules

GRID = 0.6  # rules of the table frame
HAIR = 0.3  # the rule under each row
HAIR_GRAY = 0.55

# Schedule A columns
A_NUM_W, A_LABEL_W, A_CODE_W = 18.0, 186.0, 28.0
A_CODE_X = LEFT + A_NUM_W + A_LABEL_W
A_MONTHS_X = A_CODE_X + A_CODE_W
A_MONTH_W = (RIGHT - A_MONTHS_X) / 6
SUB_INDENT = 10.0  # "a." of a sub-line, before its label

# Schedule B columns: (label area, L/S column); month blocks share the rest, split
# among columns I–IV in these proportions.
B_LABEL_W, B_KEY_W, B_LS_W = 150.0, 30.0, 12.0
B_COLUMN_SHARE = {"I": 0.15, "II": 0.26, "III": 0.26, "IV": 0.33}

CheckPage = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class PrintOptions:
    """What to print. `months`: the months whose figures are printed (a sheet without
    any of them is left out); `schedules`: "A", "B" or both; `checks`: the findings
    sheet — "auto" adds it when error-level findings remain (the draft explains
    itself), "always" adds it even when nothing is found, "never" leaves it out."""

    months: tuple[str, ...] = MONTHS
    schedules: tuple[str, ...] = ("A", "B")
    checks: CheckPage = "auto"


@dataclass
class Report:
    """The laid-out report: its pages and why it is (or is not) a draft."""

    pages: list[Page]
    findings: list[Finding]  # of the printed months
    errors: int
    title: str
    year: int
    firm: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        return self.errors > 0


# -- values ---------------------------------------------------------------------------------
def _count(value: Decimal) -> str:
    whole = value == value.to_integral_value()
    return format_amount(value, places=0 if whole else 2)


def schedule_a_text(item: Item, comp: Computation, month: str) -> str:
    """What Schedule A prints for `item` in `month` of the $000 view `comp`."""
    res = comp.months[month]
    if not res.active or item.code is None:
        return ""
    value = res.values.get(item.code)
    if value is None:
        return "N/A"
    if item.unit is Unit.PERCENT:
        return format_amount(value, places=2) + "%"
    if item.unit is Unit.COUNT:
        return _count(value)
    return format_amount(value)


def schedule_b_text(line: BLine, column: BColumn, comp: Computation, month: str) -> str:
    res = comp.months[month]
    if not res.active:
        return ""
    value = res.schedule_b.get(line.key, {}).get(column.key)
    if value is None:
        return ""
    return _count(value) if column.unit is Unit.COUNT else format_amount(value)


# -- page furniture -----------------------------------------------------------------------
def _as_of(wb: Workbook, printed: set[str] | Sequence[str]) -> str:
    """The header's "As of" date: the end of the latest reported month printed."""
    day = wb.as_of(tuple(m for m in MONTHS if m in printed))
    return f"{day:%m/%d/%Y}" if day else ""


def _header(page: Page, wb: Workbook, schedule: str | None, captions: Sequence[str],
            units: str, as_of: str = "") -> float:
    """The form's header box (`schedule` "A" or "B"; None on the findings sheet) with
    the fields the form's first page asks for — the broker-dealer's name, the address of
    its principal place of business, "As of" — and those its sheets carry; returns the
    y where the body starts."""
    box_w, row_h = 56.0, 26.0
    page.rect(LEFT, TOP, box_w, 2 * row_h, stroke=GRID)
    word = "SCHEDULE" if schedule else "FINDINGS"
    page.text(LEFT + box_w / 2, TOP + 15, word, 6.5, bold=True, align="center")
    if schedule:
        page.text(LEFT + box_w / 2, TOP + 43, schedule, 24, bold=True, align="center")
    else:
        page.text(LEFT + box_w / 2, TOP + 30, "not part", 6.5, align="center")
        page.text(LEFT + box_w / 2, TOP + 38, "of the form", 6.5, align="center")
    x0, id_w, mid_w = LEFT + box_w, 118.0, 150.0
    firm = wb.firm
    person = "   ".join(p for p in (firm.preparer, firm.phone) if p)
    cells = ((captions[0], firm.name, captions[4], firm.address, captions[1], firm.id_no),
             (captions[2], person, captions[5], as_of, captions[3], firm.sec_file_no))
    mid = RIGHT - id_w - mid_w
    for i, (cap, value, mid_cap, mid_value, id_cap, id_value) in enumerate(cells):
        y = TOP + i * row_h
        for x, w, c, v in ((x0, mid - x0, cap, value), (mid, mid_w, mid_cap, mid_value),
                           (RIGHT - id_w, id_w, id_cap, id_value)):
            page.rect(x, y, w, row_h, stroke=GRID)
            page.text(x + 3, y + 7.5, c, CAPTION_SIZE)
            words = v.split()
            if text_width(v, 9, bold=True) > w - 8 and len(words) > 1:
                # A long field (an address): two lines at 7 pt, split where they come out
                # most even, rather than one line too small to read.
                cut = min(range(1, len(words)), key=lambda i: max(
                    text_width(" ".join(words[:i]), 7, True),
                    text_width(" ".join(words[i:]), 7, True)))
                page.text(x + 4, y + 15.5, " ".join(words[:cut]), 7, bold=True, fit=w - 8)
                page.text(x + 4, y + 23.5, " ".join(words[cut:]), 7, bold=True, fit=w - 8)
            else:
                page.text(x + 4, y + 20, v, 9, bold=True, fit=w - 8)
    y = TOP + 2 * row_h + 13
    page.text(LEFT, y, f"FOR MONTH ENDS {wb.year}", 8.5, bold=True)
    span = (LEFT + 130, RIGHT)  # right of "FOR MONTH ENDS 20__"
    page.text(sum(span) / 2, y, units, 7, bold=True, align="center",
              fit=span[1] - span[0])
    return y + 7


def _footer(page: Page, schedule_title: str, number: int, total: int,
            draft_note: str) -> None:
    page.line(LEFT, BOTTOM - 11, RIGHT, BOTTOM - 11, width=HAIR, gray=HAIR_GRAY)
    page.text(LEFT, FOOTER_Y, f"{FORM_NAME} — {schedule_title}", 6.5)
    if draft_note:
        page.text((LEFT + RIGHT) / 2, FOOTER_Y, draft_note, 7, bold=True, align="center")
    page.text(RIGHT, FOOTER_Y, f"{number} of {total}", 8, bold=True, align="right")


def _watermark(page: Page) -> None:
    """A large diagonal DRAFT under everything else on the page."""
    page.marks.insert(0, Text(page.width / 2, page.height / 2 + 60, "DRAFT", 150, True,
                              "center", 0.86, 45.0))


# -- Schedule A -----------------------------------------------------------------------
@dataclass(frozen=True)
class _ARow:
    item: Item
    number: str  # "5." on the first row of an item number, else ""
    letter: str  # "a." on a sub-line
    lines: tuple[str, ...]
    height: float


def _a_rows(items: Sequence[Item]) -> list[_ARow]:
    rows = []
    for item in items:
        sub = item.line[len(item.item_number):]
        number = "" if sub else f"{item.item_number}."
        letter = f"{sub}." if sub else ""
        width = A_LABEL_W - 4 - (SUB_INDENT if letter else 0)
        lines = tuple(wrap(item.label, width, LABEL_SIZE))
        height = max(ROW_H, 3.2 + len(lines) * LEAD)
        rows.append(_ARow(item, number, letter, lines, height))
    return rows


def _schedule_a_page(wb: Workbook, comp: Computation, part: int, months: tuple[str, ...],
                     printed: set[str]) -> Page:
    title = f"Schedule A, {PART_TITLES[part]}, {months[0]}–{months[-1]}"
    page = Page(title, "A", months)
    y = _header(page, wb, "A", CAPTIONS_A, UNITS_A, _as_of(wb, printed))
    # The form number beside ITEM, as the form prints it.
    page.rect(A_CODE_X, y - 19, A_CODE_W, 11, stroke=GRID)
    page.text(A_CODE_X + A_CODE_W / 2, y - 11, wb.form.extra.get("form_number", ""), 7,
              bold=True, align="center")
    top = y
    head_h = 15.0
    page.text(A_CODE_X + A_CODE_W / 2, top + 10, FORM_NUMBER_CAPTION, 6.5, bold=True,
              align="center")
    for i, month in enumerate(months):
        x = A_MONTHS_X + i * A_MONTH_W
        page.text(x + A_MONTH_W / 2, top + 10.5, month, 8, bold=True, align="center")
    page.line(LEFT, top + head_h, RIGHT, top + head_h, width=GRID)
    y = top + head_h
    items = [i for i in wb.form.schedule_a if i.printed and i.part == part]
    on_page = {i.code for i in items}
    notes = [n for m in months if m in printed for n in comp.months[m].notes
             if n.code in on_page]
    noted = {(n.month, n.code) for n in notes}
    for row in _a_rows(items):
        item = row.item
        base = y + 8.3
        if row.number:
            page.text(LEFT + A_NUM_W - 2, base, row.number, LABEL_SIZE, align="right")
        text_x = LEFT + A_NUM_W + 2
        if row.letter:
            page.text(text_x, base, row.letter, LABEL_SIZE)
            text_x += SUB_INDENT
        for k, text in enumerate(row.lines):
            page.text(text_x, base + k * LEAD, text, LABEL_SIZE)
        last = base + (len(row.lines) - 1) * LEAD
        if item.code is not None:
            page.text(A_CODE_X + A_CODE_W / 2, last, item.code, 6.5, align="center")
            for i, month in enumerate(months):
                if month not in printed:
                    continue
                text = schedule_a_text(item, comp, month)
                if (month, item.code) in noted:
                    text += NOTE_MARK
                right = A_MONTHS_X + (i + 1) * A_MONTH_W - CELL_PAD
                page.text(right, last, text, AMOUNT_SIZE, align="right",
                          fit=A_MONTH_W - 2 * CELL_PAD)
        y += row.height
        page.line(LEFT, y, RIGHT, y, width=HAIR, gray=HAIR_GRAY)
    # the frame: outer box, the ITEM column, the month columns
    page.rect(LEFT, top, CONTENT_W, y - top, stroke=GRID)
    for x in (A_CODE_X, A_MONTHS_X):
        page.line(x, top, x, y, width=GRID)
    for i in range(1, 6):
        x = A_MONTHS_X + i * A_MONTH_W
        page.line(x, top, x, y, width=GRID)
    if notes:
        _rounding_footnote(page, y, notes)
    return page


def _rounding_footnote(page: Page, y: float, notes: Sequence[RoundingNote]) -> None:
    """Under the table: each total that carries a $000 rounding difference, in type
    small enough for all of them to fit above the footer."""
    text = " ".join((ROUNDING_LEAD, "; ".join(
        f"{n.month} line {n.line}: {format_amount(n.printed)}, from "
        f"{format_amount(n.dollars, places=2)} dollars, while {n.parts} as printed "
        f"comes to {format_amount(n.parts_sum)}"
        for n in notes) + "."))
    room = BODY_BOTTOM - y - 2
    for size in (6.5, 6.0, 5.5, 5.0, 4.5, 4.0):
        lines = wrap(text, CONTENT_W, size)
        if len(lines) * (size + 1.2) <= room:
            break
    for k, line in enumerate(lines):
        page.text(LEFT, y + 2 + (k + 1) * (size + 1.2) - 1.2, line, size)


# -- Schedule B -----------------------------------------------------------------------
@dataclass(frozen=True)
class _BRow:
    line: BLine
    number: str  # "1.", "A.", ""
    label: tuple[str, ...]  # wrapped description ("" for an L/S row under its caption)
    height: float
    indent: bool  # A.–G. and TOTAL Line 5 sit under line 5's description
    continued: bool = False  # the next row goes on with this row's description (L → S)


def _b_rows(lines: Sequence[BLine]) -> list[_BRow]:
    """Rows with heights fixed by the two-month sheets' descriptions, so every sheet of
    Schedule B has its lines at the same heights, as the form's sheets do. A caption
    followed by L/S rows (line 2) shares their rows, as printed."""
    rows: list[_BRow] = []
    i = 0
    lettered = False  # under a line's lettered parts (5 A.–G. and its total)
    while i < len(lines):
        line = lines[i]
        if line.number:
            lettered = not line.number.rstrip(".").isdigit()
        indent = lettered
        width = B_LABEL_W - 18 - (12 if indent else 0)
        wrapped = tuple(wrap(line.label, width, LABEL_SIZE))
        subs = []
        if line.kind is BKind.HEADING:
            j = i + 1
            while j < len(lines) and lines[j].sub and not lines[j].number:
                subs.append(lines[j])
                j += 1
        if subs:
            total = max(len(subs) * ROW_H, 3.2 + len(wrapped) * LEAD)
            each = total / len(subs)
            for k, sub in enumerate(subs):
                rows.append(_BRow(sub, line.number if k == 0 else "",
                                  wrapped if k == 0 else (), each, indent,
                                  continued=k < len(subs) - 1))
            i += 1 + len(subs)
            continue
        if line.sub and not line.number:  # the S row of 5A / 5C: its L row says it
            wrapped = ()
        height = max(ROW_H, 3.2 + len(wrapped) * LEAD)
        follows = i + 1 < len(lines) and lines[i + 1].sub and not lines[i + 1].number
        rows.append(_BRow(line, line.number, wrapped, height, indent,
                          continued=bool(line.sub and follows)))
        i += 1
    return rows


def _b_columns(block_x: float, block_w: float, columns: Sequence[BColumn]
               ) -> list[tuple[BColumn, float, float]]:
    out, x = [], block_x
    for col in columns:
        w = block_w * B_COLUMN_SHARE.get(col.key, 1 / len(columns))
        out.append((col, x, w))
        x += w
    return out


def _schedule_b_page(wb: Workbook, comp: Computation, months: tuple[str, ...],
                     printed: set[str]) -> Page:
    form = wb.form
    described = len(months) == 2  # the form's two-month sheets carry the descriptions
    title = f"Schedule B, {'–'.join((months[0], months[-1]))}"
    page = Page(title, "B", months)
    top = _header(page, wb, "B", CAPTIONS_B, UNITS_B, _as_of(wb, printed))
    left_w = (B_LABEL_W if described else B_KEY_W) + B_LS_W
    blocks_x = LEFT + left_w
    block_w = (RIGHT - blocks_x) / len(months)
    columns = form.schedule_b_columns
    # -- column headings: month, I–IV, the headings as printed -------------------
    month_h, roman_h = 12.0, 10.0
    heading_lines = {}
    for col, _x, w in _b_columns(blocks_x, block_w, columns):
        heading_lines[col.key] = wrap(col.heading, w - 3, CAPTION_SIZE, bold=True)
    caption_h = 3 + max(len(v) for v in heading_lines.values()) * 6.4
    head_h = month_h + roman_h + caption_h
    if described:
        for k, text in enumerate(B_TITLE):
            page.text(LEFT + left_w / 2, top + 16 + k * 9, text, 7.5, bold=True,
                      align="center")
    else:
        page.text(LEFT + left_w / 2, top + head_h - 5, "LINE", 6.5, bold=True,
                  align="center")
    for m, month in enumerate(months):
        bx = blocks_x + m * block_w
        page.text(bx + block_w / 2, top + 9, MONTH_NAMES[month], 8, bold=True,
                  align="center")
        page.line(bx, top + month_h, bx + block_w, top + month_h, width=HAIR)
        for col, x, w in _b_columns(bx, block_w, columns):
            mark = "**" if col.key == FOOTNOTE_COLUMN else ""
            page.text(x + w / 2, top + month_h + 7.5, col.key + mark, 7, bold=True,
                      align="center")
            for k, text in enumerate(heading_lines[col.key]):
                page.text(x + w / 2, top + month_h + roman_h + 6 + k * 6.4, text,
                          CAPTION_SIZE, bold=True, align="center")
            if x > bx:
                page.line(x, top + month_h, x, top + head_h, width=HAIR)
    y = top + head_h
    page.line(LEFT, y, RIGHT, y, width=GRID)
    # -- the lines -------------------------------------------------------------------
    body_top = y
    inner_bottom = None  # line 10's row has no column rules: its Yes/No boxes span them
    for row in _b_rows(form.schedule_b_lines):
        line = row.line
        if line.kind is BKind.QUESTION and inner_bottom is None:
            inner_bottom = y
        base = y + 8.3
        last = y + row.height - 3.3  # the figures sit on the row's last line
        num_x = LEFT + 2
        text_x = LEFT + 16 + (12 if row.indent else 0)
        if described:
            if row.number:
                page.text(text_x - 14 if row.indent else num_x, base, row.number,
                          LABEL_SIZE)
            for k, text in enumerate(row.label):
                page.text(text_x, base + k * LEAD, text, LABEL_SIZE)
        else:
            # the line's key: "1", "2", "5A" (its L/S in the next column), "TOTAL 5"
            first, *rest = line.key.split()
            if row.number or line.kind in (BKind.TOTAL, BKind.QUESTION) or row.label:
                shown = f"TOTAL {first}" if rest and rest[0].lower() == "total" else first
                page.text(LEFT + 3, last, shown, LABEL_SIZE, fit=B_KEY_W - 4)
        ls_x = LEFT + left_w - B_LS_W / 2
        if line.sub:
            page.text(ls_x, last, line.sub, LABEL_SIZE, bold=True, align="center")
        for m, month in enumerate(months):
            bx = blocks_x + m * block_w
            if line.kind is BKind.QUESTION:
                _yes_no(page, bx, block_w, last,
                        comp.months[month].answer if month in printed else None)
                continue
            if line.kind is BKind.HEADING or month not in printed:
                continue
            for col, x, w in _b_columns(bx, block_w, columns):
                text = schedule_b_text(line, col, comp, month)
                page.text(x + w - CELL_PAD, last, text, AMOUNT_SIZE, align="right",
                          fit=w - 2 * CELL_PAD)
        if line.kind is BKind.QUESTION:
            page.text(ls_x, last, "**", LABEL_SIZE, bold=True, align="center")
        y += row.height
        rule = GRID if line.kind is BKind.TOTAL else HAIR
        start = blocks_x - B_LS_W if row.continued else LEFT
        page.line(start, y, RIGHT, y, width=rule, gray=0 if rule == GRID else HAIR_GRAY)
    # -- the frame --------------------------------------------------------------------
    page.rect(LEFT, top, CONTENT_W, y - top, stroke=GRID)
    page.line(blocks_x - B_LS_W, body_top, blocks_x - B_LS_W, y, width=HAIR, gray=HAIR_GRAY)
    for m in range(len(months)):
        bx = blocks_x + m * block_w
        page.line(bx, top, bx, y, width=GRID)
        for _col, x, _w in _b_columns(bx, block_w, columns):
            if x > bx:
                page.line(x, body_top, x, inner_bottom or y, width=HAIR)
    # -- the notes ---------------------------------------------------------------------
    y += 10
    y = _paragraph(page, y, "", FOOTNOTE)
    if described:
        y = _paragraph(page, y + 3, "Note A:", NOTE_A)
        page.text((LEFT + RIGHT) / 2, y + 10, NOTE_B_TITLE, 7, bold=True, align="center")
        y = _paragraph(page, y + 16, "Note B:", NOTE_B)
    return page


def _yes_no(page: Page, bx: float, block_w: float, base: float, answer: bool | None) -> None:
    """Line 10's boxes, "Yes" and "No", with an X in the one answered."""
    box = 7.0
    for word, x, chosen in (("Yes", bx + block_w * 0.3, answer is True),
                            ("No", bx + block_w * 0.62, answer is False)):
        page.text(x, base, word, LABEL_SIZE)
        x0 = x + text_width(word, LABEL_SIZE) + 3
        page.rect(x0, base - box + 1, box, box, stroke=GRID)
        if chosen:
            page.text(x0 + box / 2, base - 0.6, "X", 6.5, bold=True, align="center")


def _paragraph(page: Page, y: float, lead_in: str, text: str, size: float = 6.5) -> float:
    """A note under the table; returns the y after it."""
    indent = 30.0 if lead_in else 0.0
    if lead_in:
        page.text(LEFT, y + size, lead_in, size, bold=True)
    lines = wrap(text, CONTENT_W - indent, size)
    for k, line in enumerate(lines):
        page.text(LEFT + indent, y + size + k * (size + 1.6), line, size)
    return y + size + (len(lines) - 1) * (size + 1.6) + 4


# -- findings -------------------------------------------------------------------------
def _month_span(months: Sequence[str]) -> str:
    """"JAN–DEC" for a run of months, "MAR, NOV" otherwise."""
    if not months:
        return "none"
    first, last = MONTHS.index(months[0]), MONTHS.index(months[-1])
    if len(months) > 2 and tuple(months) == MONTHS[first:last + 1]:
        return f"{months[0]}–{months[-1]}"
    return ", ".join(months)


def _findings_pages(wb: Workbook, findings: Sequence[Finding], months: Sequence[str]
                    ) -> list[Page]:
    columns = (("MONTH", 34.0), ("SEVERITY", 46.0), ("LINE", 44.0),
               ("FINDING", CONTENT_W - 34 - 46 - 44 - 130), ("RULE", 130.0))
    pages: list[Page] = []
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITY_WORDS}

    def new_page() -> tuple[Page, float]:
        page = Page("Findings of the checks", "checks", tuple(months))
        y = _header(page, wb, None, CAPTIONS_A, UNITS_CHECKS, _as_of(wb, months))
        page.text(LEFT, y + 14, "FINDINGS OF THE CHECKS — NOT PART OF FORM X-17A-5", 9,
                  bold=True)
        summary = (f"{counts['error']} error(s), {counts['warning']} warning(s), "
                   f"{counts['info']} note(s) for the months printed "
                   f"({_month_span(months)}).")
        page.text(LEFT, y + 25, summary, 7)
        y += 34
        x = LEFT
        for name, w in columns:
            page.text(x + 2, y + 8, name, 6.5, bold=True)
            x += w
        page.line(LEFT, y + 11, RIGHT, y + 11, width=GRID)
        pages.append(page)
        return page, y + 11

    page, y = new_page()
    if not findings:
        page.text(LEFT + 2, y + 12, "No findings: every check passes for the months printed.",
                  7.5)
    for f in findings:
        where = (f"B line {f.line}" if f.item.startswith("B-") else f"{f.line} [{f.item}]")
        cells = (f.month, SEVERITY_WORDS[f.severity], where, f.message, f.rule)
        wrapped = [wrap(text, w - 10, 7, bold=(k == 1 and f.severity == "error"))
                   for k, (text, (_n, w)) in enumerate(zip(cells, columns, strict=True))]
        height = 4 + max(len(w) for w in wrapped) * 8.6
        if y + height > BODY_BOTTOM:
            page, y = new_page()
        x = LEFT
        for k, ((_n, w), lines) in enumerate(zip(columns, wrapped, strict=True)):
            for j, text in enumerate(lines):
                page.text(x + 2, y + 9 + j * 8.6, text, 7,
                          bold=(k == 1 and f.severity == "error"))
            x += w
        y += height
        page.line(LEFT, y, RIGHT, y, width=HAIR, gray=HAIR_GRAY)
    return pages


# -- the report -------------------------------------------------------------------------
def build_report(wb: Workbook, options: PrintOptions | None = None, *,
                 dollars: Computation | None = None,
                 thousands: Computation | None = None) -> Report:
    """Lay out the report of `wb`. Pass the computations when they are at hand (the
    window has them); they are computed otherwise."""
    options = options or PrintOptions()
    unknown = [m for m in options.months if m not in MONTHS]
    if unknown:
        raise ValueError(f"{unknown[0]!r} is not a month (expected JAN … DEC)")
    if dollars is None:
        dollars = compute(wb, "dollars")
    if thousands is None:
        thousands = compute(wb, "thousands", dollars=dollars)
    printed = set(options.months)
    months_in_order = tuple(m for m in MONTHS if m in printed)
    pages: list[Page] = []
    if "A" in options.schedules:
        parts = sorted({i.part for i in wb.form.schedule_a if i.printed})
        for part in parts:
            for half in HALVES:
                if printed & set(half):
                    pages.append(_schedule_a_page(wb, thousands, part, half, printed))
    if "B" in options.schedules:
        for sheet in SCHEDULE_B_SHEETS:
            if printed & set(sheet):
                pages.append(_schedule_b_page(wb, thousands, sheet, printed))
    findings = [f for f in run_checks(wb, dollars) if f.month in printed]
    errors = sum(f.severity == "error" for f in findings)
    if options.checks == "always" or (options.checks == "auto" and errors):
        pages.extend(_findings_pages(wb, findings, months_in_order))
    draft_note = (f"DRAFT — {errors} error(s) remain in the checks" if errors else "")
    for number, page in enumerate(pages, start=1):
        schedule = {"A": "Schedule A", "B": "Schedule B", "checks": "findings"}[page.kind]
        _footer(page, schedule, number, len(pages), draft_note)
        if errors:
            _watermark(page)
    firm = wb.firm.name or "Broker-dealer"
    title = f"FOCUS Report Part I — {firm} — {wb.year}"
    return Report(pages, findings, errors, title, wb.year, firm,
                  meta={"subject": "Form X-17A-5 Part I (FOCUS Report)",
                        "keywords": f"FOCUS; X-17A-5; {wb.year}"})
