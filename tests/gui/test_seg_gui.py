"""The Segregation tab (offscreen): import, undo, drop, highlights, export."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from focusdesk.gui.features import segregation
from focusdesk.gui.features.segregation import SegregationTab

FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = FIXTURES / "000_f78615206c38f945.txt"
SCRAMBLED = FIXTURES / "001_709a681e187ed0f2.txt"
D = Decimal


@pytest.fixture(autouse=True)
def warnings_shown(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def win(window):
    window.change_setting("year", 2017)
    return window


def altered(tmp_path: Path, old: str, new: str) -> Path:
    text = TIDY.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "altered.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_the_tab_and_the_menu_entry(win):
    tab = win.feature(SegregationTab)
    # before Checks, then the Worksheets tab
    assert win.ui.tabs.indexOf(tab) == win.ui.tabs.indexOf(win.ui.pageChecks) - 2
    assert win.ui.tabs.tabText(win.ui.tabs.indexOf(tab)) == "Segregation"
    names = [a.objectName() for a in win.ui.menuFile.actions()]
    assert names.index("actionImportSegFiling") < names.index("actionQuit")
    assert len(tab.filings_model.table) == 0 and not tab.empty.isHidden()
    assert not tab.pdf_button.isEnabled()


def test_import_sets_item_29_as_one_undoable_step(win):
    tab = win.feature(SegregationTab)
    wb = win.doc.wb
    before = wb.items["DEC"].get("7060")
    assert tab.import_file(SCRAMBLED)
    assert wb.value("DEC", "7060") == D(5_438_091_820)
    assert wb.items["DEC"]["7180"].source_ref.startswith(SCRAMBLED.name + " sha256:")
    assert len(wb.filings) == 1 and win.doc.modified
    assert win.ui.tabs.currentWidget() is tab
    filings = tab.filings_model.table
    assert len(filings) == 1 and tab.filings.model().rowCount() == 1
    assert [filings.text(0, c) for c in (0, 2)] == ["12/26/2017", "foots"]
    assert filings.roles(0, 2) == {"foots"}
    assert "Imported 001_709a681e187ed0f2.txt (foots); item 29 of DEC set" in \
        win.statusBar().currentMessage()
    seg = tab.statement("segregation")
    r = seg.find(2, "[7060]")
    assert seg.rows[r].cells == ("6", "Amount required to be segregated (add lines 4 and 5)",
                                 "[7060]", "5,438,091,820", "5,438,091,820", "foots")
    swaps = tab.statement("swaps")
    absent = swaps.find(2, "[8715]")
    assert swaps.text(absent, 5) == "absent (counted as zero)"
    assert swaps.roles(absent, 0) == {"absent"}
    assert tab.cover_rows().text(1, 2) == "5%"
    # the Checks tab: DEC's item 29 comes from 12/26, not the last business day
    assert any(f.item == "7060" and f.month == "DEC" and "12/29/2017" in f.message
               for f in win.checks_model.findings)
    win.ui.actionUndo.trigger()
    assert wb.items["DEC"].get("7060") == before and wb.filings == ()
    assert len(tab.filings_model.table) == 0
    win.ui.actionRedo.trigger()
    assert wb.value("DEC", "7060") == D(5_438_091_820) and len(tab.filings_model.table) == 1


def test_a_filing_that_does_not_foot_is_highlighted_and_stored_only(win, tmp_path,
                                                                    monkeypatch):
    path = altered(tmp_path, "1,477,842,848</u></b> [7060]", "1,477,842,884</u></b> [7060]")
    asked: list[str] = []

    def store_only(imp):
        asked.append(imp.filing.name)
        return False

    monkeypatch.setattr(win.feature(SegregationTab), "ask_force", store_only)
    before = win.doc.wb.value("NOV", "7060")
    assert win.feature(SegregationTab).import_file(path)
    assert asked == ["altered.txt"]
    wb = win.doc.wb
    assert wb.value("NOV", "7060") == before  # item 29 left as it was
    assert wb.filings[0].status == "does not foot"
    tab = win.feature(SegregationTab)
    assert tab.filings_model.table.text(0, 2) == "does not foot"
    assert tab.flagged_rows("segregation") == ["7060"]
    assert tab.flagged_rows("secured") == [] and tab.flagged_rows("swaps") == []
    seg = tab.statement("segregation")
    r = seg.find(2, "[7060]")
    assert seg.roles(r, 3) == {"does not foot"} and seg.text(r, 4) == "1,477,842,848"
    # the view draws the role: the row's cells on the mismatch colour
    model = tab.statement_models["segregation"]
    assert model.index(r, 3).data(Qt.ItemDataRole.BackgroundRole).color() == \
        segregation.MISMATCH_BG
    assert "does not foot" in tab.summary.text() and "[7060]" in tab.summary.text()


def test_set_item_29_anyway(win, tmp_path, monkeypatch):
    path = altered(tmp_path, "17,547,499", "17,547,500")
    monkeypatch.setattr(win.feature(SegregationTab), "ask_force", lambda imp: True)
    assert win.feature(SegregationTab).import_file(path)
    assert win.doc.wb.value("NOV", "7060") == D(1_477_842_848)
    monkeypatch.setattr(win.feature(SegregationTab), "ask_force", lambda imp: None)  # cancel
    other = altered(tmp_path, "16,793,129", "16,793,128")
    assert not win.feature(SegregationTab).import_file(other)
    assert len(win.doc.wb.filings) == 1


def test_dropping_a_filing_imports_it(win, tmp_path):
    copy = tmp_path / "seg.txt"
    shutil.copyfile(TIDY, copy)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(copy))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    win.dropEvent(event)
    assert win.doc.wb.value("NOV", "7180") == D(1_494_635_977)
    assert win.doc.wb.filings[0].file_name == "seg.txt"


def test_another_year_asks_for_the_month(window, monkeypatch):
    assert window.doc.wb.year != 2017
    monkeypatch.setattr(window.feature(SegregationTab), "choose_month", lambda message: "MAR")
    assert window.feature(SegregationTab).import_file(TIDY)
    assert window.doc.wb.value("MAR", "7060") == D(1_477_842_848)
    monkeypatch.setattr(window.feature(SegregationTab), "choose_month", lambda message: None)
    assert not window.feature(SegregationTab).import_file(SCRAMBLED)
    assert len(window.doc.wb.filings) == 1


def test_bad_files_are_refused_with_a_message(win, tmp_path, warnings_shown):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    version = win.doc.history.version
    assert not win.feature(SegregationTab).import_file(bad)
    assert warnings_shown == ["Not imported: bad.txt is a binary file, not a Daily Seg filing "
                              "(text, Markdown, HTML or PDF)."]
    assert win.doc.wb.filings == () and win.doc.history.version == version


def test_export_statements_pdf(win, tmp_path):
    win.feature(SegregationTab).import_file(SCRAMBLED)
    out = tmp_path / "statements.pdf"
    win.feature(SegregationTab).export_pdf_to(out)
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Exported the statements" in win.statusBar().currentMessage()
    from focusdesk.seg.reader import read_filing

    assert read_filing(out.read_bytes(), "statements.pdf").values["7060"] == \
        D(5_438_091_820)


def test_saved_and_reopened_the_tab_lists_the_filing(win, tmp_path):
    win.feature(SegregationTab).import_file(TIDY)
    path = tmp_path / "book.focus"
    win.doc.save(path)
    assert win.open_path(path)
    win.ui.tabs.setCurrentWidget(win.feature(SegregationTab))
    filings = win.feature(SegregationTab).filings_model.table
    assert len(filings) == 1 and filings.text(0, 4) == TIDY.name
