"""The three statements of a Daily Seg filing printed as WinJammer lays them out.

A cover page with the residual-interest targets comes first, so the printed filing is
whole (and reads back, through `focusdesk.seg.reader`, as the filing it was printed from).

Each statement starts a page with the filing's header block (INITIAL/AMENDED, End Date,
Firm Name, Form, Submit Date), the page title ("Daily Segregation - Segregation
Statement") and the statement's headings; then its rows from the declaration
(`focusdesk.seg.statements`) — number, label, and each figure underlined with its
bracketed code after it, parts of a sub-total in the inner column and totals in the
outer one. A statement longer than a page goes on under the same header.

Totals that do not foot and reported deficiencies are shaded and starred, with a note
at the foot of the page saying what the label makes the total. The pages are the
display lists of `focusdesk.formats.pdf.drawing`, written by `focusdesk.formats.pdf.render`
(the same Helvetica, deterministic bytes) — or painted by the window's preview.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ..formats.pdf import write_bytes_atomically
from ..formats.pdf.drawing import LETTER, Page, text_width, wrap
from ..formats.pdf.render import pdf_bytes
from .footing import Footing, check
from .reader import Filing
from .statements import COVER_TITLE, STATEMENTS, TARGETS, Row, Statement

PAGE_W, PAGE_H = LETTER
MARGIN = 32.0
LEFT, RIGHT = MARGIN, PAGE_W - MARGIN
TOP, BOTTOM = MARGIN, PAGE_H - MARGIN
BODY_BOTTOM = BOTTOM - 40  # room for the notes and the footer

LABEL_SIZE = 8.0
FIGURE_SIZE = 8.0
CODE_SIZE = 7.0
LEAD = 9.2
ROW_GAP = 2.8

NUM_W = 20.0  # "16." before the label
SUB_INDENT = 16.0  # "A." of a sub-line
CODE_W = 28.0  # "[7060]" after a figure
OUTER_RIGHT = RIGHT - CODE_W  # right edge of an outer-column figure
FIGURE_W = 78.0
INNER_RIGHT = OUTER_RIGHT - FIGURE_W - CODE_W - 6  # right edge of an inner figure
LABEL_RIGHT = INNER_RIGHT - FIGURE_W - 6
FLAG_GRAY = 0.84


def figure_text(value: Decimal | None) -> str:
    """A figure as WinJammer prints it: thousands separators, a minus sign."""
    if value is None:
        return ""
    whole = value == value.to_integral_value()
    return f"{value:,.0f}" if whole else f"{value:,.2f}"


def _header(page: Page, filing: Filing, statement: Statement | None,
            continued: bool) -> float:
    h = filing.header
    y = TOP + 10
    if h.amendment:
        page.text(LEFT, y, h.amendment, 10, bold=True)
        y += 13
    for caption, value in (("End Date:", h.end_date.strftime("%m/%d/%Y")),
                           ("Firm Name:", h.firm), ("Form:", h.form),
                           ("Submit Date:", h.submit_date.strftime("%m/%d/%Y")
                            if h.submit_date else "")):
        page.text(LEFT, y, caption, 8.5, bold=True)
        page.text(LEFT + text_width(caption, 8.5, True) + 2, y, value, 8.5, bold=True,
                  fit=RIGHT - LEFT - 80)
        y += 11
    y += 6
    title = (statement.title if statement else COVER_TITLE) + (" (continued)" if continued
                                                                else "")
    page.text(LEFT, y, title, 11, bold=True)
    y += 6
    page.line(LEFT, y, RIGHT, y, width=0.8)
    y += 14
    if statement is not None and not continued:
        for heading in statement.headings:
            for text in wrap(heading, RIGHT - LEFT - 40, 8.5, True):
                page.text((LEFT + RIGHT) / 2, y, text, 8.5, bold=True, align="center")
                y += 10.5
        y += 6
    return y


def _row_lines(row: Row) -> list[str]:
    left = LEFT + NUM_W + (SUB_INDENT if row.sub else 0)
    return wrap(row.label, LABEL_RIGHT - left, LABEL_SIZE, row.heading)


def _row_height(row: Row) -> float:
    return len(_row_lines(row)) * LEAD + ROW_GAP


def _figure(page: Page, right: float, y: float, value: Decimal | None, code: str | None,
            flagged: bool) -> None:
    if value is None:  # not in the filing: said so, without a code that reads as filed
        page.text(right, y, "(not in the filing)", CODE_SIZE, align="right", gray=0.35)
        return
    text = figure_text(value)
    width = text_width(text, FIGURE_SIZE)
    if flagged:
        page.rect(right - FIGURE_W, y - 7.5, FIGURE_W + CODE_W, 10, stroke=None,
                  fill=FLAG_GRAY)
    page.text(right, y, text + ("*" if flagged else ""), FIGURE_SIZE, align="right",
              fit=FIGURE_W)
    page.line(right - min(width, FIGURE_W), y + 1.6, right, y + 1.6, width=0.4)
    if code:
        page.text(right + 3, y, f"[{code}]", CODE_SIZE)


def _draw_row(page: Page, row: Row, y: float, filing: Filing, flagged: set[str]) -> float:
    lines = _row_lines(row)
    base = y + LEAD - 1.5
    if row.heading:
        for k, text in enumerate(lines):
            page.text(LEFT + NUM_W, base + k * LEAD, text, LABEL_SIZE, bold=True)
        return y + _row_height(row)
    left = LEFT + NUM_W
    if row.sub:
        page.text(left, base, row.number, LABEL_SIZE)
        left += SUB_INDENT
    elif row.number:
        page.text(LEFT, base, row.number, LABEL_SIZE)
    for k, text in enumerate(lines):
        page.text(left, base + k * LEAD, text, LABEL_SIZE)
    last = base + (len(lines) - 1) * LEAD
    inner = [a for a in row.amounts if a.inner]
    outer = [a for a in row.amounts if not a.inner]
    # Line 12 A–C of the swaps statement carry figures without a code, which the reader
    # does not take (nothing ties them to a line); their total [8715] is printed.
    for a in inner:
        _figure(page, INNER_RIGHT, last, filing.values.get(a.code), a.code,
                a.code in flagged)
    for a in outer:
        _figure(page, OUTER_RIGHT, last, filing.values.get(a.code), a.code,
                a.code in flagged)
    return y + _row_height(row)


def _notes(footing: Footing, statement: Statement) -> list[str]:
    own = {a.code for a in statement.amounts}
    # Codes in the notes go without brackets: the page reads back as the filing it is.
    notes = [f"* Code {m.code} does not foot: reported {figure_text(m.reported)}, its label "
             f"makes it {figure_text(m.expected)}."
             for m in footing.mismatches if m.code in own]
    notes += [f"* Code {d.code} reports a deficiency: {d.meaning}."
              for d in footing.deficiencies if d.code in own]
    notes += [f"Code {c} is not in the filing (counted as zero in the footing)."
              for c in footing.missing if c in own]
    return notes


def _cover_page(filing: Filing) -> Page:
    """The cover page: company and the three residual-interest targets, blanks a–d."""
    page = Page(COVER_TITLE, "seg")
    y = _header(page, filing, None, continued=False)
    page.text(LEFT, y, "Name of Company", LABEL_SIZE)
    page.text(LEFT + 150, y, filing.header.firm, LABEL_SIZE, bold=True)
    y += 22
    for target in TARGETS:
        values = filing.targets.get(target.key, {})
        page.text(LEFT, y, f"{target.heading} (choose one):", LABEL_SIZE, bold=True)
        y += LEAD + 4
        fields = {f.key: f for f in target.fields}
        for first, second in (("dollar", None), ("percent", None),
                              ("range_low", "range_high"), ("percent_low", "percent_high")):
            label = fields[first].label.split("…")[0].strip()
            page.text(LEFT + SUB_INDENT, y, label + ":", LABEL_SIZE)
            shown = []
            for key in (first, second):
                if key is None:
                    continue
                value = values.get(key)
                text = "" if value is None else figure_text(value)
                shown.append(text + ("%" if fields[key].percent and text else ""))
            page.text(OUTER_RIGHT, y, "  and  ".join(shown), FIGURE_SIZE, bold=True,
                      align="right")
            y += LEAD + 3
        y += 10
    page.text(LEFT, y, "Attach supporting documents", LABEL_SIZE)
    return page


def statement_pages(filing: Filing, footing: Footing | None = None) -> list[Page]:
    """The cover page and the three statements as pages (with "n of m" and the file
    named in each footer)."""
    footing = footing or check(filing)
    flagged = footing.flagged
    pages: list[Page] = [_cover_page(filing)]
    for statement in STATEMENTS:
        notes = _notes(footing, statement)
        page = Page(statement.title, "seg")
        y = _header(page, filing, statement, continued=False)
        limit = BODY_BOTTOM - len(notes) * 9
        for row in statement.rows:
            # The 30.7 funds start Secured Statement page 2, as line 9's label says ("line
            # 7 Secured Statement Page 1").
            starts_part = row.heading and any(r.part == row.label for r in statement.rows)
            if y + _row_height(row) > limit or starts_part:
                pages.append(page)
                page = Page(statement.title, "seg")
                y = _header(page, filing, statement, continued=True)
            y = _draw_row(page, row, y, filing, flagged)
        ny = BODY_BOTTOM - (len(notes) - 1) * 9 + 6
        for note in notes:
            page.text(LEFT, ny, note, 7, fit=RIGHT - LEFT)
            ny += 9
        pages.append(page)
    source = f"{filing.name} (sha256 {filing.sha256[:12]}…)"
    for number, page in enumerate(pages, 1):
        page.line(LEFT, BOTTOM - 10, RIGHT, BOTTOM - 10, width=0.3, gray=0.55)
        page.text(LEFT, BOTTOM, f"Printed by FocusDesk from {source}", 6.5,
                  fit=RIGHT - LEFT - 60)
        page.text(RIGHT, BOTTOM, f"{number} of {len(pages)}", 8, bold=True, align="right")
    return pages


def statements_pdf(filing: Filing, footing: Footing | None = None) -> bytes:
    h = filing.header
    title = f"Daily Seg {h.firm} {h.end_date:%m/%d/%Y}".strip()
    return pdf_bytes(statement_pages(filing, footing), title=title, author=h.firm,
                     subject="Daily Segregation statements", keywords=h.form)


def write_statements_pdf(filing: Filing, path: str | Path,
                         footing: Footing | None = None) -> None:
    """Write the statements' PDF atomically (a failed write leaves no partial file)."""
    write_bytes_atomically(Path(path), statements_pdf(filing, footing))
