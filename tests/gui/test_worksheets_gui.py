"""The Worksheets tab (offscreen): import as one undoable step with the file as the cells'
source, undo, a dropped file, a bad file, the drill-down from Schedule A, and the
supporting schedules in the window's PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from support import a_index, sha
from worksheets_support import SAMPLE_ITEMS, SAMPLE_ROWS, items_file, positions

from focusdesk.document.editing import ItemCell
from focusdesk.gui.features.printing import PdfActions
from focusdesk.gui.features.trial_balance import TrialBalanceImport
from focusdesk.gui.features.worksheets import WorksheetsTab, sniff_kind
from focusdesk.model.workbook import Entry
from focusdesk.tables.cells import source_tip

D = Decimal


@pytest.fixture(autouse=True)
def shown(monkeypatch):
    said: list[str] = []
    for name in ("warning", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: said.append(text))
    return said


def drop(win, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    win.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                             Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_the_tab_its_menu_entries_and_an_empty_month(window):
    tab = window.feature(WorksheetsTab)
    tabs = window.ui.tabs
    assert tabs.tabText(tabs.indexOf(tab)) == "Worksheets"
    assert tabs.indexOf(tab) < tabs.indexOf(window.ui.pageChecks)
    names = [a.objectName() for a in window.ui.menuFile.actions()]
    assert names.index("actionImportPositions") < names.index("actionQuit")
    assert "actionImportExhibitItems" in names
    window.show_tab(tab)
    assert tab.month() == window.current_month == "OCT"
    assert "No positions are kept for OCT" in tab.haircut_summary.text()
    assert len(tab.positions_rows()) == 0 and len(tab.exhibit_rows()) == 0


def test_import_positions_is_one_undoable_step_with_the_file_as_source(window, tmp_path):
    tab = window.feature(WorksheetsTab)
    wb = window.doc.wb
    before = wb.value("OCT", "3740")
    path = positions(tmp_path, *SAMPLE_ROWS)
    assert tab.import_file(path)
    assert wb.value("OCT", "3740") == D("256782.49")
    assert wb.value("OCT", "850") == D(3_535_000) and wb.value("OCT", "1620") == D(520_000)
    entry = wb.items["OCT"]["3740"]
    assert entry.source == "imported"
    # the cell's provenance, as for an imported trial balance: the file and its SHA-256
    assert source_tip(entry) == f"Imported from {path.name}\nSHA-256 {sha(path)}"
    tip = window.model_a.index(a_index(window, "3740", "OCT").row(),
                               a_index(window, "3740", "OCT").column()
                               ).data(Qt.ItemDataRole.ToolTipRole)
    assert path.name in tip and sha(path) in tip
    assert window.ui.tabs.currentWidget() is tab and tab.sheets.currentIndex() == 0
    assert len(tab.positions_rows()) == 10
    assert tab.categories_rows().find(0, "Line 18 [3740] — haircuts on securities "
                                         "positions") is not None
    assert tab.lines_rows("haircuts").differing() == []
    assert "Not applied: (c)(2)(vi)(A)(2)" in tab.haircut_notes.toPlainText()
    assert "Uncertain: " in tab.haircut_notes.toPlainText()
    assert "Imported the positions of positions.csv into OCT: 4 line(s) changed" in \
        window.statusBar().currentMessage()
    assert window.ui.actionUndo.text() == "&Undo Haircuts from positions.csv into OCT"
    # importing the same file again changes nothing
    assert tab.import_file(path)
    assert window.statusBar().currentMessage().startswith("Already imported")
    window.ui.actionUndo.trigger()
    assert wb.value("OCT", "3740") == before and ("OCT", "haircuts") not in wb.worksheets
    assert len(tab.positions_rows()) == 0  # the tab follows the undo
    window.ui.actionRedo.trigger()
    assert wb.value("OCT", "3740") == D("256782.49") and len(tab.positions_rows()) == 10


def test_import_items_with_the_monthly_option(window, tmp_path):
    tab = window.feature(WorksheetsTab)
    wb = window.doc.wb
    tab.monthly.setChecked(True)
    assert tab.import_file(items_file(tmp_path, *SAMPLE_ITEMS), "reserve")
    assert wb.value("OCT", "4430") == D(5_950_000)
    assert wb.value("OCT", "4472") == D(4_135_750)
    assert wb.worksheets[("OCT", "reserve")].options == ("monthly",)
    assert tab.sheets.currentIndex() == 1
    req = tab.requirement_rows()
    # 105 % × (5,950,000 − 4,135,750) = 1,904,962.50
    assert req.amount("requirement") == "1,904,962.50"
    assert "Deficiency" in tab.reserve_summary.text()
    assert "Deficiency" in window.statusBar().currentMessage()
    window.ui.actionUndo.trigger()
    assert ("OCT", "reserve") not in wb.worksheets and len(tab.exhibit_rows()) == 0


def test_a_bad_file_is_one_message_and_nothing_changes(window, tmp_path, shown):
    tab = window.feature(WorksheetsTab)
    wb = window.doc.wb
    version = window.doc.history.version
    before = dict(wb.items["OCT"])
    bad = positions(tmp_path, "X1,Mystery,gold-bars,,1000,,,,")
    assert not tab.import_file(bad)
    assert len(shown) == 1
    assert shown[0].startswith("Not imported: positions.csv, row 2, column category (C): "
                               "'gold-bars' is not a category")
    assert window.doc.history.version == version and dict(wb.items["OCT"]) == before
    assert ("OCT", "haircuts") not in wb.worksheets
    neither = tmp_path / "notes.csv"
    neither.write_text("a,b\n1,2\n", encoding="utf-8")
    assert not tab.import_file(neither)
    assert "neither a positions file" in shown[1]
    assert window.doc.history.version == version


def test_a_dropped_positions_file_goes_to_the_tab_a_trial_balance_to_the_wizard(
        window, tmp_path):
    tab = window.feature(WorksheetsTab)
    path = positions(tmp_path, *SAMPLE_ROWS)
    assert sniff_kind(path) == "haircuts"
    drop(window, path)  # on Schedule A: its header makes it a positions file
    assert window.doc.wb.value("OCT", "3740") == D("256782.49")
    assert window.ui.tabs.currentWidget() is tab
    items = items_file(tmp_path, *SAMPLE_ITEMS)
    assert sniff_kind(items) == "reserve"
    drop(window, items)
    assert window.doc.wb.value("OCT", "4430") == D(5_950_000)
    tb = tmp_path / "tb.csv"
    tb.write_text("Account,Description,Debit,Credit\n1000,Cash,100,\n", encoding="utf-8")
    assert sniff_kind(tb) is None
    window.show_tab(window.ui.pageScheduleA)
    drop(window, tb)
    wiz = window.feature(TrialBalanceImport).wizard
    assert wiz is not None and wiz.isVisible()
    wiz.reject()


def test_schedule_a_drills_down_to_the_months_worksheet(window, tmp_path):
    tab = window.feature(WorksheetsTab)
    assert tab.import_file(positions(tmp_path, *SAMPLE_ROWS), month="SEP")
    window.show_tab(window.ui.pageScheduleA)
    window.table_a.setCurrentIndex(a_index(window, "3840", "SEP"))  # line 23a: none
    menu = window.cell_menu()
    assert not tab.drill_action.isEnabled() and tab.drill_action in menu.actions()
    window.table_a.setCurrentIndex(a_index(window, "4430", "JUN"))  # line 26
    window.cell_menu()
    assert tab.drill_action.isEnabled()
    tab.drill_action.trigger()
    assert window.ui.tabs.currentWidget() is tab
    assert tab.month() == "JUN" and tab.sheets.currentIndex() == 1
    window.show_tab(window.ui.pageScheduleA)
    window.table_a.setCurrentIndex(a_index(window, "3740", "SEP"))  # line 18
    window.cell_menu()
    tab.drill_action.trigger()
    assert tab.month() == "SEP" and tab.sheets.currentIndex() == 0
    assert len(tab.positions_rows()) == 10
    # the tab's month picker moves the month in view
    tab.month_combo.setCurrentText("MAR")
    assert window.current_month == "MAR" and len(tab.positions_rows()) == 0


def test_the_windows_pdf_prints_the_supporting_schedules(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from focusdesk.gui.print_options import PrintOptionsDialog

    monkeypatch.setattr(PrintOptionsDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    actions = window.feature(PdfActions)
    assert "worksheet" not in [p.kind for p in actions.report().pages]
    tab = window.feature(WorksheetsTab)
    assert tab.import_file(positions(tmp_path, *SAMPLE_ROWS))
    assert tab.import_file(items_file(tmp_path, *SAMPLE_ITEMS))
    report = actions.report()
    kinds = [p.kind for p in report.pages]
    first = kinds.index("worksheet")
    # after the form (and its findings), as `focusdesk pdf` prints them
    assert kinds[first:] == ["worksheet"] * (len(kinds) - first) and first >= 2
    assert len(kinds) - first >= 2 and "OCT" in report.pages[first].title
    out = actions.export_to(tmp_path / "with-worksheets.pdf")
    assert len(out.pages) == len(report.pages)
    assert f"{len(report.pages)} page(s)" in window.statusBar().currentMessage()


def test_a_line_typed_over_since_is_flagged_and_set_again(window, tmp_path):
    tab = window.feature(WorksheetsTab)
    wb = window.doc.wb
    assert tab.import_file(positions(tmp_path, *SAMPLE_ROWS))
    assert not tab.haircuts_again.isEnabled()
    window.doc.apply("Type line 18", [(ItemCell("OCT", "3740"), Entry(D(1), "typed"))])
    window.after_edit()
    tab.refresh()
    assert tab.lines_rows("haircuts").differing() == ["3740"]
    assert tab.haircuts_again.isEnabled()
    tab.haircuts_again.click()
    assert wb.value("OCT", "3740") == D("256782.49")
    assert wb.items["OCT"]["3740"].source == "imported"
    assert tab.lines_rows("haircuts").differing() == [] and not tab.haircuts_again.isEnabled()
    window.ui.actionUndo.trigger()  # one step: back to the typed figure
    assert wb.value("OCT", "3740") == D(1)


def test_the_instructions_pane_follows_the_worksheet_in_view(window):
    tab = window.feature(WorksheetsTab)
    window.show_tab(tab)
    tab.sheets.setCurrentIndex(0)
    assert window.ui.instructionsText.toPlainText().startswith("Line 18 [3740]")
    tab.sheets.setCurrentIndex(1)
    assert window.ui.instructionsText.toPlainText().startswith("Line 26 [4430]")


def test_an_xlsx_dropped_on_the_tab_is_read_by_its_header(window, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Positions at month end"])  # a title row above the header
    sheet.append(["ID", "Description", "Category", "Maturity", "Market Value"])
    sheet.append(["E1", "ACME common", "equity", None, 200000])
    path = tmp_path / "book.xlsx"
    book.save(path)
    tab = window.feature(WorksheetsTab)
    assert sniff_kind(path) is None  # not opened while dragging
    window.show_tab(tab)
    drop(window, path)
    # (J): 15 % of the greater side, 200,000 long
    assert window.doc.wb.value("OCT", "3740") == D(30_000)
    assert tab.positions_rows().rows[0].cells[:2] == ("E1", "ACME common")
