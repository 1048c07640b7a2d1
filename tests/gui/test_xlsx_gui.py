"""File → Export to Excel… / Import from Excel… in the window (pytest-qt, offscreen)."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QMessageBox

from focusdesk.formats.xlsx.export import write_xlsx
from focusdesk.formats.xlsx.importer import read_xlsx
from focusdesk.formats.xlsx.sheet_format import SHEET_A, layout
from focusdesk.gui.app import MainWindow
from focusdesk.gui.features.excel import XlsxActions


def _menu_texts(win: MainWindow) -> list[str]:
    return [a.text() for a in win.ui.menuFile.actions()]


def test_menu_items_sit_before_quit(window):
    texts = _menu_texts(window)
    quit_at = texts.index(window.ui.actionQuit.text())
    for label in ("Export to E&xcel…", "&Import from Excel…"):
        assert texts.index(label) < quit_at
    actions = window.ui.menuFile.actions()
    assert actions[texts.index("&Import from Excel…") + 1].isSeparator()


def test_import_is_one_undoable_step(window, tmp_path, monkeypatch):
    wb = window.doc.wb
    lay = layout(wb.form)
    path = tmp_path / "edited.xlsx"
    write_xlsx(wb, path)
    book = openpyxl.load_workbook(path)
    book[SHEET_A][lay.a_cell("JAN", "3540")] = 700000  # line 13 was 612,450
    book[SHEET_A][lay.a_cell("NOV", "3950")] = 1234.5  # NOV was not reported
    book.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    before_nc = window.grid_a.computation("dollars").value("JAN", "3750")
    changed = window.feature(XlsxActions).import_xlsx()
    assert changed == 2
    assert wb.value("JAN", "3540") == Decimal(700000)
    assert wb.value("NOV", "3950") == Decimal("1234.5")
    assert wb.items["NOV"]["3950"].source == "imported"
    assert wb.items["NOV"]["3950"].source_ref.startswith("edited.xlsx sha256:")
    after_nc = window.grid_a.computation("dollars").value("JAN", "3750")
    assert before_nc - after_nc == Decimal(700000 - 612450)
    assert "Import edited.xlsx" in window.ui.actionUndo.text()
    assert "Imported edited.xlsx: 2 value(s) changed" in window.statusBar().currentMessage()
    window.ui.actionUndo.trigger()  # ONE step takes the whole import back
    assert wb.value("JAN", "3540") == Decimal(612450)
    assert wb.value("NOV", "3950") is None and not wb.is_active("NOV")
    assert window.grid_a.computation("dollars").value("JAN", "3750") == before_nc
    window.ui.actionRedo.trigger()
    assert wb.value("NOV", "3950") == Decimal("1234.5")


def test_a_bad_file_is_refused_with_a_warning(window, tmp_path, monkeypatch):
    path = tmp_path / "k.xlsx"
    write_xlsx(window.doc.wb, path, "thousands")
    warnings = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: warnings.append(text)))
    assert window.feature(XlsxActions).import_xlsx() is None
    assert warnings and "$000" in warnings[0] and "Nothing was imported" in warnings[0]
    assert "$000" in window.statusBar().currentMessage()
    assert not window.doc.history.can_undo


def test_export_asks_for_the_units_dollars_by_default(window, tmp_path, monkeypatch):
    target = tmp_path / "out"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    asked = []

    def click(which):
        def exec_(box):
            asked.append((box.defaultButton().text(), [b.text() for b in box.buttons()]))
            box.clickedButton = lambda: (  # what the controller clicked
                box.button(which) if isinstance(which, QMessageBox.StandardButton)
                else next(b for b in box.buttons() if b.text() == which))
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("$&000"))
    window.ui.actionShowDollars.setChecked(False)
    path = window.feature(XlsxActions).export_xlsx()
    assert path == target.with_suffix(".xlsx")
    assert asked[0][0] == "&Dollars"  # the default: the copy that imports back
    book = openpyxl.load_workbook(path)
    assert book[SHEET_A]["C7"].value == "$000 omitted"
    monkeypatch.setattr(QMessageBox, "exec", click("&Dollars"))
    window.feature(XlsxActions).export_xlsx()  # in the $000 view too
    assert read_xlsx(path.read_bytes()).units == "dollars"
    monkeypatch.setattr(QMessageBox, "exec", click(QMessageBox.StandardButton.Cancel))
    assert window.feature(XlsxActions).export_xlsx() is None
    window.feature(XlsxActions).export_xlsx(template=True)
    assert read_xlsx(path.read_bytes()).kind == "template"


def test_a_file_of_another_firm_asks_first(window, tmp_path, monkeypatch):
    other = window.doc.wb.copy()
    other.set_profile("firm.name", "Other Firm LLC")
    other.set_item("JAN", "3540", Decimal(1))
    path = tmp_path / "other.xlsx"
    write_xlsx(other, path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    asked = []

    def answer(reply):
        def question(parent, title, text, *a, **k):
            asked.append(text)
            return reply
        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert window.feature(XlsxActions).import_xlsx() is None
    assert "firm.name" in asked[0] and window.doc.wb.firm.name != "Other Firm LLC"
    assert not window.doc.history.can_undo
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert window.feature(XlsxActions).import_xlsx() == 2
    assert window.doc.wb.firm.name == "Other Firm LLC"
    window.ui.actionUndo.trigger()
    assert window.doc.wb.firm.name == "Hudson Ridge Securities LLC"
    assert window.doc.wb.value("JAN", "3540") == Decimal(612450)
