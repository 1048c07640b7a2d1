"""The trial-balance wizard a controller can work in, month after month (issue 17):
January then February of a QuickBooks ledger through the wizard, the file's date as the
month, the notice of a month that holds a trial balance, the starter mapping offered,
the rules with their lines and counts, Add Rule, Escape asking first, conflicts kept,
resizable dialogs (pytest-qt, offscreen)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

import gl_fixtures as gl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QMessageBox

from focusdesk import cli
from focusdesk.base.paths import resource_path
from focusdesk.calculation.engine import compute
from focusdesk.document.editing import ItemCell
from focusdesk.gui.features import trial_balance
from focusdesk.model.workbook import Entry, MappingRow
from focusdesk.tb.importer import apply, prepare
from focusdesk.tb.mapping import NOT_ON_PART_I, read_mapping_file

pytestmark = pytest.mark.usefixtures("warnings_shown")

D = Decimal


@pytest.fixture
def answers(monkeypatch):
    """What QMessageBox.question answers (Discard / Cancel), and what it was asked."""
    asked: list[str] = []
    reply = [QMessageBox.StandardButton.Cancel]
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text) or reply[0])
    return asked, reply


@pytest.fixture
def window_2026(qtbot, settings, tmp_path):
    """The window with a new, empty 2026 workbook."""
    from support import close_window

    from focusdesk.gui.app import open_window

    path = tmp_path / "hudson.focus"
    assert cli.main(["new", str(path), "--firm", "Hudson Ridge", "--year", "2026"]) == 0
    win = open_window(str(path), settings)
    win.show()
    yield win
    close_window(win)


def _through_wizard(window, path: Path, *, starter: bool = False):
    wiz = trial_balance.start_wizard(window, path)
    assert wiz is not None
    wiz.next()
    wiz.next()
    page = wiz.page(2)
    if starter:
        assert page.offer.isVisible()
        page.use_starter.click()
        assert not page.offer.isVisible()
    else:
        assert not page.offer.isVisible()  # the workbook has its mapping
    wiz.next()
    assert wiz.currentId() == 3
    return wiz


def test_january_and_february_through_the_wizard(qtbot, window_2026, tmp_path):
    window = window_2026
    window.current_month = "JUN"  # the file's own date wins over the month in view
    jan = _through_wizard(window, gl.write("quickbooks-desktop", "JAN", tmp_path),
                          starter=True)
    assert jan.month == "JAN"
    assert "as of January 31, 2026" in jan.page(0).dated.text()
    jan.accept()
    feb = _through_wizard(window, gl.write("quickbooks-desktop", "FEB", tmp_path))
    first = feb.page(0)
    assert first.month.currentText() == "FEB" and not first.notice.isVisible()
    preview = feb.page(3)
    assert preview.tie_out.text().startswith(
        "✓ The ledger's equity ties to line 8 within $0.00")
    changes = preview.changes()
    shown = dict(zip(changes.column_texts(1), changes.column_texts(4), strict=True))
    assert shown["3501"] == "carried" and shown["4274"] == "50,000.00"
    feb.accept()
    wb = window.doc.wb
    assert "3501" not in wb.items["FEB"]
    assert {c: e.value for c, e in wb.items["FEB"].items()} == gl.EXPECTED["FEB"]
    comp = compute(wb)
    assert comp.value("FEB", "3501") == D(4_369_608) and comp.value("FEB", "3500") == \
        gl.LINE_8["FEB"]
    # the same February again: the wizard says what the month holds before replacing it
    again = trial_balance.start_wizard(window, gl.write("plain", "FEB", tmp_path))
    notice = again.page(0).notice
    assert notice.isVisible() and notice.text().startswith(
        "FEB already holds the trial balance imported ")
    assert "from feb-quickbooks-desktop.xlsx; importing replaces it" in notice.text()
    again.page(0).month.setCurrentText("MAR")
    assert not again.page(0).notice.isVisible()
    again.done(0)


def test_typed_entries_are_kept_and_can_be_replaced(qtbot, window_2026, tmp_path):
    window = window_2026
    doc = window.doc
    p = prepare(doc.wb, gl.write("plain", "JAN", tmp_path), "JAN",
                mapping_rows=read_mapping_file(resource_path("starter-mapping.csv")))
    doc.apply(p.label, p.assignments())
    doc.apply("Typing", [(ItemCell("JAN", "4274"), Entry(D(30_000)))])
    wiz = _through_wizard(window, gl.write("plain", "JAN", tmp_path))
    page = wiz.page(3)
    assert page.replace.isVisible() and not page.replace.isChecked()
    changes = page.changes()
    row = changes.find(1, "4274")
    assert changes.text(row, 4) == "kept 30,000.00" and changes.roles(row, 4) == {"kept"}
    assert changes.tip(row, 4) == "Kept your 30,000; the trial balance gives 25,000"
    assert "differs by $5,000.00" in page.tie_out.text()
    page.replace.setChecked(True)
    assert wiz.preview.replace_entries and wiz.preview.conflicts == []
    assert page.tie_out.text().startswith("✓")
    wiz.accept()
    assert doc.wb.value("JAN", "4274") == D(25_000)
    window.undo()
    assert doc.wb.value("JAN", "4274") == D(30_000)
    assert doc.wb.items["JAN"]["4274"].source == "typed"


def test_escape_asks_before_discarding_the_wizard(qtbot, window_2026, tmp_path, answers):
    asked, reply = answers
    wiz = trial_balance.start_wizard(window_2026, gl.write("xero", "JAN", tmp_path))
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)  # nothing done yet: closes without asking
    assert not wiz.isVisible() and asked == []
    wiz = trial_balance.start_wizard(window_2026, gl.write("xero", "JAN", tmp_path))
    wiz.next()
    qtbot.keyClick(wiz, Qt.Key.Key_Escape)
    assert wiz.isVisible() and asked and asked[-1].startswith("Discard this trial-balance")
    reply[0] = QMessageBox.StandardButton.Discard
    wiz.button(wiz.WizardButton.CancelButton).click()
    assert not wiz.isVisible() and len(asked) == 2


def test_escape_asks_before_discarding_mapping_changes(qtbot, window, answers, monkeypatch):
    asked, reply = answers
    dialogs = []
    monkeypatch.setattr(trial_balance.MappingDialog, "exec", lambda self: dialogs.append(self) or 0)
    trial_balance.open_mapping_editor(window)
    dialog = dialogs[0]
    dialog.show()
    assert dialog.isSizeGripEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # unchanged: no question
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    dialog.editor.add_rule("9999", "15", "")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked == ["Discard the changes to the mapping?"]
    reply[0] = QMessageBox.StandardButton.Discard
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_rules_show_lines_counts_and_add_rule_edits_the_new_row(qtbot):
    rows = (*(MappingRow(f"{1000 + i}", "13") for i in range(60)),
            MappingRow("2*", "3840"), MappingRow("1100-1199", "none"))
    editor = trial_balance.MappingEditor(rows, _ledger_rows())
    editor.resize(900, 400)
    editor.show()
    qtbot.waitExposed(editor)
    rules = editor.rules
    assert rules.item(0, 1).text() == "13 — Non-Allowable Assets (Not Includable Above)"
    assert rules.item(60, 1).text() == "23a — Aggregate Indebtedness under Rule 15c3-1"
    assert rules.item(61, 1).text() == "Not on Part I"
    assert rules.item(60, 3).text() == "4"  # 2000, 2100, 2200, 2800
    assert rules.item(61, 3).text() == "2"
    assert rules.item(0, 3).text() == "none" and "matches no account" in \
        rules.item(0, 3).toolTip()
    assert "rule(s) match no account" in editor.status.text()
    editor.add_rule("", "", "", edit=True)
    last = rules.rowCount() - 1
    assert rules.currentRow() == last and rules.currentColumn() == 0
    assert rules.state() == QAbstractItemView.State.EditingState
    assert rules.visualItemRect(rules.item(last, 0)).intersects(rules.viewport().rect())
    # typing a line: "23a" becomes the line with its label; the rule keeps the code
    delegate = rules.itemDelegateForColumn(1)
    combo = delegate.createEditor(rules.viewport(), None, rules.model().index(last, 1))
    assert isinstance(combo, QComboBox) and "Not on Part I" in \
        [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentText("23a")
    delegate.setModelData(combo, rules.model(), rules.model().index(last, 1))
    rules.item(last, 0).setText("2800")
    assert rules.item(last, 1).text() == "23a — Aggregate Indebtedness under Rule 15c3-1"
    assert editor.raw_rows()[-1] == MappingRow("2800", "3840")
    assert editor.rows()[-1] == MappingRow("2800", "3840")
    editor.deleteLater()


def _ledger_rows():
    from focusdesk.model.workbook import TBRow

    return [TBRow(a, n, D(b)) for a, n, _p, b in gl.balances("JAN") if a[0] in "12"]


def test_marking_accounts_not_on_part_i_empties_the_unmapped_list(qtbot):
    editor = trial_balance.MappingEditor((MappingRow("2*", "23a"),), _ledger_rows())
    assert editor.unmapped.rowCount() == 9  # the 1000s
    editor.unmapped.selectAll()
    editor.map_selected(NOT_ON_PART_I)
    assert editor.unmapped.rowCount() == 0
    assert "9 marked Not on Part I" in editor.status.text()
    assert editor.rows()[-1].code == "none"
    editor.deleteLater()


def test_dialogs_are_resizable(qtbot, window, tmp_path):
    wiz = trial_balance.start_wizard(window, gl.write("plain", "JAN", tmp_path))
    assert wiz.isSizeGripEnabled()
    assert wiz.minimumSize().width() < 700 and wiz.maximumSize().width() > 4000
    wiz.done(0)
    doc = window.doc
    p = prepare(doc.wb, gl.write("plain", "JAN", tmp_path), "JAN",
                mapping_rows=(MappingRow("1*", "38"),))
    apply(doc.wb, p)
    dialog = trial_balance.show_accounts_behind(window, "JAN", "750")
    assert dialog.isSizeGripEnabled()
    dialog.close()
