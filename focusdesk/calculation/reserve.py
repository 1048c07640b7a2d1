"""The reserve formula — Rule 15c3-3, Exhibit A (§240.15c3-3a), its items declared in
`focusdesk.form.exhibit_a` — computed (`compute`): lines 26 [4430], 27 [4472] and 23b
[4470], the requirement against line 28 [4530]; and a month's computation on the
workbook's method (`for_month`), with the inputs as the workbook keeps them
(`store_items`, `stored_items`).

Here, below the features, because two of them feed it: the reserve worksheet
(`focusdesk.worksheets.reserve`, ``focusdesk reserve``) from an items file, and the
trial-balance import (`focusdesk.tb.importer`) from accounts mapped to Exhibit A items.

From ``shared/reference/rules/RESERVE-FORMULA.md`` (paraphrased notes on the eCFR text of
17 CFR 240.15c3-3, 240.15c3-3a and 240.15c3-1(a)(1)(ii)):

* Total credits are items 1–9 (line 26).
* Item 10 (customers' debit balances) is reduced by the Note E reductions entered as
  amounts — E(1) collateral concentration, E(2) omnibus deficits, E(4) insiders and
  affiliates, E(5) a single large customer, E(6) mixed ownership — and then, on the basic
  method, by Note E(3)'s 1 % of what remains.
* On the alternative method, Rule 15c3-1(a)(1)(ii)(A) replaces Note E(3)'s 1 % with a
  3 % reduction of the aggregate debit items (2 % for a daily computer): line 23b is the
  debits before that reduction (the form's note to 23b: "do not reduce … by the 3 %"),
  line 27 after it (instruction 27: "net of the 3 % … or 1 %").
* The requirement is the excess of credits over net debits (none when debits are
  greater), 105 % of it for a monthly computer (Rule 15c3-3(e)(3)(i)(C)); line 28, the
  amount on deposit, short of it is a deficiency (Rule 15c3-3(i): immediate notice).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

from ..base.money import CENT, ZERO, cents, pct, plain, round_half_away
from ..form.catalog import (
    AGGREGATE_DEBIT_ITEMS,
    AI_RATIO,
    RESERVE_ACCOUNT,
    RESERVE_CREDITS,
    RESERVE_DEBITS,
    Method,
)
from ..form.exhibit_a import CREDITS, DEBITS, ITEM_10, KEYS, REDUCTIONS
from ..model.workbook import StoredWorksheet, Workbook
from .engine import compute as compute_workbook


class WorksheetError(ValueError):
    """A positions or items file, or a worksheet input, that cannot be used; one sentence
    naming what and where (the row and the column). (`focusdesk.worksheets` raises it;
    declared here, where the reserve formula that also raises it is.)"""


# Note E(3): item 10's debits reduced by 1 % of their aggregate value (basic method).
NOTE_E3 = pct("1")
# Rule 15c3-1(a)(1)(ii)(A): the alternative method's reduction of aggregate debit
# items, 3 %, or 2 % for a firm computing daily ((e)(3)(i)(B)(1) or (e)(3)(v)).
ALTERNATIVE_CUT, DAILY_CUT = pct("3"), pct("2")
# Rule 15c3-3(e)(3)(i)(C): a monthly computer deposits at least 105 % of the amount.
MONTHLY_DEPOSIT = pct("105")
# (e)(3)(i)(C): who may compute monthly — aggregate indebtedness at most 800 % of net
# capital, aggregate customer funds at most $1,000,000.
MONTHLY_AI_RATIO, MONTHLY_FUNDS = Decimal(800), Decimal(1_000_000)

# RESERVE-FORMULA.md, "Not found / uncertain" — said in the worksheet's output (never in
# its JSON, whose shape is a contract): the rule texts read are a third party's copy of
# the eCFR; whether the Note H(b)(3) notice that activates item 15 is published was not
# found.
UNCERTAIN_SOURCE = ("the rule text is a third party's saved copy of the eCFR (17 CFR "
                    "240.15c3-3, 240.15c3-3a), to be re-checked against ecfr.gov "
                    "(RESERVE-FORMULA.md, Not found / uncertain: Provenance)")
UNCERTAIN_ITEM_15 = ("item 15 (Note H, cleared U.S. Treasury transactions): whether the "
                     "Commission has published the Note H(b)(3) notice that allows the debit "
                     "was not found; the amount is counted as entered (RESERVE-FORMULA.md, "
                     "Not found / uncertain)")
ITEM_15 = "15"

# The Schedule A lines the worksheet sets and reads, as the catalog declares them.
LINE_26, LINE_27, LINE_23B, LINE_28 = (RESERVE_CREDITS, RESERVE_DEBITS, AGGREGATE_DEBIT_ITEMS,
                                       RESERVE_ACCOUNT)
SETS = (LINE_26, LINE_27, LINE_23B)  # the lines the reserve formula sets


@dataclass(frozen=True)
class ReserveResult:
    items: dict[str, Decimal]  # as entered (absent: zero)
    alternative: bool
    daily: bool
    monthly: bool
    credits: Decimal  # items 1–9: line 26
    debits: Decimal  # items 10–15, before any reduction
    reductions: Decimal  # Note E(1), (2), (4), (5), (6)
    aggregate_debits: Decimal  # after them: line 23b on the alternative method
    percent_reduction: Decimal  # Note E(3)'s 1 % of item 10, or the 3 % / 2 %
    debits_net: Decimal  # line 27
    excess: Decimal  # credits less net debits, when positive
    requirement: Decimal  # the deposit required (105 % of the excess for a monthly computer)
    deposit: Decimal | None  # line 28 as the workbook has it
    warnings: tuple[str, ...] = ()
    uncertain: tuple[str, ...] = ()  # the rule notes' doubts that bear on this result

    @property
    def method_text(self) -> str:
        if self.alternative:
            return ("alternative method: Rule 15c3-1(a)(1)(ii)(A), aggregate debits reduced "
                    f"by {'2 % (a daily computer)' if self.daily else '3 %'}")
        return "basic method: item 10 reduced by Note E(3)'s 1 %"

    @property
    def deficiency(self) -> Decimal:
        """How much line 28 falls short of the requirement (zero when it does not)."""
        return max(self.requirement - (self.deposit or ZERO), ZERO)

    def lines(self) -> dict[str, Decimal | None]:
        """The Schedule A items the worksheet sets, by code: 23b only on the alternative
        method (instruction 23b: "if the alternative method is used")."""
        return {LINE_26: self.credits, LINE_27: self.debits_net,
                LINE_23B: self.aggregate_debits if self.alternative else None}

    def as_json(self, month: str) -> dict[str, object]:
        """The shape ``focusdesk reserve --json`` prints (a contract)."""
        # "debits": items 10–15 after the Note E reductions of item 10, before the 1 %
        # (or 3 % / 2 %) — so that debits less the percentage is debits_net.
        return {"month": month, "credits": cents(self.credits),
                "debits": cents(self.aggregate_debits),
                "debits_net": cents(self.debits_net), "requirement": cents(self.requirement),
                "lines": {code: None if v is None else cents(v)
                          for code, v in self.lines().items()}}


def compute(items: dict[str, Decimal], *, alternative: bool, daily: bool = False,
            monthly: bool = False, deposit: Decimal | None = None) -> ReserveResult:
    """Exhibit A for `items` (item → amount; an absent item is zero). `WorksheetError`
    when the inputs contradict each other or the rule."""
    unknown = [k for k in items if k not in KEYS]
    if unknown:
        raise WorksheetError(f"{unknown[0]!r} is not an Exhibit A item")
    if daily and monthly:
        raise WorksheetError("a computation is daily or monthly, not both")
    if alternative and monthly:
        raise WorksheetError("a firm on the alternative method computes the reserve at least "
                             "weekly (Rule 15c3-1(a)(1)(ii)(A)); it is not a monthly computer")
    with decimal.localcontext(decimal.Context(prec=50)):
        amount = {k: items.get(k, ZERO) for k in KEYS}
        credits = sum((amount[k] for k in CREDITS), ZERO)
        debits = sum((amount[k] for k in DEBITS), ZERO)
        reductions = sum((amount[k] for k in REDUCTIONS), ZERO)
        if reductions > amount[ITEM_10]:
            raise WorksheetError(
                f"the Note E reductions ({cents(reductions)}) are more than item 10's debits "
                f"({cents(amount[ITEM_10])}): they reduce item 10 only")
        item10 = amount[ITEM_10] - reductions
        aggregate = debits - reductions
        if alternative:
            cut = round_half_away(aggregate * (DAILY_CUT if daily else ALTERNATIVE_CUT), CENT)
        else:
            cut = round_half_away(item10 * NOTE_E3, CENT)
        net = aggregate - cut
        excess = max(credits - net, ZERO)
        requirement = round_half_away(excess * MONTHLY_DEPOSIT, CENT) if monthly else excess
    warnings = []
    if daily and not alternative:
        warnings.append("a daily computation changes nothing on the basic method: Note E(3)'s "
                        "1 % applies (the 2 % is the alternative method's)")
    if monthly and credits > MONTHLY_FUNDS:
        warnings.append(f"total credits are {cents(credits)}: a monthly computer's aggregate "
                        "customer funds are at most $1,000,000 (Rule 15c3-3(e)(3)(i)(C))")
    uncertain = (*((UNCERTAIN_ITEM_15,) if amount[ITEM_15] else ()), UNCERTAIN_SOURCE)
    return ReserveResult(dict(items), alternative, daily, monthly, credits, debits, reductions,
                         aggregate, cut, net, excess, requirement, deposit, tuple(warnings),
                         uncertain)


def for_month(wb: Workbook, month: str, items: dict[str, Decimal], *,
              daily: bool = False, monthly: bool = False) -> ReserveResult:
    """Exhibit A of `items` on the workbook's method, against the month's line 28."""
    wb.check_month(month)
    result = compute(items, alternative=wb.method is Method.ALTERNATIVE, daily=daily,
                     monthly=monthly, deposit=wb.value(month, LINE_28))
    if monthly:
        ratio = compute_workbook(wb).value(month, AI_RATIO)
        if ratio is not None and ratio > MONTHLY_AI_RATIO:
            result = replace(result, warnings=(
                *result.warnings, f"aggregate indebtedness is {ratio:.0f} % of net capital: "
                "a monthly computer's is at most 800 % (Rule 15c3-3(e)(3)(i)(C))"))
    return result


# -- kept in the workbook -------------------------------------------------------------
# The month's Exhibit A items as text rows (`StoredWorksheet` of kind "reserve"): what was
# read, not the file — the file's name and SHA-256 say where it came from. The options
# ("daily", "monthly") are those it was computed with.

ITEM_COLUMNS = ("item", "amount")
# A trial balance's Exhibit A may keep items from another file (a Note E reduction entered
# in an items file): then each row also says where its amount came from.
SOURCE_COLUMN = "source"
OPTIONS = ("daily", "monthly")


def now() -> str:
    """When inputs are imported: ISO 8601, UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def store_items(items: dict[str, Decimal], file_name: str, sha256: str,
                options: tuple[str, ...] = (), *, user: str = "",
                sources: dict[str, str] | None = None) -> StoredWorksheet:
    """The items as the workbook keeps them; `sources`: item → the source_ref of the file
    an item came from, for the items not from `file_name`."""
    if sources:
        rows = tuple((k, plain(a), sources.get(k, "")) for k, a in items.items())
        columns: tuple[str, ...] = (*ITEM_COLUMNS, SOURCE_COLUMN)
    else:
        rows, columns = tuple((k, plain(a)) for k, a in items.items()), ITEM_COLUMNS
    return StoredWorksheet("reserve", file_name, sha256, columns, rows, options,
                           imported_at=now(), user=user)


def stored_items(stored: StoredWorksheet) -> dict[str, Decimal]:
    ki, ai = (stored.columns.index(c) for c in ITEM_COLUMNS)
    return {r[ki]: Decimal(r[ai]) for r in stored.rows}


def item_sources(stored: StoredWorksheet) -> dict[str, str]:
    """Where each stored item came from: its row's source, else the stored file's."""
    si = stored.columns.index(SOURCE_COLUMN) if SOURCE_COLUMN in stored.columns else None
    ki = stored.columns.index(ITEM_COLUMNS[0])
    return {r[ki]: (r[si] if si is not None and r[si] else stored.source_ref)
            for r in stored.rows}


def same_inputs(a: StoredWorksheet | None, b: StoredWorksheet) -> bool:
    """The same inputs again (only when and by whom they were imported may differ)."""
    return a is not None and (a.kind, a.sha256, a.columns, a.rows, a.options) == (
        b.kind, b.sha256, b.columns, b.rows, b.options)


def stored_for_month(wb: Workbook, month: str) -> ReserveResult | None:
    """The month's reserve formula from the items the workbook keeps for it, with the
    options it was computed with (None: none imported)."""
    stored = wb.worksheets.get((month, "reserve"))
    if stored is None:
        return None
    return for_month(wb, month, stored_items(stored), daily="daily" in stored.options,
                     monthly="monthly" in stored.options)
