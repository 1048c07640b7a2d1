"""The workbook's own commands: `compute`, `new`, `import-json`, `export-json`, `check`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ..base.atomicfile import write_atomically
from ..base.money import AmountError, parse_amount
from ..base.safetext import say
from ..calculation.checks import run_checks
from ..calculation.engine import compute
from ..document.files import guard_output
from ..document.lock import WorkbookLock
from ..document.store import load, save
from ..form.catalog import Method
from ..formats.jsonio import dumps, loads, merge_into, to_json, workbook_from_json
from ..model.records import file_source_ref
from ..model.workbook import Workbook
from . import add_command
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    CliError,
    date_arg,
    decode,
    existing_workbook,
    read_bytes,
    read_text,
    year_arg,
)


def cmd_compute(args: argparse.Namespace) -> int:
    data = loads(read_text(args.input), where=args.input)
    wb = workbook_from_json(data, where=args.input)
    print(dumps(to_json(wb, compute(wb, args.units))))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.exists():
        raise CliError(f"{args.file} already exists; choose another name")
    wb = Workbook()
    try:
        minimum = parse_amount(args.minimum)
    except AmountError as exc:
        raise CliError(f"--minimum: {exc}") from None
    if minimum is None or minimum < 0:
        raise CliError("--minimum must be a positive dollar amount")
    wb.set_profile("firm.name", args.firm)
    wb.set_profile("year", args.year)
    wb.set_profile("method", args.method)
    wb.set_profile("minimum_dollar", minimum)
    wb.check_capital_basis()
    with WorkbookLock(path):  # two `new` at once: one creates it, the other is refused
        if path.exists():
            raise CliError(f"{args.file} already exists; choose another name")
        save(wb, path)
    say(f"Created {path} for {args.firm}, {args.year} ({args.method}, minimum "
        f"${minimum:,.0f}).")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    path = existing_workbook(args.file)
    raw = read_bytes(args.input)
    data = loads(decode(raw, args.input), where=args.input)
    import hashlib  # here: OpenSSL takes milliseconds to load, and the window needs none

    digest = hashlib.sha256(raw).hexdigest()  # of the file as it is, byte for byte
    with WorkbookLock(path):
        wb, state = load(path)
        changed = merge_into(wb, data, where=args.input, source="imported",
                             source_ref=file_source_ref(Path(args.input).name, digest))
        if changed:
            save(wb, path, state)
    say(f"Imported {args.input} into {path.name}: {changed} value(s) changed.")
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    wb, _ = load(existing_workbook(args.file))
    text = dumps(to_json(wb, compute(wb, args.units)))
    if args.output and args.output != "-":
        try:
            write_atomically(guard_output(args.output, opened=[args.file]),
                             (text + "\n").encode("utf-8"))
        except OSError as exc:
            raise CliError(f"{args.output} could not be written: {exc.strerror}") from None
    else:
        print(text)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    wb, _ = load(existing_workbook(args.file))
    # A month due before the date and not filed is a warning (Rule 17a-5(a)(2)(i)).
    findings = run_checks(wb, today=args.as_of or date.today())
    if not findings:
        say(f"{Path(args.file).name}: no findings.")
    for f in findings:
        where = f"line {f.line}" + (f" [{f.item}]" if not f.item.startswith("B-") else "")
        if f.item.startswith("B-"):
            where = f"Schedule B line {f.line}"
        say(f"{f.month}  {f.severity.upper():7}  {where}: {f.message}  ({f.rule})")
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    if findings:
        print(f"{errors} error(s), {warnings} warning(s), "
              f"{len(findings) - errors - warnings} note(s).")
    return EXIT_FINDINGS if errors else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    units = {"choices": ("dollars", "thousands"), "default": "dollars",
             "help": "dollars as entered (default) or the form's $000 view"}

    c = add_command(sub, "compute")
    c.add_argument("input", metavar="INPUT.json", help="workbook JSON ('-' for stdin)")
    c.add_argument("--units", **units)
    c.set_defaults(func=cmd_compute)

    n = add_command(sub, "new")
    n.add_argument("file", metavar="FILE")
    n.add_argument("--firm", required=True, help="name of broker-dealer")
    n.add_argument("--year", required=True, type=year_arg)
    n.add_argument("--method", choices=[m.value for m in Method],
                   default=Method.AGGREGATE_INDEBTEDNESS.value)
    n.add_argument("--minimum", default="250000", metavar="DOLLARS",
                   help="dollar minimum under Rule 15c3-1(a)(2) (default 250000)")
    n.set_defaults(func=cmd_new)

    i = add_command(sub, "import-json")
    i.add_argument("file", metavar="FILE")
    i.add_argument("input", metavar="INPUT.json")
    i.set_defaults(func=cmd_import_json)

    e = add_command(sub, "export-json")
    e.add_argument("file", metavar="FILE")
    e.add_argument("-o", "--output", metavar="OUT")
    e.add_argument("--units", **units)
    e.set_defaults(func=cmd_export_json)

    k = add_command(sub, "check")
    k.add_argument("file", metavar="FILE")
    k.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD",
                   help="the date months due and not filed are judged by (default today)")
    k.set_defaults(func=cmd_check)
