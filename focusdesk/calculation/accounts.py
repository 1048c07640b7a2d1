"""The account mapping compiled: which Schedule A line each general-ledger account feeds.


A rule's account is one of

* an exact account: ``1010``, ``1010-00``;
* a range: ``2010-2199`` (both sides digits of the same length), ``2010..2199`` or
  ``2010 to 2199`` — an account is in it when its leading digits, as a number, are
  (``2050-00`` is in ``2010-2199``); non-numeric bounds compare as text;
* a prefix: ``12*`` (``*`` alone catches every account).

A bare account number also matches the accounts whose leading segment it is: ``2100``
matches ``2100``, ``2100-00``, ``2100.01`` and ``2100 · Payables``, never ``21000``.

Precedence: exact > leading segment > range (the narrowest) > prefix (the longest). The
item is an item code (``3840``) or the printed line (``23a``); a computed line, a caption,
a count line or an unknown code is refused. The item ``none`` (or ``Not on Part I``)
marks accounts that feed no Part I line (cash held elsewhere on the books, allowable
receivables…): they are neither summed nor listed as unmapped.

The item may also be an item of the reserve formula's Exhibit A, spelt ``reserve:<item>``
(``reserve:1`` … ``reserve:15``, ``reserve:E1``, ``reserve:E2``, ``reserve:E4``,
``reserve:E5``, ``reserve:E6``; `focusdesk.form.exhibit_a`): the import then computes
lines 26, 27 and 23b from the month's items (`calculation.reserve`). A mapping that
targets Exhibit A may not also map accounts to those lines directly. A credit item is
credit-normal, a debit item debit-normal; a Note E reduction takes its balance as it
stands unless the rule gives a sign.

Sign: the trial balance is debit-positive. Without a sign, the catalog's normal balance
of the line turns it into a positive form amount: a debit-normal line takes the balance
as it is, a credit-normal line its negative (a liability of 5,000 Cr mapped to 23a is
+5,000 of aggregate indebtedness). A line without a normal balance takes the balance as
it is. ``+`` (or ``Dr``) and ``-`` (or ``Cr``) say the multiplier explicitly.

What the workbook keeps is the rules as text (`model.workbook.MappingRow`); the trial-balance
feature (`focusdesk.tb`) reads and writes mapping files and edits them; the checks tie a
stored trial balance out through them (`ledger`). Qt-free, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..base.money import ascii_digits
from ..base.safetext import cell_text
from ..form import exhibit_a
from ..form.catalog import (
    AGGREGATE_DEBIT_ITEMS,
    PART_I,
    RESERVE_CREDITS,
    RESERVE_DEBITS,
    Form,
    Kind,
    Normal,
)
from ..model.workbook import MappingRow


class TBError(ValueError):
    """A trial balance or mapping that cannot be used; one sentence naming what and where."""


_RANGE_WORD = re.compile(r"^\s*(?P<lo>\S+?)\s*(?:\.\.|\s+to\s+)\s*(?P<hi>\S+)\s*$", re.I)
# ASCII digits only (`\d` and `str.isdigit` also take "١٠١٠" and "１０１０", which int()
# then reads as 1010): an account in other digits is text, and compares as text.
_RANGE_DASH = re.compile(r"^\s*(?P<lo>[0-9]+)\s*-\s*(?P<hi>[0-9]+)\s*$")
# An account's leading segment: up to its first separator ("2100-00", "2100.01", "2100 x").
_SEGMENT = re.compile(r"[^-./:\s\u00b7_]+")
_SEPARATORS = frozenset("-./: \t\u00b7_")

# The item of accounts that feed no Part I line, as the workbook keeps it; and how a
# mapping file or the rules editor may spell it.
NOT_ON_PART_I = "none"
NOT_ON_PART_I_LABEL = "Not on Part I"
_NOT_ON_PART_I_SPELLINGS = frozenset({"none", "not on part i", "not on part 1", "n/a", "na",
                                      "not on form", "—"})
_SIGNS = {"": "", "+": "+", "+1": "+", "1": "+", "dr": "+", "debit": "+",
          "-": "-", "-1": "-", "cr": "-", "credit": "-", "normal": ""}


@dataclass(frozen=True)
class Rule:
    position: int  # 0-based order in the mapping
    pattern: str
    code: str
    sign: str  # "", "+", "-"
    kind: str  # "exact", "range", "prefix"
    lo: str = ""
    hi: str = ""
    numeric: bool = False

    @property
    def excluded(self) -> bool:
        """The rule marks its accounts as feeding no Part I line."""
        return self.code == NOT_ON_PART_I

    def describe(self, form: Form = PART_I) -> str:
        target = NOT_ON_PART_I_LABEL if self.excluded else target_text(self.code, form)
        return f"{self.pattern} → {target}" + (f" ({self.sign})" if self.sign else "")


def parse_pattern(text: str) -> tuple[str, str, str, bool]:
    """(kind, lo, hi, numeric) of a rule's account text."""
    t = text.strip()
    if not t:
        raise TBError("a mapping rule has no account")
    if t.endswith("*"):
        prefix = t[:-1].strip()
        if "*" in prefix:
            raise TBError(f"{text!r}: '*' may only end a prefix (12*)")
        return "prefix", prefix.casefold(), "", False
    m = _RANGE_WORD.match(t)
    dash = _RANGE_DASH.match(t)
    if dash and len(dash["lo"]) == len(dash["hi"]) and int(dash["lo"]) <= int(dash["hi"]):
        m = dash
    if m:
        lo, hi = m["lo"], m["hi"]
        numeric = ascii_digits(lo) and ascii_digits(hi)
        if (int(lo) > int(hi)) if numeric else (lo.casefold() > hi.casefold()):
            raise TBError(f"range {text!r} runs backwards")
        if numeric:
            return "range", lo, hi, True
        return "range", lo.casefold(), hi.casefold(), False
    return "exact", t.casefold(), "", False


# The lines the reserve formula sets from the Exhibit A items (`calculation.reserve`).
RESERVE_LINES = (RESERVE_CREDITS, RESERVE_DEBITS, AGGREGATE_DEBIT_ITEMS)


def target_text(code: str, form: Form = PART_I) -> str:
    """A rule's target in a sentence: "line 23a", "Exhibit A item 10"."""
    if (ex := exhibit_a.BY_CODE.get(code)) is not None:
        return ex.describe()
    return f"line {form.by_code[code].line}"


def resolve_item(text: str, form: Form = PART_I) -> str:
    """The item code of ``3840``, ``23a`` or ``13 — Non-Allowable Assets`` (as the rules
    editor shows a line); `NOT_ON_PART_I` for ``none`` / ``Not on Part I``; the Exhibit A
    item of ``reserve:10``; refuses captions, computed and count lines."""
    t = cell_text(text).strip()
    if t.casefold() in _NOT_ON_PART_I_SPELLINGS:
        return NOT_ON_PART_I
    t = re.sub(r"^(line|item)\s+", "", t, flags=re.I)
    t = re.split(r"\s+[—–]\s+|\s+-\s+", t, maxsplit=1)[0].strip()  # "13 — Non-Allowable…"
    try:
        exhibit = exhibit_a.parse_target(t)
    except ValueError as exc:
        raise TBError(str(exc)) from None
    if exhibit is not None:
        return exhibit
    item = form.by_code.get(t) or form.by_code.get(t.upper())
    if item is None:
        item = next((i for i in form.items if i.line.casefold() == t.casefold()), None)
    if item is None:
        heading = next((i for i in form.schedule_a if i.line.casefold() == t.casefold()), None)
        if heading is not None:
            raise TBError(f"line {heading.line} is a caption; map to one of its lettered lines")
        raise TBError(f"{text!r} is neither a Schedule A item code nor a line")
    if item.kind is Kind.COMPUTED:
        raise TBError(f"line {item.line} [{item.code}] is computed by FocusDesk; map the "
                      "accounts to the lines it is made of")
    if item.kind is Kind.COUNT:
        raise TBError(f"line {item.line} [{item.code}] is a count, not a dollar amount")
    assert item.code is not None
    return item.code


def normalize_sign(text: object) -> str:
    t = cell_text(text).strip().casefold()
    if t not in _SIGNS:
        raise TBError(f"{text!r} is not a sign (+, -, Dr, Cr or blank)")
    return _SIGNS[t]


class Mapping:
    """Compiled rules; `match(account)` is O(log n)."""

    def __init__(self, rows: Sequence[MappingRow], form: Form = PART_I):
        self.rows = tuple(rows)
        self.form = form
        self.rules: list[Rule] = []
        self.exact: dict[str, Rule] = {}
        prefixes: dict[str, Rule] = {}
        ranges: list[Rule] = []
        other_ranges: list[Rule] = []
        seen: dict[tuple[str, str, str], Rule] = {}
        for pos, r in enumerate(self.rows):
            where = f"mapping rule {pos + 1} ({r.account} → {r.code})"
            try:
                kind, lo, hi, numeric = parse_pattern(r.account)
                code = resolve_item(r.code, form)
                sign = normalize_sign(r.sign)
            except TBError as exc:
                raise TBError(f"{where}: {exc}") from None
            rule = Rule(pos, r.account.strip(), code, sign, kind, lo, hi, numeric)
            key = (kind, lo, hi)
            if key in seen:
                first = seen[key]
                if (first.code, first.sign) != (code, sign):
                    raise TBError(f"{where}: account {r.account.strip()!r} is already mapped "
                                  f"to {first.code} by rule {first.position + 1}")
                continue
            seen[key] = rule
            self.rules.append(rule)
            if kind == "exact":
                self.exact[lo] = rule
            elif kind == "prefix":
                prefixes[lo] = rule
            elif numeric:
                ranges.append(rule)
            else:
                other_ranges.append(rule)
        # Whether any exact rule is a bare account (no separator), which leading segments
        # can match: the segment lookup is skipped for a mapping without one.
        self.bare = any(_SEPARATORS.isdisjoint(k) for k in self.exact)
        self.prefixes = prefixes
        self.prefix_lengths = sorted({len(p) for p in prefixes}, reverse=True)
        self.other_ranges = sorted(other_ranges, key=lambda r: r.position)
        self._check_reserve()
        self._build_ranges(ranges)
        self._cache: dict[str, Rule | None] = {}

    @property
    def exhibit_a(self) -> bool:
        """Whether a rule targets an Exhibit A item: the trial balance then feeds the
        reserve formula, which sets lines 26, 27 and 23b."""
        return any(exhibit_a.is_target(r.code) for r in self.rules)

    def _check_reserve(self) -> None:
        """Lines 26, 27 and 23b come from the Exhibit A items or from accounts mapped to
        them, not both (the one would overwrite the other)."""
        if not self.exhibit_a:
            return
        for r in self.rules:
            if r.code in RESERVE_LINES:
                raise TBError(
                    f"mapping rule {r.position + 1} ({r.pattern} → {target_text(r.code)}): "
                    f"line {self.form.by_code[r.code].line} is computed by the reserve formula "
                    "from the Exhibit A items other rules map accounts to; map these accounts "
                    "to Exhibit A items (reserve:1 … reserve:15) or map none to Exhibit A")

    def _build_ranges(self, ranges: list[Rule]) -> None:
        """Elementary intervals, each with its narrowest covering range (and its bounds
        as numbers, compared for each of the thousands of accounts of a trial balance)."""
        points = sorted({int(r.lo) for r in ranges} | {int(r.hi) + 1 for r in ranges})
        self._starts: list[int] = points
        self._winner: list[tuple[Rule, int, int] | None] = []
        for i, start in enumerate(points):
            end = points[i + 1] - 1 if i + 1 < len(points) else start
            best = None
            for r in ranges:
                if int(r.lo) <= start and end <= int(r.hi):
                    span = int(r.hi) - int(r.lo)
                    if best is None or span < int(best.hi) - int(best.lo):
                        best = r
            self._winner.append(None if best is None else (best, int(best.lo), int(best.hi)))

    def match(self, account: str) -> Rule | None:
        try:
            return self._cache[account]
        except KeyError:
            pass
        rule = self.match_all((account,))[account]
        self._cache[account] = rule
        return rule

    def match_all(self, accounts: Iterable[str]) -> dict[str, Rule | None]:
        """The rule of each account (None: unmapped), for the tens of thousands of distinct
        accounts of a big trial balance: a column at a time (at C speed where it can be),
        the ranges and prefixes searched once per distinct leading number."""
        accounts = list(accounts)
        folded = list(map(str.casefold, map(str.strip, accounts)))
        digits = "0123456789"
        leads = [a[:len(a) - len(a.lstrip(digits))] for a in folded]
        # Past the exact and leading-segment rules, the rule of an account that starts with
        # at least as many digits as the longest prefix depends on those digits alone
        # (ranges compare them, prefixes are no longer) — unless the mapping has text
        # ranges, which compare more of the account: then each account is searched.
        longest = self.prefix_lengths[0] if self.prefix_lengths else 0
        fallback = self._fallback
        if self.other_ranges:
            rules = list(map(fallback, folded, leads))
        else:
            by_lead = {lead: fallback(lead, lead) for lead in set(leads)
                       if lead and len(lead) >= longest}
            rules = list(map(by_lead.get, leads))
            for i in [i for i, lead in enumerate(leads) if not lead or len(lead) < longest]:
                rules[i] = fallback(folded[i], leads[i])
        if self.exact:  # exact accounts, then leading segments, come first
            exact_get = self.exact.get
            found = list(map(exact_get, folded))
            if self.bare:
                segment, separators = _SEGMENT.match, _SEPARATORS
                for i, a in enumerate(folded):
                    if found[i] is None and not separators.isdisjoint(a) and (
                            m := segment(a)) is not None:
                        found[i] = exact_get(m.group())
            rules = [e if e is not None else r for e, r in zip(found, rules, strict=True)]
        return dict(zip(accounts, rules, strict=True))

    def _fallback(self, a: str, lead: str) -> Rule | None:
        """The rule of a (folded) account no exact rule matches: the narrowest numeric
        range holding its leading number `lead`, else the narrowest text range, else the
        longest prefix."""
        rule = None
        if self._starts and lead:
            n = int(lead)
            i = bisect.bisect_right(self._starts, n) - 1
            if i >= 0 and (w := self._winner[i]) is not None and w[1] <= n <= w[2]:
                rule = w[0]
        if rule is None:
            for r in self.other_ranges:
                if r.lo <= a[:len(r.lo)] and a[:len(r.hi)] <= r.hi and (
                        rule is None or (r.hi, r.lo) < (rule.hi, rule.lo)):
                    rule = r
        if rule is None:
            for n in self.prefix_lengths:
                if len(a) >= n and (rule := self.prefixes.get(a[:n])) is not None:
                    break
        return rule

    def counts(self, accounts: Iterable[str]) -> dict[int, int]:
        """How many of the distinct `accounts` each rule matches, by rule position (every
        rule, a rule that matches none with 0)."""
        out = dict.fromkeys((r.position for r in self.rules), 0)
        for rule in self.match_all(dict.fromkeys(accounts)).values():
            if rule is not None:
                out[rule.position] += 1
        return out

    def normal(self, code: str) -> Normal | None:
        """The normal balance of a rule's target: a line's (catalog) or an Exhibit A
        item's (`form.exhibit_a`)."""
        if (ex := exhibit_a.BY_CODE.get(code)) is not None:
            return ex.normal
        return self.form.by_code[code].normal

    def multiplier(self, rule: Rule) -> int:
        if rule.sign:
            return 1 if rule.sign == "+" else -1
        return -1 if self.normal(rule.code) is Normal.CREDIT else 1

    def notes(self) -> list[str]:
        """Rules worth a word in the mapping check (lines without a normal balance)."""
        out = []
        for r in self.rules:
            if r.excluded:
                continue
            if self.normal(r.code) is None and not r.sign:
                out.append(f"rule {r.position + 1} ({r.pattern}): "
                           f"{target_text(r.code, self.form)} has no normal balance; the "
                           "balance is taken as it stands (debit positive) — give a sign to "
                           "turn it")
        return out
