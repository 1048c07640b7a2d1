"""Qt table models: thin adapters over the Qt-free grids in `focusdesk.grid`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..catalog import MONTHS, Kind
from ..grid import ScheduleAGrid
from ..money import AmountError

Index = QModelIndex | QPersistentModelIndex
COMPUTED_BG = QColor("#eef2f7")
HEADING_BG = QColor("#f7f7f7")
NEGATIVE_FG = QColor("#b00020")


class ScheduleAModel(QAbstractTableModel):
    """Rows: Schedule A lines; columns: Line, Label, Code, JAN … DEC."""

    FIXED = ("Line", "Item", "Code")
    edit_refused = Signal(str)  # a message for the status bar / a tool-tip

    def __init__(self, grid: ScheduleAGrid, parent: Any = None):
        super().__init__(parent)
        self.grid = grid

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.grid.row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + self.grid.column_count()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < len(self.FIXED):
                return self.FIXED[section]
            return MONTHS[section - len(self.FIXED)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = index.column() - len(self.FIXED)
        if col >= 0 and self.grid.cell(index.row(), col).editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.grid.rows[index.row()]
        col = index.column() - len(self.FIXED)
        heading = item.kind is Kind.HEADING
        if col < 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return (f"{item.line}.", item.label, item.code or "")[index.column()]
            if role == Qt.ItemDataRole.FontRole and (heading or item.is_computed):
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(HEADING_BG if heading else
                              COMPUTED_BG if item.is_computed else QColor("white"))
            if role == Qt.ItemDataRole.ToolTipRole and item.help:
                return item.help
            return None
        cell = self.grid.cell(index.row(), col)
        match role:
            case Qt.ItemDataRole.DisplayRole:
                return cell.text
            case Qt.ItemDataRole.EditRole:
                return self.grid.edit_text(index.row(), col)
            case Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            case Qt.ItemDataRole.BackgroundRole:
                if heading:
                    return QBrush(HEADING_BG)
                return QBrush(COMPUTED_BG) if cell.computed else None
            case Qt.ItemDataRole.ForegroundRole:
                return QBrush(NEGATIVE_FG) if cell.negative else None
            case Qt.ItemDataRole.FontRole if cell.computed:
                f = QFont()
                f.setBold(True)
                return f
            case Qt.ItemDataRole.ToolTipRole:
                return cell.tooltip or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        col = index.column() - len(self.FIXED)
        if col < 0:
            return False
        try:
            amount = self.grid.parse(index.row(), col, str(value))
        except AmountError as exc:
            self.edit_refused.emit(f"Not stored: {exc}.")
            return False
        code = self.grid.rows[index.row()].code
        assert code is not None
        if not self.grid.wb.set_item(MONTHS[col], code, amount, source="typed"):
            return False
        self.refresh()
        return True

    def refresh(self) -> None:
        """Recompute and repaint every value cell (an edit can move any total)."""
        self.grid.invalidate()
        self.dataChanged.emit(self.index(0, len(self.FIXED)),
                              self.index(self.rowCount() - 1, self.columnCount() - 1))
