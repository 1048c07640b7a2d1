"""The desktop window, driven through pytest-qt (offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QLineEdit,
    QMessageBox,
    QStyle,
)
from support import a_index, close_window

from focusdesk.document.lock import lock_path
from focusdesk.document.store import load
from focusdesk.form.catalog import MONTHS
from focusdesk.gui.app import MainWindow, open_window


def type_into(qtbot, win: MainWindow, code: str, month: str, text: str, key=Qt.Key.Key_Return):
    view = win.table_a
    view.setFocus()
    view.setCurrentIndex(a_index(win, code, month))
    qtbot.keyClicks(view, text[0])  # typing starts the editor (AnyKeyPressed)
    editor = view.viewport().findChild(QLineEdit)
    assert editor is not None, "typing did not open an editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    # The delegate commits through a queued call: let the event loop run it.
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState
                    or view.viewport().findChild(QLineEdit) is not editor)


def test_sample_opens_with_its_figures(window):
    assert window.doc.wb.firm.name == "Hudson Ridge Securities LLC"
    assert window.model_a.data(a_index(window, "3750", "JAN")) == "5,058"  # $000
    assert "Sample workbook" in window.windowTitle()
    assert "Net capital $5,482,665" in window.figures.text()  # OCT, the last reported


def test_schedule_b_opens_on_the_latest_reported_month_built_once(qtbot, settings,
                                                                  monkeypatch):
    from focusdesk.gui.models import GridModel

    resets: list[object] = []
    monkeypatch.setattr(GridModel, "reset", lambda self: resets.append(self))
    win = open_window(None, settings)
    qtbot.addWidget(win)
    assert win.ui.monthCombo.currentText() == "OCT" == win.grid_b.month
    assert resets == []  # built on OCT, not built on JAN and then rebuilt
    close_window(win)


def test_typing_a_number_recomputes_and_enter_moves_down(qtbot, window):
    before = window.grid_a.computation("dollars").value("JAN", "3750")
    type_into(qtbot, window, "3612", "JAN", "118,200")  # line 15 was 18,200
    after = window.grid_a.computation("dollars").value("JAN", "3750")
    assert before - after == Decimal(100000)
    assert window.model_a.data(a_index(window, "3750", "JAN")) == "4,958"
    assert window.table_a.currentIndex().row() == window.grid_a.row_of("3612") + 1
    assert window.isWindowModified()


def test_tab_moves_right(qtbot, window):
    type_into(qtbot, window, "3612", "FEB", "(1,234)", key=Qt.Key.Key_Tab)
    assert window.doc.wb.value("FEB", "3612") == Decimal(-1234)
    current = window.table_a.currentIndex()
    assert current == a_index(window, "3612", "MAR")


def test_a_refused_entry_stays_in_its_editor_to_be_corrected(qtbot, window):
    view = window.table_a
    view.setFocus()
    cell = a_index(window, "3540", "FEB")
    old = window.doc.wb.value("FEB", "3540")
    view.setCurrentIndex(cell)
    qtbot.keyClicks(view, "1")
    editor = view.viewport().findChild(QLineEdit)
    qtbot.keyClicks(editor, "2abc")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Tab):
        qtbot.keyClick(editor, key)
        qtbot.wait(20)  # the delegate's queued commit
        assert view.state() == QAbstractItemView.State.EditingState
        assert view.viewport().findChild(QLineEdit) is editor and editor.text() == "12abc"
        assert editor.selectedText() == "12abc"  # ready to be typed over
        assert view.currentIndex() == cell
        assert "Not stored — line 13, FEB: '12abc' is not an amount" in \
            window.statusBar().currentMessage()
    assert window.doc.wb.value("FEB", "3540") == old and not window.doc.history.can_undo
    qtbot.keyClicks(editor, "1,250")  # corrected: stored, and Enter moves on
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert window.doc.wb.value("FEB", "3540") == Decimal(1250)
    assert view.currentIndex().row() == cell.row() + 1


def test_typing_on_a_computed_cell_goes_nowhere_and_says_why(qtbot, window):
    view = window.table_a
    view.setFocus()
    net_profit = next(r for r, item in enumerate(window.grid_a.rows) if item.line == "6")
    cell = window.model_a.index(net_profit, window.model_a.n_fixed + MONTHS.index("JUN"))
    view.setCurrentIndex(cell)
    # Item views jump to the next cell whose text starts with the typed keys; here the
    # "1" went to line 23a and the "2" then replaced its amount.
    qtbot.keyClicks(view, "12")
    assert view.currentIndex() == cell
    assert view.state() != QAbstractItemView.State.EditingState
    assert not window.doc.history.can_undo
    assert "line 6, JUN is computed and cannot be typed in" in \
        window.statusBar().currentMessage()


def test_delete_clears_the_selection(qtbot, window):
    window.table_a.setFocus()
    window.table_a.setCurrentIndex(a_index(window, "3540", "MAR"))
    qtbot.keyClick(window.table_a, Qt.Key.Key_Delete)
    assert window.doc.wb.value("MAR", "3540") is None
    window.undo()
    assert window.doc.wb.value("MAR", "3540") == Decimal(620650)


def test_block_paste_from_excel_and_undo_redo(qtbot, window):
    view = window.table_a
    view.setCurrentIndex(a_index(window, "3950", "NOV"))
    QApplication.clipboard().setText("1,000\t2,000\r\n(500)\t600\r\n")
    window.ui.actionPaste.trigger()
    wb = window.doc.wb
    assert wb.value("NOV", "3950") == Decimal(1000) and wb.value("DEC", "4212") == Decimal(600)
    assert window.model_a.data(a_index(window, "4250", "NOV")) != ""  # NOV now reported
    window.ui.actionUndo.trigger()
    assert wb.value("NOV", "3950") is None and wb.value("DEC", "4212") is None
    window.ui.actionRedo.trigger()
    assert wb.value("DEC", "3950") == Decimal(2000)


def test_block_paste_with_one_bad_cell_pastes_nothing(qtbot, window):
    window.table_a.setCurrentIndex(a_index(window, "3950", "NOV"))
    assert not window.table_a.paste_text("1\t2\n3\tabc\n")
    assert window.doc.wb.value("NOV", "3950") is None
    assert "line 5b, DEC" in window.statusBar().currentMessage()


def test_copy_puts_tab_separated_text_on_the_clipboard(window):
    view = window.table_a
    view.setCurrentIndex(a_index(window, "3540", "JAN"))
    view.selectionModel().select(
        QItemSelection(a_index(window, "3540", "JAN"), a_index(window, "3540", "FEB")),
        view.selectionModel().SelectionFlag.ClearAndSelect)
    window.ui.actionCopy.trigger()
    # Other programs get what the cells show (the $000 view); a paste back here gets the
    # exact dollars (tests/gui/test_desk_gui.py)
    assert QApplication.clipboard().text() == "612\t617\r\n"


def test_undo_redo_of_a_setting_recomputes(window):
    jan_req = window.grid_a.computation("dollars").value("JAN", "3760")
    window.change_setting("method", "alternative")
    assert window.grid_a.computation("dollars").value("JAN", "3851") is None  # no debits
    assert window.model_a.data(a_index(window, "3850", "JAN")) == "N/A"
    window.undo()
    assert window.grid_a.computation("dollars").value("JAN", "3760") == jan_req
    window.ui.minimumCombo.setCurrentText("$5,000")
    window.minimum_chosen()
    assert window.doc.wb.minimum_dollar == Decimal(5000)
    combo = window.ui.methodCombo
    assert combo.currentData() == "aggregate-indebtedness"
    assert combo.currentText() == "Aggregate indebtedness (basic method)"  # not the file's
    combo.setCurrentIndex(combo.findText("Alternative method"))
    combo.activated.emit(combo.currentIndex())
    # The alternative method needs a minimum of $250,000 (15c3-1(a)(1)(ii)): refused, and
    # the combo shows the method in force again.
    assert window.doc.wb.method.value == "aggregate-indebtedness"
    assert combo.currentData() == "aggregate-indebtedness"
    assert "at least $250,000.00" in window.statusBar().currentMessage()


def test_schedule_b_edit_feeds_line_12_and_month_picker(qtbot, window):
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.ui.monthCombo.setCurrentText("MAR")
    grid = window.grid_b
    row = next(i for i, b in enumerate(grid.lines) if b.key == "6")
    idx = window.model_b.index(row, window.model_b.n_fixed + 3)
    assert window.model_b.setData(idx, "50,000")
    assert window.doc.wb.b_value("MAR", "6", "IV") == Decimal(50000)
    line12 = window.grid_a.computation("dollars").value("MAR", "3575")
    assert line12 == Decimal(14830 + 8800 + 2850 + 50000)
    window.ui.actionAllMonthsB.setChecked(True)
    assert window.model_b.columnCount() == 2 + 48


def test_check_double_click_goes_to_the_cell(qtbot, window):
    window.model_a.setData(a_index(window, "3740", "MAR"), "9,000,000")  # haircuts sink NC
    model = window.checks_model
    row = next(r for r, f in enumerate(model.findings)
               if f.month == "MAR" and f.item == "3750" and f.severity == "error")
    view = window.ui.checksTable
    window.ui.tabs.setCurrentWidget(window.ui.pageChecks)
    qtbot.waitUntil(view.isVisible)
    view.scrollTo(model.index(row, 3))
    rect = view.visualRect(model.index(row, 3))
    # A real double-click is a press/release then a double-click event on the same cell.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.ui.tabs.currentWidget() is window.ui.pageScheduleA
    assert window.table_a.currentIndex() == a_index(window, "3750", "MAR")
    assert "BELOW MINIMUM" in window.badge.text()


def test_instructions_follow_the_selected_line(window):
    window.table_a.setCurrentIndex(a_index(window, "3750", "JAN"))
    assert "Line item 17 less line item 18" in window.ui.instructionsText.toPlainText()


def test_save_and_reopen_equality(qtbot, tmp_path, settings, focus_file):
    win = open_window(str(focus_file), settings)
    win.model_a.setData(a_index(win, "4201", "JAN"), "12,345.67")
    assert win.save_file()
    assert not win.isWindowModified()
    wb = win.doc.wb
    close_window(win)
    again, _ = load(focus_file)
    assert again.inputs_equal(wb)
    assert str(focus_file) in settings.value("recent")


def test_unsaved_changes_prompt(qtbot, settings, focus_file, monkeypatch):
    win = open_window(str(focus_file), settings)
    win.show()
    win.model_a.setData(a_index(win, "4201", "JAN"), "1")
    asked = []

    def answer(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", answer)
    assert not win.close()  # cancelled: the window stays open
    assert "Save the changes to acme.focus" in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", lambda box: QMessageBox.StandardButton.Save)
    assert win.close()  # saved, then closed
    assert load(focus_file)[0].value("JAN", "4201") == Decimal(1)


def test_read_only_when_another_focusdesk_holds_the_file(qtbot, settings, focus_file,
                                                         monkeypatch):
    lock_path(focus_file).write_text(json.dumps(
        {"user": "mjones", "host": "FINOP-PC-7", "pid": "4242", "since": "2026-11-20 09:14"}))
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    win = open_window(None, settings)
    win.open_path(focus_file)
    assert "mjones" in shown[0] and "FINOP-PC-7" in shown[0]
    assert "[read-only]" in win.windowTitle()
    assert not win.model_a.setData(a_index(win, "4201", "JAN"), "5")
    assert "read-only" in win.statusBar().currentMessage()
    assert not win.ui.actionSave.isEnabled()
    # No editor opens to collect what cannot be stored; typing says why.
    cell = a_index(win, "4201", "JAN")
    assert not win.model_a.flags(cell) & Qt.ItemFlag.ItemIsEditable
    win.statusBar().clearMessage()
    win.table_a.setFocus()
    win.table_a.setCurrentIndex(cell)
    qtbot.keyClicks(win.table_a, "5")
    assert win.table_a.state() != QAbstractItemView.State.EditingState
    assert "acme.focus is open read-only" in win.statusBar().currentMessage()
    close_window(win)
    assert json.loads(lock_path(focus_file).read_text())["user"] == "mjones"


def test_recovery_after_a_simulated_crash(qtbot, tmp_path, settings, focus_file, monkeypatch):
    code = textwrap.dedent(f"""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from focusdesk.gui.app import open_window
        win = open_window({str(focus_file)!r}, QSettings({str(tmp_path / 's2.ini')!r},
                          QSettings.Format.IniFormat))
        win.model_a.setData(win.model_a.index(win.grid_a.row_of("4201"), 3), "777")
        win.autosave()
        os._exit(3)  # the crash: no save, no close
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "FOCUSDESK_DATA_DIR": str(tmp_path / "data")})
    assert proc.returncode == 3, proc.stderr
    assert load(focus_file)[0].value("JAN", "4201") is None  # the file is as saved
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    from focusdesk.gui import lock_dialog

    asked = []  # the crashed FocusDesk's lock: offered to be broken, with its warning
    monkeypatch.setattr(lock_dialog, "ask_open_anyway",
                        lambda parent, name, stale: asked.append(stale) or True)
    win = open_window(None, settings)
    win.open_path(focus_file)
    assert asked and "no longer running" in asked[0]
    assert not win.doc.read_only
    assert win.doc.wb.value("JAN", "4201") == Decimal(777)
    assert win.isWindowModified()
    close_window(win)


def test_drop_a_focus_file_opens_it(qtbot, window, focus_file):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(focus_file))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.doc.path == Path(focus_file)
    assert window.doc.wb.firm.name == "Acme Securities"


def test_macos_file_open_event_opens_the_document(qtbot, window, focus_file):
    # What the Finder sends a running app when a .focus file is double-clicked.
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from focusdesk.gui.app import FileOpenHandler

    handler = FileOpenHandler(window)
    QApplication.instance().installEventFilter(handler)
    try:
        QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(focus_file)))
    finally:
        QApplication.instance().removeEventFilter(handler)
    assert window.doc.path == Path(focus_file)
    assert window.doc.wb.firm.name == "Acme Securities"


def test_window_geometry_persists(qtbot, settings):
    win = open_window(None, settings)
    win.resize(800, 555)  # the offscreen screen is 800 × 600; the form's minimum 800 wide
    win.show()
    close_window(win)
    again = open_window(None, settings)
    assert again.size().height() == 555
    close_window(again)


def test_every_model_passes_qtmodeltester(window, qtmodeltester):
    qtmodeltester.check(window.model_a)
    qtmodeltester.check(window.model_b)
    qtmodeltester.check(window.checks_model)



def _months_at_rest(view) -> tuple[int, int]:
    """(the first month column wholly in sight, where it starts) — and that no month is
    left partly under the frozen Line/Item/Code columns."""
    frozen = view.horizontalHeader().sectionPosition(view.grid_model().n_fixed)
    starts = {c: view.columnViewportPosition(c)
              for c in range(view.grid_model().n_fixed, view.model().columnCount())}
    under = [c for c, x in starts.items() if x < frozen < x + view.columnWidth(c)]
    assert under == [], f"columns {under} are partly under the frozen columns"
    first = min(c for c, x in starts.items() if x >= frozen)
    return first, starts[first] - frozen


def test_months_come_to_rest_whole_never_half_under_the_frozen_columns(qtbot, window):
    window.resize(1100, 700)
    view, bar = window.table_a, window.table_a.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    n = view.grid_model().n_fixed

    def at_rest() -> tuple[int, int]:
        view.settle_months()  # what the scrolling's end does, 150 ms after the last move
        return _months_at_rest(view)

    bar.setValue(0)
    assert at_rest() == (n, 0)  # JAN first
    bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)
    assert _months_at_rest(view) == (n + 1, 0)  # the arrow: a month, whole at once
    bar.setValue(bar.value() + 7)  # a small trackpad move: back to the nearest edge
    assert at_rest() == (n + 1, 0)
    bar.setValue(bar.value() + view.columnWidth(n) - 7)  # most of a month: on to the next
    assert at_rest() == (n + 2, 0)
    # A page is the months in sight, none skipped: the next page starts with the month
    # after the last one wholly shown.
    last = max(c for c in range(n, n + 12)
               if view.visualRect(view.model().index(0, c)).right() <= view.viewport().width())
    bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
    end = n + view._month_offsets().index(bar.maximum())  # the last resting place
    assert at_rest() == (min(last + 1, end), 0)
    # The dollar view widens the months: still at rest on a month's edge.
    bar.setValue(0)
    bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)
    bar.triggerAction(bar.SliderAction.SliderSingleStepAdd)
    window.ui.actionShowDollars.setChecked(True)
    qtbot.waitUntil(lambda: _months_at_rest(view)[1] == 0, timeout=2000)
    window.ui.actionShowDollars.setChecked(False)
    # The end shows DEC whole, and still does after the window is widened.
    dec = view.model().index(0, n + 11)
    bar.setValue(bar.maximum())
    at_rest()
    assert view.visualRect(dec).right() <= view.viewport().width()
    window.resize(1500, 700)
    qtbot.waitUntil(lambda: view.visualRect(dec).right() <= view.viewport().width()
                    and _months_at_rest(view)[1] == 0, timeout=2000)
    # The cursor into a month off to the left brings it in whole, after the frozen columns.
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    at_rest()
    view.setCurrentIndex(view.model().index(0, n + 1))
    assert _months_at_rest(view) == (n + 1, 0)
    view.setCurrentIndex(dec)  # and off to the right: wholly in sight
    assert view.visualRect(dec).right() <= view.viewport().width()
    assert _months_at_rest(view)[1] == 0


def test_a_page_of_schedule_b_months_skips_none(qtbot, window):
    window.ui.actionAllMonthsB.setChecked(True)  # 48 columns of months side by side
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.resize(1100, 700)
    view, bar = window.table_b, window.table_b.horizontalScrollBar()
    qtbot.waitUntil(lambda: view.isVisible() and bar.maximum() > 0)
    bar.setValue(0)
    view.settle_months()
    n = view.grid_model().n_fixed
    shown = [c for c in range(n, view.model().columnCount())
             if view.visualRect(view.model().index(0, c)).right() <= view.viewport().width()]
    bar.triggerAction(bar.SliderAction.SliderPageStepAdd)
    view.settle_months()
    first, gap = _months_at_rest(view)
    assert gap == 0 and first == max(shown) + 1  # the column after the last one shown


def test_another_schedule_b_month_does_not_compute_the_year_again(window, monkeypatch):
    import focusdesk.tables.computations as computations_module

    calls: list[str] = []
    real = computations_module.compute
    monkeypatch.setattr(computations_module, "compute",
                        lambda wb, units="dollars", **kw: calls.append(units) or
                        real(wb, units, **kw))
    window.ui.monthCombo.setCurrentText("FEB")
    window.ui.actionShowDollars.setChecked(True)
    window.ui.actionShowDollars.setChecked(False)
    assert window.model_b.grid.month == "FEB" and calls == []


def b_row(win: MainWindow, key: str) -> int:
    return next(i for i, line in enumerate(win.grid_b.lines) if line.key == key)


def test_both_schedules_show_what_the_units_are_and_follow_the_dollars_switch(window):
    ma, mb = window.model_a, window.model_b
    assert "$000 omitted" in ma.headerData(1, Qt.Orientation.Horizontal)
    assert "II, III in $000" in mb.headerData(1, Qt.Orientation.Horizontal)
    assert mb.headerData(mb.n_fixed + 1, Qt.Orientation.Horizontal).endswith("$000")  # II
    row = b_row(window, "1")
    window.grid_b.set_text(row, 1, "14,210")  # column II, OCT, typed in dollars
    window.model_b.refresh()
    assert mb.data(mb.index(row, mb.n_fixed + 1)) == "14"  # II prints in thousands
    window.ui.actionShowDollars.setChecked(True)
    assert mb.data(mb.index(row, mb.n_fixed + 1)) == "14,210"
    assert "in dollars" in ma.headerData(1, Qt.Orientation.Horizontal)
    assert "$000" not in mb.headerData(mb.n_fixed + 1, Qt.Orientation.Horizontal)


def test_twelve_digit_amounts_fit_on_bold_totals_in_both_units(window):
    from PySide6.QtGui import QFont, QFontMetrics

    window.grid_a.set_text(window.grid_a.row_of("1730"), MONTHS.index("NOV"),
                           "999,999,999,999")
    window.model_a.refresh()
    bold = QFont(window.table_a.font())
    bold.setBold(True)
    for dollars in (False, True):
        window.ui.actionShowDollars.setChecked(dollars)
        total = window.model_a.data(a_index(window, "3520", "NOV"))  # line 3, bold
        assert total in ("1,000,000,000", "999,999,999,999.00")
        column = window.model_a.n_fixed + MONTHS.index("NOV")
        # The room a cell's text gets: the column less the style's margin on each side.
        margin = window.table_a.style().pixelMetric(
            QStyle.PixelMetric.PM_FocusFrameHMargin, None, window.table_a) + 1
        room = window.table_a.columnWidth(column) - 2 * margin
        assert QFontMetrics(bold).horizontalAdvance(total) <= room, (total, dollars)


def test_status_bar_speaks_of_the_month_in_view(qtbot, window):
    assert window.figures.text().startswith("OCT")
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleB)
    window.ui.monthCombo.setCurrentText("MAR")
    assert window.figures.text().startswith("MAR")  # Schedule B's month
    assert window.ui.instructionsText.toPlainText().startswith("Schedule B line")
    window.ui.tabs.setCurrentWidget(window.ui.pageScheduleA)
    assert window.figures.text().startswith("OCT")  # Schedule A's cursor
    assert window.ui.instructionsText.toPlainText().startswith("Line ")


def test_a_shortfall_reads_as_a_deficiency(window):
    window.change_setting("minimum_dollar", Decimal(9_000_000))
    text = window.figures.text()
    assert "Deficiency $" in text and "Excess $(" not in text
    assert "BELOW MINIMUM" in window.badge.text()


def test_a_refusal_does_not_outlive_the_next_good_change(qtbot, window):
    window.ui.customMinimumEdit.setText("12x")
    window.custom_minimum_entered()
    assert "Not changed — dollar minimum" in window.statusBar().currentMessage()
    assert window.ui.customMinimumEdit.text() == "250,000"  # the minimum in force
    window.grid_a.set_text(window.grid_a.row_of("3540"), 0, "1")
    window.model_a.edited.emit()
    assert window.statusBar().currentMessage() == ""
    window.undo()
    assert window.statusBar().currentMessage().startswith("Undid")  # about this change


def test_a_refused_custom_minimum_shows_the_one_in_force_while_typed_in(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.change_setting("minimum_dollar", Decimal(300_000))
    window.ui.tabs.setCurrentWidget(window.ui.pageSettings)
    edit = window.ui.customMinimumEdit
    assert edit.isEnabled()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    qtbot.keyClicks(edit, "12x")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.doc.wb.minimum_dollar == Decimal(300_000)
    assert edit.text() == "300,000" and edit.selectedText() == "300,000"
    assert "Not changed — dollar minimum" in window.statusBar().currentMessage()


def test_ctrl_page_down_goes_to_the_next_tab_and_the_instructions_come_back(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.table_a.setFocus()
    qtbot.keyClick(window.table_a, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.tabs.currentWidget() is window.ui.pageScheduleB
    assert window.table_b.hasFocus()
    qtbot.keyClick(window.table_b, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.tabs.currentWidget() is window.ui.pageScheduleA
    window.ui.instructionsDock.close()
    pane = next(a for a in window.ui.menuView.actions() if a.text() == "&Instructions pane")
    pane.trigger()
    assert window.ui.instructionsDock.isVisible()


def test_the_dollars_switch_keeps_the_cursor_in_sight(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    view = window.table_a
    view.go_to(window.grid_a.row_of("3540"), MONTHS.index("OCT"))
    window.ui.actionShowDollars.setChecked(True)
    rect = view.visualRect(view.currentIndex())
    frozen = sum(view.columnWidth(c) for c in range(window.model_a.n_fixed))
    assert rect.left() >= frozen and rect.right() <= view.viewport().width()


def test_a_thousands_cell_tooltip_says_how_it_was_rounded(window):
    """The $000 grid's tool-tip carries the rounding word of a part that absorbed a
    total's rounding (the sample's APR 5a: 4,388.40 dollars prints 5 so line 8 foots)."""
    cell = window.grid_a.cell(window.grid_a.row_of("3950"), MONTHS.index("APR"))
    assert cell.text == "5" and "rounded up to 5 ($000)" in cell.rounding
    tip = window.model_a.data(a_index(window, "3950", "APR"), Qt.ItemDataRole.ToolTipRole)
    assert cell.rounding in tip
