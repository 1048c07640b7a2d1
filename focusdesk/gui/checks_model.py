"""The Checks tab's model: the Qt-free `focusdesk.tables.findings.FindingsTable`, with each
severity's icon."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from ..calculation.checks import Finding
from ..tables.findings import FindingsTable
from .row_model import Index, RowTableModel


class ChecksModel(RowTableModel):
    HEADERS = FindingsTable().headers
    table: FindingsTable

    def __init__(self, parent: Any = None):
        super().__init__(FindingsTable(), parent=parent)
        self._icons: dict[str, QIcon] = {}

    @property
    def findings(self) -> list[Finding]:
        return self.table.findings

    def icon(self, severity: str) -> QIcon:
        if severity not in self._icons:
            self._icons[severity] = QIcon(f":/icons/severity-{severity}.svg")
        return self._icons[severity]

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.set_table(FindingsTable(findings))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            return self.icon(self.findings[index.row()].severity)
        return super().data(index, role)
