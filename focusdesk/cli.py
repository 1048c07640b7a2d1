"""The `focusdesk` command line: builds the parser and dispatches, nothing more.

``focusdesk [FILE]`` opens the desktop window; the sub-commands (declared once in
`focusdesk.commands`) work without Qt. Their names, options and JSON shape are a
contract later features test against. The parser is built from the declarations and a
command's module is imported only when it runs, so ``focusdesk --version`` costs little
more than Python's own start.

Every failure is one sentence on stderr naming what and where, a non-zero exit, and no
traceback; a workbook is never changed by a command that fails.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .commands import COMMANDS

if TYPE_CHECKING:
    import argparse

EXIT_USAGE, EXIT_INTERNAL = 2, 70


def _print_version() -> None:
    import focusdesk

    print(f"focusdesk {focusdesk.__version__}")


def _version_action() -> type[argparse.Action]:
    """--version, looked up only when asked (argparse is built only for a command)."""
    import argparse

    class Version(argparse.Action):
        def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object):
            super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

        def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
            _print_version()
            parser.exit()

    return Version


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser: `command`'s module registers its own parsers (and those of the
    commands it shares a module with); every other command is listed by its declared
    help only, so `focusdesk -h` imports no command module at all."""
    import argparse
    import importlib

    p = argparse.ArgumentParser(
        prog="focusdesk",
        description="Prepare the SEC FOCUS Report Part I (Form X-17A-5). "
        "Without a command, opens the desktop window.",
    )
    p.add_argument("--version", action=_version_action())
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    if command in COMMANDS:
        module = importlib.import_module(f".commands.{COMMANDS[command].module}", __package__)
        module.register(sub)
    for name, declared in COMMANDS.items():
        if name not in sub.choices:
            sub.add_parser(name, help=declared.help)
    return p


def _one_sentence_errors() -> tuple[type[BaseException], ...]:
    """The failures a command reports in one sentence (their modules are loaded by the
    command that raised them)."""
    from .base.money import AmountError
    from .commands.common import CliError
    from .document.store import StoreError
    from .formats.jsonio import InputError
    from .model.workbook import WorkbookError

    return (CliError, InputError, StoreError, WorkbookError, AmountError)


def _run_gui(argv: Sequence[str]) -> int:
    import argparse

    gp = argparse.ArgumentParser(prog="focusdesk", description="FocusDesk desktop window; "
                                 f"commands: {', '.join(COMMANDS)} (focusdesk COMMAND -h)")
    gp.add_argument("--version", action=_version_action())
    gp.add_argument("file", nargs="?", metavar="FILE", help="a .focus workbook to open")
    gp.add_argument("--selftest", action="store_true",
                    help="check this installation offscreen (window, forms, icons, texts, PDF, "
                    "Excel) and exit: 0 when all is found, 1 naming what is missing")
    args = gp.parse_args(argv)
    from .commands.common import CliError

    if args.selftest:
        return run_selftest()
    # The window's Qt-free modules load before Qt does: once PySide6 is imported, it reads
    # the source text of every module imported after it, looking for "PySide6" (its
    # __feature__ import hook, PYSIDE-2029) — a cost at every start for nothing.
    from .calculation import checks, standing  # noqa: F401
    from .document import document  # noqa: F401
    from .form import instructions  # noqa: F401
    from .tables import grid  # noqa: F401

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


def run_selftest(out: Callable[[str], None] | None = None) -> int:
    """`focusdesk --selftest`: the core's checks and the window's, assembled here so the
    core self-test knows nothing of the GUI; a PySide6 that cannot be loaded is a failed
    "Qt" check."""
    from . import selftest

    try:
        from .gui import selftest as window_checks
    except ImportError as exc:
        return selftest.run([*selftest.CORE_CHECKS,
                             selftest.unavailable("Qt", f"ImportError: {exc}")], out)
    return selftest.run([*selftest.CORE_CHECKS, *window_checks.CHECKS], out,
                        close=window_checks.close_window)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version"):
            return _run_gui(argv)
        if argv == ["--version"]:
            _print_version()
            return 0
        args = build_parser(argv[0]).parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        from .base.safetext import say
        from .document.store import reporting_damage

        # A damaged stored record is left out and named; the command goes on without it.
        with reporting_damage(lambda s: say(f"focusdesk: warning: {s}.", file=sys.stderr)):
            return func(args)
    except KeyboardInterrupt:
        print("focusdesk: interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise
    except Exception as exc:
        return _report(exc)


def _report(exc: Exception) -> int:
    """One line on stderr for any failure — never a traceback — and its exit code."""
    from .base.safetext import say

    if isinstance(exc, _one_sentence_errors()):
        say(f"focusdesk: {exc}", file=sys.stderr)
        return getattr(exc, "code", EXIT_USAGE)
    if isinstance(exc, OSError):
        name = exc.filename or "a file"
        say(f"focusdesk: {name}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    # a bug of ours: still one line, never a traceback
    say(f"focusdesk: internal error ({type(exc).__name__}: {exc}); nothing was changed.",
        file=sys.stderr)
    return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
