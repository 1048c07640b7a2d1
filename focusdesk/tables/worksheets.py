"""The Worksheets tab without Qt: a month's haircut worksheet (its categories with their
subtotals and line 18, undue concentration, every position with its paragraph, band,
rate and deduction) and its reserve worksheet (Exhibit A items 1–15, the Note E
reductions, the 1 %, 3 % or 2 % reduction, the requirement against line 28), and the
Schedule A lines each sets beside what the month holds now.

Roles: "heading" (a section's title), "total" (a subtotal or a line the worksheet sets),
"apart" (the no-ready-market charge, not in line 18), "absent" (an Exhibit A item the
file does not give: zero), "deficiency" (line 28 short of the requirement), "differs"
(Schedule A holds another figure than the worksheet gives).
"""

from __future__ import annotations

from decimal import Decimal

from ..base.money import ZERO, plain
from ..form.catalog import PART_I
from ..model.workbook import Workbook
from ..worksheets.haircuts import NO_READY_MARKET_NOTE, HaircutResult
from ..worksheets.reserve import ITEMS, ReserveResult
from .rows import Column, Row, RowTable, money_text, roles

HEADING, TOTAL, APART, ABSENT, DEFICIENCY, DIFFERS = (
    "heading", "total", "apart", "absent", "deficiency", "differs")


def rate_text(rate: Decimal) -> str:
    """A percentage as the rule writes it: 0.0075 → "0.75 %"."""
    return f"{plain(rate * 100)} %"


class LinesTable(RowTable):
    """The Schedule A lines a worksheet sets: the worksheet's figure against the month's
    (a row's key: the item code)."""

    columns = (Column("Line"), Column("Code"), Column("Schedule A item"),
               Column("Worksheet", right=True), Column("Schedule A now", right=True),
               Column(""))

    def __init__(self, wb: Workbook | None = None, month: str = "",
                 lines: dict[str, Decimal | None] | None = None) -> None:
        rows = []
        for code, value in (lines or {}).items():
            if value is None or wb is None:
                continue  # 23b on the basic method: not set
            item = PART_I.by_code[code]
            now = wb.value(month, code)
            same = now == value
            rows.append(Row(
                (item.line, f"[{code}]", item.label, money_text(value), money_text(now),
                 "as set" if same else "differs: Schedule A holds another figure"),
                roles=roles("" if same else DIFFERS), tips={2: item.label},
                tip="" if same else ("The month's figure is not the worksheet's: typed over "
                                     "since, or the worksheet's inputs (line 17, line 28, "
                                     "the method) have changed. Import the file again to "
                                     "set it."),
                key=code))
        super().__init__(rows)

    def differing(self) -> list[str]:
        return [str(r.key) for r in self.rows if DIFFERS in r.roles]


class CategoriesTable(RowTable):
    """Each category's positions, long and short at market value, its deduction and the
    part of it that is (M)'s; then line 18 and the no-ready-market charge apart (a
    category row's key: its name)."""

    columns = (Column("Category"), Column("Paragraph"), Column("Positions", right=True),
               Column("Long", right=True), Column("Short", right=True),
               Column("Deduction", right=True), Column("of which (M)", right=True))

    def __init__(self, result: HaircutResult | None = None) -> None:
        rows: list[Row] = []
        if result is not None:
            for c in result.categories:
                cat = c.category
                rows.append(Row(
                    (cat.title, cat.paragraph, f"{c.count:,}", money_text(c.long),
                     money_text(c.short), money_text(c.deduction),
                     money_text(c.concentration) if c.concentration else ""),
                    roles=roles("" if cat.line18 else APART),
                    tip="" if cat.line18 else NO_READY_MARKET_NOTE, key=cat.name))
            in_18 = [c for c in result.categories if c.category.line18]
            rows.append(Row(
                (f"All positions — 30a [{PART_I.code_of('30a')}], 30b "
                 f"[{PART_I.code_of('30b')}]", "",
                 f"{sum(c.count for c in result.categories):,}",
                 money_text(result.long_value), money_text(result.short_value), "", ""),
                roles=roles(TOTAL), tip="Lines 30a and 30b: the long and short market "
                                        "values of every position, no ready market included"))
            rows.append(Row(
                (f"Line 18 [{PART_I.code_of('18')}] — haircuts on securities positions", "",
                 f"{sum(c.count for c in in_18):,}", "", "", money_text(result.haircuts),
                 money_text(sum((c.concentration for c in in_18), ZERO))),
                roles=roles(TOTAL), tip="Instruction 18: the (c)(2)(vi) deductions, (M) "
                                        "included; no-ready-market positions are not in it"))
        super().__init__(rows)


class ConcentrationsTable(RowTable):
    """(c)(2)(vi)(M): each class of an issuer above 10 % of tentative net capital."""

    columns = (Column("Issuer"), Column("Class"), Column("Market value", right=True),
               Column("10 % of line 17", right=True), Column("(M)(3) floor", right=True),
               Column("Excess", right=True), Column("Additional deduction", right=True))

    def __init__(self, result: HaircutResult | None = None) -> None:
        super().__init__([
            Row((m.issuer, m.category, money_text(m.market_value), money_text(m.threshold),
                 money_text(m.floor), money_text(m.excess), money_text(m.charge)),
                key=(m.issuer, m.category))
            for m in (result.concentrations if result is not None else ())])


class PositionsTable(RowTable):
    """Every position with the paragraph it is deducted under, its band, the rate and
    its deduction ((M)'s share apart); a row's key: the position's id."""

    columns = (Column("ID"), Column("Description"), Column("Issuer"), Column("Category"),
               Column("Maturity"), Column("Market value", right=True), Column("Paragraph"),
               Column("Band"), Column("Rate", right=True), Column("Deduction", right=True),
               Column("of which (M)", right=True))

    def __init__(self, result: HaircutResult | None = None) -> None:
        rows = []
        for r in result.positions if result is not None else ():
            p = r.position
            rows.append(Row(
                (p.id, p.description, p.issuer, p.category,
                 p.maturity.isoformat() if p.maturity else "", money_text(p.market_value),
                 r.paragraph, r.band, rate_text(r.rate), money_text(r.deduction),
                 money_text(r.concentration) if r.concentration else ""),
                roles=roles("" if r.line18 else APART),
                tip=f"Row {p.row} of the positions file" if p.row else "", key=p.id))
        super().__init__(rows)


def haircut_notes(result: HaircutResult) -> list[str]:
    """What the haircut worksheet says beside its figures: warnings, the no-ready-market
    charge, the uncertain points and the elections not applied."""
    out = [f"Warning: {w}." for w in result.warnings]
    if result.no_ready_market:
        out.append(f"No ready market: {money_text(result.no_ready_market)} — "
                   f"{NO_READY_MARKET_NOTE}.")
    out += [f"Uncertain: {u}." for u in result.uncertain]
    out += [f"Not applied: {n}." for n in result.not_applied]
    return out


class ExhibitTable(RowTable):
    """Exhibit A's items as entered: the credits (items 1–9, line 26), the debits (10–15)
    and the Note E reductions of item 10, each with its total (an item row's key: its
    item, "1" … "15", "E1" …; a total's: "credit", "debit", "reduction")."""

    columns = (Column("Item"), Column("Note"), Column("Description"),
               Column("Amount", right=True))

    def __init__(self, result: ReserveResult | None = None) -> None:
        super().__init__(_exhibit_rows(result) if result is not None else ())

    def amount(self, key: str) -> str:
        row = next(r for r in self.rows if r.key == key)
        return row.cells[-1]


class RequirementTable(ExhibitTable):
    """What Exhibit A comes to: the debits after the Note E reductions (23b on the
    alternative method), the 1 %, 3 % or 2 % reduction, net debits (line 27), the excess
    of credits, the requirement, line 28 and the deficiency (keys "aggregate", "cut",
    "net", "excess", "requirement", "deposit", "deficiency")."""

    columns = (Column("Reserve formula"), Column("Amount", right=True))

    def __init__(self, result: ReserveResult | None = None) -> None:
        RowTable.__init__(self, _requirement_rows(result) if result is not None else ())


_SECTIONS = (("credit", "Credits"), ("debit", "Debits"),
             ("reduction", "Note E reductions of item 10 (entered as amounts)"))


def _total(label: str, value: Decimal | None, *extra: str, key: str = "",
           lead: tuple[str, ...] = ("", "")) -> Row:
    return Row((*lead, label, money_text(value) if value is not None else "blank"),
               roles=roles(TOTAL, *extra), key=key or None)


def _exhibit_rows(result: ReserveResult) -> list[Row]:
    rows: list[Row] = []
    totals = {"credit": (f"Total credits, items 1–9 — line 26 [{PART_I.code_of('26')}]",
                         result.credits),
              "debit": ("Total debits, items 10–15", result.debits),
              "reduction": ("Total Note E reductions", result.reductions)}
    for side, heading in _SECTIONS:
        rows.append(Row(("", "", heading), cell_roles={2: roles(HEADING)}))
        for item in (i for i in ITEMS if i.side == side):
            given = item.key in result.items
            rows.append(Row(
                (item.key, item.note, item.label,
                 money_text(result.items[item.key]) if given else ""),
                roles=roles("" if given else ABSENT),
                tip=item.label if given else "Not in the file: counted as zero",
                key=item.key))
        rows.append(_total(*totals[side], key=side))
    return rows


def _requirement_rows(result: ReserveResult) -> list[Row]:
    if result.alternative:
        aggregate = f"Aggregate debit items — line 23b [{PART_I.code_of('23b')}]"
        cut = ("2 % of the aggregate debits (a daily computer)" if result.daily else
               "3 % of the aggregate debits") + " — Rule 15c3-1(a)(1)(ii)(A)"
    else:
        aggregate = "Debits after the Note E reductions"
        cut = "Note E(3): 1 % of item 10 after its reductions"
    requirement = "Requirement" + (" — 105 %, a monthly computer (Rule 15c3-3(e)(3)(i)(C))"
                                   if result.monthly else "")
    deficiency = ("Deficiency — Rule 15c3-3(i): notify immediately" if result.deficiency
                  else "Deficiency: none")
    # The form's lines (23b on the alternative method) and the requirement are totals;
    # the steps between them plain.
    steps = {"cut", "excess", "deposit"} | (set() if result.alternative else {"aggregate"})
    rows = [_total(label, value, *extra, key=key, lead=()) for label, value, key, *extra in (
        (f"Total credits — line 26 [{PART_I.code_of('26')}]", result.credits, "credits"),
        (aggregate, result.aggregate_debits, "aggregate"),
        (cut, result.percent_reduction, "cut"),
        (f"Net debits — line 27 [{PART_I.code_of('27')}]", result.debits_net, "net"),
        ("Excess of total credits over net debits", result.excess, "excess"),
        (requirement, result.requirement, "requirement"),
        (f"On deposit — line 28 [{PART_I.code_of('28')}]", result.deposit, "deposit"),
        (deficiency, result.deficiency, "deficiency", DEFICIENCY if result.deficiency else ""),
    )]
    return [Row(r.cells, roles=r.roles - {TOTAL}, key=r.key) if r.key in steps else r
            for r in rows]
