"""What the grids show and what editing a cell means — without Qt.

The Qt table models are thin adapters over these classes: `ScheduleAGrid` (rows are the
catalog's Schedule A rows, captions included; columns JAN–DEC) and `ScheduleBGrid`
(rows are the catalog's Schedule B lines; columns I–IV of one month, or of all twelve
side by side). Typing, clearing, copying and pasting happen here, as steps on the
workbook's `EditHistory`; tests drive these classes directly.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

from ..base.money import (
    THOUSAND,
    AmountError,
    format_amount,
    parse_amount,
    plain,
    to_thousands,
    usd,
)
from ..calculation.engine import Computation, Units
from ..calculation.rounding import adjustment
from ..document.editing import AnswerCell, BCell, EditHistory, ItemCell, Step, Target, Value
from ..form.catalog import EQUITY_START, MONTHS, BKind, BLine, Item, Kind, Unit
from ..model.workbook import Entry, Workbook, WorkbookError, b_column_reason
from .cells import (
    BLANK_TIP,
    NO,
    YES,
    CellView,
    Copied,
    EditError,
    Pasted,
    differs,
    parse_count,
    provenance_of,
    source_tip,
    words_in,
)
from .computations import Computations


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
        # "Type amounts in the units shown": in the $000 view an amount typed (or pasted
        # from another program) is in thousands — 4 stores $4,000. Off: always dollars.
        self.type_in_units_shown = False

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

    def ref(self, row: int, col: int) -> Target | None:
        """The entered value a cell stands for; None for computed and caption cells."""
        raise NotImplementedError

    def describe(self, row: int, col: int) -> str:
        """How a message names the cell: "line 5c, MAR"."""
        raise NotImplementedError

    def make_cell(self, row: int, col: int) -> CellView:
        raise NotImplementedError

    def parse_value(self, ref: Target, text: str) -> Value:
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

    def parse(self, row: int, col: int, text: str, *, exact: bool = False) -> Value:
        """The value `text` typed into a cell stands for (dollars); `exact`: the text is
        in dollars whatever the view (a block copied from FocusDesk)."""
        ref = self.ref(row, col)
        if ref is None:
            raise EditError(f"{self.describe(row, col)} {self.locked_reason(row, col)}")
        try:
            if not exact and self.typed_in_thousands(row, col):
                value = parse_amount(text, max_places=5)
                return None if value is None else value * THOUSAND
            return self.parse_value(ref, text)
        except AmountError as exc:
            raise EditError(f"{self.describe(row, col)}: {exc}") from None

    # -- the $000 view: what a typed amount stores and shows ---------------------------
    def in_thousands(self, row: int, col: int) -> bool:
        """Whether the cell shows its amount in thousands in the view as it is."""
        raise NotImplementedError

    def typed_in_thousands(self, row: int, col: int) -> bool:
        return self.type_in_units_shown and self.in_thousands(row, col)

    def entry_preview(self, row: int, col: int, text: str) -> str:
        """What typing `text` will store and show, for the editor to say while it is
        typed in the $000 view ("4,250 → $4,250; shows 4"); "" where the view shows
        what is stored (dollars, counts)."""
        if not self.in_thousands(row, col) or not text.strip():
            return ""
        try:
            value = self.parse(row, col, text)
        except EditError as exc:
            return str(exc).split(": ", 1)[-1]
        if not isinstance(value, Decimal):
            return ""
        return f"{text.strip()} → {usd(value).removesuffix('.00')}; shows " \
               f"{format_amount(to_thousands(value))}"

    def edit_text(self, row: int, col: int) -> str:
        """What an editor starts with: the entered amount unformatted — in dollars, or in
        thousands when amounts are typed in the units shown."""
        value = self.entered_value(row, col)
        if value is None:
            return ""
        if self.typed_in_thousands(row, col):
            return plain(value / THOUSAND)
        return format_amount(value, places=2).replace(",", "")

    def entered_value(self, row: int, col: int) -> Decimal | None:
        """The amount entered in a cell (exact dollars), None when nothing is."""
        raise NotImplementedError

    def set_text(self, row: int, col: int, text: str) -> Step | None:
        """Type into one cell (blank clears it). Raises `EditError`; nothing stored then."""
        if self.history.read_only:
            raise EditError(self.history.read_only)
        value = self.parse(row, col, text)
        ref = self.ref(row, col)
        assert ref is not None
        return self._apply(f"Typing in {self.describe(row, col)}",
                           [(ref, self._entry(value, "typed"))])

    def _apply(self, label: str, assignments: list[tuple[Target, Value]]) -> Step | None:
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
        """The block as tab-separated text, as Excel puts it on the clipboard: what the
        cells show, in the view's units — the same for entered and computed cells."""
        return self.copy_block(top, left, bottom, right).text

    def copy_block(self, top: int, left: int, bottom: int, right: int) -> Copied:
        def tsv(cell_text) -> str:
            return "".join("\t".join(cell_text(row, col) for col in range(left, right + 1))
                           + "\r\n" for row in range(top, bottom + 1))

        def exact(row: int, col: int) -> str:
            if self.ref(row, col) is None:
                return self.cell(row, col).text  # skipped by a paste
            value = self.entered_value(row, col)
            if value is None:
                return self.cell(row, col).text if self.ref_is_answer(row, col) else ""
            return plain(value)

        return Copied(tsv(lambda r, c: self.cell(r, c).text), tsv(exact))

    def ref_is_answer(self, row: int, col: int) -> bool:
        return isinstance(self.ref(row, col), AnswerCell)

    def paste(self, top: int, left: int, text: str, *, exact: bool = False) -> Step | None:
        return self.paste_block(top, left, text, exact=exact).step

    def paste_block(self, top: int, left: int, text: str, *, exact: bool = False) -> Pasted:
        """Paste a block of tab-separated text (from Excel, or copied here) with its
        top-left at a cell; `exact`: amounts in dollars whatever the view (FocusDesk's
        own copy, `Copied.dollars`).

        The whole block is validated first: one bad cell and nothing is pasted — the
        error names that cell. Blank cells in the block clear their target; cells that
        land on computed or caption lines are skipped (one note says how many).
        """
        if self.history.read_only:
            raise EditError(self.history.read_only)
        rows = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if rows and rows[-1] == "":
            rows.pop()  # the trailing newline Excel adds
        if not rows:
            return Pasted(None, 0)
        assignments: list[tuple[Target, Value]] = []
        skipped = 0
        for dr, line in enumerate(rows):
            for dc, raw in enumerate(line.split("\t")):
                row, col = top + dr, left + dc
                if row >= self.row_count() or col >= self.column_count():
                    raise EditError(
                        f"The pasted block ({len(rows)} rows) does not fit: it runs past "
                        "the last row or column of the schedule.")
                ref = self.ref(row, col)
                if ref is None:
                    skipped += 1
                    continue  # computed or caption: what was copied from it stays there
                try:
                    value = self.parse(row, col, raw, exact=exact)
                except EditError as exc:
                    raise EditError(f"Nothing pasted: {exc}") from None
                assignments.append((ref, self._entry(value, "pasted")))
        n = len(assignments)
        step = self._apply(f"Paste {n} cell{'s' if n != 1 else ''}", assignments) \
            if assignments else None
        return Pasted(step, skipped, n)

    # -- reading a selection -------------------------------------------------------------
    def shown_value(self, row: int, col: int) -> Decimal | None:
        """The figure a cell shows, in the view's units; None for blank, N/A and
        captions."""
        raise NotImplementedError

    def is_amount(self, row: int, col: int) -> bool:
        """Whether the cell holds money (not a count of items, not a percent)."""
        raise NotImplementedError

    def summary(self, cells: list[tuple[int, int]]) -> tuple[Decimal, int, int]:
        """Sum of the amounts, their count, and the count of cells with any figure —
        for the status bar, as a spreadsheet shows a selection's Sum and Count."""
        total, amounts, figures = Decimal(0), 0, 0
        for row, col in cells:
            value = self.shown_value(row, col)
            if value is None:
                continue
            figures += 1
            if self.is_amount(row, col):
                total += value
                amounts += 1
        return total, amounts, figures

    def filled(self, row: int, col: int) -> bool:
        """A cell with something in it (what Ctrl+Arrow jumps between)."""
        return bool(self.cell(row, col).text)

    def jump(self, row: int, col: int, drow: int, dcol: int) -> tuple[int, int]:
        """Where Ctrl+Arrow lands from a cell, as in a spreadsheet: along a run of filled
        cells to its last one; from a blank cell (or the end of a run) to the next filled
        cell; with none, to the edge of the sheet."""
        rows, cols = self.row_count(), self.column_count()

        def inside(r: int, c: int) -> bool:
            return 0 <= r < rows and 0 <= c < cols

        r, c = row + drow, col + dcol
        if not inside(r, c):
            return row, col
        if self.filled(row, col) and self.filled(r, c):
            while inside(r + drow, c + dcol) and self.filled(r + drow, c + dcol):
                r, c = r + drow, c + dcol
            return r, c
        while not self.filled(r, c) and inside(r + drow, c + dcol):
            r, c = r + drow, c + dcol
        return r, c

    def last_filled(self) -> tuple[int, int]:
        """Ctrl+End: the last row and last column holding anything entered or computed."""
        last_row = last_col = 0
        for row in range(self.row_count()):
            for col in range(self.column_count()):
                if self.filled(row, col):
                    last_row, last_col = max(last_row, row), max(last_col, col)
        return last_row, last_col

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
                       if differs(a.values.get(code), v))
        return out

    def ref(self, row: int, col: int) -> Target | None:
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
        if item.code == EQUITY_START and res.line4_carried:
            tip, provenance = f"Carried from {res.line4_prior_month}'s line 8", "carried"
        elif item.is_computed:
            tip, provenance = "", "computed"
        elif entered is None:
            # Nothing entered: the form counts it as zero, the sheet shows it blank.
            text = "" if res.active else text
            tip, provenance = (BLANK_TIP, "blank") if res.active else ("", "")
        else:
            tip, provenance = source_tip(entered), provenance_of(entered.source)
        rounding = ""
        if res.active and value is not None and item.unit is Unit.DOLLARS \
                and self.units == "thousands" and text:
            rounding = self._rounding_tip(month, item.code, value)
        return CellView(text, item.is_input, item.is_computed,
                        value is not None and value.is_signed() and bool(text),
                        entered is not None, tip,
                        provenance=provenance if res.active else "", rounding=rounding)

    def _rounding_tip(self, month: str, code: str, value: Decimal) -> str:
        """The $000 view's word on a figure: the note of a total that cannot foot, or why
        a part prints other than its true amount rounded."""
        notes = [n.text for n in self.computation().months[month].notes if n.code == code]
        if notes:
            return "\n".join(notes)
        true = self.computation("dollars").months[month].values[code]
        return "" if true is None else adjustment(value, true)

    def in_thousands(self, row: int, col: int) -> bool:
        return self.units == "thousands" and self.rows[row].kind is Kind.AMOUNT

    def entered_value(self, row: int, col: int) -> Decimal | None:
        ref = self.ref(row, col)
        return self.wb.value(ref.month, ref.code) if isinstance(ref, ItemCell) else None

    def shown_value(self, row: int, col: int) -> Decimal | None:
        item = self.rows[row]
        if item.code is None or not self.cell(row, col).text:
            return None
        return self.computation().months[MONTHS[col]].values.get(item.code)

    def is_amount(self, row: int, col: int) -> bool:
        return self.rows[row].unit is Unit.DOLLARS

    def find(self, query: str) -> list[int]:
        """The rows a query names: a printed line ("23a", "23a."), an item code
        ("3840"), else every line whose label holds the words."""
        q = query.strip().lower().rstrip(".")
        if not q:
            return []
        exact = [r for r, item in enumerate(self.rows)
                 if q in (item.line.lower(), (item.code or "").lower())]
        return exact or [r for r, item in enumerate(self.rows)
                         if words_in(q, item.label)]

    def parse_value(self, ref: Target, text: str) -> Value:
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
                elif differs(a.schedule_b.get(line.key, {}).get(key),
                              b.schedule_b.get(line.key, {}).get(key)):
                    out.append((row, col))
        return out

    def ref(self, row: int, col: int) -> Target | None:
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
        entered = self.wb.schedule_b[month].get((line.key, key))
        if line.kind is BKind.TOTAL:
            tip, provenance = "", "computed"
        elif not line.takes(key):
            tip, provenance = "", ""
        elif entered is None:
            tip, provenance = BLANK_TIP, "blank"
        else:
            tip, provenance = source_tip(entered), provenance_of(entered.source)
        rounding = ""
        column = self.columns[col % len(self.columns)]
        if self.units == "thousands" and value is not None and column.unit is Unit.DOLLARS:
            true = self.computation("dollars").months[month].schedule_b[line.key][key]
            rounding = "" if true is None else adjustment(
                value, true, thousands=column.print_in_thousands)
        return CellView(text, line.takes(key), line.kind is BKind.TOTAL,
                        value is not None and value.is_signed(), entered is not None, tip,
                        provenance=provenance if res.active else "", rounding=rounding)

    def in_thousands(self, row: int, col: int) -> bool:
        _, key = self.position(col)
        return (self.units == "thousands" and self.lines[row].kind is BKind.INPUT
                and next(c for c in self.columns if c.key == key).print_in_thousands)

    def entered_value(self, row: int, col: int) -> Decimal | None:
        ref = self.ref(row, col)
        return self.wb.b_value(ref.month, ref.line, ref.column) if isinstance(ref, BCell) \
            else None

    def edit_text(self, row: int, col: int) -> str:
        if isinstance(self.ref(row, col), AnswerCell):
            return self.cell(row, col).text
        return super().edit_text(row, col)

    def shown_value(self, row: int, col: int) -> Decimal | None:
        line = self.lines[row]
        if line.kind not in (BKind.INPUT, BKind.TOTAL) or not self.cell(row, col).text:
            return None
        month, key = self.position(col)
        return self.computation().months[month].schedule_b.get(line.key, {}).get(key)

    def is_amount(self, row: int, col: int) -> bool:
        return self.position(col)[1] != "I"

    def find(self, query: str) -> list[int]:
        """The rows a query names: a line ("5A", "5a", "10"), else the labels' words."""
        q = query.strip().lower().rstrip(".")
        if not q:
            return []
        exact = [r for r, b in enumerate(self.lines) if b.kind is not BKind.TOTAL
                 and q in (b.key.lower(), b.key.lower().split(" ")[0])]
        return exact or [r for r, b in enumerate(self.lines) if words_in(q, b.label)]

    def blank_to_zero(self, month: str) -> list[tuple[Target, Value]]:
        """"Fill blank lines with -0-" for a month: every blank cell of the lines the form
        asks to be answered (lines 1–8, in the columns each takes: "If respondent has
        nothing to report, enter -0-"), as the assignments of one step."""
        from ..calculation.checks import zero_answer_lines

        out: list[tuple[Target, Value]] = []
        for line in zero_answer_lines(self.wb.form):
            for column in self.columns:
                if line.takes(column.key) and \
                        (line.key, column.key) not in self.wb.schedule_b[month]:
                    out.append((BCell(month, line.key, column.key), Entry(Decimal(0))))
        return out

    def parse_value(self, ref: Target, text: str) -> Value:
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
