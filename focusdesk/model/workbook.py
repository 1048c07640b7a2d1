"""The workbook document in memory: one firm, one year, every entered value.

A `Workbook` holds only what the controller (or an importer) entered, each value with
where it came from; everything computed comes from `engine.compute`. Every change goes
through `set_item` / `set_schedule_b` / `set_answer` / the profile setters, which append
to the audit trail, so the file records who changed what, when, from what to what.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from ..base.money import plain, usd
from ..form.catalog import ALTERNATIVE_MINIMUM, MONTHS, PART_I, BLine, Form, Kind, Method
from .limits import TEXT_LIMITS, text_limit_error
from .records import (
    WORKSHEET_KINDS,
    Approval,
    AuditEntry,
    Entry,
    FiledVersion,
    Firm,
    MappingRow,
    MonthClose,
    Reopening,
    StoredFiling,
    StoredWorksheet,
    TBRow,
    TrialBalance,
)

# The workbook's records (`records`) and text limits (`limits`) are imported from here
# too: this module is the model's public face.
__all__ = [
    "COMPUTATION_SETTINGS", "SOURCES", "TEXT_LIMITS", "WORKSHEET_KINDS", "Approval",
    "AuditEntry", "Entry", "FiledVersion", "Firm", "MappingRow", "MonthClose", "Reopening",
    "StoredFiling", "StoredWorksheet", "TBRow", "TrialBalance", "Workbook", "WorkbookError",
    "amend_hint", "b_column_reason", "check_capital_basis", "check_text", "current_user",
    "frozen_sentence", "text_limit_error",
]

SOURCES = ("typed", "imported", "pasted", "carried", "json")


class WorkbookError(ValueError):
    """A change the form does not allow; the message names what and where."""


def b_column_reason(line: BLine) -> str:
    """Why an input line of Schedule B takes no entry in some column (5G: the line 5
    instructions report offsets "as a (deduction) in Columns II and III")."""
    return (f"its offsets are reported in columns {', '.join(line.columns or ())} "
            "(line 5 instructions)")


def check_capital_basis(method: Method, minimum: Decimal) -> None:
    """Refuse a dollar minimum the method does not allow: on the alternative method the
    requirement is at least $250,000 (Rule 15c3-1(a)(1)(ii))."""
    if method is Method.ALTERNATIVE and minimum < ALTERNATIVE_MINIMUM:
        raise WorkbookError(
            f"the alternative method requires a minimum of at least "
            f"{usd(ALTERNATIVE_MINIMUM)} (Rule 15c3-1(a)(1)(ii)), not {usd(minimum)}")


# The settings every month's figures are computed with: none changes while a month is
# filed (the year too — it dates the months and their due dates).
COMPUTATION_SETTINGS = ("year", "method", "minimum_dollar")


def amend_hint(month: str) -> str:
    """How a filed month is changed: in the window and on the command line."""
    return f"Filing ▸ Amend Month…, or focusdesk amend FILE {month} --reason TEXT"


def frozen_sentence(month: str, year: int, filed: FiledVersion) -> str:
    """Why a filed month's figures cannot change, and how to change them."""
    what = "filed" if filed.number == 0 else f"filed as amendment {filed.number}"
    return (f"{month} {year} is {what} ({filed.filed_date}) and its figures cannot change; "
            f"amend it first ({amend_hint(month)})")


def check_text(key: str, text: str, where: str = "") -> None:
    """`WorkbookError` when `text` does not fit the field `key` of `TEXT_LIMITS`."""
    error = text_limit_error(key, text)
    if error:
        raise WorkbookError(f"{where}: {error}" if where else error)


def current_user() -> str:
    try:
        import getpass  # here, not at start-up

        return getpass.getuser()
    except Exception:  # no login name (some containers, services)
        return "unknown"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, Entry):
        return plain(value.value)
    return str(value)


def _describe_tb(tb: TrialBalance | None) -> str:
    return "" if tb is None else f"{tb.file_name} ({len(tb.rows)} accounts)"


def _describe_filings(filings: tuple[StoredFiling, ...]) -> str:
    return f"{len(filings)} filing(s)"


def _describe_rules(rules: list[MappingRow]) -> str:
    return ", ".join(r.code + (f" {r.sign}" if r.sign else "") for r in rules)


def _source(source: str, source_ref: str) -> str:
    """An audit entry's source: how the change came ("typed", "imported", …) and the
    file it came from with its SHA-256."""
    return f"{source} {source_ref}".strip()


@dataclass
class Workbook:
    firm: Firm = field(default_factory=Firm)
    year: int = 2025
    method: Method = Method.AGGREGATE_INDEBTEDNESS
    minimum_dollar: Decimal = Decimal(250_000)
    form: Form = PART_I
    # items[month][code] — entered Schedule A values
    items: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {m: {} for m in MONTHS}
    )
    # schedule_b[month][(line, column)] — entered Schedule B cells
    schedule_b: dict[str, dict[tuple[str, str], Entry]] = field(
        default_factory=lambda: {m: {} for m in MONTHS}
    )
    # schedule_b_answer[month] — line 10, Yes (True) / No (False); absent = unanswered
    schedule_b_answer: dict[str, bool] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    user: str = field(default_factory=current_user)
    # The trial-balance account mapping (ordered rules) and each month's imported
    # trial balance.
    tb_mapping: tuple[MappingRow, ...] = ()
    trial_balances: dict[str, TrialBalance] = field(default_factory=dict)
    # Daily Seg filings imported (focusdesk.seg), by end date then import time.
    filings: tuple[StoredFiling, ...] = ()
    # The month close (focusdesk.close.month_close): approvals, filed versions, amendments; a month
    # without an entry is a Draft.
    close: dict[str, MonthClose] = field(default_factory=dict)
    # Each month's worksheet inputs (focusdesk.worksheets), by (month, kind).
    worksheets: dict[tuple[str, str], StoredWorksheet] = field(default_factory=dict)

    # -- reading ---------------------------------------------------------------
    def value(self, month: str, code: str) -> Decimal | None:
        entry = self.items[month].get(code)
        return entry.value if entry else None

    def b_value(self, month: str, line: str, column: str) -> Decimal | None:
        entry = self.schedule_b[month].get((line, column))
        return entry.value if entry else None

    def is_active(self, month: str) -> bool:
        """A month is reported once anything is entered in it."""
        return bool(
            self.items[month] or self.schedule_b[month] or month in self.schedule_b_answer
        )

    def as_of(self, months: tuple[str, ...] = MONTHS) -> date | None:
        """The form header's "As of (Month/Day/Year)": the last day of the latest
        reported month among `months` (the months printed); None when none is reported."""
        import calendar

        reported = [m for m in months if self.is_active(m)]
        if not reported:
            return None
        number = MONTHS.index(reported[-1]) + 1
        return date(self.year, number, calendar.monthrange(self.year, number)[1])

    def month_close(self, month: str) -> MonthClose:
        return self.close.get(month) or MonthClose()

    def frozen(self, month: str) -> bool:
        """Whether the month is filed and not reopened: its figures cannot change."""
        mc = self.close.get(month)
        return mc is not None and mc.frozen

    def frozen_months(self) -> list[str]:
        return [m for m in MONTHS if self.frozen(m)]

    def check_open(self, month: str) -> None:
        """Refuse (one sentence naming the month and how to amend it) a change to a filed
        month's figures."""
        mc = self.close.get(month)
        if mc is not None and mc.frozen:
            raise WorkbookError(frozen_sentence(month, self.year, mc.versions[-1]))

    def check_settings_open(self, name: str) -> None:
        """Refuse a change of a setting every month is computed with while a month is
        filed."""
        if name not in COMPUTATION_SETTINGS:
            return
        frozen = self.frozen_months()
        if frozen:
            what = {"year": "The year", "method": "The method",
                    "minimum_dollar": "The dollar minimum"}[name]
            one = len(frozen) == 1
            raise WorkbookError(
                f"{what} cannot change while {', '.join(frozen)} {self.year} "
                f"{'is' if one else 'are'} filed: it changes {'its' if one else 'their'} "
                f"figures; amend {'it' if one else 'them'} first ({amend_hint(frozen[0])})")

    def copy(self) -> Workbook:
        return copy.deepcopy(self)

    def inputs_equal(self, other: Workbook) -> bool:
        """Same profile and same entered values (provenance and audit aside)."""

        def values(wb: Workbook) -> tuple[object, ...]:
            return (
                wb.firm, wb.year, wb.method, wb.minimum_dollar,
                {m: {c: e.value for c, e in d.items()} for m, d in wb.items.items()},
                {m: {k: e.value for k, e in d.items()} for m, d in wb.schedule_b.items()},
                wb.schedule_b_answer,
            )

        return values(self) == values(other)

    # -- validation ------------------------------------------------------------
    def check_capital_basis(self) -> None:
        """The method and the dollar minimum together (see `check_capital_basis`); checked
        once a change of either is complete, so a file may change both at once."""
        check_capital_basis(self.method, self.minimum_dollar)

    def check_month(self, month: str) -> None:
        if month not in MONTHS:
            raise WorkbookError(f"{month!r} is not a month (expected one of JAN … DEC)")

    def check_item_code(self, code: str) -> None:
        item = self.form.by_code.get(code)
        if item is None:
            raise WorkbookError(f"{code!r} is not a Schedule A item code")
        if item.kind is Kind.COMPUTED:
            raise WorkbookError(
                f"item {code} (line {item.line}) is computed and cannot be entered"
            )

    def check_b_cell(self, line: str, column: str, *, clearing: bool = False) -> None:
        """Refuse a Schedule B cell that takes no entry. `clearing`: a column the line
        takes no entry in (5G IV) may still be cleared, or read from an older file that
        holds one (the checks name it)."""
        b = self.form.b_by_key.get(line)
        if b is None or b.kind.value == "heading":
            raise WorkbookError(f"{line!r} is not a Schedule B line")
        if b.kind.value == "total":
            raise WorkbookError(f"Schedule B line {line} is a total and cannot be entered")
        if b.kind.value == "question":
            raise WorkbookError("Schedule B line 10 is answered Yes or No, not with an amount")
        if column not in self.form.b_columns:
            raise WorkbookError(f"{column!r} is not a Schedule B column (I, II, III or IV)")
        if not b.takes(column) and not clearing:
            raise WorkbookError(f"Schedule B line {line} takes no entry in column {column}: "
                                f"{b_column_reason(b)}")

    # -- changing --------------------------------------------------------------
    def _log(self, action: str, month: str, target: str, old: object, new: object,
             detail: str = "") -> None:
        self.audit.append(AuditEntry(_now(), self.user, action, month, target,
                                     _text(old), _text(new), detail))

    def set_item(self, month: str, code: str, value: Decimal | None, *,
                 source: str = "typed", source_ref: str = "") -> bool:
        """Enter (or clear, with None) a Schedule A value. Returns True if it changed."""
        self.check_month(month)
        self.check_item_code(code)
        return self._set_entry(self.items[month], code, month, code, value, source,
                               source_ref)

    def set_schedule_b(self, month: str, line: str, column: str, value: Decimal | None, *,
                       source: str = "typed", source_ref: str = "") -> bool:
        """Enter (or clear) a Schedule B cell. Returns True if it changed."""
        self.check_month(month)
        self.check_b_cell(line, column, clearing=value is None)
        return self._set_entry(self.schedule_b[month], (line, column), month,
                               f"B:{line}:{column}", value, source, source_ref)

    def _set_entry(self, cells: dict, key: object, month: str, target: str,
                   value: Decimal | None, source: str, source_ref: str) -> bool:
        old = cells.get(key)
        if value is None:
            if old is None:
                return False
            self.check_open(month)
            del cells[key]
            self._log("clear", month, target, old, None, _source(source, source_ref))
            return True
        new = Entry(value, source, source_ref)
        if old == new:
            return False
        if self.frozen(month):
            if old is not None and old.value == value:
                return False  # the same figure: a filed month keeps its source as filed
            self.check_open(month)
        cells[key] = new
        if old is None or old.value != value:
            self._log("set", month, target, old, value, _source(source, source_ref))
        return True

    def set_answer(self, month: str, answer: bool | None, *, source: str = "typed",
                   source_ref: str = "") -> bool:
        """Answer Schedule B line 10 (None: unanswered); `source`, `source_ref` go to the
        audit log as for a value."""
        self.check_month(month)
        old = self.schedule_b_answer.get(month)
        if old == answer:
            return False
        self.check_open(month)
        if answer is None:
            del self.schedule_b_answer[month]
        else:
            self.schedule_b_answer[month] = answer
        fmt = {True: "yes", False: "no", None: ""}
        self._log("set", month, "B:10", fmt[old], fmt[answer], _source(source, source_ref))
        return True

    def set_profile(self, name: str, value: object, *, source: str = "typed",
                    source_ref: str = "") -> bool:
        """Change a firm field ("firm.name") or a setting ("year", "method", "minimum_dollar");
        `source`, `source_ref` go to the audit log as for a value."""
        if name.startswith("firm."):
            attr = name.removeprefix("firm.")
            if attr not in Firm.FIELDS:
                raise WorkbookError(f"{attr!r} is not a firm field")
            old = getattr(self.firm, attr)
            new = "" if value is None else str(value).strip()
            check_text(name, new)
            if old == new:
                return False
            setattr(self.firm, attr, new)
        elif name == "year":
            old, new = self.year, int(str(value))
            if not 1990 <= new <= 2200:
                raise WorkbookError(f"{value!r} is not a plausible report year")
            if old == new:
                return False
            self.check_settings_open(name)
            self.year = new
        elif name == "method":
            old = self.method
            try:
                new = Method(value)
            except ValueError:
                raise WorkbookError(
                    f"{value!r} is not a method (aggregate-indebtedness or alternative)"
                ) from None
            if old == new:
                return False
            self.check_settings_open(name)
            self.method = new
        elif name == "minimum_dollar":
            old = self.minimum_dollar
            if not isinstance(value, Decimal) or value < 0:
                raise WorkbookError(f"{value!r} is not a dollar minimum")
            new = value
            if old == new:
                return False
            self.check_settings_open(name)
            self.minimum_dollar = new
        else:
            raise WorkbookError(f"{name!r} is not a workbook setting")
        self._log("profile", "", name, getattr(old, "value", old), getattr(new, "value", new),
                  _source(source, source_ref))
        return True

    def set_trial_balance(self, month: str, tb: TrialBalance | None, *,
                          source: str = "typed", source_ref: str = "") -> bool:
        """Keep (or drop, with None) the month's imported trial balance; a dropped one is
        logged with `source`, `source_ref`."""
        self.check_month(month)
        if tb is not None and tb.basis not in ("ytd", "period"):
            raise WorkbookError(f"{tb.basis!r} is not a trial-balance basis (ytd or period)")
        if tb is not None:
            check_text("file_name", tb.file_name)
            check_text("sheet", tb.sheet)
        old = self.trial_balances.get(month)
        if old == tb:
            return False
        self.check_open(month)
        if tb is None:
            del self.trial_balances[month]
        else:
            self.trial_balances[month] = tb
        self._log("import" if tb is not None else "clear", month, "TB", _describe_tb(old),
                  _describe_tb(tb),
                  tb.source_ref if tb is not None else _source(source, source_ref))
        return True

    def set_tb_mapping(self, rows: tuple[MappingRow, ...], *, source: str = "typed",
                       source_ref: str = "") -> bool:
        """Replace the trial-balance account mapping. The audit log gets one entry for
        each account (or range, or prefix) whose rules changed — target ``TB mapping
        <account>``, old → new as ``<code> <sign>`` — or, when only their order did, one
        for the order; each with `source`, `source_ref`."""
        rows = tuple(rows)
        for n, r in enumerate(rows, start=1):
            if r.sign not in ("", "+", "-"):
                raise WorkbookError(f"{r.sign!r} is not a mapping sign (+, - or blank)")
            check_text("mapping", r.account, f"mapping rule {n}")
        if rows == self.tb_mapping:
            return False
        old = self.tb_mapping
        self.tb_mapping = rows
        detail = _source(source, source_ref)
        old_by: dict[str, list[MappingRow]] = {}
        new_by: dict[str, list[MappingRow]] = {}
        for rules, by in ((old, old_by), (rows, new_by)):
            for r in rules:
                by.setdefault(r.account, []).append(r)
        logged = False
        for account in {**old_by, **new_by}:  # the old order, then the accounts added
            before = _describe_rules(old_by.get(account, []))
            after = _describe_rules(new_by.get(account, []))
            if before != after:
                self._log("mapping", "", f"TB mapping {account}", before, after, detail)
                logged = True
        if not logged:
            self._log("mapping", "", "TB mapping order", f"{len(old)} rules",
                      f"{len(rows)} rules, reordered", detail)
        return True

    def set_filings(self, filings: tuple[StoredFiling, ...], *, source: str = "typed",
                    source_ref: str = "") -> bool:
        """Replace the stored Daily Seg filings (kept in end-date order); the audit entry
        names the filings added (their files and SHA-256s), or `source`, `source_ref`
        when only some are removed."""
        if not isinstance(filings, tuple) or not all(
                isinstance(f, StoredFiling) for f in filings):
            raise WorkbookError("the stored filings must be a tuple of StoredFiling")
        for f in filings:
            check_text("file_name", f.file_name)
        filings = tuple(sorted(filings, key=lambda f: (f.end_date, f.imported_at,
                                                      f.sha256)))
        if filings == self.filings:
            return False
        old = self.filings
        self.filings = filings
        added = {f.sha256 for f in filings} - {f.sha256 for f in old}
        kept = {f.sha256 for f in filings}
        parts = [*(f.source_ref for f in filings if f.sha256 in added),
                 *(f"removed {f.source_ref}" for f in old if f.sha256 not in kept)]
        if not added:
            parts.insert(0, _source(source, source_ref))
        self._log("filing", "", "Daily Seg filings", _describe_filings(old),
                  _describe_filings(filings), "; ".join(p for p in parts if p))
        return True

    def set_worksheet(self, month: str, kind: str, stored: StoredWorksheet | None, *,
                      source: str = "typed", source_ref: str = "") -> bool:
        """Keep (or drop, with None) the month's inputs of worksheet `kind`; logged with
        the file's name and SHA-256 (a dropped one with `source`, `source_ref`)."""
        self.check_month(month)
        if kind not in WORKSHEET_KINDS or (stored is not None and stored.kind != kind):
            raise WorkbookError(f"{kind!r} is not a worksheet ({', '.join(WORKSHEET_KINDS)})")
        if stored is not None:
            check_text("file_name", stored.file_name)
        old = self.worksheets.get((month, kind))
        if old == stored:
            return False
        self.check_open(month)
        if stored is None:
            del self.worksheets[(month, kind)]
        else:
            self.worksheets[(month, kind)] = stored

        def describe(w: StoredWorksheet | None) -> str:
            return "" if w is None else f"{w.file_name} ({len(w.rows)} rows)"

        self._log("import" if stored is not None else "clear", month, f"Worksheet {kind}",
                  describe(old), describe(stored),
                  stored.source_ref if stored is not None else _source(source, source_ref))
        return True

    def set_close(self, month: str, state: MonthClose, *, action: str, old: str, new: str,
                  detail: str = "") -> None:
        """Record a step of the month close (`focusdesk.close.month_close`: approve, file, amend) —
        never undone, always in the audit log: `action`, the status `old` → `new` and
        `detail` (the reviewer and note, the filed date and reference, an override's or
        an amendment's reason)."""
        self.check_month(month)
        if state == MonthClose():
            self.close.pop(month, None)
        else:
            self.close[month] = state
        self._log(action, month, "status", old, new, detail)
