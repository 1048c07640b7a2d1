"""Amounts as trial balances spell them, composed on `focusdesk.base.money.parse_amount`.

On top of what `parse_amount` reads (``1,234.56``, ``(1,234.56)``, ``-1,234.56``,
``$1,234``) a trial-balance cell may carry a ``CR`` / ``DR`` side (``1,234.56 CR`` is a
credit: negative in the debit-positive trial balance), a trailing minus (``1,234.56-``,
as some ledgers export), a lone ``-`` (the accounting format's zero), or be a number the
spreadsheet stores as a binary float. Blank is None. Anything else is an `AmountError`.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

from ..base.money import (  # noqa: F401 — cents_to_dollars, _LARGEST_FLOAT: tb's names
    _LARGEST_FLOAT,
    ZERO,
    AmountError,
    cents_to_dollars,
    float_amount,
    parse_amount,
)

_SIDE = re.compile(r"^(?P<body>.*?)\s*(?P<side>CR|DR|Cr|Dr|cr|dr)\.?$")
_DASHES = {"-", "\u2013", "\u2014", "\u2212"}


def parse_tb_amount(value: object) -> Decimal | None:
    """A trial-balance cell as a debit-positive Decimal; None when blank."""
    if value is None:
        return None
    if isinstance(value, float):
        return float_amount(value)
    if isinstance(value, _dt.date | _dt.time | _dt.timedelta):
        raise AmountError(f"{value} is a date or time, not an amount")
    if not isinstance(value, str):
        return parse_amount(value)
    text = value.strip().replace("\u00a0", " ")
    if not text:
        return None
    if text in _DASHES:
        return ZERO
    m = _SIDE.match(text)
    if m and m.group("body"):
        body = m.group("body").strip()
        if body.startswith(("-", "+", "(", "\u2212")) or body.endswith((")", "-")):
            raise AmountError(f"{text!r} has both a sign and {m.group('side').upper()}")
        amount = parse_amount(body)
        if amount is None:
            raise AmountError(f"{text!r} is not an amount")
        return -amount if m.group("side").upper() == "CR" and amount else amount
    if text.endswith("-") and len(text) > 1 and text[-2] != "-":
        body = text[:-1].strip()
        if body.startswith(("-", "+", "(")):
            raise AmountError(f"{text!r} has more than one sign")
        amount = parse_amount(body)
        if amount is None:
            raise AmountError(f"{text!r} is not an amount")
        return -amount if amount else amount
    return parse_amount(text)
