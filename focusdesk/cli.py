"""The `focusdesk` command line.

``focusdesk [FILE]`` opens the desktop window; the sub-commands below work without Qt.
Their names, options and JSON shape are a contract later features test against.

Every failure is one sentence on stderr naming what and where, a non-zero exit, and no
traceback; a workbook is never changed by a command that fails.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import focusdesk

from .catalog import MONTHS, Method
from .checks import run_checks
from .engine import compute
from .files import guard_output, read_input
from .jsonio import InputError, dumps, loads, merge_into, to_json, workbook_from_json
from .money import AmountError, parse_amount
from .store import StoreError, WorkbookLock, load, reporting_damage, save
from .workbook import Workbook, WorkbookError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_USAGE):
        super().__init__(message)
        self.code = code


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return read_input(name, CliError)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CliError(f"{name} is not a UTF-8 text file") from None


def _read_text(name: str) -> str:
    return _decode(_read_bytes(name), name)


def _existing_workbook(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise CliError(f"{name} does not exist")
    return path


def cmd_compute(args: argparse.Namespace) -> int:
    data = loads(_read_text(args.input), where=args.input)
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
    print(f"Created {path} for {args.firm}, {args.year} ({args.method}, minimum "
          f"${minimum:,.0f}).")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    path = _existing_workbook(args.file)
    raw = _read_bytes(args.input)
    data = loads(_decode(raw, args.input), where=args.input)
    import hashlib  # here: OpenSSL takes milliseconds to load, and the window needs none

    digest = hashlib.sha256(raw).hexdigest()  # of the file as it is, byte for byte
    with WorkbookLock(path):
        wb, state = load(path)
        changed = merge_into(wb, data, where=args.input, source="imported",
                             source_ref=f"{Path(args.input).name} sha256:{digest}")
        if changed:
            save(wb, path, state)
    print(f"Imported {args.input} into {path.name}: {changed} value(s) changed.")
    return EXIT_OK


def cmd_export_json(args: argparse.Namespace) -> int:
    wb, _ = load(_existing_workbook(args.file))
    text = dumps(to_json(wb, compute(wb, args.units)))
    if args.output and args.output != "-":
        try:
            guard_output(args.output, opened=[args.file]).write_text(text + "\n",
                                                                      encoding="utf-8")
        except OSError as exc:
            raise CliError(f"{args.output} could not be written: {exc.strerror}") from None
    else:
        print(text)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    wb, _ = load(_existing_workbook(args.file))
    # A month due before the date and not filed is a warning (Rule 17a-5(a)(2)(i)).
    findings = run_checks(wb, today=args.as_of or date.today())
    if not findings:
        print(f"{Path(args.file).name}: no findings.")
    for f in findings:
        where = f"line {f.line}" + (f" [{f.item}]" if not f.item.startswith("B-") else "")
        if f.item.startswith("B-"):
            where = f"Schedule B line {f.line}"
        print(f"{f.month}  {f.severity.upper():7}  {where}: {f.message}  ({f.rule})")
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    if findings:
        print(f"{errors} error(s), {warnings} warning(s), "
              f"{len(findings) - errors - warnings} note(s).")
    return EXIT_FINDINGS if errors else EXIT_OK


class _Version(argparse.Action):
    """--version, looked up only when asked (importlib.metadata is slow to import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        print(f"focusdesk {focusdesk.__version__}")
        parser.exit()


def _year(text: str) -> int:
    if not text.isdigit() or not 1990 <= int(text) <= 2200:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year")
    return int(text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="focusdesk",
        description="Prepare the SEC FOCUS Report Part I (Form X-17A-5). "
        "Without a command, opens the desktop window.",
    )
    p.add_argument("--version", action=_Version)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    units = {"choices": ("dollars", "thousands"), "default": "dollars",
             "help": "dollars as entered (default) or the form's $000 view"}

    c = sub.add_parser("compute", help="print the completed workbook of INPUT.json as JSON")
    c.add_argument("input", metavar="INPUT.json", help="workbook JSON ('-' for stdin)")
    c.add_argument("--units", **units)
    c.set_defaults(func=cmd_compute)

    n = sub.add_parser("new", help="create an empty workbook file")
    n.add_argument("file", metavar="FILE")
    n.add_argument("--firm", required=True, help="name of broker-dealer")
    n.add_argument("--year", required=True, type=_year)
    n.add_argument("--method", choices=[m.value for m in Method],
                   default=Method.AGGREGATE_INDEBTEDNESS.value)
    n.add_argument("--minimum", default="250000", metavar="DOLLARS",
                   help="dollar minimum under Rule 15c3-1(a)(2) (default 250000)")
    n.set_defaults(func=cmd_new)

    i = sub.add_parser("import-json", help="merge INPUT.json's values into FILE")
    i.add_argument("file", metavar="FILE")
    i.add_argument("input", metavar="INPUT.json")
    i.set_defaults(func=cmd_import_json)

    e = sub.add_parser("export-json", help="print FILE as JSON (the shape compute prints)")
    e.add_argument("file", metavar="FILE")
    e.add_argument("-o", "--output", metavar="OUT")
    e.add_argument("--units", **units)
    e.set_defaults(func=cmd_export_json)

    k = sub.add_parser("check", help="list the findings; exit 1 when any is an error")
    k.add_argument("file", metavar="FILE")
    k.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD",
                   help="the date months due and not filed are judged by (default today)")
    k.set_defaults(func=cmd_check)

    # Commands of later features live in their own modules (focusdesk.commands.*), each
    # with a `register(subparsers)`; they are imported only when a command runs.
    for module in sorted(set(EXTENSIONS.values())):
        importlib.import_module(module).register(sub)
    return p


# command name → the module that registers it
EXTENSIONS: dict[str, str] = {
    "import-tb": "focusdesk.commands.tb",
    "mapping-export": "focusdesk.commands.tb",
    "mapping-import": "focusdesk.commands.tb",
    "tb-accounts": "focusdesk.commands.tb",
    "pdf": "focusdesk.commands.pdf",
    "notice": "focusdesk.commands.pdf",
    "export-xlsx": "focusdesk.commands.xlsx",
    "import-xlsx": "focusdesk.commands.xlsx",
    "seg-check": "focusdesk.commands.seg",
    "seg-import": "focusdesk.commands.seg",
    "status": "focusdesk.commands.close",
    "approve": "focusdesk.commands.close",
    "file": "focusdesk.commands.close",
    "amend": "focusdesk.commands.close",
    "compare": "focusdesk.commands.close",
    "audit": "focusdesk.commands.close",
    "as-filed": "focusdesk.commands.close",
    "new-year": "focusdesk.commands.close",
}

COMMANDS = ("compute", "new", "import-json", "export-json", "check", *EXTENSIONS)


def _run_gui(argv: Sequence[str]) -> int:
    gp = argparse.ArgumentParser(prog="focusdesk", description="FocusDesk desktop window; "
                                 f"commands: {', '.join(COMMANDS)} (focusdesk COMMAND -h)")
    gp.add_argument("--version", action=_Version)
    gp.add_argument("file", nargs="?", metavar="FILE", help="a .focus workbook to open")
    gp.add_argument("--selftest", action="store_true",
                    help="check this installation offscreen (window, forms, icons, texts, PDF, "
                    "Excel) and exit: 0 when all is found, 1 naming what is missing")
    args = gp.parse_args(argv)
    if args.selftest:
        from .selftest import run as selftest

        return selftest()
    # The window's Qt-free modules load before Qt does: once PySide6 is imported, it reads
    # the source text of every module imported after it, looking for "PySide6" (its
    # __feature__ import hook, PYSIDE-2029) — a cost at every start for nothing.
    from . import checks, document, grid, instructions, standing  # noqa: F401

    try:
        from .gui.app import run
    except ImportError as exc:
        raise CliError(f"the desktop window needs PySide6, which cannot be loaded ({exc})"
                       ) from None
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        # Qt would abort the process; say what is wrong instead.
        raise CliError("there is no display for the desktop window (DISPLAY is not set); "
                       "the commands compute, check, import-json, export-json and new "
                       "work without one")
    return run(args.file)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    handlers: tuple[type[BaseException], ...] = (
        CliError, InputError, StoreError, WorkbookError, AmountError)
    try:
        if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
            return _run_gui(argv)
        args = build_parser().parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        # A damaged stored record is left out and named; the command goes on without it.
        with reporting_damage(lambda s: print(f"focusdesk: warning: {s}.", file=sys.stderr)):
            return func(args)
    except handlers as exc:
        print(f"focusdesk: {exc}", file=sys.stderr)
        return getattr(exc, "code", EXIT_USAGE)
    except KeyboardInterrupt:
        print("focusdesk: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        name = exc.filename or "a file"
        print(f"focusdesk: {name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        print(f"focusdesk: internal error ({type(exc).__name__}: {exc}); nothing was changed.",
              file=sys.stderr)
        return 70


def month_arg(text: str) -> str:
    m = text.strip().upper()[:3]
    if m not in MONTHS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month")
    return m

if __name__ == "__main__":
    sys.exit(main())
