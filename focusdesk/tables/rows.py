"""A read-only table as plain data: columns, rows of texts, what each row and cell is
(its roles: "heading", "does not foot", "muted"…), tooltips and what each row stands for.

The window shows one through a single Qt adapter (`focusdesk.gui.row_model`), which maps
the roles to colours and fonts; tests read the rows themselves, not widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..base.money import format_amount


@dataclass(frozen=True)
class Column:
    name: str
    right: bool = False  # amounts and counts: aligned right


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    roles: frozenset[str] = frozenset()  # what the whole row is
    cell_roles: Mapping[int, frozenset[str]] = field(default_factory=dict)  # and a cell
    tip: str = ""  # the tooltip of every cell…
    tips: Mapping[int, str] = field(default_factory=dict)  # …unless a cell has its own
    key: object = None  # what the row stands for (a filing, an item code, a finding)


class RowTable:
    """Rows under columns; `text`, `roles` and `tip` of a cell."""

    columns: tuple[Column, ...] = ()

    def __init__(self, rows: Sequence[Row] = ()) -> None:
        self.rows: list[Row] = list(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def text(self, row: int, col: int) -> str:
        cells = self.rows[row].cells
        return cells[col] if col < len(cells) else ""

    def roles(self, row: int, col: int) -> frozenset[str]:
        r = self.rows[row]
        return r.roles | r.cell_roles.get(col, frozenset())

    def tip(self, row: int, col: int) -> str:
        r = self.rows[row]
        return r.tips.get(col, r.tip)

    def column_texts(self, col: int) -> list[str]:
        return [self.text(r, col) for r in range(len(self.rows))]

    def find(self, col: int, text: str) -> int | None:
        """The first row whose cell in `col` reads `text` (None: none)."""
        return next((r for r in range(len(self.rows)) if self.text(r, col) == text), None)


def money_text(value: Decimal | None) -> str:
    """An amount in dollars and cents as the trial-balance views show it ("" for none)."""
    return "" if value is None else format_amount(value, places=2)


def roles(*names: str) -> frozenset[str]:
    """The roles given, without the empty ones."""
    return frozenset(n for n in names if n)
