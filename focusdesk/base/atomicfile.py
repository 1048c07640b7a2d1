"""The one way FocusDesk writes a file: beside the target, synced, then moved into place.

Every writer — the workbook file, exported PDFs, xlsx and JSON, mappings, Daily Seg
statements, notices, recovery snapshots — goes through `replacing` (a writer that needs
a path, such as SQLite or openpyxl) or `write_atomically` (bytes). A crash or a full
disk leaves the old file, never half of the new one, and no temporary file behind.

The temporary file is created with mode 0666 less the user's umask, as any file the user
makes: an export on a shared drive is readable by colleagues (`tempfile.mkstemp` would
make it 0600). Qt-free and dependency-free: the store imports it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


def fsync_path(path: str | os.PathLike[str]) -> None:
    """Flush a file (or, on POSIX, a folder's entries) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make a rename in `path` durable (POSIX; Windows has no folder handles to sync)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            fsync_path(path)


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str], *, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside `path` (created, empty, mode 0666 & ~umask) to write the
    new file to; once the block ends it is synced and renamed over `path`. On any error
    the temporary file is removed and `path` is left as it was."""
    import secrets  # here, not at start-up: the window opens faster

    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}{suffix}")
    try:
        os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        yield tmp
        fsync_path(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` through `replacing`."""
    with replacing(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
