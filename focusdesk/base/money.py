"""Money as `Decimal`: the one place amounts are parsed, rounded and formatted.

"Never use floating point in an accounting system" — every amount in FocusDesk is a
`decimal.Decimal` built through `parse_amount` or `to_decimal`; rounding happens only
at the edges (display, print, export, the $000 view) through `round_half_away`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .safetext import quoted

ZERO = Decimal(0)
CENT = Decimal("0.01")
ONE = Decimal(1)
THOUSAND = Decimal(1000)
# Far beyond any broker-dealer's figures; keeps every sum exact in the engine, the
# output and a spreadsheet's 15 significant digits.
LARGEST_AMOUNT = Decimal(10) ** 15
TOO_LARGE = "too large to be an amount (at most 999,999,999,999,999.99)"


def cents_to_dollars(cents: int) -> Decimal:
    """Whole cents as a Decimal of dollars: 123456 → 1234.56, 1200 → 12."""
    return CENT * cents if cents % 100 else Decimal(cents // 100)


class AmountError(ValueError):
    """Text that is not an amount. The message says why, in one sentence."""


# Accepted spellings, as a controller types them or a spreadsheet exports them:
# 1234  1,234  1,234.56  -1,234  (1,234.56)  $1,234  -$1,234  +12  .5
# Only ASCII digits are amounts: `\d` also matches "١٢٣" and "１２３", which Decimal()
# would then read as 123.
_AMOUNT = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign>[-+])?\s*\$?\s*(?P<sign2>[-+])?\s*
        (?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<frac>[0-9]+))?\s*(?P<close>\))?$""",
    re.VERBOSE,
)


def ascii_digits(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits: ``str.isdigit`` and ``int()``
    also take Arabic-Indic (``١٢٣``) and full-width (``１２３``) digits, and more."""
    return text.isascii() and text.isdigit()


def parse_amount(text: object, *, max_places: int = 2) -> Decimal | None:
    """Parse an amount as people write it; `None` for a blank.

    Accepts ints, Decimals and strings such as ``1,234``, ``(1,234)``, ``-1234``,
    ``1234.56``, ``$1,234``. Refuses floats (they are not exact), NaN, infinities,
    exponents, and more decimal places than `max_places` (dollars and cents).
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise AmountError(f"{text!r} is not an amount")
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, float):
        # A float has already lost exactness; callers must parse JSON with Decimal.
        raise AmountError(f"{text!r} is a binary float, not an exact amount")
    elif isinstance(text, str):
        s = text.strip().replace("\u2212", "-")  # typographic minus
        if not s:
            return None
        m = _AMOUNT.match(s)
        if not m or (m.group("int") is None and m.group("frac") is None):
            raise AmountError(f"{quoted(s)} is not an amount")
        if bool(m.group("open")) != bool(m.group("close")):
            raise AmountError(f"{quoted(s)} has an unmatched parenthesis")
        signs = [g for g in (m.group("sign"), m.group("sign2")) if g]
        if len(signs) > 1 or (m.group("open") and signs):
            raise AmountError(f"{quoted(s)} has more than one sign")
        digits = (m.group("int") or "0").replace(",", "").lstrip("0") or "0"
        frac = m.group("frac") or ""
        if len(digits) > 15:
            raise AmountError(f"{quoted(s)} is {TOO_LARGE}")
        if len(frac) > 40:  # a digit string of millions of zeros is no amount to keep
            frac = frac.rstrip("0")
            if len(frac) > 40:
                raise AmountError(f"{quoted(s)} has more decimal places than allowed")
        value = Decimal(f"{digits}.{frac}" if frac else digits)
        if m.group("open") or signs == ["-"]:
            value = -value
    else:
        raise AmountError(f"{quoted(text)} is not an amount")
    if not value.is_finite():
        raise AmountError(f"{text!r} is not a finite amount")
    # By its exponent, not abs(value) >= LARGEST_AMOUNT: arithmetic on 1E+999999999 (a
    # JSON number) overflows the decimal context before any comparison is made.
    if value and value.adjusted() >= 15:
        raise AmountError(f"{quoted(value)} is {TOO_LARGE}")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > max_places and value != value.quantize(ONE.scaleb(-max_places)):
        places = "whole numbers" if max_places == 0 else f"at most {max_places} decimal places"
        raise AmountError(f"{quoted(text)} has more decimal places than allowed ({places})")
    return value + ZERO if value == 0 else value  # no negative zero


def round_half_away(value: Decimal, quantum: Decimal = ONE) -> Decimal:
    """Round half away from zero (0.5 → 1, −0.5 → −1), as the form's $000 view wants.

    `ROUND_HALF_UP` in the decimal module rounds half *away from zero*.
    """
    result = value.quantize(quantum, rounding=ROUND_HALF_UP)
    return result + ZERO if result == 0 else result


def cents(value: Decimal) -> str:
    """An amount as the worksheets' JSON carries it: a string to the cent ("1234.50")."""
    return f"{round_half_away(value, CENT):f}"


def pct(text: str) -> Decimal:
    """A percentage as a rule writes it: pct("0.75") is 0.0075."""
    return Decimal(text) / 100


def to_thousands(value: Decimal) -> Decimal:
    """Whole thousands, half away from zero: the form's "$000 omitted"."""
    return round_half_away(value / THOUSAND)


def keep_sign(rounded: Decimal, true: Decimal) -> Decimal:
    """`rounded` with the sign of `true` where it rounds to zero: a negative amount under
    half a unit becomes ``Decimal("-0")`` (equal to zero, but signed), so the $000 view
    still prints a deficiency of $400 as "(0)" rather than as nothing at all."""
    if rounded == 0:
        return ZERO.copy_negate() if true.is_signed() else ZERO  # (-ZERO would be +0)
    return rounded


def plain(value: Decimal) -> str:
    """A decimal string without exponent or needless trailing zeros: ``1234.5``, ``100``."""
    if value == value.to_integral_value():
        return str(value.quantize(ONE))
    text = format(value.normalize(), "f")
    return text


def usd(value: Decimal | Fraction) -> str:
    """An amount in a sentence, to the cent: ``$6,666.67``, ``-$1,234.50``. Exact values
    (a `Fraction` such as 1/15 of an amount) are rounded half away from zero."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    q = round_half_away(value, CENT)
    return f"{'-' if q < 0 else ''}${abs(q):,.2f}"


def format_amount(value: Decimal | None, *, places: int = 0, na: str = "N/A") -> str:
    """Display form: thousands separators, parentheses for negatives, ``N/A`` for None.

    A negative amount keeps its parentheses even where it rounds to zero ("(0)"): a
    deficiency of $400 in the $000 view (``Decimal("-0")``) is still a deficiency."""
    if value is None:
        return na
    q = round_half_away(value, ONE.scaleb(-places))
    body = f"{abs(q):,.{places}f}"
    return f"({body})" if value.is_signed() else body


# Spreadsheet numbers (python-calamine gives binary floats): trial balances, positions.
_CENTS_LIMIT = int(LARGEST_AMOUNT * 100)
_LARGEST_FLOAT = float(LARGEST_AMOUNT)


def float_amount(value: float) -> Decimal:
    """A spreadsheet number as the spreadsheet shows it: 15 significant digits, which
    removes binary noise such as 0.30000000000000004."""
    if value != value or value in (float("inf"), float("-inf")):
        raise AmountError(f"{value!r} is not a finite amount")
    if not -_LARGEST_FLOAT < value < _LARGEST_FLOAT:  # 1e308 * 100 is infinite: no cents
        raise AmountError(f"{value:.15g} is {TOO_LARGE}")
    # Fast path (the common case): whole cents, i.e. the float nearest to cents / 100.
    cents = round(value * 100)
    if cents / 100 == value and -_CENTS_LIMIT < cents < _CENTS_LIMIT:
        return cents_to_dollars(cents)
    result = parse_amount(Decimal(format(value, ".15g")))
    assert result is not None
    return result
