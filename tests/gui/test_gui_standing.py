"""The window reads the standing: the status bar's badge and tooltip, the headroom panel
beside the trend chart, Schedule B's 5G column IV, the alternative method's floor in
Firm & settings, and File ▸ Notice Draft…."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from focusdesk.calculation.standing import month_standing
from focusdesk.form.catalog import MONTHS
from focusdesk.gui.features.printing import PdfActions

D = Decimal


def a_index(win, code: str, month: str):
    return win.model_a.index(win.grid_a.row_of(code), win.model_a.n_fixed + MONTHS.index(month))


def set_a(win, code: str, month: str, text: str) -> None:
    assert win.model_a.setData(a_index(win, code, month), text)


def test_options_test_error_is_not_below_minimum(window):
    # 1,200 % option deductions at a firm with $5,000,000+ of net capital: an error of
    # its own, while the badge still says the capital is fine.
    set_a(window, "3852D", "OCT", "70,000,000")
    assert any(f.item == "3852" and f.severity == "error" and f.month == "OCT"
               for f in window.findings)
    window.current_month = "OCT"
    window.update_status()
    assert window.badge.text().strip() == "Net capital OK"


def test_badge_one_cent_either_side_of_early_warning(window):
    comp = window.grid_a.computation("dollars")
    s = month_standing(comp, "OCT")
    window.current_month = "OCT"
    # A loss of loss_to_early_warning brings OCT to early warning; a cent less does not.
    base = window.doc.wb.value("OCT", "3612")
    set_a(window, "3612", "OCT", str(base + s.loss_to_early_warning - D("0.01")))
    window.update_status()
    assert window.badge.text().strip() == "Net capital OK"
    set_a(window, "3612", "OCT", str(base + s.loss_to_early_warning))
    window.update_status()
    assert "EARLY WARNING" in window.badge.text()
    assert "4120" in window.badge.toolTip()


def test_badge_tooltip_shows_the_headroom(window):
    window.current_month = "OCT"
    window.update_status()
    tip = window.badge.toolTip()
    s = window.standings["OCT"]
    assert "Loss to early warning" in tip
    assert f"${s.loss_to_early_warning:,}" in tip
    assert "Withdrawal without notice" in tip


def test_headroom_panel_beside_the_trend(qtbot, window):
    window.current_month = "OCT"
    window.ui.tabs.setCurrentWidget(window.ui.pageTrend)
    qtbot.waitUntil(lambda: window.headroom is not None and window.headroom.isVisible())
    text = window.headroom.text()
    assert "Capital headroom — OCT" in text and "Net capital OK" in text
    s = window.standings["OCT"]
    assert f"${s.withdrawal_without_prior_notice:,}" in text
    assert window.headroom.geometry().left() >= window.trend.geometry().right()


def test_schedule_b_5g_column_iv_takes_no_entry(window):
    grid = window.grid_b
    row = next(i for i, b in enumerate(grid.lines) if b.key == "5G")
    col = next(c for c in range(grid.column_count()) if grid.position(c)[1] == "IV")
    assert grid.ref(row, col) is None
    assert "columns I, II, III" in grid.locked_reason(row, col)
    ii = next(c for c in range(grid.column_count()) if grid.position(c)[1] == "II")
    assert grid.ref(row, ii) is not None


def test_alternative_method_refuses_a_minimum_below_250000(window):
    window.change_setting("minimum_dollar", D(100_000))
    assert window.doc.wb.minimum_dollar == D(100_000)
    window.change_setting("method", "alternative")
    assert window.doc.wb.method.value == "aggregate-indebtedness"  # nothing changed
    assert "at least $250,000.00" in window.statusBar().currentMessage()
    window.change_setting("minimum_dollar", D(250_000))
    window.change_setting("method", "alternative")
    assert window.doc.wb.method.value == "alternative"
    window.change_setting("minimum_dollar", D(100_000))
    assert window.doc.wb.minimum_dollar == D(250_000)
    assert "15c3-1(a)(1)(ii)" in window.statusBar().currentMessage()


def test_notice_draft_for_a_month_that_needs_none(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    window.current_month = "OCT"
    window.feature(PdfActions).notice_action.trigger()
    assert said and "OCT needs no notice" in said[0]


def test_notice_draft_is_written(window, monkeypatch, tmp_path):
    set_a(window, "3740", "OCT", "9,000,000")  # haircuts sink net capital
    window.current_month = "OCT"
    target = tmp_path / "notice.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.feature(PdfActions).notice_action.trigger()
    assert target.exists()
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True,
                          text=True, check=True).stdout  # poppler, as CI installs it
    assert "Rule 17a-11(a)(1)" in text and "Hudson Ridge Securities LLC" in text
    assert "notice draft for OCT" in window.statusBar().currentMessage()


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path):
    yield
    assert not list(Path(tmp_path).glob("*.tmp"))


def test_an_older_files_5g_column_iv_opens_and_can_be_cleared(qtbot, settings, tmp_path):
    import sqlite3

    from support import close_window

    from focusdesk.base.paths import sample_workbook
    from focusdesk.document.store import load
    from focusdesk.gui.app import open_window

    path = tmp_path / "old.focus"
    path.write_bytes(sample_workbook().read_bytes())
    with sqlite3.connect(path) as con:  # as an older FocusDesk wrote it
        con.execute("INSERT INTO schedule_b (month, line, col, value, source, source_ref) "
                    "VALUES ('OCT', '5G', 'IV', '300', 'typed', '')")
    wb, _ = load(path)
    assert wb.b_value("OCT", "5G", "IV") == D(300)
    win = open_window(str(path), settings)
    try:
        assert any(f.item == "B-5G" and f.severity == "error" for f in win.findings)
        grid = win.grid_b
        grid.month = "OCT"
        row = next(i for i, b in enumerate(grid.lines) if b.key == "5G")
        col = next(c for c in range(grid.column_count()) if grid.position(c)[1] == "IV")
        assert grid.ref(row, col) is not None
        with pytest.raises(Exception, match="5G takes no entry in column IV"):
            grid.set_text(row, col, "400")
        grid.set_text(row, col, "")
        assert win.doc.wb.b_value("OCT", "5G", "IV") is None
        assert grid.ref(row, col) is None
    finally:
        close_window(win)
