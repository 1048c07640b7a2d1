"""The form's own instruction text: every line has one, worded as printed, and none of
the PDF rendering's page furniture (footers, blank form pages, OMB notice) came along."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from focusdesk.form.catalog import PART_I, Item
from focusdesk.form.instructions import (
    instruction_for_b_line,
    instruction_for_item,
    load_instructions,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "instructions.json"
SEED = Path("/work/shared/seeds/002_806c52e9dd562b07.txt")

A_ROWS = PART_I.schedule_a
B_ROWS = PART_I.schedule_b_lines


def a_row(line: str) -> Item:
    return next(i for i in PART_I.schedule_a if i.line == line)


def b_text(key: str) -> str:
    return instruction_for_b_line(PART_I.b_by_key[key])


def all_texts() -> list[tuple[str, str]]:
    data = load_instructions()
    shipped = [(f"A {k}", v) for k, v in data.schedule_a.items()]
    shipped += [(f"B {k}", v) for k, v in data.schedule_b.items()]
    shown = [(f"item {i.line}", instruction_for_item(i)) for i in A_ROWS]
    shown += [(f"line {b.key}", instruction_for_b_line(b)) for b in B_ROWS]
    return shipped + shown


# -- coverage ----------------------------------------------------------------------------

@pytest.mark.parametrize("item", A_ROWS, ids=lambda i: i.line)
def test_every_schedule_a_row_has_text(item: Item) -> None:
    assert instruction_for_item(item).strip()


@pytest.mark.parametrize("bline", B_ROWS, ids=lambda b: b.key)
def test_every_schedule_b_row_has_text(bline) -> None:
    assert instruction_for_b_line(bline).strip()


def test_printed_rows_find_their_own_key() -> None:
    """Every printed Schedule A line is a key of its own or of its item (34a → 34)."""
    texts = load_instructions().schedule_a
    for item in A_ROWS:
        if item.printed:
            assert item.line in texts or item.item_number in texts, item.line
    assert set(texts) <= {i.line for i in A_ROWS}


def test_shipped_file_shape() -> None:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert set(data) == {"schedule_a", "schedule_b", "source"}
    assert data["source"] == "SEC Form X-17A-5 Part I instructions (SEC1705)"
    assert {"general", *map(str, range(1, 10))} <= set(data["schedule_b"])
    assert [k for k in data["schedule_a"] if k.isdigit()] == [str(n) for n in range(1, 41)]


def test_loader_is_cached() -> None:
    assert load_instructions() is load_instructions()


# -- the wording as printed --------------------------------------------------------------

def test_spot_phrases_schedule_a() -> None:
    assert "Line item 17 less line item 18" in instruction_for_item(a_row("19"))
    debits = instruction_for_item(a_row("23b"))
    assert "Do not reduce the aggregate debits by the 3% adjustment" in debits
    assert "Rule 15c3-1(f)(5)(i)" in debits
    assert "$5,000, $25,000" in instruction_for_item(a_row("24"))
    assert "(Total of lines 1 and 2)" in instruction_for_item(a_row("3"))
    assert "subparagraph (c)(2)(i) of Rule 15c3-1" in instruction_for_item(a_row("9"))
    assert "Rule 15c3-3(e)(1)" in instruction_for_item(a_row("30a"))


def test_sub_item_shows_the_item_intro_then_its_own_text() -> None:
    text = instruction_for_item(a_row("5a"))
    intro, own = text.split("\n\n", 1)
    assert intro == "Unconsolidated Income/Expense for the Month"
    assert own.startswith("a. Enter the net of realized and unrealized gains")
    assert "Losses should be recorded in brackets." in own
    assert instruction_for_item(a_row("25")) == "Ratios/Excess Net Capital"
    assert instruction_for_item(a_row("23b")).startswith(
        "Aggregate Indebtedness/Aggregate Debit Items\n\nb. If the alternative method")


def test_fallbacks() -> None:
    # 25e* (not printed) shares 25e's instruction; 34a/34b share item 34's.
    assert instruction_for_item(a_row("25e*")) == instruction_for_item(a_row("25e"))
    assert "(1,000% test)" in instruction_for_item(a_row("25e*"))
    assert instruction_for_item(a_row("34a")) == instruction_for_item(a_row("34"))
    assert "fails-to-deliver" in instruction_for_item(a_row("34b"))


def test_note_on_30c_and_30d() -> None:
    for line in ("30c", "30d"):
        text = instruction_for_item(a_row(line))
        assert "NOTE: 30(c) and (d)\nInclude forward contracts" in text
        assert "should report the standby as a short position." in text
    assert "NOTE" not in instruction_for_item(a_row("31"))


def test_numbered_steps_of_32c_and_32d() -> None:
    for line, cap in (("32c", "10%"), ("32d", "50%")):
        text = instruction_for_item(a_row(line))
        steps = re.findall(r"^(\d)\. ", text, flags=re.MULTILINE)
        assert steps == ["1", "2", "3", "4", "5"], line
        assert f"exceeds {cap} of excess net capital" in text


def test_spot_phrases_schedule_b() -> None:
    assert "reported on line 5 G as a (deduction)" in b_text("5")
    for key in ("5A L", "5A S", "5B", "5C S", "5F", "5G", "5 total"):
        assert b_text(key) == b_text("5")
    assert b_text("2 L") == b_text("2 S") == b_text("2")
    assert b_text("2").startswith("Securities differences with related money balances")
    assert "Report debit differences in columns II and IV." in b_text("1")
    assert "e. Any accounts utilized to balance “daily work”" in b_text("1")
    assert b_text("7").startswith("Open transfers and reorganization items over 40 days")
    assert "(g) spin-offs" in b_text("7")
    assert "d. Warehouse Receipts on hand:" in b_text("6")
    assert "Line 7" not in b_text("6")
    assert "on line 12 of Part I, page 1" in b_text("8")
    assert "subsequently resolved up to the filing date" in b_text("9")
    general = load_instructions().schedule_b["general"]
    assert general.startswith("General — For reporting purposes")
    assert "Rule 17a-13 (Quarterly Security Count Requirements)" in general
    assert "5) Debit balance only — deductions (see line 1 instructions)." in general


def test_line_10_is_a_note_and_the_general_text() -> None:
    text = b_text("10")
    assert text.startswith("Line 10 is answered Yes or No.")
    assert "If respondent has nothing to report, enter -0-." in text
    assert load_instructions().schedule_b["general"] in text


# -- nothing of the page furniture -------------------------------------------------------

FORM_LABELS = (
    "NAME OF BROKER-DEALER", "Name of Broker", "SEC FILE NO", "SEC File No", "ID NO",
    "FOR MONTH ENDS", "OMITTED)", "OMB", "Persons who respond", "SEC1705",
    "OPERATIONAL DEDUCTIONS", "DEDUC", "COMPUTlNG", "NO. OF ITEMS", "(SHORT VALUE)",
    "INSTRUCTIONS", "File Type", "JANUARY", "No.:",
)


@pytest.mark.parametrize(("where", "text"), all_texts(), ids=lambda x: str(x)[:20])
def test_no_page_furniture(where: str, text: str) -> None:
    assert not re.search(r"\b\d+ of 1[56]\b", text), where  # page footers
    for label in FORM_LABELS:
        assert label not in text, (where, label)
    # the blank form's runs of item codes, month names and line numbers
    assert not re.search(r"\b\d{3,4}\s+\d{3,4}\s+\d{3,4}\b", text), where
    assert not re.search(r"\b(JAN|FEB|MAR|JUL|AUG|SEP)\b", text), where
    assert not re.search(r"(?m)^\s*(\d+\.|[a-z]\.|\d+\))\s*$", text), where  # bare markers
    assert "\t" not in text and "  " not in re.sub(r"(?m)^ +", "", text), where
    assert text == text.strip()


# -- the shipped file is what the script makes from the seed -----------------------------

@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_shipped_file_is_the_extraction_of_the_seed() -> None:
    spec = importlib.util.spec_from_file_location(
        "extract_instructions", ROOT / "packaging" / "extract_instructions.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.extract(SEED)
    assert module.verify(data) == []
    assert data == json.loads(SHIPPED.read_text(encoding="utf-8"))
