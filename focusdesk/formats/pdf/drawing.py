"""Pages as display lists: what the layout draws, replayed by each output.

The layout (`focusdesk.formats.pdf.layout`) never calls a graphics library. It produces `Page`
values holding a list of three kinds of marks — `Text`, `Line`, `Rect` — in points, with
the origin at the top-left corner of the sheet and y growing downwards. Two outputs
replay the same list: reportlab writes the PDF (`focusdesk.formats.pdf.render`), and QPainter
draws the print preview and the printer's pages (`focusdesk.gui.page_painter`). So the
preview and the printed sheet are the PDF's drawing, not a look-alike.

Every width is measured with the metrics of the PDF's standard Helvetica (reportlab's
AFM tables, no font files and no Qt), so the layout is the same on every machine; the
Qt side fits each string to that width.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth

Align = Literal["left", "right", "center"]

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
# US Letter, portrait: the form's sheet.
LETTER = (612.0, 792.0)


def font_name(bold: bool) -> str:
    return FONT_BOLD if bold else FONT


@lru_cache(maxsize=8192)  # labels, captions and figures repeat from page to page
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` in points, as the PDF will set it."""
    return stringWidth(text, font_name(bold), size)


@dataclass(frozen=True)
class Text:
    """A string on a baseline. `x` is the left edge, the right edge or the centre as
    `align` says; `angle` turns it counter-clockwise about that point (degrees)."""

    x: float
    y: float
    text: str
    size: float
    bold: bool = False
    align: Align = "left"
    gray: float = 0.0  # 0 black … 1 white
    angle: float = 0.0

    @cached_property
    def width(self) -> float:
        return text_width(self.text, self.size, self.bold)

    @property
    def left(self) -> float:
        if self.align == "right":
            return self.x - self.width
        if self.align == "center":
            return self.x - self.width / 2
        return self.x

    @property
    def right(self) -> float:
        return self.left + self.width


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    gray: float = 0.0


@dataclass(frozen=True)
class Rect:
    """A box from its top-left corner; outlined when `stroke` is a width, filled with the
    gray level `fill` when given."""

    x: float
    y: float
    w: float
    h: float
    stroke: float | None = 0.5
    fill: float | None = None
    gray: float = 0.0  # the outline's gray level


Mark = Text | Line | Rect


@dataclass
class Page:
    """One sheet: its size, what it shows (for people and tests) and its marks."""

    title: str  # e.g. "Schedule A, items 1–31, JAN–JUN"
    # seg: a Daily Seg statement page; notice: a Rule 17a-11 notice draft; compare: a
    # comparison of two versions of a month (focusdesk.close.compare); worksheet: a
    # supporting schedule printed after the form (focusdesk.worksheets.printing)
    kind: Literal["A", "B", "checks", "seg", "notice", "compare", "worksheet"]
    months: tuple[str, ...] = ()
    width: float = LETTER[0]
    height: float = LETTER[1]
    marks: list[Mark] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float, *, bold: bool = False,
             align: Align = "left", gray: float = 0.0, fit: float | None = None) -> Text:
        """Add a string; with `fit`, the size shrinks so it is never wider than `fit`."""
        if fit is not None and text:
            width = text_width(text, size, bold)
            if width > fit:
                size = size * fit / width
        mark = Text(x, y, text, size, bold, align, gray)
        self.marks.append(mark)
        return mark

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.5,
             gray: float = 0.0) -> None:
        self.marks.append(Line(x1, y1, x2, y2, width, gray))

    def rect(self, x: float, y: float, w: float, h: float, *, stroke: float | None = 0.5,
             fill: float | None = None, gray: float = 0.0) -> None:
        self.marks.append(Rect(x, y, w, h, stroke, fill, gray))

    def texts(self) -> list[Text]:
        return [m for m in self.marks if isinstance(m, Text)]


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to `width` points (a word longer than the width stays whole)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current or not lines:
        lines.append(current)
    return lines
