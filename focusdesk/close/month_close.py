"""The month close: review, file, amend — the month a regulator saw, kept exactly (Qt-free).

Each month is **Draft → Approved → Filed**, and **Amendment n** once a filed month is
reopened:

* `approve` records the reviewer's name, the OS user, the time, an optional note and
  the SHA-256 of the month's figures; a later change to them puts the month back to
  Draft (the approval no longer speaks of the figures).
* `file_month` requires an approval of the figures as they stand and no error-level
  finding of the month — unless overridden with a reason, which is logged — and keeps
  the **as-filed version** in the workbook (`FiledVersion`): every input with its
  source, every computed line in dollars and as printed in thousands, the findings,
  the standing, and the printed PDF's bytes with their SHA-256. The month is then
  **frozen**: the workbook's setters refuse every change of its figures (typing, paste,
  clear, undo, every import) and of the settings it is computed with, in one sentence
  naming the month and how to amend it; and a change to an earlier month that would
  reach a filed month through its carried line 4 is refused as a whole
  (`focusdesk.document.freeze`, which the edit history and the importers' merges call).
* `amend` reopens a filed month as Amendment n with a reason; filing it again keeps
  every version. Any version's PDF is its stored bytes (`version_pdf`), checked against
  their SHA-256.

Due dates come from `focusdesk.form.business_days` (Rule 17a-5(a)(2)(i)); `month_status`
puts a month's status, due date, days to it and standing together for the command
line, the status bar and the firms overview.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..base.money import CENT, round_half_away
from ..calculation.engine import Computation, compute
from ..form.business_days import month_end, part_i_due
from ..form.catalog import EQUITY_END, EQUITY_START, MONTHS
from ..model.records import file_source_ref
from ..model.workbook import (
    TEXT_LIMITS,
    Approval,
    FiledVersion,
    MonthClose,
    Reopening,
    Workbook,
    WorkbookError,
    amend_hint,
)

DOCUMENT_FORMAT = 1  # of a FiledVersion's document


class CloseError(WorkbookError):
    """A close step the month's state does not allow; one sentence naming the month."""


# The longest text each close field holds: a name, a reference, a reason — bounds no real
# entry comes near, which keep a pasted document out of the record.
# The bounds of the close's text fields, declared with the others (workbook.TEXT_LIMITS).
TEXT_BOUNDS = {limit.what: limit.chars for key, limit in TEXT_LIMITS.items()
               if key.startswith("close.")}


def _text(text: str, what: str) -> str:
    """`text` with its runs of white space made one space, within its bound."""
    text = " ".join(text.split())
    most = TEXT_BOUNDS[what]
    if len(text) > most:
        raise CloseError(f"{what} is {len(text):,} characters long; at most {most:,} are "
                         "kept")
    return text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _year_month(wb: Workbook, month: str) -> tuple[int, int]:
    wb.check_month(month)
    return wb.year, MONTHS.index(month) + 1


def due_date(wb: Workbook, month: str) -> date:
    """When the month's Part I is due (10 business days after its end)."""
    return part_i_due(*_year_month(wb, month))


def _cents(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return round_half_away(value, CENT)


def figures_sha256(comp: Computation, month: str) -> str:
    """The SHA-256 of a month's figures (dollar computation: every line, Schedule B with
    its totals, line 10, the method and minimum) — what an approval speaks of."""
    res = comp.months[month]
    doc = {"method": comp.method, "minimum": str(comp.minimum_dollar),
           "values": {c: None if v is None else str(v) for c, v in res.values.items()},
           "schedule_b": {k: {c: None if v is None else str(v) for c, v in cols.items()}
                          for k, cols in res.schedule_b.items()},
           "answer": res.answer}
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


# -- where a month stands ------------------------------------------------------------------
STATUS_WORDS = {"draft": "Draft", "approved": "Approved", "filed": "Filed"}
LEVEL_SHORT = {"ok": "OK", "early-warning": "Early warning", "below-minimum": "Below minimum"}


@dataclass(frozen=True)
class MonthStatus:
    month: str
    year: int
    status: str  # draft | approved | filed | amendment-N
    reported: bool
    due: date
    today: date
    approval: Approval | None  # the approval of the figures as they stand
    stale_approval: Approval | None  # an approval of figures changed since
    filed: FiledVersion | None  # the latest filed version
    reopened: Reopening | None
    net_capital: Decimal | None
    excess: Decimal | None
    level: str | None

    @property
    def days_to_due(self) -> int:
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        """Due and not filed (an amendment reopened after a filing is not overdue)."""
        return self.filed is None and self.today > self.due

    @property
    def label(self) -> str:
        if self.reopened is not None:
            return f"Amendment {self.reopened.number}" + (" (approved)" if self.approval
                                                          else "")
        return STATUS_WORDS[self.status]

    def due_text(self) -> str:
        """"due 2026-07-15 (in 5 days)", "on 2026-07-14" (filed), "due 2026-07-15, overdue
        by 3 days"."""
        if self.filed is not None and self.reopened is None:
            late = self.filed.filed_date > self.due.isoformat()
            return f"on {self.filed.filed_date}" + (" (late)" if late else "")
        d = self.days_to_due
        if self.reopened is not None:
            return f"amending the filing of {self.filed.filed_date}" if self.filed else ""
        if d < 0:
            return f"due {self.due.isoformat()}, overdue by {-d} day{'s' if d != -1 else ''}"
        if d == 0:
            return f"due today ({self.due.isoformat()})"
        return f"due {self.due.isoformat()} (in {d} day{'s' if d != 1 else ''})"

    def as_json(self) -> dict[str, Any]:
        def approval(a: Approval | None, current: bool) -> dict[str, Any] | None:
            return None if a is None else {"reviewer": a.reviewer, "user": a.user,
                                           "at": a.at, "note": a.note, "current": current}

        f = self.filed
        return {
            "status": self.status,
            "due": self.due.isoformat(),
            "days_to_due": self.days_to_due,
            "overdue": self.overdue,
            "reported": self.reported,
            "net_capital": None if self.net_capital is None else f"{self.net_capital}",
            "excess": None if self.excess is None else f"{self.excess}",
            "level": self.level,
            "approval": approval(self.approval, True) or approval(self.stale_approval, False),
            "filed": None if f is None else {
                "version": f.name, "date": f.filed_date, "reference": f.reference,
                "approved_by": f.approval.reviewer if f.approval else None,
                "override": f.override, "pdf_sha256": f.pdf_sha256},
            "amendment": None if self.reopened is None else {
                "number": self.reopened.number, "reason": self.reopened.reason},
        }


def month_status(wb: Workbook, month: str, comp: Computation | None = None, *,
                 today: date | None = None, standings: dict | None = None) -> MonthStatus:
    """Where `month` stands: its status, due date and standing (`comp`: the dollar
    computation of `wb`, computed when None)."""
    from ..calculation.standing import standing as standing_of

    comp = comp if comp is not None and comp.units == "dollars" else compute(wb)
    standings = standings if standings is not None else standing_of(comp)
    today = today or date.today()
    mc = wb.month_close(month)
    res = comp.months[month]
    approval = stale = None
    if mc.approval is not None:
        if res.active and mc.approval.figures_sha256 == figures_sha256(comp, month):
            approval = mc.approval
        else:
            stale = mc.approval
    if mc.reopened is not None:
        status = f"amendment-{mc.reopened.number}"
    elif mc.versions:
        status = "filed"
    elif approval is not None:
        status = "approved"
    else:
        status = "draft"
    s = standings.get(month)
    return MonthStatus(
        month, wb.year, status, res.active, due_date(wb, month), today, approval, stale,
        mc.versions[-1] if mc.versions else None, mc.reopened,
        None if s is None else _cents(s.net_capital), None if s is None else _cents(s.excess),
        None if s is None else s.level)


def statuses(wb: Workbook, comp: Computation | None = None, *,
             today: date | None = None) -> dict[str, MonthStatus]:
    from ..calculation.standing import standing as standing_of

    comp = comp if comp is not None and comp.units == "dollars" else compute(wb)
    standings = standing_of(comp)
    return {m: month_status(wb, m, comp, today=today, standings=standings) for m in MONTHS}


# -- approve, file, amend ------------------------------------------------------------------
def _refuse_frozen(wb: Workbook, month: str, doing: str) -> None:
    mc = wb.month_close(month)
    if mc.frozen:
        v = mc.versions[-1]
        raise CloseError(f"{month} {wb.year} is filed already ({v.filed_date}"
                         + (f", reference {v.reference}" if v.reference else "")
                         + f"); to {doing} a correction, amend it first ({amend_hint(month)})")


def approve(wb: Workbook, month: str, by: str, note: str = "", *,
            comp: Computation | None = None) -> Approval:
    """Record the review of the month's figures as they stand."""
    wb.check_month(month)
    _refuse_frozen(wb, month, "approve")
    by = _text(by, "the reviewer's name")
    note = _text(note, "the note")
    if not by:
        raise CloseError(f"name the reviewer approving {month} {wb.year} (--by NAME)")
    if not wb.is_active(month):
        raise CloseError(f"{month} {wb.year} has no figures to approve")
    comp = comp if comp is not None and comp.units == "dollars" else compute(wb)
    mc = wb.month_close(month)
    approval = Approval(by, wb.user, _now(), note, figures_sha256(comp, month))
    old = month_status(wb, month, comp).status
    wb.set_close(month, replace(mc, approval=approval), action="approve", old=old,
                 new=old if mc.reopened else "approved",
                 detail=f"approved by {by}" + (f"; note: {approval.note}" if approval.note
                                               else ""))
    return approval


def parse_date(text: str, what: str = "--date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CloseError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def file_month(wb: Workbook, month: str, *, filed_date: date | None = None,
               reference: str = "", override: str = "",
               today: date | None = None) -> FiledVersion:
    """File the month: keep its as-filed version and freeze it. Requires an approval of
    the figures as they stand and no error-level finding of the month, unless
    `override` gives the reason (logged)."""
    from ..calculation.checks import run_checks
    from ..calculation.standing import standing as standing_of
    from ..formats.jsonio import to_json
    from ..formats.pdf import PrintOptions, build_report, report_pdf

    wb.check_month(month)
    _refuse_frozen(wb, month, "file")
    today = today or date.today()
    filed_date = filed_date or today
    name = f"{month} {wb.year}"
    if not wb.is_active(month):
        raise CloseError(f"{name} has no figures to file")
    if filed_date <= month_end(*_year_month(wb, month)):
        raise CloseError(f"{name} cannot be filed on {filed_date.isoformat()}: the month "
                         f"ends on {month_end(*_year_month(wb, month)).isoformat()}")
    if filed_date > today:
        raise CloseError(f"the filing date {filed_date.isoformat()} is in the future")
    dollars = compute(wb)
    thousands = compute(wb, "thousands", dollars=dollars)
    status = month_status(wb, month, dollars, today=today)
    if status.approval is None:
        if status.stale_approval is not None:
            a = status.stale_approval
            raise CloseError(f"{name} was changed after {a.reviewer} approved it ({a.at}); "
                             "approve it again before filing")
        raise CloseError(f"{name} is not approved; approve it before filing (Filing ▸ "
                         f"Approve Month…, or focusdesk approve FILE {month} --by NAME)")
    findings = [f for f in run_checks(wb, dollars) if f.month == month]
    errors = [f for f in findings if f.severity == "error"]
    override = _text(override, "the override's reason")
    reference = _text(reference, "the reference")
    if errors and not override:
        raise CloseError(
            f"{name} has {len(errors)} error-level finding(s) — {errors[0].message.rstrip('.')}"
            " — correct them, or file with an override and its reason (--override REASON)")
    mc = wb.month_close(month)
    number = len(mc.versions)
    reason = mc.reopened.reason if mc.reopened is not None else ""
    report = build_report(wb, PrintOptions(months=(month,)), dollars=dollars,
                          thousands=thousands)
    pdf = report_pdf(report)
    filing = {"number": number, "version": "original" if number == 0 else
              f"amendment-{number}", "filed_date": filed_date.isoformat(),
              "reference": reference.strip(), "override": override if errors else "",
              "reason": reason, "user": wb.user, "at": _now(), "due": status.due.isoformat()}
    standing = standing_of(dollars).get(month)
    document = month_document(wb, month, to_json(wb, dollars), to_json(wb, thousands),
                              findings, standing.as_json() if standing else None,
                              status.approval, filing)
    version = FiledVersion(month, number, filing["filed_date"], filing["reference"],
                           wb.user, filing["at"], filing["override"], status.approval,
                           reason, document, pdf, hashlib.sha256(pdf).hexdigest())
    detail = f"filed {version.filed_date}"
    if version.reference:
        detail += f", reference {version.reference}"
    if version.override:
        detail += (f"; override of {len(errors)} error-level finding(s): "
                   f"{version.override}")
    detail += f"; {file_source_ref('PDF', version.pdf_sha256)}"
    wb.set_close(month, MonthClose(None, (*mc.versions, version), None), action="file",
                 old=status.status, new="filed", detail=detail)
    return version


def amend(wb: Workbook, month: str, reason: str) -> Reopening:
    """Reopen a filed month as Amendment n (n = 1 for the first) with its reason."""
    wb.check_month(month)
    mc = wb.month_close(month)
    name = f"{month} {wb.year}"
    if mc.reopened is not None:
        raise CloseError(f"{name} is open already as amendment {mc.reopened.number}; "
                         "file it when it is ready")
    if not mc.versions:
        raise CloseError(f"{name} is not filed; it can be changed as it is")
    reason = _text(reason, "the amendment's reason")
    if not reason:
        raise CloseError(f"give the reason for amending {name} (--reason TEXT)")
    opened = Reopening(len(mc.versions), reason, wb.user, _now())
    wb.set_close(month, MonthClose(None, mc.versions, opened), action="amend", old="filed",
                 new=f"amendment-{opened.number}", detail=f"reason: {reason}")
    return opened


# -- the as-filed version -----------------------------------------------------------------
def month_document(wb: Workbook, month: str, dollars_json: dict[str, Any],
                   thousands_json: dict[str, Any], findings: Sequence[Any],
                   standing: dict[str, Any] | None, approval: Approval | None,
                   filing: dict[str, Any]) -> str:
    """The as-filed record of a month as canonical JSON: the firm and settings, every
    input with its source (the worksheets' positions and Exhibit A items too), every line
    computed (dollars, in the shape `compute` prints)
    and as printed ($000), the findings of the month, its standing, the approval and the
    filing."""
    inputs = {
        "items": {c: {"value": str(e.value), "source": e.source, "source_ref": e.source_ref}
                  for c, e in wb.items[month].items()},
        "schedule_b": {f"{line}|{col}": {"value": str(e.value), "source": e.source,
                                         "source_ref": e.source_ref}
                       for (line, col), e in wb.schedule_b[month].items()},
        "schedule_b_answer": {True: "yes", False: "no", None: None}[
            wb.schedule_b_answer.get(month)],
        # The worksheets' inputs behind lines 18 and 26–28, exactly as kept (by kind).
        "worksheets": {k: w.as_json() for (m, k), w in sorted(wb.worksheets.items())
                       if m == month},
    }
    doc = {
        "format": DOCUMENT_FORMAT,
        "month": month,
        "year": wb.year,
        "firm": dollars_json["firm"],
        "method": dollars_json["method"],
        "minimum_dollar": dollars_json["minimum_dollar"],
        "inputs": inputs,
        "computed": dollars_json["months"][month],
        "printed": thousands_json["months"][month],
        "findings": [f.as_dict() for f in findings],
        "standing": standing,
        "approval": None if approval is None else {
            "reviewer": approval.reviewer, "user": approval.user, "at": approval.at,
            "note": approval.note, "figures_sha256": approval.figures_sha256},
        "filing": filing,
    }
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def version_data(version: FiledVersion) -> dict[str, Any]:
    if version.damaged:
        raise CloseError(f"{version.month}'s as-filed record ({version.name}) is damaged and "
                         "cannot be reproduced")
    return json.loads(version.document)


def version_pdf(version: FiledVersion) -> bytes:
    """The as-filed PDF, byte for byte, checked against its SHA-256."""
    if version.damaged or hashlib.sha256(version.pdf).hexdigest() != version.pdf_sha256:
        raise CloseError(f"{version.month}'s as-filed PDF ({version.name}) is damaged and "
                         "cannot be reproduced")
    return version.pdf


def find_version(wb: Workbook, month: str, name: str = "filed") -> FiledVersion:
    """A filed version of the month: "filed" (the latest), "original", "amendment-N"."""
    wb.check_month(month)
    versions = wb.month_close(month).versions
    label = f"{month} {wb.year}"
    if not versions:
        raise CloseError(f"{label} has not been filed; there is no as-filed version")
    key = name.strip().lower()
    if key in ("filed", "latest"):
        return versions[-1]
    if key == "original":
        return versions[0]
    if key.startswith("amendment-") and key.removeprefix("amendment-").isdigit():
        n = int(key.removeprefix("amendment-"))
        for v in versions:
            if v.number == n:
                return v
        have = ", ".join(v.name for v in versions)
        raise CloseError(f"{label} has no filed amendment {n} (its versions: {have})")
    raise CloseError(f"{name!r} is not a version (filed, original or amendment-N)")


# -- the next year -------------------------------------------------------------------------
def next_year(wb: Workbook, source_name: str, source_sha256: str) -> tuple[Workbook, list[str]]:
    """Next year's workbook: the firm profile, method, minimum and account mapping, and
    JAN line 4 entered as this December's line 8, its source the prior-year workbook and
    its SHA-256. Returns the workbook and notes for the user."""
    new = Workbook()
    new.user = wb.user
    how = {"source": "imported", "source_ref": file_source_ref(source_name, source_sha256)}
    for field in ("name", "id_no", "sec_file_no", "preparer", "phone"):
        new.set_profile(f"firm.{field}", getattr(wb.firm, field), **how)
    new.set_profile("year", wb.year + 1, **how)
    new.set_profile("method", wb.method.value, **how)
    new.set_profile("minimum_dollar", wb.minimum_dollar, **how)
    new.check_capital_basis()
    if wb.tb_mapping:
        new.set_tb_mapping(wb.tb_mapping, **how)
    notes: list[str] = []
    dec = compute(wb).months["DEC"]
    if dec.active:
        line8 = dec.values[EQUITY_END]
        assert line8 is not None
        new.set_item("JAN", EQUITY_START, line8, **how)
        if not wb.month_close("DEC").versions:
            notes.append(f"DEC {wb.year} is not filed yet; JAN {wb.year + 1} line 4 is its "
                         "line 8 as it stands now and does not follow later changes")
    else:
        notes.append(f"DEC {wb.year} has no figures; JAN {wb.year + 1} line 4 is left blank "
                     "(enter December's line 8 there)")
    return new, notes


# -- many firms ------------------------------------------------------------------------------
def next_due(wb: Workbook, months: dict[str, MonthStatus]) -> MonthStatus | None:
    """The first month not yet filed, from the first reported month (JAN in a workbook
    with nothing reported) on: the next Part I to file; None when the year is filed."""
    reported = [m for m in MONTHS if wb.is_active(m)]
    start = MONTHS.index(reported[0]) if reported else 0
    return next((months[m] for m in MONTHS[start:] if months[m].filed is None), None)


def workbook_status(wb: Workbook, file: str, *, today: date | None = None
                    ) -> dict[str, Any]:
    """One workbook for `focusdesk status --json` and the firms overview: the firm, the
    year, the latest reported month, the next due date and each month's status."""
    months = statuses(wb, today=today)
    latest = next((m for m in reversed(MONTHS) if wb.is_active(m)), None)
    nxt = next_due(wb, months)
    return {
        "file": file,
        "firm": wb.firm.name,
        "year": wb.year,
        "latest": latest,
        "next_due": None if nxt is None else {
            "month": nxt.month, "due": nxt.due.isoformat(), "days_to_due": nxt.days_to_due,
            "overdue": nxt.overdue},
        "months": {m: s.as_json() for m, s in months.items()},
    }
