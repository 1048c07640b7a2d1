"""The `.focus` workbook file: an SQLite database used as the document format.

One file per firm per year. It holds the firm header and settings, every entered value
with its provenance, and the audit log. This module reads (`load`) and writes (`save`) it;
its schema and migrations are `schema`'s, the lock a writer holds is `lock`'s, how a
stored record is encoded and sealed is `encoding`'s, the errors are `errors`'.

Crash safety. A save is one SQLite transaction on the file (rollback journal,
``synchronous=FULL``): killed at any instant, the file is either as it was or as saved —
SQLite rolls a hot journal back on the next open. A new file is written beside the
target and moved into place with `os.replace`, which is atomic.

Versions. An older file is read through an in-memory migration and the file itself
migrated by its next save (in the save's transaction); a newer one is refused with a
message (`schema.check_version`).

One writer. While a workbook is open for writing its lock (`lock.WorkbookLock`) names the
holder; and every save checks, inside its write transaction, that the file is still the
revision it loaded (a token in `meta`, new at every save): a writer that lost its lock to
a broken one is refused, not merged.

Stored records are checked. Each stored trial balance and Daily Seg filing keeps a
SHA-256 of its stored fields, verified on open: a damaged one is left out and named
(`SavedState.damaged`), the rest of the workbook opens.

The month close (step 7, `focusdesk.close.month_close`): each month's approval and open amendment,
and each filed version — written once, never rewritten; a damaged one is named and kept
as filed (the month stays frozen).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
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
from .encoding import (
    FILED_FIELDS,
    FILING_FIELDS,
    TB_FIELDS,
    joined_columns,
    split_columns,
    stored_digest,
)
from .errors import ChangedError, StoreError, disk_full, is_disk_full
from .schema import APPLICATION_ID, SCHEMA_VERSION, apply_migrations, check_version

SUFFIX = ".focus"


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
            con.execute(f"INSERT OR IGNORE INTO filed_versions ({', '.join(FILED_FIELDS)}, "
                        "stored_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, stored_digest(values)))
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
    for row in con.execute(f"SELECT {', '.join(FILED_FIELDS)}, stored_sha256 "
                           "FROM filed_versions ORDER BY month, number"):
        *values, stored = row
        (month, number, filed_date, reference, user, at, override, approval, reason,
         document, pdf, pdf_sha) = values
        if month not in MONTHS:
            continue
        bad = (stored_digest(values) != stored or not isinstance(pdf, bytes)
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
            rows_data = joined_columns(list(map(itemgetter(0), rows)),
                                        list(map(itemgetter(1), rows)),
                                        list(map(str, map(itemgetter(2), rows))))
        values = (month, tb.file_name, tb.sha256, tb.basis, tb.sheet, tb.imported_at,
                  tb.user, rows_data)
        con.execute(f"INSERT INTO tb_import ({', '.join(TB_FIELDS)}, stored_sha256) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, stored_digest(values)))


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
        con.execute(f"INSERT OR REPLACE INTO seg_filings ({', '.join(FILING_FIELDS)}, "
                    "stored_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*values, stored_digest(values)))


def _read_filings(con: sqlite3.Connection, damaged: list[str]) -> tuple[StoredFiling, ...]:
    """The stored filings whose SHA-256s still match; each other one named in
    `damaged` and left out (the file keeps it until it is imported again)."""
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    filings = []
    for row in con.execute(f"SELECT {', '.join(FILING_FIELDS)}, stored_sha256 "
                           "FROM seg_filings"):
        *values, stored = row
        sha, name, raw, end, firm, submit, form, amendment, status, amounts, at, user = values
        try:
            if (stored_digest(values) != stored or not isinstance(raw, bytes)
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
            version = check_version(path, con)
            if state.revision is not None and _revision(con) != state.revision:
                raise ChangedError(path)
            if version < SCHEMA_VERSION:
                apply_migrations(con, version)
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
            apply_migrations(con, 0)
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
    if is_disk_full(exc):
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
        version = check_version(path, con)
        if version < SCHEMA_VERSION:
            # Migrate a copy in memory: reading never writes (the file may be on a
            # read-only share, or held by another user); the next save migrates the file.
            memory = sqlite3.connect(":memory:", isolation_level=None)
            try:
                con.backup(memory)
                apply_migrations(memory, version)
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
    for row in con.execute(f"SELECT {', '.join(TB_FIELDS)}, stored_sha256 FROM tb_import"):
        *values, stored = row
        month, name, sha, basis, sheet, at, user, rows_data = values
        if month not in MONTHS:
            continue
        try:
            if stored_digest(values) != stored:
                raise ValueError("its SHA-256 does not match")
            with gc_paused():
                accounts, descriptions, balances = split_columns(rows_data)
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

