"""Test configuration shared by every test module."""

from __future__ import annotations

import json
import os
import tempfile

# Qt runs offscreen in the test suite: set here, by the test configuration, before
# pytest-qt creates the QApplication (a test that needs a real X window under Xvfb
# overrides it in its own subprocess).
# Its screen is a desktop's, 1920 × 1200 at 100 %, as the window fits itself to the
# screen (tests/test_desk_geometry.py sets laptop screens of its own).
OFFSCREEN_SCREEN = os.path.join(tempfile.gettempdir(), "focusdesk-offscreen-1920x1200.json")
_fd, _tmp = tempfile.mkstemp(dir=tempfile.gettempdir(), suffix=".json")
with os.fdopen(_fd, "w", encoding="utf-8") as _fh:  # written aside, moved into place:
    json.dump({"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920,  # a test
                            "height": 1200, "logicalDpi": 96, "logicalBaseDpi": 96,  # run
                            "dpr": 1}]}, _fh)  # beside never reads half a file
os.replace(_tmp, OFFSCREEN_SCREEN)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={OFFSCREEN_SCREEN}"

import pytest  # noqa: E402
from support import close_window  # noqa: E402


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Recovery files and other local data go to the test's own folder."""
    monkeypatch.setenv("FOCUSDESK_DATA_DIR", str(tmp_path / "data"))


# -- the desktop window (pytest-qt, offscreen) ------------------------------------------

@pytest.fixture
def settings(tmp_path):
    """QSettings in the test's folder: recent files and geometry never leak between tests."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def focus_file(tmp_path):
    """A small saved workbook: Acme Securities, 2026, JAN reported."""
    from focusdesk.document.store import save
    from focusdesk.formats.jsonio import workbook_from_json

    path = tmp_path / "acme.focus"
    wb = workbook_from_json({"firm": {"name": "Acme Securities"}, "year": 2026,
                             "months": {"JAN": {"items": {"3501": "1000000", "3840": "300000"},
                                                "schedule_b_answer": "yes"}}})
    save(wb, path)
    return path


@pytest.fixture
def window(qtbot, settings):
    """The main window with the sample workbook, every feature's menu installed."""
    from focusdesk.gui.app import open_window

    win = open_window(None, settings)
    win.show()
    yield win
    close_window(win)


# -- calculation-side helpers (tests of money, catalog, engine, checks) ------------------

from decimal import Decimal  # noqa: E402


def _build_calc_workbook(months=None, *, schedule_b=None, answers=None,
                         method="aggregate-indebtedness", minimum="250000"):
    """A Workbook from plain data: ``months={"JAN": {"3950": "1000"}}``,
    ``schedule_b={"JAN": {("1", "IV"): "12"}}``, ``answers={"JAN": True}``.
    Amounts are given as strings or ints and entered as exact Decimals."""
    from focusdesk.model.workbook import Workbook

    wb = Workbook()
    wb.set_profile("method", method)
    wb.set_profile("minimum_dollar", Decimal(minimum))
    for month, items in (months or {}).items():
        for code, value in items.items():
            wb.set_item(month, code, Decimal(value))
    for month, cells in (schedule_b or {}).items():
        for (line, column), value in cells.items():
            wb.set_schedule_b(month, line, column, Decimal(value))
    for month, answer in (answers or {}).items():
        wb.set_answer(month, answer)
    return wb


@pytest.fixture
def calc_workbook():
    """Factory fixture: builds a Workbook from plain data (see `_build_calc_workbook`)."""
    return _build_calc_workbook


# -- the trial balance (tests/tb, tests/commands/test_tb_cli.py) --------------------------

@pytest.fixture
def layout_xlsx(tmp_path):
    """The layout trial balance as an xlsx: a cover sheet, then title rows, a header not on
    row 1 and subtotals (tb_support.layout_rows)."""
    from tb_support import layout_rows, xlsx

    return xlsx(tmp_path / "layout.xlsx", {"Cover": [["Monthly close package"]],
                                           "Trial Balance": layout_rows()})


@pytest.fixture
def book_file(tmp_path):
    """A new workbook file made by `focusdesk new`: Firm, 2025."""
    from focusdesk import cli

    path = tmp_path / "firm.focus"
    assert cli.main(["new", str(path), "--firm", "Firm", "--year", "2025"]) == 0
    return path
