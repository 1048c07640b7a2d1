"""The (c)(2)(vi) haircut schedule (focusdesk.worksheets.haircuts): every category and
band at its edges, the (A) category offset, (J) on both sides, (K), (G), (M) and its
floors, (c)(2)(vii) apart from line 18. Every figure is worked by hand from
shared/reference/rules/HAIRCUTS.md; each test names its paragraph."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from focusdesk.worksheets import WorksheetError
from focusdesk.worksheets.haircuts import (
    CATEGORIES,
    NOT_APPLIED,
    SCHEDULE,
    TABLE_A,
    TABLE_B1,
    TABLE_B2,
    TABLE_E,
    TABLE_F,
    Position,
    apportion,
    compute,
    horizon_date,
)

D = Decimal
AS_OF = date(2026, 1, 31)  # a month's last day: January 2026
BIG = D(10) ** 12  # tentative net capital so large that (M) never applies


def pos(category: str, value: str | int, maturity: date | None = None, id: str = "p",
        **kw: object) -> Position:
    return Position(id, kw.pop("description", id), category, maturity, D(value), **kw)  # type: ignore[arg-type]


def one(category: str, value: str | int, maturity: date | None = None, *,
        tnc: Decimal = BIG, **kw: object) -> Decimal:
    """The line-18 deduction (or the 100 % of (c)(2)(vii)) of a single position."""
    r = compute([pos(category, value, maturity, **kw)], AS_OF, tnc)
    return r.positions[0].deduction


def months(n: int) -> date:
    return horizon_date(AS_OF, (n, "months"))


def days(n: int) -> date:
    return AS_OF + timedelta(days=n)


def test_months_run_from_month_end_to_month_end():
    # "Time to maturity is measured from the month's last day": 3 months after January 31
    # is April 30; 1 month, February 28; 12 months, January 31 of the next year.
    assert months(3) == date(2026, 4, 30)
    assert months(1) == date(2026, 2, 28)
    assert months(12) == date(2027, 1, 31)
    assert horizon_date(date(2026, 2, 28), (1, "months")) == date(2026, 3, 31)


# -- every band at its edges --------------------------------------------------------------

def _edges(table, unit_of):
    """(maturity, expected rate) for each band: the day its bound starts it, the day
    before its end."""
    out = []
    start = AS_OF
    for band in table:
        out.append((start, band.rate))
        if band.below is None:
            out.append((start + timedelta(days=3650), band.rate))
            break
        end = unit_of(band.below)
        out.append((end - timedelta(days=1), band.rate))
        start = end
    return out


def _bound(h):
    n, unit = h
    return days(n) if unit == "days" else months(n)


@pytest.mark.parametrize(("category", "table", "paragraph"), [
    ("us-government", TABLE_A, "(A)"),
    ("municipal", TABLE_B2, "(B)(2)"),
    ("municipal-short", TABLE_B1, "(B)(1)"),
    ("commercial-paper", TABLE_E, "(E)"),
    ("nonconvertible-debt", TABLE_F, "(F)(1)"),
    ("canadian", TABLE_A, "(C)"),
])
def test_every_band_at_its_edges(category, table, paragraph):
    # A long of $1,000,000 alone in its band: the band's rate × $1,000,000 (for (A)
    # alone in its category: |DL − 0| + 50 % × 0 = DL).
    for maturity, rate in _edges(table, _bound):
        got = one(category, 1_000_000, maturity)
        assert got == (rate * 1_000_000).quantize(D("0.01")), (paragraph, maturity, rate)


def test_table_a_rates_as_the_rule_gives_them():
    # (c)(2)(vi)(A): 0, ½, ¾, 1 / 1½, 2 / 3, 4 / 4½, 5, 5½, 6 %, in categories 1–4.
    rates = ("0", "0.5", "0.75", "1", "1.5", "2", "3", "4", "4.5", "5", "5.5", "6")
    assert [b.rate * 100 for b in TABLE_A] == [D(x) for x in rates]
    assert [b.group for b in TABLE_A] == [1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4]


def test_named_edges_one_day_either_side():
    # (A): 2 years to < 3 years is 2 %, 3 years on is 3 %: $1,000,000 → $20,000 / $30,000.
    assert one("us-government", 1_000_000, months(36) - timedelta(days=1)) == D("20000.00")
    assert one("us-government", 1_000_000, months(36)) == D("30000.00")
    # (B)(2): 3½ years is the edge of 3 % and 4 %.
    assert one("municipal", 1_000_000, months(42) - timedelta(days=1)) == D("30000.00")
    assert one("municipal", 1_000_000, months(42)) == D("40000.00")
    # (B)(1): 29 days 0 %, 30 days 1/8 of 1 % ($1,250).
    assert one("municipal-short", 1_000_000, days(29)) == D("0.00")
    assert one("municipal-short", 1_000_000, days(30)) == D("1250.00")
    # (E): 270 days 3/8 %, 271 days ½ %; 1 year on, (A)'s 1½ %.
    assert one("commercial-paper", 1_000_000, days(270)) == D("3750.00")
    assert one("commercial-paper", 1_000_000, days(271)) == D("5000.00")
    assert one("commercial-paper", 1_000_000, months(12)) == D("15000.00")
    # (F)(1): under 1 year 2 %, 25 years or more 9 %.
    assert one("nonconvertible-debt", 1_000_000, months(12) - timedelta(days=1)) == D("20000.00")
    assert one("nonconvertible-debt", 1_000_000, months(300)) == D("90000.00")


def test_municipal_short_beyond_731_days_is_refused():
    # (B)(1) is for notes of 731 days or less at issue: 732 days away cannot be one.
    assert one("municipal-short", 1_000_000, days(731)) == D("10000.00")
    with pytest.raises(WorksheetError, match="beyond"):
        one("municipal-short", 1_000_000, days(732))


@pytest.mark.parametrize(("category", "rate"), [
    ("money-market-fund", "2"),  # (D)(1)
    ("investment-company", "7"),  # (D)(2)
    ("preferred", "10"),  # (H)
])
def test_flat_rates_on_the_greater_side(category, rate):
    # (D)(1), (D)(2), (H): the rate on the greater of the long or short position.
    r = compute([pos(category, 300_000, id="a"), pos(category, -200_000, id="b")], AS_OF, BIG)
    assert r.category(category).deduction == D(rate) / 100 * 300_000
    assert r.position("b").deduction == 0
    r = compute([pos(category, 100_000, id="a"), pos(category, -200_000, id="b")], AS_OF, BIG)
    assert r.category(category).deduction == D(rate) / 100 * 200_000
    assert r.position("a").deduction == 0


def test_d3_both_sides_declared_uncertain():
    # (D)(3): "9 % of the long or short position" — read as both sides (HAIRCUTS.md,
    # uncertain): 9 % × (300,000 + 200,000) = 45,000; the result says so.
    r = compute([pos("investment-company-debt", 300_000, id="a"),
                 pos("investment-company-debt", -200_000, id="b")], AS_OF, BIG)
    assert r.haircuts == D("45000.00")
    assert any("(D)(3)" in u for u in r.uncertain)


def test_greater_of_is_per_band():
    # (F)(1): a long of 100,000 in the 1–2 year band (3 %) and a short of 60,000 in the
    # 5–10 year band (7 %) do not offset: 3,000 + 4,200.
    r = compute([pos("nonconvertible-debt", 100_000, months(18), id="a"),
                 pos("nonconvertible-debt", -60_000, months(72), id="b")], AS_OF, BIG)
    assert r.haircuts == D("7200.00")
    # The same band: the greater of long 100,000 and short 60,000 only: 3,000.
    r = compute([pos("nonconvertible-debt", 100_000, months(18), id="a"),
                 pos("nonconvertible-debt", -60_000, months(20), id="b")], AS_OF, BIG)
    assert r.haircuts == D("3000.00")


# -- (A)(1) category offset ---------------------------------------------------------------

def test_a_offset_within_a_category():
    # (A)(1): category 3 has a net long of $1,000,000 at 3–5 years (3 %: DL = 30,000) and
    # a net short of $400,000 at 5–10 years (4 %: DS = 16,000). Deduction =
    # |30,000 − 16,000| + 50 % × 16,000 = 14,000 + 8,000 = 22,000.
    r = compute([pos("us-government", 1_000_000, months(48), id="L"),
                 pos("us-government", -400_000, months(96), id="S")], AS_OF, BIG)
    assert r.haircuts == D("22000.00")
    # Shared between the bands in proportion to their own deduction (22/46 each).
    assert r.position("L").deduction + r.position("S").deduction == D("22000.00")
    assert r.position("L").deduction == D("14347.83")


def test_a_offset_nets_each_band_first():
    # (A)(1) step 1: within one band, long 1,000,000 and short 700,000 net to a long
    # 300,000 at 1.5 % (1–2 years) = 4,500; the short takes no part of it.
    r = compute([pos("us-government", 1_000_000, months(13), id="L"),
                 pos("us-government", -700_000, months(23), id="S")], AS_OF, BIG)
    assert r.haircuts == D("4500.00")
    assert r.position("S").deduction == 0


def test_a_offset_never_across_categories():
    # (A)(1): a long in category 2 (1.5 %: 15,000) and a short in category 3 (3 %:
    # 30,000) are in different categories: 15,000 + 30,000, no offset.
    r = compute([pos("us-government", 1_000_000, months(13), id="L"),
                 pos("us-government", -1_000_000, months(40), id="S")], AS_OF, BIG)
    assert r.haircuts == D("45000.00")


def test_canadian_takes_a_percentages_without_the_offset():
    # (C): "the same percentages as (A)"; the offset is not applied (uncertain, declared):
    # the (A)(1) figures above would be 22,000 — Canadian: 30,000 + 16,000 = 46,000.
    r = compute([pos("canadian", 1_000_000, months(48), id="L"),
                 pos("canadian", -400_000, months(96), id="S")], AS_OF, BIG)
    assert r.haircuts == D("46000.00")
    assert any("(C)" in u for u in r.uncertain)


# -- (J), both sides ----------------------------------------------------------------------

def test_j_lesser_side_within_25_percent_is_free():
    # (J): long 1,000,000, short 250,000 = exactly 25 % of the greater: 15 % × 1,000,000.
    r = compute([pos("equity", 1_000_000, id="L"), pos("equity", -250_000, id="S")], AS_OF, BIG)
    assert r.haircuts == D("150000.00")
    assert r.position("S").deduction == 0


def test_j_lesser_side_beyond_25_percent():
    # (J): long 1,000,000, short 400,000: 150,000 + 15 % × (400,000 − 250,000) = 172,500;
    # ten cents beyond 25 %: 150,000 + 15 % × 0.10 = 150,000.015 → 150,000.02 (half away).
    r = compute([pos("equity", 1_000_000, id="L"), pos("equity", -400_000, id="S")], AS_OF, BIG)
    assert r.haircuts == D("172500.00")
    assert r.position("S").deduction == D("22500.00")
    r = compute([pos("equity", 1_000_000, id="L"), pos("equity", "-250000.10", id="S")],
                AS_OF, BIG)
    assert r.haircuts == D("150000.02")


def test_j_short_side_greater():
    # (J): the short side the greater: short 800,000, long 300,000:
    # 120,000 + 15 % × (300,000 − 200,000) = 135,000.
    r = compute([pos("equity", 300_000, id="L"), pos("equity", -800_000, id="S")], AS_OF, BIG)
    assert r.haircuts == D("135000.00")
    assert r.position("S").deduction == D("120000.00")


def test_one_j_pool_for_everything_deducted_as_j():
    # (G) at or above principal and (K)(i) (3 market makers) are deducted "as under (J)":
    # in one pool with equity. Long equity 1,000,000; short convertible at par 300,000;
    # short limited-market (3 makers) 100,000: short 400,000 → 172,500 as above.
    r = compute([pos("equity", 1_000_000, id="L"),
                 pos("convertible-debt", -300_000, months(60), id="C", principal=D(300_000)),
                 pos("limited-market", -100_000, id="K", market_makers=3)], AS_OF, BIG)
    assert r.haircuts == D("172500.00")
    assert r.position("C").paragraph == "(c)(2)(vi)(G) as (J)"


# -- (G), (K) -----------------------------------------------------------------------------

def test_g_convertible_against_principal():
    # (G): market value ≥ 100 % of principal: as (J) (15 %); below it: as (F) by maturity
    # (3–5 years: 6 %). 100,000 at par → 15,000; 99,999.99 → 6,000.00 (5,999.9994).
    assert one("convertible-debt", 100_000, months(40), principal=D(100_000)) == D("15000.00")
    assert one("convertible-debt", "99999.99", months(40),
               principal=D(100_000)) == D("5999.9994").quantize(D("0.01"))


def test_k_market_makers():
    # (K)(ii): 1 or 2 independent market makers: 40 % on long and on short positions;
    # (K)(i) 3 or more: (J).
    r = compute([pos("limited-market", 100_000, id="L", market_makers=2),
                 pos("limited-market", -50_000, id="S", market_makers=1)], AS_OF, BIG)
    assert r.haircuts == D("60000.00")
    assert one("limited-market", 100_000, market_makers=3) == D("15000.00")
    with pytest.raises(WorksheetError, match="no-ready-market"):
        one("limited-market", 100_000, market_makers=0)


# -- (c)(2)(vii) apart --------------------------------------------------------------------

def test_no_ready_market_is_not_line_18():
    # (c)(2)(vii): 100 % of carrying value, a line-13 deduction: reported, not in line 18.
    r = compute([pos("no-ready-market", 25_000, id="N"), pos("equity", 100_000, id="E")],
                AS_OF, BIG)
    assert r.haircuts == D("15000.00")
    assert r.no_ready_market == D("25000.00")
    assert r.position("N").deduction == D("25000.00") and not r.position("N").line18
    assert r.long_value == D("125000.00")  # 30a: all long positions at market value
    assert any("line 13" in n for n in r.as_json("JAN")["not_applied"])  # type: ignore[union-attr]
    with pytest.raises(WorksheetError, match="cannot be short"):
        one("no-ready-market", -1)


# -- (M) undue concentration --------------------------------------------------------------

def test_m_equity_above_10_percent_of_tentative_net_capital():
    # (M)(1): tentative net capital 1,000,000 → 10 % = 100,000. Equity of 150,000 (1,000
    # shares: 500 shares = 75,000, floor max(10,000, 75,000) = 75,000): excess 50,000;
    # additional 15 % = 7,500 on top of (J)'s 22,500: 30,000. Line 32a: 150,000.
    r = compute([pos("equity", 150_000, id="E", issuer="ACME", quantity=D(1000))], AS_OF,
                D(1_000_000))
    assert r.haircuts == D("30000.00")
    assert r.position("E").concentration == D("7500.00")
    assert r.concentrated == D("150000.00")
    # One cent under the threshold: no (M).
    r = compute([pos("equity", 100_000, id="E", issuer="ACME")], AS_OF, D(1_000_000))
    assert r.concentrations == () and r.concentrated == 0
    r = compute([pos("equity", "100000.01", id="E", issuer="ACME")], AS_OF, D(1_000_000))
    assert r.concentrated == D("100000.01")


def test_m_floors():
    # (M)(3): equity only above the greater of $10,000 or 500 shares' value; debt above
    # $25,000. Tentative net capital 50,000 → 10 % = 5,000.
    tnc = D(50_000)
    # 10,000 of equity: not above the floor of 10,000.
    assert compute([pos("equity", 10_000, issuer="A")], AS_OF, tnc).concentrations == ()
    # 10,000.01 (20 shares: 500 shares would be 250,000.25 — floor 250,000.25): none.
    assert compute([pos("equity", "10000.01", issuer="A", quantity=D(20))], AS_OF,
                   tnc).concentrations == ()
    # 10,000.01 with no quantity: floor 10,000, excess 5,000.01 × 15 % = 750.0015.
    r = compute([pos("equity", "10000.01", issuer="A")], AS_OF, tnc)
    assert r.concentrations[0].charge == D("750.0015")
    # Debt: 25,000 is not above the $25,000 floor; 25,000.01 is: (F)(1) under a year is
    # 2 %, so (M) is 50 % × 2 % = 1 % of 20,000.01 = 200.0001.
    assert compute([pos("nonconvertible-debt", 25_000, months(6), issuer="B")], AS_OF,
                   tnc).concentrations == ()
    r = compute([pos("nonconvertible-debt", "25000.01", months(6), issuer="B")], AS_OF, tnc)
    assert r.concentrations[0].charge == D("200.0001")


def test_m_is_per_issuer_and_excludes_exempted_and_funds():
    # (M)(1) is per class of one issuer; exempted securities (U.S. government, municipal)
    # and redeemable fund shares are outside it.
    tnc = D(1_000_000)
    r = compute([pos("equity", 60_000, id="a", issuer="X"), pos("equity", 60_000, id="b",
                                                                issuer="X"),
                 pos("equity", 60_000, id="c", issuer="Y")], AS_OF, tnc)
    assert [(m.issuer, m.excess) for m in r.concentrations] == [("X", D("20000.00"))]
    r = compute([pos("us-government", 5_000_000, months(1)),
                 pos("municipal", 5_000_000, months(1), id="m"),
                 pos("money-market-fund", 5_000_000, id="f")], AS_OF, tnc)
    assert r.concentrations == ()


def test_m_for_other_than_j_is_half_the_rate():
    # (M)(1): 50 % of the deduction otherwise applicable: preferred (H) 10 % → 5 % of the
    # excess. Tentative net capital 1,000,000; 300,000 preferred: 30,000 + 5 % × 200,000.
    r = compute([pos("preferred", 300_000, issuer="P")], AS_OF, D(1_000_000))
    assert r.haircuts == D("40000.00")


# -- bad positions, rounding, the declarations ------------------------------------------------

def test_bad_positions_are_refused():
    with pytest.raises(WorksheetError, match="'stock' is not a category"):
        one("stock", 1)
    with pytest.raises(WorksheetError, match="maturity"):
        one("us-government", 1)
    with pytest.raises(WorksheetError, match="principal"):
        one("convertible-debt", 1, months(3))
    with pytest.raises(WorksheetError, match="market makers"):
        one("limited-market", 1)
    with pytest.raises(WorksheetError, match="twice"):
        compute([pos("equity", 1), pos("equity", 2)], AS_OF, BIG)


def test_positions_foot_to_categories_and_line_18():
    # Three equal longs of 0.01 … shares of a deduction with remainders: every position
    # to the cent, and they add up to the category and to line 18.
    ps = [pos("equity", "33.33", id=str(i)) for i in range(3)]
    ps += [pos("nonconvertible-debt", "10.01", months(i + 1), id=f"d{i}") for i in range(7)]
    r = compute(ps, AS_OF, BIG)
    assert sum(c.deduction for c in r.categories) == r.haircuts
    for c in r.categories:
        assert sum(p.deduction for p in r.positions
                   if p.position.category == c.category.name) == c.deduction
    assert apportion([D("0.005"), D("0.005")], D("0.01")) == [D("0.01"), D("0.00")]


def test_schedule_declares_every_category_of_the_issue():
    assert set(CATEGORIES) == {
        "us-government", "municipal", "municipal-short", "canadian", "money-market-fund",
        "investment-company", "investment-company-debt", "commercial-paper",
        "nonconvertible-debt", "convertible-debt", "preferred", "equity", "limited-market",
        "no-ready-market"}
    assert all(c.paragraph.startswith("(c)(2)(v") for c in SCHEDULE)
    # The hedging elections are listed as not applied.
    assert any("(A)(2)" in n for n in NOT_APPLIED) and any("(F)(2)" in n for n in NOT_APPLIED)


def test_m_on_the_short_side():
    # (M)(1) "long or short": a short of 300,000 of one issuer against tentative net
    # capital 1,000,000: (J) 45,000 plus 15 % × (300,000 − 100,000) = 75,000.
    r = compute([pos("equity", -300_000, id="S", issuer="Z")], AS_OF, D(1_000_000))
    assert r.haircuts == D("75000.00")
    assert r.concentrated == D("300000.00")


def test_matured_positions_are_warned_and_take_the_first_band():
    # A maturity before the month's end: time to maturity below the first band's bound.
    r = compute([pos("nonconvertible-debt", 100_000, AS_OF - timedelta(days=1))], AS_OF, BIG)
    assert r.haircuts == D("2000.00")  # (F)(1), less than 1 year: 2 %
    assert any("matured" in w for w in r.warnings)
