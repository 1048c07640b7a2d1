"""The open document: lock and read-only, save/reopen, autosave and crash recovery."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from decimal import Decimal

import pytest

from focusdesk.document.document import Document, recovery_path
from focusdesk.document.editing import ItemCell
from focusdesk.document.lock import lock_path
from focusdesk.document.store import load, save
from focusdesk.formats.jsonio import workbook_from_json
from focusdesk.model.workbook import Entry


@pytest.fixture
def focus_file(tmp_path):
    path = tmp_path / "acme.focus"
    wb = workbook_from_json({"firm": {"name": "Acme"}, "year": 2026,
                             "months": {"JAN": {"items": {"3501": "1000000"}}}})
    save(wb, path)
    return path


def test_save_and_reopen_gives_the_same_workbook(focus_file):
    doc = Document.open(focus_file)
    doc.apply("typing", [(ItemCell("FEB", "3950"), Entry(Decimal("1234.56")))])
    assert doc.modified
    doc.save()
    assert not doc.modified
    doc.close()
    again = Document.open(focus_file)
    assert again.wb.inputs_equal(doc.wb)
    assert again.wb.audit[-1].new == "1234.56"
    again.close()


def test_a_file_held_elsewhere_opens_read_only_naming_the_holder(focus_file):
    lock_path(focus_file).write_text(json.dumps(
        {"user": "mjones", "host": "FINOP-PC-7", "pid": "4242", "since": "2026-11-20 09:14"}))
    doc = Document.open(focus_file)
    assert doc.read_only
    assert "mjones" in doc.read_only_reason and "FINOP-PC-7" in doc.read_only_reason
    with pytest.raises(ValueError, match="read-only"):
        doc.apply("typing", [(ItemCell("JAN", "3950"), Entry(Decimal(1)))])
    assert doc.wb.value("JAN", "3950") is None
    doc.close()
    # The other user's lock is left alone.
    assert json.loads(lock_path(focus_file).read_text())["user"] == "mjones"


def test_a_live_holder_on_this_machine_also_makes_it_read_only(focus_file):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock_path(focus_file).write_text(json.dumps(
            {"user": "other", "host": socket.gethostname(), "pid": str(sleeper.pid)}))
        assert Document.open(focus_file).read_only
    finally:
        sleeper.kill()
        sleeper.wait()
    # Once that process is gone its lock is stale and is taken over.
    doc = Document.open(focus_file)
    assert not doc.read_only
    doc.close()


def test_second_window_in_another_process_gets_read_only(focus_file, tmp_path):
    doc = Document.open(focus_file)
    code = textwrap.dedent(f"""
        from focusdesk.document.document import Document
        d = Document.open({str(focus_file)!r})
        print("RO" if d.read_only else "RW", d.read_only_reason)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.startswith("RO")
    doc.close()


def test_recovery_after_a_crash(focus_file, tmp_path):
    # A FocusDesk edits, autosaves and dies without saving or closing.
    code = textwrap.dedent(f"""
        import os
        from decimal import Decimal
        from focusdesk.document.document import Document
        from focusdesk.document.editing import ItemCell, AnswerCell
        from focusdesk.model.workbook import Entry
        d = Document.open({str(focus_file)!r})
        d.apply("t", [(ItemCell("JAN", "4201"), Entry(Decimal("2500.10"), "pasted"))])
        d.apply("t", [(ItemCell("JAN", "3501"), None), (AnswerCell("JAN"), True)])
        d.autosave()
        os._exit(9)
    """)
    env_file = tmp_path / "data"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**__import__("os").environ, "FOCUSDESK_DATA_DIR": str(env_file)})
    assert proc.returncode == 9, proc.stderr
    before = focus_file.read_bytes()
    doc = Document.open(focus_file)  # the dead process's lock is stale and taken over
    assert not doc.read_only
    rec = doc.pending_recovery()
    assert rec is not None
    assert doc.wb.value("JAN", "4201") is None  # the file itself has not changed
    doc.recover(rec)
    assert doc.wb.items["JAN"]["4201"] == Entry(Decimal("2500.10"), "pasted")
    assert doc.wb.value("JAN", "3501") is None  # a cleared cell stays cleared
    assert doc.wb.schedule_b_answer["JAN"] is True
    assert doc.modified and focus_file.read_bytes() == before
    doc.history.undo()  # recovery is one undoable step
    assert doc.wb.value("JAN", "3501") == Decimal(1000000)
    doc.history.redo()
    doc.save()
    assert not recovery_path(focus_file).exists()
    doc.close()
    assert load(focus_file)[0].value("JAN", "4201") == Decimal("2500.10")


def test_nothing_to_recover_after_a_normal_close(focus_file):
    doc = Document.open(focus_file)
    doc.apply("t", [(ItemCell("JAN", "4201"), Entry(Decimal(5)))])
    assert doc.autosave() is not None
    doc.close()
    assert Document.open(focus_file).pending_recovery() is None


def test_save_as_moves_the_lock_to_the_new_file(focus_file, tmp_path):
    doc = Document.open(focus_file)
    target = tmp_path / "copy.focus"
    doc.save(target)
    assert doc.path == target
    assert lock_path(target).exists() and not lock_path(focus_file).exists()
    doc.close()
    assert not lock_path(target).exists()
