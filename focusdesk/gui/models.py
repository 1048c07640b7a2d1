"""Qt table models: thin adapters over the Qt-free grids in `focusdesk.tables.grid`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..calculation.engine import Computation
from ..form.catalog import MONTHS, BKind, Kind
from ..tables.grid import EditError, Grid, ScheduleAGrid, ScheduleBGrid

Index = QModelIndex | QPersistentModelIndex
COMPUTED_BG = QColor("#e8eef6")
HEADING_BG = QColor("#f4f4f4")
NEGATIVE_FG = QColor("#b00020")
WHITE = QColor("white")
HEADING_BRUSH, COMPUTED_BRUSH, WHITE_BRUSH = QBrush(HEADING_BG), QBrush(COMPUTED_BG), QBrush(WHITE)
NEGATIVE_BRUSH = QBrush(NEGATIVE_FG)


@dataclass(frozen=True)
class Style:
    """How a cell of one provenance is drawn (`focusdesk.tables.grid.PROVENANCES`); the legend
    (View ▸ Legend) draws its samples from the same table."""

    foreground: str  # "" for the palette's text colour
    background: str  # "" for the base colour
    bold: bool
    italic: bool
    meaning: str


PROVENANCE_STYLES: dict[str, Style] = {
    "typed": Style("", "", False, False, "Typed in this window"),
    "imported": Style("#1f5f99", "", False, False,
                      "Imported from a file — a trial balance, a Daily Seg filing, an Excel "
                      "or JSON file (the tooltip names it)"),
    "pasted": Style("#7b2fa0", "", False, False, "Pasted (from FocusDesk or another program)"),
    "carried": Style("#5b6b7c", "", False, True,
                     "Carried: line 4 taken from the prior reported month's line 8"),
    "computed": Style("", COMPUTED_BG.name(), True, False,
                      "Computed by the form's rules: not typed in"),
    "blank": Style("", "", False, False,
                   "Blank: nothing entered (the form counts it as zero; type 0 for -0-)"),
}
_BRUSHES = {k: QBrush(QColor(s.foreground)) for k, s in PROVENANCE_STYLES.items()
            if s.foreground}
# Negative amounts are red where the provenance does not colour the figure already (they
# are in parentheses in any case).
_NEGATIVE_RED = frozenset(("typed", "computed", ""))
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


# Qt asks data() for a dozen roles of every visible cell on every paint (3,000 calls for
# the first window): the roles as plain ints, and the brushes and font made once.
_R = Qt.ItemDataRole
DISPLAY, EDIT, ALIGNMENT = _R.DisplayRole.value, _R.EditRole.value, _R.TextAlignmentRole.value
BACKGROUND, FOREGROUND = _R.BackgroundRole.value, _R.ForegroundRole.value
FONT, TOOLTIP = _R.FontRole.value, _R.ToolTipRole.value
ANSWERED = frozenset((DISPLAY, EDIT, ALIGNMENT, BACKGROUND, FOREGROUND, FONT, TOOLTIP))
_FONTS: list[QFont] = []


def _bold() -> QFont:
    if not _FONTS:
        f = QFont()
        f.setBold(True)
        _FONTS.append(f)
        f = QFont()
        f.setItalic(True)
        _FONTS.append(f)
    return _FONTS[0]


def _italic() -> QFont:
    _bold()
    return _FONTS[1]


class GridModel(QAbstractTableModel):
    """A `Grid` with a few fixed descriptive columns to its left."""

    edit_refused = Signal(str)  # one sentence for the status bar
    edited = Signal()  # a step was applied through this model

    fixed: tuple[tuple[str, Callable[[Any, int], str]], ...] = ()

    def __init__(self, grid: Grid, parent: Any = None):
        super().__init__(parent)
        self.grid = grid
        self._shown: Computation | None = None  # what the view last painted from

    # -- shape ------------------------------------------------------------------
    @property
    def n_fixed(self) -> int:
        return len(self.fixed)

    def grid_col(self, column: int) -> int:
        return column - self.n_fixed

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.n_fixed + self.grid.column_count()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < self.n_fixed:
                return self.fixed_header(section)
            return self.column_header(self.grid_col(section))
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= self.n_fixed:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def fixed_header(self, section: int) -> str:
        return self.fixed[section][0]

    def column_header(self, col: int) -> str:
        raise NotImplementedError

    def is_heading_row(self, row: int) -> bool:
        raise NotImplementedError

    def is_total_row(self, row: int) -> bool:
        raise NotImplementedError

    def row_tooltip(self, row: int) -> str:
        return ""

    # -- cells ------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = self.grid_col(index.column())
        if col >= 0 and self.grid.editable(index.row(), col):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role not in ANSWERED or not index.isValid():
            return None
        row = index.row()
        col = index.column() - len(self.fixed)
        if col < 0:
            if role == DISPLAY:
                return self.fixed[index.column()][1](self.grid, row)
            heading = self.is_heading_row(row)
            if role == BACKGROUND:
                return HEADING_BRUSH if heading else COMPUTED_BRUSH if self.is_total_row(row) \
                    else WHITE_BRUSH
            if role == FONT:
                return _bold() if heading or self.is_total_row(row) else None
            if role == TOOLTIP:
                return self.row_tooltip(row) or None
            return ALIGN_LEFT if role == ALIGNMENT else None
        if role == ALIGNMENT:
            return ALIGN_RIGHT
        if role == EDIT:
            return self.grid.edit_text(row, col)  # type: ignore[attr-defined]
        cell = self.grid.cell(row, col)
        if role == DISPLAY:
            return cell.text
        if role == BACKGROUND:
            if self.is_heading_row(row):
                return HEADING_BRUSH
            return COMPUTED_BRUSH if cell.computed else None
        if role == FOREGROUND:
            if cell.negative and cell.provenance in _NEGATIVE_RED:
                return NEGATIVE_BRUSH
            return _BRUSHES.get(cell.provenance)
        if role == FONT:
            return _bold() if cell.computed else _italic() if cell.provenance == "carried" \
                else None
        return cell.tip or None  # TOOLTIP

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = self.grid_col(index.column())
        if col < 0:
            return False
        try:
            step = self.grid.set_text(index.row(), col, str(value))
        except EditError as exc:
            self.edit_refused.emit(f"Not stored — {exc}.")
            return False
        if step is None:
            return False
        self.refresh()
        self.edited.emit()
        return True

    def refresh(self) -> None:
        """Repaint the cells whose figures changed since the view last painted.

        An edit moves a handful of totals; signalling only those keeps the repaint to
        the cells that changed (the edit-to-repaint latency the issue measures).
        """
        new = self.grid.computation()
        old, self._shown = self._shown, new
        if old is new or not (self.rowCount() and self.columnCount()):
            return
        if old is None or old.units != new.units:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        by_column: dict[int, list[int]] = {}
        for row, col in self.grid.changed_cells(old, new):
            by_column.setdefault(col, []).append(row)
        for col, rows in by_column.items():
            column = self.n_fixed + col
            self.dataChanged.emit(self.index(min(rows), column), self.index(max(rows), column))

    def reset(self) -> None:
        """The shape or the units changed: rebuild the view."""
        self.beginResetModel()
        self.grid.forget_cells()
        self._shown = None
        self.endResetModel()


class ScheduleAModel(GridModel):
    """Rows: Schedule A lines; columns: Line, Item, Code, JAN … DEC."""

    fixed = (
        ("Line", lambda g, r: f"{g.rows[r].line}."),
        ("Item", lambda g, r: ("      " if g.rows[r].line[-1:].isalpha() else "")
         + g.rows[r].label),
        ("Code", lambda g, r: g.rows[r].code or ""),
    )
    grid: ScheduleAGrid

    def fixed_header(self, section: int) -> str:
        # The form's "$000 omitted", over the labels; amounts are typed in dollars.
        if section == 1:
            return ("Item — $000 omitted (type amounts in dollars)"
                    if self.grid.units == "thousands" else "Item — in dollars")
        return super().fixed_header(section)

    def column_header(self, col: int) -> str:
        return MONTHS[col]

    def is_heading_row(self, row: int) -> bool:
        return self.grid.rows[row].kind is Kind.HEADING

    def is_total_row(self, row: int) -> bool:
        return self.grid.rows[row].is_computed

    def row_tooltip(self, row: int) -> str:
        return self.grid.rows[row].help


class ScheduleBModel(GridModel):
    """Rows: Schedule B lines; columns: Line, Description, then I–IV per month."""

    fixed = (
        ("Line", lambda g, r: g.lines[r].number),
        ("Description", lambda g, r: (f"      {g.lines[r].sub}   " if g.lines[r].sub else "")
         + (g.lines[r].label if not (g.lines[r].sub and g.lines[r].number == "") else "")),
    )
    grid: ScheduleBGrid

    def fixed_header(self, section: int) -> str:
        if section == 1:
            return ("Description — II, III in $000; IV in dollars (type dollars)"
                    if self.grid.units == "thousands" else "Description — in dollars")
        return super().fixed_header(section)

    def column_header(self, col: int) -> str:
        return self.grid.column_header(col)

    def row_tooltip(self, row: int) -> str:
        return self.grid.lines[row].label  # long captions are cut short in the column

    def is_heading_row(self, row: int) -> bool:
        return self.grid.lines[row].kind is BKind.HEADING

    def is_total_row(self, row: int) -> bool:
        return self.grid.lines[row].kind is BKind.TOTAL
