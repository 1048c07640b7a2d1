"""Read a trial-balance spreadsheet: `.xlsx`, `.xlsm`, `.xls` (BIFF), `.ods` or `.csv`,
through the one spreadsheet opener (`focusdesk.formats.spreadsheets.book`): the file's
content decides how it is read, containers are checked before python-calamine (in a
child process) sees them, every failure is a `TBError` of one sentence.

Cells come back as python-calamine gives them (str, float, int, bool, date…, '' for
empty), row 1 of the spreadsheet at index 0.
"""

from __future__ import annotations

import os

from ..formats.spreadsheets.book import (
    MAX_FILE_BYTES,
    MAX_ROWS,
    SPREADSHEET_SUFFIXES,
    TEXT_SUFFIXES,
    Cancelled,
    Progress,
    Sheet,
    Spreadsheet,
    cfb_stream_names,
    open_book,
)
from . import TBError

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "SPREADSHEET_SUFFIXES", "TEXT_SUFFIXES", "Cancelled",
           "Progress", "Sheet", "Spreadsheet", "cfb_stream_names", "open_spreadsheet"]


def open_spreadsheet(path: str | os.PathLike[str], *,
                     progress: Progress | None = None) -> Spreadsheet:
    """Open `path` for reading sheets; `TBError` (one sentence) when it cannot be."""
    return open_book(path, TBError, what="trial balances", noun="trial balance",
                     progress=progress)
