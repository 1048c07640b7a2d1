"""money.py: parsing, rounding half away from zero, the $000 view, formatting."""

from __future__ import annotations

from decimal import Decimal

import pytest

from focusdesk.base.money import (
    CENT,
    ONE,
    AmountError,
    format_amount,
    keep_sign,
    parse_amount,
    plain,
    round_half_away,
    to_thousands,
)

D = Decimal


# -- parse_amount ---------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", "1234"),
        ("1,234", "1234"),
        ("1,234,567.89", "1234567.89"),
        ("-1,234", "-1234"),
        ("(1,234.56)", "-1234.56"),
        ("( 1,234.56 )", "-1234.56"),
        ("$1,234", "1234"),
        ("-$1,234", "-1234"),
        ("$-1,234", "-1234"),
        ("+12", "12"),
        (".5", "0.5"),
        ("0.05", "0.05"),
        ("  42  ", "42"),
        ("\u22127", "-7"),  # typographic minus
        ("1.230", "1.23"),  # a trailing zero beyond two places is not a third place
        ("000123", "123"),
    ],
)
def test_parse_amount_accepts_what_people_write(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == D(expected)


@pytest.mark.parametrize("blank", [None, "", "   ", "\t"])
def test_parse_amount_blank_is_none(blank):
    assert parse_amount(blank) is None


def test_parse_amount_int_and_decimal_pass_through_exactly():
    assert parse_amount(7) == D(7)
    assert isinstance(parse_amount(7), Decimal)
    assert parse_amount(D("12.34")) == D("12.34")
    big = 10**30 + 1
    assert parse_amount(big) == D(big)


@pytest.mark.parametrize(
    "bad",
    [
        0.1,  # a float is never exact
        1.0,
        True,
        False,
        "abc",
        "1e5",
        "1E5",
        "NaN",
        "Infinity",
        "1,23",  # misplaced thousands separator
        "1234,567",
        "12,34,567",
        "1.2.3",
        "()",
        "$",
        ".",
        "(5",
        "5)",
        "(-5)",  # two signs
        "--5",
        "+-5",
        "1.234",  # a third decimal place
        "0.001",
        D("NaN"),
        D("Infinity"),
        D("-Infinity"),
        D("1.001"),
        [1],
        object(),
    ],
)
def test_parse_amount_refuses(bad):
    with pytest.raises(AmountError):
        parse_amount(bad)


def test_amount_error_is_a_value_error():
    assert issubclass(AmountError, ValueError)


def test_parse_amount_max_places():
    assert parse_amount("1.2345", max_places=4) == D("1.2345")
    with pytest.raises(AmountError):
        parse_amount("1.23456", max_places=4)
    with pytest.raises(AmountError, match="whole numbers"):
        parse_amount("1.5", max_places=0)
    assert parse_amount("15", max_places=0) == D(15)


@pytest.mark.parametrize("zero", ["-0", "-0.00", "(0)", "$-0", D("-0")])
def test_parse_amount_no_negative_zero(zero):
    value = parse_amount(zero)
    assert value == 0
    assert not value.is_signed()


# -- round_half_away / to_thousands ------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.5", "1"),
        ("-0.5", "-1"),
        ("1.5", "2"),
        ("2.5", "3"),  # not banker's rounding (which gives 2)
        ("-2.5", "-3"),
        ("0.49", "0"),
        ("-0.49", "0"),
        ("0.4999999999", "0"),
        ("12345.5", "12346"),
        ("7", "7"),
    ],
)
def test_round_half_away_to_units(value, expected):
    assert round_half_away(D(value)) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("-0.005", "-0.01"), ("0.015", "0.02"), ("0.025", "0.03"),
     ("1.004", "1.00"), ("-1.004", "-1.00")],
)
def test_round_half_away_to_cents(value, expected):
    result = round_half_away(D(value), CENT)
    assert result == D(expected)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize("value", ["-0.4", "-0.0001", "-0"])
def test_round_half_away_never_returns_negative_zero(value):
    result = round_half_away(D(value))
    assert result == 0
    assert not result.is_signed()
    assert str(result) == "0"


@pytest.mark.parametrize(
    ("dollars", "thousands"),
    [
        ("500", "1"),
        ("-500", "-1"),
        ("499", "0"),
        ("-499", "0"),
        ("499.99", "0"),
        ("500.00", "1"),
        ("1499.99", "1"),
        ("1500", "2"),
        ("2500", "3"),
        ("-2500", "-3"),
        ("11850000", "11850"),
        ("4218650.37", "4219"),
        ("0", "0"),
    ],
)
def test_to_thousands_half_away_from_zero(dollars, thousands):
    result = to_thousands(D(dollars))
    assert result == D(thousands)
    assert not result.is_signed() or result < 0


# -- plain / format_amount ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1234.50", "1234.5"),
        ("100", "100"),
        ("100.00", "100"),
        ("1E+3", "1000"),
        ("-0.50", "-0.5"),
        ("0.000001", "0.000001"),
        ("-1234567.89", "-1234567.89"),
    ],
)
def test_plain(value, text):
    assert plain(D(value)) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        ("1234567", 0, "1,234,567"),
        ("-1234.5", 0, "(1,235)"),  # half away from zero, negatives in parentheses
        ("1234.5", 0, "1,235"),
        # A negative amount keeps its parentheses where it rounds to zero: a deficiency
        # of $400 in $000 (issue 14: the view never hides a deficiency).
        ("-0.4", 0, "(0)"),
        ("-0", 0, "(0)"),
        ("0", 0, "0"),
        ("0.4", 0, "0"),
        ("-0.004", 2, "(0.00)"),
        ("1234.5", 2, "1,234.50"),
        ("-0.005", 2, "(0.01)"),
        ("999.999", 2, "1,000.00"),
    ],
)
def test_format_amount(value, places, text):
    assert format_amount(D(value), places=places) == text


@pytest.mark.parametrize(("rounded", "true", "text"), [
    ("0", "-0.4", "-0"), ("0", "-0", "-0"), ("0", "0.4", "0"), ("0", "0", "0"),
    ("-1", "-0.5", "-1"), ("2", "1.5", "2"),
])
def test_keep_sign(rounded, true, text):
    result = keep_sign(D(rounded), D(true))
    assert str(result) == text and result == D(rounded)


def test_format_amount_none_is_na():
    assert format_amount(None) == "N/A"
    assert format_amount(None, na="—") == "—"


def test_constants():
    assert D("0.01") == CENT
    assert D(1) == ONE
