"""What the grids show and what editing a cell means — without Qt.

The Qt table models are thin adapters over these classes: `ScheduleAGrid` (rows are the
catalog's Schedule A rows, captions included; columns JAN–DEC) and `ScheduleBGrid`
(rows are the catalog's Schedule B lines; columns I–IV of one month, or of all twelve
side by side). Typing, clearing, copying and pasting happen here, as steps on the
workbook's `EditHistory`; tests drive these classes directly.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal

from .catalog import EQUITY_START, MONTHS, BKind, BLine, Item, Kind, Unit
from .editing import AnswerCell, BCell, EditHistory, ItemCell, Ref, Step, Value
from .engine import Computation, Units, compute
from .money import AmountError, format_amount, parse_amount
from .rounding import adjustment
from .workbook import Entry, Workbook, WorkbookError, b_column_reason


class EditError(ValueError):
    """A typed or pasted value that is refused; the message names the cell."""


def parse_count(text: str) -> Decimal | None:
    """A typed count of items (Schedule A lines 33 and 36, Schedule B column I): a whole
    number. A fraction is refused where it is typed; the checks would only flag it later."""
    value = parse_amount(text, max_places=4)
    if value is not None and value != value.to_integral_value():
        raise AmountError(f"{text.strip()!r} is not a whole number, and this cell counts items")
    return value


@dataclass(frozen=True)
class CellView:
    text: str
    editable: bool
    computed: bool = False
    negative: bool = False
    entered: bool = False  # a value entered in this cell (not carried, not computed)
    tooltip: str = ""
    heading: bool = False
    # $000 view: why the figure is not its true amount rounded, or the note of a total
    # that cannot foot (shown in the tool-tip; not a mark of where the value came from)
    rounding: str = ""

    @property
    def tip(self) -> str:
        """The whole tool-tip: where the value came from, then the word on its rounding."""
        return "\n".join(t for t in (self.tooltip, self.rounding) if t)


def _differs(a: Decimal | None, b: Decimal | None) -> bool:
    """Whether a cell shows something else: 0 and the $000 view's -0 ("(0)") differ."""
    return a != b or (a is not None and b is not None and a.is_signed() != b.is_signed())


YES = ("yes", "y", "true", "1")
SOURCE_TIPS = {"pasted": "Pasted", "imported": "Imported from", "json": "Loaded from JSON",
               "carried": "Carried"}
NO = ("no", "n", "false", "0")


class Computations:
    """The workbook's computation in each unit, made again only after a change; the two
    schedules' grids over one history share it (each is the engine's full pass over
    twelve months, with the checks)."""

    def __init__(self, wb: Workbook, history: EditHistory):
        self.wb = wb
        self.history = history
        self._by_units: dict[str, Computation] = {}
        self._version = history.version

    def clear(self) -> None:
        self._by_units.clear()

    def get(self, units: Units) -> Computation:
        if self._version != self.history.version:
            self.clear()
            self._version = self.history.version
        if units not in self._by_units:
            self._by_units[units] = compute(
                self.wb, units, dollars=None if units == "dollars" else self.get("dollars"))
        return self._by_units[units]


class Grid:
    """Behaviour shared by both schedules' grids."""

    def __init__(self, wb: Workbook, history: EditHistory | None = None,
                 units: Units = "thousands", computations: Computations | None = None):
        self.wb = wb
        self.history = history or EditHistory(wb)
        self._units: Units = units
        self.computations = computations or Computations(wb, self.history)
        self._cells: dict[tuple[int, int], CellView] = {}
        self._version = self.history.version

    # -- computation ----------------------------------------------------------
    @property
    def units(self) -> Units:
        return self._units

    @units.setter
    def units(self, units: Units) -> None:
        self._units = units
        self._cells.clear()

    def invalidate(self) -> None:
        """Forget everything computed: for a workbook changed outside the history."""
        self.computations.clear()
        self._cells.clear()

    def forget_cells(self) -> None:
        """Forget what the cells show (the shape or the units changed); the computations,
        kept per unit, stand until the workbook changes."""
        self._cells.clear()

    def _sync(self) -> None:
        # Every change goes through the history, whose version says when caches are stale
        # (the shared computations watch it too: clearing them here would have the other
        # grid compute the year again).
        if self._version != self.history.version:
            self._cells.clear()
            self._version = self.history.version

    def cell(self, row: int, col: int) -> CellView:
        """What a cell shows; memoised until the next change (a repaint asks each cell
        for several roles)."""
        self._sync()
        key = (row, col)
        view = self._cells.get(key)
        if view is None:
            view = self._cells[key] = self.make_cell(row, col)
        return view

    def computation(self, units: Units | None = None) -> Computation:
        self._sync()
        return self.computations.get(units or self.units)

    def changed_cells(self, old: Computation, new: Computation) -> list[tuple[int, int]]:
        """The cells whose figures differ between two computations (what to repaint)."""
        raise NotImplementedError

    # -- to be provided -------------------------------------------------------
    def row_count(self) -> int:
        raise NotImplementedError

    def column_count(self) -> int:
        raise NotImplementedError

    def ref(self, row: int, col: int) -> Ref | None:
        """The entered value a cell stands for; None for computed and caption cells."""
        raise NotImplementedError

    def describe(self, row: int, col: int) -> str:
        """How a message names the cell: "line 5c, MAR"."""
        raise NotImplementedError

    def make_cell(self, row: int, col: int) -> CellView:
        raise NotImplementedError

    def parse_value(self, ref: Ref, text: str) -> Value:
        raise NotImplementedError

    # -- editing --------------------------------------------------------------
    def editable(self, row: int, col: int) -> bool:
        """Whether the cell takes an entry now (never while the workbook is read-only:
        an editor would only collect what cannot be stored)."""
        return self.ref(row, col) is not None and not self.history.read_only

    def locked_reason(self, row: int, col: int) -> str:
        """Why a cell without a ref takes no entry (completes "line 6, JUN …")."""
        if self.cell(row, col).heading:
            return "is a caption of the form and takes no amount"
        return "is computed and cannot be typed in"

    def parse(self, row: int, col: int, text: str) -> Value:
        ref = self.ref(row, col)
        if ref is None:
            raise EditError(f"{self.describe(row, col)} {self.locked_reason(row, col)}")
        try:
            return self.parse_value(ref, text)
        except AmountError as exc:
            raise EditError(f"{self.describe(row, col)}: {exc}") from None

    def set_text(self, row: int, col: int, text: str) -> Step | None:
        """Type into one cell (blank clears it). Raises `EditError`; nothing stored then."""
        value = self.parse(row, col, text)
        ref = self.ref(row, col)
        assert ref is not None
        return self._apply(f"Typing in {self.describe(row, col)}",
                           [(ref, self._entry(value, "typed"))])

    def _apply(self, label: str, assignments: list[tuple[Ref, Value]]) -> Step | None:
        try:
            step = self.history.apply(label, assignments)
        except WorkbookError as exc:
            raise EditError(str(exc)) from None
        self._sync()
        return step

    def clear(self, cells: list[tuple[int, int]]) -> Step | None:
        refs = [r for r in (self.ref(row, col) for row, col in cells) if r is not None]
        return self._apply(f"Clear {len(refs)} cell(s)", [(r, None) for r in refs])

    def copy(self, top: int, left: int, bottom: int, right: int) -> str:
        """The block as tab-separated text, as Excel puts it on the clipboard."""
        lines = []
        for row in range(top, bottom + 1):
            lines.append("\t".join(self.copy_text(row, col) for col in range(left, right + 1)))
        return "\r\n".join(lines) + "\r\n"

    def copy_text(self, row: int, col: int) -> str:
        return self.cell(row, col).text

    def paste(self, top: int, left: int, text: str) -> Step | None:
        """Paste a block of tab-separated text (from Excel) with its top-left at a cell.

        The whole block is validated first: one bad cell and nothing is pasted — the
        error names that cell. Blank cells in the block clear their target.
        """
        rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if rows and rows[-1] == "":
            rows.pop()  # the trailing newline Excel adds
        if not rows:
            return None
        assignments: list[tuple[Ref, Value]] = []
        for dr, line in enumerate(rows):
            for dc, raw in enumerate(line.split("\t")):
                row, col = top + dr, left + dc
                if row >= self.row_count() or col >= self.column_count():
                    raise EditError(
                        f"The pasted block ({len(rows)} rows) does not fit: it runs past "
                        "the last row or column of the schedule.")
                ref = self.ref(row, col)
                if ref is None:
                    if raw.strip() and raw.strip() != self.cell(row, col).text:
                        raise EditError(f"{self.describe(row, col)} is computed; the "
                                        f"pasted value {raw.strip()!r} cannot go there.")
                    continue  # computed or caption: skip what was copied from it
                try:
                    value = self.parse_value(ref, raw)
                except AmountError as exc:
                    raise EditError(f"Nothing pasted: {self.describe(row, col)}: {exc}"
                                    ) from None
                assignments.append((ref, self._entry(value, "pasted")))
        n = len(assignments)
        return self._apply(f"Paste {n} cell{'s' if n != 1 else ''}", assignments)

    def _entry(self, value: Value, source: str) -> Value:
        return Entry(value, source) if isinstance(value, Decimal) else value


class ScheduleAGrid(Grid):
    """Schedule A: a row per printed line (captions included), a column per month."""

    def __init__(self, wb: Workbook, history: EditHistory | None = None,
                 units: Units = "thousands", computations: Computations | None = None):
        super().__init__(wb, history, units, computations)
        self.rows: tuple[Item, ...] = wb.form.schedule_a

    def row_count(self) -> int:
        return len(self.rows)

    def column_count(self) -> int:
        return len(MONTHS)

    def row_of(self, code: str) -> int:
        return next(i for i, item in enumerate(self.rows) if item.code == code)

    def changed_cells(self, old: Computation, new: Computation) -> list[tuple[int, int]]:
        out = []
        rows = {item.code: r for r, item in enumerate(self.rows) if item.code}
        for col, month in enumerate(MONTHS):
            a, b = old.months[month], new.months[month]
            if a.active != b.active:
                out.extend((r, col) for r in rows.values())
                continue
            out.extend((rows[code], col) for code, v in b.values.items()
                       if _differs(a.values.get(code), v))
        return out

    def ref(self, row: int, col: int) -> Ref | None:
        item = self.rows[row]
        if not item.is_input or item.code is None:
            return None
        return ItemCell(MONTHS[col], item.code)

    def describe(self, row: int, col: int) -> str:
        return f"line {self.rows[row].line}, {MONTHS[col]}"

    def make_cell(self, row: int, col: int) -> CellView:
        item = self.rows[row]
        month = MONTHS[col]
        if item.kind is Kind.HEADING or item.code is None:
            return CellView("", False, heading=True)
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
            text = format_amount(value, places=0 if self.units == "thousands" else 2)
        tip = ""
        if item.code == EQUITY_START and res.line4_carried:
            tip = f"Carried from {res.line4_prior_month}'s line 8"
        elif entered is not None and entered.source != "typed":
            tip = SOURCE_TIPS.get(entered.source, entered.source.capitalize())
            tip = f"{tip} {entered.source_ref}".strip()
        rounding = ""
        if res.active and value is not None and item.unit is Unit.DOLLARS \
                and self.units == "thousands":
            rounding = self._rounding_tip(month, item.code, value)
        return CellView(text, item.is_input, item.is_computed,
                        value is not None and value.is_signed(), entered is not None, tip,
                        rounding=rounding)

    def _rounding_tip(self, month: str, code: str, value: Decimal) -> str:
        """The $000 view's word on a figure: the note of a total that cannot foot, or why
        a part prints other than its true amount rounded."""
        notes = [n.text for n in self.computation().months[month].notes if n.code == code]
        if notes:
            return "\n".join(notes)
        true = self.computation("dollars").months[month].values[code]
        return "" if true is None else adjustment(value, true)

    def copy_text(self, row: int, col: int) -> str:
        # Entered amounts copy in dollars and cents (what a re-paste needs); computed
        # cells copy as shown.
        ref = self.ref(row, col)
        if isinstance(ref, ItemCell):
            entry = self.wb.items[ref.month].get(ref.code)
            return "" if entry is None else format_amount(entry.value, places=2)
        return self.cell(row, col).text

    def edit_text(self, row: int, col: int) -> str:
        """What an editor starts with: the entered amount in dollars, unformatted."""
        ref = self.ref(row, col)
        if not isinstance(ref, ItemCell):
            return ""
        value = self.wb.value(ref.month, ref.code)
        return "" if value is None else format_amount(value, places=2).replace(",", "")

    def parse_value(self, ref: Ref, text: str) -> Value:
        assert isinstance(ref, ItemCell)
        item = self.wb.form.by_code[ref.code]
        # Amounts are typed in dollars and cents whatever the view shows.
        if item.kind is Kind.COUNT:
            return parse_count(text)
        return parse_amount(text)


class ScheduleBGrid(Grid):
    """Schedule B: a row per line; columns I–IV of one month or of all twelve."""

    def __init__(self, wb: Workbook, history: EditHistory | None = None,
                 month: str | None = "JAN", units: Units = "dollars",
                 computations: Computations | None = None):
        super().__init__(wb, history, units, computations)
        self._month = month  # None: all months side by side
        self.lines: tuple[BLine, ...] = wb.form.schedule_b_lines
        self.columns = wb.form.schedule_b_columns

    @property
    def month(self) -> str | None:
        return self._month

    @month.setter
    def month(self, month: str | None) -> None:
        self._month = month
        self._cells.clear()

    @property
    def months(self) -> tuple[str, ...]:
        return MONTHS if self.month is None else (self.month,)

    def row_count(self) -> int:
        return len(self.lines)

    def column_count(self) -> int:
        return len(self.months) * len(self.columns)

    def position(self, col: int) -> tuple[str, str]:
        """(month, column key) of a grid column."""
        month = self.months[col // len(self.columns)]
        return month, self.columns[col % len(self.columns)].key

    def column_header(self, col: int) -> str:
        month, key = self.position(col)
        column = next(c for c in self.columns if c.key == key)
        # The $000 view prints II and III in thousands, as the form does; say so.
        units = "\n$000" if self.units == "thousands" and column.print_in_thousands else ""
        if self.month is None:
            return f"{month} {key}{units}"
        return key + "\n" + "\n".join(textwrap.wrap(column.heading, 14)) + units

    def changed_cells(self, old: Computation, new: Computation) -> list[tuple[int, int]]:
        out = []
        for col in range(self.column_count()):
            month, key = self.position(col)
            a, b = old.months[month], new.months[month]
            for row, line in enumerate(self.lines):
                if line.kind is BKind.QUESTION:
                    if key == "I" and a.answer != b.answer:
                        out.append((row, col))
                elif _differs(a.schedule_b.get(line.key, {}).get(key),
                              b.schedule_b.get(line.key, {}).get(key)):
                    out.append((row, col))
        return out

    def ref(self, row: int, col: int) -> Ref | None:
        line = self.lines[row]
        month, key = self.position(col)
        # A cell the line takes no entry in (5G IV) is editable only to clear what an
        # older file holds there.
        if line.takes(key) or (line.kind is BKind.INPUT
                               and (line.key, key) in self.wb.schedule_b[month]):
            return BCell(month, line.key, key)
        if line.kind is BKind.QUESTION and key == "I":
            return AnswerCell(month)
        return None

    def describe(self, row: int, col: int) -> str:
        month, key = self.position(col)
        return f"Schedule B line {self.lines[row].key}, column {key}, {month}"

    def locked_reason(self, row: int, col: int) -> str:
        line = self.lines[row]
        if line.kind is BKind.QUESTION:
            return "takes no entry: line 10 is answered Yes or No in column I"
        if line.kind is BKind.INPUT:  # an input line's column it takes no entry in (5G IV)
            return f"takes no entry: {b_column_reason(line)}"
        return super().locked_reason(row, col)

    def make_cell(self, row: int, col: int) -> CellView:
        line = self.lines[row]
        month, key = self.position(col)
        if line.kind is BKind.HEADING:
            return CellView("", False, heading=True)
        res = self.computation().months[month]
        if line.kind is BKind.QUESTION:
            if key != "I":
                return CellView("", False)
            answer = self.wb.schedule_b_answer.get(month)
            return CellView({True: "Yes", False: "No", None: ""}[answer], True,
                            tooltip="Type Yes or No")
        value = res.schedule_b.get(line.key, {}).get(key)
        if self.units == "dollars" or value is None:
            # Column I counts items; II–IV are dollars (pennies shown when entered).
            places = 0 if key == "I" or value is None or value == value.to_integral_value() \
                else 2
        else:
            places = 0
        text = "" if value is None else format_amount(value, places=places)
        rounding = ""
        column = self.columns[col % len(self.columns)]
        if self.units == "thousands" and value is not None and column.unit is Unit.DOLLARS:
            true = self.computation("dollars").months[month].schedule_b[line.key][key]
            rounding = "" if true is None else adjustment(
                value, true, thousands=column.print_in_thousands)
        return CellView(text, line.takes(key), line.kind is BKind.TOTAL,
                        value is not None and value.is_signed(),
                        (line.key, key) in self.wb.schedule_b[month], rounding=rounding)

    def copy_text(self, row: int, col: int) -> str:
        ref = self.ref(row, col)
        if isinstance(ref, BCell):
            entry = self.wb.schedule_b[ref.month].get((ref.line, ref.column))
            return "" if entry is None else format_amount(
                entry.value, places=0 if ref.column == "I" else 2)
        return self.cell(row, col).text

    def edit_text(self, row: int, col: int) -> str:
        ref = self.ref(row, col)
        if isinstance(ref, BCell):
            v = self.wb.b_value(ref.month, ref.line, ref.column)
            return "" if v is None else format_amount(v, places=2).replace(",", "")
        return self.cell(row, col).text

    def parse_value(self, ref: Ref, text: str) -> Value:
        if isinstance(ref, AnswerCell):
            t = text.strip().lower()
            if not t:
                return None
            if t in YES:
                return True
            if t in NO:
                return False
            raise AmountError(f"{text.strip()!r} is not Yes or No")
        assert isinstance(ref, BCell)
        return parse_count(text) if ref.column == "I" else parse_amount(text)
