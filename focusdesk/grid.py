"""What the Schedule A grid shows and what editing a cell means — without Qt.

The Qt table model is a thin adapter over `ScheduleAGrid`: rows are the catalog's
Schedule A rows (captions included), columns are JAN–DEC. Tests drive this class
directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .catalog import MONTHS, Item, Kind, Unit
from .engine import Computation, Units, compute
from .money import AmountError, format_amount, parse_amount
from .workbook import Workbook


@dataclass(frozen=True)
class CellView:
    text: str
    editable: bool
    computed: bool
    negative: bool
    entered: bool  # a value entered in this cell (not carried, not computed)
    tooltip: str = ""


class ScheduleAGrid:
    def __init__(self, wb: Workbook, units: Units = "thousands"):
        self.wb = wb
        self.units: Units = units
        self.rows: tuple[Item, ...] = wb.form.schedule_a
        self._cache: dict[str, Computation] = {}

    # -- computation ----------------------------------------------------------
    def invalidate(self) -> None:
        self._cache.clear()

    def computation(self, units: Units | None = None) -> Computation:
        u = units or self.units
        if u not in self._cache:
            self._cache[u] = compute(self.wb, u)
        return self._cache[u]

    # -- shape ----------------------------------------------------------------
    def row_count(self) -> int:
        return len(self.rows)

    def column_count(self) -> int:
        return len(MONTHS)

    def header(self, row: int) -> str:
        item = self.rows[row]
        return f"{item.line}."

    # -- cells ----------------------------------------------------------------
    def cell(self, row: int, col: int) -> CellView:
        item = self.rows[row]
        month = MONTHS[col]
        if item.kind is Kind.HEADING or item.code is None:
            return CellView("", False, False, False, False)
        res = self.computation().months[month]
        value = res.values.get(item.code)
        entered = self.wb.items[month].get(item.code)
        if not res.active:
            text = ""
        elif value is None:
            text = "N/A"
        elif item.unit is Unit.PERCENT:
            text = format_amount(value, places=2) + " %"
        elif item.unit is Unit.COUNT:
            text = format_amount(value, places=0 if value == value.to_integral_value() else 2)
        else:
            places = 0 if self.units == "thousands" else 2
            text = format_amount(value, places=places)
        tip = ""
        if item.code == "3501" and res.line4_carried:
            tip = f"Carried from {res.line4_prior_month}'s line 8"
        elif entered is not None and entered.source != "typed":
            tip = f"{entered.source} {entered.source_ref}".strip()
        return CellView(text, item.is_input, item.is_computed,
                        value is not None and value < 0, entered is not None, tip)

    def edit_text(self, row: int, col: int) -> str:
        """What an editor starts with: the entered amount in dollars, unformatted."""
        item = self.rows[row]
        if item.code is None:
            return ""
        value = self.wb.value(MONTHS[col], item.code)
        return "" if value is None else format_amount(value, places=2).replace(",", "")

    def parse(self, row: int, col: int, text: str) -> Decimal | None:
        """Parse typed text for a cell; raises `AmountError` with a message if refused.

        Amounts are typed in dollars whatever the view shows.
        """
        item = self.rows[row]
        if not item.is_input:
            raise AmountError(f"line {item.line} is computed and cannot be typed in")
        places = 4 if item.kind is Kind.COUNT else 2
        return parse_amount(text, max_places=places)
