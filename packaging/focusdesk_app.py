"""The frozen app's entry point (PyInstaller runs this; packaging/FocusDesk.spec).

Not named focusdesk.py: the script would shadow the `focusdesk` package it imports.

It runs `focusdesk.cli.main` — the window, the commands and `--selftest` — and makes sure
a start-up failure is seen even where there is no console. The Windows app is built
without one (no black window behind the app), so Python's stdout and stderr are None
there; a macOS app started from the Finder prints into nothing. Here:

- whatever the app writes to stderr is kept, and when it exits with an error (or cannot
  even import itself: a damaged installation, a missing DLL) the message is shown in a
  message box — MessageBoxW through ctypes on Windows, an AppleScript alert on macOS
  (both work without Qt, which may be what failed) — and appended with the traceback to
  the start-up log: %LOCALAPPDATA%\\FocusDesk\\startup.log on Windows,
  ~/Library/Logs/FocusDesk/startup.log on macOS, $XDG_STATE_HOME/focusdesk/startup.log
  (~/.local/state/…) on Linux;
- `--selftest` never shows a box: its report goes to stdout when there is one and, in a
  windowed app, to selftest.txt beside the start-up log (or to FOCUSDESK_SELFTEST_REPORT);
- the `-psn_…` argument old macOS versions add when the Finder starts an app is dropped;
- `--read-spreadsheet` makes it the child process that reads a spreadsheet from outside
  (`focusdesk.formats.spreadsheets.reader`: the frozen app has no Python to start the child
  script with).
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

TITLE = "FocusDesk"


def log_dir() -> Path:
    override = os.environ.get("FOCUSDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / TITLE
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / TITLE
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "focusdesk"


def write_log(text: str) -> Path | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "startup.log"
        with path.open("a", encoding="utf-8") as f:
            f.write(f"--- {datetime.now().isoformat(timespec='seconds')} {sys.argv!r}\n"
                    f"{text.rstrip()}\n")
        return path
    except OSError:
        return None


def show_message(text: str, *, error: bool) -> None:
    """A message box without Qt: the failure may be Qt itself."""
    try:
        if sys.platform == "win32":
            import ctypes

            flags = 0x10 if error else 0x40  # MB_ICONERROR / MB_ICONINFORMATION
            ctypes.windll.user32.MessageBoxW(None, text, TITLE, flags | 0x10000)  # foreground
        elif sys.platform == "darwin":
            import subprocess

            quoted = text.replace("\\", "\\\\").replace('"', '\\"')
            kind = "critical" if error else "informational"
            subprocess.run(["osascript", "-e", f'display alert "{TITLE}" message "{quoted}" '
                            f"as {kind}"], check=False, timeout=600)
    except Exception:  # nowhere left to report to; the log has it
        pass


def windowed() -> bool:
    """No console to print to: the Windows app, or a macOS app started from the Finder."""
    if sys.stdout is None or sys.stderr is None:
        return True
    return sys.platform == "darwin" and getattr(sys, "frozen", False) and not _isatty()


def _isatty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


class _Tee(io.TextIOBase):
    """Writes to the captured text and on to the real stream, when there is one."""

    def __init__(self, captured: io.StringIO, stream) -> None:
        self.captured, self.stream = captured, stream

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.captured.write(text)
        if self.stream is not None:
            try:
                self.stream.write(text)
            except (OSError, ValueError):
                self.stream = None
        return len(text)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except (OSError, ValueError):
                self.stream = None


def main() -> int:
    sys.argv[1:] = [a for a in sys.argv[1:] if not a.startswith("-psn_")]
    args = sys.argv[1:]
    if args[:1] == ["--read-spreadsheet"]:
        # The app started as focusdesk.formats.spreadsheets.reader' child: python-calamine reads a
        # spreadsheet from outside here, where a crash ends only this process.
        from focusdesk.formats.spreadsheets.calamine_child import main as read_spreadsheet

        return read_spreadsheet(args[1:])
    no_console = windowed()
    selftest = "--selftest" in args
    out, err = io.StringIO(), io.StringIO()
    if no_console:
        if selftest and not os.environ.get("FOCUSDESK_SELFTEST_REPORT"):
            os.environ["FOCUSDESK_SELFTEST_REPORT"] = str(log_dir() / "selftest.txt")
            with contextlib.suppress(OSError):  # else the self-test says it could not
                log_dir().mkdir(parents=True, exist_ok=True)
        sys.stderr = _Tee(err, sys.stderr)
        if sys.stdout is None:
            sys.stdout = out
    try:
        from focusdesk.cli import main as cli_main

        try:
            code = cli_main(args)
        except SystemExit as exc:  # argparse: --help, --version, a usage error
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except Exception:
        text = traceback.format_exc()
        where = write_log(text)
        message = (f"FocusDesk could not start:\n\n{text.strip().splitlines()[-1]}"
                   + (f"\n\nDetails are in {where}." if where else ""))
        if sys.stderr is not None:
            print(text, file=sys.stderr)
        if no_console and not selftest:
            show_message(message, error=True)
        return 70
    if not no_console or selftest:
        return code
    if code:
        said = "\n".join(t for t in (out.getvalue().strip(), err.getvalue().strip()) if t)
        if said:
            write_log(said)
            if not _shown_by_window(code):
                show_message(f"FocusDesk stopped:\n\n{said}", error=True)
    elif {"--version", "-h", "--help"} & set(args) and out.getvalue().strip():
        show_message(out.getvalue().strip(), error=False)  # what was asked for
    return code


def _shown_by_window(code: int) -> bool:
    """Whether the window already told the user: a workbook it could not open is exit 2
    after its own message box."""
    from focusdesk.cli import COMMANDS

    widgets = sys.modules.get("PySide6.QtWidgets")
    window = not sys.argv[1:] or sys.argv[1] not in COMMANDS
    return (code == 2 and window and widgets is not None
            and widgets.QApplication.instance() is not None)


if __name__ == "__main__":
    sys.exit(main())
