"""The workbook's computation in each unit, shared by the grids over one edit history and
made again only after a change (`Computations`)."""

from __future__ import annotations

from ..calculation.engine import Computation, Units, compute
from ..document.editing import EditHistory
from ..model.workbook import Workbook


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
