"""The `.focus` workbook file: an SQLite database used as the document format.

One file per firm per year. It holds the firm header and settings, every entered value
with its provenance, and the audit log.

Crash safety. A save is one SQLite transaction on the file (rollback journal,
``synchronous=FULL``): killed at any instant, the file is either as it was or as saved —
SQLite rolls a hot journal back on the next open. A new file is written beside the
target and moved into place with `os.replace`, which is atomic.

Versions. The schema is the sequence `MIGRATIONS`; ``PRAGMA user_version`` records how
many have been applied. An older file is read through an in-memory migration and the
file itself migrated by its next save (in the save's transaction); a newer one is
refused with a message.

Locking. While a workbook is open for writing, a lock file ``<name>.focus.lock`` beside
it names the holder (user, machine, process), as office programs do, so a second
FocusDesk — in this session or on another PC on a shared drive — can say who holds it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from operator import itemgetter
from pathlib import Path

from .bulk import gc_paused
from .catalog import MONTHS, Method
from .workbook import (
    AuditEntry,
    Entry,
    Firm,
    MappingRow,
    StoredFiling,
    TBRow,
    TrialBalance,
    Workbook,
)

APPLICATION_ID = 0x46444B31  # "FDK1": marks a SQLite file as a FocusDesk workbook
SUFFIX = ".focus"


class StoreError(Exception):
    """A workbook file that cannot be read or written; one sentence for the user."""


class LockedError(StoreError):
    def __init__(self, path: Path, holder: dict[str, str]):
        self.path = path
        self.holder = holder
        who = holder.get("user", "someone")
        host = holder.get("host", "another computer")
        since = holder.get("since", "")
        super().__init__(
            f"{path.name} is open in FocusDesk by {who} on {host}"
            + (f" since {since}" if since else "")
            + "; it can be opened read-only."
        )


def _tb_rows_to_text(con: sqlite3.Connection) -> None:
    """Step 4: each month's trial-balance rows from one table row an account into the
    month's `rows_data` (the order kept: tb_rows' pos, then rowid)."""
    by_month: dict[str, list[tuple[str, str, str]]] = {}
    for month, account, description, balance in con.execute(
            "SELECT month, account, description, balance FROM tb_rows "
            "ORDER BY month, pos, rowid"):
        by_month.setdefault(month, []).append((account, description, balance))
    for month, rows in by_month.items():
        accounts, descriptions, balances = zip(*rows, strict=True)
        con.execute("UPDATE tb_import SET rows_data = ? WHERE month = ?",
                    (_joined_columns(accounts, descriptions, balances), month))


# A trial balance's columns as one text: the row count, then each column's cells joined
# by the ASCII unit separator, all after and between record separators (ten times faster
# to write and read than JSON). A cell holding either separator itself (never seen in a
# ledger export) makes the text a JSON array instead.
_UNIT, _RECORD = "\x1f", "\x1e"


def _joined_columns(*columns: Sequence[str]) -> str:
    joined = [_UNIT.join(c) for c in columns]
    n = len(columns[0])
    if all(len(c) == n and j.count(_UNIT) == max(n - 1, 0) and _RECORD not in j
           for j, c in zip(joined, columns, strict=True)):
        return _RECORD.join(["", str(n), *joined])
    return json.dumps(columns, ensure_ascii=False, separators=(",", ":"))


def _columns(text: str) -> list[list[str]]:
    """The columns `_joined_columns` wrote."""
    if text.startswith(_RECORD):
        _, n, *joined = text.split(_RECORD)
        columns = [c.split(_UNIT) if int(n) else [] for c in joined]
    else:
        columns = json.loads(text)
        n = len(columns[0]) if columns else 0
    if not all(isinstance(c, list) and len(c) == int(n)
               and all(isinstance(v, str) for v in c) for c in columns):
        raise ValueError("a trial balance's columns differ in length or hold non-text")
    return columns


# Each step is a list of statements (SQL, or a function of the connection for what SQL
# cannot say); the schema version is len(MIGRATIONS).
MIGRATIONS: tuple[tuple[str | Callable[[sqlite3.Connection], None], ...], ...] = (
    # 1: the document
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE items (month TEXT NOT NULL, code TEXT NOT NULL, value TEXT NOT NULL, "
        "source TEXT NOT NULL, PRIMARY KEY (month, code))",
        "CREATE TABLE schedule_b (month TEXT NOT NULL, line TEXT NOT NULL, "
        "col TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL, "
        "PRIMARY KEY (month, line, col))",
        "CREATE TABLE schedule_b_answer (month TEXT PRIMARY KEY, answer INTEGER NOT NULL)",
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, "
        "action TEXT NOT NULL, month TEXT NOT NULL, target TEXT NOT NULL, old TEXT NOT NULL, "
        "new TEXT NOT NULL)",
    ),
    # 2: provenance names its source (an imported file and its SHA-256); audit detail
    (
        "ALTER TABLE items ADD COLUMN source_ref TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE schedule_b ADD COLUMN source_ref TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE audit ADD COLUMN detail TEXT NOT NULL DEFAULT ''",
    ),
    # 3: trial-balance import: the account mapping and each month's imported trial balance
    (
        "CREATE TABLE tb_mapping (pos INTEGER PRIMARY KEY, account TEXT NOT NULL, "
        "code TEXT NOT NULL, sign TEXT NOT NULL DEFAULT '')",
        "CREATE TABLE tb_import (month TEXT PRIMARY KEY, file_name TEXT NOT NULL, "
        "sha256 TEXT NOT NULL, basis TEXT NOT NULL, sheet TEXT NOT NULL DEFAULT '', "
        "imported_at TEXT NOT NULL DEFAULT '', user TEXT NOT NULL DEFAULT '')",
        # one row per account, in the file's order (no index: a 100,000-row trial
        # balance is written in a fraction of the time)
        "CREATE TABLE tb_rows (month TEXT NOT NULL, pos INTEGER NOT NULL, "
        "account TEXT NOT NULL, description TEXT NOT NULL, balance TEXT NOT NULL)",
    ),
    # 4: a month's trial balance as one text in its tb_import row (its accounts,
    # descriptions and balances: see `_joined_columns`): a 100,000-row trial balance is
    # written and read in a few hundredths of a second, not one SQL row an account.
    (
        "ALTER TABLE tb_import ADD COLUMN rows_data TEXT NOT NULL DEFAULT '[[],[],[]]'",
        _tb_rows_to_text,
        "DROP TABLE tb_rows",
    ),
    # 5: Daily Seg filings (focusdesk.seg): each file as imported, byte for byte, with what
    # was read from it — amounts as a JSON list of [code, decimal string] in the file's
    # order — and its footing status
    (
        "CREATE TABLE seg_filings (sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, "
        "raw BLOB NOT NULL, end_date TEXT NOT NULL, firm TEXT NOT NULL DEFAULT '', "
        "submit_date TEXT NOT NULL DEFAULT '', form TEXT NOT NULL DEFAULT '', "
        "amendment TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '', "
        "amounts TEXT NOT NULL DEFAULT '[]', imported_at TEXT NOT NULL DEFAULT '', "
        "user TEXT NOT NULL DEFAULT '')",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def _connect(path: Path) -> sqlite3.Connection:
    try:
        con = sqlite3.connect(path, timeout=5, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"{path.name} cannot be opened: {exc}") from None
    try:
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("PRAGMA synchronous=FULL")
    except sqlite3.DatabaseError as exc:  # reading the header: a damaged or busy file
        con.close()
        raise _db_error(path, exc) from None
    return con


def _db_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if "locked" in str(exc) or "busy" in str(exc):
        return StoreError(f"{path.name} is busy in another program; try again.")
    return StoreError(f"{path.name} is damaged or not a FocusDesk workbook ({exc})")


def _apply_migrations(con: sqlite3.Connection, start: int, stop: int = SCHEMA_VERSION) -> None:
    for step in MIGRATIONS[start:stop]:
        for statement in step:
            if callable(statement):
                statement(con)
            else:
                con.execute(statement)
    con.execute(f"PRAGMA user_version={stop}")
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")


def _check_version(path: Path, con: sqlite3.Connection) -> int:
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise StoreError(f"{path.name} is not a FocusDesk workbook (not a database)") from None
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path.name} is not a FocusDesk workbook")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path.name} was saved by a newer FocusDesk (file version {version}, this "
            f"version reads up to {SCHEMA_VERSION}); update FocusDesk to open it."
        )
    return version


def _write_document(con: sqlite3.Connection, wb: Workbook, audit_from: int) -> None:
    meta = {
        "form": wb.form.name,
        "year": str(wb.year),
        "method": wb.method.value,
        "minimum_dollar": str(wb.minimum_dollar),
        **{f"firm.{k}": getattr(wb.firm, k) for k in Firm.FIELDS},
    }
    con.execute("DELETE FROM meta")
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    con.execute("DELETE FROM items")
    con.executemany(
        "INSERT INTO items (month, code, value, source, source_ref) VALUES (?, ?, ?, ?, ?)",
        [(m, c, str(e.value), e.source, e.source_ref)
         for m, d in wb.items.items() for c, e in d.items()],
    )
    con.execute("DELETE FROM schedule_b")
    con.executemany(
        "INSERT INTO schedule_b (month, line, col, value, source, source_ref) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(m, line, col, str(e.value), e.source, e.source_ref)
         for m, d in wb.schedule_b.items() for (line, col), e in d.items()],
    )
    con.execute("DELETE FROM schedule_b_answer")
    con.executemany("INSERT INTO schedule_b_answer VALUES (?, ?)",
                    [(m, int(a)) for m, a in wb.schedule_b_answer.items()])
    con.executemany(
        "INSERT INTO audit (at, user, action, month, target, old, new, detail) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(a.at, a.user, a.action, a.month, a.target, a.old, a.new, a.detail)
         for a in wb.audit[audit_from:]],
    )
    con.execute("DELETE FROM tb_mapping")
    con.executemany("INSERT INTO tb_mapping (pos, account, code, sign) VALUES (?, ?, ?, ?)",
                    [(i, r.account, r.code, r.sign) for i, r in enumerate(wb.tb_mapping)])


def _write_trial_balances(con: sqlite3.Connection, wb: Workbook,
                          saved: dict[str, TrialBalance] | None) -> None:
    """Rewrite only the months whose trial balance changed since `saved` (what the file
    holds; None: unknown, rewrite all) — a 100,000-row trial balance is not rewritten by
    every save of a typed cell."""
    if saved is None:
        con.execute("DELETE FROM tb_import")
        saved = {}
    for month in MONTHS:
        tb, old = wb.trial_balances.get(month), saved.get(month)
        if tb is old:
            continue
        con.execute("DELETE FROM tb_import WHERE month = ?", (month,))
        if tb is None:
            continue
        with gc_paused():
            rows = tb.rows
            rows_data = _joined_columns(list(map(itemgetter(0), rows)),
                                        list(map(itemgetter(1), rows)),
                                        list(map(str, map(itemgetter(2), rows))))
        con.execute("INSERT INTO tb_import (month, file_name, sha256, basis, sheet, "
                    "imported_at, user, rows_data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (month, tb.file_name, tb.sha256, tb.basis, tb.sheet, tb.imported_at,
                     tb.user, rows_data))


def _write_filings(con: sqlite3.Connection, wb: Workbook,
                   saved: tuple[StoredFiling, ...] | None) -> None:
    """Write the filings added since `saved` (what the file holds; None: unknown, rewrite
    all) and delete those removed; a filing is immutable, known by its SHA-256."""
    if saved is wb.filings:
        return
    if saved is None:
        con.execute("DELETE FROM seg_filings")
        saved = ()
    keep = {f.sha256 for f in wb.filings}
    for f in saved:
        if f.sha256 not in keep:
            con.execute("DELETE FROM seg_filings WHERE sha256 = ?", (f.sha256,))
    held = {f.sha256: f for f in saved}
    for f in wb.filings:
        if held.get(f.sha256) == f:
            continue
        con.execute(
            "INSERT OR REPLACE INTO seg_filings (sha256, file_name, raw, end_date, firm, "
            "submit_date, form, amendment, status, amounts, imported_at, user) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (f.sha256, f.file_name, f.raw, f.end_date, f.firm, f.submit_date, f.form,
             f.amendment, f.status, json.dumps([[c, str(v)] for c, v in f.values]),
             f.imported_at, f.user))


def _read_filings(con: sqlite3.Connection) -> tuple[StoredFiling, ...]:
    filings = [
        StoredFiling(name, sha, bytes(raw), end, firm, submit, form, amendment, status,
                     tuple((str(c), Decimal(v)) for c, v in json.loads(amounts)), at, user)
        for sha, name, raw, end, firm, submit, form, amendment, status, amounts, at, user
        in con.execute("SELECT sha256, file_name, raw, end_date, firm, submit_date, form, "
                       "amendment, status, amounts, imported_at, user FROM seg_filings")]
    return tuple(sorted(filings, key=lambda f: (f.end_date, f.imported_at, f.sha256)))


@dataclass
class SavedState:
    """What `load` read and `save` needs to append the audit log without rewriting it."""

    audit_saved: int = 0
    # The trial balances the file holds (compared by identity: they are immutable); None
    # when unknown, so a save rewrites them all.
    tb_saved: dict[str, TrialBalance] | None = None
    # The Daily Seg filings the file holds (the workbook's tuple as loaded or saved).
    filings_saved: tuple[StoredFiling, ...] | None = None


def save(wb: Workbook, path: str | os.PathLike[str], state: SavedState | None = None) -> None:
    """Save crash-safely: the file is the old document or the new one, never a mix.

    `state.audit_saved` says how many of `wb.audit` are already in the file (those read by
    `load` or written by an earlier save); only later entries are appended.
    """
    path = Path(path)
    state = state or SavedState()
    try:
        if _is_workbook_file(path):
            con = _connect(path)
            try:
                version = _check_version(path, con)
                con.execute("BEGIN IMMEDIATE")
                try:
                    if version < SCHEMA_VERSION:
                        _apply_migrations(con, version)
                    _write_document(con, wb, state.audit_saved)
                    _write_trial_balances(con, wb, state.tb_saved)
                    _write_filings(con, wb, state.filings_saved)
                    con.execute("COMMIT")
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
            finally:
                con.close()
        else:
            # A new file: build it aside, then move it into place in one atomic step.
            # (Not mkstemp: its 0600 would keep colleagues out; this mode follows the umask.)
            import secrets  # here, not at start-up: the window opens faster

            tmp = str(path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp"))
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            try:
                con = _connect(Path(tmp))
                try:
                    con.execute("BEGIN")
                    _apply_migrations(con, 0)
                    _write_document(con, wb, state.audit_saved)
                    _write_trial_balances(con, wb, {})
                    _write_filings(con, wb, ())
                    con.execute("COMMIT")
                finally:
                    con.close()
                _fsync(tmp)
                os.replace(tmp, path)
                _fsync_dir(path.parent)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{path.name} is busy in another program; try again.") from None
        raise StoreError(f"{path.name} could not be saved: {exc}") from None
    except sqlite3.DatabaseError as exc:  # an existing file found damaged while writing
        raise _db_error(path, exc) from None
    except PermissionError:
        raise StoreError(f"{path.name} could not be saved: permission denied.") from None
    except FileNotFoundError:
        raise StoreError(f"{path.parent} does not exist; {path.name} was not saved.") from None
    state.audit_saved = len(wb.audit)
    state.tb_saved = dict(wb.trial_balances)
    state.filings_saved = wb.filings


def _is_workbook_file(path: Path) -> bool:
    """An existing FocusDesk workbook is updated in place; anything else is replaced."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
            fh.seek(68)  # the SQLite header's application id, big-endian
            return int.from_bytes(fh.read(4), "big") == APPLICATION_ID
    except OSError:
        return False


def _fsync(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        with contextlib.suppress(OSError):
            _fsync(path)


def load(path: str | os.PathLike[str]) -> tuple[Workbook, SavedState]:
    """Read a workbook (an older one migrated in memory); refuse a newer one."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path} does not exist")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a workbook file")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise StoreError(f"{path.name} cannot be read: permission denied") from None
    if head != b"SQLite format 3\x00":
        raise StoreError(f"{path.name} is not a FocusDesk workbook")
    con = _connect(path)
    try:
        version = _check_version(path, con)
        if version < SCHEMA_VERSION:
            # Migrate a copy in memory: reading never writes (the file may be on a
            # read-only share, or held by another user); the next save migrates the file.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            try:
                con.backup(memory)
                _apply_migrations(memory, version)
                return _read_document(path, memory)
            finally:
                memory.close()
        return _read_document(path, con)
    except sqlite3.DatabaseError as exc:
        raise _db_error(path, exc) from None
    finally:
        con.close()


def _read_document(path: Path, con: sqlite3.Connection) -> tuple[Workbook, SavedState]:
    meta = dict(con.execute("SELECT key, value FROM meta"))
    wb = Workbook()
    try:
        wb.year = int(meta.get("year", wb.year))
        wb.method = Method(meta.get("method", wb.method.value))
        wb.minimum_dollar = Decimal(meta.get("minimum_dollar", str(wb.minimum_dollar)))
        for k in Firm.FIELDS:
            setattr(wb.firm, k, meta.get(f"firm.{k}", ""))
        for month, code, value, source, ref in con.execute(
            "SELECT month, code, value, source, source_ref FROM items"
        ):
            if month in MONTHS:
                wb.items[month][code] = Entry(Decimal(value), source, ref)
        for month, line, col, value, source, ref in con.execute(
            "SELECT month, line, col, value, source, source_ref FROM schedule_b"
        ):
            if month in MONTHS:
                wb.schedule_b[month][(line, col)] = Entry(Decimal(value), source, ref)
        for month, answer in con.execute("SELECT month, answer FROM schedule_b_answer"):
            wb.schedule_b_answer[month] = bool(answer)
        wb.audit = [AuditEntry(*row) for row in con.execute(
            "SELECT at, user, action, month, target, old, new, detail FROM audit ORDER BY id")]
        wb.tb_mapping = tuple(MappingRow(a, c, sg) for a, c, sg in con.execute(
            "SELECT account, code, sign FROM tb_mapping ORDER BY pos"))
        make_row = partial(tuple.__new__, TBRow)
        for month, name, sha, basis, sheet, at, user, rows_data in con.execute(
                "SELECT month, file_name, sha256, basis, sheet, imported_at, user, rows_data "
                "FROM tb_import"):
            if month in MONTHS:
                with gc_paused():
                    accounts, descriptions, balances = _columns(rows_data)
                    rows = tuple(map(make_row, zip(accounts, descriptions,
                                                   map(Decimal, balances), strict=True)))
                wb.trial_balances[month] = TrialBalance(
                    name, sha, rows, basis, sheet, at, user)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise StoreError(f"{path.name} holds a value FocusDesk cannot read ({exc})") from None
    try:
        wb.filings = _read_filings(con)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise StoreError(f"{path.name} holds a Daily Seg filing FocusDesk cannot read "
                         f"({exc})") from None
    return wb, SavedState(audit_saved=len(wb.audit), tb_saved=dict(wb.trial_balances),
                          filings_saved=wb.filings)


# -- the lock file -------------------------------------------------------------------

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


def read_lock(path: Path) -> dict[str, str] | None:
    try:
        return json.loads(lock_path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, OSError):
        return None


class WorkbookLock:
    """Holds ``<file>.lock`` while a workbook is open for writing."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.held = False

    def acquire(self) -> None:
        import socket  # here, not at start-up (its enums cost milliseconds to set up)

        me = {"user": _user(), "host": socket.gethostname(), "pid": str(os.getpid()),
              "since": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")}
        lp = lock_path(self.path)
        for _ in range(2):
            try:
                fd = os.open(lp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = read_lock(self.path) or {}
                stale = (holder.get("host") == me["host"] and holder.get("pid", "").isdigit()
                         and not _pid_alive(int(holder["pid"])))
                if holder.get("host") == me["host"] and holder.get("pid") == me["pid"]:
                    stale = True  # our own process re-opening
                if stale or not holder:
                    with contextlib.suppress(FileNotFoundError):
                        lp.unlink()
                    continue
                raise LockedError(self.path, holder) from None
            except PermissionError:
                raise StoreError(
                    f"{self.path.name} cannot be locked for writing (permission denied); "
                    "it can be opened read-only."
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(me, fh)
            self.held = True
            return
        raise StoreError(f"{self.path.name} could not be locked")

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                lock_path(self.path).unlink()
            self.held = False

    def __enter__(self) -> WorkbookLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _user() -> str:
    from .workbook import current_user

    return current_user()
