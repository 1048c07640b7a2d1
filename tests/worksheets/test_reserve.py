"""The reserve formula (focusdesk.worksheets.reserve) and ``focusdesk reserve``: every Note
E reduction, Note E(3)'s 1 %, the alternative method's 3 % and 2 %, the monthly
computer's 105 %, the deficiency against line 28. Figures worked by hand from
shared/reference/rules/RESERVE-FORMULA.md; each test names its paragraph."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from support import run
from worksheets_support import ITEM_ROWS, items_file, one_line_failure

from focusdesk.document.store import load, save
from focusdesk.form.catalog import Method
from focusdesk.model.workbook import Workbook
from focusdesk.worksheets import WorksheetError
from focusdesk.worksheets.inputs import read_items
from focusdesk.worksheets.month import prepare_reserve
from focusdesk.worksheets.reserve import CREDITS, DEBITS, KEYS, compute

D = Decimal
# Credits: item 1 5,000,000 and item 4 200,000; debits: item 10 4,000,000, item 12 100,000.
ITEMS = {"1": D(5_000_000), "4": D(200_000), "10": D(4_000_000), "12": D(100_000)}


def test_items_declared_once():
    # Exhibit A: credits are items 1–9, debits 10–15; Note E reductions E1, E2, E4–E6.
    assert tuple(str(i) for i in range(1, 10)) == CREDITS
    assert tuple(str(i) for i in range(10, 16)) == DEBITS
    assert KEYS[-5:] == ("E1", "E2", "E4", "E5", "E6")


def test_basic_method_note_e3_one_percent():
    # Note E(3): item 10 reduced by 1 % of 4,000,000 = 40,000. Credits 5,200,000; debits
    # 4,100,000 − 40,000 = 4,060,000 (line 27); requirement 1,140,000.
    r = compute(ITEMS, alternative=False)
    assert r.credits == D(5_200_000)
    assert r.percent_reduction == D(40_000)
    assert r.debits_net == D(4_060_000)
    assert r.requirement == D(1_140_000)
    assert r.lines() == {"4430": D(5_200_000), "4472": D(4_060_000), "4470": None}


@pytest.mark.parametrize("note", ["E1", "E2", "E4", "E5", "E6"])
def test_each_note_e_reduction_reduces_item_10_before_the_one_percent(note):
    # Note E(1), (2), (4), (5), (6): 500,000 out of item 10 → 3,500,000, then Note E(3)'s
    # 1 % of what remains: 35,000. Debits 3,600,000 − 35,000 = 3,565,000.
    r = compute({**ITEMS, note: D(500_000)}, alternative=False)
    assert r.reductions == D(500_000)
    assert r.percent_reduction == D(35_000)
    assert r.debits_net == D(3_565_000)
    assert r.requirement == D(5_200_000) - D(3_565_000)


def test_reductions_beyond_item_10_refused():
    with pytest.raises(WorksheetError, match="more than item 10"):
        compute({"10": D(100), "E1": D(60), "E5": D("40.01")}, alternative=False)


def test_alternative_method_three_percent():
    # 15c3-1(a)(1)(ii)(A): 3 % of the aggregate debit items replaces Note E(3)'s 1 %:
    # 23b = 4,100,000 (not reduced, the note to 23b); 27 = 4,100,000 − 123,000 = 3,977,000.
    r = compute(ITEMS, alternative=True)
    assert r.percent_reduction == D(123_000)
    assert r.lines() == {"4430": D(5_200_000), "4472": D(3_977_000), "4470": D(4_100_000)}
    assert r.requirement == D(1_223_000)


def test_alternative_method_daily_two_percent():
    # (a)(1)(ii)(A) as amended (2025): a daily computer reduces by 2 %: 82,000;
    # 27 = 4,018,000.
    r = compute(ITEMS, alternative=True, daily=True)
    assert r.percent_reduction == D(82_000)
    assert r.debits_net == D(4_018_000)
    assert r.lines()["4470"] == D(4_100_000)


def test_daily_on_the_basic_method_keeps_one_percent():
    r = compute(ITEMS, alternative=False, daily=True)
    assert r.percent_reduction == D(40_000)
    assert r.warnings


def test_monthly_computer_105_percent():
    # 15c3-3(e)(3)(i)(C): a monthly computer deposits 105 % of 1,140,000 = 1,197,000.
    r = compute(ITEMS, alternative=False, monthly=True)
    assert r.requirement == D(1_197_000)
    with pytest.raises(WorksheetError, match="weekly"):
        compute(ITEMS, alternative=True, monthly=True)
    with pytest.raises(WorksheetError):
        compute(ITEMS, alternative=False, monthly=True, daily=True)


def test_debits_greater_than_credits_need_no_deposit():
    # Item 16: when debits are greater than or equal to credits, nothing is required.
    r = compute({"1": D(100), "10": D("101.02")}, alternative=False)  # 101.02 − 1.01 = 100.01
    assert r.requirement == 0
    r = compute({"1": D(100), "10": D("101.01")}, alternative=False)  # 101.01 − 1.01 = 100
    assert r.requirement == 0
    r = compute({"1": D("100.01"), "10": D("101.01")}, alternative=False)
    assert r.requirement == D("0.01")


def test_deficiency_against_line_28_one_cent_either_side():
    # 15c3-3(e)(1): line 28 must be at least the requirement (1,140,000).
    assert compute(ITEMS, alternative=False, deposit=D(1_140_000)).deficiency == 0
    assert compute(ITEMS, alternative=False,
                   deposit=D("1139999.99")).deficiency == D("0.01")
    assert compute(ITEMS, alternative=False).deficiency == D(1_140_000)  # line 28 blank


# -- the command --------------------------------------------------------------------------

@pytest.fixture
def book(tmp_path) -> Path:
    wb = Workbook(year=2026)
    wb.set_item("JAN", "4530", D(1_140_000))  # line 28
    path = tmp_path / "firm.focus"
    save(wb, path)
    return path



ROWS = ITEM_ROWS


def test_reserve_json_contract_and_provenance(book, tmp_path):
    file = items_file(tmp_path, *ROWS)
    proc = run("reserve", book, file, "--month", "JAN", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc == {"month": "JAN", "credits": "5200000.00", "debits": "4100000.00",
                   "debits_net": "4060000.00", "requirement": "1140000.00",
                   "lines": {"4430": "5200000.00", "4472": "4060000.00", "4470": None}}
    wb, _ = load(book)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    assert wb.items["JAN"]["4472"].source_ref == f"items.csv sha256:{digest}"
    assert wb.value("JAN", "4430") == D(5_200_000) and wb.value("JAN", "4470") is None


def test_reserve_deficiency_exits_1_and_says_so(book, tmp_path):
    proc = run("reserve", book, items_file(tmp_path, *ROWS), "--month", "JAN",
               "--monthly-computer")
    assert proc.returncode == 1, proc.stderr
    assert "Deficiency: line 28 is 57,000.00 short" in proc.stdout  # 1,197,000 − 1,140,000


def test_reserve_alternative_sets_23b(tmp_path):
    wb = Workbook(year=2026)
    wb.set_profile("minimum_dollar", D(250_000))
    wb.set_profile("method", Method.ALTERNATIVE.value)
    path = tmp_path / "alt.focus"
    save(wb, path)
    proc = run("reserve", path, items_file(tmp_path, *ROWS), "--month", "JAN", "--daily",
               "--json")
    assert json.loads(proc.stdout)["lines"] == {"4430": "5200000.00", "4472": "4018000.00",
                                                "4470": "4100000.00"}
    wb, _ = load(path)
    assert wb.value("JAN", "4470") == D(4_100_000)


@pytest.mark.parametrize(("row", "fragments"), [
    ("16,100", ("row 6, column item (A)", "'16' is not an Exhibit A item")),
    ("E3,100", ("row 6, column item (A)", "'E3'")),  # Note E(3) is the worksheet's own
    ("11,2026-01-31", ("row 6, column amount (B)", "is a date")),
    ("11,-5", ("row 6, column amount (B)", "negative")),
    ("10,5", ("row 6, column item (A)", "twice")),
])
def test_reserve_bad_items_refused(book, tmp_path, row, fragments):
    before = book.read_bytes()
    proc = run("reserve", book, items_file(tmp_path, *ROWS, row), "--month", "JAN")
    one_line_failure(proc, *fragments)
    assert book.read_bytes() == before


def test_reserve_dry_run_and_one_step(book, tmp_path):
    before = book.read_bytes()
    proc = run("reserve", book, items_file(tmp_path, *ROWS), "--month", "JAN", "--dry-run")
    assert proc.returncode == 0 and proc.stdout.startswith("Would set")
    assert book.read_bytes() == before
    wb, _ = load(book)
    items, source = read_items(items_file(tmp_path, *ROWS), KEYS)
    result, prepared = prepare_reserve(wb, "JAN", items, source)
    assert [getattr(a[0], "code", "") for a in prepared.assignments()] == ["", "4430", "4472"]
    assert result.deposit == D(1_140_000) and result.deficiency == 0


def test_reserve_items_kept_with_their_options(book, tmp_path):
    from focusdesk.worksheets.month import stored_reserve

    proc = run("reserve", book, items_file(tmp_path, *ROWS), "--month", "JAN",
               "--monthly-computer")
    assert proc.returncode == 1  # 57,000 short
    wb, _ = load(book)
    stored = wb.worksheets[("JAN", "reserve")]
    assert stored.options == ("monthly",) and dict(stored.rows)["10"] == "4000000"
    again = stored_reserve(wb, "JAN")
    assert again is not None and again.requirement == D(1_197_000)


def test_reserve_text_says_the_uncertain_points_json_keeps_its_shape(book, tmp_path):
    # RESERVE-FORMULA.md, Not found / uncertain: the provenance of the rule text, and
    # item 15's Note H(b)(3) notice — said in the text and the printed schedule, never in
    # the JSON (its shape is the contract).
    file = items_file(tmp_path, *ROWS, "15,1000")
    proc = run("reserve", book, file, "--month", "JAN", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert "  Uncertain:" in proc.stdout and "Note H(b)(3)" in proc.stdout
    assert "third party's saved copy of the eCFR" in proc.stdout
    doc = json.loads(run("reserve", book, file, "--month", "JAN", "--json").stdout)
    assert set(doc) == {"month", "credits", "debits", "debits_net", "requirement", "lines"}
    assert set(doc["lines"]) == {"4430", "4472", "4470"}
    assert compute({"1": D(1)}, alternative=False).uncertain == (
        compute({"1": D(1)}, alternative=True).uncertain[-1],)  # no item 15: provenance only
