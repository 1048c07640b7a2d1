"""Find the trial balance in a spreadsheet: the sheet, the header row and the columns.

Real files have title rows, blank rows, a header row not on row 1, the data on a second
sheet, subtotal rows. GL systems add their own habits: QuickBooks writes the account and
its name in one column (``1010-00 · Cash - Operating``, a subaccount as
``Parent:Child``) under a header row whose first cells are blank, Xero puts the code
after the name (``Cash - Operating (1010)``) and the year-to-date columns beside the
month's, Sage Intacct and Dynamics GP print the period's debits and credits between the
beginning and the ending balance (the ending balance is the one read).

Each sheet's candidate header rows (within the first `HEADER_SCAN` rows) are scored
on their headings (``Account``, ``Description``, ``Debit``/``Credit`` or ``Balance`` …)
and on the rows below them (account-like values, amounts that parse); a sheet with no
header row at all is read from its values. The best `TableLayout` wins; the others are kept,
scored, for the wizard to offer. Any part can be given instead (`Overrides`): a column by
letter (``C``), number (``3``) or heading text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..base.money import ascii_digits
from ..base.safetext import cell_text, quoted
from . import TBError
from .amounts import parse_tb_amount
from .reader import Sheet, Spreadsheet

MAX_COLUMNS = 16_384  # Excel's last column, XFD

HEADER_SCAN = 40  # rows searched for the header
DATA_SAMPLE = 60  # rows below a header that vouch for it

ROLES = ("account", "description", "balance", "debit", "credit")

_WORDS = re.compile(r"[a-z]+")
# (words of a heading) → strength; the best match of a role wins.
_ACCOUNT = {"account": 3, "acct": 3, "gl": 2, "ledger": 1, "number": 1, "no": 1,
            "code": 1, "id": 1}
_DESCRIPTION = {"description": 3, "desc": 3, "name": 3, "title": 3, "descr": 3}
_BALANCE = {"balance": 3, "bal": 3, "amount": 2, "ytd": 2, "net": 1, "total": 1,
            "ending": 1, "closing": 1, "end": 1, "current": 1}
_DEBIT = {"debit": 3, "debits": 3, "dr": 3}
_CREDIT = {"credit": 3, "credits": 3, "cr": 3}
# a balance that is not the period-end one
_NOT_ENDING = {"beginning", "begin", "opening", "prior", "previous", "last", "change",
               "activity", "movement", "budget", "variance", "forecast", "period", "mtd"}
_BEGINNING = {"beginning", "begin", "opening", "start", "starting"}
# debit and credit columns that hold balances to date, not the month's movement (Xero's
# "YTD Debit" beside its month's "Debit")
_TO_DATE = {"ytd", "ending", "closing", "end"}

# An account and its name in one cell: "1010-00 · Cash - Operating", "1010 Cash",
# "1010 - Cash" (number first), "Cash - Operating (1010)" (Xero: the code after the name).
_CODE = r"[A-Za-z]{0,4}[-.]?\d[\w.\-/]*"
_NUMBER_FIRST = re.compile(rf"(?P<acct>{_CODE})(?:\s*[\u00b7\u2022|:\u2013\u2014-]\s*|\s+)"
                           r"(?P<name>\S.*?)\s*")
_NUMBER_LAST = re.compile(rf"(?P<name>.*?\S)\s*\((?P<acct>{_CODE})\)\s*")
_BARE_CODE = re.compile(rf"{_CODE}")
# A subaccount's full name, "Parent:Child" (QuickBooks) or "Parent : Child" (NetSuite):
# the child is the account.
_PARENT = re.compile(rf"\s*:\s*(?={_CODE}\b)")


@dataclass(frozen=True)
class TableLayout:
    """Where the trial balance is: 1-based row numbers, 0-based column indexes."""

    sheet: str
    header_row: int | None  # None: no header row; data from `first_row`
    first_row: int  # the first data row
    account: int
    description: int | None = None
    balance: int | None = None
    debit: int | None = None
    credit: int | None = None
    score: float = 0.0
    headings: tuple[str, ...] = ()  # the header row's texts, for messages and the wizard
    # The account column holds the account and its name together ("1010-00 · Cash"):
    # `split_account` takes them apart.
    combined: bool = False

    def column(self, role: str) -> int | None:
        return getattr(self, role)  # type: ignore[no-any-return]

    def heading(self, col: int | None) -> str:
        if col is None:
            return ""
        text = self.headings[col] if col < len(self.headings) else ""
        return f"{column_letter(col)} ({text})" if text else column_letter(col)

    def describe(self) -> str:
        parts = [f"sheet {self.sheet!r}",
                 f"header row {self.header_row}" if self.header_row else
                 f"no header row, data from row {self.first_row}",
                 f"account {self.heading(self.account)}"
                 + (", number and name together" if self.combined else "")]
        if self.description is not None:
            parts.append(f"description {self.heading(self.description)}")
        if self.balance is not None:
            parts.append(f"balance {self.heading(self.balance)}")
        else:
            parts.append(f"debit {self.heading(self.debit)}, "
                         f"credit {self.heading(self.credit)}")
        return "; ".join(parts)


@dataclass
class Overrides:
    """What the user says instead of the detection (None: detect)."""

    sheet: str | None = None  # a name, or a 1-based number
    header_row: int | None = None  # 1-based; 0 = no header row
    account: str | None = None  # a letter, a 1-based number or heading text
    description: str | None = None
    balance: str | None = None
    debit: str | None = None
    credit: str | None = None

    def columns(self) -> dict[str, str]:
        return {r: v for r in ROLES if (v := getattr(self, r)) is not None}


@dataclass
class Detection:
    layout: TableLayout
    candidates: list[TableLayout] = field(default_factory=list)  # best first, one per sheet


def column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def column_index(spec: str, headings: tuple[str, ...] = ()) -> int:
    """A column given as heading text, a letter (``C``, ``AB``) or a 1-based number."""
    text = spec.strip()
    folded = text.casefold()
    for i, h in enumerate(headings):
        if h.strip().casefold() == folded and folded:
            return i
    if ascii_digits(text):
        # Excel's last column is XFD (16,384); the length test comes before int(), which
        # refuses (ValueError) a number of more than 4,300 digits.
        if len(text) > 5 or not 1 <= int(text) <= MAX_COLUMNS:
            raise TBError(f"column {quoted(text)} is not a column of a spreadsheet "
                          f"(1 to {MAX_COLUMNS:,}, A to XFD)")
        return int(text) - 1
    if re.fullmatch(r"[A-Za-z]{1,3}", text):
        n = 0
        for ch in text.upper():
            n = n * 26 + ord(ch) - 64
        if n <= MAX_COLUMNS:
            return n - 1
    known = ", ".join(repr(h) for h in headings if h.strip())
    raise TBError(f"column {quoted(spec)} is neither a heading of the header row"
                  + (f" ({known})" if known else "") + ", a letter nor a number")


def account_text(value: object) -> str:
    """An account as text: 1010 stored as a number is "1010", never "1010.0"."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, str):
        return value.strip()
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    return str(value)


def split_account(text: str) -> tuple[str, str] | None:
    """(account, name) of a cell holding both — ``1010-00 · Cash - Operating``,
    ``1010 Cash``, ``Cash - Operating (1010)``, a subaccount ``1000 · Cash:1010 · Operating``
    as its own account — or None when it holds no account number (a heading, a name)."""
    text = text.strip()
    if not text:
        return None
    if ":" in text:
        text = _PARENT.split(text)[-1]
    if _BARE_CODE.fullmatch(text):
        return text, ""
    m = _NUMBER_FIRST.fullmatch(text) or _NUMBER_LAST.fullmatch(text)
    if m is None:
        return None
    return m["acct"], m["name"]


def _combined_like(value: object) -> bool:
    """A cell that reads as an account and its name (not a total or a heading)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if text.casefold().startswith(("total", "subtotal")):
        return False
    found = split_account(text)
    return found is not None and bool(found[1])


def _role_scores(text: str) -> dict[str, int]:
    words = set(_WORDS.findall(text.casefold()))
    if not words:
        return {}
    scores: dict[str, int] = {}
    for role, table in (("account", _ACCOUNT), ("description", _DESCRIPTION),
                        ("balance", _BALANCE), ("debit", _DEBIT), ("credit", _CREDIT)):
        s = max((table.get(w, 0) for w in words), default=0)
        if s:
            scores[role] = s
    if "account" in scores and "description" in scores:  # "Account Name", "Account Title"
        del scores["account"]
        scores["description"] += 1
    if words & _NOT_ENDING:
        for role in ("balance", "debit", "credit"):
            if role in scores:
                scores[role] -= 2
    if "debit" in scores or "credit" in scores:
        scores.pop("balance", None)  # "Debit Balance" is a debit column
        if words & _TO_DATE:  # "YTD Debit" beats the month's "Debit"
            for role in ("debit", "credit"):
                if role in scores:
                    scores[role] += 1
    return {r: s for r, s in scores.items() if s > 0}


def is_account_like(value: object) -> bool:
    if isinstance(value, float):
        return value.is_integer() and 0 <= value < 1e12
    if isinstance(value, int) and not isinstance(value, bool):
        return 0 <= value < 10**12
    if isinstance(value, str):
        return _code_like(value.strip())
    return False


def _code_like(v: str) -> bool:
    """1010, "1010-00", "A-1200", "2100.10" — not "Total assets", not "1,234.56"."""
    return bool(re.fullmatch(r"[A-Za-z]{0,4}[-.]?\d[\w.\-/ ]{0,28}", v)) and not \
        v.casefold().startswith(("total", "subtotal"))


def parse_ok(value: object) -> bool | None:
    """True: an amount; None: blank; False: not an amount."""
    try:
        return None if parse_tb_amount(value) is None else True
    except ValueError:
        return False


def _cell(row: list[object], col: int | None) -> object:
    if col is None or col >= len(row):
        return ""
    return row[col]


def _data_score(sheet: Sheet, start: int, layout_cols: dict[str, int | None],
                header: str = "") -> float:
    """How well the rows from `start` (0-based) read as trial-balance rows: 0 … 1
    (a repeated header row, whose account cell reads `header`, does not count)."""
    acc = layout_cols["account"]
    amounts = [c for c in (layout_cols["balance"], layout_cols["debit"], layout_cols["credit"])
               if c is not None]
    good = seen = 0
    for row in sheet.rows[start:start + DATA_SAMPLE]:
        if not any(cell_text(v) for v in row):
            continue
        seen += 1
        a = _cell(row, acc)
        if not cell_text(a) or (header and cell_text(a).casefold() == header):
            seen -= bool(header and cell_text(a).casefold() == header)
            continue  # a subtotal, heading or repeated header row: neither for nor against
        oks = [parse_ok(_cell(row, c)) for c in amounts]
        like = is_account_like(a) or _combined_like(a)
        if like and all(o is not False for o in oks) and any(oks):
            good += 1
        elif like and all(o is None for o in oks):
            good += 0.5
    return good / seen if seen else 0.0


def _assign(headings: list[str]) -> tuple[dict[str, int | None], float]:
    """Columns for the roles from a header row's texts, and the heading score."""
    per_col = [_role_scores(h) for h in headings]
    chosen: dict[str, int | None] = dict.fromkeys(ROLES)
    total = 0.0
    used: set[int] = set()
    for role in ("debit", "credit", "account", "description", "balance"):
        best, best_s = None, 0
        for i, scores in enumerate(per_col):
            s = scores.get(role, 0)
            # the last matching balance column (the ending one) wins ties
            if i not in used and (s > best_s or (s == best_s and s and role == "balance")):
                best, best_s = i, s
        if best is not None:
            chosen[role] = best
            used.add(best)
            total += best_s
    words = [set(_WORDS.findall(h.casefold())) for h in headings]
    bal = chosen["balance"]
    if (chosen["debit"] is not None and chosen["credit"] is not None and bal is not None
            and not words[bal] & _NOT_ENDING and any(w & _BEGINNING for w in words)):
        # beginning balance, debits, credits, ending balance: the debits and credits are
        # the period's movement, the ending balance the one to read
        chosen["debit"] = chosen["credit"] = None
    elif chosen["debit"] is not None and chosen["credit"] is not None:
        chosen["balance"] = None  # debit and credit columns make the balance
    elif chosen["balance"] is None and (chosen["debit"] is None) != (chosen["credit"] is None):
        chosen["balance"] = chosen["debit"] if chosen["debit"] is not None else chosen["credit"]
        chosen["debit"] = chosen["credit"] = None
    else:
        chosen["debit"] = chosen["credit"] = None
    return chosen, total


def _header_candidates(sheet: Sheet) -> list[TableLayout]:
    out: list[TableLayout] = []
    for r, row in enumerate(sheet.rows[:HEADER_SCAN]):
        texts = [cell_text(v) if isinstance(v, str) else "" for v in row]
        if sum(1 for t in texts if t) < 2:
            continue
        cols, heading_score = _assign(texts)
        if cols["balance"] is None and cols["debit"] is None:
            continue
        if cols["account"] is None:  # a blank heading over the accounts (QuickBooks)
            cols["account"] = _account_from_data(sheet, r + 1, cols)
            if cols["account"] is None:
                continue
        acc = cols["account"]
        data = _data_score(sheet, r + 1, cols, texts[acc].casefold() if acc is not None else "")
        if data == 0:
            continue
        combined = _is_combined(sheet, r + 1, cols)
        if cols["description"] is None and not combined:  # a heading not recognized
            cols["description"] = _description_from_data(sheet, r + 1, cols)
        out.append(TableLayout(sheet.name, r + 1, r + 2, score=heading_score + 10 * data,
                               headings=tuple(cell_text(v) for v in row), combined=combined,
                               **{k: v for k, v in cols.items() if k in ROLES}))
    return out


def _account_from_data(sheet: Sheet, start: int, cols: dict[str, int | None]) -> int | None:
    """The column left of the amounts whose cells below the header read as accounts."""
    amounts = [c for c in (cols["balance"], cols["debit"], cols["credit"]) if c is not None]
    used = {c for c in cols.values() if c is not None}
    rows = [r for r in sheet.rows[start:start + DATA_SAMPLE] if any(cell_text(v) for v in r)]
    best, best_share = None, 0.5
    for c in range(min(amounts)):
        if c in used:
            continue
        filled = [v for r in rows if cell_text(v := _cell(r, c))]
        share = (sum(is_account_like(v) or _combined_like(v) for v in filled) / len(rows)
                 if rows else 0.0)
        if share > best_share:
            best, best_share = c, share
    return best


def _description_from_data(sheet: Sheet, start: int, cols: dict[str, int | None]
                           ) -> int | None:
    """The column between the accounts and the amounts whose cells below the header are
    mostly text (names), when no heading says which is the description."""
    acc = cols["account"]
    amounts = [c for c in (cols["balance"], cols["debit"], cols["credit"]) if c is not None]
    if acc is None or not amounts:
        return None
    rows = [r for r in sheet.rows[start:start + DATA_SAMPLE] if cell_text(_cell(r, acc))]
    for c in range(acc + 1, min(amounts)):
        texts = [v for r in rows if isinstance(v := _cell(r, c), str) and v.strip()]
        if rows and len(texts) >= 0.6 * len(rows) and not all(parse_ok(v) for v in texts):
            return c
    return None


def _is_combined(sheet: Sheet, start: int, cols: dict[str, int | None]) -> bool:
    """Whether the account column holds the accounts' names too (and no column of its
    own does): most of its cells below the header read as "number name"."""
    if cols["description"] is not None or cols["account"] is None:
        return False
    acc = cols["account"]
    cells = [v for r in sheet.rows[start:start + DATA_SAMPLE] if cell_text(v := _cell(r, acc))]
    return bool(cells) and sum(map(_combined_like, cells)) >= 0.5 * len(cells)


def _headerless(sheet: Sheet) -> TableLayout | None:
    """Columns read from the values when no row carries headings."""
    rows = [r for r in sheet.rows[:HEADER_SCAN + DATA_SAMPLE] if any(cell_text(v) for v in r)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    acc = None
    for c in range(width):
        vals = [_cell(r, c) for r in rows]
        filled = [v for v in vals if cell_text(v)]
        if filled and sum(is_account_like(v) for v in filled) >= 0.6 * len(rows):
            acc = c
            break
    if acc is None:
        return None
    numeric = []
    desc = None
    for c in range(acc + 1, width):
        vals = [_cell(r, c) for r in rows if is_account_like(_cell(r, acc))]
        filled = [v for v in vals if cell_text(v)]
        if not filled:
            continue
        if all(parse_ok(v) for v in filled):
            numeric.append((c, [bool(cell_text(v)) for v in vals]))
        elif desc is None and sum(isinstance(v, str) for v in filled) >= 0.6 * len(filled):
            desc = c
    if not numeric:
        return None
    first = next(i for i, r in enumerate(sheet.rows) if is_account_like(_cell(r, acc)))
    cols: dict[str, int | None] = {"account": acc, "description": desc, "balance": None,
                                   "debit": None, "credit": None}
    if len(numeric) >= 2:
        (c1, f1), (c2, f2) = numeric[-2], numeric[-1]
        exclusive = sum(a and b for a, b in zip(f1, f2, strict=True)) <= 0.1 * len(f1)
        if exclusive:
            cols["debit"], cols["credit"] = c1, c2
    if cols["debit"] is None:
        cols["balance"] = numeric[-1][0]
    data = _data_score(sheet, first, cols)
    return TableLayout(sheet.name, None, first + 1, score=6 * data, **cols)  # type: ignore[arg-type]


def detect_sheet(sheet: Sheet) -> list[TableLayout]:
    found = _header_candidates(sheet)
    if not found:
        guess = _headerless(sheet)
        if guess is not None:
            found.append(guess)
    return sorted(found, key=lambda lay: -lay.score)


def _pick_sheet(book: Spreadsheet, spec: str) -> str:
    if spec in book.sheet_names:
        return spec
    for n in book.sheet_names:
        if n.casefold() == spec.strip().casefold():
            return n
    if ascii_digits(spec.strip()) and len(spec.strip()) < 6 \
            and 1 <= int(spec) <= len(book.sheet_names):
        return book.sheet_names[int(spec) - 1]
    raise TBError(f"{book.name} has no sheet {quoted(spec)} "
                  f"(it has {', '.join(map(repr, book.sheet_names))})")


def detect(book: Spreadsheet, overrides: Overrides | None = None) -> Detection:
    """The layout of the trial balance in `book`, overrides applied; `TBError` if none."""
    ov = overrides or Overrides()
    names = [_pick_sheet(book, ov.sheet)] if ov.sheet is not None else book.sheet_names
    candidates: list[TableLayout] = []
    for name in names:
        sheet = book.sheet(name)
        if ov.header_row is not None:
            lay = _at_header(sheet, ov.header_row)
        else:
            found = detect_sheet(sheet)
            lay = found[0] if found else None
        if lay is not None:
            candidates.append(lay)
    candidates.sort(key=lambda lay: -lay.score)
    cols = ov.columns()
    if not candidates:
        if ov.sheet is not None and cols.get("account") and (
                cols.get("balance") or (cols.get("debit") and cols.get("credit"))):
            sheet = book.sheet(names[0])
            hr = ov.header_row or None
            headings = _headings(sheet, hr)
            candidates = [TableLayout(sheet.name, hr, (hr or 0) + 1, account=0, headings=headings)]
        else:
            where = f"sheet {names[0]!r} of {book.name}" if ov.sheet else book.name
            if all(book.sheet(n).height == 0 for n in names):
                raise TBError(f"{where} is empty")
            raise TBError(f"no trial balance found in {where}: no header row with an account "
                          "column and a balance (or debit and credit) column; give the "
                          "columns (--account-col, --balance-col or --debit-col and "
                          "--credit-col, --header-row)")
    best = candidates[0]
    if cols:
        best = _with_columns(best, cols)
    return Detection(best, candidates)


def _headings(sheet: Sheet, header_row: int | None) -> tuple[str, ...]:
    if not header_row or header_row > sheet.height:
        return ()
    return tuple(cell_text(v) for v in sheet.rows[header_row - 1])


def _at_header(sheet: Sheet, header_row: int) -> TableLayout | None:
    if header_row < 0 or header_row > max(sheet.height, 1):
        raise TBError(f"sheet {sheet.name!r} has no row {header_row} "
                      f"(it has {sheet.height} rows)")
    if header_row == 0:
        return _headerless(sheet)
    row = sheet.rows[header_row - 1] if sheet.rows else []
    texts = [cell_text(v) if isinstance(v, str) else "" for v in row]
    cols, s = _assign(texts)
    headings = tuple(cell_text(v) for v in row)
    if cols["account"] is None:
        cols["account"] = 0
    return TableLayout(sheet.name, header_row, header_row + 1, score=s, headings=headings,
                       **{k: v for k, v in cols.items()})  # type: ignore[arg-type]


def _with_columns(lay: TableLayout, cols: dict[str, str]) -> TableLayout:
    resolved = {role: column_index(spec, lay.headings) for role, spec in cols.items()}
    changes: dict[str, int | None] = dict(resolved)
    if "balance" in resolved:
        changes.setdefault("debit", None)
        changes.setdefault("credit", None)
        if "debit" in resolved or "credit" in resolved:
            raise TBError("give either a balance column or debit and credit columns, not both")
    elif "debit" in resolved or "credit" in resolved:
        if lay.balance is not None and not ("debit" in resolved and "credit" in resolved):
            raise TBError("give both the debit and the credit column")
        changes["balance"] = None
    return replace(lay, **changes)  # type: ignore[arg-type]


def check_layout(lay: TableLayout) -> None:
    """A layout the parser can use: an account column and a balance or debit+credit."""
    if lay.balance is None and (lay.debit is None or lay.credit is None):
        raise TBError("the layout needs a balance column, or a debit and a credit column")
    used = [c for c in (lay.account, lay.description, lay.balance, lay.debit, lay.credit)
            if c is not None]
    if len(used) != len(set(used)):
        raise TBError("one column is given two roles (account, description, balance, "
                      "debit, credit)")
