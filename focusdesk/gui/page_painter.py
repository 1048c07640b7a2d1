"""The printed report's pages drawn with QPainter: print preview, printers, images.

The pages are the display lists the PDF is written from (`focusdesk.formats.pdf.drawing`), so
what the preview shows and what a printer receives is the PDF's drawing. Widths are the
PDF's: each string is drawn in the system's Helvetica (Arial on Windows, Nimbus Sans
or a similar sans on Linux) and scaled horizontally to the width the PDF gives it, so
columns line up exactly as in the PDF whatever font the machine has.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)
from PySide6.QtPrintSupport import QPrinter

from ..formats.pdf.drawing import Line, Page, Rect, Text

_FONTS: dict[tuple[bool, float], QFont] = {}


class PrintError(RuntimeError):
    """The printer could not be used; one sentence for the user."""


def _gray(level: float) -> QColor:
    return QColor.fromRgbF(level, level, level)


def _font(bold: bool, point_size: float) -> QFont:
    key = (bold, point_size)
    font = _FONTS.get(key)
    if font is None:
        if len(_FONTS) > 512:  # sizes depend on the device and on figures set smaller
            _FONTS.clear()
        font = QFont("Helvetica")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setBold(bold)
        font.setPointSizeF(point_size)
        font.setKerning(False)  # the PDF's widths are the AFM advances, unkerned
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        _FONTS[key] = font
    return font


def _draw_text(painter: QPainter, mark: Text, dpi: float) -> None:
    # In page units (points) a font of `size` pixels is `size` points tall; QFont counts
    # points at the device's resolution, hence the conversion.
    font = _font(mark.bold, mark.size * 72.0 / dpi)
    painter.setFont(font)
    painter.setPen(QPen(_gray(mark.gray)))
    natural = QFontMetricsF(font, painter.device()).horizontalAdvance(mark.text)
    if natural <= 0:
        return
    target = mark.width
    painter.save()
    if mark.angle:
        painter.translate(mark.x, mark.y)
        painter.rotate(-mark.angle)  # counter-clockwise on the sheet, as in the PDF
        offset = {"left": 0.0, "center": target / 2, "right": target}[mark.align]
        painter.translate(-offset, 0)
    else:
        painter.translate(mark.left, mark.y)
    painter.scale(target / natural, 1.0)
    painter.drawText(QPointF(0, 0), mark.text)
    painter.restore()


def paint_page(painter: QPainter, page: Page, target: QRectF) -> None:
    """Draw `page` scaled into `target` (device coordinates), keeping its proportions."""
    scale = min(target.width() / page.width, target.height() / page.height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.translate(target.x() + (target.width() - page.width * scale) / 2,
                      target.y() + (target.height() - page.height * scale) / 2)
    painter.scale(scale, scale)
    dpi = float(painter.device().logicalDpiY())
    # A rule thinner than a device pixel is drawn one pixel wide (as PDF viewers do),
    # so hairlines stay visible in the preview; printers have pixels to spare.
    pixel = 1.0 / scale
    for mark in page.marks:
        if isinstance(mark, Text):
            if mark.text:
                _draw_text(painter, mark, dpi)
        elif isinstance(mark, Line):
            pen = QPen(_gray(mark.gray), max(mark.width, pixel))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(mark.x1, mark.y1), QPointF(mark.x2, mark.y2))
        elif isinstance(mark, Rect):
            painter.setPen(QPen(_gray(mark.gray), max(mark.stroke, pixel))
                           if mark.stroke is not None else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_gray(mark.fill)) if mark.fill is not None
                             else Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(mark.x, mark.y, mark.w, mark.h))
    painter.restore()


def prepare_printer(printer: QPrinter) -> None:
    """US Letter, portrait, drawn from the sheet's corner (the pages keep their own
    margins); a printer set to another paper gets the pages scaled to fit."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter),
                                      QPageLayout.Orientation.Portrait,
                                      printer.pageLayout().margins()))
    printer.setFullPage(True)


def selected_pages(printer: QPrinter, pages: Sequence[Page]) -> list[Page]:
    """The pages the print dialog's range asks for (all when no range was chosen)."""
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 and last <= 0:
        return list(pages)
    first = max(first, 1)
    last = len(pages) if last <= 0 else min(last, len(pages))
    return list(pages[first - 1:last])


def print_pages(printer: QPrinter, pages: Sequence[Page]) -> int:
    """Send `pages` (the range the printer's dialog chose) to `printer`; returns how many
    pages were drawn. Raises `PrintError` when the printer cannot start."""
    chosen = selected_pages(printer, pages)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        name = printer.outputFileName() or printer.printerName()
        raise PrintError(f"The printer {name} could not be started." if name
                         else "The printer could not be started.")
    try:
        for i, page in enumerate(chosen):
            if i:
                printer.newPage()
            paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            paint_page(painter, page, paper)
    finally:
        painter.end()
    return len(chosen)


def page_image(page: Page, dpi: float = 100.0) -> QImage:
    """`page` as a white-background image at `dpi`."""
    width, height = round(page.width * dpi / 72), round(page.height * dpi / 72)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_page(painter, page, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image
