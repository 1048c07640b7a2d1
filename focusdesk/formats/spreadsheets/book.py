"""Open a spreadsheet from outside: `.xlsx`, `.xlsm`, `.xls` (BIFF), `.ods` or `.csv` —
the one reader of trial balances (`focusdesk.tb.reader`), positions and Exhibit A items
(`focusdesk.worksheets`). Every failure is the caller's `error` class, one sentence.

The file's content decides how it is read, not its name: a zip with ``xl/workbook.xml``
is Excel, one whose ``mimetype`` says so is OpenDocument, an OLE compound file with a
``Workbook`` stream is a legacy `.xls`, text named `.csv`/`.txt`/`.tsv` is CSV.

Workbooks go through `focusdesk.formats.spreadsheets.reader`: the zip or compound file is checked
before python-calamine sees the bytes (zip bombs, lying headers, damaged structure,
password protection, a declared range beyond the cell budget), and calamine runs in a
child process with a memory limit, so a panic or an abort is one sentence, never the end
of the window or of the command. A file larger than `MAX_FILE_BYTES`, or a sheet with
more rows than Excel allows, is refused.

Cells come back as python-calamine gives them (str, float, int, bool, date…, '' for
empty), row 1 of the spreadsheet at index 0.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...document.files import read_input
from .container import (
    MAX_ROWS,
    Cancelled,
    Progress,
    cfb_stream_names,
    is_container,
)
from .reader import read_spreadsheet

MAX_FILE_BYTES = 256 * 1024 * 1024
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_OTHER_MAGICS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"SQLite format 3": "a database (a FocusDesk workbook?)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"{\\rtf": "an RTF document",
}

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "SPREADSHEET_SUFFIXES", "TEXT_SUFFIXES", "Cancelled",
           "Progress",
           "Sheet", "Spreadsheet", "cfb_stream_names", "open_book"]


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is spreadsheet row 1, rows[r][0] column A

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Spreadsheet:
    """An opened spreadsheet and its sheets, all read; `error` is the class its failures
    are raised as (the caller's: `TBError`, `WorksheetError`)."""

    path: Path
    sha256: str
    kind: str  # "xlsx", "ods", "xls", "csv"
    sheet_names: list[str]
    _sheets: dict[str, Sheet] = field(default_factory=dict)
    error: type[Exception] = ValueError

    @property
    def name(self) -> str:
        return self.path.name

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            raise self.error(f"{self.name} has no sheet {name!r} "
                             f"(it has {', '.join(map(repr, self.sheet_names))})")
        return self._sheets[name]

    def sheets(self) -> list[Sheet]:
        return [self.sheet(n) for n in self.sheet_names]


def open_book(path: str | os.PathLike[str], error: type[Exception], *,
              what: str = "spreadsheets", noun: str = "spreadsheet",
              progress: Progress | None = None) -> Spreadsheet:
    """Open `path` for reading sheets; `error` (one sentence) when it cannot be. `what`
    (plural) and `noun` name what the file is read as in those sentences ("trial
    balances", "CSV trial balance")."""
    path = Path(path)
    data = read_input(path, error, limit=MAX_FILE_BYTES, what=what)
    sha = hashlib.sha256(data).hexdigest()
    name = path.name
    if not data:
        raise error(f"{name} is empty")
    if is_container(data):
        cells = read_spreadsheet(name, data, error, progress=progress)
        if not cells.names:
            raise error(f"{name} has no sheets")
        book = Spreadsheet(path, sha, cells.kind, cells.names, error=error)
        for sheet_name in cells.names:
            book._sheets[sheet_name] = Sheet(sheet_name, cells.sheets.get(sheet_name, []))
        return book
    for magic, other in _OTHER_MAGICS.items():
        if data.startswith(magic):
            raise error(f"{name} is not a spreadsheet: it is {other}")
    if path.suffix.lower() in TEXT_SUFFIXES:
        return _open_csv(path, data, sha, error, noun)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise error(f"{name} is not an Excel or OpenDocument workbook (its content is "
                      "neither); if it is a text export, name it .csv")
    raise error(f"{name} is not a spreadsheet FocusDesk reads "
                  "(.xlsx, .xlsm, .xls, .ods or .csv)")


# -- CSV --------------------------------------------------------------------------------

def _decode(data: bytes, name: str, error: type[Exception]) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:  # an odd length, half a surrogate pair
            raise error(f"{name} starts with a UTF-16 byte-order mark but is not UTF-16 "
                          f"text (at byte {exc.start:,}: {exc.reason}); save it again as "
                          "CSV (UTF-8)") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _delimiter(text: str, path: Path) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
    lines = [line for line in text[:65536].splitlines()[:60] if line.strip()]
    best, best_key = ("\t" if path.suffix.lower() == ".tsv" else ","), (0.0, 0)
    for d in (",", ";", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        key = (widths.count(common) / len(widths), common)
        if key > best_key:
            best, best_key = d, key
    return best


def _open_csv(path: Path, data: bytes, sha: str, error: type[Exception],
              noun: str) -> Spreadsheet:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE,
                                                        codecs.BOM_UTF16_BE)):
        raise error(f"{path.name} is not a text file, so not a CSV {noun}")
    text = _decode(data, path.name, error)
    try:
        rows: list[list[object]] = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, path)))
    except csv.Error as exc:
        raise error(f"{path.name} is not a readable CSV file ({exc})") from None
    if len(rows) > MAX_ROWS:
        raise error(f"{path.name}: {len(rows):,} rows is more than FocusDesk reads "
                      f"({MAX_ROWS:,})")
    sheet = Sheet(path.stem, rows)
    book = Spreadsheet(path, sha, "csv", [sheet.name], error=error)
    book._sheets[sheet.name] = sheet
    return book
