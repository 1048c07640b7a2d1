"""Applying a trial balance (`tb.importer`): one undo step, the preview, re-imports,
warnings, the accounts behind a cell, and the trial balance in the workbook file."""

from __future__ import annotations

import hashlib

import pytest
from tb_support import (
    LAYOUT_EXPECTED,
    LAYOUT_MAPPING,
    PL_MAPPING,
    D,
    fresh,
    pl_xlsx,
    values,
    xlsx,
)

from focusdesk.document.document import Document, assignments_to, snapshot
from focusdesk.document.editing import EditHistory
from focusdesk.document.schema import SCHEMA_VERSION
from focusdesk.document.store import load, save
from focusdesk.model.workbook import MappingRow, TBRow
from focusdesk.tb.importer import accounts_behind, apply, prepare
from focusdesk.tb.mapping import (
    canonical,
)

# -- applying ---------------------------------------------------------------------------

def test_apply_is_one_undo_step_with_the_trial_balance_and_mapping(layout_xlsx):
    doc = Document.untitled(fresh())
    doc.wb.set_item("JAN", "3840", D(7))  # typed: replaced only when told to
    p = prepare(doc.wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING, replace_entries=True)
    before = values(doc.wb, "JAN")
    step = doc.apply(p.label, p.assignments())
    assert step is not None and doc.history.undo_label.startswith("Import trial balance")
    assert values(doc.wb, "JAN") == LAYOUT_EXPECTED
    sha = hashlib.sha256(layout_xlsx.read_bytes()).hexdigest()
    assert doc.wb.items["JAN"]["3840"].source == "imported"
    assert doc.wb.items["JAN"]["3840"].source_ref == f"layout.xlsx sha256:{sha}"
    assert doc.wb.trial_balances["JAN"].sha256 == sha
    assert doc.wb.tb_mapping == canonical(LAYOUT_MAPPING)
    assert any(a.action == "import" and a.detail == f"layout.xlsx sha256:{sha}"
               for a in doc.wb.audit)
    assert any(a.target == "3840" and sha in a.detail for a in doc.wb.audit)
    doc.history.undo()
    assert values(doc.wb, "JAN") == before
    assert doc.wb.trial_balances == {} and doc.wb.tb_mapping == ()
    doc.history.redo()
    assert values(doc.wb, "JAN") == LAYOUT_EXPECTED


def test_preview_shows_current_new_difference_and_accounts(layout_xlsx):
    wb = fresh()
    wb.set_item("JAN", "750", D(1000), source="imported", source_ref="jan.json sha256:00")
    p = prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING)
    cash = next(ch for ch in p.lines if ch.code == "750")
    assert (cash.current, cash.new, cash.difference) == (D(1000), D("265000.5"), D("264000.5"))
    assert [c.account for c in cash.detail.accounts] == ["1010", "1020"]
    assert wb.value("JAN", "750") == D(1000)  # preparing changes nothing


def test_a_failing_step_changes_nothing(layout_xlsx):
    wb = fresh()
    p = prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING)
    wb.set_item("JAN", "750", D(5))
    from focusdesk.document.editing import ItemCell
    from focusdesk.model.workbook import WorkbookError

    bad = [*p.assignments(), (ItemCell("JAN", "3500"), D(1))]  # a computed line
    with pytest.raises(WorkbookError):
        EditHistory(wb).apply("x", bad)
    assert values(wb, "JAN") == {"750": D(5)} and wb.trial_balances == {}


def test_reimport_clears_lines_the_previous_import_set(tmp_path, layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    fewer = xlsx(tmp_path / "fewer.xlsx", {"TB": [["Account", "Balance"], [1010, 5],
                                                  [2010, -5]]})
    p = prepare(wb, fewer, "JAN")
    cleared = {ch.code for ch in p.lines if ch.new is None}
    assert cleared == {"810", "4212", "4201"}
    apply(wb, p)
    assert "810" not in wb.items["JAN"] and wb.value("JAN", "750") == D(5)


def test_warnings_out_of_balance_and_duplicates(tmp_path):
    path = xlsx(tmp_path / "w.xlsx", {"TB": [["Account", "Debit", "Credit"], [1010, 100, None],
                                             [1010, 5, None], [2010, None, 100]]})
    p = prepare(fresh(), path, "JAN", mapping_rows=(MappingRow("1010", "38"),))
    text = " | ".join(p.warnings)
    assert "does not balance: debits 105.00, credits 100.00, difference 5.00" in text
    assert "account 1010 appears on rows 2, 3" in text
    assert "1 account(s) are not mapped" in text


def test_many_repeated_accounts_are_named_up_to_ten_then_counted(tmp_path):
    # 12 accounts, each on two rows (rows 2-13, then again on rows 14-25): the first ten
    # are named with both rows, the other two counted; every balance is still added.
    rows = [["Account", "Balance"]] + [[1000 + i, 1] for i in range(12)] * 2
    p = prepare(fresh(), xlsx(tmp_path / "d.xlsx", {"TB": rows}), "JAN",
                mapping_rows=(MappingRow("1000-1999", "38"),))
    named = [w for w in p.warnings if w.startswith("account ")]
    assert named[0] == "account 1000 appears on rows 2, 14; its balances are added"
    assert len(named) == 10 and named[-1].startswith("account 1009 appears on rows 11, 23")
    assert "… and 2 more account(s) appear on more than one row" in " | ".join(p.warnings)
    assert p.table.duplicated_accounts == 12 and len(p.table.duplicates()) == 12
    assert [ch.new for ch in p.lines] == [D(24)]  # every row's balance is added


def test_drill_down_lists_the_accounts_behind_a_cell(tmp_path):
    wb = fresh()
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "jan.xlsx", -1000, 400), "JAN",
                      mapping_rows=PL_MAPPING))
    apply(wb, prepare(wb, pl_xlsx(tmp_path, "feb.xlsx", -2500, 900), "FEB"))
    cell = accounts_behind(wb, "FEB", "4212")
    assert cell.note == ""
    assert [(c.account, c.amount) for c in cell.accounts] == [("4000", D(2500))]
    assert [(c.month, c.account, c.amount) for c in cell.line.prior_accounts] == \
        [("JAN", "4000", D(1000))]
    wb.set_item("FEB", "4212", D(1))
    assert "was typed" in accounts_behind(wb, "FEB", "4212").note
    assert "no trial balance" in accounts_behind(wb, "MAR", "4212").note


# -- the workbook file ------------------------------------------------------------------

def test_trial_balances_and_mapping_are_saved_and_loaded(tmp_path, layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    path = tmp_path / "w.focus"
    save(wb, path)
    back, state = load(path)
    assert back.tb_mapping == canonical(LAYOUT_MAPPING)
    assert back.trial_balances == wb.trial_balances
    assert back.trial_balances["JAN"].rows[0] == TBRow("1010", "Cash — operating", D(250000))
    # an unchanged trial balance is not rewritten; a dropped one is deleted
    back.set_item("FEB", "750", D(1))
    save(back, path, state)
    back.set_trial_balance("JAN", None)
    save(back, path, state)
    again, _ = load(path)
    assert again.trial_balances == {} and again.value("FEB", "750") == D(1)


def test_schema_has_a_new_migration_step():
    from focusdesk.document.schema import MIGRATIONS

    assert SCHEMA_VERSION == len(MIGRATIONS) >= 3
    assert any("tb_rows" in s for s in MIGRATIONS[2])


def test_recovery_snapshot_carries_the_trial_balance(layout_xlsx):
    wb = fresh()
    apply(wb, prepare(wb, layout_xlsx, "JAN", mapping_rows=LAYOUT_MAPPING))
    other = fresh()
    EditHistory(other).apply("recover", assignments_to(other, snapshot(wb)))
    assert other.trial_balances == wb.trial_balances and other.tb_mapping == wb.tb_mapping


