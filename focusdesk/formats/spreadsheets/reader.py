"""Spreadsheets from outside — .xlsx, .xlsm, .ods, .xls — checked, then read where a crash
cannot reach (Qt-free).

Every workbook FocusDesk did not write itself comes in through `read_spreadsheet`: a
trial balance (`import-tb`, the wizard), a mapping file, a FocusDesk Excel export read
back (`import-xlsx`, File ▸ Import from Excel…). Two layers:

1. **The container is checked in this process, before python-calamine sees a byte**
   (`container.check_container`: a zip's directory and members, an OLE compound file's
   sectors, each sheet's declared extent against `container.CELL_BUDGET`), and refused
   in one sentence.

2. **python-calamine runs in a child process**
   (`focusdesk.formats.spreadsheets.calamine_child`) limited to
   `CHILD_MEMORY` bytes of address space and `CHILD_CPU_SECONDS` of CPU time — POSIX
   ``RLIMIT_AS``/``RLIMIT_CPU``; on Windows a job object with a process memory and time
   limit (if the job object cannot be made, the child runs unlimited: an abort still
   ends only the child). A Rust panic, an abort on a runaway allocation or a limit ends
   the child, never the window or the command holding a workbook, and is one sentence.
   The child re-checks each sheet's real extent against the budget before it builds a
   row. Its interpreter starts while this process checks the container; the cells come
   back as pickles written without a memo, read here with an unpickler that knows only
   the datetime types.

Cells come back as python-calamine gives them (str, float, int, bool, date…, ``""`` for
empty), row 1 at index 0, column A at index 0.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ...base.bulk import gc_paused
from . import container
from .container import (
    MAX_ROWS,
    Cancelled,
    Cell,
    Error,
    Progress,
    budget_refusal,
    check_container,
    short_reason,
)

if TYPE_CHECKING:  # the child's machinery is imported when a spreadsheet is read:
    import subprocess  # every command imports this module, few read a spreadsheet

CHILD_SCRIPT = Path(__file__).with_name("calamine_child.py")

# The child's address space: Python, calamine and the budget's worth of cells fit with
# room to spare; the 549 GB a 1.5 KB file asked for fails at once.
CHILD_MEMORY = 4 * 2**30
CHILD_CPU_SECONDS = 300
CHILD_WALL_SECONDS = 600  # a child that stalls without spending CPU time is ended too
CHILD_FLAG = "--read-spreadsheet"  # the frozen app's argument that makes it the child
IN_PROCESS = False  # read in this process (bench/bench_tb.py compares); never for users


@dataclass
class Cells:
    """What was read: the kind ("xlsx", "ods", "xls"), every sheet's name, and the rows
    of the sheets read (all of them, or those asked for that exist)."""

    kind: str
    names: list[str]
    sheets: dict[str, list[list[Cell]]] = field(default_factory=dict)


# -- the child process ------------------------------------------------------------------------

_DATETIME_TYPES = {"date": date, "datetime": datetime, "time": time, "timedelta": timedelta,
                   "timezone": timezone}


def _cell_unpickler(stream: io.BufferedIOBase):  # type: ignore[no-untyped-def]
    """An unpickler of cells only: a pickle naming any class but the datetime ones is
    refused."""
    import pickle

    class CellUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> type:
            if module == "datetime" and name in _DATETIME_TYPES:
                return _DATETIME_TYPES[name]
            raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")

    return CellUnpickler(stream)


def child_command() -> list[str]:
    """The command that starts the child: the frozen app with `CHILD_FLAG`, or this
    Python with the child script (``-P``: nothing of the script's folder on sys.path)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, CHILD_FLAG]
    return [sys.executable, "-P", str(CHILD_SCRIPT.resolve())]


class _Child:
    """One calamine child: started at once, fed the bytes later, read by a thread."""

    def __init__(self, sheets: Sequence[str] | None):
        import json
        import subprocess
        import tempfile
        import threading

        args = [str(CHILD_MEMORY), str(CHILD_CPU_SECONDS), str(container.CELL_BUDGET),
                str(MAX_ROWS),
                json.dumps(None if sheets is None else list(sheets))]
        env = dict(os.environ, RUST_BACKTRACE="0")  # its stderr: the first line says it
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 — closed by close()
        self.job = None
        try:
            self.proc = subprocess.Popen(
                [*child_command(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self.stderr, env=env,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
        except BaseException:
            self.stderr.close()
            raise
        if sys.platform == "win32":
            self.job = _windows_job(self.proc)
        self.messages: list[tuple] = []  # type: ignore[type-arg]
        self.failure: BaseException | None = None
        self.timed_out = False
        self.thread = threading.Thread(target=self._collect, daemon=True)

    def _collect(self) -> None:
        assert self.proc.stdout is not None
        unpickler = _cell_unpickler(self.proc.stdout)
        try:
            while True:
                message = unpickler.load()
                self.messages.append(message)
                if message[0] in ("done", "error"):
                    return
        except EOFError:
            return  # it died; the exit status and stderr say how
        except Exception as exc:  # an unreadable stream from a dying child
            self.failure = exc

    def _feed(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass  # it is gone already (or was killed); what it left says why

    def run(self, data: bytes, progress: Progress | None) -> list[tuple]:  # type: ignore[type-arg]
        import threading
        import time

        # Fed by a thread too: a child that never reads cannot block the window's progress
        # dialog (Cancel) or outlast the deadline.
        threading.Thread(target=self._feed, args=(data,), daemon=True).start()
        self.thread.start()
        deadline = time.monotonic() + CHILD_WALL_SECONDS
        while True:  # the progress dialog first, then every 50 ms while the child reads
            if progress and not progress("reading", 0, 0):
                raise Cancelled
            self.thread.join(0.05 if progress else 1.0)
            if not self.thread.is_alive():
                break
            if time.monotonic() > deadline:
                self.timed_out = True
                self.proc.kill()
                self.thread.join()
                break
        self.proc.wait()
        return self.messages

    def died(self) -> tuple[int, str]:
        self.stderr.seek(0)
        return self.proc.returncode, self.stderr.read(4096).decode("utf-8", "replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        self.stderr.close()
        if self.job is not None:
            _close_handle(self.job)


def read_spreadsheet(name: str, data: bytes, error: Error, *,
                     sheets: Sequence[str] | None = None, kinds: Sequence[str] | None = None,
                     progress: Progress | None = None) -> Cells:
    """Check the container, then read its sheets (all, or `sheets`) in a child process.

    `name` names the file in messages; `error(sentence)` is what is raised for anything
    wrong with it; `kinds` the kinds accepted (a FocusDesk export is only ever "xlsx").
    `progress` is called while the file is checked and read (False cancels: `Cancelled`).
    """
    child = None
    if not IN_PROCESS:
        try:
            child = _Child(sheets)  # its interpreter starts while the zip is checked
        except OSError:
            child = None  # cannot start a process here: read in this one (see README)
    try:
        kind = check_container(name, data, error, progress)
        if kinds is not None and kind not in kinds:
            what = {"ods": "an OpenDocument spreadsheet", "xls": "a legacy .xls workbook",
                    "xlsx": "an Excel workbook"}[kind]
            raise error(f"{name} is {what}; FocusDesk reads {' or '.join(kinds)} here")
        with gc_paused():
            if child is not None:
                messages = child.run(data, progress)
            else:
                from . import calamine_child

                messages = list(calamine_child.read(
                    data, None if sheets is None else list(sheets), container.CELL_BUDGET,
                    MAX_ROWS))
        cells = Cells(kind, [])
        rows: list[list[Cell]] = []
        for message in messages:
            if message[0] == "names":
                cells.names = list(message[1])
            elif message[0] == "sheet":
                rows = cells.sheets[message[1]] = []
            elif message[0] == "rows":
                rows += message[1]
            elif message[0] == "error":
                raise error(_refusal(name, message))
            elif message[0] == "done":
                return cells
        assert child is not None  # the in-process reader always ends in done or error
        if child.failure is not None:
            raise error(f"{name} cannot be read: the spreadsheet reader's answer was "
                        f"garbled ({short_reason(child.failure)}); the file may be damaged")
        if child.timed_out:
            raise error(f"{name} cannot be read: reading it took more than "
                        f"{CHILD_WALL_SECONDS} s; the file is damaged or not a real "
                        "spreadsheet")
        raise error(_died(name, *child.died()))
    finally:
        if child is not None:
            child.close()


def _refusal(name: str, message: tuple) -> str:  # type: ignore[type-arg]
    kind = message[1]
    if kind == "password":
        return f"{name} is password-protected; save an unprotected copy to import it"
    if kind == "memory":
        return (f"{name} cannot be read: it needs more memory than FocusDesk gives a "
                "spreadsheet; the file is damaged or far larger than a trial balance")
    if kind == "rows":
        return (f"{name}, sheet {message[2]!r}: {message[3]:,} rows is more than a "
                f"spreadsheet holds ({MAX_ROWS:,})")
    if kind == "budget":
        return budget_refusal(name, f"sheet {message[2]!r} spans", message[3], message[4])
    if kind == "sheet":
        return (f"{name}, sheet {message[2]!r} cannot be read; the file may be damaged "
                f"({message[3]})")
    return f"{name} cannot be read as a spreadsheet; it may be damaged ({message[2]})"


def _died(name: str, code: int, stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if any("memory allocation" in line for line in lines) or "MemoryError" in stderr:
        return (f"{name} cannot be read: reading it asked for more memory than FocusDesk "
                f"gives a spreadsheet ({CHILD_MEMORY // 2**30} GB); the file is damaged or "
                "not a real spreadsheet")
    if code in (-24, 152) or "CPU time" in stderr:  # SIGXCPU
        return (f"{name} cannot be read: reading it took more than "
                f"{CHILD_CPU_SECONDS} s; the file is damaged or not a real spreadsheet")
    how = f"signal {-code}" if code < 0 else f"exit {code}"
    return (f"{name} cannot be read: the spreadsheet reader stopped on it ({how}); the "
            "file may be damaged")


# -- Windows: a job object limits the child's memory and time ---------------------------------

def _windows_job(proc: subprocess.Popen) -> object | None:  # type: ignore[type-arg]
    """A job object with a process memory and CPU time limit, holding `proc`; None when
    it cannot be made (the child then runs unlimited; an abort still ends only it). The
    child reads its input before anything else, so it is in the job before it reads a
    byte of the file."""
    try:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]

        class IoCounters(ctypes.Structure):
            _fields_ = [(n, ctypes.c_ulonglong) for n in (
                "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
                "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

        class BasicLimits(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64),
                        ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD),
                        ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t),
                        ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t),
                        ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                        ("ProcessMemoryLimit", ctypes.c_size_t),
                        ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t),
                        ("PeakJobMemoryUsed", ctypes.c_size_t)]

        kernel32.CreateJobObjectW.restype = wintypes.HANDLE
        kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, wintypes.LPCWSTR]
        kernel32.SetInformationJobObject.argtypes = [wintypes.HANDLE, ctypes.c_int,
                                                     ctypes.c_void_p, wintypes.DWORD]
        kernel32.AssignProcessToJobObject.argtypes = [wintypes.HANDLE, wintypes.HANDLE]
        job = kernel32.CreateJobObjectW(None, None)
        if not job:
            return None
        info = ExtendedLimits()
        # PROCESS_TIME | PROCESS_MEMORY | KILL_ON_JOB_CLOSE
        info.BasicLimitInformation.LimitFlags = 0x2 | 0x100 | 0x2000
        info.BasicLimitInformation.PerProcessUserTimeLimit = CHILD_CPU_SECONDS * 10**7
        info.ProcessMemoryLimit = CHILD_MEMORY
        if not (kernel32.SetInformationJobObject(job, 9, ctypes.byref(info),
                                                 ctypes.sizeof(info))
                and kernel32.AssignProcessToJobObject(job, int(proc._handle))):  # type: ignore[attr-defined]
            _close_handle(job)
            return None
        return job
    except (OSError, AttributeError, ValueError):
        return None


def _close_handle(handle: object) -> None:
    try:
        import ctypes

        ctypes.windll.kernel32.CloseHandle(handle)  # type: ignore[attr-defined]
    except (OSError, AttributeError):
        pass
