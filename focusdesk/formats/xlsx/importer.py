"""Excel import: a FocusDesk export (or its blank input template) read back (Qt-free).

Only entered values are data. The importer reads the *values* of the input cells (with
python-calamine: the numbers a spreadsheet saved, whatever wrote the file); computed
cells are never read, and an input cell holding a formula is refused — except line 4,
whose formula is the carry from the prior month's line 8 and means "not entered".

Cells are found by content, not by position: Schedule A rows by their item code in the
``Code`` column and months by the ``JAN`` … ``DEC`` headings; Schedule B blocks by the
month in column A and lines by their key in column H; settings by their key in column A
of the Settings sheet, which also carries the FocusDesk marker and the units.

A $000 export cannot give back dollars and cents and is refused. A blank cell changes
nothing (an import merges). Anything wrong — not a FocusDesk file, text where an amount
belongs, a formula in an input cell — is one `XlsxImportError` naming the sheet and the
cell, raised before anything is changed.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from ...base.money import LARGEST_AMOUNT, TOO_LARGE, AmountError, parse_amount
from ...base.safetext import quoted
from ...document.editing import CAPITAL_BASIS, AnswerCell, BCell, ItemCell, Setting, Target, Value
from ...document.editing import read as read_ref
from ...document.editing import write as write_ref
from ...form.catalog import EQUITY_START, MONTHS, PART_I, BKind, Form, Kind, Method
from ...model.workbook import (
    Entry,
    Firm,
    Workbook,
    WorkbookError,
    b_column_reason,
    text_limit_error,
)
from ..spreadsheets.container import is_container
from ..spreadsheets.reader import read_spreadsheet
from .sheet_format import (
    B_KEY_COL,
    FORMAT_MARKER,
    FORMAT_VERSION,
    SHEET_A,
    SHEET_B,
    SHEET_SETTINGS,
)

YES = ("yes", "y")
NO = ("no", "n")
Cell = int | float | str | bool | date | datetime | time | timedelta


class XlsxImportError(ValueError):
    """The file cannot be imported; one sentence naming the sheet and the cell."""


class ThousandsExportError(XlsxImportError):
    """The file is a $000 export, which cannot give back dollars and cents (the window
    explains what to do instead)."""


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) → ``E15``."""
    letters = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row + 1}"


@dataclass
class XlsxData:
    """What a FocusDesk workbook file says, validated, in dollars."""

    kind: str  # "export" | "template"
    units: str
    profile: dict[str, object] = field(default_factory=dict)  # Setting name → value
    items: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (month, code)
    schedule_b: dict[tuple[str, str, str], Decimal] = field(default_factory=dict)
    answers: dict[str, bool] = field(default_factory=dict)
    carried: set[str] = field(default_factory=set)  # months whose line 4 is the carry

    def assignments(self, source_ref: str, source: str = "imported"
                    ) -> list[tuple[Target, Value]]:
        """The edits that merge this file into a workbook (for `EditHistory.apply`)."""
        out: list[tuple[Target, Value]] = [(Setting(k), v) for k, v in self.profile.items()]
        out += [(ItemCell(m, c), Entry(v, source, source_ref))
                for (m, c), v in self.items.items()]
        out += [(BCell(m, line, col), Entry(v, source, source_ref))
                for (m, line, col), v in self.schedule_b.items()]
        out += [(AnswerCell(m), a) for m, a in self.answers.items()]
        return out

    def settings_changed(self, wb: Workbook) -> list[str]:
        """The profile settings (firm fields, year, method, minimum) this file would
        change in `wb` — worth saying: they are not amounts."""
        return [name for name, value in self.profile.items()
                if read_ref(wb, Setting(name)) != value]

    @property
    def value_count(self) -> int:
        return len(self.items) + len(self.schedule_b) + len(self.answers)


class _Sheet:
    """A sheet's values with 0-based access, and the cells that hold formulas."""

    def __init__(self, name: str, rows: list[list[Cell]], formulas: set[str]):
        self.name = name
        self.rows = rows
        self.formulas = formulas

    def get(self, row: int, col: int) -> Cell:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def text(self, row: int, col: int) -> str:
        v = self.get(row, col)
        if isinstance(v, float) and v.is_integer():
            return str(int(v))  # a code retyped as a number: 850.0 → "850"
        return str(v).strip() if isinstance(v, str | int | float) else ""

    def where(self, row: int, col: int) -> str:
        return f"{self.name}!{cell_name(row, col)}"

    def is_formula(self, row: int, col: int) -> bool:
        return cell_name(row, col) in self.formulas


def _local(tag: str) -> str:
    """An element's or attribute's name without its namespace: a file whose parts lack
    the namespaces (or use other prefixes) is read as calamine reads it."""
    return tag.rsplit("}", 1)[-1]


def _attribute(elem: ElementTree.Element, name: str) -> str | None:
    return next((v for k, v in elem.attrib.items() if _local(k) == name), None)


def formula_cells(data: bytes, sheet: str, where: str = "the file") -> set[str]:
    """The cells of `sheet` that hold a formula (``{"E14", …}``), read from the .xlsx
    package itself: a spreadsheet's saved values alone cannot say which cells are
    formulas. The package has been checked (`focusdesk.formats.spreadsheets.reader.check_zip`); what
    does not hold together is an `XlsxImportError`."""
    part, problem = "xl/workbook.xml", ""
    found: set[str] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = ElementTree.fromstring(z.read(part))
            rid = next((_attribute(s, "id") for s in book.iter()
                        if _local(s.tag) == "sheet" and s.get("name") == sheet), None)
            if rid is None:
                return found
            part = "xl/_rels/workbook.xml.rels"
            rels = ElementTree.fromstring(z.read(part))
            target = next((r.get("Target") for r in rels.iter()
                           if _local(r.tag) == "Relationship" and r.get("Id") == rid), None)
            if not target:
                problem = f"names no part for the sheet {sheet!r}"
            else:
                part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with z.open(part) as fh:
                    for _, elem in ElementTree.iterparse(fh):
                        if _local(elem.tag) == "c":
                            if any(_local(child.tag) == "f" for child in elem):
                                found.add(elem.get("r", ""))
                            elem.clear()
    except KeyError:
        problem = "is missing"
    except ElementTree.ParseError as exc:
        problem = f"is not well-formed XML ({exc})"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            UnicodeDecodeError) as exc:
        problem = f"cannot be read ({type(exc).__name__}: {exc})"
    if problem:
        raise XlsxImportError(f"{where} cannot be read as an Excel workbook: its part "
                              f"{part} {problem}")
    return found


def _open(data: bytes, where: str) -> dict[str, _Sheet]:
    if not is_container(data):
        raise XlsxImportError(f"{where} is not an Excel workbook (.xlsx)")
    # The zip's limits are checked, then calamine reads the three sheets in a child
    # process (a hostile file can crash or exhaust only that process).
    cells = read_spreadsheet(where, data, XlsxImportError,
                             sheets=(SHEET_A, SHEET_B, SHEET_SETTINGS), kinds=("xlsx",))
    names = cells.names
    if SHEET_SETTINGS not in names:
        raise XlsxImportError(f"{where} is not a FocusDesk workbook: it has no "
                              f"{SHEET_SETTINGS!r} sheet (export one with "
                              "focusdesk export-xlsx, or its --template)")
    for needed in (SHEET_A, SHEET_B):
        if needed not in names:
            raise XlsxImportError(f"{where} is not a FocusDesk workbook: the {needed!r} sheet "
                                  "is missing")
    return {name: _Sheet(name, cells.sheets.get(name, []), formula_cells(data, name, where))
            for name in (SHEET_A, SHEET_B, SHEET_SETTINGS)}


def _number(sheet: _Sheet, row: int, col: int, what: str, *, places: int = 2
            ) -> Decimal | None:
    """An entered amount: a number cell, or blank (None). Text, dates, booleans and
    formulas are refused with the cell's name."""
    if sheet.is_formula(row, col):
        raise XlsxImportError(f"{sheet.where(row, col)} ({what}) holds a formula; FocusDesk "
                              "imports entered values only — enter the amount itself")
    v = sheet.get(row, col)
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        shown = v if isinstance(v, str) else type(v).__name__
        raise XlsxImportError(f"{sheet.where(row, col)} ({what}) holds {quoted(shown)} where "
                              "an amount belongs")
    if isinstance(v, float) and not math.isfinite(v):  # a number cell <v>inf</v> or NaN
        raise XlsxImportError(f"{sheet.where(row, col)} ({what}) holds {v!r}, which is not "
                              "an amount")
    if abs(v) >= LARGEST_AMOUNT:  # 1e308: said as the spreadsheet shows it
        raise XlsxImportError(f"{sheet.where(row, col)} ({what}) holds {v:.15g}, {TOO_LARGE}")
    try:
        if isinstance(v, int):
            value = Decimal(v)
        elif v.is_integer():
            value = Decimal(int(v))
        else:
            value = Decimal(repr(v))
            if value != value.quantize(Decimal(1).scaleb(-places)) and \
                    value.adjusted() < 15:
                # A spreadsheet keeps 15 significant digits: read it at that precision.
                value = Decimal(format(v, ".15g"))
        return parse_amount(value, max_places=places)
    except (AmountError, InvalidOperation) as exc:
        raise XlsxImportError(f"{sheet.where(row, col)} ({what}): {exc}") from None


def _settings(sheet: _Sheet, where: str) -> dict[str, tuple[int, Cell]]:
    found: dict[str, tuple[int, Cell]] = {}
    for r in range(len(sheet.rows)):
        key = sheet.text(r, 0)
        if key:
            found[key] = (r, sheet.get(r, 1))
    if found.get("format", (0, ""))[1] != FORMAT_MARKER:
        raise XlsxImportError(f"{where} is not a FocusDesk workbook: the Settings sheet "
                              "lacks the FocusDesk marker")
    version = found.get("format_version", (0, ""))[1]
    if not isinstance(version, int | float) or not math.isfinite(version) or \
            int(version) > FORMAT_VERSION:
        raise XlsxImportError(f"{where} was written by a newer FocusDesk (layout version "
                              f"{version}); update FocusDesk to import it")
    return found


def _profile(sheet: _Sheet, found: dict[str, tuple[int, Cell]]) -> dict[str, object]:
    profile: dict[str, object] = {}
    for name in Firm.FIELDS:
        key = f"firm.{name}"
        if key in found:
            r, _ = found[key]
            if sheet.is_formula(r, 1):
                raise XlsxImportError(f"{sheet.where(r, 1)} ({key}) holds a formula; "
                                      "enter the text itself")
            text = sheet.text(r, 1)
            if too_long := text_limit_error(key, text):
                raise XlsxImportError(f"{sheet.where(r, 1)} ({key}): {too_long}")
            if text:
                profile[key] = text
    if "year" in found:
        r, _ = found["year"]
        year = _number(sheet, r, 1, "year", places=0)
        if year is not None:
            if not 1990 <= year <= 2200:
                raise XlsxImportError(f"{sheet.where(r, 1)} (year): {year} is not a "
                                      "plausible report year")
            profile["year"] = int(year)
    if "method" in found:
        r, _ = found["method"]
        method = sheet.text(r, 1)
        if method:
            if method not in {m.value for m in Method}:
                raise XlsxImportError(f"{sheet.where(r, 1)} (method): {method!r} is not "
                                      "'aggregate-indebtedness' or 'alternative'")
            profile["method"] = method
    if "minimum_dollar" in found:
        r, _ = found["minimum_dollar"]
        minimum = _number(sheet, r, 1, "minimum_dollar")
        if minimum is not None:
            if minimum < 0:
                raise XlsxImportError(f"{sheet.where(r, 1)} (minimum_dollar) must not be "
                                      "negative")
            profile["minimum_dollar"] = minimum
    return profile


def _schedule_a(sheet: _Sheet, form: Form, out: XlsxData) -> None:
    header = None
    for r in range(len(sheet.rows)):
        row_text = [sheet.text(r, c) for c in range(len(sheet.rows[r]))]
        if "Code" in row_text and "JAN" in row_text:
            header = r
            break
    if header is None:
        raise XlsxImportError(f"{sheet.name}: no heading row with 'Code' and the months "
                              "JAN … DEC; is this a FocusDesk export?")
    headings = [sheet.text(header, c) for c in range(len(sheet.rows[header]))]
    code_col = headings.index("Code")
    month_cols = {m: headings.index(m) for m in MONTHS if m in headings}
    missing = [m for m in MONTHS if m not in month_cols]
    if missing:
        raise XlsxImportError(f"{sheet.name}!{cell_name(header, 0)}: the heading row lacks "
                              f"{', '.join(missing)}")
    seen: set[str] = set()
    for r in range(header + 1, len(sheet.rows)):
        code = sheet.text(r, code_col)
        if not code:
            continue
        item = form.by_code.get(code)
        if item is None:
            raise XlsxImportError(f"{sheet.where(r, code_col)}: {code!r} is not a Schedule A "
                                  "item code")
        if code in seen:
            raise XlsxImportError(f"{sheet.where(r, code_col)}: item {code} appears twice")
        seen.add(code)
        if not item.is_input:
            continue  # computed: formulas and their results are not data
        for month, c in month_cols.items():
            what = f"line {item.line} [{code}], {month}"
            if code == EQUITY_START and sheet.is_formula(r, c):
                out.carried.add(month)  # the carry from the prior month's line 8
                continue
            value = _number(sheet, r, c, what, places=4 if item.kind is Kind.COUNT else 2)
            if value is not None:
                out.items[(month, code)] = value


def _month_blocks(sheet: _Sheet) -> Iterator[tuple[str, int, int]]:
    """(month, first row, end row) of each Schedule B block."""
    starts = [(sheet.text(r, 0), r) for r in range(len(sheet.rows))
              if sheet.text(r, 0) in MONTHS]
    for i, (month, r) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(sheet.rows)
        yield month, r, end


def _schedule_b(sheet: _Sheet, form: Form, out: XlsxData) -> None:
    # Columns I–IV by their headings ("I\nNO. OF ITEMS", …) on the heading row.
    header = next((r for r in range(len(sheet.rows)) if sheet.text(r, B_KEY_COL - 1) == "Key"),
                  None)
    if header is None:
        raise XlsxImportError(f"{sheet.name}: no heading row with 'Key' in column H; is this "
                              "a FocusDesk export?")
    cols: dict[str, int] = {}
    for c in range(len(sheet.rows[header])):
        first = sheet.text(header, c).split("\n")[0].strip()
        if first in form.b_columns:
            cols[first] = c
    if set(cols) != set(form.b_columns):
        raise XlsxImportError(f"{sheet.name}!{cell_name(header, 0)}: the heading row lacks "
                              "columns I, II, III and IV")
    months_seen: set[str] = set()
    for month, start, end in _month_blocks(sheet):
        if month in months_seen:
            raise XlsxImportError(f"{sheet.where(start, 0)}: {month} appears twice")
        months_seen.add(month)
        for r in range(start + 1, end):
            key = sheet.text(r, B_KEY_COL - 1)
            if not key:
                continue
            line = form.b_by_key.get(key)
            if line is None:
                raise XlsxImportError(f"{sheet.where(r, B_KEY_COL - 1)}: {key!r} is not a "
                                      "Schedule B line")
            if line.kind is BKind.INPUT:
                for col, c in cols.items():
                    what = f"Schedule B line {key} column {col}, {month}"
                    value = _number(sheet, r, c, what, places=4 if col == "I" else 2)
                    if value is not None and not line.takes(col):
                        raise XlsxImportError(f"{sheet.where(r, c)} ({what}) takes no entry: "
                                              f"{b_column_reason(line)}")
                    if value is not None:
                        out.schedule_b[(month, key, col)] = value
            elif line.kind is BKind.QUESTION:
                c = cols[form.b_columns[0]]
                if sheet.is_formula(r, c):
                    raise XlsxImportError(f"{sheet.where(r, c)} (Schedule B line 10, {month}) "
                                          "holds a formula; type Yes or No")
                v = sheet.get(r, c)
                text = v.strip().lower() if isinstance(v, str) else v
                if text in ("", None):
                    continue
                if text in YES:
                    out.answers[month] = True
                elif text in NO:
                    out.answers[month] = False
                else:
                    raise XlsxImportError(f"{sheet.where(r, c)} (Schedule B line 10, {month}) "
                                          f"holds {v!r}; type Yes or No")


def read_xlsx(data: bytes, where: str = "the file", form: Form = PART_I) -> XlsxData:
    """Read and validate a FocusDesk workbook file (bytes); nothing is changed."""
    sheets = _open(data, where)
    settings = sheets[SHEET_SETTINGS]
    found = _settings(settings, where)
    units = settings.text(found["units"][0], 1) if "units" in found else ""
    kind = settings.text(found["kind"][0], 1) if "kind" in found else "export"
    if units == "thousands":
        raise ThousandsExportError(
            f"{where} was exported in $000 (thousands), which cannot give back dollars and "
            "cents; export in dollars to round-trip (focusdesk export-xlsx FILE -o "
            "OUT.xlsx --units dollars)")
    if units != "dollars":
        raise XlsxImportError(f"{where}: {SHEET_SETTINGS} gives the units as {units!r}, "
                              "not 'dollars'")
    out = XlsxData(kind=kind, units=units)
    out.profile = _profile(settings, found)
    _schedule_a(sheets[SHEET_A], form, out)
    _schedule_b(sheets[SHEET_B], form, out)
    return out


def merge_xlsx(wb: Workbook, data: XlsxData, *, where: str = "the file",
               source: str = "imported", source_ref: str = "") -> int:
    """Merge `data` into `wb` through its audited setters, all or nothing; returns the
    number of values that changed. A value equal to the one entered is left as it is,
    provenance included (as an undoable import in the window does)."""
    trial = wb.copy()
    changed = 0
    try:
        for ref, value in data.assignments(source_ref, source):
            old = read_ref(trial, ref)
            if (old.value if isinstance(old, Entry) else old) == \
                    (value.value if isinstance(value, Entry) else value):
                continue
            changed += write_ref(trial, ref, value, source=source, source_ref=source_ref)
        if any(isinstance(ref, Setting) and ref.name in CAPITAL_BASIS for ref, _ in
               data.assignments(source_ref, source)):
            trial.check_capital_basis()
        if wb.close:  # a filed month reached through its carried line 4 (focusdesk.document.freeze)
            from ...document.freeze import check_merge

            check_merge(wb, trial)
    except WorkbookError as exc:
        raise XlsxImportError(f"{where}: {exc}") from None
    wb.__dict__.update(trial.__dict__)
    return changed

