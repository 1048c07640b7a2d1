"""Test configuration shared by every test module."""

from __future__ import annotations

import os

# Qt runs offscreen in the test suite: set here, by the test configuration, before
# pytest-qt creates the QApplication (a test that needs a real X window under Xvfb
# overrides it in its own subprocess).
os.environ["QT_QPA_PLATFORM"] = "offscreen"


# -- calculation-side helpers (tests of money, catalog, engine, checks) ------------------

from decimal import Decimal

import pytest


def _build_calc_workbook(months=None, *, schedule_b=None, answers=None,
                         method="aggregate-indebtedness", minimum="250000"):
    """A Workbook from plain data: ``months={"JAN": {"3950": "1000"}}``,
    ``schedule_b={"JAN": {("1", "IV"): "12"}}``, ``answers={"JAN": True}``.
    Amounts are given as strings or ints and entered as exact Decimals."""
    from focusdesk.workbook import Workbook

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
