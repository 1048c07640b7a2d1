"""The Worksheets tab's rows without Qt (focusdesk.tables.worksheets): a month's haircut
worksheet and reserve worksheet as the tab shows them, with figures worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from support import sample_workbook
from worksheets_support import SAMPLE_ITEMS, SAMPLE_ROWS, items_file, positions

from focusdesk.form.catalog import Method
from focusdesk.tables.worksheets import (
    ABSENT,
    APART,
    DEFICIENCY,
    DIFFERS,
    TOTAL,
    CategoriesTable,
    ConcentrationsTable,
    ExhibitTable,
    LinesTable,
    PositionsTable,
    RequirementTable,
    haircut_notes,
    rate_text,
)
from focusdesk.worksheets.inputs import read_items, read_positions
from focusdesk.worksheets.month import (
    apply,
    prepare_haircuts,
    prepare_reserve,
    stored_haircuts,
    stored_reserve,
)
from focusdesk.worksheets.reserve import KEYS

D = Decimal


@pytest.fixture
def wb():
    return sample_workbook(2026)


def haircuts_of(wb, tmp_path, *rows):
    pos, source = read_positions(positions(tmp_path, *rows))
    apply(wb, prepare_haircuts(wb, "OCT", pos, source)[1])
    return stored_haircuts(wb, "OCT")


def reserve_of(wb, tmp_path, *rows, **options):
    items, source = read_items(items_file(tmp_path, *rows), KEYS)
    apply(wb, prepare_reserve(wb, "OCT", items, source, **options)[1])
    return stored_reserve(wb, "OCT")


def test_rates_read_as_the_rule_writes_them():
    assert rate_text(D("0.0075")) == "0.75 %"
    assert rate_text(D("0.15")) == "15 %"
    assert rate_text(D("0.00125")) == "0.125 %"


def test_categories_foot_to_line_18_with_no_ready_market_apart(wb, tmp_path):
    result = haircuts_of(wb, tmp_path, *SAMPLE_ROWS)
    table = CategoriesTable(result)
    nrm = table.find(1, "(c)(2)(vii)")
    assert nrm is not None and table.roles(nrm, 0) == {APART}
    assert "line 13" in table.tip(nrm, 0)
    total = table.find(0, "Line 18 [3740] — haircuts on securities positions")
    assert total is not None and table.roles(total, 5) == {TOTAL}
    assert table.text(total, 5) == "256,782.49" == f"{result.haircuts:,.2f}"
    # line 18 is every category's deduction but the no-ready-market charge's (instruction 18)
    in_18 = sum(c.deduction for c in result.categories if c.category.line18)
    assert in_18 == result.haircuts
    assert table.text(total, 2) == "9"  # ten positions, one of them no ready market
    # 30a and 30b: every position's market value, the no-ready-market one included
    every = table.find(0, "All positions — 30a [850], 30b [1620]")
    assert [table.text(every, c) for c in (2, 3, 4)] == ["10", "3,535,000.00", "520,000.00"]
    # (J) row: the (M) part shown apart in its own column
    j = table.find(1, "(c)(2)(vi)(J)")
    assert table.text(j, 6) == "48,157.49"


def test_positions_show_paragraph_band_rate_and_deduction(wb, tmp_path):
    result = haircuts_of(wb, tmp_path, *SAMPLE_ROWS)
    table = PositionsTable(result)
    assert len(table) == 10
    m1 = table.find(0, "M1")
    # (B)(2): 2031-08-01 from 10/31/2026 is 4 years 9 months: "3½ to less than 5 years", 4 %
    assert [table.text(m1, c) for c in (6, 7, 8, 9)] == [
        "(c)(2)(vi)(B)(2)", "3½ years to less than 5 years", "4 %", "10,000.00"]
    t2 = table.find(0, "T2")
    assert table.text(t2, 5) == "(400,000.00)"  # a short, as the grids show negatives
    n1 = table.find(0, "N1")
    assert table.roles(n1, 0) == {APART} and table.text(n1, 8) == "100 %"
    assert table.tip(n1, 0) == "Row 11 of the positions file"
    # the positions foot to their categories, to the cent
    assert sum(r.deduction for r in result.positions if r.line18) == result.haircuts


def test_undue_concentration_rows(wb, tmp_path):
    result = haircuts_of(wb, tmp_path, *SAMPLE_ROWS)
    table = ConcentrationsTable(result)
    assert len(table) == 1
    m = result.concentrations[0]
    assert table.rows[0].cells[:2] == ("ACME Corp", "equity")
    # (M)(1): the market value above 10 % of line 17
    assert m.threshold == result.tentative_net_capital * D("0.1")
    assert table.text(0, 5) == f"{m.market_value - m.threshold:,.2f}"
    assert ConcentrationsTable(None).rows == []


def test_notes_say_what_is_uncertain_and_not_applied(wb, tmp_path):
    result = haircuts_of(wb, tmp_path, *SAMPLE_ROWS)
    notes = haircut_notes(result)
    assert notes[0].startswith("No ready market: 25,000.00 — (c)(2)(vii)")
    assert sum(n.startswith("Uncertain: ") for n in notes) == len(result.uncertain) >= 1
    assert any(n.startswith("Not applied: (c)(2)(vi)(A)(2)") for n in notes)
    assert any("(F)(2)–(4)" in n for n in notes)


def test_the_basic_method_by_hand(wb, tmp_path):
    result = reserve_of(wb, tmp_path, *SAMPLE_ITEMS)
    items = ExhibitTable(result)
    assert items.amount("credit") == "5,950,000.00"  # items 1, 2, 4: 5,000,000 + 750,000 + 200,000
    assert items.amount("debit") == "4,250,000.00"  # items 10–12
    assert items.amount("reduction") == "75,000.00"  # E1 50,000 + E4 25,000
    three = items.find(0, "3")
    assert items.roles(three, 3) == {ABSENT} and items.text(three, 3) == ""
    req = RequirementTable(result)
    # Note E(3): 1 % of item 10 after its reductions: 1 % × (4,000,000 − 75,000) = 39,250
    assert req.amount("cut") == "39,250.00"
    assert req.amount("aggregate") == "4,175,000.00"
    assert req.amount("net") == "4,135,750.00"  # 4,175,000 − 39,250: line 27
    assert req.amount("excess") == "1,814,250.00"  # 5,950,000 − 4,135,750
    assert req.amount("requirement") == "1,814,250.00"
    deposit = wb.value("OCT", "4530")
    assert req.amount("deficiency") == f"{D('1814250') - deposit:,.2f}"
    row = req.find(0, "Deficiency — Rule 15c3-3(i): notify immediately")
    assert row is not None and DEFICIENCY in req.roles(row, 1)
    assert req.find(0, "Aggregate debit items — line 23b [4470]") is None


def test_the_alternative_method_daily_and_a_monthly_computer(wb, tmp_path):
    wb.set_profile("method", Method.ALTERNATIVE)
    result = reserve_of(wb, tmp_path, *SAMPLE_ITEMS, daily=True)
    req = RequirementTable(result)
    # Rule 15c3-1(a)(1)(ii)(A): 2 % (daily) of the aggregate debits 4,175,000 = 83,500
    assert req.find(0, "Aggregate debit items — line 23b [4470]") is not None
    assert req.amount("cut") == "83,500.00"
    assert req.amount("net") == "4,091,500.00"
    lines = LinesTable(wb, "OCT", result.lines())
    assert [r.cells[0] for r in lines.rows] == ["26", "27", "23b"]
    basic = sample_workbook(2026)
    monthly = reserve_of(basic, tmp_path, "1,1000000", "10,500000", monthly=True)
    # 15c3-3(e)(3)(i)(C): 105 % × (1,000,000 − 495,000) = 530,250
    table = RequirementTable(monthly)
    assert table.amount("requirement") == "530,250.00"
    assert "105 %" in table.text(table.find(1, "530,250.00"), 0)


def test_lines_flag_a_figure_typed_over_since(wb, tmp_path):
    result = haircuts_of(wb, tmp_path, *SAMPLE_ROWS)
    table = LinesTable(wb, "OCT", dict(result.lines()))
    assert [r.cells[0] for r in table.rows] == ["18", "30a", "30b", "32a"]
    assert table.differing() == [] and table.text(0, 5) == "as set"
    wb.set_item("OCT", "3740", D(1))
    table = LinesTable(wb, "OCT", dict(result.lines()))
    assert table.differing() == ["3740"]
    assert table.roles(0, 0) == {DIFFERS} and table.text(0, 4) == "1.00"
    assert table.tip(0, 2) == "Haircuts on Proprietary Security Positions"


def test_empty_tables_before_any_import():
    for table in (CategoriesTable(), PositionsTable(), ExhibitTable(), RequirementTable(),
                  LinesTable()):
        assert len(table) == 0 and table.headers
