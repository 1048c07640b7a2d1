"""Hostile positions and items files, bounded: whatever the cells hold, reading and
computing end in a result or a WorksheetError of one line, never another exception;
and a result always foots (positions to categories to line 18)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from focusdesk.formats.spreadsheets.book import Sheet
from focusdesk.worksheets import WorksheetError
from focusdesk.worksheets.haircuts import CATEGORIES, compute
from focusdesk.worksheets.inputs import (
    POSITION_COLUMNS,
    POSITION_OPTIONAL,
    parse_items,
    parse_positions,
)
from focusdesk.worksheets.reserve import KEYS
from focusdesk.worksheets.reserve import compute as reserve

CELLS = st.one_of(
    st.sampled_from(["", " ", "-", "(1,000)", "1e5", "NaN", "∞", "١٢٣", "12/31/2030",
                     "2030-02-30", "2027-06-15", "0", "-0.001", "999999999999999.99",
                     "1000000000000000", "3", "E1", "10", "16", *CATEGORIES]),
    st.text(max_size=12),
    st.integers(-10**16, 10**16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)),
    st.just(datetime(2027, 1, 1, 12, 30)),
    st.booleans(), st.none(),
)
HEADER = [*POSITION_COLUMNS, *POSITION_OPTIONAL]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=0, max_size=len(HEADER) + 1), max_size=6),
       st.sampled_from([Decimal(0), Decimal(-5), Decimal(10**6)]))
def test_positions_never_fail_otherwise(rows, tnc):
    sheet = Sheet("p", [HEADER, *rows])
    try:
        positions = parse_positions(sheet, "p.csv")
        result = compute(positions, date(2026, 1, 31), tnc)
    except WorksheetError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert sum(c.deduction for c in result.categories if c.category.line18) == result.haircuts
    for c in result.categories:
        assert sum(p.deduction for p in result.positions
                   if p.position.category == c.category.name) == c.deduction
    assert all(p.deduction >= 0 for p in result.positions)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=3), max_size=8), st.booleans(),
       st.booleans())
def test_items_never_fail_otherwise(rows, alternative, daily):
    sheet = Sheet("i", [["item", "amount"], *rows])
    try:
        items = parse_items(sheet, "i.csv", KEYS)
        result = reserve(items, alternative=alternative, daily=daily)
    except WorksheetError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert result.requirement >= 0 and result.debits_net <= result.aggregate_debits
