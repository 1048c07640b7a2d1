"""The worksheets' input files — positions and Exhibit A items — read from CSV, xlsx, xlsm,
xls or ods through the one spreadsheet opener (`focusdesk.formats.spreadsheets.book`:
the file's content decides how it is read, containers are checked before a parser sees
them, python-calamine runs in a child process).

The first sheet is read; its header row is the first row that names the required
columns (any case, spaces or hyphens for underscores). Every cell that cannot be used is
refused naming its row and column — an unknown category, a date where a number belongs,
text where a date belongs — and nothing is read from the file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..base.money import AmountError, float_amount, parse_amount, plain
from ..calculation.reserve import ITEM_COLUMNS, now, stored_items
from ..calculation.reserve import store_items as reserve_store_items
from ..formats.spreadsheets.book import Sheet, Spreadsheet, open_book
from ..model.records import file_source_ref
from ..model.workbook import StoredWorksheet
from . import WorksheetError
from .haircuts import CATEGORIES, Position

POSITION_COLUMNS = ("id", "description", "category", "maturity", "market_value")
POSITION_OPTIONAL = ("issuer", "quantity", "market_makers", "principal")
LIMIT = {"id": 100, "description": 500, "issuer": 200, "category": 40}


@dataclass(frozen=True)
class Source:
    """The file a worksheet's inputs came from: its name and SHA-256."""

    file_name: str
    sha256: str

    @property
    def source_ref(self) -> str:  # as a trial balance's and a filing's (model.workbook)
        return file_source_ref(self.file_name, self.sha256)


def _key(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


def _letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        out = chr(65 + r) + out
    return out


class _Table:
    """A sheet's rows under its header, cells addressed by column name."""

    def __init__(self, sheet: Sheet, name: str, required: tuple[str, ...],
                 optional: tuple[str, ...]):
        self.name = name
        for n, row in enumerate(sheet.rows[:50]):
            keys = [_key(c) for c in row]
            if all(k in keys for k in required):
                self.header = n
                self.columns = {k: keys.index(k) for k in (*required, *optional)
                                if k in keys}
                self.rows = sheet.rows
                return
        raise WorksheetError(f"{name} has no header row naming the columns "
                             f"{', '.join(required)}")

    def body(self) -> list[tuple[int, list[object]]]:
        """(spreadsheet row number, cells) of every row below the header with a value."""
        return [(n + 1, row) for n, row in enumerate(self.rows) if n > self.header
                and any(str(c).strip() for c in row if c is not None)]

    def where(self, row: int, column: str) -> str:
        i = self.columns.get(column)
        letter = _letter(i) if i is not None else "not in the file"
        return f"{self.name}, row {row}, column {column} ({letter})"

    def cell(self, row: list[object], column: str) -> object:
        i = self.columns.get(column)
        if i is None or i >= len(row):
            return None
        value = row[i]
        return None if isinstance(value, str) and not value.strip() else value

    def text(self, n: int, row: list[object], column: str, *, required: bool = False) -> str:
        value = self.cell(row, column)
        text = "" if value is None else (str(int(value)) if isinstance(value, float)
                                         and value.is_integer() else str(value)).strip()
        if required and not text:
            raise WorksheetError(f"{self.where(n, column)}: blank; it is required")
        if len(text) > LIMIT.get(column, 500):
            raise WorksheetError(f"{self.where(n, column)}: {len(text):,} characters; at "
                                 f"most {LIMIT.get(column, 500)} are allowed")
        return text

    def amount(self, n: int, row: list[object], column: str, *,
               required: bool = False) -> Decimal | None:
        value = self.cell(row, column)
        try:
            if isinstance(value, datetime | date):
                raise AmountError(f"{value:%Y-%m-%d} is a date, not an amount")
            if isinstance(value, str) and _date_text(value) is not None:
                raise AmountError(f"{value.strip()!r} is a date, not an amount")
            amount = float_amount(value) if isinstance(value, float) else parse_amount(value)
        except AmountError as exc:
            raise WorksheetError(f"{self.where(n, column)}: {exc}") from None
        if amount is None and required:
            raise WorksheetError(f"{self.where(n, column)}: blank; it is required")
        return amount

    def date(self, n: int, row: list[object], column: str) -> date | None:
        value = self.cell(row, column)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            parsed = _date_text(value)
            if parsed is not None:
                return parsed
        raise WorksheetError(f"{self.where(n, column)}: {str(value).strip()!r} is not a date "
                             "(write 2031-06-30 or 06/30/2031)")


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _date_text(text: str) -> date | None:
    t = text.strip()
    m = _ISO.match(t)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    if parts is None and (m := _US.match(t)):
        parts = (m.group(3), m.group(1), m.group(2))
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _first_sheet(book: Spreadsheet) -> Sheet:
    return book.sheet(book.sheet_names[0])


def read_positions(path: str | os.PathLike[str]) -> tuple[list[Position], Source]:
    """The positions of a CSV or spreadsheet file, and its name and SHA-256."""
    book = open_book(path, WorksheetError, what="positions files", noun="positions file")
    return parse_positions(_first_sheet(book), book.name), Source(book.name, book.sha256)


def parse_positions(sheet: Sheet, name: str) -> list[Position]:
    t = _Table(sheet, name, POSITION_COLUMNS, POSITION_OPTIONAL)
    out = []
    seen: dict[str, int] = {}
    for n, row in t.body():
        category = t.text(n, row, "category", required=True).lower()
        if category not in CATEGORIES:
            raise WorksheetError(f"{t.where(n, 'category')}: {category!r} is not a category "
                                 f"(one of {', '.join(CATEGORIES)})")
        value = t.amount(n, row, "market_value", required=True)
        assert value is not None
        makers = t.amount(n, row, "market_makers")
        if makers is not None and (makers != makers.to_integral_value() or makers < 0):
            raise WorksheetError(f"{t.where(n, 'market_makers')}: {makers} is not a number "
                                 "of market makers")
        if value < 0 and not CATEGORIES[category].shorts:
            raise WorksheetError(f"{t.where(n, 'market_value')}: a {category} position "
                                 f"cannot be short ({CATEGORIES[category].paragraph} "
                                 "deducts securities held)")
        pid = t.text(n, row, "id", required=True)
        if pid in seen:
            raise WorksheetError(f"{t.where(n, 'id')}: the id {pid!r} is given twice (also "
                                 f"row {seen[pid]})")
        seen[pid] = n
        p = Position(id=pid, description=t.text(n, row, "description"), category=category,
                     maturity=t.date(n, row, "maturity"), market_value=value,
                     issuer=t.text(n, row, "issuer"), quantity=t.amount(n, row, "quantity"),
                     market_makers=None if makers is None else int(makers),
                     principal=t.amount(n, row, "principal"), row=n)
        _check_needs(t, n, p)
        out.append(p)
    return out


def _check_needs(t: _Table, n: int, p: Position) -> None:
    """What the position's category needs from its row, refused here so the sentence
    names the file, the row and the column (`haircuts.compute` checks it too)."""
    cat = CATEGORIES[p.category]
    if cat.method == "limited" and p.market_makers is None:
        raise WorksheetError(f"{t.where(n, 'market_makers')}: blank; a limited-market "
                             "position needs the number of independent market makers ((K))")
    if cat.method == "convertible":
        if p.principal is None or p.principal <= 0:
            raise WorksheetError(f"{t.where(n, 'principal')}: a convertible-debt position "
                                 "needs its principal ((G): market value against principal)")
        needs_maturity = abs(p.market_value) < p.principal  # below principal: as (F)
    else:
        needs_maturity = cat.matures
    if needs_maturity and p.maturity is None:
        raise WorksheetError(f"{t.where(n, 'maturity')}: blank; a {p.category} position "
                             f"needs its maturity date ({cat.paragraph} is by time to "
                             "maturity)")


def read_items(path: str | os.PathLike[str], known: tuple[str, ...]
               ) -> tuple[dict[str, Decimal], Source]:
    """The ``item,amount`` rows of a CSV or spreadsheet file (items among `known`), and
    its name and SHA-256."""
    book = open_book(path, WorksheetError, what="items files", noun="items file")
    return parse_items(_first_sheet(book), book.name, known), Source(book.name, book.sha256)


def parse_items(sheet: Sheet, name: str, known: tuple[str, ...]) -> dict[str, Decimal]:
    t = _Table(sheet, name, ITEM_COLUMNS, ())
    out: dict[str, Decimal] = {}
    for n, row in t.body():
        item = t.text(n, row, "item", required=True).upper()
        if item not in known:
            raise WorksheetError(f"{t.where(n, 'item')}: {item!r} is not an Exhibit A item "
                                 f"(one of {', '.join(known)})")
        if item in out:
            raise WorksheetError(f"{t.where(n, 'item')}: item {item} is given twice")
        amount = t.amount(n, row, "amount", required=True)
        assert amount is not None
        if amount < 0:
            raise WorksheetError(f"{t.where(n, 'amount')}: {amount} is negative; an Exhibit "
                                 "A item is a balance (a Note E reduction is entered as a "
                                 "positive amount)")
        out[item] = amount
    return out



# -- kept in the workbook -----------------------------------------------------------------
# A worksheet's inputs are kept as text rows under its own columns (`StoredWorksheet`):
# what was read, not the file — the file's name and SHA-256 say where it came from.

def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def store_positions(positions: list[Position], source: Source, *,
                    user: str = "") -> StoredWorksheet:
    columns = (*POSITION_COLUMNS, *POSITION_OPTIONAL, "row")
    rows = tuple(tuple(_text(getattr(p, c)) for c in columns) for p in positions)
    return StoredWorksheet("haircuts", source.file_name, source.sha256, columns, rows,
                           imported_at=now(), user=user)


def stored_positions(stored: StoredWorksheet) -> list[Position]:
    """The positions a workbook keeps for a month (as `store_positions` wrote them)."""
    out = []
    for row in stored.rows:
        v = dict(zip(stored.columns, row, strict=True))

        def amount(key: str, v: dict[str, str] = v) -> Decimal | None:
            return Decimal(v[key]) if v.get(key) else None

        value = amount("market_value")
        assert value is not None
        out.append(Position(
            v["id"], v["description"], v["category"],
            date.fromisoformat(v["maturity"]) if v["maturity"] else None, value,
            v.get("issuer", ""), amount("quantity"),
            int(v["market_makers"]) if v.get("market_makers") else None,
            amount("principal"), int(v.get("row") or 0)))
    return out


def store_items(items: dict[str, Decimal], source: Source, options: tuple[str, ...] = (), *,
                user: str = "") -> StoredWorksheet:
    return reserve_store_items(items, source.file_name, source.sha256, options, user=user)


__all__ = ["ITEM_COLUMNS", "Source", "read_items", "read_positions", "store_items",
           "store_positions", "stored_items", "stored_positions"]
