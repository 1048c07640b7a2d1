"""Worksheet commands: ``haircuts`` and ``reserve``.

``focusdesk haircuts FILE POSITIONS --month MON [--dry-run] [--json]`` computes the
Rule 15c3-1(c)(2)(vi) haircuts of the positions file (CSV or xlsx: id, description,
category, maturity, market_value; optional issuer, quantity, market_makers, principal)
as of the month's last day, (M) on the month's line 17, and sets line 18 [3740], 30a
[850], 30b [1620] and 32a [5371] as one step with the file's name and SHA-256.

``focusdesk reserve FILE ITEMS --month MON [--daily] [--monthly-computer] [--dry-run]
[--json]`` computes Exhibit A of Rule 15c3-3 from the items file (``item,amount``: 1 … 15,
E1, E2, E4, E5, E6) on the workbook's method and sets line 26 [4430], 27 [4472] and, on
the alternative method, 23b [4470]; exit 1 when line 28 falls short of the requirement.

Any failure: one sentence naming the file, row and column, exit 2, the workbook
unchanged.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from ..base.money import format_amount, plain
from ..base.safetext import say
from ..document.lock import WorkbookLock
from ..document.store import load, save
from ..form.catalog import PART_I
from ..model.workbook import Workbook, WorkbookError
from ..worksheets import WorksheetError
from ..worksheets.haircuts import HaircutResult
from ..worksheets.inputs import read_items, read_positions
from ..worksheets.month import Prepared, apply, prepare_haircuts, prepare_reserve
from ..worksheets.reserve import ITEMS, KEYS, ReserveResult
from . import add_command
from .common import EXIT_FINDINGS, EXIT_OK, CliError, existing_workbook, month_arg

LISTED = 100  # positions listed one by one; beyond them, a count
T = TypeVar("T")


def _money(value: object) -> str:
    return format_amount(value, places=2)  # type: ignore[arg-type]


Prepare = Callable[[Workbook], tuple[object, Prepared]]


def _run(args: argparse.Namespace, prepare: Prepare
         ) -> tuple[object, list[tuple[str, Decimal | None, Decimal]]]:
    """The worksheet's result and its line changes (code, old, new); applied and saved
    unless --dry-run — all or nothing, under the workbook's lock."""
    path = existing_workbook(args.file)
    try:
        with WorkbookLock(path):
            wb, state = load(path)
            result, prepared = prepare(wb)
            changes = prepared.changes(wb)
            if not args.dry_run and apply(wb, prepared):
                save(wb, path, state)
    except (WorksheetError, WorkbookError) as exc:
        raise CliError(str(exc)) from None
    return result, changes


def _summary(verb: str, what: str, result_text: str,
             changes: list[tuple[str, Decimal | None, Decimal]]) -> list[str]:
    changed = sum(old != new for _, old, new in changes)
    out = [f"{verb} {what}{result_text}: {changed} line(s) "
           f"{'would change' if verb.startswith('Would') else 'changed'}"]
    for code, old, new in changes:
        out.append(f"    line {PART_I.by_code[code].line:<4} [{code:>4}] {_money(new):>20}   was "
                   f"{'blank' if old is None else _money(old)}")
    return out


def _read(reader: Callable[[], T]) -> T:
    try:
        return reader()
    except WorksheetError as exc:
        raise CliError(str(exc)) from None


def cmd_haircuts(args: argparse.Namespace) -> int:
    positions, source = _read(lambda: read_positions(args.positions))
    result, changes = _run(args, lambda wb: prepare_haircuts(wb, args.month, positions,
                                                             source))
    assert isinstance(result, HaircutResult)
    if args.json:
        print(json.dumps(result.as_json(args.month), indent=2, ensure_ascii=False))
        return EXIT_OK
    say(*_summary("Would set" if args.dry_run else "Set",
                  f"the haircuts of {source.file_name} (sha256 {source.sha256[:12]}…) into "
                  f"{args.month}",
                  f", as of {result.as_of.isoformat()}, {len(result.positions)} position(s)",
                  changes),
        f"  Tentative net capital (line 17): {_money(result.tentative_net_capital)}",
        "  Categories:")
    for c in result.categories:
        extra = f"  of which (M) {_money(c.concentration)}" if c.concentration else ""
        apart = "  — not in line 18: a line-13 deduction" if not c.category.line18 else ""
        say(f"    {c.category.name:<24} {c.category.paragraph:<18} long {_money(c.long):>18}"
            f"  short {_money(c.short):>18}  deduction {_money(c.deduction):>16}{extra}{apart}")
    if result.concentrations:
        say("  Undue concentration ((c)(2)(vi)(M)):")
        for m in result.concentrations:
            say(f"    {m.issuer[:40]:<40} {m.category:<20} {_money(m.market_value):>18}  above "
                f"{_money(m.threshold)} and {_money(m.floor)}: {_money(m.excess)} excess, "
                f"{_money(m.charge)}")
    say(f"  Positions ({len(result.positions)}):")
    for r in result.positions[:LISTED]:
        band = f", {r.band}" if r.band else ""
        say(f"    {r.position.id[:16]:<16} {r.position.description[:30]:<30} "
            f"{_money(r.position.market_value):>18}  {r.paragraph}{band}, "
            f"{plain(r.rate * 100)} %: {_money(r.deduction)}")
    if len(result.positions) > LISTED:
        say(f"    … and {len(result.positions) - LISTED:,} more")
    if result.no_ready_market:
        say(f"  No ready market: {_money(result.no_ready_market)} — a deduction belonging "
            "to line 13 ((c)(2)(vii), 100 % of carrying value), not in line 18 and not set.")
    say("  Not applied:", *(f"    {n}" for n in result.not_applied))
    say("  Uncertain:", *(f"    {n}" for n in result.uncertain))
    for w in result.warnings:
        say(f"  Warning: {w}.")
    return EXIT_OK


def cmd_reserve(args: argparse.Namespace) -> int:
    items, source = _read(lambda: read_items(args.items, KEYS))
    result, changes = _run(args, lambda wb: prepare_reserve(
        wb, args.month, items, source, daily=args.daily, monthly=args.monthly_computer))
    assert isinstance(result, ReserveResult)
    code = EXIT_FINDINGS if result.deficiency else EXIT_OK
    if args.json:
        print(json.dumps(result.as_json(args.month), indent=2, ensure_ascii=False))
        return code
    say(*_summary("Would set" if args.dry_run else "Set",
                  f"the reserve formula of {source.file_name} (sha256 {source.sha256[:12]}…) "
                  f"into {args.month}", f", {result.method_text}", changes))
    labels = {i.key: i.label for i in ITEMS}
    for key in KEYS:
        if key in result.items:
            say(f"    item {key:<4} {_money(result.items[key]):>20}  {labels[key][:70]}")
    cut = ("2 %" if result.daily else "3 %") if result.alternative else "Note E(3) 1 %"
    rows = [("Total credits (items 1–9, line 26)", result.credits),
            ("Total debits (items 10–15)", result.debits),
            ("Note E reductions of item 10", result.reductions),
            (f"{cut} reduction", result.percent_reduction),
            ("Net debits (line 27)", result.debits_net),
            ("Requirement" + (" (105 %, a monthly computer)" if result.monthly else ""),
             result.requirement),
            ("Line 28, on deposit", result.deposit)]
    for label, value in rows:
        say(f"  {label:<44} {'blank' if value is None else _money(value):>20}")
    if result.deficiency:
        say(f"  Deficiency: line 28 is {_money(result.deficiency)} short of the requirement — "
            "Rule 15c3-3(i): notify the Commission and the examining authority immediately.")
    say("  Uncertain:", *(f"    {n}" for n in result.uncertain))
    for w in result.warnings:
        say(f"  Warning: {w}.")
    return code


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    h = add_command(sub, "haircuts")
    h.add_argument("file", metavar="FILE", help="the .focus workbook")
    h.add_argument("positions", metavar="POSITIONS", help="the positions (CSV or xlsx)")
    h.add_argument("--month", required=True, type=month_arg, help="JAN … DEC")
    h.add_argument("--dry-run", action="store_true", help="show what would change; change "
                   "nothing")
    h.add_argument("--json", action="store_true", help="print the result as JSON")
    h.set_defaults(func=cmd_haircuts)

    r = add_command(sub, "reserve")
    r.add_argument("file", metavar="FILE", help="the .focus workbook")
    r.add_argument("items", metavar="ITEMS", help="Exhibit A items (CSV or xlsx: item, "
                   "amount)")
    r.add_argument("--month", required=True, type=month_arg, help="JAN … DEC")
    r.add_argument("--daily", action="store_true", help="a daily computation (the "
                   "alternative method's 2 %% instead of 3 %%)")
    r.add_argument("--monthly-computer", action="store_true", help="a monthly computer "
                   "(Rule 15c3-3(e)(3)(i)(C)): 105 %% of the amount computed")
    r.add_argument("--dry-run", action="store_true", help="show what would change; change "
                   "nothing")
    r.add_argument("--json", action="store_true", help="print the result as JSON")
    r.set_defaults(func=cmd_reserve)
