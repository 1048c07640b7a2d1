"""The worksheets' supporting schedules, printed after the form — each page marked "not
part of the form": a month's haircuts (categories, undue concentration, every position
with its paragraph, band, rate and deduction) and its reserve formula (Exhibit A items,
the reductions, the requirement against line 28), from the inputs the workbook keeps
(`focusdesk.worksheets.month.stored_haircuts` / `stored_reserve`).

Pages are the display lists of `focusdesk.formats.pdf.drawing` (`kind` "worksheet"), so
`focusdesk pdf` writes them with the form through the same renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..base.money import format_amount, plain
from ..form.catalog import MONTHS
from ..formats.pdf.drawing import LETTER, Page, wrap
from ..model.workbook import Workbook
from .haircuts import NO_READY_MARKET_NOTE, HaircutResult
from .month import stored_haircuts, stored_reserve
from .reserve import ITEMS, ReserveResult

PAGE_W, PAGE_H = LETTER
LEFT, RIGHT, TOP, BOTTOM = 36.0, PAGE_W - 36.0, 40.0, PAGE_H - 36.0
SIZE, LEAD = 7.5, 10.0
AMOUNT_W = 72.0  # the width an amount column takes
NOT_PART = "Supporting schedule — not part of the form"


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value, places=2)


class _Writer:
    """Pages filled top to bottom, a new page (with the heading again) when one is full."""

    def __init__(self, wb: Workbook, month: str, title: str, source: str):
        self.wb, self.month, self.title, self.source = wb, month, title, source
        self.pages: list[Page] = []
        self.y = 0.0
        self._new()

    def _new(self) -> None:
        page = Page(f"{self.title}, {self.month} — {NOT_PART}", "worksheet", (self.month,))
        page.text(LEFT, TOP, NOT_PART.upper(), 8, bold=True)
        page.text(RIGHT, TOP, f"{self.wb.firm.name}  {self.month} {self.wb.year}", 8,
                  align="right", fit=RIGHT - LEFT - 220)
        page.text(LEFT, TOP + 16, self.title + (" (continued)" if self.pages else ""), 11,
                  bold=True)
        page.text(LEFT, TOP + 28, self.source, 6.5, fit=RIGHT - LEFT)
        page.line(LEFT, TOP + 32, RIGHT, TOP + 32, width=0.8)
        self.pages.append(page)
        self.y = TOP + 46

    def room(self, lines: int = 1) -> None:
        if self.y + lines * LEAD > BOTTOM - 20:
            self._new()

    def row(self, cells: Sequence[tuple[float, str, str]], *, bold: bool = False) -> None:
        """One line of cells: (x, text, align); a right-aligned cell's x is its right."""
        self.room()
        page = self.pages[-1]
        for k, (x, text, align) in enumerate(cells):
            nxt, nxt_align = cells[k + 1][0::2] if k + 1 < len(cells) else (RIGHT, "left")
            # A right-aligned neighbour takes up to AMOUNT_W left of its x.
            end = nxt - (AMOUNT_W if nxt_align == "right" else 0)
            fit = (end - x - 4) if align == "left" else None
            page.text(x, self.y, text, SIZE, bold=bold, align=align, fit=fit)  # type: ignore[arg-type]
        self.y += LEAD

    def para(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        for line in wrap(text, RIGHT - LEFT - indent, SIZE, bold):
            self.room()
            self.pages[-1].text(LEFT + indent, self.y, line, SIZE, bold=bold)
            self.y += LEAD

    def gap(self, n: float = 0.6) -> None:
        self.y += LEAD * n


def haircut_pages(wb: Workbook, month: str, result: HaircutResult, source: str) -> list[Page]:
    w = _Writer(wb, month, "Haircuts on securities positions — Rule 15c3-1(c)(2)(vi), line 18",
                source)
    w.para(f"As of {result.as_of:%m/%d/%Y}; tentative net capital (line 17) "
           f"{_money(result.tentative_net_capital)}. Line 18 {_money(result.haircuts)}; "
           f"30a {_money(result.long_value)}; 30b {_money(result.short_value)}; 32a "
           f"{_money(result.concentrated)}.")
    w.gap()
    cols = (LEFT, LEFT + 120, RIGHT - 190, RIGHT - 100, RIGHT)
    w.row([(cols[0], "Category", "left"), (cols[1], "Paragraph", "left"),
           (cols[2], "Long", "right"), (cols[3], "Short", "right"),
           (cols[4], "Deduction", "right")], bold=True)
    for c in result.categories:
        w.row([(cols[0], c.category.name, "left"),
               (cols[1], c.category.paragraph + ("" if c.category.line18 else
                                                 " — line 13, not line 18"), "left"),
               (cols[2], _money(c.long), "right"), (cols[3], _money(c.short), "right"),
               (cols[4], _money(c.deduction), "right")])
    w.row([(cols[0], "Line 18", "left"), (cols[4], _money(result.haircuts), "right")],
          bold=True)
    if result.concentrations:
        w.gap()
        w.para("Undue concentration, (c)(2)(vi)(M)", bold=True)
        for m in result.concentrations:
            w.para(f"{m.issuer} ({m.category}): {_money(m.market_value)} above 10 % of "
                   f"tentative net capital ({_money(m.threshold)}) and the floor "
                   f"({_money(m.floor)}): excess {_money(m.excess)}, additional "
                   f"{_money(m.charge)}", indent=8)
    w.gap()
    pc = (LEFT, LEFT + 40, LEFT + 140, LEFT + 232, RIGHT - 125, RIGHT - 85, RIGHT)
    w.row([(pc[0], "Id", "left"), (pc[1], "Description", "left"),
           (pc[2], "Paragraph", "left"), (pc[3], "Band", "left"),
           (pc[4], "Market value", "right"), (pc[5], "Rate", "right"),
           (pc[6], "Deduction", "right")], bold=True)
    for r in result.positions:
        w.row([(pc[0], r.position.id, "left"), (pc[1], r.position.description, "left"),
               (pc[2], r.paragraph, "left"), (pc[3], r.band, "left"),
               (pc[4], _money(r.position.market_value), "right"),
               (pc[5], f"{plain(r.rate * 100)} %", "right"),
               (pc[6], _money(r.deduction), "right")])
    w.gap()
    if result.no_ready_market:
        w.para(NO_READY_MARKET_NOTE + ".")
    w.para("Not applied: " + "; ".join(result.not_applied) + ".")
    w.para("Uncertain: " + "; ".join(result.uncertain) + ".")
    return w.pages


def reserve_pages(wb: Workbook, month: str, result: ReserveResult, source: str) -> list[Page]:
    w = _Writer(wb, month, "Reserve formula — Rule 15c3-3, Exhibit A (lines 26–28, 23b)",
                source)
    w.para(result.method_text[0].upper() + result.method_text[1:] +
           ("; a daily computation" if result.daily else "") +
           ("; a monthly computer (105 %)" if result.monthly else "") + ".")
    w.gap()
    for item in ITEMS:
        if item.key in result.items:
            w.row([(LEFT, f"Item {item.key}", "left"), (LEFT + 50, item.label, "left"),
                   (RIGHT, _money(result.items[item.key]), "right")])
    w.gap()
    cut = ("2 %" if result.daily else "3 %") if result.alternative else "Note E(3) 1 %"
    for label, value in (("Total credits, items 1–9 (line 26)", result.credits),
                         ("Total debits, items 10–15", result.debits),
                         ("Note E reductions of item 10", result.reductions),
                         ("Aggregate debits" + (" (line 23b)" if result.alternative else ""),
                          result.aggregate_debits),
                         (f"{cut} reduction", result.percent_reduction),
                         ("Net debits (line 27)", result.debits_net),
                         ("Requirement", result.requirement),
                         ("Line 28, on deposit", result.deposit)):
        w.row([(LEFT, label, "left"), (RIGHT, _money(value) or "blank", "right")])
    if result.deficiency:
        w.para(f"Deficiency: line 28 is {_money(result.deficiency)} short of the "
               "requirement (Rule 15c3-3(i): immediate notice).", bold=True)
    w.gap()
    w.para("Uncertain: " + "; ".join(result.uncertain) + ".")
    return w.pages


def supporting_pages(wb: Workbook, months: Sequence[str] = MONTHS) -> list[Page]:
    """The supporting schedules of `months` that keep worksheet inputs, in month order."""
    pages: list[Page] = []
    for month in months:
        for kind, build, compute in (("haircuts", haircut_pages, stored_haircuts),
                                     ("reserve", reserve_pages, stored_reserve)):
            stored = wb.worksheets.get((month, kind))
            if stored is None:
                continue
            result = compute(wb, month)
            assert result is not None
            source = f"From {stored.file_name} (sha256 {stored.sha256[:12]}…)"
            pages += build(wb, month, result, source)  # type: ignore[operator]
    for number, page in enumerate(pages, 1):
        page.text(RIGHT, BOTTOM, f"{NOT_PART} · {number} of {len(pages)}", 7, align="right")
    return pages
