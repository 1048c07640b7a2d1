"""A one-page draft of the notice Rule 17a-11 asks for (and FINRA Rule 4120(a)), for a
month at early warning or below the minimum.

Qt-free: the page is a display list (`focusdesk.formats.pdf.drawing`) like the form's, written
by the same renderer. What it says comes from the month's standing
(`focusdesk.calculation.standing`) — which paragraph applies and why, net capital, the requirement,
the excess and the ratio — with blanks for the signature. It is a draft for the
controller to review and send, not a filing.

Rule 17a-11(h): a notice goes to the Commission's principal office in Washington and
the regional office (or the e-mail address on the Commission's website), the firm's
designated examining authority, and the CFTC if the firm is registered there. The
paragraph letters are the current rule's; FINRA's pages still use the pre-2019 letters.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from ...base.money import usd
from ...calculation.engine import Computation
from ...calculation.standing import MonthStanding, cents_up
from ...form.catalog import MONTH_NAMES, MONTHS, SEGREGATION_REQUIRED, Method
from ...model.workbook import Workbook
from .drawing import LETTER, Page, wrap

LEFT, RIGHT, TOP = 72.0, LETTER[0] - 72.0, 72.0
WIDTH = RIGHT - LEFT


class NoNoticeNeeded(ValueError):
    """The month needs no notice; the message says so in one sentence."""


@dataclass(frozen=True)
class Notice:
    month: str
    standing: MonthStanding
    page: Page
    title: str


def build_notice(wb: Workbook, comp: Computation, month: str, *,
                 today: date | None = None, source: str = "") -> Notice:
    """The draft notice of `month` (`comp`: the dollar computation of `wb`); raises
    `NoNoticeNeeded` when the month is neither at early warning nor below the minimum."""
    from ...calculation.standing import month_standing

    s = month_standing(comp, month)
    if s is None:
        raise NoNoticeNeeded(f"{month} is not reported; there is no notice to draft")
    if s.level == "ok":
        raise NoNoticeNeeded(
            f"{month} needs no notice: net capital {usd(s.net_capital)} is above every "
            f"early-warning level (requirement {usd(cents_up(s.requirement))})")
    today = today or date.today()
    year = wb.year
    as_of = date(year, MONTHS.index(month) + 1,
                 calendar.monthrange(year, MONTHS.index(month) + 1)[1])
    firm = wb.firm.name or "[name of broker-dealer]"
    page = Page(f"Notice draft, {month} {year}", "notice", (month,))
    y = TOP

    def line(text: str, size: float = 10, *, bold: bool = False, gap: float = 4,
             indent: float = 0) -> None:
        nonlocal y
        for part in wrap(text, WIDTH - indent, size, bold):
            y += size + 2
            page.text(LEFT + indent, y, part, size, bold=bold)
        y += gap

    below = s.level == "below-minimum"
    sec_rules = [r for r in s.reasons if r.notify == "sec"]
    finra = [r for r in s.reasons if r.notify == "finra"]
    page.text(RIGHT, y + 8, "DRAFT — review before sending", 9, bold=True, align="right",
              gray=0.35)
    y += 16
    heading = ("Notice of net capital deficiency" if below
               else "Early warning notice")
    line(f"{heading} — Rule 17a-11" + (" and FINRA Rule 4120(a)" if finra else ""), 14,
         bold=True, gap=10)
    line(f"Date: {today.strftime('%B %d, %Y').replace(' 0', ' ')}", gap=2)
    line(f"From: {firm}", gap=2)
    ids = [f"SEC file no. {wb.firm.sec_file_no}" if wb.firm.sec_file_no
           else "SEC file no. [8-_____]",
           f"firm ID no. {wb.firm.id_no}" if wb.firm.id_no else ""]
    line("       " + ", ".join(i for i in ids if i), gap=8)
    to = ["U.S. Securities and Exchange Commission, principal office in Washington, DC, "
          "and regional office (or the e-mail address on the Commission's website)",
          "The firm's designated examining authority"]
    if finra and not sec_rules:
        to = ["FINRA (the firm's designated examining authority), Regulatory Notifications"]
    elif finra:
        to.append("FINRA, Regulatory Notifications (FINRA Rule 4120(a))")
    if wb.value(month, SEGREGATION_REQUIRED):
        to.append("Commodity Futures Trading Commission (the firm is registered as a "
                  "futures commission merchant)")
    line("To:", bold=True, gap=0)
    for t in to:
        line(f"• {t}", gap=0, indent=12)
    y += 8
    line(f"Re: FOCUS Report Part I as of {as_of.strftime('%B %d, %Y').replace(' 0', ' ')} "
         f"({MONTH_NAMES[month].title()} {year})", bold=True, gap=8)
    when = "the same day" if below else "within 24 hours"
    line(f"{firm} gives notice under the rules below, {when} of the condition. "
         "The conditions, with the figures of the month's computation of net capital:",
         gap=6)
    for r in s.reasons:
        line(f"{r.rule} — {r.what}.", bold=True, gap=0, indent=12)
        line(r.message, 9, gap=6, indent=24)
    basic = s.method is Method.AGGREGATE_INDEBTEDNESS
    method = ("aggregate indebtedness (basic) method, Rule 15c3-1(a)(1)(i)"
              if basic
              else "alternative method, Rule 15c3-1(a)(1)(ii)")
    ratio = "N/A" if s.ratio_percent is None else f"{usd(s.ratio_percent)[1:]} %"
    ratio_words = ("Aggregate indebtedness to net capital" if basic
                   else "Net capital to aggregate debit items")
    rows = [("Net capital (line 19)", usd(s.net_capital)),
            ("Minimum net capital requirement (line 24)", usd(cents_up(s.requirement))),
            ("Excess (deficiency) net capital",
             usd(s.excess) if s.excess >= 0 else f"({usd(-s.excess)})"),
            (f"{ratio_words} (line {'25a' if basic else '25b'})", ratio)]
    y += 4
    line(f"Computed on the {method}:", gap=2)
    for label, value in rows:
        y += 14
        page.text(LEFT + 12, y, label, 10)
        page.text(RIGHT, y, value, 10, bold=True, align="right")
        page.line(LEFT + 12, y + 3, RIGHT, y + 3, 0.25, 0.6)
    y += 14
    line("What the firm is doing about it:", gap=2)
    for _ in range(2):
        y += 18
        page.line(LEFT, y, RIGHT, y, 0.5)
    y += 6
    for label in ("Signature", "Name", "Title", "Telephone"):
        y += 22
        page.text(LEFT, y, f"{label}:", 10)
        page.line(LEFT + 70, y + 2, LEFT + 330, y + 2, 0.5)
    y += 30
    footer = ("Drafted by FocusDesk from " + (source or "the workbook")
              + f"; figures as of {as_of.isoformat()}. Rule 17a-11(h): send to each "
              "addressee; keep a copy with the firm's records.")
    for part in wrap(footer, WIDTH, 7.5):
        y += 9
        page.text(LEFT, y, part, 7.5, gray=0.35)
    return Notice(month, s, page, f"{heading}, {firm}, {month} {year}")


def notice_pdf(notice: Notice, author: str = "") -> bytes:
    from .render import pdf_bytes

    return pdf_bytes([notice.page], title=notice.title, author=author,
                     subject="Rule 17a-11 notice draft")
