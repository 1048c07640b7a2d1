"""Text from outside FocusDesk — file names, accounts, descriptions, firm fields — kept
harmless wherever FocusDesk sends it (Qt-free, and light: no spreadsheet library loads).

* **A terminal** (`shown`, `say`): control characters (line breaks, tabs, the ESC of an
  ANSI sequence, C1 controls), bidirectional overrides and lone surrogates are printed
  escaped (``\\n``, ``\\x1b``, ``\\u202e``), so a file name or an account cannot forge a
  line of FocusDesk's output, recolour the terminal or reorder what is shown.
* **A spreadsheet** (`put_text`): a string cell, never a formula, whatever it starts
  with, and the quote prefix that keeps it text when someone edits it in Excel.
* **A CSV** (`csv_cell`, `write_csv`): a CSV cell has no type, so text a spreadsheet
  would take for a formula — ``=``, ``+``, ``-``, ``@``, tab or carriage return first
  (OWASP, "CSV Injection") — is written with a leading apostrophe, and `csv_uncell`
  takes it off again when FocusDesk reads the file back. Text that already starts with
  an apostrophe which `csv_uncell` would take off gets one more, so every text comes
  back exactly as it was written: ``'=1`` is written ``''=1``; ``'quoted`` stays as it is.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from .atomicfile import write_atomically

# -- a terminal ---------------------------------------------------------------------------

# C0 and C1 controls and DEL; the line and paragraph separators; the bidirectional
# embeddings, overrides and isolates (and the Arabic letter mark) that reorder what a
# terminal shows; lone surrogates, which cannot even be encoded for output.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def shown(text: object) -> str:
    """`text` as one printable line: ``"a\\nb"`` → ``a\\nb`` (a backslash and an n)."""
    s = str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s


def quoted(text: object) -> str:
    """Outside text for a message: quoted (its repr, so escaped), and cut short when it
    is long — a message is one readable line, whatever the file held."""
    s = text if isinstance(text, str) else str(text)
    return repr(s if len(s) <= 40 else f"{s[:30]}… ({len(s):,} characters)")


def say(*lines: object, file: IO[str] | None = None) -> None:
    """Print each of `lines` as one line of the terminal, its outside text escaped.

    Every command-line message that echoes outside text goes through here (errors
    through `shown`): a line is one element, so a line break inside an account or a
    file name is shown as ``\\n``, never taken for the next line of the output."""
    print("\n".join(map(shown, lines)), file=file or sys.stdout)


# -- a CSV --------------------------------------------------------------------------------

FORMULA_LEADING = ("=", "+", "-", "@", "\t", "\r")


def _formula_leading(text: str) -> bool:
    # A lone "+" or "-" is no formula in any spreadsheet (a mapping's sign column).
    return text.startswith(FORMULA_LEADING) and text not in ("+", "-")


def csv_uncell(text: str) -> str:
    """A CSV cell as FocusDesk wrote it → the text: the apostrophe `csv_cell` added
    taken off. Text that FocusDesk did not escape comes back as it is."""
    if text[:1] == "'" and (_formula_leading(text[1:]) or text[1:2] == "'"):
        return text[1:]
    return text


def csv_cell(text: str) -> str:
    """Text as a CSV cell no spreadsheet runs: ``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``."""
    if _formula_leading(text) or (text[:1] == "'" and csv_uncell(text) != text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """Rows as CSV text (CRLF line ends), every text cell through `csv_cell` — the one
    CSV writer of FocusDesk (mapping export, the audit log, a comparison). Amounts are
    written as numbers, not text."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(
        [csv_cell(v) if isinstance(v, str) else v for v in row] for row in rows)
    return buf.getvalue()


def write_csv(path: str | Path, rows: Iterable[Sequence[Any]]) -> None:
    """A CSV every spreadsheet opens as text (UTF-8 with a byte-order mark, which Excel
    needs to read UTF-8; CRLF line ends): every text cell through `csv_cell`."""
    write_atomically(path, csv_text(rows).encode("utf-8-sig"))


# -- a spreadsheet ------------------------------------------------------------------------

# The characters an .xlsx cannot store (openpyxl's ILLEGAL_CHARACTERS_RE, which its cells
# refuse): C0 controls other than tab, line feed and carriage return.
_ILLEGAL_IN_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def cell_text(value: object) -> str:
    """A spreadsheet cell's value as text: a whole float as the integer it shows
    ("1010", not "1010.0"), other floats to the 15 digits a cell keeps, blank as ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".15g")
    return str(value).strip()


def clean_text(text: str) -> str:
    """Text a spreadsheet can hold: control characters (other than tab, line feed and
    carriage return) are dropped — an .xlsx cannot store them."""
    return _ILLEGAL_IN_XLSX.sub("", text)


def put_text(ws: Any, row: int, col: int, text: str, **style: object) -> Any:
    """Write outside text to an openpyxl sheet as a text cell — never a formula,
    whatever its first character (``=``, ``+``, ``-``, ``@``): the cell type is forced
    to string, and the quote prefix keeps it text when someone edits it in Excel.
    Every xlsx FocusDesk writes puts its text through here."""
    cell = ws.cell(row=row, column=col)
    text = clean_text(text)
    cell.value = text
    cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        cell.quotePrefix = True
    for key, value in style.items():
        setattr(cell, key, value)
    return cell
