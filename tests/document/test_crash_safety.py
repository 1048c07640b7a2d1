"""Saving is crash-safe: a writer killed (SIGKILL) at any instant leaves the workbook
either as it was or as saved — never corrupt, never a mix of the two.

A writer process alternates the file between two known states A and B, big enough that
a save takes milliseconds (every input line in all 12 months, Schedule B, a long audit
log), and is killed at random moments. After every kill the file must load and hold
exactly state A or state B, with an audit log that agrees with it.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.document.store import SavedState, load, save
from focusdesk.form.catalog import MONTHS, PART_I
from focusdesk.model.workbook import AuditEntry, Entry, Workbook

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

KILLS = 60  # writers killed while rewriting an existing file
NEW_FILE_KILLS = 15  # writers killed while writing brand-new files
SEED = int(os.environ.get("FOCUSDESK_CRASH_SEED", "20250117"))
ROOT = Path(__file__).resolve().parents[2]


def _states() -> dict[str, dict]:
    """Two complete documents differing in every entered value and in the firm name."""
    states = {}
    for offset, name in ((0, "A"), (1, "B")):
        items = [[m, item.code, str(Decimal(100_000 + 1000 * mi + ci + offset) / 100),
                  "imported" if ci % 3 else "typed", f"{name}.json sha256:{mi:02d}{ci:02d}"]
                 for mi, m in enumerate(MONTHS)
                 for ci, item in enumerate(PART_I.input_items)]
        cells = [[m, b.key, col, str(10 * bi + ci + mi + offset)]
                 for mi, m in enumerate(MONTHS)
                 for bi, b in enumerate(PART_I.b_input_lines)
                 for ci, col in enumerate(PART_I.b_columns)]
        answers = {m: (mi + offset) % 2 == 0 for mi, m in enumerate(MONTHS)}
        states[name] = {"firm": f"State {name} Securities", "items": items,
                        "schedule_b": cells, "answers": answers}
    return states


# The writer builds a document from a state (the same code the test uses to expect it).
_BUILD = """
from decimal import Decimal
from focusdesk.model.workbook import Entry

def apply(wb, st):
    wb.items = {m: {} for m in wb.items}
    for m, code, value, source, ref in st["items"]:
        wb.items[m][code] = Entry(Decimal(value), source, ref)
    wb.schedule_b = {m: {} for m in wb.schedule_b}
    for m, line, col, value in st["schedule_b"]:
        wb.schedule_b[m][(line, col)] = Entry(Decimal(value), "typed", "")
    wb.schedule_b_answer = dict(st["answers"])
    wb.set_profile("firm.name", st["firm"])  # one audit entry per save: old -> new
"""

_REWRITER = _BUILD + """
import json, sys
from focusdesk.document.store import load, save
path, states = sys.argv[1], json.load(open(sys.argv[2]))
wb, state = load(path)
print("ready", flush=True)
i = 0
while True:
    apply(wb, states["B" if i % 2 == 0 else "A"])
    save(wb, path, state)
    i += 1
"""

_NEW_WRITER = _BUILD + """
import json, sys
from pathlib import Path
from focusdesk.document.store import SavedState, save
from focusdesk.model.workbook import Workbook
folder, states = Path(sys.argv[1]), json.load(open(sys.argv[2]))
wb = Workbook()
apply(wb, states["A"])
print("ready", flush=True)
i = 0
while True:
    save(wb, folder / f"new-{i:05d}.focus", SavedState())
    i += 1
"""


def _apply(wb: Workbook, st: dict) -> None:
    namespace: dict = {}
    exec(_BUILD, namespace)
    namespace["apply"](wb, st)


def _snapshot(wb: Workbook) -> dict:
    """What a state fixes, in the same plain form as `_states`."""
    return {
        "firm": wb.firm.name,
        "items": sorted([m, c, str(e.value), e.source, e.source_ref]
                        for m, d in wb.items.items() for c, e in d.items()),
        "schedule_b": sorted([m, line, col, str(e.value)]
                             for m, d in wb.schedule_b.items() for (line, col), e in d.items()),
        "answers": dict(sorted(wb.schedule_b_answer.items())),
    }


def _normal(st: dict) -> dict:
    return {"firm": st["firm"], "items": sorted(st["items"]),
            "schedule_b": sorted(st["schedule_b"]), "answers": dict(sorted(st["answers"].items()))}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _start(script: Path, *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, str(script), *args], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    if line.strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"writer did not start: {err}")
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate()  # reap; closes the pipes
    assert proc.returncode == -signal.SIGKILL, "the writer died before it was killed"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_mtime_ns, st.st_size


def _hot_journal(journal: Path) -> bool:
    """A rollback journal with its header written: a transaction was under way."""
    try:
        return journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
    except FileNotFoundError:
        return False


def _integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def test_states_are_distinct_and_big():
    states = _states()
    a, b = _normal(states["A"]), _normal(states["B"])
    assert a != b
    assert {tuple(x[:2]) for x in a["items"]} == {tuple(x[:2]) for x in b["items"]}
    assert all(x[2] != y[2] for x, y in zip(a["items"], b["items"], strict=True))
    assert len(a["items"]) == 12 * len(PART_I.input_items)
    assert len(a["schedule_b"]) == 12 * len(PART_I.b_input_lines) * len(PART_I.b_columns)


def test_killed_writer_leaves_old_or_new_state(tmp_path):
    rng = random.Random(SEED)
    states = _states()
    expected = {name: _normal(st) for name, st in states.items()}
    states_file = tmp_path / "states.json"
    states_file.write_text(json.dumps(states))
    script = tmp_path / "rewriter.py"
    script.write_text(_REWRITER)
    path = tmp_path / "firm.focus"

    # State A, with a long audit log behind it.
    wb = Workbook()
    wb.audit = [AuditEntry("2025-01-01T00:00:00+00:00", "setup", "set", MONTHS[i % 12],
                           "3950", str(i), str(i + 1), "history " * 8) for i in range(5000)]
    _apply(wb, states["A"])
    save(wb, path)
    t0 = time.perf_counter()
    again, st = load(path)
    save(again, path, st)  # a save of the whole document, to time it
    save_time = time.perf_counter() - t0

    seen = {"A": 0, "B": 0}
    mid_save = hot = 0
    previous_audit = 0
    for kill in range(KILLS):
        journal = path.with_name(path.name + "-journal")
        stale = _stamp(journal)  # a journal an earlier kill left, not hot, is ignored
        proc = _start(script, str(path), str(states_file))
        time.sleep(rng.uniform(0, max(0.02, 6 * save_time)))
        _kill(proc)
        if _stamp(journal) not in (None, stale):
            mid_save += 1  # killed inside a save's transaction
            hot += _hot_journal(journal)  # ... after the database file was being written

        where = f"after kill {kill} (seed {SEED})"
        wb, wb_state = load(path)  # must succeed, rolling back any interrupted save
        snap = _snapshot(wb)
        matches = [name for name, exp in expected.items() if snap == exp]
        assert matches, f"{where}: the file holds neither state A nor state B"
        name = matches[0]
        seen[name] += 1
        # The audit log was written in the same transaction as the values it describes.
        assert wb.audit[-1].target == "firm.name", where
        assert wb.audit[-1].new == f"State {name} Securities", where
        assert len(wb.audit) >= previous_audit, where
        assert wb.audit[:5000] == again.audit[:5000], where
        previous_audit = len(wb.audit)
        assert _integrity(path) == "ok", where

    # The file takes ordinary saves again; a journal left by the last kill is cleared.
    other = "B" if _snapshot(wb) == expected["A"] else "A"
    _apply(wb, states[other])
    save(wb, path, wb_state)
    back, _ = load(path)
    assert _snapshot(back) == expected[other]
    assert back.audit == wb.audit
    assert not path.with_name(path.name + "-journal").exists()

    assert sum(seen.values()) == KILLS
    assert seen["A"] and seen["B"], f"saves never completed both ways: {seen}"
    # Most kills must have landed inside a save's transaction, or the test would prove
    # nothing. (Typically a few of them also hit the database file being overwritten:
    # a hot journal that `load` rolled back.)
    assert mid_save >= KILLS // 3, (
        f"only {mid_save} of {KILLS} kills hit a save ({hot} with a hot journal)")


def test_killed_first_save_of_a_new_file_leaves_nothing_or_everything(tmp_path):
    rng = random.Random(SEED + 1)
    states = _states()
    expected = _normal(states["A"])
    states_file = tmp_path / "states.json"
    states_file.write_text(json.dumps(states))
    script = tmp_path / "new_writer.py"
    script.write_text(_NEW_WRITER)

    interrupted = 0
    checked = 0
    for kill in range(NEW_FILE_KILLS):
        folder = tmp_path / f"run{kill}"
        folder.mkdir()
        proc = _start(script, str(folder), str(states_file))
        time.sleep(rng.uniform(0.005, 0.12))
        _kill(proc)

        names = sorted(p.name for p in folder.iterdir())
        temps = [n for n in names if n.endswith(".tmp")]
        interrupted += bool(temps)
        targets = sorted(folder.glob("new-*.focus"))
        # every target that exists is complete; the one being written is absent
        for target in targets:
            wb, _ = load(target)
            assert _snapshot(wb) == expected, f"{target.name} of run {kill} is partial"
            assert _integrity(target) == "ok"
            checked += 1
        numbers = sorted(int(t.name[4:9]) for t in targets)
        assert numbers == list(range(len(numbers))), f"run {kill}: a gap in {numbers}"
        # whatever is left of the interrupted save is a temporary file, never the target
        assert all(n.startswith(".new-") for n in names if not n.startswith("new-")), names

    assert checked > 0
    assert interrupted >= NEW_FILE_KILLS // 3, (
        f"only {interrupted} of {NEW_FILE_KILLS} kills hit a new-file save")


def test_interrupted_in_process_save_leaves_the_old_file(tmp_path, monkeypatch):
    """An exception in the middle of a save (disk full, a bug) rolls back cleanly."""
    path = tmp_path / "firm.focus"
    states = _states()
    wb = Workbook()
    _apply(wb, states["A"])
    state = SavedState()
    save(wb, path, state)
    before = path.read_bytes()

    from focusdesk.document import store

    real = store._write_document

    def failing(*args):
        real(*args)
        raise RuntimeError("a bug in the middle of a save")

    _apply(wb, states["B"])
    monkeypatch.setattr(store, "_write_document", failing)
    with pytest.raises(RuntimeError):
        save(wb, path, state)
    monkeypatch.undo()
    assert path.read_bytes() == before
    back, _ = load(path)
    assert _snapshot(back) == _normal(states["A"])
    assert state.audit_saved == len(wb.audit) - 1  # the failed save did not count


def test_interrupted_new_file_save_leaves_no_target(tmp_path, monkeypatch):
    from focusdesk.document import store

    def failing(*args):
        raise RuntimeError("a bug in the middle of a save")

    monkeypatch.setattr(store, "_write_document", failing)
    with pytest.raises(RuntimeError):
        save(Workbook(), tmp_path / "firm.focus")
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file


def test_entry_values_are_exact_after_the_round_trip(tmp_path):
    path = tmp_path / "firm.focus"
    wb = Workbook()
    _apply(wb, _states()["B"])
    save(wb, path)
    back, _ = load(path)
    assert back.items["DEC"] == wb.items["DEC"]
    assert isinstance(next(iter(back.items["JAN"].values())), Entry)
