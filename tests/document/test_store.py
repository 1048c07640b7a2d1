"""The `.focus` workbook file: save/load, the audit log, migrations, refusals, the lock."""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.document import encoding, schema
from focusdesk.document import lock as lockfile
from focusdesk.document.lock import LockedError, WorkbookLock, lock_path, read_lock
from focusdesk.document.schema import APPLICATION_ID, SCHEMA_VERSION
from focusdesk.document.store import SavedState, StoreError, load, save
from focusdesk.form.catalog import Method
from focusdesk.model.workbook import (
    AuditEntry,
    Entry,
    TBRow,
    TrialBalance,
    Workbook,
    current_user,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _user_version(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()


def _audit_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        con.close()


def _rich_workbook() -> Workbook:
    """A workbook touching every kind of stored thing, built through the public setters."""
    wb = Workbook()
    wb.set_profile("firm.name", "Hudson Ridge Securities LLC")
    wb.set_profile("firm.id_no", "38714")
    wb.set_profile("firm.sec_file_no", "8-69142")
    wb.set_profile("firm.preparer", "Dana Whitfield, FINOP")
    wb.set_profile("firm.phone", "(212) 555-0147")
    wb.set_profile("year", 2026)
    wb.set_profile("method", "alternative")
    wb.set_profile("minimum_dollar", Decimal("100000.50"))
    wb.set_item("JAN", "3950", Decimal("1000"))
    wb.set_item("JAN", "3950", Decimal("2500.75"))  # old → new in the audit log
    wb.set_item("JAN", "3540", Decimal("-12.34"), source="imported",
                source_ref="trial.csv sha256:" + "ab" * 32)
    wb.set_item("FEB", "3501", Decimal("4218650.37"), source="carried")
    wb.set_item("DEC", "114", Decimal("42"))  # a count
    wb.set_item("MAR", "1710", Decimal("5"))
    wb.set_item("MAR", "1710", None)  # cleared: gone from items, logged as "clear"
    wb.set_schedule_b("JAN", "1", "I", Decimal("3"))
    wb.set_schedule_b("JAN", "1", "IV", Decimal("14210.5"), source="pasted")
    wb.set_schedule_b("JUN", "5A L", "II", Decimal("0"))
    wb.set_answer("JAN", True)
    wb.set_answer("JUN", False)
    return wb


def _assert_same_document(a: Workbook, b: Workbook) -> None:
    assert a.firm == b.firm
    assert (a.year, a.method, a.minimum_dollar) == (b.year, b.method, b.minimum_dollar)
    assert a.items == b.items  # Entry equality: value, source and source_ref
    assert a.schedule_b == b.schedule_b
    assert a.schedule_b_answer == b.schedule_b_answer
    assert a.audit == b.audit


# -- save → load ---------------------------------------------------------------------

def test_save_then_load_gives_the_same_document(tmp_path):
    wb = _rich_workbook()
    path = tmp_path / "firm.focus"
    save(wb, path)
    back, state = load(path)
    _assert_same_document(wb, back)
    assert state.audit_saved == len(wb.audit) == len(back.audit)
    # exact decimals, never floats
    assert back.minimum_dollar == Decimal("100000.50")
    assert isinstance(back.items["JAN"]["3950"].value, Decimal)
    assert back.method is Method.ALTERNATIVE
    assert back.year == 2026


def test_provenance_survives_the_round_trip(tmp_path):
    path = tmp_path / "firm.focus"
    save(_rich_workbook(), path)
    back, _ = load(path)
    assert back.items["JAN"]["3950"] == Entry(Decimal("2500.75"), "typed", "")
    assert back.items["JAN"]["3540"] == Entry(
        Decimal("-12.34"), "imported", "trial.csv sha256:" + "ab" * 32)
    assert back.items["FEB"]["3501"].source == "carried"
    assert back.schedule_b["JAN"][("1", "IV")] == Entry(Decimal("14210.5"), "pasted", "")
    assert "1710" not in back.items["MAR"]
    assert back.schedule_b_answer == {"JAN": True, "JUN": False}


def test_audit_log_records_who_and_old_to_new(tmp_path):
    path = tmp_path / "firm.focus"
    save(_rich_workbook(), path)
    back, _ = load(path)
    me = current_user()
    assert me == getpass.getuser()
    assert all(a.user == me for a in back.audit)
    assert all(a.at for a in back.audit)
    jan = [a for a in back.audit if (a.month, a.target) == ("JAN", "3950")]
    assert [(a.action, a.old, a.new) for a in jan] == [("set", "", "1000"),
                                                       ("set", "1000", "2500.75")]
    cleared = [a for a in back.audit if (a.month, a.target) == ("MAR", "1710")]
    assert [(a.action, a.old, a.new) for a in cleared] == [("set", "", "5"),
                                                           ("clear", "5", "")]
    method = [a for a in back.audit if a.target == "method"]
    assert [(a.action, a.old, a.new) for a in method] == [
        ("profile", "aggregate-indebtedness", "alternative")]
    imported = next(a for a in back.audit if a.target == "3540")
    assert imported.detail == "imported trial.csv sha256:" + "ab" * 32


def test_second_save_appends_only_new_audit_entries(tmp_path):
    path = tmp_path / "firm.focus"
    wb = _rich_workbook()
    state = SavedState()
    save(wb, path, state)
    first = len(wb.audit)
    assert state.audit_saved == first
    assert _audit_rows(path) == first

    wb.set_item("APR", "3950", Decimal("7"))
    wb.set_item("APR", "3950", Decimal("8"))
    save(wb, path, state)
    assert _audit_rows(path) == first + 2
    assert state.audit_saved == first + 2

    save(wb, path, state)  # nothing new: nothing appended
    assert _audit_rows(path) == first + 2

    back, back_state = load(path)
    assert back.audit == wb.audit
    # and a load → change → save cycle appends after what the file held
    back.set_profile("firm.phone", "555")
    save(back, path, back_state)
    again, _ = load(path)
    assert again.audit == back.audit
    assert len(again.audit) == first + 3
    assert again.audit[-1].old == "(212) 555-0147" and again.audit[-1].new == "555"


def test_save_replaces_entries_that_were_removed(tmp_path):
    path = tmp_path / "firm.focus"
    wb = _rich_workbook()
    state = SavedState()
    save(wb, path, state)
    wb.set_item("JAN", "3950", None)
    wb.set_schedule_b("JAN", "1", "I", None)
    wb.set_answer("JUN", None)
    save(wb, path, state)
    back, _ = load(path)
    assert "3950" not in back.items["JAN"]
    assert ("1", "I") not in back.schedule_b["JAN"]
    assert back.schedule_b_answer == {"JAN": True}


def test_new_file_is_a_marked_workbook_of_the_current_version(tmp_path):
    path = tmp_path / "firm.focus"
    save(Workbook(), path)
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    # no temporary files left beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firm.focus"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_file_permissions_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        save(Workbook(), tmp_path / "firm.focus")
    finally:
        os.umask(old)
    assert (tmp_path / "firm.focus").stat().st_mode & 0o777 == 0o644


def test_save_into_missing_folder_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        save(Workbook(), tmp_path / "nowhere" / "firm.focus")


def test_save_over_a_non_workbook_replaces_it(tmp_path):
    path = tmp_path / "firm.focus"
    path.write_text("not a workbook")
    save(_rich_workbook(), path)
    back, _ = load(path)
    assert back.firm.name == "Hudson Ridge Securities LLC"


# -- migrations ----------------------------------------------------------------------

def _version_1_file(path: Path) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        schema.apply_migrations(con, 0, 1)
        con.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("form", "FOCUS Part I"), ("year", "2024"), ("method", "alternative"),
            ("minimum_dollar", "250000"), ("firm.name", "Old Firm Inc."),
            ("firm.id_no", "123"), ("firm.sec_file_no", "8-1"), ("firm.preparer", "P"),
            ("firm.phone", "1"),
        ])
        con.executemany("INSERT INTO items VALUES (?, ?, ?, ?)", [
            ("JAN", "3950", "1000.25", "typed"),
            ("FEB", "3540", "77", "imported"),
        ])
        con.execute("INSERT INTO schedule_b VALUES ('JAN', '1', 'IV', '12', 'typed')")
        con.execute("INSERT INTO schedule_b_answer VALUES ('JAN', 1)")
        con.executemany(
            "INSERT INTO audit (at, user, action, month, target, old, new) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [("2024-02-01T10:00:00+00:00", "alice", "set", "JAN", "3950", "", "1000.25"),
             ("2024-03-01T10:00:00+00:00", "bob", "set", "FEB", "3540", "70", "77")],
        )
    finally:
        con.close()


def test_version_1_file_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.focus"
    _version_1_file(path)
    assert _user_version(path) == 1

    wb, state = load(path)
    assert _user_version(path) == 1  # reading never writes; the next save migrates
    assert wb.firm.name == "Old Firm Inc."
    assert (wb.year, wb.method, wb.minimum_dollar) == (2024, Method.ALTERNATIVE,
                                                        Decimal(250000))
    assert wb.items["JAN"]["3950"] == Entry(Decimal("1000.25"), "typed", "")
    assert wb.items["FEB"]["3540"] == Entry(Decimal("77"), "imported", "")
    assert wb.schedule_b["JAN"] == {("1", "IV"): Entry(Decimal("12"), "typed", "")}
    assert wb.schedule_b_answer == {"JAN": True}
    assert wb.audit == [
        AuditEntry("2024-02-01T10:00:00+00:00", "alice", "set", "JAN", "3950", "",
                   "1000.25", ""),
        AuditEntry("2024-03-01T10:00:00+00:00", "bob", "set", "FEB", "3540", "70", "77", ""),
    ]
    assert state.audit_saved == 2

    # the migrated file works as a current one: new provenance and audit detail are kept
    wb.set_item("MAR", "3950", Decimal("5"), source="imported", source_ref="x.json sha256:1")
    save(wb, path, state)
    again, _ = load(path)
    assert again.items["MAR"]["3950"].source_ref == "x.json sha256:1"
    assert again.audit[:2] == wb.audit[:2]
    assert again.audit[-1].detail == "imported x.json sha256:1"
    assert len(again.audit) == 3


def test_save_over_a_version_1_file_migrates_it(tmp_path):
    path = tmp_path / "old.focus"
    _version_1_file(path)
    wb = _rich_workbook()
    save(wb, path)
    assert _user_version(path) == SCHEMA_VERSION
    back, _ = load(path)
    assert back.items == wb.items
    assert back.firm == wb.firm


# -- refusals ------------------------------------------------------------------------

def test_newer_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.focus"
    save(_rich_workbook(), path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    before = _digest(path)

    with pytest.raises(StoreError) as info:
        load(path)
    message = str(info.value)
    assert "future.focus" in message
    assert "newer" in message
    assert f"file version {SCHEMA_VERSION + 1}" in message
    assert "\n" not in message

    with pytest.raises(StoreError, match="newer"):
        save(Workbook(), path)
    assert _digest(path) == before
    assert _user_version(path) == SCHEMA_VERSION + 1


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.focus"
    path.write_text("Dear diary,\n" * 100)
    with pytest.raises(StoreError, match=r"notes\.focus is not a FocusDesk workbook"):
        load(path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.focus"
    path.write_bytes(b"")
    with pytest.raises(StoreError, match="not a FocusDesk workbook"):
        load(path)


def test_other_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.focus"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('year', '2025')")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(StoreError, match=r"other\.focus is not a FocusDesk workbook"):
        load(path)
    assert _digest(path) == before


def _damaged(tmp_path: Path, damage: str) -> Path:
    good = tmp_path / "good.focus"
    save(_rich_workbook(), good)
    data = good.read_bytes()
    path = tmp_path / "bad.focus"
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 3])
    elif damage == "zeroed":
        path.write_bytes(data[:100] + bytes(len(data) - 100))
    else:
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 300)
    return path


@pytest.mark.parametrize("damage", ["truncated", "zeroed", "header-only"])
def test_damaged_workbook_is_refused_not_crashed(tmp_path, damage):
    path = _damaged(tmp_path, damage)
    before = _digest(path)
    with pytest.raises(StoreError, match=r"bad\.focus"):
        load(path)
    assert _digest(path) == before


@pytest.mark.parametrize("damage", ["truncated", "zeroed"])
def test_saving_over_a_damaged_workbook_is_a_store_error(tmp_path, damage):
    path = _damaged(tmp_path, damage)  # still marked as a FocusDesk workbook
    with pytest.raises(StoreError, match=r"bad\.focus"):
        save(_rich_workbook(), path)


def test_missing_file_and_folder_are_refused(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        load(tmp_path / "missing.focus")
    with pytest.raises(StoreError, match="folder"):
        load(tmp_path)


def test_unreadable_value_is_a_store_error(tmp_path):
    path = tmp_path / "firm.focus"
    save(_rich_workbook(), path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("UPDATE items SET value = 'twelve' WHERE code = '3950'")
    con.close()
    with pytest.raises(StoreError, match="cannot read"):
        load(path)


# -- the lock ------------------------------------------------------------------------

_HOLDER = """
import sys
from focusdesk.document.lock import WorkbookLock
lock = WorkbookLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
sys.stdin.read()  # hold until the test closes stdin
lock.release()
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_lock_held_by_another_process_names_user_and_host(tmp_path):
    path = tmp_path / "firm.focus"
    save(Workbook(), path)
    with subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], env=_env(),
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        try:
            assert holder.stdout.readline().strip() == "held"
            info = read_lock(path)
            assert info is not None and info["pid"] == str(holder.pid)

            with pytest.raises(LockedError) as exc:
                WorkbookLock(path).acquire()
            message = str(exc.value)
            assert current_user() in message
            assert socket.gethostname() in message
            assert "firm.focus" in message
            assert exc.value.holder["pid"] == str(holder.pid)
            # the refused attempt left the holder's lock alone
            assert read_lock(path) == info
        finally:
            holder.stdin.close()
            holder.wait(timeout=10)
    assert not lock_path(path).exists()  # released by its holder


def test_lock_acquire_and_release(tmp_path):
    path = tmp_path / "firm.focus"
    with WorkbookLock(path) as lock:
        assert lock.held
        info = json.loads(lock_path(path).read_text(encoding="utf-8"))
        assert info["user"] == current_user()
        assert info["host"] == socket.gethostname()
        assert info["pid"] == str(os.getpid())
    assert not lock.held
    assert not lock_path(path).exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _write_lock(path: Path, **holder: str) -> None:
    info = {"user": "carol", "host": socket.gethostname(), "pid": "1",
            "since": "2025-01-02 09:30", **holder}
    lock_path(path).write_text(json.dumps(info), encoding="utf-8")


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    path = tmp_path / "firm.focus"
    _write_lock(path, pid=str(_dead_pid()))
    lock = WorkbookLock(path)
    lock.acquire()
    try:
        info = read_lock(path)
        assert info is not None
        assert info["pid"] == str(os.getpid())
        assert info["user"] == current_user()
    finally:
        lock.release()
    assert not lock_path(path).exists()


def test_live_process_lock_is_not_taken_over(tmp_path):
    path = tmp_path / "firm.focus"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _write_lock(path, pid=str(sleeper.pid))
        with pytest.raises(LockedError, match=r"carol on .* since 2025-01-02 09:30"):
            WorkbookLock(path).acquire()
        assert read_lock(path)["pid"] == str(sleeper.pid)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_lock_from_another_host_is_never_taken_over(tmp_path):
    path = tmp_path / "firm.focus"
    # a pid that is dead here means nothing on another machine
    _write_lock(path, host="FINOP-PC-7", pid=str(_dead_pid()), user="dave")
    with pytest.raises(LockedError) as exc:
        WorkbookLock(path).acquire()
    assert "dave" in str(exc.value) and "FINOP-PC-7" in str(exc.value)
    assert read_lock(path)["host"] == "FINOP-PC-7"


@pytest.mark.parametrize("text", ["", "{garbage", "[1, 2]", '"carol"', "{}", "\xff\xfe"])
def test_unreadable_lock_is_never_stale_while_young(tmp_path, text):
    # An empty lock is one being written: taking it for stale lost updates (issue 15).
    # A lock holding a JSON list or string is unreadable too, not an internal error.
    path = tmp_path / "firm.focus"
    lock_path(path).write_bytes(text.encode("latin-1"))
    with pytest.raises(LockedError, match=r"firm\.focus is being opened by another "
                                          r"FocusDesk; try again in a moment"):
        WorkbookLock(path).acquire()
    assert lock_path(path).read_bytes() == text.encode("latin-1")
    assert read_lock(path) is None


@pytest.mark.parametrize("text", ["", "{garbage", "[1, 2]", '"carol"'])
def test_unreadable_lock_older_than_the_grace_period_is_taken_over(tmp_path, text):
    path = tmp_path / "firm.focus"
    lock_path(path).write_text(text, encoding="utf-8")
    old = os.stat(lock_path(path)).st_mtime - lockfile.LOCK_GRACE_SECONDS - 1
    os.utime(lock_path(path), (old, old))
    with WorkbookLock(path):
        assert read_lock(path)["pid"] == str(os.getpid())
    assert not lock_path(path).exists()
    assert [p.name for p in tmp_path.iterdir()] == []  # no temporary file left


def test_the_lock_is_taken_whole_in_one_step(tmp_path):
    # The holder's text is written aside and linked into place: the lock file is never
    # seen empty, and nothing is left beside it.
    path = tmp_path / "firm.focus"
    with WorkbookLock(path):
        assert os.stat(lock_path(path)).st_nlink == 1  # the temporary name is gone
        assert [p.name for p in tmp_path.iterdir()] == ["firm.focus.lock"]
        info = read_lock(path)
        assert info is not None and len(info["token"]) == 16


def test_a_lock_broken_and_taken_by_another_is_not_released_by_us(tmp_path):
    path = tmp_path / "firm.focus"
    lock = WorkbookLock(path)
    lock.acquire()
    _write_lock(path, host="elsewhere", user="erin")  # ours broken, theirs in its place
    lock.release()
    assert read_lock(path)["user"] == "erin"


def test_a_live_lock_moved_aside_by_a_stale_breaker_is_put_back(tmp_path):
    # Breaking a stale lock moves it aside and checks it is the stale one read: a live
    # holder's lock taken in between goes back.
    path = tmp_path / "firm.focus"
    _write_lock(path, host="elsewhere", user="erin")
    live = lock_path(path).read_bytes()
    lockfile._break_stale_lock(lock_path(path), b'{"pid": "1"}')
    assert lock_path(path).read_bytes() == live
    assert [p.name for p in tmp_path.iterdir()] == ["firm.focus.lock"]
    lockfile._break_stale_lock(lock_path(path), live)
    assert list(tmp_path.iterdir()) == []


def test_release_without_acquire_leaves_someone_elses_lock(tmp_path):
    path = tmp_path / "firm.focus"
    _write_lock(path, host="elsewhere")
    WorkbookLock(path).release()
    assert lock_path(path).exists()


# -- trial balances (step 4: a month's rows as one text) ---------------------------------

def _tb(rows: list[tuple[str, str, str]]) -> TrialBalance:
    return TrialBalance("tb.xlsx", "ab" * 32, tuple(TBRow(a, d, Decimal(b)) for a, d, b in rows),
                        "ytd", "TB", "2024-02-01T00:00:00+00:00", "alice")


@pytest.mark.parametrize("rows", [
    [("1010", "Cash", "1234.56"), ("2010-00", "", "-0.01"), ("3000", "Ünïcode “desc”", "0")],
    [("1010", "", "5")],  # one row with an empty cell
    [("1010", "tab\there and\nnew line", "1"), ("x\x1fy", "record\x1esep", "-2.50")],
])
def test_trial_balance_rows_round_trip_exactly(tmp_path, rows):
    wb = Workbook()
    wb.trial_balances["JAN"] = _tb(rows)
    path = tmp_path / "tb.focus"
    save(wb, path)
    back, _ = load(path)
    assert back.trial_balances == wb.trial_balances
    assert [str(r.balance) for r in back.trial_balances["JAN"].rows] == [b for *_, b in rows]


def test_version_3_trial_balance_rows_move_into_one_text(tmp_path):
    path = tmp_path / "v3.focus"
    con = sqlite3.connect(path, isolation_level=None)
    schema.apply_migrations(con, 0, 3)
    con.execute("INSERT INTO tb_import VALUES ('FEB', 'feb.xlsx', 'ff', 'period', 'TB', "
                "'2024-03-01', 'bob')")
    # stored out of order: pos decides
    con.executemany("INSERT INTO tb_rows VALUES ('FEB', ?, ?, ?, ?)",
                    [(1, "2000", "Payables", "-10.50"), (0, "1000", "Cash", "10.50"),
                     (2, "3000", "", "0")])
    con.close()

    wb, state = load(path)
    assert _user_version(path) == 3  # read through the in-memory migration
    rows = wb.trial_balances["FEB"].rows
    assert [(r.account, r.description, r.balance) for r in rows] == [
        ("1000", "Cash", Decimal("10.50")), ("2000", "Payables", Decimal("-10.50")),
        ("3000", "", Decimal(0))]
    assert wb.trial_balances["FEB"].basis == "period"

    wb.set_item("JAN", "3950", Decimal(1))
    save(wb, path, state)
    assert _user_version(path) == SCHEMA_VERSION
    con = sqlite3.connect(path)
    tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert "tb_rows" not in tables
    again, _ = load(path)
    assert again.trial_balances == wb.trial_balances


@pytest.mark.parametrize("digest", ["kept", "updated"])
def test_damaged_trial_balance_text_is_named_and_the_rest_opens(tmp_path, digest):
    # "kept": the text changed under its SHA-256; "updated": a text that never read
    # (e.g. an older file's, given its SHA-256 as it migrated).
    wb = Workbook()
    wb.trial_balances["JAN"] = _tb([("1010", "Cash", "1")])
    wb.trial_balances["FEB"] = _tb([("1010", "Cash", "2")])
    wb.set_item("JAN", "3950", Decimal(5))
    path = tmp_path / "tb.focus"
    save(wb, path)
    for damage in ("\x1e2\x1e1010\x1eCash\x1e1", "[[1], [2]]", "{", "\x1e1\x1ea\x1eb\x1eNaNx",
                   "\x1e1\x1ea\x1eb\x1eNaN", "\x1e1\x1ea\x1eb\x1e-Infinity",
                   "\x1e1\x1ea\x1eb\x1e1E+999999", "\x1e1\x1ea\x1eb\x1e2"):
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("UPDATE tb_import SET rows_data = ? WHERE month = 'FEB'", (damage,))
        if digest == "updated":
            row = con.execute(f"SELECT {', '.join(encoding.TB_FIELDS)} FROM tb_import "
                              "WHERE month = 'FEB'").fetchone()
            if damage == "\x1e1\x1ea\x1eb\x1e2":
                continue  # readable: not damage once its digest agrees
            con.execute("UPDATE tb_import SET stored_sha256 = ? WHERE month = 'FEB'",
                        (encoding.stored_digest(row),))
        con.close()
        back, state = load(path)
        assert state.damaged == ("FEB's stored trial balance (tb.xlsx) is damaged; "
                                 "re-import it",)
        assert list(back.trial_balances) == ["JAN"]
        assert back.value("JAN", "3950") == 5
