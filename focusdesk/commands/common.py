"""What every command shares: its one-line failure, exit codes, reading the files it is
given, and the argument types of months and years."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..base.money import ascii_digits
from ..document.files import read_input
from ..form.catalog import MONTHS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def read_bytes(name: str) -> bytes:
    """The bytes of a file given on the command line ('-': standard input)."""
    if name == "-":
        return sys.stdin.buffer.read()
    return read_input(name, CliError)


def decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{name} is not a UTF-8 text file") from None


def read_text(name: str) -> str:
    return decode(read_bytes(name), name)


def existing_workbook(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise CliError(f"{name} does not exist")
    return path


def month_arg(text: str) -> str:
    """A month as the command line takes it: JAN, jan, January."""
    m = text.strip().upper()[:3]
    if m not in MONTHS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month")
    return m


def year_arg(text: str) -> int:
    if not ascii_digits(text) or len(text) != 4 or not 1990 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year")
    return int(text)


def date_arg(text: str) -> date:
    """A date as the command line takes it: YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
