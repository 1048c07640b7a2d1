"""File → Print Preview…, Print… and Export PDF… in the window (pytest-qt, offscreen).
The printer is a QPrinter writing PDF to a file, so the pages it receives can be
counted and read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from pdf_support import pdf_text, poppler_missing
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QFileDialog

from focusdesk.form.catalog import MONTHS
from focusdesk.formats.pdf import PrintOptions, build_report, report_pdf
from focusdesk.gui.features.printing import PdfActions
from focusdesk.gui.page_painter import selected_pages


@pytest.fixture(autouse=True)
def what_to_print(monkeypatch):
    """The months-and-schedules dialog before Print, Preview and Export PDF, accepted as
    offered (the reported months, JAN–OCT in the sample; tests/gui/test_desk_gui.py drives
    the dialog itself)."""
    from PySide6.QtWidgets import QDialog

    from focusdesk.gui.print_options import PrintOptionsDialog

    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def file_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_file_menu_has_preview_print_and_export_before_quit(window):
    actions = window.ui.menuFile.actions()
    texts = [a.text() for a in actions]
    quit_at = actions.index(window.ui.actionQuit)
    ours = [texts.index(t) for t in ("Print Pre&view…", "&Print…", "&Export PDF…")]
    assert ours == sorted(ours) and ours[-1] < quit_at
    assert actions[quit_at - 1].isSeparator()
    assert actions[ours[0] - 1].isSeparator()  # the group stands apart
    print_action = window.feature(PdfActions).print_action
    assert print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    assert print_action.shortcut().toString() == "Ctrl+P"


def test_export_writes_the_pdf_of_the_window(window, tmp_path, monkeypatch):
    target = tmp_path / "out" / "focus.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target.with_suffix("")), "PDF files (*.pdf)"))
    window.feature(PdfActions).export_action.trigger()
    data = target.read_bytes()
    # the same bytes as the command line's PDF of the same workbook and months
    # (`focusdesk pdf --months JAN-OCT`: the reported months, the window's default)
    assert data == report_pdf(build_report(window.doc.wb, PrintOptions(months=MONTHS[:10])))
    assert page_count(data) == 8  # Schedule B's NOV–DEC sheet holds no reported month
    assert "Exported focus.pdf: 8 page(s)." in window.statusBar().currentMessage()


def test_export_to_an_unwritable_place_says_so(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(blocker / "focus.pdf"), ""))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    window.feature(PdfActions).export_pdf()
    assert said and said[0].startswith("Not exported:")


def test_printing_sends_every_page_to_the_printer(window, tmp_path):
    out = tmp_path / "printed.pdf"
    printer = file_printer(out)
    assert window.feature(PdfActions).print_to(printer) == 9
    assert page_count(out.read_bytes()) == 9
    assert "Sent 9 page(s)" in window.statusBar().currentMessage()
    if not poppler_missing():
        text = " ".join(pdf_text(out, 1, layout=False).split())
        assert "Hudson Ridge Securities LLC" in text
        assert "FOR MONTH ENDS 2026" in text and "1 of 9" in text
        assert "5,058" in text  # JAN net capital, $000


def test_the_print_dialog_prints_what_it_is_given(window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    out = tmp_path / "dialog.pdf"
    seen = {}

    def accept(dialog):
        seen["range"] = (dialog.minPage(), dialog.maxPage())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.feature(PdfActions).print_action.trigger()
    assert seen["range"] == (1, 8)  # the reported months, as offered
    assert page_count(out.read_bytes()) == 8


def test_printing_honours_the_page_range(window, tmp_path):
    printer = file_printer(tmp_path / "range.pdf")
    printer.setFromTo(5, 6)  # Schedule B, JAN–FEB and MAR–MAY
    report = window.feature(PdfActions).report()
    assert [p.title for p in selected_pages(printer, report.pages)] == [
        "Schedule B, JAN–FEB", "Schedule B, MAR–MAY"]
    assert window.feature(PdfActions).print_to(printer) == 2
    assert page_count((tmp_path / "range.pdf").read_bytes()) == 2


def test_the_printed_pages_show_unsaved_edits(window, tmp_path):
    row = window.grid_a.row_of("1710")
    window.grid_a.set_text(row, 0, "7654321")  # line 1, JAN, in dollars
    window.after_edit()
    out = tmp_path / "edited.pdf"
    window.feature(PdfActions).export_to(out)
    if not poppler_missing():
        # 7,654,321 prints 7,655 in $000: line 1 absorbs what line 10 (a key figure, its
        # true amount rounded) leaves over; either way the edit is on the page.
        printed = window.grid_a.computation("thousands").value("JAN", "1710")
        assert printed == 7655 and "7,655" in pdf_text(out, 1)


def test_a_draft_says_so_when_exported(window, tmp_path):
    row = window.grid_a.row_of("4274")
    window.grid_a.set_text(row, 2, "-5")  # MAR deductions from capital negative: an error
    window.after_edit()
    report = window.feature(PdfActions).export_to(tmp_path / "draft.pdf")
    assert report.draft and report.pages[-1].kind == "checks"
    assert "marked DRAFT" in window.statusBar().currentMessage()


def test_the_preview_shows_the_pages(window, qtbot):
    window.feature(PdfActions).get_printer().setFromTo(2, 3)  # a range left by the last print
    dialog = window.feature(PdfActions).make_preview()
    try:
        dialog.show()
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        qtbot.waitUntil(lambda: widget.pageCount() == 9, timeout=5000)
        assert "Print Preview — FOCUS Report Part I — Hudson Ridge" in dialog.windowTitle()
    finally:
        dialog.close()
        dialog.deleteLater()


def test_the_printer_is_letter_portrait_and_kept(window):
    from PySide6.QtGui import QPageLayout, QPageSize

    printer = window.feature(PdfActions).get_printer()
    assert printer is window.feature(PdfActions).get_printer()
    layout = printer.pageLayout()
    assert layout.pageSize().id() == QPageSize.PageSizeId.Letter
    assert layout.orientation() == QPageLayout.Orientation.Portrait
    assert printer.fullPage()


def test_a_printer_that_cannot_start_is_one_sentence(window, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QMessageBox

    from focusdesk.gui.page_painter import PrintError, print_pages

    bad = file_printer(tmp_path / "missing" / "x.pdf")
    with pytest.raises(PrintError, match="could not be started"):
        print_pages(bad, window.feature(PdfActions).report().pages)

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(tmp_path / "missing" / "y.pdf"))
        return QPrintDialog.DialogCode.Accepted

    said = []
    monkeypatch.setattr(QPrintDialog, "exec", accept)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(a[2]))
    window.feature(PdfActions).print_()
    assert said and "could not be started" in said[0]
