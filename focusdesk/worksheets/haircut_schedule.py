"""Haircuts on proprietary security positions — Rule 15c3-1(c)(2)(vi), line 18 — declared
once as data: the tables (A)–(K) with their bands, the (J), (K), (M) rates and floors,
the categories (`SCHEDULE`), the elections not applied (`NOT_APPLIED`).

The percentages, the bands and the paragraph of every category are those of
``shared/reference/rules/HAIRCUTS.md`` (paraphrased notes on the eCFR text of 17 CFR
240.15c3-1, current as of 2026-10-01). Where the note says a point is uncertain, the
choice made is declared here beside the data, with a comment citing the note, and the
result says so (`HaircutResult.uncertain`): each choice is the more conservative reading.

How a category is deducted (`Category.method`):

* ``offset`` — (A)(1), the category offset: the long and short positions of each
  maturity band (subcategory) are netted and the band's rate applied to the net; per
  category (1–4), the deductions of the net-long bands (DL) and of the net-short bands
  (DS) give |DL − DS| + 50 % × min(DL, DS).
* ``net`` — the band's rate on the net of each band, without the category offset.
* ``greater`` — the band's rate on the greater of the long or the short position of
  each band ((B), (D)(1)–(2), (E), (F)(1), (H)).
* ``both`` — the rate on the long and on the short positions ((K)(ii): "on both").
* ``fifteen`` — (J): 15 % of the greater side plus 15 % of the lesser side beyond 25 % of
  the greater; one pool for every security deducted "as under (J)".
* ``convertible`` — (G): at or above principal as under (J), below it as under (F).
* ``limited`` — (K): 3 or more independent market makers as under (J), 1 or 2: 40 % on
  both sides.
* ``carrying`` — (c)(2)(vii): 100 % of carrying value. Not a line-18 haircut (instruction
  18 counts (c)(2)(vi), (c)(2)(viii) and Appendix A only): reported apart, a deduction
  belonging to line 13.

The computation is `focusdesk.worksheets.haircuts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from ..base.money import pct
from ..form.catalog import PART_I

Horizon = tuple[int, str]  # (n, "days") or (n, "months"), measured from the month's end

# The Schedule A lines the worksheet sets, as the catalog declares them: 18, 30a, 30b, 32a.
LINE_18, LINE_30A, LINE_30B, LINE_32A = (PART_I.code_of(line)
                                         for line in ("18", "30a", "30b", "32a"))



@dataclass(frozen=True)
class Band:
    """A maturity band (the rule's "subcategory"): time to maturity below `below` (None:
    no upper bound), deducted at `rate`; `group` is (A)'s category 1–4 (0 elsewhere)."""

    below: Horizon | None
    rate: Decimal
    label: str
    group: int = 0


def _band(below: Horizon | None, rate: str, label: str, group: int = 0) -> Band:
    return Band(below, pct(rate), label, group)


D, M = "days", "months"

# (c)(2)(vi)(A): U.S. government and agency obligations, by time to maturity, in four
# categories (the category offset nets bands within a category).
TABLE_A: tuple[Band, ...] = (
    _band((3, M), "0", "less than 3 months", 1),
    _band((6, M), "0.5", "3 months to less than 6 months", 1),
    _band((9, M), "0.75", "6 months to less than 9 months", 1),
    _band((12, M), "1", "9 months to less than 12 months", 1),
    _band((24, M), "1.5", "1 year to less than 2 years", 2),
    _band((36, M), "2", "2 years to less than 3 years", 2),
    _band((60, M), "3", "3 years to less than 5 years", 3),
    _band((120, M), "4", "5 years to less than 10 years", 3),
    _band((180, M), "4.5", "10 years to less than 15 years", 4),
    _band((240, M), "5", "15 years to less than 20 years", 4),
    _band((300, M), "5.5", "20 years to less than 25 years", 4),
    _band(None, "6", "25 years or more", 4),
)

# (B)(1): municipal securities of 731 days or less at issue (par, interest at maturity,
# or discount), by days to maturity. Nothing of 732 days or more remains of such a note.
TABLE_B1: tuple[Band, ...] = (
    _band((30, D), "0", "less than 30 days"),
    _band((91, D), "0.125", "30 days to less than 91 days"),
    _band((181, D), "0.25", "91 days to less than 181 days"),
    _band((271, D), "0.375", "181 days to less than 271 days"),
    _band((366, D), "0.5", "271 days to less than 366 days"),
    _band((456, D), "0.75", "366 days to less than 456 days"),
    _band((732, D), "1", "456 days to less than 732 days"),
)

# (B)(2): all other municipal securities.
TABLE_B2: tuple[Band, ...] = (
    _band((12, M), "1", "less than 1 year"),
    _band((24, M), "2", "1 year to less than 2 years"),
    _band((42, M), "3", "2 years to less than 3½ years"),
    _band((60, M), "4", "3½ years to less than 5 years"),
    _band((84, M), "5", "5 years to less than 7 years"),
    _band((120, M), "5.5", "7 years to less than 10 years"),
    _band((180, M), "6", "10 years to less than 15 years"),
    _band((240, M), "6.5", "15 years to less than 20 years"),
    _band(None, "7", "20 years or more"),
)

# (E): commercial paper, bankers' acceptances, certificates of deposit; a bank's CD, BA
# or similar instrument of 1 year or more takes (A)'s percentages (from 1 year on).
TABLE_E: tuple[Band, ...] = (
    _band((30, D), "0", "less than 30 days"),
    _band((91, D), "0.125", "30 days to less than 91 days"),
    _band((181, D), "0.25", "91 days to less than 181 days"),
    _band((271, D), "0.375", "181 days to less than 271 days"),
    _band((12, M), "0.5", "271 days to less than 1 year"),
    *TABLE_A[4:],
)

# (F)(1): nonconvertible debt.
TABLE_F: tuple[Band, ...] = (
    _band((12, M), "2", "less than 1 year"),
    _band((24, M), "3", "1 year to less than 2 years"),
    _band((36, M), "5", "2 years to less than 3 years"),
    _band((60, M), "6", "3 years to less than 5 years"),
    _band((120, M), "7", "5 years to less than 10 years"),
    _band((180, M), "7.5", "10 years to less than 15 years"),
    _band((240, M), "8", "15 years to less than 20 years"),
    _band((300, M), "8.5", "20 years to less than 25 years"),
    _band(None, "9", "25 years or more"),
)


def _flat(rate: str, label: str = "") -> tuple[Band, ...]:
    return (_band(None, rate, label),)


# (J): 15 % of the greater side, and 15 % of the lesser side beyond 25 % of the greater.
J_RATE, J_FREE = pct("15"), pct("25")
# (K)(ii): 1 or 2 independent market makers: 40 % on long and short; 3 or more: (J).
K_RATE, K_MARKET_MAKERS = pct("40"), 3
# (M)(1): the part of a position above 10 % of tentative net capital; 50 % of the
# deduction otherwise applicable, 15 % for a (J) security.
M_SHARE, M_OF_NORMAL, M_J_RATE = pct("10"), pct("50"), pct("15")
# (M)(3): equity, the greater of $10,000 or 500 shares' market value; debt, $25,000.
M_EQUITY_FLOOR, M_EQUITY_SHARES, M_DEBT_FLOOR = Decimal(10_000), 500, Decimal(25_000)
# (A)(1): the category deduction is |DL − DS| plus 50 % of the lesser.
A_OFFSET_SHARE = pct("50")

UNCERTAIN_M = ("(c)(2)(vi)(M): the floors of (M)(3) are read as thresholds — a position of "
               "more than the floor pays on all of its market value above 10 % of "
               "tentative net capital; a class's position is the greater of its long and "
               "short market values (HAIRCUTS.md, Not found / uncertain: FINRA's "
               "interpretations of (M) were not read)")
UNCERTAIN_SOURCE = ("the percentages are from a third party's copy of the eCFR text "
                    "(as of 2026-10-01), to be re-verified against the live eCFR "
                    "(HAIRCUTS.md, Not found / uncertain: Provenance)")


@dataclass(frozen=True)
class Category:
    """A category of positions, named after its paragraph of the rule."""

    name: str  # as the positions file spells it
    paragraph: str
    title: str
    method: str
    bands: tuple[Band, ...] = ()
    shorts: bool = True  # False: a short position is refused
    concentration: str = ""  # (M): "equity", "debt", or "" (not subject to it)
    line18: bool = True  # False: reported apart (no ready market)
    uncertain: str = ""  # the note's doubt and the choice made, when it has one

    @cached_property
    def matures(self) -> bool:
        """Whether the time to maturity chooses the band (a maturity is required)."""
        return len(self.bands) > 1 or self.method == "convertible"


SCHEDULE: tuple[Category, ...] = (
    Category("us-government", "(c)(2)(vi)(A)", "U.S. government and agency obligations",
             "offset", TABLE_A),
    # (B) excludes securities traded flat or in default (they fall to (J) or (c)(2)(vii)).
    Category("municipal-short", "(c)(2)(vi)(B)(1)",
             "Municipal securities of 731 days or less at issue", "greater", TABLE_B1),
    Category("municipal", "(c)(2)(vi)(B)(2)", "Municipal securities", "greater", TABLE_B2),
    # HAIRCUTS.md, Not found / uncertain: (C) gives only "the same percentages as (A)",
    # not whether (A)(1)'s category offset carries over. Conservative: each band's net,
    # no offset across bands.
    Category("canadian", "(c)(2)(vi)(C)", "Canadian government debt", "net", TABLE_A,
             concentration="debt",
             uncertain="(c)(2)(vi)(C): the rule gives only \"the same percentages as (A)\"; "
                       "the (A)(1) category offset is not applied to Canadian debt — each "
                       "band's net is deducted (HAIRCUTS.md, Not found / uncertain)"),
    Category("money-market-fund", "(c)(2)(vi)(D)(1)", "Money market funds", "greater",
             _flat("2")),
    Category("investment-company", "(c)(2)(vi)(D)(2)",
             "Registered investment companies — (A)–(C), (E) assets", "greater", _flat("7")),
    # HAIRCUTS.md, Not found / uncertain: (D)(3) says "of the long or short position",
    # without "greater of". Conservative: both sides are deducted.
    Category("investment-company-debt", "(c)(2)(vi)(D)(3)",
             "Registered investment companies — (A)–(C), (E), (F) assets", "both",
             _flat("9"),
             uncertain="(c)(2)(vi)(D)(3): \"of the long or short position\" (not \"the "
                       "greater of\") is read as both the long and the short positions "
                       "(HAIRCUTS.md, Not found / uncertain)"),
    Category("commercial-paper", "(c)(2)(vi)(E)",
             "Commercial paper, bankers' acceptances, certificates of deposit", "greater",
             TABLE_E, concentration="debt"),
    Category("nonconvertible-debt", "(c)(2)(vi)(F)(1)", "Nonconvertible debt", "greater",
             TABLE_F, concentration="debt"),
    # HAIRCUTS.md, Not found / uncertain: (G) still ends "if such securities are rated as
    # required of paragraph (F)"; below principal it is deducted as under (F) here, in
    # its own bands (not netted against (F)(1) positions).
    Category("convertible-debt", "(c)(2)(vi)(G)", "Convertible debt", "convertible",
             TABLE_F, concentration="debt",
             uncertain="(c)(2)(vi)(G): below principal, convertible debt is deducted as "
                       "under (F) in bands of its own; the leftover \"if rated as required "
                       "of paragraph (F)\" clause is not tested (HAIRCUTS.md, Not found / "
                       "uncertain)"),
    Category("preferred", "(c)(2)(vi)(H)", "Cumulative nonconvertible preferred stock",
             "greater", _flat("10"), concentration="equity"),
    Category("equity", "(c)(2)(vi)(J)", "All other securities", "fifteen",
             concentration="equity"),
    Category("limited-market", "(c)(2)(vi)(K)", "Securities with a limited market",
             "limited", concentration="equity"),
    Category("no-ready-market", "(c)(2)(vii)", "No ready market (100 % of carrying value)",
             "carrying", _flat("100"), shorts=False, line18=False),
)
CATEGORIES: dict[str, Category] = {c.name: c for c in SCHEDULE}

# The elections and reductions the worksheet does not make: each may lower line 18, so
# the figure computed is never below what the rule allows.
NOT_APPLIED: tuple[str, ...] = (
    "(c)(2)(vi)(A)(2): the election to deduct each U.S. government band's net without "
    "the category offset",
    "(c)(2)(vi)(A)(3): pairing a security of one (A) category with one of another",
    "(c)(2)(vi)(A)(4), (F)(5)–(6): securities deliverable against futures at contract value",
    "(c)(2)(vi)(A)(5): 75 % of the (A) deduction for a government securities dealer",
    "(c)(2)(vi)(F)(2)–(4): hedged nonconvertible debt taken out of the (F)(1) table",
    "(c)(2)(vi)(J): no deduction for a security convertible into one sold short, or "
    "called for redemption, within 90 days",
    "(c)(2)(vi)(L), (M)(5): reductions the examining authority may grant",
    "(c)(2)(vi)(M)(4): undue concentration in municipal securities (needs each issue's "
    "days held)",
    "Appendix A (options) and Appendix B (commodities) deductions",
)
NO_READY_MARKET_NOTE = ("(c)(2)(vii) no-ready-market securities are deducted at 100 % of "
                        "carrying value as a deduction belonging to line 13 (instruction 18 "
                        "counts (c)(2)(vi), (c)(2)(viii) and Appendix A only): not in line "
                        "18, not set by this worksheet")
