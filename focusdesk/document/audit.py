"""The audit log read back (Qt-free): filtered by month, line, user and source, and
written as CSV — the command line's `audit` and the window's audit log viewer.

Every change the workbook records (`Workbook.audit`) names when, the OS user, the action,
the month, the target (an item code, ``B:<line>:<column>``, ``B:10``, a setting, ``TB``,
``status`` for the close), old → new, and its source — how it came (typed, pasted,
imported, undo, …) and the file with its SHA-256.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..base.safetext import csv_text
from ..form.catalog import Form
from ..model.workbook import AuditEntry, WorkbookError

OTHER_TARGETS = ("status", "TB", "year", "method", "minimum_dollar", "Daily Seg filings")
CSV_COLUMNS = ("at", "user", "action", "month", "target", "line", "label", "old", "new",
               "source")


def describe_target(form: Form, target: str) -> tuple[str, str]:
    """(line, label) of an audit target, for people: "23a", "Aggregate indebtedness …"."""
    item = form.by_code.get(target)
    if item is not None:
        return item.line, item.label
    if target.startswith("B:"):
        key, _, column = target.removeprefix("B:").partition(":")
        b = form.b_by_key.get(key)
        if b is not None:
            label = f"Schedule B {b.number} {b.label}".replace("  ", " ")
            return (f"B {key} {column}".strip(),
                    label + (f", column {column}" if column else ""))
    labels = {"status": "Month close", "TB": "Trial balance",
              "year": "Year", "method": "Method", "minimum_dollar": "Dollar minimum"}
    if target.startswith("firm."):
        return "", "Firm " + target.removeprefix("firm.").replace("_", " ")
    return "", labels.get(target, target)


def source_kind(entry: AuditEntry) -> str:
    """How a change came: the first word of its source ("typed", "imported", "undo",
    …), or the close step ("approve", "file", "amend")."""
    if entry.action in ("approve", "file", "amend"):
        return entry.action
    return entry.detail.split(" ", 1)[0] if entry.detail else "typed"


def resolve_item(form: Form, item: str) -> str:
    """An item filter given as a code ("3840"), a printed line ("23a"), a Schedule B
    target ("B:5A L:IV", "B:1") or another target the log names ("status" for the
    close, "TB", a setting, "firm.name")."""
    text = item.strip()
    if text in OTHER_TARGETS or text.startswith(("firm.", "TB mapping")):
        return text
    if text in form.by_code or text.upper().startswith("B:"):
        return text if not text.upper().startswith("B:") else "B:" + text[2:]
    found = form.by_line.get(text.lower()) or form.by_line.get(text)
    if found is not None and found.code:
        return found.code
    raise WorkbookError(f"{item!r} is not an item code, a line of Schedule A, a Schedule B "
                        "target (B:<line>:<column>) or status")


@dataclass(frozen=True)
class AuditFilter:
    month: str | None = None
    item: str | None = None  # a code, or a Schedule B target or its prefix ("B:1")
    user: str | None = None
    source: str | None = None  # a word of the source: typed, imported, a file name, …

    def matches(self, e: AuditEntry) -> bool:
        if self.month and e.month != self.month:
            return False
        if self.item:
            if self.item.startswith("B:"):
                if not (e.target == self.item or e.target.startswith(self.item + ":")):
                    return False
            elif e.target != self.item:
                return False
        if self.user and e.user.lower() != self.user.lower():
            return False
        if self.source:
            needle = self.source.lower()
            if needle != source_kind(e).lower() and needle not in e.detail.lower():
                return False
        return True


def filter_audit(entries: Iterable[AuditEntry], f: AuditFilter) -> list[AuditEntry]:
    return [e for e in entries if f.matches(e)]




def audit_csv(entries: Sequence[AuditEntry], form: Form) -> str:
    rows: list[Sequence[object]] = [CSV_COLUMNS]
    for e in entries:
        line, label = describe_target(form, e.target)
        rows.append((e.at, e.user, e.action, e.month, e.target, line, label,
                     _value(e.old), _value(e.new), e.detail))
    return csv_text(rows)


_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _value(text: str) -> object:
    """An old or new value for the CSV: an amount as a number (a negative one is no
    formula), anything else as text."""
    return Decimal(text) if _AMOUNT.fullmatch(text) else text
