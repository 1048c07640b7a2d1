"""What goes wrong with a workbook file, as one sentence for the user: the errors the
store (`store`) and the lock (`lock`) raise, and telling a full disk from another failure.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A workbook file that cannot be read or written; one sentence for the user."""


class ChangedError(StoreError):
    """The file is no longer the revision this document was loaded from."""

    def __init__(self, path: Path):
        super().__init__(f"{path.name}: the workbook was changed by another FocusDesk since "
                         "it was opened; nothing was saved.")


def disk_full(name: str) -> StoreError:
    return StoreError(f"{name}: the disk is full; nothing was saved.")


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return (getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
                or "disk is full" in str(exc))
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
