"""Edits as undoable steps — without Qt.

Every change a user makes (a typed cell, a cleared block, a paste, an import, a setting)
is one `Step` on the `EditHistory`: a tuple of cell changes holding the old and new
entries, so undo restores a value *with its provenance*. Each application goes through
the workbook's setters, so the audit log records undo and redo like any other change.
A step is validated as a whole before anything is applied: one bad cell, nothing
changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from .workbook import Entry, MappingRow, StoredFiling, TrialBalance, Workbook, WorkbookError


@dataclass(frozen=True)
class ItemCell:
    """A Schedule A value: month and item code."""

    month: str
    code: str


@dataclass(frozen=True)
class BCell:
    """A Schedule B value: month, line key, column."""

    month: str
    line: str
    column: str


@dataclass(frozen=True)
class AnswerCell:
    """Schedule B line 10 of a month: True (Yes), False (No), None (unanswered)."""

    month: str


@dataclass(frozen=True)
class Setting:
    """A profile field: "firm.name", "year", "method", "minimum_dollar"."""

    name: str


# The settings that must agree with each other (Workbook.check_capital_basis).
CAPITAL_BASIS = ("method", "minimum_dollar")


@dataclass(frozen=True)
class TrialBalanceSlot:
    """The imported trial balance kept for a month (a `TrialBalance` or None)."""

    month: str


@dataclass(frozen=True)
class MappingTable:
    """The workbook's trial-balance account mapping (a tuple of `MappingRow`)."""


@dataclass(frozen=True)
class FilingStore:
    """The workbook's stored Daily Seg filings (a tuple of `StoredFiling`)."""


Ref = Union[ItemCell, BCell, AnswerCell, Setting, TrialBalanceSlot,  # noqa: UP007
            MappingTable, FilingStore]
Value = (Entry | bool | str | int | Decimal | TrialBalance | tuple[MappingRow, ...]
         | tuple[StoredFiling, ...] | None)


def read(wb: Workbook, ref: Ref) -> Value:
    match ref:
        case ItemCell(month, code):
            return wb.items[month].get(code)
        case BCell(month, line, column):
            return wb.schedule_b[month].get((line, column))
        case AnswerCell(month):
            return wb.schedule_b_answer.get(month)
        case Setting(name):
            if name.startswith("firm."):
                return getattr(wb.firm, name.removeprefix("firm."))
            value = getattr(wb, name)
            return getattr(value, "value", value)
        case TrialBalanceSlot(month):
            return wb.trial_balances.get(month)
        case MappingTable():
            return wb.tb_mapping
        case FilingStore():
            return wb.filings
    raise TypeError(ref)


def _entry(value: Value) -> Entry | None:
    if value is None or isinstance(value, Entry):
        return value
    assert isinstance(value, Decimal)
    return Entry(value)


def write(wb: Workbook, ref: Ref, value: Value, *, source: str = "typed",
          source_ref: str = "") -> bool:
    """Apply one value through the workbook's audited setters. A value that carries no
    provenance of its own (a clear, a setting, an answer, the mapping) is logged with
    `source` and `source_ref` — where the change came from."""
    how = {"source": source, "source_ref": source_ref}
    match ref:
        case ItemCell(month, code):
            entry = _entry(value)
            return wb.set_item(month, code, entry and entry.value,
                               **({"source": entry.source, "source_ref": entry.source_ref}
                                  if entry else how))
        case BCell(month, line, column):
            entry = _entry(value)
            return wb.set_schedule_b(month, line, column, entry and entry.value,
                                     **({"source": entry.source,
                                         "source_ref": entry.source_ref} if entry else how))
        case AnswerCell(month):
            assert value is None or isinstance(value, bool)
            return wb.set_answer(month, value, **how)
        case Setting(name):
            return wb.set_profile(name, value, **how)
        case TrialBalanceSlot(month):
            assert value is None or isinstance(value, TrialBalance)
            return wb.set_trial_balance(month, value, **how)
        case MappingTable():
            assert isinstance(value, tuple)
            return wb.set_tb_mapping(value, **how)  # type: ignore[arg-type]
        case FilingStore():
            assert isinstance(value, tuple)
            return wb.set_filings(value, **how)  # type: ignore[arg-type]
    raise TypeError(ref)


def step_source(values: Iterable[Value]) -> tuple[str, str]:
    """Where a step's changes come from, for those that carry no provenance: the one
    source its entries (or its trial balance) name — an import's file and SHA-256 —
    else "typed"."""
    values = list(values)
    sources = {(v.source, v.source_ref) for v in values if isinstance(v, Entry)}
    tbs = {("imported", v.source_ref) for v in values if isinstance(v, TrialBalance)}
    if len(sources) == 1 and (not tbs or tbs == sources):
        return next(iter(sources))
    if not sources and len(tbs) == 1:
        return next(iter(tbs))
    return "typed", ""


def validate(wb: Workbook, ref: Ref, value: Value = None) -> None:
    """Raise `WorkbookError` if `ref` cannot take `value` (None: cleared) at all."""
    match ref:
        case ItemCell(month, code):
            wb.check_month(month)
            wb.check_item_code(code)
        case BCell(month, line, column):
            wb.check_month(month)
            wb.check_b_cell(line, column, clearing=value is None)
        case AnswerCell(month) | TrialBalanceSlot(month):
            wb.check_month(month)


@dataclass(frozen=True)
class Change:
    ref: Ref
    old: Value
    new: Value


@dataclass(frozen=True)
class Step:
    label: str  # "Typing in 5c MAR", "Paste 3 × 4 cells", "Import trial balance …"
    changes: tuple[Change, ...]
    source: tuple[str, str] = ("typed", "")  # see `step_source`

    @property
    def refs(self) -> tuple[Ref, ...]:
        return tuple(c.ref for c in self.changes)


class EditHistory:
    """The undo/redo stack of one open workbook."""

    def __init__(self, wb: Workbook, limit: int = 1000):
        self.wb = wb
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self.clean_index = 0  # len(_undo) when the document was last saved
        self.read_only = ""  # when set, the reason every change is refused
        self.version = 0  # bumped by every change, undo and redo: caches compare it
        self.last_applied: Step | None = None  # the latest step applied (not undo/redo)

    def apply(self, label: str, assignments: Iterable[tuple[Ref, Value]], *,
              source: tuple[str, str] | None = None) -> Step | None:
        """Apply several assignments as one step; nothing applied if any is invalid.
        `source` (how, and the file with its SHA-256) is logged for the changes that carry
        no provenance of their own; by default the step's own (`step_source`)."""
        if self.read_only:
            raise WorkbookError(self.read_only)
        pending: list[Change] = []
        for ref, new in assignments:
            validate(self.wb, ref, new)
            old = read(self.wb, ref)
            new_cmp = new.value if isinstance(new, Entry) else new
            old_cmp = old.value if isinstance(old, Entry) else old
            if new_cmp != old_cmp or (new is None) != (old is None):
                pending.append(Change(ref, old, new))
        if not pending:
            return None
        how, ref = source or step_source(c.new for c in pending)
        done: list[Change] = []
        try:
            for c in pending:
                write(self.wb, c.ref, c.new, source=how, source_ref=ref)
                done.append(c)
            if any(isinstance(c.ref, Setting) and c.ref.name in CAPITAL_BASIS
                   for c in pending):
                self.wb.check_capital_basis()  # the method and minimum as they now stand
        except WorkbookError:
            # A setter refused a value part-way (e.g. an implausible year): put back what
            # this step changed, so nothing of it remains.
            for c in reversed(done):
                write(self.wb, c.ref, c.old, source="undo", source_ref=label)
            raise
        step = Step(label, tuple(pending), (how, ref))
        self.version += 1
        if self.clean_index > len(self._undo):
            self.clean_index = -1  # the saved state was on the redo stack: now unreachable
        self._undo.append(step)
        if len(self._undo) > self.limit:
            self._undo.pop(0)
            self.clean_index -= 1
        self._redo.clear()
        self.last_applied = step
        return step

    def undo(self) -> Step | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        for c in reversed(step.changes):
            write(self.wb, c.ref, c.old, source="undo", source_ref=step.label)
        self.version += 1
        self._redo.append(step)
        return step

    def redo(self) -> Step | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        for c in step.changes:
            write(self.wb, c.ref, c.new, source=step.source[0], source_ref=step.source[1])
        self.version += 1
        self._undo.append(step)
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    @property
    def modified(self) -> bool:
        return len(self._undo) != self.clean_index

    def mark_clean(self) -> None:
        self.clean_index = len(self._undo)
