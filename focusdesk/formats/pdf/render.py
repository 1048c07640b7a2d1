"""The PDF: the display lists of `focusdesk.formats.pdf.layout` replayed on a reportlab canvas.

Output is deterministic — the same workbook gives the same bytes (reportlab's
`invariant` mode fixes the creation date and the document ID) — which the visual
regression tests and reproducible filings rely on. The fonts are the PDF's standard
Helvetica and Helvetica-Bold (WinAnsi encoding, which has the form's "—" and "’").
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from .drawing import Line, Page, Rect, Text, font_name


def _draw(c: Canvas, page: Page) -> None:
    """Replay the marks in order. Consecutive strings share one PDF text object (a page
    has hundreds of figures; one BT … ET each would be slower and larger)."""
    h = page.height
    text: PDFTextObject | None = None
    font: tuple[str, float] | None = None
    fill: float | None = None
    stroke: tuple[float, float] | None = None  # (width, gray)

    def flush() -> None:
        nonlocal text
        if text is not None:
            c.drawText(text)
            text = None

    for mark in page.marks:
        if isinstance(mark, Text):
            if not mark.text:
                continue
            if mark.angle:
                flush()
                c.saveState()
                c.setFillGray(mark.gray)
                c.setFont(font_name(mark.bold), mark.size)
                c.translate(mark.x, h - mark.y)
                c.rotate(mark.angle)
                offset = {"left": 0.0, "center": mark.width / 2, "right": mark.width}
                c.drawString(-offset[mark.align], 0, mark.text)
                c.restoreState()
                continue
            if text is None:
                text, font, fill = c.beginText(), None, None
            if font != (font_name(mark.bold), mark.size):
                font = (font_name(mark.bold), mark.size)
                text.setFont(*font)
            if fill != mark.gray:
                fill = mark.gray
                text.setFillGray(fill)
            text.setTextOrigin(mark.left, h - mark.y)
            text.textOut(mark.text)
            continue
        flush()
        if isinstance(mark, Line):
            if stroke != (mark.width, mark.gray):
                stroke = (mark.width, mark.gray)
                c.setLineWidth(mark.width)
                c.setStrokeGray(mark.gray)
            c.line(mark.x1, h - mark.y1, mark.x2, h - mark.y2)
        elif isinstance(mark, Rect):
            if mark.fill is not None:
                c.setFillGray(mark.fill)
            if mark.stroke is not None and stroke != (mark.stroke, mark.gray):
                stroke = (mark.stroke, mark.gray)
                c.setLineWidth(mark.stroke)
                c.setStrokeGray(mark.gray)
            c.rect(mark.x, h - mark.y - mark.h, mark.w, mark.h,
                   stroke=int(mark.stroke is not None), fill=int(mark.fill is not None))
    flush()


def pdf_bytes(pages: Sequence[Page], *, title: str = "", author: str = "",
              subject: str = "", keywords: str = "") -> bytes:
    """The pages as a PDF document."""
    # Binary (Flate only) streams: smaller, and no pure-Python ASCII85 pass.
    saved, rl_config.useA85 = rl_config.useA85, 0
    try:
        return _pdf_bytes(pages, title, author, subject, keywords)
    finally:
        rl_config.useA85 = saved


def _pdf_bytes(pages: Sequence[Page], title: str, author: str, subject: str,
               keywords: str) -> bytes:
    out = io.BytesIO()
    c = Canvas(out, pagesize=(pages[0].width, pages[0].height) if pages else (612, 792),
               invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setKeywords(keywords)
    c.setCreator("FocusDesk")
    c.setProducer("FocusDesk (reportlab)")
    for page in pages:
        c.setPageSize((page.width, page.height))
        c.setLineCap(0)
        _draw(c, page)
        c.showPage()
    c.save()
    return out.getvalue()
