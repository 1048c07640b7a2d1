"""The Checks tab without Qt: the engine's findings, one a row — severity, month, where
(an item of Schedule A or a line of Schedule B), the finding and its rule — and the tab's
title counting the errors and warnings."""

from __future__ import annotations

from collections.abc import Sequence

from ..calculation.checks import Finding
from .rows import Column, Row, RowTable

SEVERITY_LABEL = {"error": "Error", "warning": "Warning", "info": "Note"}
MESSAGE = 3  # the finding's column (its tooltip is the whole text)
EMPTY = "No findings: every check passes for the reported months."


def where(f: Finding) -> str:
    """The line a finding is about, as the tab shows it: "23a [3840]", "Sch. B 4"."""
    return f"Sch. B {f.line}" if f.item.startswith("B-") else f"{f.line} [{f.item}]"


class FindingsTable(RowTable):
    columns = (Column("Severity"), Column("Month"), Column("Line"), Column("Finding"),
               Column("Rule"))

    def __init__(self, findings: Sequence[Finding] = ()) -> None:
        self.findings: list[Finding] = list(findings)
        super().__init__([
            Row((SEVERITY_LABEL[f.severity], f.month, where(f), f.message, f.rule),
                roles=frozenset({f.severity}), tips={MESSAGE: f.message}, key=f)
            for f in self.findings])

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def title(self) -> str:
        """The tab's title: "Checks (2 errors, 1 warning)", "Checks (none)", or "Checks
        (notes)" when only notes are found."""
        counts = ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in
                           ((self.count("error"), "error"), (self.count("warning"), "warning"))
                           if n)
        if counts:
            return f"Checks ({counts})"
        return "Checks (none)" if not self.findings else "Checks (notes)"
