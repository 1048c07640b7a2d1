"""The window's host interface: what the built-in features add to, and through which
methods (offscreen)."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QAction
from support import a_index, close_window

from focusdesk.gui.features.month_close import CloseActions
from focusdesk.gui.features.segregation import SegregationTab
from focusdesk.gui.features.trial_balance import TrialBalanceImport


def _texts(menu) -> list[str]:
    return [a.text() or "--" for a in menu.actions()]


def test_schedule_a_context_menu_is_the_windows_before_any_feature(qtbot, settings):
    from focusdesk.gui.app import open_window

    win = open_window(None, settings, install_features=False)
    try:
        assert _texts(win.cell_menu()) == ["&Copy", "&Paste", "Clear"]
        with pytest.raises(LookupError, match="TrialBalanceImport"):
            win.feature(TrialBalanceImport)
        win.install_features()
        win.table_a.setCurrentIndex(a_index(win, "3501", "JAN"))
        menu = win.cell_menu()
        assert _texts(menu) == ["&Copy", "&Paste", "Clear", "--", "Accounts Behind This Cell…",
                                "Show Worksheet…"]
        drill = menu.actions()[-2]
        assert drill is win.feature(TrialBalanceImport).drill_action and drill.isEnabled()
        win.table_a.setCurrentIndex(win.model_a.index(0, 1))  # a label: no month's cell
        assert not win.cell_menu().actions()[-2].isEnabled()
    finally:
        close_window(win)


def test_features_add_through_the_host(window):
    file_menu = _texts(window.ui.menuFile)
    # each feature's entries a group of their own above Quit, in the order installed
    assert file_menu[file_menu.index("&Close") + 1:] == [
        "--", "Print Pre&view…", "&Print…", "&Export PDF…", "&Notice Draft…",
        "--", "Export to E&xcel…", "Export Excel Input &Template…", "&Import from Excel…",
        "--", "Import &Trial Balance…", "Account &Mapping…",
        "--", "Import Daily &Seg Filing…",
        "--", "Import &Positions…", "Import E&xhibit A Items…",
        "--", "Start &Next Year…", "Firms &Overview…", "--", "&Quit"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("F&iling") == menus.index("&Help") - 1
    tabs = window.ui.tabs
    seg = window.feature(SegregationTab)
    assert tabs.indexOf(seg) == tabs.indexOf(window.ui.pageChecks) - 2  # then Worksheets
    assert window.tab_instruction(seg) == "7060" and window.tab_instruction(tabs.widget(0)) \
        is None
    close = window.feature(CloseActions)
    assert close.status_label in window.statusBar().children()


def test_a_status_hook_runs_after_the_windows_own_figures(window):
    seen: list[str] = []
    window.on_status_update(lambda: seen.append(window.figures.text()))
    window.update_status()
    assert seen and seen[-1] == window.figures.text() != ""


def test_a_cell_action_of_a_feature_joins_the_context_menu(window):
    extra = QAction("Something Else", window)
    window.add_cell_action(extra, lambda: False)
    actions = window.cell_menu().actions()
    assert actions[-1] is extra and not extra.isEnabled()
