"""The trial-balance mapping targets Exhibit A items (``reserve:10``) as it targets lines:
the import keeps the month's reserve inputs and sets lines 26, 27 and 23b — what
``focusdesk reserve`` sets from the same amounts (Rule 15c3-3, Exhibit A; the figures of
tests/worksheets/test_reserve.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from tb_support import D, fresh, run_cli
from worksheets_support import ITEM_ROWS, items_file

from focusdesk.document.editing import EditHistory
from focusdesk.document.store import load, save
from focusdesk.form.catalog import Method
from focusdesk.model.workbook import MappingRow
from focusdesk.tb import TBError
from focusdesk.tb.importer import apply, prepare
from focusdesk.tb.mapping import (
    Mapping,
    item_text,
    read_mapping_file,
    resolve_item,
    write_mapping_file,
)

# A ledger whose customer accounts feed Exhibit A: credits 1 (5,000,000) and 4 (200,000),
# debits 10 (4,000,000) and 12 (100,000) — ITEM_ROWS' amounts — and the reserve bank
# account on line 28.
GL = ["account,description,balance",
      "1050,Special reserve bank account,1140000",
      "1300,Customer margin debits,4000000",
      "1400,Fails to deliver - customers,100000",
      "2100,Customer free credit balances,-4800000",
      "2110,Customer credits - options,-200000",
      "2200,Fails to receive - customers,-200000"]
MAPPING = ["account,item,sign", "1050,28,", "1300,reserve:10,", "1400,reserve:12,",
           "2100-2199,RESERVE:1,", "2200,reserve:4,", "1500,reserve:11,"]
RESERVE_LINES = ("4430", "4472", "4470")


def write(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def book(tmp_path: Path, name: str, *, alternative: bool = False) -> Path:
    wb = fresh()
    wb.year = 2026
    if alternative:
        wb.set_profile("minimum_dollar", D(250_000))
        wb.set_profile("method", Method.ALTERNATIVE.value)
    path = tmp_path / name
    save(wb, path)
    return path


@pytest.mark.parametrize("alternative", [False, True])
def test_mapped_accounts_set_the_lines_focusdesk_reserve_sets(tmp_path, capsys, alternative):
    gl, mapping = write(tmp_path / "gl.csv", GL), write(tmp_path / "map.csv", MAPPING)
    tb_book = book(tmp_path, "tb.focus", alternative=alternative)
    code, out, err = run_cli(capsys, "import-tb", tb_book, gl, "--month", "JAN",
                             "--mapping", mapping)
    assert code == 0, err
    assert "Reserve formula (Exhibit A" in out and "reserve:10" in out
    assert ("83,000.00 short" in out) is alternative  # the deficiency said at the import
    ws_book = book(tmp_path, "ws.focus", alternative=alternative)
    wb, state = load(ws_book)
    wb.set_item("JAN", "4530", D(1_140_000))
    save(wb, ws_book, state)
    code, out, err = run_cli(capsys, "reserve", ws_book, items_file(tmp_path, *ITEM_ROWS),
                             "--month", "JAN", "--json")
    assert code == (1 if alternative else 0), err  # 1: 1,223,000 required, 1,140,000 held
    expected = json.loads(out)["lines"]
    a, _ = load(tb_book)
    b, _ = load(ws_book)
    for code in RESERVE_LINES:
        assert a.value("JAN", code) == b.value("JAN", code)
        assert (None if a.value("JAN", code) is None else f"{a.value('JAN', code):.2f}") == \
            expected[code]
    # basic: 26 = 5,200,000, 27 = 4,100,000 − 1 % of 4,000,000; alternative: 27 net of 3 %
    assert a.value("JAN", "4472") == (D(3_977_000) if alternative else D(4_060_000))
    assert (a.value("JAN", "4470") is not None) is alternative
    # The month's reserve inputs: kind "reserve", the trial balance's file and SHA-256;
    # item 11, targeted but reached by no account, is zero.
    stored = a.worksheets[("JAN", "reserve")]
    digest = hashlib.sha256(gl.read_bytes()).hexdigest()
    assert (stored.kind, stored.file_name, stored.sha256) == ("reserve", "gl.csv", digest)
    assert dict(stored.rows) == {"1": "5000000", "4": "200000", "10": "4000000",
                                 "11": "0", "12": "100000"}
    assert a.items["JAN"]["4430"].source_ref == f"gl.csv sha256:{digest}"


def test_one_undo_step_restores_lines_inputs_and_trial_balance(tmp_path):
    wb = fresh()
    rows = read_mapping_file(write(tmp_path / "map.csv", MAPPING))
    gl = write(tmp_path / "gl.csv", GL)
    history = EditHistory(wb)
    preview = prepare(wb, gl, "JAN", mapping_rows=rows)
    assert preview.reserve is not None and preview.reserve.requirement == D(1_140_000)
    assert preview.reserve.deposit == D(1_140_000)  # line 28 as the import leaves it
    history.apply(preview.label, preview.assignments())
    assert wb.value("JAN", "4430") == D(5_200_000) and ("JAN", "reserve") in wb.worksheets
    history.undo()
    assert wb.value("JAN", "4430") is None and ("JAN", "reserve") not in wb.worksheets
    assert "JAN" not in wb.trial_balances


def test_the_same_file_again_changes_nothing(tmp_path):
    wb = fresh()
    rows = read_mapping_file(write(tmp_path / "map.csv", MAPPING))
    gl = write(tmp_path / "gl.csv", GL)
    apply(wb, prepare(wb, gl, "JAN", mapping_rows=rows))
    again = prepare(wb, gl, "JAN", mapping_rows=rows)
    assert not again.reserve_changed and not any(ch.changed for ch in again.lines)


def test_a_note_e_reduction_from_an_items_file_is_kept(tmp_path, capsys):
    path = book(tmp_path, "firm.focus")
    code, _, err = run_cli(capsys, "reserve", path, items_file(tmp_path, "10,4000000",
                                                                 "E5,500000"), "--month", "JAN")
    assert code == 0, err
    code, out, err = run_cli(capsys, "import-tb", path, write(tmp_path / "gl.csv", GL),
                             "--month", "JAN", "--mapping", write(tmp_path / "map.csv", MAPPING))
    assert code == 0, err
    assert "Exhibit A Note E(5) keeps 500,000.00 from items.csv" in out
    wb, _ = load(path)
    stored = wb.worksheets[("JAN", "reserve")]
    rows = {r[0]: r[1:] for r in stored.rows}
    assert stored.columns == ("item", "amount", "source")
    assert rows["E5"][0] == "500000" and rows["E5"][1].startswith("items.csv sha256:")
    assert rows["10"] == ("4000000", "")  # from the trial balance itself
    # item 10 less E(5), less 1 %: 3,500,000 − 35,000 + 100,000
    assert wb.value("JAN", "4472") == D(3_565_000)
    # A later trial balance keeps E(5) still (its row says where it came from).
    code, _, err = run_cli(capsys, "import-tb", path, write(tmp_path / "gl2.csv", [*GL, "9,x,0"]),
                           "--month", "JAN")
    assert code == 0, err
    wb, _ = load(path)
    assert wb.value("JAN", "4472") == D(3_565_000)


def test_a_mapping_without_exhibit_a_drops_the_inputs_it_gave(tmp_path):
    wb = fresh()
    gl = write(tmp_path / "gl.csv", GL)
    apply(wb, prepare(wb, gl, "JAN", mapping_rows=read_mapping_file(
        write(tmp_path / "map.csv", MAPPING))))
    preview = prepare(wb, gl, "JAN", mapping_rows=(MappingRow("1050", "28"),))
    assert any("reserve inputs from gl.csv are removed" in n for n in preview.notices)
    apply(wb, preview)
    assert ("JAN", "reserve") not in wb.worksheets and wb.value("JAN", "4430") is None


def test_your_typed_line_26_is_kept(tmp_path):
    wb = fresh()
    wb.set_item("JAN", "4430", D(1))
    preview = prepare(wb, write(tmp_path / "gl.csv", GL), "JAN", mapping_rows=read_mapping_file(
        write(tmp_path / "map.csv", MAPPING)))
    line26 = next(ch for ch in preview.lines if ch.code == "4430")
    assert line26.kept and line26.ledger == D(5_200_000)


@pytest.mark.parametrize(("rows", "fragments"), [
    ([MappingRow("2100", "reserve:16")], ("mapping rule 1 (2100 → reserve:16)",
                                          "'reserve:16' is not an Exhibit A item")),
    ([MappingRow("1300", "reserve:10"), MappingRow("2100", "reserve:E3")],
     ("mapping rule 2 (2100 → reserve:E3)", "Note E reduction")),  # E(3) is computed
    ([MappingRow("1300", "reserve:10"), MappingRow("2100", "26")],
     ("mapping rule 2 (2100 → line 26)", "line 26 is computed by the reserve formula")),
])
def test_unknown_or_conflicting_targets_refused_naming_the_rule(rows, fragments):
    with pytest.raises(TBError) as exc:
        Mapping(rows)
    assert all(f in str(exc.value) for f in fragments), str(exc.value)


def test_a_mapping_file_with_an_unknown_item_refused_naming_the_row(tmp_path, capsys):
    path = book(tmp_path, "firm.focus")
    before = path.read_bytes()
    code, _, err = run_cli(capsys, "import-tb", path, write(tmp_path / "gl.csv", GL),
                           "--month", "JAN", "--mapping",
                           write(tmp_path / "map.csv", [*MAPPING, "9999,reserve:99,"]))
    assert code != 0 and "row 8" in err and "'reserve:99' is not an Exhibit A item" in err
    assert len(err.strip().splitlines()) == 1 and path.read_bytes() == before


def test_a_negative_item_refused_naming_the_rule(tmp_path):
    wb = fresh()
    with pytest.raises(TBError) as exc:
        prepare(wb, write(tmp_path / "gl.csv", GL), "JAN",
                mapping_rows=(MappingRow("2100-2199", "reserve:1", "+"),))
    assert "Exhibit A item 1 [reserve:1] would be (5,000,000.00)" in str(exc.value)
    assert "rule 2100-2199" in str(exc.value)
    assert not wb.trial_balances and not wb.worksheets


def test_the_target_spelling_round_trips(tmp_path):
    assert resolve_item("reserve:e1") == resolve_item("Reserve: E1") == "reserve:E1"
    assert resolve_item(item_text("reserve:10")) == "reserve:10"  # as the editor shows it
    rules = read_mapping_file(write(tmp_path / "map.csv", MAPPING))
    out = tmp_path / "out.csv"
    write_mapping_file(rules, out)
    assert read_mapping_file(out) == rules
    assert "Exhibit A item 10 — Debit balances" in out.read_text(encoding="utf-8")


def test_drill_down_from_an_item_and_from_line_26(tmp_path, capsys):
    path = book(tmp_path, "firm.focus")
    code, _, err = run_cli(capsys, "import-tb", path, write(tmp_path / "gl.csv", GL), "--month",
                           "JAN", "--mapping", write(tmp_path / "map.csv", MAPPING))
    assert code == 0, err
    code, out, err = run_cli(capsys, "tb-accounts", path, "--month", "JAN", "--item",
                             "reserve:1")
    assert code == 0, err
    assert out.startswith("JAN Exhibit A item 1 [reserve:1] Free credit balances")
    assert "2100" in out and "2110" in out and "Line amount: 5,000,000.00" in out
    code, out, err = run_cli(capsys, "tb-accounts", path, "--month", "JAN", "--item", "26")
    assert code == 0, err
    assert "computed by the reserve formula from the Exhibit A items" in out
