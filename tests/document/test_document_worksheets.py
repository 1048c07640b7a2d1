"""The worksheets' inputs (positions, Exhibit A items) travel with the workbook as its
other inputs do: the recovery autosave, and `Workbook.copy()`."""

from __future__ import annotations

import json

from worksheets_support import ITEM_ROWS, ROWS, items_file, positions

from focusdesk.document.document import Document, assignments_to, snapshot
from focusdesk.document.editing import EditHistory
from focusdesk.model.workbook import Workbook
from focusdesk.worksheets.inputs import read_items, read_positions
from focusdesk.worksheets.month import apply, prepare_haircuts, prepare_reserve
from focusdesk.worksheets.reserve import KEYS


def with_worksheets(wb: Workbook, tmp_path) -> Workbook:
    items, source = read_items(items_file(tmp_path, *ITEM_ROWS), KEYS)
    apply(wb, prepare_reserve(wb, "JAN", items, source, monthly=True)[1])
    found, source = read_positions(positions(tmp_path, *ROWS))
    apply(wb, prepare_haircuts(wb, "FEB", found, source)[1])
    assert set(wb.worksheets) == {("JAN", "reserve"), ("FEB", "haircuts")}
    return wb


def test_the_snapshot_carries_the_inputs_and_restores_them_exactly(tmp_path):
    wb = with_worksheets(Workbook(year=2026), tmp_path)
    snap = json.loads(json.dumps(snapshot(wb)))  # as the recovery file keeps it
    other = Workbook(year=2026)
    EditHistory(other).apply("recover", assignments_to(other, snap))
    assert other.worksheets == wb.worksheets  # rows, options, file, SHA-256, when, who
    # A snapshot without them removes the inputs the workbook has; one without the key
    # (a recovery file of an older FocusDesk) leaves them alone.
    empty = json.loads(json.dumps(snapshot(Workbook(year=2026))))
    EditHistory(other).apply("recover", assignments_to(other, empty))
    assert other.worksheets == {}
    del snap["worksheets"]
    assert not [a for a in assignments_to(wb, snap) if type(a[0]).__name__ == "WorksheetSlot"]


def test_a_recovered_workbook_has_the_inputs(focus_file, tmp_path, monkeypatch):
    monkeypatch.setenv("FOCUSDESK_DATA_DIR", str(tmp_path / "data"))
    doc = Document.open(focus_file)
    items, source = read_items(items_file(tmp_path, *ITEM_ROWS), KEYS)
    doc.apply("reserve", prepare_reserve(doc.wb, "JAN", items, source)[1].assignments())
    kept = dict(doc.wb.worksheets)
    assert doc.autosave() is not None
    doc.lock.release()  # a FocusDesk that dies: the recovery file stays
    doc.lock = None
    again = Document.open(focus_file)
    assert again.wb.worksheets == {}  # the file itself is unchanged
    rec = again.pending_recovery()
    assert rec is not None
    again.recover(rec)
    assert again.wb.worksheets == kept
    assert again.wb.value("JAN", "4430") == doc.wb.value("JAN", "4430")
    again.history.undo()  # one step with the lines
    assert again.wb.worksheets == {} and again.wb.value("JAN", "4430") is None
    again.close()


def test_a_copy_has_the_inputs_apart(tmp_path):
    wb = with_worksheets(Workbook(year=2026), tmp_path)
    twin = wb.copy()
    assert twin.worksheets == wb.worksheets
    twin.set_worksheet("JAN", "reserve", None)
    assert ("JAN", "reserve") in wb.worksheets  # the copy's change stays the copy's
