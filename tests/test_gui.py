"""The first desktop window, driven through pytest-qt (offscreen)."""

from __future__ import annotations

from decimal import Decimal

import pytest

pytest.importorskip("PySide6")

from focusdesk.catalog import MONTHS  # noqa: E402
from focusdesk.gui.app import open_window  # noqa: E402
from focusdesk.gui.models import ScheduleAModel  # noqa: E402


@pytest.fixture
def window(qtbot):
    win = open_window(None)
    yield win
    # Closed here rather than by qtbot.addWidget (which closes before fixtures are torn
    # down) so the unsaved-changes prompt can be dismissed first.
    win.saved_audit_len = len(win.wb.audit)
    win.close()
    win.deleteLater()


def _index(win, code: str, month: str):
    row = next(i for i, item in enumerate(win.grid.rows) if item.code == code)
    return win.model.index(row, len(ScheduleAModel.FIXED) + MONTHS.index(month))


def test_sample_opens_with_its_figures(window):
    assert window.wb.firm.name == "Hudson Ridge Securities LLC"
    # Net capital of JAN in $000, bold computed line, as the form prints it.
    assert window.model.data(_index(window, "3750", "JAN")) == "5,058"
    assert "Untitled" in window.windowTitle() or "Sample" in window.windowTitle()


def test_typing_recomputes_at_once(window):
    idx = _index(window, "3612", "JAN")  # line 15, other deductions
    before = window.grid.computation("dollars").value("JAN", "3750")
    assert window.model.setData(idx, "118,200")
    after = window.grid.computation("dollars").value("JAN", "3750")
    assert before - after == Decimal("100000")  # 118,200 replaced 18,200
    assert "*" in window.windowTitle()
    assert "Net capital" in window.status_label.text()


def test_text_is_refused_and_nothing_stored(window, qtbot):
    idx = _index(window, "3540", "FEB")
    old = window.wb.value("FEB", "3540")
    with qtbot.waitSignal(window.model.edit_refused) as blocker:
        assert window.model.setData(idx, "twelve") is False
    assert "not an amount" in blocker.args[0]
    assert window.wb.value("FEB", "3540") == old


def test_computed_cells_are_read_only(window):
    from PySide6.QtCore import Qt

    assert not window.model.flags(_index(window, "3750", "JAN")) & Qt.ItemFlag.ItemIsEditable
    assert window.model.flags(_index(window, "3540", "JAN")) & Qt.ItemFlag.ItemIsEditable


def test_check_double_click_goes_to_the_cell(window):
    window.model.setData(_index(window, "3740", "MAR"), "9,000,000")  # haircuts sink NC
    window.refresh()
    row = next(r for r, f in enumerate(window._findings)
               if f.month == "MAR" and f.item == "3750" and f.severity == "error")
    window._goto_finding(row, 0)
    current = window.table.currentIndex()
    assert current == _index(window, "3750", "MAR")


def test_model_passes_qtmodeltester(window, qtmodeltester):
    qtmodeltester.check(window.model)
