"""Print the form: Form X-17A-5 Part I as a PDF (Qt-free).

    from focusdesk.formats.pdf import PrintOptions, build_report, report_pdf, write_pdf

    report = build_report(wb, PrintOptions(months=("JAN", "FEB"), schedules=("A",)))
    data = report_pdf(report)            # bytes, deterministic
    write_pdf(wb, "focus-2026.pdf")      # lays out, renders and writes atomically

`layout` turns a workbook into pages of marks, `render` writes them with reportlab;
the desktop window paints the same pages with QPainter for its preview and printer
(`focusdesk.gui.page_painter`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ...base.atomicfile import write_atomically
from ...calculation.engine import Computation
from ...document.files import guard_output
from ...model.workbook import Workbook
from .drawing import Page
from .layout import SCHEDULE_B_SHEETS, PrintOptions, Report, build_report
from .render import pdf_bytes


def report_pdf(report: Report) -> bytes:
    return pdf_bytes(report.pages, title=report.title, author=report.firm,
                     subject=report.meta.get("subject", ""),
                     keywords=report.meta.get("keywords", ""))


def write_pdf(wb: Workbook, path: str | os.PathLike[str], options: PrintOptions | None = None,
              *, dollars: Computation | None = None,
              thousands: Computation | None = None) -> Report:
    """Lay out `wb`, write the PDF to `path` (atomically: a failed write leaves no
    half-written file) and return the report."""
    report = build_report(wb, options, dollars=dollars, thousands=thousands)
    write_bytes_atomically(Path(path), report_pdf(report))
    return report


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """A PDF (or any output's bytes) to `path`, never over a workbook, atomically."""
    guard_output(path)  # never over a workbook (OutputRefusedError, an OSError)
    write_atomically(path, data)


__all__ = ["SCHEDULE_B_SHEETS", "Page", "PrintOptions", "Report", "build_report",
           "report_pdf", "write_pdf"]
