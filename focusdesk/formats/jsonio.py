"""The JSON shape the command line reads and writes (a contract other parts test against).

Input and output::

    {"firm": {"name", "id_no", "sec_file_no", "preparer", "phone"},
     "year": 2025, "method": "aggregate-indebtedness", "minimum_dollar": "250000",
     "months": {"JAN": {"items": {"3501": "1000000", ...},
                        "schedule_b": {"1": {"I": "2", "II": "12000", "IV": "12345"}, ...},
                        "schedule_b_answer": "yes"}}}

Amounts are dollars, as JSON numbers (parsed exactly, never through float) or decimal
strings; the output always uses decimal strings, null where a line is N/A or the month
is not reported. Percent lines are percents ("89.75").
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from ..base.money import CENT, AmountError, ascii_digits, parse_amount, plain
from ..base.safetext import quoted
from ..calculation.checks import run_checks
from ..calculation.engine import Computation, compute
from ..calculation.standing import standing
from ..form.catalog import EQUITY_START, MONTHS, BKind, Method, Unit
from ..model.workbook import Workbook, WorkbookError


class InputError(ValueError):
    """Bad JSON input; the message is one sentence naming what and where."""


# No amount, year or count needs more characters than this: a longer number (ten million
# digits) is refused before Decimal() or int() sees it — int() refuses strings of more
# than 4,300 digits. A short one with a huge exponent (1e999999999) is read, and refused
# where it is used, by `parse_amount`, which never does arithmetic on it.
_NUMBER_CHARS = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_hooks(where: str) -> dict[str, Any]:
    """json.loads's hooks that refuse what the JSON grammar allows but no FocusDesk
    document can mean: a key given twice in one object (json keeps the last silently,
    dropping, say, a whole "months" block), half a UTF-16 surrogate pair ("\\ud800",
    which no file can hold as text), numbers beyond any amount, NaN and Infinity."""

    def number(text: str) -> Decimal:
        if len(text) > _NUMBER_CHARS:
            raise InputError(f"{where} holds the number {quoted(text)}: more digits than "
                             "any amount FocusDesk reads")
        return Decimal(text)

    def check_strings(value: Any, key: str) -> None:
        if isinstance(value, str):
            if not value.isascii() and _SURROGATE.search(value):
                raise InputError(f"{where}: the text of {quoted(key)} holds half of a "
                                 "UTF-16 surrogate pair (a \\ud800-\\udfff escape alone), "
                                 "which is not a character")
        elif isinstance(value, list):
            for v in value:
                check_strings(v, key)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        for key, value in items:
            check_strings(key, key)
            check_strings(value, key)
        if len(obj) != len(items):
            seen: set[str] = set()
            for key, _ in items:
                if key in seen:
                    raise InputError(f"{where}: the key {quoted(key)} is given twice in one "
                                     "object; FocusDesk will not guess which one counts")
                seen.add(key)
        return obj

    def constant(text: str) -> None:
        raise InputError(f"{where} holds {text}, which is not a number (nor JSON)")

    return {"parse_float": number, "parse_int": number, "parse_constant": constant,
            "object_pairs_hook": pairs}


def loads(text: str, where: str = "input") -> Any:
    try:
        return json.loads(text, **_json_hooks(where))
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise InputError(f"{where} is nested too deeply to be a FocusDesk workbook") from None


def _amount(value: Any, where: str, *, places: int = 2) -> Decimal | None:
    try:
        return parse_amount(value, max_places=places)
    except AmountError as exc:
        raise InputError(f"{where}: {exc}") from None


def _year(value: Any, where: str) -> int:
    """A year as JSON gives it: a whole number, or its ASCII digits as text."""
    y = value
    if isinstance(y, str) and ascii_digits(y.strip()) and len(y.strip()) <= 4:
        y = Decimal(y.strip())
    elif isinstance(y, int) and not isinstance(y, bool):
        y = Decimal(y)
    if not isinstance(y, Decimal) or y != y.to_integral_value():
        raise InputError(f"{where} must be a whole number, not {quoted(y)}")
    if not 1990 <= y <= 2200:
        raise InputError(f"{where}: {quoted(y)} is not a plausible report year")
    return int(y)


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{where} must be a JSON object")
    return value


def merge_into(wb: Workbook, data: Any, *, where: str = "input",
               source: str = "json", source_ref: str = "") -> int:
    """Merge a JSON document into `wb` (values given replace those entered).

    Validates everything first and changes nothing if anything is wrong; returns the
    number of values that changed.
    """
    data = _obj(data, where)
    known = {"firm", "year", "method", "minimum_dollar", "months", "checks", "units", "form",
             "standing"}
    for key in data:
        if key not in known:
            raise InputError(f"{where}: unknown key {key!r}")
    # Our own output (`compute`, `export-json`) carries "units": reading it back takes
    # only what was entered — computed lines and a carried line 4 are skipped.
    ours = "units" in data
    if ours and data["units"] != "dollars":
        raise InputError(f"{where}.units is {data['units']!r}: only a dollars export can be "
                         "read back (export with --units dollars)")
    trial = wb.copy()
    changes = 0
    how = {"source": source, "source_ref": source_ref}  # for the audit log
    try:
        if "firm" in data:
            firm = _obj(data["firm"], f"{where}.firm")
            for key, value in firm.items():
                if key not in trial.firm.FIELDS:
                    raise InputError(f"{where}.firm: unknown field {key!r}")
                if value is not None and not isinstance(value, str | Decimal):
                    raise InputError(f"{where}.firm.{key} must be text")
                changes += trial.set_profile(f"firm.{key}", None if value is None
                                             else str(value), **how)
        if data.get("year") is not None:
            changes += trial.set_profile("year", _year(data["year"], f"{where}.year"), **how)
        if data.get("method") is not None:
            if not isinstance(data["method"], str) or data["method"] not in {
                    m.value for m in Method}:
                raise InputError(f"{where}.method must be 'aggregate-indebtedness' or "
                                 f"'alternative', not {quoted(data['method'])}")
            changes += trial.set_profile("method", data["method"], **how)
        if data.get("minimum_dollar") is not None:
            m = _amount(data["minimum_dollar"], f"{where}.minimum_dollar")
            if m is None or m < 0:
                raise InputError(f"{where}.minimum_dollar must be a positive dollar amount")
            changes += trial.set_profile("minimum_dollar", m, **how)
        if data.get("method") is not None or data.get("minimum_dollar") is not None:
            trial.check_capital_basis()  # the two together, once both are read
        months = _obj(data.get("months") or {}, f"{where}.months")
        for month, body in months.items():
            mwhere = f"{where}.months.{month}"
            if month not in MONTHS:
                raise InputError(f"{where}.months: {month!r} is not a month (JAN … DEC)")
            body = _obj(body, mwhere)
            carried = ours and _obj(body.get("sources") or {}, mwhere).get(
                EQUITY_START) == "carried"
            for key in body:
                if key not in ("items", "schedule_b", "schedule_b_answer", "active", "sources"):
                    raise InputError(f"{mwhere}: unknown key {key!r}")
            for code, raw in _obj(body.get("items") or {}, f"{mwhere}.items").items():
                iwhere = f"{mwhere}.items.{code}"
                item = trial.form.by_code.get(code)
                if item is None:
                    raise InputError(f"{iwhere}: {code!r} is not a Schedule A item code")
                if (ours and item.is_computed) or (carried and code == EQUITY_START):
                    continue
                if ours and body.get("sources") is not None and code not in body["sources"]:
                    continue  # a zero the engine filled in, not an entry
                if item.is_computed:
                    raise InputError(f"{iwhere}: item {code} (line {item.line}) is computed "
                                     "and cannot be given as input")
                value = _amount(raw, iwhere, places=4 if item.kind.value == "count" else 2)
                if value is not None:
                    changes += trial.set_item(month, code, value, source=source,
                                              source_ref=source_ref)
            for line, cols in _obj(body.get("schedule_b") or {},
                                   f"{mwhere}.schedule_b").items():
                bwhere = f"{mwhere}.schedule_b.{line}"
                b = trial.form.b_by_key.get(line)
                if b is None or b.kind is BKind.HEADING:
                    raise InputError(f"{bwhere}: {line!r} is not a Schedule B line")
                if b.kind is not BKind.INPUT:
                    if ours or all(v is None for v in _obj(cols, bwhere).values()):
                        continue
                    raise InputError(f"{bwhere}: Schedule B line {line} is "
                                     f"{'a total' if b.kind is BKind.TOTAL else 'a Yes/No'} "
                                     "and cannot be given as input")
                for col, raw in _obj(cols, bwhere).items():
                    if col not in trial.form.b_columns:
                        raise InputError(f"{bwhere}: {col!r} is not a column (I, II, III, IV)")
                    value = _amount(raw, f"{bwhere}.{col}", places=4 if col == "I" else 2)
                    if value is not None:
                        changes += trial.set_schedule_b(month, line, col, value, source=source,
                                                        source_ref=source_ref)
            if "schedule_b_answer" in body and body["schedule_b_answer"] is not None:
                ans = body["schedule_b_answer"]
                norm = str(ans).strip().lower() if isinstance(ans, str | bool) else None
                if isinstance(ans, bool):
                    norm = "yes" if ans else "no"
                if norm not in ("yes", "no"):
                    raise InputError(f"{mwhere}.schedule_b_answer must be 'yes' or 'no', "
                                     f"not {ans!r}")
                changes += trial.set_answer(month, norm == "yes", **how)
        if wb.close:  # a filed month reached through its carried line 4 (focusdesk.document.freeze)
            from ..document.freeze import check_merge

            check_merge(wb, trial)
    except WorkbookError as exc:
        raise InputError(f"{where}: {exc}") from None
    # Everything validated: apply at once.
    wb.__dict__.update(trial.__dict__)
    return changes


def workbook_from_json(data: Any, where: str = "input") -> Workbook:
    wb = Workbook()
    merge_into(wb, data, where=where)
    wb.audit.clear()  # a document made from JSON starts with no history of its own
    return wb


def _s(v: Decimal | None) -> str | None:
    return None if v is None else plain(v)


def _percent(v: Decimal | None) -> str | None:
    """A percent line always to two places, as the form prints it: "2.40", "1500.00"."""
    return None if v is None else f"{v.quantize(CENT)}"


def to_json(wb: Workbook, comp: Computation | None = None) -> dict[str, Any]:
    """The completed workbook: every month, every code, Schedule B with totals, the
    checks and each reported month's standing — the checks and the standing always from
    the dollar view, whatever the units of `comp`."""
    comp = comp or compute(wb)
    dollars = comp if comp.units == "dollars" else compute(wb)
    percent = {i.code for i in wb.form.items if i.unit is Unit.PERCENT}
    months: dict[str, Any] = {}
    for month in MONTHS:
        res = comp.months[month]
        sources = {code: e.source for code, e in wb.items[month].items()}
        if res.line4_carried:
            sources[EQUITY_START] = "carried"
        months[month] = {
            "active": res.active,
            "items": {code: _percent(v) if code in percent else _s(v)
                      for code, v in res.values.items()},
            "schedule_b": {line: {col: _s(v) for col, v in cols.items()}
                           for line, cols in res.schedule_b.items()},
            "schedule_b_answer": {True: "yes", False: "no", None: None}[res.answer],
            "sources": sources,
        }
    return {
        "firm": {k: getattr(wb.firm, k) for k in wb.firm.FIELDS},
        "year": wb.year,
        "method": wb.method.value,
        "minimum_dollar": plain(wb.minimum_dollar),
        "units": comp.units,
        "months": months,
        "checks": [f.as_dict() for f in run_checks(wb, dollars)],
        "standing": {month: s.as_json() for month, s in standing(dollars).items()},
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)
