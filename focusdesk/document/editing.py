"""Edits as undoable steps — without Qt.

Every change a user makes (a typed cell, a cleared block, a paste, an import, a setting)
is one `Step` on the `EditHistory`: a tuple of cell changes holding the old and new
entries, so undo restores a value *with its provenance*. Each application goes through
the workbook's setters, so the audit log records undo and redo like any other change.
A step is validated as a whole before anything is applied: one bad cell, nothing
changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Union

from ..model.workbook import (
    Entry,
    MappingRow,
    StoredFiling,
    StoredWorksheet,
    TrialBalance,
    Workbook,
    WorkbookError,
)


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


@dataclass(frozen=True)
class WorksheetSlot:
    """A month's kept worksheet inputs of one kind (a `StoredWorksheet` or None)."""

    month: str
    kind: str


# An editable place of the workbook, what `read` and `write` take (a line of a formula is
# another thing: `focusdesk.form.formula.Ref`).
Target = Union[ItemCell, BCell, AnswerCell, Setting, TrialBalanceSlot,  # noqa: UP007
               MappingTable, FilingStore, WorksheetSlot]
Value = (Entry | bool | str | int | Decimal | TrialBalance | tuple[MappingRow, ...]
         | tuple[StoredFiling, ...] | StoredWorksheet | None)


def read(wb: Workbook, ref: Target) -> Value:
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
        case WorksheetSlot(month, kind):
            return wb.worksheets.get((month, kind))
    raise TypeError(ref)


def _entry(value: Value) -> Entry | None:
    if value is None or isinstance(value, Entry):
        return value
    assert isinstance(value, Decimal)
    return Entry(value)


def write(wb: Workbook, ref: Target, value: Value, *, source: str = "typed",
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
        case WorksheetSlot(month, kind):
            assert value is None or isinstance(value, StoredWorksheet)
            return wb.set_worksheet(month, kind, value, **how)
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


def validate(wb: Workbook, ref: Target, value: Value = None) -> None:
    """Raise `WorkbookError` if `ref` cannot take `value` (None: cleared) at all."""
    match ref:
        case ItemCell(month, code):
            wb.check_month(month)
            wb.check_item_code(code)
        case BCell(month, line, column):
            wb.check_month(month)
            wb.check_b_cell(line, column, clearing=value is None)
        case AnswerCell(month) | TrialBalanceSlot(month) | WorksheetSlot(month):
            wb.check_month(month)


def check_open(wb: Workbook, ref: Target) -> None:
    """Refuse (`WorkbookError`, one sentence) a change of `ref` that would change a filed
    month's figures: its cells, line 10, its trial balance, or a setting every month is
    computed with (the workbook's setters refuse them too; checked here first so a step
    is refused before any of it is applied)."""
    match ref:
        case (ItemCell(month) | BCell(month) | AnswerCell(month) | TrialBalanceSlot(month)
              | WorksheetSlot(month)):
            wb.check_open(month)
        case Setting(name):
            wb.check_settings_open(name)


def _months(changes: Iterable[Change]) -> list[str]:
    """The months whose figures a step's changes touch."""
    return [c.ref.month for c in changes if isinstance(c.ref, ItemCell | BCell | AnswerCell)]


@dataclass(frozen=True)
class Change:
    ref: Target
    old: Value
    new: Value


@dataclass(frozen=True)
class Step:
    label: str  # "Typing in 5c MAR", "Paste 3 × 4 cells", "Import trial balance …"
    changes: tuple[Change, ...]
    source: tuple[str, str] = ("typed", "")  # see `step_source`

    @property
    def refs(self) -> tuple[Target, ...]:
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

    def apply(self, label: str, assignments: Iterable[tuple[Target, Value]], *,
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

        def check() -> None:
            if any(isinstance(c.ref, Setting) and c.ref.name in CAPITAL_BASIS
                   for c in pending):
                self.wb.check_capital_basis()  # the method and minimum as they now stand

        self._write([(c, c.new, c.old) for c in pending], how, ref, label, check)
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

    def _write(self, writes: list[tuple[Change, Value, Value]], source: str,
               source_ref: str, label: str,
               check: Callable[[], None] | None = None) -> None:
        """Write a step's values through the audited setters, all or nothing: a change of
        a filed month is refused before anything is written; a change that would reach a
        filed month's figures through its carried line 4, or a value a setter refuses
        part-way (an implausible year), is put back — the audit log as it was."""
        for c, _value, _restore in writes:
            check_open(self.wb, c.ref)
        before = None
        if self.wb.close:
            from .freeze import filed_figures

            before = filed_figures(self.wb, _months(c for c, _, _ in writes))
        logged = len(self.wb.audit)
        done: list[tuple[Change, Value]] = []
        try:
            for c, value, restore in writes:
                write(self.wb, c.ref, value, source=source, source_ref=source_ref)
                done.append((c, restore))
            if check is not None:
                check()
            if before is not None:
                from .freeze import check_filed_figures

                check_filed_figures(before, self.wb)
        except WorkbookError:
            for c, restore in reversed(done):
                write(self.wb, c.ref, restore, source="undo", source_ref=label)
            del self.wb.audit[logged:]  # nothing of the step remains, nor in the log
            raise

    def undo(self) -> Step | None:
        """Undo the last step — refused (`WorkbookError`), with nothing changed, when it
        would change a filed month: undo does not reach past a filing."""
        if not self._undo:
            return None
        step = self._undo[-1]
        self._write([(c, c.old, c.new) for c in reversed(step.changes)], "undo",
                    step.label, step.label)
        self._undo.pop()
        self.version += 1
        self._redo.append(step)
        return step

    def redo(self) -> Step | None:
        if not self._redo:
            return None
        step = self._redo[-1]
        self._write([(c, c.new, c.old) for c in step.changes], step.source[0],
                    step.source[1], step.label)
        self._redo.pop()
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
