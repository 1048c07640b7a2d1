"""The longest text each field of a workbook holds (`TEXT_LIMITS`), declared once."""

from __future__ import annotations

from typing import NamedTuple


class TextLimit(NamedTuple):
    what: str  # as a sentence names the field
    chars: int  # the most characters it holds


# The longest text each field holds, declared once: the settings' JSON and xlsx import,
# `focusdesk new`, the window's fields (their maximum length) and the workbook's setters
# read it. The firm fields are what the heading box of each schedule of Form X-17A-5
# Part I prints ("Name of Broker-Dealer", "Firm ID No.", "SEC File No.", "Name and
# Telephone No. of Person Completing This Report"); the rest are bounds no real trial
# balance, mapping or file name comes near, which keep a hostile file from filling the
# workbook (a 50 MB firm name once made printing take 84 s and 1.2 GB).
TEXT_LIMITS: dict[str, TextLimit] = {
    "firm.name": TextLimit("the firm name", 150),
    "firm.id_no": TextLimit("the firm ID no.", 20),
    "firm.sec_file_no": TextLimit("the SEC file no.", 20),
    "firm.preparer": TextLimit("the preparer's name", 100),
    "firm.phone": TextLimit("the telephone no.", 40),
    "firm.address": TextLimit("the address", 200),
    # The month close (focusdesk.close.month_close): approval, filing, amendment.
    "close.reviewer": TextLimit("the reviewer's name", 100),
    "close.note": TextLimit("the note", 2000),
    "close.reference": TextLimit("the reference", 100),
    "close.override": TextLimit("the override's reason", 1000),
    "close.reason": TextLimit("the amendment's reason", 1000),
    "account": TextLimit("an account number", 100),
    "description": TextLimit("an account description", 500),
    "mapping": TextLimit("a mapping rule's account", 210),  # a range: two accounts
    "file_name": TextLimit("a file name", 255),
    "sheet": TextLimit("a sheet name", 255),
}


def text_limit_error(key: str, text: str) -> str | None:
    """Why `text` does not fit the field `key` of `TEXT_LIMITS` (None when it does)."""
    limit = TEXT_LIMITS[key]
    if len(text) <= limit.chars:
        return None
    return (f"{limit.what} is {len(text):,} characters long; at most {limit.chars:,} "
            "are allowed")
