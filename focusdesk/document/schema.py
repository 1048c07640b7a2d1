"""The `.focus` file's schema: the sequence of migrations `MIGRATIONS` (``PRAGMA
user_version`` records how many have been applied) and the application id that marks a
SQLite file as a FocusDesk workbook.

An older file is read through an in-memory migration and migrated by its next save (in
the save's transaction); a newer one is refused with a message (`check_version`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from .encoding import FILING_FIELDS, TB_FIELDS, joined_columns, stored_digest
from .errors import StoreError

APPLICATION_ID = 0x46444B31  # "FDK1": marks a SQLite file as a FocusDesk workbook


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
                    (joined_columns(accounts, descriptions, balances), month))



def _add_stored_digests(con: sqlite3.Connection) -> None:
    """Step 6: the SHA-256 of each trial balance and filing already stored, computed
    from what the file holds when it is migrated."""
    for table, fields in (("tb_import", TB_FIELDS), ("seg_filings", FILING_FIELDS)):
        rows = con.execute(f"SELECT rowid, {', '.join(fields)} FROM {table}").fetchall()
        con.executemany(f"UPDATE {table} SET stored_sha256 = ? WHERE rowid = ?",
                        [(stored_digest(values), rowid) for rowid, *values in rows])


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
    # descriptions and balances: see `joined_columns`): a 100,000-row trial balance is
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


def apply_migrations(con: sqlite3.Connection, start: int, stop: int = SCHEMA_VERSION) -> None:
    for step in MIGRATIONS[start:stop]:
        for statement in step:
            if callable(statement):
                statement(con)
            else:
                con.execute(statement)
    con.execute(f"PRAGMA user_version={stop}")
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")


def check_version(path: Path, con: sqlite3.Connection) -> int:
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
