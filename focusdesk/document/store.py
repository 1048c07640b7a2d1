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

One writer. While a workbook is open for writing, a lock file ``<name>.focus.lock``
beside it names the holder (user, machine, process), as office programs do, so a second
FocusDesk — in this session or on another PC on a shared drive — can say who holds it.
The lock is taken in one atomic step (its text written to a temporary file, then
hard-linked into place), so no one ever sees it empty. And every save checks, inside its
write transaction, that the file is still the revision it loaded (a token in `meta`,
new at every save): a writer that lost its lock to a broken one is refused, not merged.

Stored records are checked. Each stored trial balance and Daily Seg filing keeps a
SHA-256 of its stored fields, verified on open: a damaged one is left out and named
(`SavedState.damaged`), the rest of the workbook opens.

The month close (step 7, `focusdesk.close.month_close`): each month's approval and open amendment,
and each filed version — written once, never rewritten; a damaged one is named and kept
as filed (the month stays frozen).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from operator import itemgetter
from pathlib import Path

from ..base.atomicfile import replacing
from ..base.bulk import gc_paused
from ..base.money import LARGEST_AMOUNT
from ..form.catalog import MONTHS, Method
from ..model.workbook import (
    WORKSHEET_KINDS,
    Approval,
    AuditEntry,
    Entry,
    FiledVersion,
    Firm,
    MappingRow,
    MonthClose,
    Reopening,
    StoredFiling,
    StoredWorksheet,
    TBRow,
    TrialBalance,
    Workbook,
    check_text,
)

APPLICATION_ID = 0x46444B31  # "FDK1": marks a SQLite file as a FocusDesk workbook
SUFFIX = ".focus"


class StoreError(Exception):
    """A workbook file that cannot be read or written; one sentence for the user."""


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


class ChangedError(StoreError):
    """The file is no longer the revision this document was loaded from."""

    def __init__(self, path: Path):
        super().__init__(f"{path.name}: the workbook was changed by another FocusDesk since "
                         "it was opened; nothing was saved.")


def disk_full(name: str) -> StoreError:
    return StoreError(f"{name}: the disk is full; nothing was saved.")


def _is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.Error):
        return (getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
                or "disk is full" in str(exc))
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


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


# The stored fields of a trial balance and of a Daily Seg filing, in the order their
# SHA-256 (`stored_sha256`, step 6) is taken over.
_TB_FIELDS = ("month", "file_name", "sha256", "basis", "sheet", "imported_at", "user",
              "rows_data")
_FILING_FIELDS = ("sha256", "file_name", "raw", "end_date", "firm", "submit_date", "form",
                  "amendment", "status", "amounts", "imported_at", "user")
# A filed version's stored fields (step 7), in the order its SHA-256 is taken over.
_FILED_FIELDS = ("month", "number", "filed_date", "reference", "user", "at", "override",
                 "approval", "reason", "document", "pdf", "pdf_sha256")


def _stored_digest(values: Sequence[object]) -> str:
    """The SHA-256 of a stored record's fields, each length-prefixed (so no two records
    run together alike): what a flipped bit in the file, which SQLite's own checks pass,
    no longer matches."""
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    h = hashlib.sha256()
    for v in values:
        b = v if isinstance(v, bytes) else str(v).encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()


def _add_stored_digests(con: sqlite3.Connection) -> None:
    """Step 6: the SHA-256 of each trial balance and filing already stored, computed
    from what the file holds when it is migrated."""
    for table, fields in (("tb_import", _TB_FIELDS), ("seg_filings", _FILING_FIELDS)):
        rows = con.execute(f"SELECT rowid, {', '.join(fields)} FROM {table}").fetchall()
        con.executemany(f"UPDATE {table} SET stored_sha256 = ? WHERE rowid = ?",
                        [(_stored_digest(values), rowid) for rowid, *values in rows])


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
    # 6: a SHA-256 of each stored trial balance and filing, verified on open (a flipped
    # bit passes SQLite's integrity check); an older file's are computed as it migrates
    (
        "ALTER TABLE tb_import ADD COLUMN stored_sha256 TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE seg_filings ADD COLUMN stored_sha256 TEXT NOT NULL DEFAULT ''",
        _add_stored_digests,
    ),
    # 7: the month close (focusdesk.close.month_close): each month's approval and open
    # amendment (JSON, '' when none), and each filed version kept exactly — its document
    # (inputs with their sources, computed lines, findings: canonical JSON) and the printed
    # PDF's bytes with their SHA-256 — never rewritten once written. An older file's months
    # are Drafts.
    (
        "CREATE TABLE month_close (month TEXT PRIMARY KEY, approval TEXT NOT NULL DEFAULT '', "
        "reopened TEXT NOT NULL DEFAULT '')",
        "CREATE TABLE filed_versions (month TEXT NOT NULL, number INTEGER NOT NULL, "
        "filed_date TEXT NOT NULL, reference TEXT NOT NULL DEFAULT '', "
        "user TEXT NOT NULL DEFAULT '', at TEXT NOT NULL DEFAULT '', "
        "override TEXT NOT NULL DEFAULT '', approval TEXT NOT NULL DEFAULT '', "
        "reason TEXT NOT NULL DEFAULT '', document TEXT NOT NULL, pdf BLOB NOT NULL, "
        "pdf_sha256 TEXT NOT NULL, stored_sha256 TEXT NOT NULL, PRIMARY KEY (month, number))",
    ),
    # 8: the worksheets' inputs (focusdesk.worksheets): per month and kind, the file's
    # name and SHA-256, its rows as JSON text under the worksheet's columns, the options
    (
        "CREATE TABLE worksheets (month TEXT NOT NULL, kind TEXT NOT NULL, "
        "file_name TEXT NOT NULL, sha256 TEXT NOT NULL, data TEXT NOT NULL, "
        "imported_at TEXT NOT NULL DEFAULT '', user TEXT NOT NULL DEFAULT '', "
        "PRIMARY KEY (month, kind))",
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


def _write_document(con: sqlite3.Connection, wb: Workbook, audit_from: int,
                    revision: str) -> None:
    meta = {
        "revision": revision,
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
    _write_close(con, wb)
    _write_worksheets(con, wb)


def _write_worksheets(con: sqlite3.Connection, wb: Workbook) -> None:
    con.execute("DELETE FROM worksheets")
    con.executemany(
        "INSERT INTO worksheets (month, kind, file_name, sha256, data, imported_at, user) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(m, k, w.file_name, w.sha256,
          json.dumps({"columns": w.columns, "rows": w.rows, "options": w.options},
                     ensure_ascii=False), w.imported_at, w.user)
         for (m, k), w in wb.worksheets.items()])


def _read_worksheets(con: sqlite3.Connection,
                     damaged: list[str]) -> dict[tuple[str, str], StoredWorksheet]:
    """The kept worksheet inputs; one that does not read is named in `damaged` and left
    out (importing its file again restores it)."""
    out: dict[tuple[str, str], StoredWorksheet] = {}
    for month, kind, name, sha, data, at, user in con.execute(
            "SELECT month, kind, file_name, sha256, data, imported_at, user FROM worksheets"):
        try:
            if month not in MONTHS or kind not in WORKSHEET_KINDS:
                raise ValueError(f"{kind!r} of {month!r}")
            doc = json.loads(data)
            rows = tuple(tuple(str(c) for c in r) for r in doc["rows"])
            stored = StoredWorksheet(kind, str(name), str(sha),
                                     tuple(str(c) for c in doc["columns"]), rows,
                                     tuple(str(o) for o in doc.get("options", ())),
                                     str(at), str(user))
            check_text("file_name", stored.file_name)
        except (ValueError, TypeError, KeyError):
            damaged.append(f"{month}'s stored {kind} worksheet ({str(name)[:60]}) is damaged; "
                           "import its file again")
            continue
        out[(month, kind)] = stored
    return out


def _approval_text(a: Approval | None) -> str:
    if a is None:
        return ""
    return json.dumps({"reviewer": a.reviewer, "user": a.user, "at": a.at, "note": a.note,
                       "figures_sha256": a.figures_sha256}, ensure_ascii=False)


def _approval(text: str) -> Approval | None:
    if not text:
        return None
    d = json.loads(text)
    return Approval(str(d["reviewer"]), str(d["user"]), str(d["at"]), str(d.get("note", "")),
                    str(d.get("figures_sha256", "")))


def _write_close(con: sqlite3.Connection, wb: Workbook) -> None:
    """The month close: each month's approval and open amendment rewritten; each filed
    version written once (one already in the file is never rewritten, a damaged one
    included: the file keeps what was filed)."""
    con.execute("DELETE FROM month_close")
    rows = []
    for month, mc in wb.close.items():
        r = mc.reopened
        reopened = "" if r is None else json.dumps(
            {"number": r.number, "reason": r.reason, "user": r.user, "at": r.at},
            ensure_ascii=False)
        rows.append((month, _approval_text(mc.approval), reopened))
        for v in mc.versions:
            if v.damaged:
                continue
            values = (v.month, v.number, v.filed_date, v.reference, v.user, v.at, v.override,
                      _approval_text(v.approval), v.reason, v.document, v.pdf, v.pdf_sha256)
            con.execute(f"INSERT OR IGNORE INTO filed_versions ({', '.join(_FILED_FIELDS)}, "
                        "stored_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, _stored_digest(values)))
    con.executemany("INSERT INTO month_close (month, approval, reopened) VALUES (?, ?, ?)",
                    rows)


def _read_close(con: sqlite3.Connection, damaged: list[str]) -> dict[str, MonthClose]:
    """The month close as stored. A filed version whose SHA-256s no longer match is kept
    as filed (the month stays frozen) but marked damaged and named in `damaged`: its
    record cannot be reproduced."""
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    approvals: dict[str, Approval | None] = {}
    reopenings: dict[str, Reopening | None] = {}
    for month, approval, reopened in con.execute(
            "SELECT month, approval, reopened FROM month_close"):
        if month not in MONTHS:
            continue
        approvals[month] = _approval(approval)
        if reopened:
            d = json.loads(reopened)
            reopenings[month] = Reopening(int(d["number"]), str(d["reason"]), str(d["user"]),
                                          str(d["at"]))
    versions: dict[str, list[FiledVersion]] = {}
    for row in con.execute(f"SELECT {', '.join(_FILED_FIELDS)}, stored_sha256 "
                           "FROM filed_versions ORDER BY month, number"):
        *values, stored = row
        (month, number, filed_date, reference, user, at, override, approval, reason,
         document, pdf, pdf_sha) = values
        if month not in MONTHS:
            continue
        bad = (_stored_digest(values) != stored or not isinstance(pdf, bytes)
               or hashlib.sha256(pdf).hexdigest() != pdf_sha)
        try:
            approved = _approval(approval)
        except (ValueError, TypeError, KeyError):
            approved, bad = None, True
        version = FiledVersion(month, int(number), str(filed_date), str(reference),
                               str(user), str(at), str(override), approved, str(reason),
                               str(document), pdf if isinstance(pdf, bytes) else b"",
                               str(pdf_sha), damaged=bad)
        if bad:
            damaged.append(f"{month}'s as-filed record ({version.name}, filed "
                           f"{_shown(filed_date, 10)}) is damaged; the month stays filed, but "
                           "its record cannot be reproduced")
        versions.setdefault(month, []).append(version)
    out: dict[str, MonthClose] = {}
    for month in MONTHS:
        if month in approvals or month in versions or month in reopenings:
            mc = MonthClose(approvals.get(month), tuple(versions.get(month, ())),
                            reopenings.get(month))
            if mc != MonthClose():
                out[month] = mc
    return out


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
        values = (month, tb.file_name, tb.sha256, tb.basis, tb.sheet, tb.imported_at,
                  tb.user, rows_data)
        con.execute(f"INSERT INTO tb_import ({', '.join(_TB_FIELDS)}, stored_sha256) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, _stored_digest(values)))


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
        values = (f.sha256, f.file_name, f.raw, f.end_date, f.firm, f.submit_date, f.form,
                  f.amendment, f.status, json.dumps([[c, str(v)] for c, v in f.values]),
                  f.imported_at, f.user)
        con.execute(f"INSERT OR REPLACE INTO seg_filings ({', '.join(_FILING_FIELDS)}, "
                    "stored_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, _stored_digest(values)))


def _read_filings(con: sqlite3.Connection, damaged: list[str]) -> tuple[StoredFiling, ...]:
    """The stored filings whose SHA-256s still match; each other one named in
    `damaged` and left out (the file keeps it until it is imported again)."""
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    filings = []
    for row in con.execute(f"SELECT {', '.join(_FILING_FIELDS)}, stored_sha256 "
                           "FROM seg_filings"):
        *values, stored = row
        sha, name, raw, end, firm, submit, form, amendment, status, amounts, at, user = values
        try:
            if (_stored_digest(values) != stored or not isinstance(raw, bytes)
                    or hashlib.sha256(raw).hexdigest() != sha):
                raise ValueError("its SHA-256 does not match")
            pairs = json.loads(amounts)
            amounts_read = tuple((str(c), _amount(str(v))) for c, v in pairs)
            filings.append(StoredFiling(name, sha, raw, end, firm, submit, form, amendment,
                                        status, amounts_read, at, user))
        except (ValueError, TypeError, ArithmeticError):
            damaged.append(f"the stored Daily Seg filing {_shown(name)} (End Date "
                           f"{_shown(end, 10)}) is damaged; re-import it")
    return tuple(sorted(filings, key=lambda f: (f.end_date, f.imported_at, f.sha256)))


def _shown(value: object, limit: int = 80) -> str:
    """A stored name as a message shows it: short, no control characters."""
    return "".join(c if c.isprintable() else "?" for c in str(value)[:limit])


def _amount(text: object) -> Decimal:
    """A stored amount: a finite decimal within the largest amount FocusDesk takes."""
    value = Decimal(text) if isinstance(text, str | int) else Decimal("NaN")
    if not value.is_finite() or abs(value) >= LARGEST_AMOUNT:
        raise ValueError(f"{str(text)[:40]!r} is not an amount FocusDesk can hold")
    return value


@dataclass
class SavedState:
    """What `load` read and `save` needs to append the audit log without rewriting it."""

    audit_saved: int = 0
    # The trial balances the file holds (compared by identity: they are immutable); None
    # when unknown, so a save rewrites them all.
    tb_saved: dict[str, TrialBalance] | None = None
    # The Daily Seg filings the file holds (the workbook's tuple as loaded or saved).
    filings_saved: tuple[StoredFiling, ...] | None = None
    # The file's revision as loaded or last saved: a save is refused when the file holds
    # another. None: this document was not read from the file (no check).
    revision: str | None = None
    # Stored records found damaged on open and left out, one sentence each
    # ("FEB's stored trial balance (feb.xlsx) is damaged; re-import it").
    damaged: tuple[str, ...] = ()


def save(wb: Workbook, path: str | os.PathLike[str], state: SavedState | None = None, *,
         replace: bool = False) -> None:
    """Save crash-safely: the file is the old document or the new one, never a mix.

    `state.audit_saved` says how many of `wb.audit` are already in the file (those read by
    `load` or written by an earlier save); only later entries are appended. When
    `state.revision` is set, the file must still hold that revision (checked inside the
    write transaction), or nothing is saved (`ChangedError`). `replace` writes a new file
    over whatever `path` holds (Save As over another workbook) instead of updating it.
    """
    path = Path(path)
    state = state or SavedState()
    revision = os.urandom(8).hex()
    try:
        if not replace and is_workbook_file(path):
            _save_in_place(path, wb, state, revision)
        else:
            _save_new(path, wb, revision)
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise _save_error(path, exc) from None
    state.audit_saved = len(wb.audit)
    state.tb_saved = dict(wb.trial_balances)
    state.filings_saved = wb.filings
    state.revision = revision


def _save_in_place(path: Path, wb: Workbook, state: SavedState, revision: str) -> None:
    con = _connect(path)
    try:
        con.execute("BEGIN IMMEDIATE")  # from here no other writer until COMMIT
        try:
            version = _check_version(path, con)
            if state.revision is not None and _revision(con) != state.revision:
                raise ChangedError(path)
            if version < SCHEMA_VERSION:
                _apply_migrations(con, version)
            _write_document(con, wb, state.audit_saved, revision)
            _write_trial_balances(con, wb, state.tb_saved)
            _write_filings(con, wb, state.filings_saved)
            con.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk): a ROLLBACK
            # then would only replace the real error with "no transaction is active".
            if con.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    con.execute("ROLLBACK")
            raise
    finally:
        con.close()


def _save_new(path: Path, wb: Workbook, revision: str) -> None:
    """A new file: built aside, then moved into place in one atomic step. It holds the
    whole document, the audit log from its first entry included."""
    with replacing(path) as tmp:  # mode 0666 & ~umask, as any file the user makes
        con = _connect(tmp)
        try:
            con.execute("BEGIN")
            _apply_migrations(con, 0)
            _write_document(con, wb, 0, revision)
            _write_trial_balances(con, wb, {})
            _write_filings(con, wb, ())
            con.execute("COMMIT")
        finally:
            con.close()


def _revision(con: sqlite3.Connection) -> str:
    row = con.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
    return row[0] if row else ""  # files saved before revisions: ""


def _save_error(path: Path, exc: sqlite3.Error | OSError) -> StoreError:
    if _is_disk_full(exc):
        return disk_full(path.name)
    if isinstance(exc, sqlite3.OperationalError):
        if "locked" in str(exc) or "busy" in str(exc):
            return StoreError(f"{path.name} is busy in another program; try again.")
        return StoreError(f"{path.name} could not be saved: {exc}")
    if isinstance(exc, sqlite3.DatabaseError):  # an existing file found damaged
        return _db_error(path, exc)
    if isinstance(exc, PermissionError):
        return StoreError(f"{path.name} could not be saved: permission denied.")
    if isinstance(exc, FileNotFoundError):
        return StoreError(f"{path.parent} does not exist; {path.name} was not saved.")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
    return StoreError(f"{path.name} could not be saved: {reason}.")


def is_workbook_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is an existing FocusDesk workbook — by its content (an SQLite
    file whose header carries FocusDesk's application id), whatever its name."""
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
            fh.seek(68)  # the SQLite header's application id, big-endian
            return int.from_bytes(fh.read(4), "big") == APPLICATION_ID
    except OSError:
        return False


# Who hears of stored records found damaged as a workbook is read (the command line
# prints them as warnings; the window reads `SavedState.damaged`).
_damage_report: ContextVar[Callable[[str], None] | None] = ContextVar(
    "focusdesk_damage_report", default=None)


@contextlib.contextmanager
def reporting_damage(report: Callable[[str], None]) -> Iterator[None]:
    """Within the block, `load` calls `report` with a sentence (the file's name first)
    for each stored record it found damaged and left out."""
    token = _damage_report.set(report)
    try:
        yield
    finally:
        _damage_report.reset(token)


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
                wb, state = _read_document(path, memory)
            finally:
                memory.close()
        else:
            wb, state = _read_document(path, con)
    except sqlite3.DatabaseError as exc:
        raise _db_error(path, exc) from None
    finally:
        con.close()
    report = _damage_report.get()
    if report is not None:
        for sentence in state.damaged:
            report(f"{path.name}: {sentence}")
    return wb, state


def _cannot_read(path: Path, what: str) -> StoreError:
    return StoreError(f"{path.name} holds a value FocusDesk cannot read ({what}); "
                      "nothing was changed.")


def _read_document(path: Path, con: sqlite3.Connection) -> tuple[Workbook, SavedState]:
    meta = dict(con.execute("SELECT key, value FROM meta"))
    wb = Workbook()
    try:
        wb.year = int(meta.get("year", wb.year))
        wb.method = Method(meta.get("method", wb.method.value))
        wb.minimum_dollar = _amount(meta.get("minimum_dollar", str(wb.minimum_dollar)))
        for k in Firm.FIELDS:
            text = str(meta.get(f"firm.{k}", ""))
            check_text(f"firm.{k}", text)  # a crafted file's 50 MB firm name: refused
            setattr(wb.firm, k, text)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise _cannot_read(path, f"the settings: {exc}") from None
    # Every stored value must be one the form has (an unknown code or a NaN would fail
    # later, in an export or a print, as an internal error).
    where = ""
    try:
        for month, code, value, source, ref in con.execute(
            "SELECT month, code, value, source, source_ref FROM items"
        ):
            where = f"{str(month)[:12]}"
            wb.check_month(str(month)[:12])
            wb.check_item_code(str(code)[:12] if code not in wb.form.by_code else code)
            where = f"{month} item {code}"
            wb.items[month][code] = Entry(_amount(value), source, ref)
        for month, line, col, value, source, ref in con.execute(
            "SELECT month, line, col, value, source, source_ref FROM schedule_b"
        ):
            where = f"{str(month)[:12]} Schedule B"
            wb.check_month(str(month)[:12])
            wb.check_b_cell(str(line)[:12], str(col)[:4], clearing=True)  # an older 5G IV
            where = f"{month} Schedule B line {line} {col}"
            wb.schedule_b[month][(line, col)] = Entry(_amount(value), source, ref)
        for month, answer in con.execute("SELECT month, answer FROM schedule_b_answer"):
            where = "Schedule B line 10"
            wb.check_month(str(month)[:12])
            wb.schedule_b_answer[month] = bool(answer)
    except (ValueError, TypeError, ArithmeticError) as exc:  # WorkbookError included
        raise _cannot_read(path, f"{where}: {exc}") from None
    try:
        wb.audit = [AuditEntry(*row) for row in con.execute(
            "SELECT at, user, action, month, target, old, new, detail FROM audit ORDER BY id")]
        wb.tb_mapping = tuple(MappingRow(a, c, sg) for a, c, sg in con.execute(
            "SELECT account, code, sign FROM tb_mapping ORDER BY pos"))
    except (ValueError, TypeError) as exc:
        raise _cannot_read(path, str(exc)) from None
    damaged: list[str] = []
    wb.trial_balances = _read_trial_balances(con, damaged)
    wb.filings = _read_filings(con, damaged)
    wb.worksheets = _read_worksheets(con, damaged)
    try:
        wb.close = _read_close(con, damaged)
    except (ValueError, TypeError, KeyError) as exc:
        raise _cannot_read(path, f"the month close: {exc}") from None
    return wb, SavedState(audit_saved=len(wb.audit), tb_saved=dict(wb.trial_balances),
                          filings_saved=wb.filings, revision=_revision(con),
                          damaged=tuple(damaged))


def _read_trial_balances(con: sqlite3.Connection,
                         damaged: list[str]) -> dict[str, TrialBalance]:
    """The stored trial balances whose SHA-256s still match and whose rows read; each
    other one named in `damaged` and left out (the file keeps it until it is imported
    again)."""
    out: dict[str, TrialBalance] = {}
    make_row = partial(tuple.__new__, TBRow)
    for row in con.execute(f"SELECT {', '.join(_TB_FIELDS)}, stored_sha256 FROM tb_import"):
        *values, stored = row
        month, name, sha, basis, sheet, at, user, rows_data = values
        if month not in MONTHS:
            continue
        try:
            if _stored_digest(values) != stored:
                raise ValueError("its SHA-256 does not match")
            with gc_paused():
                accounts, descriptions, balances = _columns(rows_data)
                amounts = list(map(Decimal, balances))
                # NaN cannot be ordered (InvalidOperation), infinity is too large
                if amounts and max(map(abs, amounts)) >= LARGEST_AMOUNT:
                    raise ValueError("an amount is out of range")
                rows = tuple(map(make_row, zip(accounts, descriptions, amounts,
                                               strict=True)))
        except (ValueError, TypeError, ArithmeticError):
            damaged.append(f"{month}'s stored trial balance ({_shown(name)}) is damaged; "
                           "re-import it")
            continue
        out[month] = TrialBalance(name, sha, rows, basis, sheet, at, user)
    return out


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
                if _is_disk_full(exc):
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
