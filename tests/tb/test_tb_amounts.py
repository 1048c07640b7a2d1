"""Trial-balance amounts (`tb.amounts`): every spelling a ledger exports, and what is
not an amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from focusdesk.base.money import AmountError
from focusdesk.tb.amounts import parse_tb_amount

# -- amounts --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1,234.56", "1234.56"), ("(1,234.56)", "-1234.56"), ("-1,234.56", "-1234.56"),
    ("1,234.56 CR", "-1234.56"), ("1,234.56 DR", "1234.56"), ("1,234.56CR", "-1234.56"),
    ("1,234.56 cr", "-1234.56"), ("1,234.56 Dr.", "1234.56"), ("$1,234", "1234"),
    ("-$1,234.50", "-1234.5"), ("1234.56", "1234.56"), ("  42 ", "42"), ("1,234.56-", "-1234.56"),
    ("-", "0"), ("0.00 CR", "0"), (1234.56, "1234.56"), (1010, "1010"),
    (0.1 + 0.2, "0.3"), (-5000.25, "-5000.25"), (Decimal("7.5"), "7.5"),
])
def test_amount_spellings(text, expected):
    assert parse_tb_amount(text) == Decimal(expected)


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_blank_amounts_are_none(blank):
    assert parse_tb_amount(blank) is None


@pytest.mark.parametrize("bad", ["abc", "12..3", "(5) CR", "-5 DR", "1.005", "1 2 3", "CR",
                                 "1.234,56", True, 1e16, float("nan")])
def test_what_is_not_an_amount(bad):
    with pytest.raises(AmountError):
        parse_tb_amount(bad)


def test_a_date_is_not_an_amount():
    import datetime

    with pytest.raises(AmountError, match="date"):
        parse_tb_amount(datetime.date(2025, 1, 31))


