"""The roll-up (`tb.rollup`): year-to-date activity, and integer cents equal to Decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from tb_support import (
    PL_MAPPING,
    D,
    fresh,
    pl_xlsx,
    values,
)

from focusdesk.model.workbook import MappingRow, TBRow, TrialBalance
from focusdesk.tb import TBError
from focusdesk.tb.importer import apply, prepare
from focusdesk.tb.mapping import (
    Mapping,
    canonical,
)
from focusdesk.tb.rollup import rollup

# -- year to date -----------------------------------------------------------------------


def test_ytd_income_lines_take_the_month_s_activity(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "jan.xlsx", -1000, 400, 600), "JAN",
                      mapping_rows=PL_MAPPING))
    assert values(wb, "JAN") == {"750": D(600), "4212": D(1000), "4201": D(400)}
    p = prepare(wb, pl_xlsx(tmp_path, "feb.xlsx", -2500, 900, 1600), "FEB")
    line = {ch.code: ch for ch in p.lines}
    assert line["4212"].detail.ytd_amount == D(2500) and line["4212"].detail.prior_ytd == D(1000)
    apply(wb, p)
    assert values(wb, "FEB") == {"750": D(1600), "4212": D(1500), "4201": D(500)}


def test_ytd_without_the_prior_month_is_refused_unless_period(tmp_path):
    wb = fresh()
    path = pl_xlsx(tmp_path, "mar.xlsx", -3000, 1000)
    with pytest.raises(TBError, match=r"no trial balance is imported for FEB.*--period"):
        prepare(wb, path, "MAR", mapping_rows=PL_MAPPING)
    p = prepare(wb, path, "MAR", mapping_rows=PL_MAPPING, basis="period")
    assert {ch.code: ch.new for ch in p.lines}["4212"] == D(3000)


def test_a_period_month_between_ytd_months(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "jan.xlsx", -1000, 0), "JAN", mapping_rows=PL_MAPPING))
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "feb.xlsx", -200, 0), "FEB", basis="period"))
    assert wb.value("FEB", "4212") == D(200)
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "mar.xlsx", -1500, 0), "MAR"))
    assert wb.value("MAR", "4212") == D(300)  # 1,500 YTD less JAN 1,000 + FEB 200


def test_january_is_its_own_ytd_even_with_no_prior(tmp_path):
    wb = fresh()
    p = prepare(wb, pl_xlsx(tmp_path, "jan.xlsx", -10, 5), "JAN", mapping_rows=PL_MAPPING)
    assert {ch.code: ch.new for ch in p.lines} == {"750": D(0), "4212": D(10), "4201": D(5)}



# -- the roll-up in integer cents is the roll-up in Decimals ------------------------------

# Two rules of opposite signs reach line 38 (cash), so its rows come from two lists.
ROLLUP_RULES = (MappingRow("1000-1099", "38"), MappingRow("11*", "38", "-"),
                MappingRow("2000-2999", "23a"), MappingRow("3*", "13"),
                MappingRow("1050", "15"))
_accounts = st.sampled_from(["1010", "1050", "1099", "1100", "1150-01", "2100", "2999",
                             "3000", "3x9", "4000", "9999", "ab"])
_balances = st.one_of(st.integers(-10**9, 10**9).map(lambda c: Decimal(c).scaleb(-2)),
                      st.decimals(-10**6, 10**6, places=3, allow_nan=False))


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_accounts, _balances), min_size=1, max_size=40))
def test_rollup_in_cents_matches_the_rollup_in_decimals(entries):
    rows = tuple(TBRow(a, f"row {i}", b) for i, (a, b) in enumerate(entries))
    cents = [int(b * 100) if b == b.quantize(Decimal("0.01")) else b * 100 for _a, b in entries]
    wb = fresh()
    mapping = Mapping(canonical(ROLLUP_RULES, wb.form), wb.form)
    tb = TrialBalance("tb.xlsx", "0" * 64, rows)
    counted = dict.fromkeys(a for a, _ in entries)
    fast = rollup("JAN", tb, mapping, {}, wb.form, accounts=counted, cents=cents,
                  column=[a for a, _ in entries])
    plain = rollup("JAN", tb, mapping, {}, wb.form)
    assert {c: line.amount for c, line in fast.lines.items()} == \
        {c: line.amount for c, line in plain.lines.items()}
    assert fast.unmapped == plain.unmapped
    # Each line: the signed sum of its rows, its accounts listed in the file's order.
    for code, line in fast.lines.items():
        assert [(c.account, c.balance) for c in line.accounts] == \
            [(r.account, r.balance) for r in rows
             if (rule := mapping.match(r.account)) is not None and rule.code == code]
        assert line.amount == sum((c.amount for c in line.accounts), Decimal(0))

