"""The reserve formula — Rule 15c3-3, Exhibit A (§240.15c3-3a) — declared once as data
(`ITEMS`), and its computation (`compute`): lines 26 [4430], 27 [4472] and 23b [4470],
the requirement against line 28 [4530].

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
from dataclasses import dataclass
from decimal import Decimal

from ..base.money import CENT, ZERO, round_half_away
from ..form.catalog import (
    AGGREGATE_DEBIT_ITEMS,
    RESERVE_ACCOUNT,
    RESERVE_CREDITS,
    RESERVE_DEBITS,
)
from . import WorksheetError
from .haircuts import cents, pct


@dataclass(frozen=True)
class ExhibitItem:
    key: str  # "1" … "15", "E1" …
    side: str  # "credit", "debit", or "reduction" (a Note E reduction of item 10)
    label: str
    note: str = ""


ITEMS: tuple[ExhibitItem, ...] = (
    ExhibitItem("1", "credit", "Free credit balances and other credit balances in "
                "customers' security accounts", "A"),
    ExhibitItem("2", "credit", "Monies borrowed collateralized by securities carried for "
                "the accounts of customers", "B"),
    ExhibitItem("3", "credit", "Monies payable against customers' securities loaned", "C"),
    ExhibitItem("4", "credit", "Customers' securities failed to receive", "D"),
    ExhibitItem("5", "credit", "Credit balances in firm accounts attributable to principal "
                "sales to customers"),
    ExhibitItem("6", "credit", "Market value of stock dividends, stock splits and similar "
                "distributions receivable outstanding over 30 calendar days"),
    ExhibitItem("7", "credit", "Market value of short security count differences over 30 "
                "calendar days old"),
    ExhibitItem("8", "credit", "Market value of short securities and credits in all "
                "suspense accounts over 30 calendar days"),
    ExhibitItem("9", "credit", "Market value of securities in transfer over 40 calendar "
                "days not confirmed by the transfer agent or the issuer"),
    ExhibitItem("10", "debit", "Debit balances in customers' cash and margin accounts, "
                "excluding unsecured accounts and accounts doubtful of collection", "E"),
    ExhibitItem("11", "debit", "Securities borrowed to effectuate short sales by customers "
                "and to make delivery on customers' securities failed to deliver"),
    ExhibitItem("12", "debit", "Failed to deliver of customers' securities not older than "
                "30 calendar days"),
    ExhibitItem("13", "debit", "Margin required and on deposit with the Options Clearing "
                "Corporation for option contracts of customers", "F"),
    ExhibitItem("14", "debit", "Margin required and on deposit with a clearing agency or "
                "derivatives clearing organization for customers' security futures and "
                "portfolio-margined futures", "G"),
    ExhibitItem("15", "debit", "Margin required and on deposit with a clearing agency for "
                "customers' cleared U.S. Treasury transactions", "H"),
    ExhibitItem("E1", "reduction", "Note E(1): margin debits collateralized by a single "
                "security above 15 % of all collateral of margin receivables"),
    ExhibitItem("E2", "reduction", "Note E(2): deficits in special omnibus accounts "
                "(calls outstanding more than 5 business days)"),
    ExhibitItem("E4", "reduction", "Note E(4): debits of principals' households and related "
                "persons, and of affiliates"),
    ExhibitItem("E5", "reduction", "Note E(5): a single customer's debit above 25 % of "
                "tentative net capital, to the extent above $50,000"),
    ExhibitItem("E6", "reduction", "Note E(6): the non-customer share of mixed-ownership "
                "accounts (all of it above 50 %)"),
)
KEYS: tuple[str, ...] = tuple(i.key for i in ITEMS)
CREDITS = tuple(i.key for i in ITEMS if i.side == "credit")
DEBITS = tuple(i.key for i in ITEMS if i.side == "debit")
REDUCTIONS = tuple(i.key for i in ITEMS if i.side == "reduction")
ITEM_10 = "10"

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

# The Schedule A lines the worksheet sets and reads, as the catalog declares them.
LINE_26, LINE_27, LINE_23B, LINE_28 = (RESERVE_CREDITS, RESERVE_DEBITS, AGGREGATE_DEBIT_ITEMS,
                                       RESERVE_ACCOUNT)


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
    return ReserveResult(dict(items), alternative, daily, monthly, credits, debits, reductions,
                         aggregate, cut, net, excess, requirement, deposit, tuple(warnings))
