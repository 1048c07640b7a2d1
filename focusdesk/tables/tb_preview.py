"""The trial-balance import's preview without Qt: the changes it would make, line by line
(current, new, difference, how many accounts), the accounts behind a line, the tie-out of
the ledger's equity to line 8 and the warnings — what the wizard's last page and the
Accounts Behind This Cell… dialog show.

Roles: "muted" for a line the import leaves as it is (or carries), "kept" for the new
figure of a line whose typed entry is kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..form.catalog import PART_I
from ..tb.importer import Preview
from ..tb.rollup import Contribution, LineAmount
from .rows import Column, Row, RowTable, money_text, roles

MUTED, KEPT = "muted", "kept"
NEW = 4  # the changes' column of the new figure
MAX_ACCOUNTS = 5000  # the preview lists at most so many accounts behind a line
CARRIED_TIP = ("Carried from the prior month's line 8 (instruction 4); the accounts mapped "
               "to it tie out to line 8 instead")


class ChangesTable(RowTable):
    """The lines an import sets (a row's key: the item code), then the carried ones."""

    columns = (Column("Line"), Column("Item"), Column("Label"), Column("Current", right=True),
               Column("New", right=True), Column("Difference", right=True),
               Column("Accounts", right=True))

    def __init__(self, preview: Preview | None = None) -> None:
        rows: list[Row] = []
        for ch in preview.lines if preview is not None else ():
            n = ch.detail.account_count if ch.detail else 0
            new = "cleared" if ch.new is None else money_text(ch.new)
            tip = ""
            if ch.kept:
                new, tip = f"kept {money_text(ch.new)}", ch.conflict().capitalize()
            strong = ch.changed or ch.kept
            rows.append(Row((ch.item.line, ch.code, ch.item.label, money_text(ch.current), new,
                             money_text(ch.difference), str(n)),
                            roles=roles("" if strong else MUTED),
                            cell_roles={NEW: roles(KEPT)} if tip and strong else {},
                            tip=tip, key=ch.code))
        for code, line in preview.rollup.carried.items() if preview is not None else ():
            item = PART_I.by_code[code]
            rows.append(Row((item.line, code, item.label, "", "carried", "",
                             str(line.account_count)), roles=roles(MUTED), tip=CARRIED_TIP,
                            key=code))
        super().__init__(rows)


def contributions(line: LineAmount | None) -> list[Contribution]:
    """The accounts behind a line and what each adds; for a year-to-date line, the prior
    month's accounts too, with what they take away."""
    if line is None:
        return []
    return list(line.accounts) + [c._replace(amount=-c.amount) for c in line.prior_accounts]


class AccountsTable(RowTable):
    """Accounts and what they add; an earlier month's (a YTD line's prior) named so."""

    columns = (Column("Account"), Column("Description"), Column("Balance", right=True),
               Column("Amount", right=True), Column("Rule"))

    def __init__(self, parts: Sequence[Contribution] = (), month: str = "") -> None:
        super().__init__([
            Row((c.account if c.month in ("", month) else f"{c.month} {c.account}",
                 c.description, money_text(c.balance), money_text(c.amount), c.rule))
            for c in parts])


def line_accounts(preview: Preview | None, code: str) -> AccountsTable:
    """The accounts behind one line of the preview (the first `MAX_ACCOUNTS`)."""
    if preview is None:
        return AccountsTable()
    return AccountsTable(contributions(preview.rollup.line(code))[:MAX_ACCOUNTS],
                         preview.month)


def line_total(line: LineAmount | None, month: str) -> str:
    """The line's amount as the drill-down states it ("= year to date … less …")."""
    if line is None:
        return ""
    return (f"Line amount {money_text(line.amount)}"
            + ("" if line.prior_ytd is None else
               f" = year to date {money_text(line.ytd_amount)} less "
               f"{money_text(line.prior_ytd)} before {month}"))


def tie_out_text(preview: Preview) -> tuple[str, bool | None]:
    """The tie-out's sentence and whether it ties (None: nothing is mapped to line 4)."""
    tie = preview.tie_out
    if tie is None:
        return ("No account is mapped to line 4: the ledger's equity is not tied out to "
                "line 8.", None)
    carried = " Line 4 is carried from the prior month's line 8." if \
        preview.rollup.carried else ""
    mark = "✓" if tie.ties else "⚠"
    text = tie.message()
    return f"{mark} {text[0].upper()}{text[1:]}.{carried}", tie.ties


def warnings_text(preview: Preview) -> str:
    """The notices, warnings, kept entries and skipped rows, one a line."""
    skipped = [f"Row {sk.row} skipped: {sk.reason}" + (f" — {sk.text}" if sk.text else "")
               for sk in preview.skipped]
    conflicts = [f"Line {ch.item.line}: {ch.conflict()}" for ch in preview.conflicts]
    return "\n".join([f"ℹ {n}." for n in preview.notices]
                     + [f"⚠ {w}" for w in preview.warnings]
                     + conflicts + skipped) or "No warnings."
