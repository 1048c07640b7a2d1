"""File → Print Preview…, Print… and Export PDF…: the printed form from the window.

The pages come from the Qt-free layout (`focusdesk.formats.pdf`), computed from the window's
own computations, followed by the worksheets' supporting schedules
(`focusdesk.worksheets.printing`) as `focusdesk pdf` prints them; Export PDF writes them
with reportlab, and the preview and the printer draw the very same pages with QPainter
(`focusdesk.gui.page_painter`). The preview therefore shows the PDF's pages — without
QtPdf, which PySide6-Essentials does not ship, and without poppler, which Windows and
macOS do not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...document.files import guard_output
from ...form.catalog import MONTHS
from ...formats.pdf import (
    PrintOptions,
    Report,
    build_report,
    report_pdf,
    write_bytes_atomically,
)
from ...worksheets.printing import supporting_pages
from ..page_painter import PrintError, prepare_printer, print_pages
from ..print_options import PrintOptionsDialog, default_options

if TYPE_CHECKING:
    from ..window import MainWindow


class PdfActions:
    """The menu actions and what they do (`window.feature(PdfActions)`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.options = PrintOptions()  # all months, both schedules, findings when errors
        self.options_chosen = False  # until then the dialog offers the reported months
        self.printer: QPrinter | None = None  # one printer per window: keeps its settings
        self.preview_action = QAction("Print Pre&view…", window)
        self.preview_action.setStatusTip("Show the printed form, page by page")
        self.print_action = QAction("&Print…", window)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setStatusTip("Print the form on a printer")
        self.export_action = QAction("&Export PDF…", window)
        self.export_action.setStatusTip("Save the printed form as a PDF file")
        self.notice_action = QAction("&Notice Draft…", window)
        self.notice_action.setStatusTip("Draft the Rule 17a-11 notice for the month in view "
                                        "(early warning or below the minimum)")
        window.add_file_actions((self.preview_action, self.print_action, self.export_action,
                                 self.notice_action))
        self.preview_action.triggered.connect(self.preview)
        self.print_action.triggered.connect(self.print_)
        self.export_action.triggered.connect(self.export_pdf)
        self.notice_action.triggered.connect(self.notice_draft)

    # -- what to print --------------------------------------------------------------
    def reported_months(self) -> tuple[str, ...]:
        wb = self.window.doc.wb
        return tuple(m for m in MONTHS if wb.is_active(m))

    def choose_options(self, title: str) -> bool:
        """Ask for the months, schedules and findings page (`focusdesk pdf --months
        --schedule --checks`); False when the controller cancels. The first time the
        reported months are offered; then the last choice."""
        reported = self.reported_months()
        offered = self.options if self.options_chosen else default_options(reported)
        dialog = PrintOptionsDialog(offered, reported, title, self.window)
        if dialog.exec() != PrintOptionsDialog.DialogCode.Accepted:
            return False
        self.options, self.options_chosen = dialog.options(), True
        return True

    # -- the pages ------------------------------------------------------------------
    def report(self) -> Report:
        """The pages of the window's workbook as it stands (saved or not): the form, then
        the worksheets' supporting schedules of the printed months, as `focusdesk pdf`
        prints them."""
        w = self.window
        report = build_report(w.doc.wb, self.options,
                              dollars=w.grid_a.computation("dollars"),
                              thousands=w.grid_a.computation("thousands"))
        report.pages += supporting_pages(w.doc.wb, self.options.months)
        return report

    def get_printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            prepare_printer(self.printer)
            self.printer.setDocName(self._base_name())
        return self.printer

    def _base_name(self) -> str:
        wb = self.window.doc.wb
        return f"FOCUS Part I {wb.firm.name or 'workbook'} {wb.year}".strip()

    def _draft_note(self, report: Report) -> str:
        return (f" It is marked DRAFT: {report.errors} error(s) remain in the checks."
                if report.draft else "")

    # -- print preview --------------------------------------------------------------
    def make_preview(self) -> QPrintPreviewDialog:
        report = self.report()
        printer = self.get_printer()
        # The preview shows every page, whatever range the last print asked for; its
        # own Print button asks again.
        printer.setPrintRange(QPrinter.PrintRange.AllPages)
        printer.setFromTo(0, 0)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Print Preview — {report.title}")
        dialog.paintRequested.connect(lambda printer: self._paint(printer, report))
        dialog.resize(900, 1000)
        return dialog

    def preview(self) -> None:
        if self.choose_options("Print Preview — what to print"):
            self.make_preview().exec()

    def _paint(self, printer: QPrinter, report: Report) -> None:
        try:
            print_pages(printer, report.pages)
        except PrintError as exc:
            self.window.show_message(str(exc))

    # -- printing -------------------------------------------------------------------
    def print_to(self, printer: QPrinter, report: Report | None = None) -> int:
        """Print the report on `printer` as set up (a dialog's choice, or a file)."""
        report = report or self.report()
        count = print_pages(printer, report.pages)
        where = printer.outputFileName() or printer.printerName() or "the printer"
        self.window.show_message(f"Sent {count} page(s) to {where}.{self._draft_note(report)}")
        return count

    def print_(self) -> None:
        if not self.choose_options("Print — what to print"):
            return
        report = self.report()
        printer = self.get_printer()
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print the FOCUS report")
        dialog.setMinMax(1, len(report.pages))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer, report)
        except PrintError as exc:
            QMessageBox.warning(self.window, "FocusDesk", str(exc))

    # -- export ---------------------------------------------------------------------
    def suggested_path(self) -> Path:
        doc = self.window.doc
        if doc.path is not None:
            return doc.path.with_suffix(".pdf")
        return Path(self.window.last_dir()) / f"{self._base_name()}.pdf"

    def export_to(self, path: Path) -> Report:
        guard_output(path, opened=[self.window.doc.path])  # never over a workbook
        report = self.report()
        write_bytes_atomically(path, report_pdf(report))
        self.window.show_message(f"Exported {path.name}: {len(report.pages)} page(s)."
                                 f"{self._draft_note(report)}")
        return report

    def export_pdf(self) -> None:
        if not self.choose_options("Export PDF — what to print"):
            return
        name, _ = QFileDialog.getSaveFileName(self.window, "Export PDF",
                                              str(self.suggested_path()),
                                              "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            self.export_to(path)
        except OSError as exc:
            QMessageBox.warning(self.window, "FocusDesk",
                                f"Not exported: {path} could not be written "
                                f"({exc.strerror or exc}).")

    # -- the Rule 17a-11 notice draft -------------------------------------------------
    def notice(self, month: str):
        """The notice draft of `month` as the window's workbook stands (raises
        `NoNoticeNeeded` when the month needs none)."""
        from ...formats.pdf.notice import build_notice

        doc = self.window.doc
        return build_notice(doc.wb, self.window.grid_a.computation("dollars"), month,
                            source=doc.path.name if doc.path else doc.title)

    def notice_draft(self) -> None:
        from ...formats.pdf import write_bytes_atomically
        from ...formats.pdf.notice import NoNoticeNeeded, notice_pdf

        month = self.window.status_month()
        try:
            notice = self.notice(month)
        except NoNoticeNeeded as exc:
            QMessageBox.information(self.window, "Notice Draft", f"{exc}.")
            return
        base = self.suggested_path()
        default = base.with_name(f"{base.stem}-notice-{month}.pdf")
        name, _ = QFileDialog.getSaveFileName(self.window, f"Notice Draft — {month}",
                                              str(default), "PDF files (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            guard_output(path, opened=[self.window.doc.path])  # never over a workbook
            write_bytes_atomically(path, notice_pdf(notice, self.window.doc.wb.firm.name))
        except OSError as exc:
            QMessageBox.warning(self.window, "FocusDesk",
                                f"Not written: {path} could not be written "
                                f"({exc.strerror or exc}).")
            return
        self.window.show_message(f"Wrote the notice draft for {month} to {path.name}: "
                                 "review it, sign it and send it to each addressee.")


def install(window: MainWindow) -> PdfActions:
    return PdfActions(window)
