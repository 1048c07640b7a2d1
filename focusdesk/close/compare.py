"""Compare a month with another version of it, the prior month or another workbook's
month (Qt-free): the variance review before approval, and "what changed since we filed".

A `Side` is one set of figures of a month — as it stands (`current_side`), as filed
(`version_side`: the version's stored record, never recomputed), another month, or the
same month of another workbook (last year's). `compare` puts two sides line by line —
every Schedule A line the catalog declares, every Schedule B cell with its totals, and
line 10 — with both values, the difference and the change in % of the other value;
a line whose change reaches the threshold (or that has no other value to measure it
against) is flagged. `Comparison.as_json` is the command line's contract
``{"month", "against", "lines": [{"code", "line", "current", "other", "difference"}]}``
(every line that differs, amounts in dollars as decimal strings); `csv_text` and
`comparison_pdf` write it for people.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..base.money import CENT, format_amount, plain, round_half_away
from ..calculation.engine import Computation, compute
from ..form.catalog import MONTHS, BKind, Form, Unit
from ..model.workbook import FiledVersion, Workbook
from .month_close import CloseError, find_version, version_data

DEFAULT_THRESHOLD = Decimal(10)  # percent
ANSWER_CODE = "B:10"
Value = Decimal | str | None


@dataclass(frozen=True)
class LineDef:
    code: str  # Schedule A item code; "B:<line>:<column>" for Schedule B; "B:10"
    line: str  # as printed: "23a"; "B 5A L IV" for a Schedule B cell
    label: str
    unit: Unit


def line_defs(form: Form) -> tuple[LineDef, ...]:
    """Every line a comparison reads, from the catalog, in the form's order."""
    out = [LineDef(i.code, i.line, i.label, i.unit) for i in form.items if i.code]
    columns = {c.key: c for c in form.schedule_b_columns}
    for b in form.schedule_b_lines:
        if b.kind is BKind.QUESTION:
            out.append(LineDef(ANSWER_CODE, f"B {b.key}", f"Schedule B {b.label}", Unit.COUNT))
        elif b.kind in (BKind.INPUT, BKind.TOTAL):
            label = f"Schedule B {b.number} {b.label}".replace("  ", " ")
            for key, col in columns.items():
                if b.takes(key):
                    out.append(LineDef(f"B:{b.key}:{key}", f"B {b.key} {key}",
                                       f"{label}, column {key}", col.unit))
    return tuple(out)


@dataclass(frozen=True)
class Side:
    """One month's figures: what `label` says they are, by line code."""

    month: str
    label: str
    values: dict[str, Value]


def current_side(wb: Workbook, month: str, comp: Computation | None = None, *,
                 label: str = "") -> Side:
    comp = comp if comp is not None and comp.units == "dollars" else compute(wb)
    res = comp.months[month]
    values: dict[str, Value] = dict(res.values)
    for key, cols in res.schedule_b.items():
        for col, v in cols.items():
            values[f"B:{key}:{col}"] = v
    values[ANSWER_CODE] = {True: "yes", False: "no", None: None}[res.answer]
    frozen = " (filed)" if wb.frozen(month) else ""
    return Side(month, label or f"{month} {wb.year}{frozen}", values)


def version_side(version: FiledVersion, year: int) -> Side:
    """A filed version's figures from its stored record (as filed, not recomputed)."""
    data = version_data(version)
    computed = data["computed"]
    values: dict[str, Value] = {c: None if v is None else Decimal(v)
                                for c, v in computed["items"].items()}
    for key, cols in computed["schedule_b"].items():
        for col, v in cols.items():
            values[f"B:{key}:{col}"] = None if v is None else Decimal(v)
    values[ANSWER_CODE] = computed.get("schedule_b_answer")
    return Side(version.month, f"{version.month} {year} {version.title.lower()} as filed "
                f"{version.filed_date}", values)


@dataclass(frozen=True)
class Row:
    line: LineDef
    current: Value
    other: Value
    threshold: Decimal

    @property
    def differs(self) -> bool:
        return self.current != self.other

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.current, Decimal) and isinstance(self.other, Decimal):
            return self.current - self.other
        return None

    @property
    def percent(self) -> Decimal | None:
        """The change in % of the other value (None when it is zero, blank or N/A)."""
        d = self.difference
        if d is None or not isinstance(self.other, Decimal) or self.other == 0:
            return None
        return round_half_away(d / abs(self.other) * 100, CENT)

    @property
    def over(self) -> bool:
        """Flagged for review: it differs, and by the threshold or more — or there is no
        other value to measure the change against."""
        if not self.differs:
            return False
        p = self.percent
        return p is None or abs(p) >= self.threshold


def value_text(value: Value, unit: Unit) -> str | None:
    """A value as the JSON and CSV write it: dollars as decimal strings, percent lines to
    two places."""
    if value is None or isinstance(value, str):
        return value
    if unit is Unit.PERCENT:
        return f"{value.quantize(CENT)}"
    return plain(value)


def shown(value: Value, unit: Unit) -> str:
    """A value for people: "1,234.56", "(12.00)", "N/A", "89.75 %"."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value.capitalize()
    if unit is Unit.PERCENT:
        return f"{format_amount(value, places=2)} %"
    if unit is Unit.COUNT:
        return format_amount(value, places=0 if value == value.to_integral_value() else 2)
    return format_amount(value, places=2)


@dataclass
class Comparison:
    current: Side
    other: Side
    against: str  # what the other side is, as the command line names it
    rows: list[Row]
    threshold: Decimal = DEFAULT_THRESHOLD
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def differing(self) -> list[Row]:
        return [r for r in self.rows if r.differs]

    def as_json(self) -> dict[str, Any]:
        """The command line's contract: every line that differs."""
        return {"month": self.current.month, "against": self.against,
                "lines": [{"code": r.line.code, "line": r.line.line,
                           "current": value_text(r.current, r.line.unit),
                           "other": value_text(r.other, r.line.unit),
                           "difference": value_text(r.difference, r.line.unit)}
                          for r in self.differing]}

    def csv_text(self, *, all_lines: bool = False) -> str:
        """The lines (those that differ, or all) as CSV: amounts as numbers in dollars."""
        from ..base.safetext import csv_text

        def number(value: Value) -> object:
            return "" if value is None else value

        rows: list[Sequence[object]] = [
            ("code", "line", "label", self.current.label, self.other.label, "difference",
             "change_percent", "over_threshold")]
        for r in self.rows if all_lines else self.differing:
            rows.append((r.line.code, r.line.line, r.line.label, number(r.current),
                         number(r.other), number(r.difference), number(r.percent),
                         "yes" if r.over else "no"))
        return csv_text(rows)


def compare(current: Side, other: Side, form: Form, *, against: str = "",
            threshold: Decimal = DEFAULT_THRESHOLD) -> Comparison:
    rows = [Row(d, current.values.get(d.code), other.values.get(d.code), threshold)
            for d in line_defs(form)]
    return Comparison(current, other, against, rows, threshold)


# -- what the other side is ------------------------------------------------------------
OpenWorkbook = Callable[[str], Workbook]


def default_against(wb: Workbook, month: str) -> str:
    """A reopened month against what was filed; any other month against the prior one."""
    mc = wb.month_close(month)
    if mc.reopened is not None and mc.versions:
        return "filed"
    index = MONTHS.index(month)
    if index == 0:
        raise CloseError(f"JAN has no prior month in {wb.year}'s workbook; compare it with "
                         "last year's December (--against LAST.focus:DEC)")
    return MONTHS[index - 1]


def split_other(spec: str) -> tuple[str, str | None]:
    """"last.focus:MAR" → ("last.focus", "MAR"); "C:\\x.focus" → ("C:\\x.focus", None)."""
    head, sep, tail = spec.rpartition(":")
    if sep and tail.strip().upper()[:3] in MONTHS and len(tail.strip()) >= 3 and head:
        return head, tail.strip().upper()[:3]
    return spec, None


def other_side(wb: Workbook, month: str, spec: str, comp: Computation | None = None, *,
               open_workbook: OpenWorkbook | None = None) -> tuple[Side, str]:
    """The other side named by `spec` — "filed", "original", "amendment-N", a month of
    the same workbook, or ``OTHER.focus[:MON]`` — and its normalized name."""
    key = spec.strip()
    low = key.lower()
    if low in ("filed", "latest", "original") or low.startswith("amendment-"):
        version = find_version(wb, month, low)
        return version_side(version, wb.year), low
    if key.upper()[:3] in MONTHS and len(key) <= 9 and key.isalpha():
        other = key.upper()[:3]
        return current_side(wb, other, comp), other
    path, other_month = split_other(key)
    if open_workbook is None:
        raise CloseError(f"{spec!r} is not a version (filed, original, amendment-N), a "
                         "month or a workbook")
    theirs = open_workbook(path)
    m = other_month or month
    from pathlib import Path

    name = Path(path).name
    return (current_side(theirs, m, label=f"{m} {theirs.year} ({name})"),
            f"{name}:{m}")


def compare_month(wb: Workbook, month: str, against: str | None = None, *,
                  version: str | None = None, comp: Computation | None = None,
                  open_workbook: OpenWorkbook | None = None,
                  threshold: Decimal = DEFAULT_THRESHOLD) -> Comparison:
    """`month` as it stands (or its filed `version`) against `against` (see
    `other_side`; by default `default_against`)."""
    wb.check_month(month)
    comp = comp if comp is not None and comp.units == "dollars" else compute(wb)
    if version:
        current = version_side(find_version(wb, month, version), wb.year)
    else:
        current = current_side(wb, month, comp)
    spec = against or default_against(wb, month)
    other, name = other_side(wb, month, spec, comp, open_workbook=open_workbook)
    result = compare(current, other, wb.form, against=name, threshold=threshold)
    result.title = f"{current.label} compared with {other.label}"
    result.meta = {"firm": wb.firm.name, "year": str(wb.year)}
    return result


# -- the comparison printed ---------------------------------------------------------------
def comparison_pages(cmp: Comparison, *, all_lines: bool = False) -> list:
    """The comparison as display lists (`focusdesk.formats.pdf.drawing`): landscape Letter, a
    row a line, the flagged ones shaded."""
    from ..formats.pdf.drawing import LETTER, Page, wrap

    width, height = LETTER[1], LETTER[0]
    left, right, top, bottom = 40.0, width - 40.0, 40.0, height - 40.0
    columns = (("LINE", 46.0, "left"), ("CODE", 52.0, "left"), ("LABEL", 276.0, "left"),
               ("CURRENT", 96.0, "right"), ("OTHER", 96.0, "right"),
               ("DIFFERENCE", 96.0, "right"), ("CHANGE", 50.0, "right"))
    rows = cmp.rows if all_lines else cmp.differing
    pages: list = []

    def new_page() -> tuple[Any, float]:
        page = Page(cmp.title, "compare", (cmp.current.month,), width, height)
        y = top
        page.text(left, y + 12, "Comparison — not part of Form X-17A-5", 12, bold=True)
        firm = cmp.meta.get("firm") or "Broker-dealer"
        page.text(right, y + 12, firm, 9, align="right")
        y += 18
        for text in wrap(f"Current: {cmp.current.label}. Other: {cmp.other.label}.",
                         right - left, 8):
            y += 10
            page.text(left, y, text, 8)
        y += 10
        page.text(left, y, f"{len(cmp.differing)} line(s) differ; shaded: a change of "
                  f"{cmp.threshold} % or more, or with no other value to measure it by. "
                  "Amounts in dollars.", 8, gray=0.3)
        y += 14
        x = left
        for name, w, align in columns:
            page.text(x + (w - 3 if align == "right" else 2), y, name, 7, bold=True,
                      align=align)  # type: ignore[arg-type]
            x += w
        page.line(left, y + 3, right, y + 3, 0.6)
        pages.append(page)
        return page, y + 3

    page, y = new_page()
    if not rows:
        page.text(left + 2, y + 12, "No line differs.", 8)
    for r in rows:
        if y + 11 > bottom:
            page, y = new_page()
        if r.over:
            page.rect(left, y + 1, right - left, 10, stroke=None, fill=0.88)
        p = r.percent
        cells = (r.line.line, r.line.code, r.line.label, shown(r.current, r.line.unit),
                 shown(r.other, r.line.unit),
                 "—" if r.difference is None else shown(r.difference, r.line.unit),
                 "—" if p is None else f"{format_amount(p, places=2)} %")
        x = left
        for (_name, w, align), text in zip(columns, cells, strict=True):
            page.text(x + (w - 3 if align == "right" else 2), y + 9, text, 7,
                      align=align, fit=w - 5)  # type: ignore[arg-type]
            x += w
        y += 11
    for number, pg in enumerate(pages, start=1):
        pg.text(right, bottom + 14, f"{number} of {len(pages)}", 7, align="right", gray=0.3)
    return pages


def comparison_pdf(cmp: Comparison, *, all_lines: bool = False) -> bytes:
    from ..formats.pdf.render import pdf_bytes

    return pdf_bytes(comparison_pages(cmp, all_lines=all_lines), title=cmp.title,
                     author=cmp.meta.get("firm", ""), subject="FOCUS Part I comparison")
