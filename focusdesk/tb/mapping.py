"""The account mapping as the trial-balance feature handles it: mapping files read and
written, the rules as a person reads them, and the rules as the workbook keeps them.

How a rule matches an account (exact, range, prefix; precedence; sign) is the compiled
mapping's, `focusdesk.calculation.accounts`, which the checks use too.

Mapping files (CSV or xlsx) have the columns ``account``, ``item`` and optionally
``sign``; other columns (the exported ``note``) are ignored. The item is a line
(``23a``), an item code (``3840``), ``none`` (Not on Part I), or an item of the reserve
formula's Exhibit A spelt ``reserve:<item>`` (``reserve:1`` … ``reserve:15``,
``reserve:E1``, ``reserve:E2``, ``reserve:E4``, ``reserve:E5``, ``reserve:E6``): the
import then sets lines 26, 27 and 23b from the month's Exhibit A (`tb.importer`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..base.safetext import csv_uncell, put_text, write_csv
from ..calculation.accounts import (
    NOT_ON_PART_I,
    NOT_ON_PART_I_LABEL,
    Mapping,
    normalize_sign,
    parse_pattern,
    resolve_item,
)
from ..form import exhibit_a
from ..form.catalog import PART_I, Form
from ..model.workbook import MappingRow, text_limit_error
from . import TBError
from .detect import account_text, cell_text


def item_text(code: str, form: Form = PART_I) -> str:
    """A rule's item as a person reads it: "13 — Non-Allowable Assets (Not Includable
    Above)", or "Not on Part I"."""
    if code == NOT_ON_PART_I:
        return NOT_ON_PART_I_LABEL
    if (ex := exhibit_a.BY_CODE.get(code)) is not None:  # "reserve:10 — Exhibit A item 10"
        return f"{code} — {ex.describe()}"
    item = form.by_code.get(code)
    return f"{item.line} — {item.label}" if item else code


def canonical(rows: Sequence[MappingRow], form: Form = PART_I) -> tuple[MappingRow, ...]:
    """The rules as the workbook keeps them: item codes, signs "", "+" or "-"."""
    Mapping(rows, form)  # refuses what cannot be used
    return tuple(MappingRow(r.account.strip(), resolve_item(r.code, form),
                            normalize_sign(r.sign)) for r in rows)


def rows_from_table(table: Iterable[Sequence[object]], where: str) -> tuple[MappingRow, ...]:
    """Mapping rows from a sheet: a header row with ``account`` and ``item`` (and
    ``sign``) in its first ten rows, then one rule a row."""
    rows = [list(r) for r in table]
    header_at = None
    for i, row in enumerate(rows[:10]):
        heads = [cell_text(v).casefold() for v in row]
        if "account" in heads and "item" in heads:
            header_at = i
            break
    if header_at is None:
        raise TBError(f"{where} has no header row with the columns 'account' and 'item' "
                      "(and optionally 'sign')")
    heads = [cell_text(v).casefold() for v in rows[header_at]]
    ia, ii = heads.index("account"), heads.index("item")
    isg = heads.index("sign") if "sign" in heads else None
    out: list[MappingRow] = []
    for n, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        def at(i: int | None, row: list[object] = row) -> object:
            return row[i] if i is not None and i < len(row) else ""
        account, item = account_text(at(ia)), cell_text(at(ii))
        if not account and not item:
            continue
        if not account or not item:
            raise TBError(f"{where}, row {n}: a rule needs both an account and an item")
        if too_long := text_limit_error("mapping", account):
            raise TBError(f"{where}, row {n}: {too_long}")
        try:
            code = resolve_item(item)
            sign = normalize_sign(at(isg))
            parse_pattern(account)
        except TBError as exc:
            raise TBError(f"{where}, row {n}: {exc}") from None
        out.append(MappingRow(account, code, sign))
    Mapping(out)  # conflicts between rules
    return tuple(out)


def read_mapping_file(path: str | Path) -> tuple[MappingRow, ...]:
    """A mapping from a CSV or spreadsheet file (the first sheet, or one named Mapping)."""
    from .reader import open_spreadsheet

    book = open_spreadsheet(path)
    name = next((n for n in book.sheet_names if n.casefold() == "mapping"), book.sheet_names[0])
    rows = book.sheet(name).rows
    if book.kind == "csv":  # the apostrophe `write_mapping_file` put before "=…", "+…"
        rows = [[csv_uncell(v) if isinstance(v, str) else v for v in row] for row in rows]
    return rows_from_table(rows, book.name)


def mapping_table(rows: Sequence[MappingRow], form: Form = PART_I) -> list[list[str]]:
    out = [["account", "item", "sign", "note"]]
    for r in rows:
        item = form.by_code.get(r.code)
        ex = exhibit_a.BY_CODE.get(r.code)
        note = f"line {item.line} — {item.label}" if item else (
            f"{ex.describe()} — {ex.label}" if ex else
            NOT_ON_PART_I_LABEL if r.code == NOT_ON_PART_I else "")
        out.append([r.account, r.code, r.sign, note])
    return out


def write_mapping_file(rows: Sequence[MappingRow], path: str | Path) -> None:
    """CSV, or xlsx (by the suffix), with the columns account, item, sign, note."""
    from ..base.atomicfile import replacing
    from ..document.files import guard_output

    path = Path(path)
    guard_output(path)  # never over a workbook (OutputRefusedError, an OSError)
    table = mapping_table(rows)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import Workbook as XWorkbook

        book = XWorkbook()
        ws = book.active
        assert ws is not None
        ws.title = "Mapping"
        for r, line in enumerate(table, start=1):
            for c, text in enumerate(line, start=1):
                put_text(ws, r, c, text)  # an account "=HYPERLINK(…)" stays text
        for cell in ws["A"]:
            cell.number_format = "@"  # accounts stay text
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["D"].width = 60
        with replacing(path, suffix=suffix) as tmp:
            book.save(tmp)
        return
    if suffix not in (".csv", ".txt"):
        raise TBError(f"{path.name}: a mapping is written as .csv or .xlsx")
    write_csv(path, table)
