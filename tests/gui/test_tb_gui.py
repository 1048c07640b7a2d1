"""The trial-balance wizard, mapping editor and drill-down in the window (offscreen)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from openpyxl import Workbook as XWorkbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTableView

from focusdesk.gui.features import trial_balance
from focusdesk.gui.features.trial_balance import TrialBalanceImport
from focusdesk.model.workbook import MappingRow

pytestmark = pytest.mark.usefixtures("warnings_shown")


@pytest.fixture
def tb_file(tmp_path) -> Path:
    wb = XWorkbook()
    ws = wb.active
    ws.title = "TB"
    for row in (["Firm"], [], ["Account", "Description", "Debit", "Credit"],
                [1010, "Cash", 5000, None], [2010, "Payable", None, 3000],
                [3000, "Capital", None, 2000], [None, "Total", 5000, 5000]):
        ws.append(row)
    path = tmp_path / "tb.xlsx"
    wb.save(path)
    return path


def test_menu_entries_sit_before_quit(window):
    actions = window.ui.menuFile.actions()
    names = [a.objectName() for a in actions]
    quit_at = names.index("actionQuit")
    assert names.index("actionImportTrialBalance") < quit_at
    assert names.index("actionAccountMapping") < quit_at


def test_wizard_imports_as_one_undo_step(qtbot, window, tb_file):
    window.current_month = "MAR"
    wiz = trial_balance.start_wizard(window, tb_file)
    assert wiz is not None
    file_page = wiz.page(0)
    assert file_page.path.text() == str(tb_file) and file_page.month.currentText() == "MAR"
    wiz.next()
    layout_page = wiz.page(1)
    assert wiz.currentPage() is layout_page
    assert layout_page.header.value() == 3 and layout_page.sheet.currentText() == "TB"
    assert layout_page.roles["debit"].currentIndex() == 3  # column C (1 + index 2)
    assert "3 account row(s)" in layout_page.status.text()
    wiz.next()
    editor = wiz.page(2).editor
    assert editor.unmapped.rowCount() == 3
    editor.add_rule("1010", "38", "")
    editor.add_rule("2*", "23a", "")
    assert editor.unmapped.rowCount() == 1  # 3000 Capital
    assert editor.unmapped.item(0, 2).text() == "(2,000.00)"
    wiz.next()
    preview_page = wiz.page(3)
    assert wiz.currentPage() is preview_page
    changes = preview_page.changes()
    assert len(changes) == 2 and preview_page.lines.model().rowCount() == 2
    assert set(changes.column_texts(4)) == {"5,000.00", "3,000.00"}
    # the first change is current: the accounts behind it are listed below
    assert preview_page.accounts_shown().column_texts(0) == [
        {"750": "1010", "3840": "2010"}[str(changes.rows[0].key)]]
    before = dict(window.doc.wb.items["MAR"])
    wiz.accept()
    wb = window.doc.wb
    assert wb.value("MAR", "750") == Decimal(5000) and wb.value("MAR", "3840") == Decimal(3000)
    assert wb.trial_balances["MAR"].file_name == "tb.xlsx"
    assert wb.tb_mapping == (MappingRow("1010", "750"), MappingRow("2*", "3840"))
    assert window.ui.actionUndo.text().startswith("&Undo Import trial balance tb.xlsx")
    window.undo()
    assert dict(wb.items["MAR"]) == before and wb.trial_balances == {} and wb.tb_mapping == ()


def test_layout_page_follows_a_corrected_column(qtbot, window, tb_file):
    wiz = trial_balance.start_wizard(window, tb_file)
    wiz.next()
    page = wiz.page(1)
    page.roles["balance"].setCurrentIndex(3)  # C as a balance: debit/credit then clash
    page.roles["debit"].setCurrentIndex(0)
    page.roles["credit"].setCurrentIndex(0)
    assert wiz.tb_layout.balance == 2 and wiz.tb_layout.debit is None
    assert "account row(s)" in page.status.text() and page.isComplete()
    page.roles["account"].setCurrentIndex(3)  # the same column twice
    assert not page.isComplete() and "two roles" in page.status.text()


def test_dropping_a_spreadsheet_starts_the_wizard(qtbot, window, tb_file):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tb_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wiz = window.feature(TrialBalanceImport).wizard
    assert wiz.isVisible() and wiz.page(0).path.text() == str(tb_file)
    wiz.reject()
    focus = QMimeData()  # a .focus file still goes to the window's own handler
    focus.setUrls([QUrl.fromLocalFile(str(tb_file.with_suffix(".focus")))])
    handler, _path = window._drop_target(
        QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, focus,
                   Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    assert handler == window.open_path


def test_a_bad_file_is_refused_on_the_first_page(qtbot, window, tmp_path, warnings_shown):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4 not a spreadsheet")
    wiz = trial_balance.start_wizard(window, bad)
    wiz.next()
    assert wiz.currentId() == 0
    assert warnings_shown and "it is a PDF" in warnings_shown[-1]
    wiz.reject()


def test_drill_down_and_mapping_editor(qtbot, window, tb_file):
    from focusdesk.tb.importer import prepare

    doc = window.doc
    p = prepare(doc.wb, tb_file, "JAN", mapping_rows=(MappingRow("1010", "38"),))
    doc.apply(p.label, p.assignments())
    window.after_edit()
    dialog = trial_balance.show_accounts_behind(window, "JAN", "750")
    table = dialog.findChild(QTableView, "accountsBehind").model().table
    assert len(table) == 1 and table.text(0, 0) == "1010" and table.text(0, 3) == "5,000.00"
    dialog.close()

    editor = trial_balance.MappingEditor(doc.wb.tb_mapping, list(doc.wb.trial_balances["JAN"].rows))
    assert editor.unmapped.rowCount() == 2
    editor.add_rule("2010-2999", "computed?", "")
    assert "neither" in editor.status.text()
    editor.deleteLater()
