"""Exhibit A of Rule 15c3-3 (§240.15c3-3a), the reserve formula's items, declared once as
data: items 1–9 (credits), 10–15 (debits) and the Note E reductions of item 10 that need
account data entered as amounts (E(1), E(2), E(4), E(5), E(6); Note E(3)'s 1 % is
computed, `focusdesk.calculation.reserve`).

Here, in the form's layer, so that every feature reads one declaration: the reserve
worksheet (`focusdesk.worksheets.reserve`) computes over it and the trial-balance mapping
(`focusdesk.calculation.accounts`) may target an item as it targets a line.

A mapping rule targets an Exhibit A item as ``reserve:<item>`` — ``reserve:1`` …
``reserve:15``, ``reserve:E1``, ``reserve:E2``, ``reserve:E4``, ``reserve:E5``,
``reserve:E6`` (any case). That is the one spelling, and the workbook keeps it as the
rule's code: it cannot be mistaken for an item code (four digits) or a printed line
("10", "23a").

Labels paraphrase ``shared/reference/rules/RESERVE-FORMULA.md`` §§1–2 and Note E (notes
on the eCFR text of 17 CFR 240.15c3-3a).
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Normal


@dataclass(frozen=True)
class ExhibitItem:
    key: str  # "1" … "15", "E1" …
    side: str  # "credit", "debit", or "reduction" (a Note E reduction of item 10)
    label: str
    note: str = ""

    @property
    def code(self) -> str:
        """The item as a mapping rule targets it (and the workbook keeps the rule)."""
        return TARGET_PREFIX + self.key

    @property
    def normal(self) -> Normal | None:
        """The balance the ledger's accounts of the item normally carry, which a mapping
        rule without a sign turns into a positive amount: a credit item (a payable to
        customers) is credit-normal, a debit item (a receivable) debit-normal. A Note E
        reduction has none — the rule says which sign (the balance is taken as it stands
        otherwise)."""
        return {"credit": Normal.CREDIT, "debit": Normal.DEBIT}.get(self.side)

    def describe(self) -> str:
        """ "Exhibit A item 10", "Exhibit A Note E(1)". """
        if self.side == "reduction":
            return f"Exhibit A Note E({self.key[1:]})"
        return f"Exhibit A item {self.key}"


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
TARGET_PREFIX = "reserve:"
KEYS: tuple[str, ...] = tuple(i.key for i in ITEMS)
BY_KEY: dict[str, ExhibitItem] = {i.key: i for i in ITEMS}
BY_CODE: dict[str, ExhibitItem] = {i.code: i for i in ITEMS}
CREDITS = tuple(i.key for i in ITEMS if i.side == "credit")
DEBITS = tuple(i.key for i in ITEMS if i.side == "debit")
REDUCTIONS = tuple(i.key for i in ITEMS if i.side == "reduction")
ITEM_10 = "10"


def is_target(code: str) -> bool:
    """Whether a mapping rule's (resolved) code is an Exhibit A item."""
    return code in BY_CODE


def parse_target(text: str) -> str | None:
    """The code of ``reserve:10`` / ``Reserve: e1`` (None: not an Exhibit A target).
    `ValueError` for ``reserve:`` followed by no Exhibit A item."""
    t = text.strip()
    if not t.casefold().startswith(TARGET_PREFIX):
        return None
    key = t[len(TARGET_PREFIX):].strip().upper()
    if key not in BY_KEY:
        notes = ", ".join(TARGET_PREFIX + k for k in REDUCTIONS)
        raise ValueError(f"{text.strip()!r} is not an Exhibit A item (reserve:1 … reserve:15, "
                         f"or a Note E reduction {notes})")
    return BY_KEY[key].code
