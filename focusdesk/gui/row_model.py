"""One Qt adapter for the Qt-free read-only tables (`focusdesk.tables.rows.RowTable`): the
Checks tab, the Segregation tab's filings and statements, the trial-balance wizard's
changes and the accounts behind a line. A table's roles become colours and fonts through
the `RoleStyle`s the view gives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ..tables.rows import RowTable

Index = QModelIndex | QPersistentModelIndex
_ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class RoleStyle:
    """How a cell with a role is drawn ("" leaves the palette's colour)."""

    foreground: str = ""
    background: str = ""
    bold: bool = False


class RowTableModel(QAbstractTableModel):
    """A `RowTable` as a Qt model; `set_table` shows another."""

    def __init__(self, table: RowTable, styles: Mapping[str, RoleStyle] | None = None,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.styles = dict(styles or {})
        self._brushes: dict[str, QBrush] = {}

    def set_table(self, table: RowTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def _brush(self, colour: str) -> QBrush:
        if colour not in self._brushes:
            self._brushes[colour] = QBrush(QColor(colour))
        return self._brushes[colour]

    def _style(self, row: int, col: int, attribute: str) -> Any:
        """The first of the cell's roles that sets `attribute` (in the styles' order)."""
        roles = self.table.roles(row, col)
        for role, style in self.styles.items():
            value = getattr(style, attribute)
            if role in roles and value:
                return value
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.table.columns)):
            return self.table.columns[section].name
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.table.tip(row, col) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if self.table.columns[col].right else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._style(row, col, "background")
            return self._brush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._style(row, col, "foreground")
            return self._brush(colour) if colour else None
        if role == Qt.ItemDataRole.FontRole and self._style(row, col, "bold"):
            font = QFont()
            font.setBold(True)
            return font
        return None


def row_view(model: RowTableModel, parent: QWidget | None = None, *, padding: int = 8
             ) -> QTableView:
    """A read-only view of whole rows, one text line each (`padding` pixels above and
    below the text together)."""
    view = QTableView(parent)
    view.setModel(model)
    model.setParent(view)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + padding)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    return view
