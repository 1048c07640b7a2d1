"""Read the rows of a trial balance under a `TableLayout` into debit-positive balances.

Rows without an account (subtotals, section headings), total rows whose account cell
says "Total …", heading rows with no amount (``ASSETS``, ``Revenue``), repeated header
rows and blank rows are skipped — and, except blank rows, listed, so the summary can say
so. An account column that holds the name too (`TableLayout.combined`: ``1010-00 · Cash``)
is taken apart into account and description. An amount that is not an amount is a `TBError`
naming the file, sheet, row and column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import compress
from operator import itemgetter, sub

from ..base.money import CENT, ZERO, AmountError, cents_to_dollars
from ..model.workbook import TEXT_LIMITS, TBRow, text_limit_error
from . import TBError
from .amounts import _LARGEST_FLOAT, parse_tb_amount
from .detect import TableLayout, account_text, cell_text, check_layout, column_letter, split_account
from .reader import Cancelled, Progress, Sheet

_TOTAL_WORDS = ("total", "subtotal", "sub-total", "grand total")


@dataclass(frozen=True)
class Skipped:
    row: int  # 1-based spreadsheet row
    reason: str
    text: str  # what the row shows (its description or label and amounts)


@dataclass
class ParsedTable:
    layout: TableLayout
    rows: list[TBRow] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each TBRow
    skipped: list[Skipped] = field(default_factory=list)
    blank_rows: int = 0
    # How many rows each account has, in the order accounts first appear (counted as the
    # rows are read: the roll-up maps each distinct account once, and duplicates are
    # found without a second pass over 100,000 rows).
    account_counts: Counter[str] = field(default_factory=Counter)
    # Each row's account, as a column (the roll-up and the duplicates read it instead of
    # taking it out of 100,000 rows again).
    accounts: list[str] = field(default_factory=list)
    # Each row's balance in whole cents (an int; a Decimal only for a balance finer than a
    # cent, which the amount parser refuses today), which the roll-up adds up instead of
    # 100,000 Decimals.
    cents: list[int | Decimal] = field(default_factory=list)
    debits: Decimal = ZERO  # sum of the debit balances (or the debit column)
    credits: Decimal = ZERO  # sum of the credit balances, positive

    @property
    def difference(self) -> Decimal:
        return self.debits - self.credits

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    @property
    def duplicated_accounts(self) -> int:
        """How many accounts are on more than one row."""
        return sum(n > 1 for n in self.account_counts.values())

    def duplicates(self, limit: int | None = None) -> dict[str, list[int]]:
        """Accounts on more than one row → their spreadsheet rows: the first `limit`
        such accounts in the file's order (None: all)."""
        twice = [a for a, n in self.account_counts.items() if n > 1][:limit]
        seen: dict[str, list[int]] = {a: [] for a in twice}
        if seen:  # their rows picked out at C speed, then only those looked at
            accounts = self.accounts
            for i in compress(range(len(accounts)), map(seen.__contains__, accounts)):
                seen[accounts[i]].append(self.row_numbers[i])
        return seen


_CHUNK = 5000  # rows a block: the progress report (and Cancel) comes between blocks


def _dollars(amount: int | Decimal) -> Decimal:
    """Cents (int) as a Decimal of dollars; a Decimal as it is."""
    return cents_to_dollars(amount) if type(amount) is int else amount  # type: ignore[return-value]


def _cents_column(values: list[object]) -> list[int | None]:
    """A column's cells as integer cents: blank 0, a float of whole cents (nearly every
    cell a spreadsheet holds) its cents, anything else None — parsed one by one (and
    refused there: NaN, an infinity and 1e308, whose cents round() cannot take, fail
    the range test before round() sees them)."""
    # (the names the comprehension reads are bound here: a closure's cell is read faster
    # than a global or a builtin, 100,000 times a column)
    limit, rounded, kind, real = _LARGEST_FLOAT, round, type, float
    return [c if kind(v) is real and -limit < v < limit and (c := rounded(v * 100)) / 100 == v
            else 0 if v == "" or v is None else None for v in values]


class _AccountTexts(dict[object, str]):
    """An account cell that is not text → its text ("1010", never "1010.0"), each distinct
    cell worked out once. A bool (True == 1 == 1.0 as a key) is never kept, so it cannot
    stand for a number."""

    def __missing__(self, value: object) -> str:
        text = (str(int(value)) if type(value) is float and value.is_integer()
                else account_text(value))
        if type(value) is not bool:
            self[value] = text
        return text


def parse_table(sheet: Sheet, layout: TableLayout, *, where: str = "",
                progress: Progress | None = None) -> ParsedTable:
    # A trial balance may hold 100,000 rows, so the work is done a column at a time over
    # blocks of rows (comprehensions, not a statement-by-statement loop a cell); rows
    # that need a closer look (no account, an account that starts with a letter, an
    # amount that is not a float of whole cents) take the row-by-row path.
    check_layout(layout)
    out = ParsedTable(layout)
    acc, desc = layout.account, layout.description
    bal, deb, cre = layout.balance, layout.debit, layout.credit
    amount_cols = [c for c in (bal, deb, cre) if c is not None]
    used = [c for c in (acc, desc, *amount_cols) if c is not None]
    width = max(used) + 1
    if width > sheet.width > 0:  # a column given past the data: no row has it
        raise TBError(f"{where + ', ' if where else ''}sheet {sheet.name!r} has no column "
                      f"{column_letter(width - 1)} (its last is "
                      f"{column_letter(sheet.width - 1)})")
    header = tuple(h.casefold() for h in layout.headings) if layout.header_row else None
    prefix = f"{where}, sheet {sheet.name!r}" if where else f"sheet {sheet.name!r}"
    rows, numbers, skipped, count = out.rows, out.row_numbers, out.skipped, out.account_counts
    cents = out.cents
    debits = credits = ZERO
    debit_cents = credit_cents = 0
    total = sheet.height

    def amount(row: list[object], col: int, r: int) -> Decimal:
        try:
            value = parse_tb_amount(row[col])
        except AmountError as exc:
            head = layout.headings[col] if col < len(layout.headings) else ""
            named = f"column {column_letter(col)}" + (f" ({head})" if head else "")
            raise TBError(f"{prefix}, row {r}, {named}: {exc}") from None
        return ZERO if value is None else value

    def kept(row: list[object], account: str, r: int) -> bool:
        """Whether a row with an unusual account is an account row; else say why not."""
        if not account:
            shown = [cell_text(row[c]) for c in used if c != acc]
            if any(shown):
                skipped.append(Skipped(r, "no account (a subtotal or heading)",
                                       "  ".join(t for t in shown if t)))
            else:
                out.blank_rows += 1
            return False
        folded = account.casefold()
        if folded.startswith(_TOTAL_WORDS):
            skipped.append(Skipped(r, "a total row", account))
            return False
        if header is not None and folded == header[acc] and any(
                cell_text(row[c]).casefold() == header[c] for c in amount_cols):
            skipped.append(Skipped(r, "a repeated header row", account))
            return False
        if not any(map(str.isdigit, account)) and not any(
                cell_text(row[c]) for c in amount_cols):
            skipped.append(Skipped(r, "a heading (no amount)", account))
            return False
        return True

    two = bal is None
    c1 = deb if two else bal
    c2 = cre if two else bal
    assert c1 is not None and c2 is not None
    make_row = partial(tuple.__new__, TBRow)
    account_of, kind, text = _AccountTexts(), type, str
    headings_seen = False
    for start in range(layout.first_row - 1, total, _CHUNK):
        if progress is not None and not progress("reading rows", start, total):
            raise Cancelled
        block = sheet.rows[start:start + _CHUNK]
        if min(map(len, block)) < width:  # a ragged CSV; a spreadsheet's rows are even
            block = [row if len(row) >= width else [*row, *([""] * (width - len(row)))]
                     for row in block]
        # a text cell stripped; a number's text worked out once (a ledger repeats them)
        accounts = [a.strip() if kind(a) is text else account_of[a]
                    for a in map(itemgetter(acc), block)]
        names: list[str] | None = None
        headings: set[int] = set()
        if layout.combined:  # "1010-00 · Cash": the account, and its name as description
            names = []
            for j, a in enumerate(accounts):
                found = split_account(a)
                if found is not None:
                    accounts[j] = found[0]
                names.append(found[1] if found is not None else "")
                if a and all(block[j][c] in ("", None) for c in amount_cols):
                    # a parent account's heading ("1000 Cash", NetSuite), no amount of its own
                    skipped.append(Skipped(start + j + 1, "a heading (no amount)", a))
                    headings.add(j)
                    accounts[j] = ""
            headings_seen = headings_seen or bool(headings)
        # (checked at C speed first: nearly every block has no such row)
        odd = [j for j, a in enumerate(accounts) if not a or a[0].isalpha()] if not all(
            accounts) or any(map(str.isalpha, map(itemgetter(0), accounts))) else []
        if odd:
            dropped = {j for j in odd
                       if j in headings or not kept(block[j], accounts[j], start + j + 1)}
            keep = [j for j in range(len(block)) if j not in dropped]
            block = [block[j] for j in keep]
            accounts = [accounts[j] for j in keep]
            if names is not None:
                names = [names[j] for j in keep]
            numbers.extend(start + j + 1 for j in keep)
        else:
            numbers.extend(range(start + 1, start + len(block) + 1))
        if not block:
            continue
        first = _cents_column(list(map(itemgetter(c1), block)))
        # (`None in` a list and `map(sub, …)` run in C: a block's amounts are nearly
        # always all floats of whole cents or blanks)
        usual = None not in first
        if two:
            second = _cents_column(list(map(itemgetter(c2), block)))
            usual = usual and None not in second
            balances: list[int | Decimal] = (
                list(map(sub, first, second)) if usual else
                [f - s if f is not None and s is not None else None
                 for f, s in zip(first, second, strict=True)])
        else:
            balances = list(first)
        # The cells that are not floats of whole cents (text, CR/DR, odd floats), parsed
        # in the rows' order so an error names the first bad cell.
        unusual = [] if usual else [j for j, b in enumerate(balances) if b is None]
        for j in unusual:
            r = numbers[len(rows) + j]
            f = first[j] if first[j] is not None else amount(block[j], c1, r)
            if two:
                s = second[j] if second[j] is not None else amount(block[j], c2, r)
                fd, sd = _dollars(f), _dollars(s)
                debits += fd
                credits += sd
                first[j] = second[j] = 0
                balances[j] = fd - sd
            else:
                first[j] = 0
                balances[j] = f
                if f > 0:
                    debits += f
                else:
                    credits -= f
        if two:
            debit_cents += sum(first)  # type: ignore[arg-type]
            credit_cents += sum(second)  # type: ignore[arg-type]
        else:
            debit_cents += sum(c for c in first if c > 0)  # type: ignore[operator]
            credit_cents -= sum(c for c in first if c < 0)  # type: ignore[operator]
        # `cents_to_dollars`, written out: this runs once a row
        cent, dec, kind, whole = CENT, Decimal, type, int
        amounts = [(cent * b if b % 100 else dec(b // 100))
                   if kind(b) is whole else b for b in balances]
        if names is not None:
            descriptions = names
        elif desc is None:
            descriptions = [""] * len(block)
        else:
            texts = list(map(itemgetter(desc), block))
            try:  # nearly always text: stripped at C speed
                descriptions = list(map(str.strip, texts))
            except TypeError:  # a number or a date among them
                descriptions = [d.strip() if type(d) is str else cell_text(d) for d in texts]
        for key, texts, col in (("account", accounts, acc), ("description", descriptions, desc)):
            if max(map(len, texts)) > TEXT_LIMITS[key].chars:  # (at C speed, as above)
                j = next(j for j, t in enumerate(texts) if text_limit_error(key, t))
                raise TBError(f"{prefix}, row {numbers[len(rows) + j]}, column "
                              f"{column_letter(col or 0)}: {text_limit_error(key, texts[j])}")
        rows.extend(map(make_row, zip(accounts, descriptions, amounts, strict=True)))
        count.update(accounts)
        out.accounts += accounts
        for j in unusual:  # their balances are Decimal dollars: in cents like the rest
            c = balances[j] * 100
            balances[j] = int(c) if c == c.to_integral_value() else c
        cents.extend(balances)
    debits += cents_to_dollars(debit_cents)
    credits += cents_to_dollars(credit_cents)
    if not rows:
        raise TBError(f"{prefix} has no account rows below "
                      + (f"the header row {layout.header_row}" if layout.header_row
                         else f"row {layout.first_row}"))
    out.debits, out.credits = debits, credits
    if headings_seen:
        skipped.sort(key=lambda sk: sk.row)  # a block's headings were listed first
    return out
