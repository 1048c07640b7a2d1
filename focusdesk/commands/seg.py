"""Daily Seg commands: ``seg-check`` and ``seg-import``.

``focusdesk seg-check FILING [--json]`` reads a WinJammer Daily Seg filing (text,
Markdown, HTML or PDF) and foots its three statements: exit 0 when every total foots
(absent codes are listed but do not fail on their own), 1 when a total does not foot or
a deficiency is reported, 2 when the file is not a readable Daily Seg filing.

``focusdesk seg-import FILE FILING [--month MON] [--force]`` stores the filing in the
workbook and sets item 29a [7060] / 29b [7180] of the month of its End Date (or MON)
with provenance; a filing that does not foot is stored but flagged, and sets item 29
only with ``--force`` (exit 1 without it). Any failure: one sentence, exit 2, the
workbook unchanged.
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..base.money import format_amount, plain
from ..base.safetext import say
from ..document.files import read_input
from ..document.lock import WorkbookLock
from ..document.store import load, save
from ..form.catalog import MONTHS
from ..model.workbook import WorkbookError
from ..seg import SegError
from ..seg.footing import check, report_text
from ..seg.importer import apply, prepare
from ..seg.reader import MAX_FILE_BYTES, read_filing_file
from . import add_command
from .common import EXIT_FINDINGS, EXIT_OK, CliError, existing_workbook, month_arg

_NUMBER = "\x00number:"


def dumps_exact(doc: Any) -> str:
    """JSON with every Decimal written as a JSON number, digit for digit (never through a
    binary float): 1477842848, -4161, 12.5."""

    def mark(value: Any) -> Any:
        if isinstance(value, Decimal):
            return _NUMBER + plain(value)
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(doc), indent=2, ensure_ascii=False)
    return re.sub(r'"\\u0000number:(-?[0-9]+(?:\.[0-9]+)?)"', r"\1", text)


def cmd_seg_check(args: argparse.Namespace) -> int:
    try:
        filing, _ = read_filing_file(args.filing)
    except SegError as exc:
        raise CliError(str(exc)) from None
    footing = check(filing)
    if args.json:
        print(dumps_exact(footing.as_json()))
    else:
        say(*report_text(footing).split("\n"))
    return EXIT_OK if footing.ok else EXIT_FINDINGS


def cmd_seg_import(args: argparse.Namespace) -> int:
    path = existing_workbook(args.file)
    try:
        data = read_input(args.filing, SegError, limit=MAX_FILE_BYTES, what="filings")
        with WorkbookLock(path):
            wb, state = load(path)
            imp = prepare(wb, data, Path(args.filing).name, month=args.month,
                          force=args.force)
            changed = apply(wb, imp)
            if changed:
                save(wb, path, state)
    except (SegError, WorkbookError) as exc:
        raise CliError(str(exc)) from None
    f = imp.filing
    out = [f"Stored {f.name} (sha256 {f.sha256[:12]}…) in {path.name}: {f.header.firm}, "
           f"End Date {f.header.end_date:%m/%d/%Y}, {imp.footing.status}."]
    if imp.sets_item_29:
        for ch in imp.changes:
            line = wb.form.by_code[ch.code].line
            was = "blank" if ch.current is None else format_amount(ch.current)
            out.append(f"  {imp.month} line {line} [{ch.code}] {format_amount(ch.new):>18}"
                       f"   was {was}")
    out += [f"  Warning: {w}." for w in imp.warnings]
    if not changed:
        out.append("  Nothing changed: the workbook already holds this filing and item 29.")
    say(*out)
    return EXIT_OK if imp.sets_item_29 else EXIT_FINDINGS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    c = add_command(sub, "seg-check")
    c.add_argument("filing", metavar="FILING")
    c.add_argument("--json", action="store_true", help="print {firm, end_date, values, "
                   "mismatches, missing} as JSON (amounts as exact JSON numbers)")
    c.set_defaults(func=cmd_seg_check)

    i = add_command(sub, "seg-import")
    i.add_argument("file", metavar="FILE", help="the .focus workbook")
    i.add_argument("filing", metavar="FILING")
    i.add_argument("--month", type=month_arg, choices=MONTHS, metavar="MON",
                   help="the month whose item 29 to set (default: the filing's End Date)")
    i.add_argument("--force", action="store_true",
                   help="set item 29 even from a filing that does not foot")
    i.set_defaults(func=cmd_seg_import)
