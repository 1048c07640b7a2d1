"""Read the rows of a trial balance under a `Layout` into debit-positive balances.

Rows without an account (subtotals, section headings), total rows whose account cell
says "Total …", repeated header rows and blank rows are skipped — and, except blank
rows, listed, so the summary can say so. An amount that is not an amount is a `TBError`
naming the file, sheet, row and column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..money import ZERO, AmountError
from ..workbook import TBRow
from . import TBError
from .amounts import _CENTS_LIMIT, float_amount, parse_tb_amount
from .detect import Layout, account_text, cell_text, check_layout, column_letter
from .reader import Cancelled, Progress, Sheet

_CENT = Decimal("0.01")
_TOTAL_WORDS = ("total", "subtotal", "sub-total", "grand total")


@dataclass(frozen=True)
class Skipped:
    row: int  # 1-based spreadsheet row
    reason: str
    text: str  # what the row shows (its description or label and amounts)


@dataclass
class ParsedTable:
    layout: Layout
    rows: list[TBRow] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each TBRow
    skipped: list[Skipped] = field(default_factory=list)
    blank_rows: int = 0
    debits: Decimal = ZERO  # sum of the debit balances (or the debit column)
    credits: Decimal = ZERO  # sum of the credit balances, positive

    @property
    def difference(self) -> Decimal:
        return self.debits - self.credits

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def duplicates(self) -> dict[str, list[int]]:
        counts = Counter(r.account for r in self.rows)
        twice = {a for a, n in counts.items() if n > 1}
        seen: dict[str, list[int]] = {}
        if twice:
            for r, n in zip(self.rows, self.row_numbers, strict=True):
                if r.account in twice:
                    seen.setdefault(r.account, []).append(n)
        return seen


def parse_table(sheet: Sheet, layout: Layout, *, where: str = "",
                progress: Progress | None = None) -> ParsedTable:
    check_layout(layout)
    out = ParsedTable(layout)
    acc, desc = layout.account, layout.description
    bal, deb, cre = layout.balance, layout.debit, layout.credit
    amount_cols = [c for c in (bal, deb, cre) if c is not None]
    used = [c for c in (acc, desc, *amount_cols) if c is not None]
    width = max(used) + 1
    header = tuple(h.casefold() for h in layout.headings) if layout.header_row else None
    prefix = f"{where}, sheet {sheet.name!r}" if where else f"sheet {sheet.name!r}"
    rows, numbers, skipped = out.rows, out.row_numbers, out.skipped
    debits = credits = ZERO
    total = sheet.height

    def amount(row: list[object], col: int, r: int) -> Decimal | None:
        value = row[col]
        if value == "" or value is None:
            return None
        try:
            if type(value) is float:
                return float_amount(value)
            return parse_tb_amount(value)
        except AmountError as exc:
            head = layout.headings[col] if col < len(layout.headings) else ""
            named = f"column {column_letter(col)}" + (f" ({head})" if head else "")
            raise TBError(f"{prefix}, row {r}, {named}: {exc}") from None

    all_rows = sheet.rows
    limit = _CENTS_LIMIT
    two = bal is None
    c1 = deb if two else bal
    c2 = cre if two else bal
    assert c1 is not None and c2 is not None
    for i in range(layout.first_row - 1, total):
        row = all_rows[i]
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        if progress is not None and i % 5000 == 0 and not progress("reading rows", i, total):
            raise Cancelled
        a = row[acc]
        if type(a) is str:
            account = a.strip()
        elif type(a) is float and a.is_integer():
            account = str(int(a))
        else:
            account = account_text(a)
        if not account:
            shown = [cell_text(row[c]) for c in used if c != acc]
            if any(shown):
                skipped.append(Skipped(i + 1, "no account (a subtotal or heading)",
                                       "  ".join(t for t in shown if t)))
            else:
                out.blank_rows += 1
            continue
        if account[0].isalpha():
            folded = account.casefold()
            if folded.startswith(_TOTAL_WORDS):
                skipped.append(Skipped(i + 1, "a total row", account))
                continue
            if header is not None and folded == header[acc] and any(
                    cell_text(row[c]).casefold() == header[c] for c in amount_cols):
                skipped.append(Skipped(i + 1, "a repeated header row", account))
                continue
        # The amounts: a float of whole cents inline (nearly every cell), the rest parsed.
        v = row[c1]
        if type(v) is float and -limit < (cents := round(v * 100)) < limit \
                and cents / 100 == v:
            first = Decimal(cents) * _CENT if cents % 100 else Decimal(cents // 100)
        else:
            first = amount(row, c1, i + 1)
        if two:
            v = row[c2]
            if type(v) is float and -limit < (cents := round(v * 100)) < limit \
                    and cents / 100 == v:
                second = Decimal(cents) * _CENT if cents % 100 else Decimal(cents // 100)
            else:
                second = amount(row, c2, i + 1)
            if first is None:
                first = ZERO
            else:
                debits += first
            if second is None:
                balance = first
            else:
                credits += second
                balance = first - second
        elif first is None:
            balance = ZERO
        else:
            balance = first
            if first > 0:
                debits += first
            else:
                credits -= first
        if desc is None:
            description = ""
        else:
            d_cell = row[desc]
            description = d_cell.strip() if type(d_cell) is str else cell_text(d_cell)
        rows.append(TBRow(account, description, balance))
        numbers.append(i + 1)
    if not rows:
        raise TBError(f"{prefix} has no account rows below "
                      + (f"the header row {layout.header_row}" if layout.header_row
                         else f"row {layout.first_row}"))
    out.debits, out.credits = debits, credits
    return out
