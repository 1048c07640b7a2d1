"""The sheet format of FocusDesk's Excel files: what the exporter (`export`) writes and the
importer (`importer`) reads — the sheets' names, the marker and version on the Settings
sheet, its keys, and where every line of the form sits (`SheetLayout`, one per form).

Both depend on this module; the importer never on the exporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from openpyxl.utils import get_column_letter

from ...form.catalog import MONTHS, Form, Item

FORMAT_MARKER = "FocusDesk FOCUS Part I workbook"
FORMAT_VERSION = 1
SHEET_A, SHEET_B, SHEET_CHECKS, SHEET_SETTINGS = "Schedule A", "Schedule B", "Checks", "Settings"
SHEET_TB, SHEET_MAPPING = "Trial balances", "Mapping"
NA = "N/A"

# -- where things sit ------------------------------------------------------------------
A_HEADER_ROW = 10  # Item | Description | Code | JAN … DEC
A_FIRST_MONTH_COL = 4  # D
B_HEADER_ROW = 6
B_FIRST_COL = 4  # column I of Schedule B is D
B_KEY_COL = 8  # H: the line's key ("5A L"), what the importer reads
SETTINGS_FIRST_ROW = 4

# Settings sheet: key, description. The importer reads keys in column A.
SETTINGS_KEYS: tuple[tuple[str, str], ...] = (
    ("format", "Marks this file as a FocusDesk workbook (do not change)"),
    ("format_version", "Layout version of this file"),
    ("kind", "export: the workbook's values; template: a blank input template"),
    ("units", "dollars (can be imported back) or thousands ($000 view, for reading)"),
    *((f"firm.{name}", label) for name, label in (
        ("name", "Name of broker-dealer"), ("id_no", "Firm ID no."),
        ("sec_file_no", "SEC file no."), ("preparer", "Preparer"), ("phone", "Telephone"))),
    ("year", "Report year"),
    ("method", "Net capital method (aggregate-indebtedness or alternative); the formulas "
               "follow the method at export — a change here takes effect when imported"),
    ("minimum_dollar", "Dollar minimum under Rule 15c3-1(a)(2); line 24 refers to this cell"),
    ("exported_at", "When FocusDesk wrote this file (UTC)"),
    ("focusdesk_version", "FocusDesk version that wrote this file"),
    ("source", "The workbook file exported"),
    # Last, so the rows above (line 24 refers to minimum_dollar's) stay where they were.
    ("firm.address", "Address of principal place of business"),
)
# Formula parameters (catalog `Param` names) → their Settings key.
PARAMS: dict[str, str] = {"minimum_dollar": "minimum_dollar"}

# The largest number of significant digits a spreadsheet cell keeps exactly.
SPREADSHEET_DIGITS = 15



@dataclass(frozen=True)
class SheetLayout:
    """Where every line of the form sits in the exported file (1-based rows/columns)."""

    a_rows: dict[str, int]  # Schedule A item code → row
    a_caption_rows: dict[int, Item]  # every Schedule A row (captions included) → item
    b_rows: dict[tuple[str, str], int]  # (month, Schedule B line key) → row
    b_month_rows: dict[str, int]  # month → its block's heading row
    b_cols: dict[str, int]  # Schedule B column key → column
    settings_rows: dict[str, int]  # Settings key → row

    @staticmethod
    def month_col(month: str) -> int:
        return A_FIRST_MONTH_COL + MONTHS.index(month)

    def a_cell(self, month: str, code: str) -> str:
        return f"{get_column_letter(self.month_col(month))}{self.a_rows[code]}"

    def b_cell(self, month: str, line: str, column: str) -> str:
        return f"{get_column_letter(self.b_cols[column])}{self.b_rows[(month, line)]}"

    def setting_cell(self, key: str) -> str:
        return f"{sheet_ref(SHEET_SETTINGS)}!$B${self.settings_rows[key]}"

    @property
    def a_last_row(self) -> int:
        return max(self.a_caption_rows)

    @property
    def b_last_row(self) -> int:
        return max(self.b_rows.values())


@cache
def layout(form: Form) -> SheetLayout:
    a_caption_rows = {A_HEADER_ROW + 1 + i: item for i, item in enumerate(form.schedule_a)}
    a_rows = {item.code: r for r, item in a_caption_rows.items() if item.code}
    b_rows: dict[tuple[str, str], int] = {}
    b_month_rows: dict[str, int] = {}
    row = B_HEADER_ROW + 1
    for month in MONTHS:
        b_month_rows[month] = row
        for i, line in enumerate(form.schedule_b_lines):
            b_rows[(month, line.key)] = row + 1 + i
        row += len(form.schedule_b_lines) + 2  # heading row, the lines, a blank row
    b_cols = {key: B_FIRST_COL + i for i, key in enumerate(form.b_columns)}
    settings_rows = {key: SETTINGS_FIRST_ROW + i for i, (key, _) in enumerate(SETTINGS_KEYS)}
    return SheetLayout(a_rows, a_caption_rows, b_rows, b_month_rows, b_cols, settings_rows)


def sheet_ref(name: str) -> str:
    return f"'{name}'" if not name.isalnum() else name

