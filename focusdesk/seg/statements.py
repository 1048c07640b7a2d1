"""The Daily Seg filing declared once: cover page, Secured Amounts, Segregation Statement,
Cleared Swaps Statement.

Every printed row of the three statements is declared here — line number and label as
WinJammer prints them, and the bracketed code of each amount on the row — with each
total's relation as a formula (`focusdesk.form.formula`: `Sum`, `Difference`, `Greatest`)
taken from the total's own label. The reader, the footing check, the window and the
printed statements all read this declaration; none keeps a list of lines of its own.

Sign conventions, as the filings report them (both seeds): the "Less: amount offset by
customer securities" lines and the options granted (sold) / short option lines carry
their own minus sign, so each relation adds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..form.catalog import SEGREGATED, SEGREGATION_REQUIRED
from ..form.formula import Difference, Expr, Greatest, Ref, Sum, references

# -- the declaration's types ------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """One bracketed amount on a row. `formula` None: a reported figure; otherwise a
    total that must equal its formula over the statement's other codes."""

    code: str
    formula: Expr | None = None
    inner: bool = False  # printed in the inner column: a part of the sub-total beside it
    # An "Excess (deficiency)" line: what a negative amount (a deficiency) means.
    deficiency: str = ""

    @property
    def is_total(self) -> bool:
        return self.formula is not None


@dataclass(frozen=True)
class Row:
    """A printed row: "7." / "A." / "" and its label, with up to two amounts."""

    number: str
    label: str
    amounts: tuple[Amount, ...] = ()
    ref: str = ""  # how a person cites the row: "6", "7A", "5 (less)"; "" above line 1
    sub: bool = False  # a lettered sub-line, indented under its line
    heading: bool = False  # a caption between the parts of a statement
    uncoded: int = 0  # amounts printed without a code (swaps line 12 A–C): never read
    # The caption of a part whose numbering starts again at 1 (the 30.7 funds), for
    # citing its lines apart from the statement's first lines 1–11.
    part: str = ""


@dataclass(frozen=True, eq=False)
class Statement:
    key: str  # "secured", "segregation", "swaps"
    name: str  # as the report names it: "Segregation Statement (CEA 4d(2))"
    title: str  # the page title WinJammer prints: "Daily Segregation - Segregation Statement"
    headings: tuple[str, ...]  # printed under the title
    rows: tuple[Row, ...]

    @cached_property
    def amounts(self) -> tuple[Amount, ...]:
        return tuple(a for r in self.rows for a in r.amounts)

    @cached_property
    def totals(self) -> tuple[Amount, ...]:
        return tuple(a for a in self.amounts if a.is_total)

    @cached_property
    def row_of(self) -> dict[str, Row]:
        return {a.code: r for r in self.rows for a in r.amounts}

    @cached_property
    def citation(self) -> dict[str, tuple[str, str]]:
        """code → (line, label) as a person cites it. A sub-total printed in the outer
        column of a line's last sub-line (30.7 funds 1–5, swaps 12, the "Less:" rows) is
        the line's own total: "line 1", "Cash in banks — total"."""
        out: dict[str, tuple[str, str]] = {}
        parent: Row | None = None
        for row in self.rows:
            if row.heading:
                continue
            if not row.sub:
                parent = row
            has_parts = row.uncoded > 0 or any(a.inner for a in row.amounts)
            for a in row.amounts:
                if row.sub and not a.inner and has_parts and parent is not None:
                    word = "net" if row.label.startswith("Less:") else "total"
                    out[a.code] = (parent.ref, f"{parent.label} — {word}")
                else:
                    out[a.code] = (row.ref, row.label)
        return out


@dataclass(frozen=True)
class TargetField:
    key: str  # "dollar", "percent", "range_low", ...
    label: str  # as printed (the blank's caption)
    percent: bool = False


@dataclass(frozen=True)
class Target:
    """A residual-interest target on the cover page: six blanks, one of a–d chosen."""

    key: str  # "segregated", "secured", "swaps"
    heading: str  # as printed, "(choose one):" left out
    statement: str  # the statement whose management-target line it sets
    fields: tuple[TargetField, ...]


# -- helpers that keep the declaration readable -----------------------------------------

def _amt(code: str, formula: Expr | None = None, *, inner: bool = False,
         deficiency: str = "") -> Amount:
    return Amount(code, formula, inner, deficiency)


def _inner(code: str) -> Amount:
    return Amount(code, inner=True)


def _add(*codes: str) -> Sum:
    return Sum.of(*codes)


def _less(minuend: str, subtrahend: str) -> Difference:
    """"subtract line X (subtrahend) from line Y (minuend)"."""
    return Difference(Ref(minuend), Ref(subtrahend))


def _statement(key: str, name: str, title: str, headings: tuple[str, ...],
               rows: list[tuple[str, str, tuple[Amount, ...]] | str], *,
               uncoded: dict[str, int] | None = None) -> Statement:
    """Rows from (number, label, amounts) triples; a plain string is a caption heading.
    Each row's `ref` follows the last numbered line: "7" then "7A", "7B"."""
    out: list[Row] = []
    line = part = heading = ""
    for spec in rows:
        if isinstance(spec, str):
            out.append(Row("", spec, heading=True))
            heading = spec
            continue
        number, label, amounts = spec
        bare = number.rstrip(".")
        if bare.isdigit():
            if line and int(bare) <= int(line):
                part = heading  # the numbering starts again under this caption
            line, ref, sub = bare, bare, False
        elif bare.isalpha() and len(bare) == 1:
            ref, sub = f"{line}{bare.upper()}", True
        elif label.startswith("Less:"):
            ref, sub = f"{line} (less)", True
        else:
            ref, sub = "", False
        out.append(Row(number, label, amounts, ref, sub,
                       uncoded=(uncoded or {}).get(ref, 0), part=part))
    return Statement(key, name, title, headings, tuple(out))


NONE: tuple[Amount, ...] = ()

# -- Secured Amounts (CFTC Regulation 30.7) ------------------------------------------------

SECURED = _statement(
    "secured", "Secured Amounts (Part 30.7)", "Daily Segregation - Secured Amounts",
    ("Foreign Futures and Foreign Options Secured Amounts",),
    [
        # The foreign-jurisdiction amount: the "(above)" that line 7 compares with line 6.
        ("", "Amount required to be set aside pursuant to law, rule or regulation of a "
         "foreign government or a rule of a self-regulatory organization authorized "
         "thereunder", (_amt("7305"),)),
        ("1.", "Net ledger balance - Foreign Futures and Foreign Option Trading - All "
         "Customers", NONE),
        ("A.", "Cash", (_amt("7315"),)),
        ("B.", "Securities (at market)", (_amt("7317"),)),
        ("2.", "Net unrealized profit (loss) in open futures contracts traded on a foreign "
         "board of trade", (_amt("7325"),)),
        ("3.", "Exchange traded options", NONE),
        ("a.", "Market value of open option contracts purchased on a foreign board of "
         "trade", (_amt("7335"),)),
        ("b.", "Market value of open contracts granted (sold) on a foreign board of trade",
         (_amt("7337"),)),
        # Line 4: "add lines 1. 2. and 3." — 1A, 1B, 2, 3a and 3b (3b reported negative).
        ("4.", "Net equity (deficit) (add lines 1. 2. and 3.)",
         (_amt("7345", _add("7315", "7317", "7325", "7335", "7337")),)),
        ("5.", "Account liquidating to a deficit and account with a debit balances - gross "
         "amount", (_inner("7351"),)),
        # Line 5 net: the gross amount less the offset (reported negative).
        ("", "Less: amount offset by customer owned securities",
         (_inner("7352"), _amt("7354", _add("7351", "7352")))),
        ("6.", "Amount required to be set aside as the secured amount - Net Liquidating "
         "Equity Method (add lines 4 and 5)", (_amt("7355", _add("7345", "7354")),)),
        # Line 7: "greater of amount required … pursuant to foreign jurisdiction (above)
        # or line 6".
        ("7.", "Greater of amount required to be set aside pursuant to foreign jurisdiction "
         "(above) or line 6.", (_amt("7360", Greatest((Ref("7305"), Ref("7355")))),)),
        "FUNDS DEPOSITED IN SEPARATE REGULATION 30.7 ACCOUNTS",
        ("1.", "Cash in banks", NONE),
        ("A.", "Banks located in the United States", (_inner("7500"),)),
        # Sub-total of line 1: A and B.
        ("B.", "Other banks qualified under Regulation 30.7",
         (_inner("7520"), _amt("7530", _add("7500", "7520")))),
        ("2.", "Securities", NONE),
        ("A.", "In safekeeping with banks located in the United States", (_inner("7540"),)),
        # Sub-total of line 2: A and B.
        ("B.", "In safekeeping with other banks qualified under Regulation 30.7",
         (_inner("7560"), _amt("7570", _add("7540", "7560")))),
        ("3.", "Equities with registered futures commission merchants", NONE),
        ("A.", "Cash", (_inner("7580"),)),
        ("B.", "Securities", (_inner("7590"),)),
        ("C.", "Unrealized gain (loss) on open futures contracts", (_inner("7600"),)),
        ("D.", "Value of long option contracts", (_inner("7610"),)),
        # Sub-total of line 3: A through E (E, short options, reported negative).
        ("E.", "Value of short option contracts",
         (_inner("7615"), _amt("7620", _add("7580", "7590", "7600", "7610", "7615")))),
        ("4.", "Amounts held by clearing organizations of foreign boards of trade", NONE),
        ("A.", "Cash", (_inner("7640"),)),
        ("B.", "Securities", (_inner("7650"),)),
        ("C.", "Amount due to (from) clearing organization - daily variation",
         (_inner("7660"),)),
        ("D.", "Value of long option contracts", (_inner("7670"),)),
        # Sub-total of line 4: A through E.
        ("E.", "Value of short option contracts",
         (_inner("7675"), _amt("7680", _add("7640", "7650", "7660", "7670", "7675")))),
        ("5.", "Amounts held by members of foreign boards of trade", NONE),
        ("A.", "Cash", (_inner("7700"),)),
        ("B.", "Securities", (_inner("7710"),)),
        ("C.", "Unrealized gain (loss) on open futures contracts", (_inner("7720"),)),
        ("D.", "Value of long option contracts", (_inner("7730"),)),
        # Sub-total of line 5: A through E.
        ("E.", "Value of short option contracts",
         (_inner("7735"), _amt("7740", _add("7700", "7710", "7720", "7730", "7735")))),
        ("6.", "Amounts with other depositories designated by a foreign board of trade",
         (_amt("7760"),)),
        ("7.", "Segregated funds on hand", (_amt("7765"),)),
        # Line 8: the funds of lines 1 through 7 (the sub-totals of 1–5, then 6 and 7).
        ("8.", "Total funds in separate section 30.7 accounts",
         (_amt("7770", _add("7530", "7570", "7620", "7680", "7740", "7760", "7765")),)),
        # Line 9: "subtract line 7 Secured Statement Page 1 from Line 8".
        ("9.", "Excess (deficiency) Set Aside for Secured Amount (subtract line 7 Secured "
         "Statement Page 1 from Line 8)",
         (_amt("7380", _less("7770", "7360"),
               deficiency="the 30.7 accounts hold less than the secured amount "
               "(CFTC Regulation 30.7; notice under 1.12)"),)),
        ("10.", "Management Target Amount for Excess funds in separate section 30.7 "
         "accounts", (_amt("7780"),)),
        # Line 11: line 9 over (under) the management target of line 10.
        ("11.", "Excess (deficiency) funds in separate 30.7 accounts over (under) Management "
         "Target", (_amt("7785", _less("7380", "7780"),
                         deficiency="the excess is below the management target "
                         "(CFTC Regulation 1.11; notice under 1.12)"),)),
    ],
)

# -- Segregation Statement (CEA section 4d(2)) ---------------------------------------------

SEGREGATION = _statement(
    "segregation", "Segregation Statement (CEA 4d(2))",
    "Daily Segregation - Segregation Statement",
    ("SEGREGATION REQUIREMENTS (Section 4d(2) of the CEAct)",),
    [
        ("1.", "Net ledger balance", NONE),
        ("A.", "Cash", (_amt("7010"),)),
        ("B.", "Securities (at market)", (_amt("7020"),)),
        ("2.", "Net unrealized profit (loss) in open futures contracts traded on a contract "
         "market", (_amt("7030"),)),
        ("3.", "Exchange traded options", NONE),
        ("A.", "Add market value of open option contracts purchased on a contract market",
         (_amt("7032"),)),
        ("B.", "Deduct market value of open option contracts granted (sold) on a contract "
         "market", (_amt("7033"),)),
        # Line 4: "add lines 1, 2 and 3" — 1A, 1B, 2, 3A and 3B (3B reported negative).
        ("4.", "Net equity (deficit) (add lines 1, 2 and 3)",
         (_amt("7040", _add("7010", "7020", "7030", "7032", "7033")),)),
        ("5.", "Accounts liquidating to a deficit and accounts with debit balances - gross "
         "amount", (_inner("7045"),)),
        # Line 5 net: the gross amount less the offset (reported negative).
        ("", "Less: amount offset by customer securities",
         (_inner("7047"), _amt("7050", _add("7045", "7047")))),
        # Line 6: "add lines 4 and 5" — FOCUS Schedule A item 29a.
        ("6.", "Amount required to be segregated (add lines 4 and 5)",
         (_amt(SEGREGATION_REQUIRED, _add("7040", "7050")),)),
        "FUNDS IN SEGREGATED ACCOUNTS",
        ("7.", "Deposited in segregated funds bank accounts", NONE),
        ("A.", "Cash", (_amt("7070"),)),
        ("B.", "Securities representing investments of customers' funds (at market)",
         (_amt("7080"),)),
        ("C.", "Securities held for particular customers or option customers in lieu of "
         "cash (at market)", (_amt("7090"),)),
        ("8.", "Margins on deposit with derivatives clearing organizations of contract "
         "markets", NONE),
        ("A.", "Cash", (_amt("7100"),)),
        ("B.", "Securities representing investments of customers' funds (at market)",
         (_amt("7110"),)),
        ("C.", "Securities held for particular customers or option customers in lieu of "
         "cash (at market)", (_amt("7120"),)),
        ("9.", "Net settlement from (to) derivatives clearing organizations of contract "
         "markets", (_amt("7130"),)),
        ("10.", "Exchange traded options", NONE),
        ("A.", "Value of open long option contracts", (_amt("7132"),)),
        ("B.", "Value of open short option contracts", (_amt("7133"),)),
        ("11.", "Net equities with other FCMs", NONE),
        ("A.", "Net liquidating equity", (_amt("7140"),)),
        ("B.", "Securities representing investments of customers' funds (at market)",
         (_amt("7160"),)),
        ("C.", "Securities held for particular customers or option customers in lieu of "
         "cash (at market)", (_amt("7170"),)),
        ("12.", "Segregated funds on hand", (_amt("7150"),)),
        # Line 13: "add lines 7 through 12" — FOCUS Schedule A item 29b.
        ("13.", "Total amount in segregation (add lines 7 through 12)",
         (_amt(SEGREGATED, _add("7070", "7080", "7090", "7100", "7110", "7120", "7130",
                                "7132", "7133", "7140", "7160", "7170", "7150")),)),
        # Line 14: "subtract line 6 from line 13".
        ("14.", "Excess (deficiency) funds in segregation (subtract line 6 from line 13)",
         (_amt("7190", _less(SEGREGATED, SEGREGATION_REQUIRED),
               deficiency="customer funds are under-segregated (CEA 4d(a)(2); CFTC "
               "Regulation 1.20; notice under 1.12)"),)),
        ("15.", "Management Target Amount for Excess funds in segregation", (_amt("7194"),)),
        # Line 16: line 14 over (under) the management target of line 15.
        ("16.", "Excess (deficiency) funds in segregation over (under) Management Target "
         "Amount Excess", (_amt("7198", _less("7190", "7194"),
                                deficiency="the excess is below the management target "
                                "(CFTC Regulation 1.11; notice under 1.12)"),)),
    ],
)

# -- Cleared Swaps Statement (CEA section 4d(f)) -------------------------------------------

SWAPS = _statement(
    "swaps", "Cleared Swaps Statement (CEA 4d(f))", "Daily Segregation - Swaps Statement",
    ("STATEMENT OF CLEARED SWAPS CUSTOMER SEGREGATION REQUIREMENTS AND FUNDS IN CLEARED "
     "SWAPS CUSTOMER ACCOUNTS UNDER 4D(F) OF THE CEA",),
    [
        "Cleared Swaps Customer Requirements",
        ("1.", "Net ledger balance", NONE),
        ("A.", "Cash", (_amt("8500"),)),
        ("B.", "Securities (at market)", (_amt("8510"),)),
        ("2.", "Net unrealized profit (loss) in open cleared swaps", (_amt("8520"),)),
        ("3.", "Cleared swaps options", NONE),
        ("A.", "Market value of open cleared swaps option contracts purchased",
         (_amt("8530"),)),
        ("B.", "Market value of open cleared swaps option contracts granted (sold)",
         (_amt("8540"),)),
        # Line 4: "add lines 1, 2, and 3".
        ("4.", "Net Equity (deficit) (add lines 1, 2, and 3)",
         (_amt("8550", _add("8500", "8510", "8520", "8530", "8540")),)),
        ("5.", "Accounts liquidating to a deficit and accounts with debit balances - gross "
         "amount", (_inner("8560"),)),
        # Line 5 net: the gross amount less the offset (reported negative).
        ("", "Less: amount offset by customer owned securities",
         (_inner("8570"), _amt("8580", _add("8560", "8570")))),
        # Line 6: "add lines 4 and 5".
        ("6.", "Amount required to be segregated for cleared swaps customers (add lines 4 "
         "and 5)", (_amt("8590", _add("8550", "8580")),)),
        "Funds in Cleared Swaps Customer Segregated Accounts",
        ("7.", "Deposited in cleared swaps customer segregated accounts at banks", NONE),
        ("A.", "Cash", (_amt("8600"),)),
        ("B.", "Securities representing investments of cleared swaps customers' funds (at "
         "market)", (_amt("8610"),)),
        ("C.", "Securities held for particular cleared swaps customers in lieu of cash (at "
         "market)", (_amt("8620"),)),
        ("8.", "Margins on deposit with derivatives clearing organizations in cleared swaps "
         "customer segregated accounts", NONE),
        ("A.", "Cash", (_amt("8630"),)),
        ("B.", "Securities representing investments of cleared swaps customers' funds (at "
         "market)", (_amt("8640"),)),
        ("C.", "Securities held for particular cleared swaps customers in lieu of cash (at "
         "market)", (_amt("8650"),)),
        ("9.", "Net settlement from (to) derivatives clearing organizations",
         (_amt("8660"),)),
        ("10.", "Cleared swaps options", NONE),
        ("A.", "Value of open cleared swaps long option contracts", (_amt("8670"),)),
        ("B.", "Value of open cleared swaps short option contracts", (_amt("8680"),)),
        ("11.", "Net equities with other FCMs", NONE),
        ("A.", "Net liquidating equity", (_amt("8690"),)),
        ("B.", "Securities representing investments of cleared swaps customers' funds (at "
         "market)", (_amt("8700"),)),
        ("C.", "Securities held for particular cleared swaps customers in lieu of cash (at "
         "market)", (_amt("8710"),)),
        ("12.", "Cleared swaps customer funds on hand", NONE),
        ("A.", "Cash", NONE),
        ("B.", "Securities representing investments of cleared swaps customers' funds (at "
         "market)", NONE),
        # Line 12's A–C are printed without codes, so [8715] (their sum) is read as
        # reported; renderings sometimes drop it (the scrambled seed does).
        ("C.", "Securities held for particular cleared swaps customers in lieu of cash (at "
         "market)", (_amt("8715"),)),
        # Line 13: "add lines 7 through 12".
        ("13.", "Total amount in cleared swaps customer segregation (add lines 7 through "
         "12)", (_amt("8720", _add("8600", "8610", "8620", "8630", "8640", "8650", "8660",
                                    "8670", "8680", "8690", "8700", "8710", "8715")),)),
        # Line 14: "subtract line 6 from line 13".
        ("14.", "Excess (deficiency) funds in cleared swaps customer segregation (subtract "
         "line 6 from line 13)",
         (_amt("8730", _less("8720", "8590"),
               deficiency="cleared swaps customer collateral is under-segregated (CEA "
               "4d(f); CFTC Regulation 22.2; notice under 1.12)"),)),
        ("15.", "Management Target Amount for Excess funds in cleared swaps segregated "
         "accounts", (_amt("8760"),)),
        # Line 16: line 14 over (under) the management target of line 15.
        ("16.", "Excess (deficiency) funds in cleared swaps customer segregated accounts "
         "over (under) Management Target Excess",
         (_amt("8770", _less("8730", "8760"),
               deficiency="the excess is below the management target (CFTC Regulation "
               "22.2; notice under 1.12)"),)),
    ],
    uncoded={"12A": 1, "12B": 1, "12C": 1},
)

STATEMENTS: tuple[Statement, ...] = (SECURED, SEGREGATION, SWAPS)
BY_KEY: dict[str, Statement] = {s.key: s for s in STATEMENTS}

# Every declared code → its statement.
STATEMENT_OF: dict[str, Statement] = {a.code: s for s in STATEMENTS for a in s.amounts}
CODES: tuple[str, ...] = tuple(STATEMENT_OF)

# FOCUS Schedule A item 29 takes the same codes from the month-end Segregation Statement.
ITEM_29: tuple[str, ...] = (SEGREGATION_REQUIRED, SEGREGATED)

# -- the cover page's residual-interest targets ------------------------------------------


def _fields(funds: str) -> tuple[TargetField, ...]:
    return (
        TargetField("dollar", "a. Minimum dollar amount"),
        TargetField("percent", f"b. Minimum percentage of {funds} required", percent=True),
        TargetField("range_low", "c. Dollar amount range between"),
        TargetField("range_high", "c. … and"),
        TargetField("percent_low", f"d. Percentage range of {funds} required between",
                    percent=True),
        TargetField("percent_high", "d. … and", percent=True),
    )


TARGETS: tuple[Target, ...] = (
    Target("segregated", "FCM's Customer Segregated Funds Residual Interest Target",
           "segregation", _fields("customer segregated funds")),
    Target("secured", "FCM's Customer Secured Amount Funds Residual Interest Target",
           "secured", _fields("customer secured funds")),
    Target("swaps", "FCM's Cleared Swaps Customer Collateral Residual Interest Target",
           "swaps", _fields("cleared swaps customer collateral")),
)

COVER_TITLE = "Daily Segregation - Cover Page"
FORM_NAME = "Daily Seg - FOCUS II"


def describe(code: str) -> str:
    """"Segregation Statement (CEA 4d(2)) line 6 [7060] Amount required to be
    segregated (add lines 4 and 5)" — a code as a person finds it on the statement."""
    st = STATEMENT_OF.get(code)
    if st is None:
        return f"[{code}]"
    ref, label = st.citation[code]
    part = st.row_of[code].part
    where = f"line {ref}" if ref else "above line 1"
    where = f", {part.capitalize()}, {where}" if part else f" {where}"
    return f"{st.name}{where} [{code}] {label}"


def _check_declaration() -> None:
    """Each code once; every formula over declared codes of its own statement."""
    seen: set[str] = set()
    for st in STATEMENTS:
        own = {a.code for a in st.amounts}
        for a in st.amounts:
            if a.code in seen:
                raise AssertionError(f"[{a.code}] is declared twice")
            seen.add(a.code)
        for a in st.totals:
            assert a.formula is not None
            stray = references(a.formula) - own
            if stray:
                raise AssertionError(f"[{a.code}] refers to {sorted(stray)} outside {st.key}")


_check_declaration()
