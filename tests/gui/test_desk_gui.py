"""Issue 18 in the window (pytest-qt, offscreen): the start page and the last workbook,
breaking a stale lock, read-only refusals, provenance and the legend, the $000 editor,
copy and paste round trips, line 10 and -0-, the month picker, the Excel habits, Find
and Go To, Sum and Count, the Excel units, print options, findings' columns, the trend's
legend, the instructions pane on every tab, Getting Started."""

from __future__ import annotations

import json
import os
import socket
import time
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
)
from support import a_index, close_window

from focusdesk.document.lock import lock_path
from focusdesk.form.catalog import MONTHS
from focusdesk.gui.app import LAST_WORKBOOK, MainWindow, open_window
from focusdesk.gui.features.excel import XlsxActions
from focusdesk.gui.features.printing import PdfActions
from focusdesk.gui.features.segregation import SegregationTab

D = Decimal
NO_MOD = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def b_row(win: MainWindow, key: str) -> int:
    return next(i for i, b in enumerate(win.grid_b.lines) if b.key == key)


def editor_of(view) -> QLineEdit | None:
    return view.viewport().findChild(QLineEdit)


def f2_editor(qtbot, window: MainWindow, code: str, month: str) -> QLineEdit:
    """The editor F2 opens on a Schedule A cell."""
    view = window.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(window, code, month))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None
    return editor


def wait_closed(qtbot, view) -> None:
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def select(view, first, last) -> None:
    view.setCurrentIndex(first)
    view.selectionModel().select(QItemSelection(first, last),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)


# -- start-up, Close and Quit -----------------------------------------------------------

def test_focusdesk_reopens_the_last_workbook_the_sample_only_on_a_first_start(
        qtbot, settings, focus_file):
    first = open_window(None, settings, last=True)  # a first start: the sample
    assert first.doc.title == "Sample workbook"
    first.open_path(focus_file)
    close_window(first)  # the session ends on acme.focus
    assert settings.value(LAST_WORKBOOK) == str(focus_file)
    again = open_window(None, settings, last=True)
    assert again.doc.path == focus_file
    close_window(again)
    focus_file.rename(focus_file.with_name("moved.focus"))
    gone = open_window(None, settings, last=True)  # moved away: the start page says so
    assert gone.doc is None and gone.start_page.isVisible() is not None
    assert "no longer in" in gone.start_page.note.text()
    close_window(gone)


def test_close_leaves_the_start_page_and_quit_quits(qtbot, settings, focus_file):
    win = open_window(str(focus_file), settings)
    win.show()
    win.ui.actionClose.trigger()
    assert win.doc is None and win.isVisible()
    page = win.start_page
    assert page.isVisible() and not win.ui.tabs.isVisible()
    assert win.windowTitle() == "FocusDesk" and win.figures.text() == ""
    # recent files, New, Open, the sample, the guide
    assert page.recent.item(0).data(Qt.ItemDataRole.UserRole) == str(focus_file)
    assert {b.text() for b in (page.new_button, page.open_button, page.sample_button,
                               page.guide_button)} == {
        "&New Workbook", "&Open…", "Open the &Sample", "&Getting Started"}
    assert not win.ui.actionSave.isEnabled()
    assert not win.feature(PdfActions).export_action.isEnabled()
    assert win.ui.actionOpen.isEnabled() and win.ui.actionQuit.isEnabled()
    assert not lock_path(focus_file).exists()  # the workbook is closed
    page.recent.itemActivated.emit(page.recent.item(0))  # reopened from the list
    assert win.doc.path == focus_file and win.ui.tabs.isVisible()
    assert win.ui.actionSave.isEnabled()
    win.ui.actionClose.trigger()
    page.sample_button.click()
    assert win.doc.title == "Sample workbook"
    win.ui.actionQuit.trigger()
    assert not win.isVisible()
    win.deleteLater()


def test_close_asks_about_unsaved_changes_and_cancel_keeps_the_workbook(
        qtbot, settings, focus_file, monkeypatch):
    win = open_window(str(focus_file), settings)
    win.change_setting("firm.name", "Changed")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Cancel)
    assert not win.close_workbook()
    assert win.doc is not None and win.doc.wb.firm.name == "Changed"
    close_window(win)


# -- a stale lock, a read-only window ------------------------------------------------------

def _lock(path: Path, age_hours: float = 0, **holder: str) -> None:
    info = {"user": "carol", "host": socket.gethostname(), "pid": "1", **holder}
    lp = lock_path(path)
    lp.write_text(json.dumps(info), encoding="utf-8")
    then = time.time() - age_hours * 3600
    os.utime(lp, (then, then))


@pytest.mark.parametrize("holder", [
    {"host": "FINOP-PC-7", "age_hours": "30"},  # another computer, untouched for a day
    {"pid": "dead"},  # this computer, its process gone
])
def test_a_stale_lock_offers_open_anyway_with_a_warning(qtbot, window, focus_file,
                                                        monkeypatch, holder):
    import subprocess
    import sys

    if holder.get("pid") == "dead":
        proc = subprocess.Popen([sys.executable, "-c", "pass"])
        proc.wait()
        holder = {"pid": str(proc.pid)}
    _lock(focus_file, float(holder.pop("age_hours", 0)), **holder)
    shown = []

    def click(label):
        def exec_(box):
            shown.append((box.text(), box.informativeText(), box.defaultButton().text()))
            box.clickedButton = lambda: next(b for b in box.buttons() if b.text() == label)
            return 0
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", click("Open &Read-Only"))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.open_path(focus_file)
    text, warning, default = shown[0]
    assert "the lock looks abandoned" in text and "first of you to save" in warning
    assert default == "Open &Read-Only"  # Enter does not break it
    assert window.doc.read_only
    monkeypatch.setattr(QMessageBox, "exec", click("Open &Anyway"))
    window.open_path(focus_file)
    assert not window.doc.read_only
    assert json.loads(lock_path(focus_file).read_text())["pid"] == str(os.getpid())


def test_a_live_lock_is_not_offered(qtbot, window, focus_file, monkeypatch):
    _lock(focus_file, host="FINOP-PC-7", age_hours=2)
    asked = []
    monkeypatch.setattr("focusdesk.gui.lock_dialog.ask_open_anyway",
                        lambda *a: asked.append(a) or True)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.open_path(focus_file)
    assert window.doc.read_only and not asked


def test_a_read_only_window_refuses_typing_pasting_and_clearing_at_once(
        qtbot, settings, focus_file, monkeypatch):
    _lock(focus_file, host="FINOP-PC-7")
    win = open_window(str(focus_file), settings)
    win.show()
    view = win.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(win, "3540", "JAN"))
    qtbot.keyClicks(view, "5")
    assert editor_of(view) is None  # no editor to collect what cannot be kept
    message = win.statusBar().currentMessage()
    assert "open read-only" in message and "Save As makes an editable copy" in message
    assert "Not stored" not in message
    win.statusBar().clearMessage()
    qtbot.keyClick(view, Qt.Key.Key_F2)
    assert editor_of(view) is None and "read-only" in win.statusBar().currentMessage()
    assert not win.ui.actionPaste.isEnabled() and not win.ui.actionDelete.isEnabled()
    assert not win.desk.zero_action.isEnabled()
    QApplication.clipboard().setText("1\n")
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert win.doc.wb.value("JAN", "3540") is None and not win.doc.history.can_undo
    close_window(win)


# -- where a figure comes from, and the legend ------------------------------------------

def test_cells_show_their_provenance_by_style_with_a_legend(qtbot, window):
    from focusdesk.gui.models import PROVENANCE_STYLES

    fg = Qt.ItemDataRole.ForegroundRole
    imported = window.model_a.data(a_index(window, "3540", "JAN"), fg)  # sample: JSON
    assert imported.color().name() == PROVENANCE_STYLES["imported"].foreground
    window.table_a.setCurrentIndex(a_index(window, "3540", "NOV"))
    window.table_a.paste_text("5\n")
    pasted = window.model_a.data(a_index(window, "3540", "NOV"), fg)
    assert pasted.color().name() == PROVENANCE_STYLES["pasted"].foreground
    carried = a_index(window, "3501", "NOV")  # line 4 from OCT's line 8
    assert window.model_a.data(carried, Qt.ItemDataRole.FontRole).italic()
    assert window.model_a.data(carried, Qt.ItemDataRole.ToolTipRole).startswith("Carried")
    blank = a_index(window, "4201", "NOV")
    assert window.model_a.data(blank) == ""  # blank, not 0
    assert "nothing entered" in window.model_a.data(blank, Qt.ItemDataRole.ToolTipRole)
    window.desk.legend_action.trigger()
    legend = window.desk.legend_dialog
    assert legend.isVisible()
    assert set(legend.samples) == {"typed", "imported", "pasted", "carried", "computed",
                                   "blank"}
    assert PROVENANCE_STYLES["pasted"].foreground in legend.samples["pasted"].styleSheet()
    assert window.desk.legend_action in window.ui.menuView.actions()
    legend.close()


# -- the $000 view: the editor says what it stores ----------------------------------------

def test_the_editor_in_the_000_view_says_what_it_stores_and_shows(qtbot, window):
    view = window.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(window, "3540", "NOV"))
    qtbot.keyClicks(view, "4")
    editor = editor_of(view)
    qtbot.keyClicks(editor, ",250")
    hint = view.itemDelegate().hint
    assert hint.isVisible() and hint.text() == "4,250 → $4,250; shows 4"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, view)
    assert window.doc.wb.value("NOV", "3540") == D(4250) and not hint.isVisible()


def test_type_amounts_in_the_units_shown_is_a_kept_setting(qtbot, window, settings):
    window.desk.units_action.trigger()
    assert settings.value("typeInUnitsShown") == "true"
    view = window.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(window, "3540", "NOV"))
    qtbot.keyClicks(view, "4")
    editor = editor_of(view)
    assert view.itemDelegate().hint.text() == "4 → $4,000; shows 4"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, view)
    assert window.doc.wb.value("NOV", "3540") == D(4000)
    other = open_window(None, settings)  # the next window keeps the setting
    assert other.desk.units_action.isChecked() and other.grid_a.type_in_units_shown
    close_window(other)


# -- copy and paste --------------------------------------------------------------------------

def test_a_block_copied_in_the_000_view_pastes_back_exactly(qtbot, window):
    view = window.table_a
    wb = window.doc.wb
    select(view, a_index(window, "3540", "JAN"), a_index(window, "3620", "FEB"))
    window.ui.actionCopy.trigger()
    text = QApplication.clipboard().text()
    # other programs get what the cells show — thousands, entered and computed alike
    assert text.splitlines()[0] == "612\t617"
    assert text.splitlines()[-1] == "659\t665"  # line 16, computed, as shown
    assert "612,450" not in text
    view.setCurrentIndex(a_index(window, "3540", "NOV"))
    window.ui.actionPaste.trigger()
    assert wb.value("NOV", "3540") == wb.value("JAN", "3540") == D(612450)
    assert wb.value("DEC", "3612") == wb.value("FEB", "3612")
    assert "skipped" in window.statusBar().currentMessage()  # line 16 (computed) was in it


def test_a_pasted_block_skips_computed_cells_with_one_note(qtbot, window):
    view = window.table_a
    view.setCurrentIndex(a_index(window, "4221", "NOV"))  # 5d, then 6 (computed), 7, 7a
    QApplication.clipboard().setText("1\r\n2\r\n3\r\n4\r\n")
    window.ui.actionPaste.trigger()
    assert window.doc.wb.value("NOV", "4221") == D(1)
    assert window.doc.wb.value("NOV", "4264") == D(4)
    assert window.statusBar().currentMessage() == (
        "Pasted 2 cells; 2 cells of computed or caption lines skipped (they take no entry).")


def test_edit_paste_into_an_open_editor_pastes_into_the_editor(qtbot, window):
    view = window.table_a
    editor = f2_editor(qtbot, window, "3540", "NOV")
    QApplication.clipboard().setText("98765")
    window.ui.actionPaste.trigger()  # the menu, not Ctrl+V in the editor
    assert editor.text() == "98765" and window.doc.wb.value("NOV", "3540") is None
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, view)
    assert window.doc.wb.value("NOV", "3540") == D(98765)


# -- Schedule B: line 10, -0-, the month picker ---------------------------------------------

def test_line_10_is_answered_with_a_yes_no_choice(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.ui.monthCombo.setCurrentText("NOV")
    view, row = window.table_b, b_row(window, "10")
    index = window.model_b.index(row, window.model_b.n_fixed)
    assert view.columnSpan(row, window.model_b.n_fixed) == 4  # across I–IV
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.viewport().findChild(QComboBox, "answerEditor")
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "— not answered —", "Yes", "No"]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    qtbot.waitUntil(lambda: view.viewport().findChild(QComboBox, "answerEditor") is None)
    assert window.doc.wb.schedule_b_answer["NOV"] is False
    assert window.model_b.data(index) == "No"
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, "y")  # typing Y chooses Yes
    qtbot.waitUntil(lambda: window.doc.wb.schedule_b_answer.get("NOV") is True)


def test_fill_blank_lines_with_zero_for_the_month(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.ui.monthCombo.setCurrentText("NOV")
    window.table_b.setCurrentIndex(window.model_b.index(0, 2))
    window.table_b.paste_text("\t\t\t12\n")  # line 1 IV only
    window.desk.zero_button.click()
    wb = window.doc.wb
    assert wb.b_value("NOV", "1", "IV") == D(12) and wb.b_value("NOV", "1", "I") == D(0)
    assert wb.b_value("NOV", "4", "IV") == D(0) and wb.b_value("NOV", "5G", "IV") is None
    assert "-0- entered in" in window.statusBar().currentMessage()
    assert not [f for f in window.findings if f.month == "NOV" and f.item == "B-8"]
    window.ui.actionUndo.trigger()  # one step
    assert wb.b_value("NOV", "4", "IV") is None and wb.b_value("NOV", "1", "IV") == D(12)


def test_the_month_picker_follows_the_month_in_view_and_the_last_import(qtbot, window):
    window.table_a.setCurrentIndex(a_index(window, "3540", "MAR"))
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    assert window.ui.monthCombo.currentText() == "MAR" == window.grid_b.month
    assert window.figures.text().startswith("MAR")
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleA)
    from focusdesk.document.editing import ItemCell
    from focusdesk.model.workbook import Entry

    window.doc.apply("Import feb.xlsx", [(ItemCell("FEB", "3540"),
                                          Entry(D(1), "imported", "feb.xlsx sha256:00"))])
    window.after_edit()
    assert window.ui.monthCombo.currentText() == "FEB"
    assert window.model_a.grid_col(window.table_a.currentIndex().column()) == 1


# -- Excel habits ----------------------------------------------------------------------------

def test_f2_edits_with_the_cursor_at_the_end(qtbot, window):
    editor = f2_editor(qtbot, window, "3540", "JAN")
    assert editor.text() == "612450.00" and not editor.hasSelectedText()
    assert editor.cursorPosition() == len(editor.text())
    qtbot.keyClick(editor, Qt.Key.Key_Escape)


def test_shift_enter_and_shift_tab_move_back(qtbot, window):
    view = window.table_a
    view.setFocus()
    start = a_index(window, "3612", "FEB")
    view.setCurrentIndex(start)
    qtbot.keyClicks(view, "7")
    qtbot.keyClick(editor_of(view), Qt.Key.Key_Return, SHIFT)
    wait_closed(qtbot, view)
    assert window.doc.wb.value("FEB", "3612") == D(7)
    assert view.currentIndex().row() == start.row() - 1
    view.setCurrentIndex(start)
    qtbot.keyClicks(view, "8")
    qtbot.keyClick(editor_of(view), Qt.Key.Key_Backtab)
    wait_closed(qtbot, view)
    assert window.doc.wb.value("FEB", "3612") == D(8)
    assert view.currentIndex() == a_index(window, "3612", "JAN")
    qtbot.keyClick(view, Qt.Key.Key_Return, SHIFT)  # not editing: up as well
    assert view.currentIndex().row() == start.row() - 1


def test_tab_on_the_last_month_goes_to_the_next_lines_first_month(qtbot, window):
    view = window.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(window, "3540", "DEC"))
    qtbot.keyClicks(view, "9")
    qtbot.keyClick(editor_of(view), Qt.Key.Key_Tab)
    wait_closed(qtbot, view)
    current = view.currentIndex()
    assert current.row() == window.grid_a.row_of("3540") + 1
    assert current.column() == window.model_a.n_fixed  # JAN, not a hidden label column
    assert view.state() != QAbstractItemView.State.EditingState  # moved, not editing
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.currentIndex() == a_index(window, "3540", "DEC")
    view.setCurrentIndex(a_index(window, "3540", "JAN"))
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex() == a_index(window, "3540", "JAN")  # not into the labels


def test_ctrl_arrows_home_and_end_jump(qtbot, window):
    view = window.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(window, "3540", "JAN"))
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert view.currentIndex() == a_index(window, "3540", "OCT")  # the last reported
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL)
    assert view.currentIndex() == a_index(window, "3540", "DEC")
    qtbot.keyClick(view, Qt.Key.Key_Home, CTRL)
    assert view.currentIndex() == window.model_a.index(0, window.model_a.n_fixed)
    qtbot.keyClick(view, Qt.Key.Key_End, CTRL)
    last_row, last_col = window.grid_a.last_filled()
    assert view.currentIndex() == window.model_a.index(last_row,
                                                       window.model_a.n_fixed + last_col)
    assert last_col == MONTHS.index("OCT")
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().column() == window.model_a.n_fixed


def test_find_by_line_code_or_label_and_go_to(qtbot, window):
    from focusdesk.gui.find import FindDialog, GoToDialog

    window.table_a.setCurrentIndex(a_index(window, "3540", "MAR"))
    window.desk.find_action.trigger()
    dialog = window.findChild(FindDialog)
    assert window.desk.find_action.shortcut().toString() == "Ctrl+F"
    for query, code in (("23a", "3840"), ("3750", "3750"), ("aggregate debit", "3851")):
        dialog.query.setText(query)
        found = [dialog.results.item(i).text() for i in range(dialog.results.count())]
        assert any(f"[{code}]" in line for line in found), (query, found)
    dialog.query.setText("no such words")
    assert dialog.results.count() == 0 and "No line matches" in dialog.status.text()
    dialog.query.setText("23a")
    dialog.accept()
    assert window.table_a.currentIndex() == a_index(window, "3840", "MAR")
    window.desk.goto_action.trigger()
    goto = window.findChild(GoToDialog)
    assert window.desk.goto_action.shortcut().toString() == "Ctrl+G"
    goto.where.setText("nonsense 99")
    goto.accept()
    assert goto.isVisible() and "No line or item code" in goto.error.text()
    goto.where.setText("3750 jun")
    goto.accept()
    assert window.table_a.currentIndex() == a_index(window, "3750", "JUN")
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.desk.goto_action.trigger()
    goto = next(d for d in window.findChildren(GoToDialog) if d.isVisible())
    goto.where.setText("5A MAR II")
    goto.accept()
    assert window.grid_b.month == "MAR"
    index = window.table_b.currentIndex()
    assert window.grid_b.lines[index.row()].key == "5A L"
    assert window.grid_b.position(window.model_b.grid_col(index.column())) == ("MAR", "II")


def test_the_status_bar_shows_sum_and_count_of_a_selection(qtbot, window):
    label = window.desk.selection
    window.table_a.setCurrentIndex(a_index(window, "3540", "JAN"))
    assert not label.isVisible()
    select(window.table_a, a_index(window, "3540", "JAN"), a_index(window, "3540", "FEB"))
    assert label.isVisible() and label.text().strip() == "Sum 1,229 ($000)   Count 2"
    window.ui.actionShowDollars.setChecked(True)
    select(window.table_a, a_index(window, "3540", "JAN"), a_index(window, "3540", "FEB"))
    assert label.text().strip() == "Sum 1,229,000.00   Count 2"
    window.ui.actionShowDollars.setChecked(False)


# -- output ---------------------------------------------------------------------------------

def test_importing_a_000_export_says_what_to_do(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from focusdesk.formats.xlsx.export import write_xlsx

    path = tmp_path / "k.xlsx"
    write_xlsx(window.doc.wb, path, "thousands")
    said = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    window.feature(XlsxActions).import_xlsx()
    assert "File ▸ Export to Excel… and choose Dollars" in said[0]
    assert "cannot give back the dollars and cents" in said[0]


def test_print_options_choose_months_and_schedules_reported_months_first(
        window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from focusdesk.gui.print_options import PrintOptionsDialog

    offered = []

    def choose(dialog):
        offered.append(dialog.options())
        if len(offered) == 1:
            dialog.set_months(("MAR", "APR"))
            dialog.schedule_b.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PrintOptionsDialog, "exec", choose)
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.feature(PdfActions).export_pdf()
    assert offered[0].months == tuple(MONTHS[:10])  # the reported months by default
    assert offered[0].schedules == ("A", "B")
    report = window.feature(PdfActions).report()
    assert [p.kind for p in report.pages] == ["A", "A"]  # items 1–31 and 32–40, JAN–JUN
    assert "Exported out.pdf: 2 page(s)" in window.statusBar().currentMessage()
    window.feature(PdfActions).export_pdf()
    assert offered[1].months == ("MAR", "APR")  # then the last choice


def test_print_options_refuse_no_month_or_no_schedule(window):
    from focusdesk.formats.pdf import PrintOptions
    from focusdesk.gui.print_options import PrintOptionsDialog

    dialog = PrintOptionsDialog(PrintOptions(), ("JAN",), "Print", window)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.set_months(())
    assert not ok.isEnabled() and "month" in dialog.error.text()
    dialog.set_months(("JAN",))
    dialog.schedule_a.setChecked(False)
    dialog.schedule_b.setChecked(False)
    assert not ok.isEnabled() and "schedule" in dialog.error.text()


def test_the_address_and_as_of_date_are_in_firm_and_settings(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.ui.pageSettings)
    edit = window.ui.addressEdit
    edit.setText("1 Main Street, Albany, NY 12207")
    edit.editingFinished.emit()
    assert window.doc.wb.firm.address == "1 Main Street, Albany, NY 12207"
    assert window.ui.asOfValue.text().startswith("10/31/2026")  # OCT, the last reported
    window.ui.actionUndo.trigger()
    assert window.doc.wb.firm.address == "" and edit.text() == ""


def test_a_schedule_b_finding_goes_to_its_column(qtbot, window):
    from focusdesk.calculation.checks import Finding

    f = Finding("MAR", "B-1", "error", "negative", "rule", "1", ("1", "II"))
    window.checks_model.set_findings([f])
    window.go_to_finding(window.checks_model.index(0, 0))
    assert window.ui.tabs.currentWidget() is window.ui.pageScheduleB
    assert window.grid_b.month == "MAR"
    index = window.table_b.currentIndex()
    assert window.grid_b.position(window.model_b.grid_col(index.column())) == ("MAR", "II")
    window.ui.actionAllMonthsB.setChecked(True)
    window.go_to_finding(window.checks_model.index(0, 0))
    index = window.table_b.currentIndex()
    assert window.grid_b.position(window.model_b.grid_col(index.column())) == ("MAR", "II")
    window.ui.actionAllMonthsB.setChecked(False)


def test_the_trend_charts_ratio_line_has_a_legend_entry(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.ui.pageTrend)
    chart = window.trend
    chart.resize(900, 600)
    lay = chart._layout(chart.trend())
    labels = [item.label for _, item in (*lay.legend, *lay.ratio_legend)]
    assert chart.trend().ratio_label in labels


def test_the_instructions_pane_follows_every_tab(qtbot, window):
    text = window.ui.instructionsText
    window.ui.tabs.setCurrentWidget(window.ui.pageSettings)
    assert text.toPlainText().startswith("No form instruction belongs to this tab")
    window.ui.tabs.setCurrentWidget(window.ui.pageTrend)
    assert text.toPlainText().startswith("No form instruction belongs to this tab")
    window.ui.tabs.setCurrentWidget(window.feature(SegregationTab))
    assert text.toPlainText().startswith("Line 29a [7060]")
    window.ui.tabs.setCurrentWidget(window.ui.pageChecks)
    current = window.ui.checksTable.currentIndex()
    if current.isValid():  # a finding is selected (the sample's months overdue today)
        f = window.checks_model.findings[current.row()]
        assert text.toPlainText().startswith(f"Line {f.line}")
    else:
        assert text.toPlainText().startswith(("Select a finding", "No findings"))
    from focusdesk.calculation.checks import Finding

    window.checks_model.set_findings([
        Finding("MAR", "3750", "warning", "low", "rule", "19"),
        Finding("MAR", "B-5A L", "warning", "aged", "rule", "5A L", ("5A L", "IV"))])
    table = window.ui.checksTable
    table.setCurrentIndex(window.checks_model.index(0, 0))
    assert text.toPlainText().startswith("Line 19 [3750]")
    table.setCurrentIndex(window.checks_model.index(1, 0))
    assert text.toPlainText().startswith("Schedule B line 5A L")


# -- help ---------------------------------------------------------------------------------

def test_getting_started_opens_from_help_and_the_start_page(qtbot, window):
    window.desk.guide_action.trigger()
    guide = window.desk.guide_window
    assert guide.isVisible()
    text = guide.text.toPlainText()
    assert "The month-end in ten steps" in text and "The keyboard" in text
    assert "net capital below the requirement" in text  # the checks table
    assert "<!--" not in text
    assert window.desk.guide_action.shortcut().toString() == "F1"
    guide.close()
    window.ui.actionClose.trigger()
    window.start_page.guide_button.click()
    assert guide.isVisible()
    guide.close()


def test_the_guides_checks_table_is_the_readmes():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "packaging" / "make_guide.py"),
                           "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout
