"""Files the user named: reading one (the bytes, or one sentence saying why not), and
the one check every writer of an output makes before writing (`guard_output`)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from .lock import lock_path
from .store import SUFFIX, is_workbook_file


def read_input(name: str | Path, error: type[Exception], *,
               limit: int | None = None, what: str = "files") -> bytes:
    """The bytes of `name`, or `error` with one sentence naming the file and the reason
    (missing, a folder, not readable, larger than `limit` bytes)."""
    path = Path(name)
    try:
        if limit is not None:
            size = path.stat().st_size
            if not path.is_dir() and size > limit:
                raise error(f"{path.name} is {size / 2**20:,.0f} MB; FocusDesk reads {what} "
                            f"up to {limit // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{name} does not exist") from None
    except IsADirectoryError:
        raise error(f"{name} is a folder, not a file") from None
    except PermissionError:
        if path.is_dir():  # Windows reports a folder as permission denied
            raise error(f"{name} is a folder, not a file") from None
        raise error(f"{path.name} cannot be read: permission denied") from None
    except OSError as exc:
        raise error(f"{path.name} cannot be read: {exc.strerror or exc}") from None


class OutputRefusedError(OSError):
    """A path no output is written to: a FocusDesk workbook, or the file it is made from.
    An `OSError`, so every writer's "could not be written" handling says it; its text
    (``str`` and ``strerror``) reads after "OUT could not be written: "."""

    def __init__(self, path: Path, reason: str):
        super().__init__(errno.EEXIST, reason, str(path))

    def __str__(self) -> str:
        return str(self.strerror)


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether `a` and `b` name one file (a link, another spelling), or would."""
    try:
        return os.path.samefile(a, b)  # a link or another spelling of the same file
    except OSError:  # one of them does not exist (yet)
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def guard_output(path: str | os.PathLike[str], *,
                 opened: Iterable[str | os.PathLike[str] | None] = (),
                 new_workbook: bool = False) -> Path:
    """Refuse (`OutputRefusedError`) to write an output — a PDF, JSON, xlsx, CSV,
    mapping, statements, a notice — over a FocusDesk workbook (known by its content, the
    SQLite header's FocusDesk id, whatever its name), to a ``.focus`` name, or over any
    of `opened` (the workbook or file the output is made from, open in the command or
    the window) or its lock and journal. Returns `path` as a Path.

    Every writer calls it just before writing; the command or window passes `opened`.
    `new_workbook`: the output is itself a new workbook (``new-year``): a ``.focus`` name
    is what it takes — an existing workbook is still refused, and so is any other file
    (a new workbook never replaces one).
    """
    target = Path(path)
    for source in opened:
        if source is None:
            continue
        source = Path(source)
        if same_file(target, source):
            raise OutputRefusedError(target, f"it is {source.name}, the workbook this "
                                     "output is made from; choose another name")
        for companion in (lock_path(source), source.with_name(source.name + "-journal")):
            if same_file(target, companion):
                raise OutputRefusedError(target, f"it belongs to {source.name} (its lock "
                                         "or journal); choose another name")
    if is_workbook_file(target):
        raise OutputRefusedError(target, "it is a FocusDesk workbook, which no output "
                                 "replaces; choose another name")
    if new_workbook:
        if target.exists():
            raise OutputRefusedError(target, "it exists already; a new workbook is never "
                                     "written over a file, choose another name")
        if target.name.lower().endswith((SUFFIX + ".lock", SUFFIX + "-journal")):
            raise OutputRefusedError(target, "it is a workbook's lock or journal name; "
                                     "choose another name")
        return target
    if target.name.lower().endswith((SUFFIX, SUFFIX + ".lock", SUFFIX + "-journal")):
        raise OutputRefusedError(target, f"a {SUFFIX} name is kept for FocusDesk "
                                 "workbooks; choose another name")
    return target
