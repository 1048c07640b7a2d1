"""The child process that runs python-calamine on a spreadsheet from outside.

Started by `focusdesk.formats.spreadsheets.reader` (never imported by the rest of FocusDesk).
It imports nothing of FocusDesk, so it starts in about 10 ms, and it is run as a script
by its path (``python -P calamine_child.py``) or, in the frozen app, as ``FocusDesk
--read-spreadsheet`` (packaging/focusdesk_app.py).

What calamine does with a hostile or damaged file happens here and only here: a Rust
panic (``pyo3_runtime.PanicException``, not an ``Exception``), an abort on a runaway
allocation (a 1.5 KB xlsx made it ask for 549 GB), a loop. The process limits itself
first — its address space (``RLIMIT_AS``) and its CPU time (``RLIMIT_CPU``), on POSIX;
on Windows the parent puts it in a job object — so such an allocation fails at once
instead of taking the machine's memory.

Protocol. argv: the memory limit in bytes, the CPU limit in seconds, the cell budget, the
row limit, and a JSON list of the sheets wanted (``null``: all). stdin: the file's bytes.
stdout: a stream of pickles (protocol 5, written without a memo: the rows are flat
lists of str, float, int, bool and datetime values) —

* ``("names", [sheet names])`` first;
* for each sheet read, ``("sheet", name)`` and then its rows in ``("rows", [rows])``
  messages of `CHUNK_ROWS` rows, as ``CalamineSheet.to_python(skip_empty_area=False)``
  gives them (row 1 first, column A first, ``""`` for an empty cell) — in chunks, so the
  parent unpickles one while this process writes the next;
* ``("done",)`` at the end — or ``("error", kind, detail...)`` instead, where kind is
  ``"password"``, ``"open"``, ``"sheet"``, ``"rows"``, ``"budget"`` or ``"memory"``.

A child that ends without ``done`` or ``error`` died (an abort, a signal, a limit); the
parent reads what it printed on stderr.
"""

from __future__ import annotations

import gc
import io
import json
import os
import pickle
import sys
from collections.abc import Iterator

CHUNK_ROWS = 8192


def _limit(memory: int, cpu: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's job object limits this process
        return
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu)):
        try:
            _, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError):  # macOS does not take an RLIMIT_AS below its own
            pass


def _streams() -> tuple[io.BufferedIOBase, io.BufferedIOBase]:
    # A windowed (frozen) app may have None for sys.stdin/sys.stdout even though the
    # parent gave it pipes: use the descriptors themselves then.
    stdin = sys.stdin.buffer if sys.stdin is not None else os.fdopen(0, "rb")
    stdout = sys.stdout.buffer if sys.stdout is not None else os.fdopen(1, "wb")
    return stdin, stdout  # type: ignore[return-value]


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def read(data: bytes, wanted: list[str] | None, budget: int, max_rows: int
         ) -> Iterator[tuple]:  # type: ignore[type-arg]
    """The messages for `data` (see the protocol above); never raises, a panic included.
    Also what `focusdesk.formats.spreadsheets.reader` runs in its own process when it
    cannot start this one."""
    try:
        import python_calamine
    except ImportError as exc:
        yield ("error", "open", f"python-calamine cannot be loaded ({_short(exc)})")
        return
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except python_calamine.PasswordError:
        yield ("error", "password")
        return
    except MemoryError:
        yield ("error", "memory")
        return
    except BaseException as exc:  # a Rust panic is a BaseException
        yield ("error", "open", _short(exc))
        return
    yield ("names", names)
    cells = 0
    for name in names if wanted is None else [n for n in names if n in wanted]:
        try:
            sheet = book.get_sheet_by_name(name)
            end = sheet.end
            if end is None:  # an empty sheet
                yield ("sheet", name)
                continue
            height, width = end[0] + 1, end[1] + 1  # rows are read from A1
            if height > max_rows:
                yield ("error", "rows", name, height)
                return
            cells += height * width
            if cells > budget:
                yield ("error", "budget", name, height, width)
                return
            rows = sheet.to_python(skip_empty_area=False)
        except MemoryError:
            yield ("error", "memory")
            return
        except BaseException as exc:  # a Rust panic is a BaseException
            yield ("error", "sheet", name, _short(exc))
            return
        yield ("sheet", name)
        for at in range(0, len(rows), CHUNK_ROWS):
            yield ("rows", rows[at:at + CHUNK_ROWS])
        del rows
    yield ("done",)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    memory, cpu, budget, max_rows = (int(a) for a in argv[:4])
    wanted = json.loads(argv[4]) if len(argv) > 4 else None
    _limit(memory, cpu)
    gc.disable()  # a short-lived process building flat lists: nothing to collect
    stdin, stdout = _streams()
    data = stdin.read()
    for message in read(data, wanted, budget, max_rows):
        pickler = pickle.Pickler(stdout, protocol=5)
        pickler.fast = True  # no memo: 3-4x faster for flat rows, and nothing repeats
        pickler.dump(message)
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
