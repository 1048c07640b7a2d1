"""A filed month keeps its worksheet inputs exactly, and its as-filed record holds them;
an amendment can change them (a new as-filed record with the new inputs)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from support import sample_workbook
from worksheets_support import ITEM_ROWS, ROWS, items_file, positions

from focusdesk.close import month_close as close
from focusdesk.model.workbook import WorkbookError
from focusdesk.worksheets.inputs import read_items, read_positions
from focusdesk.worksheets.month import apply, prepare_haircuts, prepare_reserve
from focusdesk.worksheets.reserve import KEYS

TODAY = date(2026, 12, 1)


def file_(wb, month: str, on: str) -> close.FiledVersion:
    close.approve(wb, month, "Pat Lee", "reviewed")
    return close.file_month(wb, month, filed_date=date.fromisoformat(on), today=TODAY,
                            override="worksheet test")


@pytest.fixture
def filed(tmp_path):
    wb = sample_workbook(2025)
    items, source = read_items(items_file(tmp_path, *ITEM_ROWS), KEYS)
    apply(wb, prepare_reserve(wb, "MAR", items, source)[1])
    file_(wb, "MAR", "2025-04-10")
    return wb


def test_the_as_filed_record_holds_the_inputs_exactly(filed):
    doc = json.loads(filed.month_close("MAR").versions[0].document)
    stored = filed.worksheets[("MAR", "reserve")]
    assert doc["inputs"]["worksheets"] == {"reserve": stored.as_json()}
    assert doc["inputs"]["worksheets"]["reserve"]["rows"][0] == ["1", "5000000"]


def test_a_filed_month_refuses_new_inputs(filed, tmp_path):
    found, source = read_positions(positions(tmp_path, *ROWS))
    with pytest.raises(WorkbookError, match="MAR 2025"):
        prepare_haircuts(filed, "MAR", found, source)
    items, source = read_items(items_file(tmp_path, "1,1"), KEYS)
    with pytest.raises(WorkbookError, match="MAR 2025"):
        prepare_reserve(filed, "MAR", items, source)
    with pytest.raises(WorkbookError):
        filed.set_worksheet("MAR", "reserve", None)  # nor may they be dropped
    assert ("MAR", "reserve") in filed.worksheets and ("MAR", "haircuts") not in filed.worksheets


def test_an_amendment_changes_them_and_files_them_anew(filed, tmp_path):
    first = filed.worksheets[("MAR", "reserve")]
    close.amend(filed, "MAR", "item 4 corrected")
    items, source = read_items(items_file(tmp_path, '1,"5,000,000"', "4,300000"), KEYS)
    apply(filed, prepare_reserve(filed, "MAR", items, source)[1])
    file_(filed, "MAR", "2025-04-20")
    original, amended = (json.loads(v.document) for v in filed.month_close("MAR").versions)
    assert original["inputs"]["worksheets"]["reserve"] == first.as_json()
    assert dict(map(tuple, amended["inputs"]["worksheets"]["reserve"]["rows"])) == {
        "1": "5000000", "4": "300000"}
