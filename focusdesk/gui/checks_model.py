"""The Checks tab's model: the engine's findings, one per row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from ..calculation.checks import Finding

Index = QModelIndex | QPersistentModelIndex
SEVERITY_LABEL = {"error": "Error", "warning": "Warning", "info": "Note"}


class ChecksModel(QAbstractTableModel):
    HEADERS = ("Severity", "Month", "Line", "Finding", "Rule")

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.findings: list[Finding] = []
        self._icons: dict[str, QIcon] = {}

    def icon(self, severity: str) -> QIcon:
        if severity not in self._icons:
            self._icons[severity] = QIcon(f":/icons/severity-{severity}.svg")
        return self._icons[severity]

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = list(findings)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.findings[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            where = (f"Sch. B {f.line}" if f.item.startswith("B-")
                     else f"{f.line} [{f.item}]")
            return (SEVERITY_LABEL[f.severity], f.month, where, f.message, f.rule)[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self.icon(f.severity)
        if role == Qt.ItemDataRole.ToolTipRole and col == 3:
            return f.message
        return None
