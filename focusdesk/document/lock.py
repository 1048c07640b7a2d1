"""One writer: the lock file ``<name>.focus.lock`` held while a workbook is open for writing.

The lock names its holder (user, machine, process), as office programs do, so a second
FocusDesk — in this session or on another PC on a shared drive — can say who holds it.
It is taken in one atomic step (its text written to a temporary file, then hard-linked
into place), so no one ever sees it empty; a lock whose holder is gone (a dead process of
this computer, another computer's lock untouched for a day) can be broken, and only that
very lock. The store's revision check (`store.save`) refuses a writer that lost its lock
to a broken one.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from .errors import StoreError, disk_full, is_disk_full


class LockedError(StoreError):
    """The workbook's lock is held. `stale` says why the holder looks gone ("" while it
    looks alive) and `raw` is the lock as read: `WorkbookLock.acquire(take_over=raw)`
    breaks that lock, and only that one, when the user chooses to open anyway."""

    def __init__(self, path: Path, holder: dict[str, str], *, stale: str = "",
                 raw: bytes = b""):
        self.path = path
        self.holder = holder
        self.stale = stale
        self.raw = raw
        if not holder:  # a lock being written, or one FocusDesk cannot read
            super().__init__(f"{path.name} is being opened by another FocusDesk; try again "
                             "in a moment; it can be opened read-only.")
            return
        who = holder.get("user", "someone")
        host = holder.get("host", "another computer")
        since = holder.get("since", "")
        super().__init__(
            f"{path.name} is open in FocusDesk by {who} on {host}"
            + (f" since {since}" if since else "")
            + "; it can be opened read-only."
        )


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


# An empty or unreadable lock younger than this is a lock being written (or one written
# by a FocusDesk on a file system without hard links): never taken for stale.
LOCK_GRACE_SECONDS = 10.0
# Another computer's lock untouched for this long may be offered to be broken ("Open
# anyway", with a warning): a FocusDesk holding a file touches its lock every minute
# (`WorkbookLock.touch`), so only one that crashed or lost the drive leaves it this old.
LOCK_ABANDONED_SECONDS = 24 * 3600.0


def _holder(raw: bytes | None) -> dict[str, str] | None:
    """The holder a lock file names; None when it names none (empty, not JSON, a list…)."""
    try:
        data = json.loads(raw or b"")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not data:
        return None
    return {str(k)[:100]: str(v)[:200] for k, v in data.items()}


def _read_lock_bytes(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read(64 * 1024)  # a lock is a line of JSON
    except (FileNotFoundError, IsADirectoryError):
        return None
    except OSError:
        return b""


def read_lock(path: Path) -> dict[str, str] | None:
    """Who holds `path`'s lock, or None (no lock, or one that names no one)."""
    return _holder(_read_lock_bytes(lock_path(path)))


class WorkbookLock:
    """Holds ``<file>.lock`` while a workbook is open for writing."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.held = False
        self._text = b""

    def acquire(self, *, break_dead: bool = True, take_over: bytes | None = None) -> None:
        """Take the lock. A lock left by a process of this computer that is gone is
        broken (`break_dead`), or — `break_dead=False`, as the window asks — refused as a
        `LockedError` whose `stale` says so, like another computer's lock untouched for a
        day; `take_over` (that error's `raw`) then breaks that very lock."""
        import socket  # here, not at start-up (its enums cost milliseconds to set up)

        me = {"user": _user(), "host": socket.gethostname(), "pid": str(os.getpid()),
              "since": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
              "token": os.urandom(8).hex()}
        text = json.dumps(me).encode("utf-8")
        lp = lock_path(self.path)
        for _ in range(3):
            try:
                placed = _place_lock(lp, text)
            except PermissionError:
                raise StoreError(
                    f"{self.path.name} cannot be locked for writing (permission denied); "
                    "it can be opened read-only."
                ) from None
            except FileNotFoundError:
                raise StoreError(f"{self.path.parent} does not exist; {self.path.name} was "
                                 "not saved.") from None
            except OSError as exc:
                if is_disk_full(exc):
                    raise disk_full(self.path.name) from None
                raise StoreError(
                    f"{self.path.name} cannot be locked for writing "
                    f"({exc.strerror or exc}); it can be opened read-only.") from None
            if placed:
                self.held, self._text = True, text
                return
            raw = _read_lock_bytes(lp)
            if raw is None:
                continue  # released meanwhile
            holder = _holder(raw)
            try:
                age = time.time() - lp.stat().st_mtime
            except FileNotFoundError:
                continue
            stale = ""
            if holder is None:
                if age < LOCK_GRACE_SECONDS:
                    raise LockedError(self.path, {}) from None
                stale = "unreadable"
            elif holder.get("host") == me["host"] and holder.get("pid") == me["pid"]:
                stale = "ours"  # our own process re-opening
            elif holder.get("host") == me["host"]:
                if holder.get("pid", "").isdigit() and not _pid_alive(int(holder["pid"])):
                    stale = "dead"
            elif age >= LOCK_ABANDONED_SECONDS:
                stale = "old"
            if take_over is not None and raw == take_over and stale:
                stale = "ours"  # the user chose to open anyway: break this very lock
            if stale in ("", "dead", "old") and not (stale == "dead" and break_dead):
                raise LockedError(self.path, holder or {}, raw=raw,
                                  stale=_stale_reason(stale, holder or {}, age)) from None
            _break_stale_lock(lp, raw)
        raise StoreError(f"{self.path.name} could not be locked; try again.")

    def touch(self) -> None:
        """Renew the lock's time (the window does it every minute): a held lock never
        looks abandoned to another computer."""
        if self.held and _read_lock_bytes(lock_path(self.path)) == self._text:
            with contextlib.suppress(OSError):
                os.utime(lock_path(self.path))

    def release(self) -> None:
        if self.held:
            lp = lock_path(self.path)
            # Only our own lock: one broken as stale and taken by another stays theirs.
            if _read_lock_bytes(lp) == self._text:
                with contextlib.suppress(FileNotFoundError):
                    lp.unlink()
            self.held = False

    def __enter__(self) -> WorkbookLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _stale_reason(kind: str, holder: dict[str, str], age: float) -> str:
    """Why a held lock looks abandoned, for the warning before "Open anyway"."""
    who = f"{holder.get('user', 'someone')} on {holder.get('host', 'another computer')}"
    if kind == "dead":
        return (f"it was taken by FocusDesk process {holder.get('pid')} of {who}, which is "
                "no longer running (FocusDesk probably closed without releasing it)")
    if kind == "old":
        return (f"it was taken by {who} {age / 3600:.0f} hours ago and has not been renewed "
                "since: that FocusDesk probably crashed or lost the connection to the drive")
    return ""


def _place_lock(lp: Path, text: bytes) -> bool:
    """Create the lock file holding `text` in one atomic step; False when one exists.

    The text goes to a temporary file first, which is then hard-linked as the lock (a
    link fails when the name exists): a second FocusDesk either finds no lock or a
    complete one — never an empty file it could take for stale. Where hard links are
    not available (some network or FAT drives), Windows' rename (which also fails on an
    existing name) or an exclusive create serves, the grace period covering the latter."""
    tmp = lp.with_name(f".{lp.name}.{os.urandom(6).hex()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        try:
            _write_all(fd, text)
        finally:
            os.close(fd)
        try:
            os.link(tmp, lp)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass  # no hard links here
        if os.name == "nt":
            try:
                os.rename(tmp, lp)
                return True
            except FileExistsError:
                return False
        try:
            fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        try:
            _write_all(fd, text)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(lp)
            raise
        os.close(fd)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _break_stale_lock(lp: Path, raw: bytes) -> None:
    """Remove a stale lock whose content was `raw` — and only that one: it is moved
    aside first (one atomic rename: of two FocusDesks breaking it, one moves it), and a
    live holder's lock moved aside by mistake (taken between our reading and our
    renaming) is put back."""
    aside = lp.with_name(f".{lp.name}.{os.urandom(6).hex()}.stale")
    try:
        os.rename(lp, aside)
    except OSError:  # gone already, or held open (Windows): the next attempt sees
        return
    try:
        if _read_lock_bytes(aside) != raw:
            with contextlib.suppress(OSError):
                os.link(aside, lp)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(aside)


def _user() -> str:
    from ..model.workbook import current_user

    return current_user()
