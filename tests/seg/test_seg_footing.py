"""focusdesk.seg.footing and the declaration: the seeds foot; altered copies name the code."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.form import catalog
from focusdesk.form.formula import Difference, Greatest, Ref, Sum, references
from focusdesk.seg.footing import check, evaluate, report_text
from focusdesk.seg.reader import read_filing
from focusdesk.seg.statements import (
    CODES,
    ITEM_29,
    SEGREGATION,
    STATEMENT_OF,
    STATEMENTS,
    describe,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = (FIXTURES / "000_f78615206c38f945.txt").read_text(encoding="utf-8")
SCRAMBLED = (FIXTURES / "001_709a681e187ed0f2.txt").read_text(encoding="utf-8")
D = Decimal


def footing_of(text: str):
    return check(read_filing(text.encode("utf-8"), "altered.txt"))


def altered(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} is not once in the seed"
    return text.replace(old, new)


def codes(items) -> list[str]:
    return [x.code for x in items]


# -- the declaration -----------------------------------------------------------------------

def test_every_code_is_declared_once_in_one_statement():
    declared = [a.code for s in STATEMENTS for a in s.amounts]
    assert len(declared) == len(set(declared)) == len(CODES) == 96
    assert all(re.fullmatch(r"\d{4}", c) for c in declared)
    for s in STATEMENTS:
        own = {a.code for a in s.amounts}
        for total in s.totals:
            assert references(total.formula) <= own, total.code


def test_item_29_is_lines_6_and_13_of_the_segregation_statement():
    assert ITEM_29 == (catalog.SEGREGATION_REQUIRED, catalog.SEGREGATED) == ("7060", "7180")
    assert catalog.PART_I.item("7060").line == "29a"
    assert catalog.PART_I.item("7180").line == "29b"
    assert STATEMENT_OF["7060"] is SEGREGATION and STATEMENT_OF["7180"] is SEGREGATION
    assert SEGREGATION.citation["7060"][0] == "6" and SEGREGATION.citation["7180"][0] == "13"


def _line_codes(statement, numbers: set[str], part: str) -> set[str]:
    """Every code on the rows of these line numbers (sub-lines included) in a part."""
    return {a.code for r in statement.rows if r.part == part and r.amounts
            and re.match(r"\d+", r.ref) and re.match(r"\d+", r.ref).group() in numbers
            for a in r.amounts}


def _lines_named(label: str) -> set[str] | None:
    m = re.search(r"add lines? ([\d.,\s]+(?:and|through)\s+\d+)", label)
    if not m:
        return None
    numbers = re.findall(r"\d+", m.group(1))
    if "through" in m.group(1):
        return {str(n) for n in range(int(numbers[0]), int(numbers[-1]) + 1)}
    return set(numbers)


def test_each_add_lines_label_is_its_formula():
    """"add lines 1, 2 and 3" sums exactly the reported figures of lines 1–3; "add lines
    4 and 5" the totals of lines 4 and 5; "add lines 7 through 12" every figure of 7–12."""
    checked = 0
    for st in STATEMENTS:
        for row in st.rows:
            named = _lines_named(row.label)
            if named is None:
                continue
            (total,) = [a for a in row.amounts if a.is_total]
            assert isinstance(total.formula, Sum)
            terms = {c for sign, c in total.formula.terms}
            assert all(sign == 1 for sign, _ in total.formula.terms)
            on_lines = _line_codes(st, named, row.part)
            # the terms are on the named lines; the lines' own totals (5's net) replace
            # their parts (the gross and the offset) where the label adds whole lines
            assert terms <= on_lines, (total.code, terms - on_lines)
            for code in on_lines - terms:
                assert any(code in references(t.formula) for t in st.totals
                           if t.code in terms), (total.code, code)
            checked += 1
    assert checked == 8  # lines 4 and 6 of each statement, 13 of segregation and swaps


def test_each_subtract_label_is_its_formula():
    checked = 0
    for st in STATEMENTS:
        for row in st.rows:
            m = re.search(r"subtract line (\d+) .*?from [Ll]ine (\d+)", row.label)
            if not m:
                continue
            (total,) = row.amounts
            assert isinstance(total.formula, Difference)
            left, right = total.formula.left, total.formula.right
            assert isinstance(left, Ref) and isinstance(right, Ref)
            assert st.citation[left.code][0] == m.group(2)
            assert st.citation[right.code][0] == m.group(1)
            checked += 1
    assert checked == 3


def test_greater_of_line_7():
    (total,) = [a for s in STATEMENTS for a in s.amounts if a.code == "7360"]
    assert total.formula == Greatest((Ref("7305"), Ref("7355")))
    assert evaluate(total.formula, {"7305": D(5), "7355": D(3)}.__getitem__) == 5


def test_excess_deficiency_lines_are_the_ones_that_can_report_a_deficiency():
    flagged = {a.code for s in STATEMENTS for a in s.amounts if a.deficiency}
    labelled = {a.code for s in STATEMENTS for r in s.rows for a in r.amounts
                if r.label.startswith("Excess (deficiency)")}
    assert flagged == labelled == {"7380", "7785", "7190", "7198", "8730", "8770"}


def test_describe_names_statement_line_code_and_label():
    assert describe("7060") == ("Segregation Statement (CEA 4d(2)) line 6 [7060] Amount "
                                "required to be segregated (add lines 4 and 5)")
    assert "30.7 accounts, line 1 [7530] Cash in banks — total" in describe("7530")
    assert describe("8715").endswith("line 12 [8715] Cleared swaps customer funds on hand "
                                     "— total")
    assert describe("9999") == "[9999]"


# -- the seeds foot ------------------------------------------------------------------------

def test_the_tidy_seed_foots():
    f = footing_of(TIDY)
    assert f.ok and f.foots and f.status == "foots"
    assert f.mismatches == () and f.missing == () and f.deficiencies == ()
    assert f.totals == 24
    assert f.expected["7060"] == D(1_477_842_848) and f.expected["7180"] == D(1_494_635_977)


def test_the_scrambled_seed_foots_with_line_12_absent():
    f = footing_of(SCRAMBLED)
    assert f.ok and f.mismatches == () and f.deficiencies == ()
    assert f.missing == ("8715",)  # counted as zero: 8720 foots without it
    assert f.expected["8720"] == D(10_792_045_668)


# -- altered copies name the right code ----------------------------------------------------

@pytest.mark.parametrize(("text", "old", "new", "code", "reported", "expected"), [
    # a transposed digit in a total
    (TIDY, "1,477,842,848</u></b> [7060]", "1,477,842,884</u></b> [7060]", "7060",
     1_477_842_884, 1_477_842_848),
    (SCRAMBLED, "<u>10,792,045,668</u> [8720]", "<u>10,792,045,686</u> [8720]", "8720",
     10_792_045_686, 10_792_045_668),
    # a transposed digit in a detail line: the total that adds it does not foot
    (TIDY, "1,082,596,652", "1,082,596,625", "7040", 1_476_565_071, 1_476_565_044),
    (SCRAMBLED, "817,892,569 [7500]", "817,892,596 [7500]", "7530", 1_137_433_633,
     1_137_433_660),
    # a changed total
    (TIDY, "17,547,499", "17,547,500", "7770", 17_547_500, 17_547_499),
    (SCRAMBLED, "5,788,380,188 [7180]", "5,788,380,100 [7180]", "7180", 5_788_380_100,
     5_788_380_188),
    (TIDY, "<u>12,493,655</u> [7360]", "<u>12,493,656</u> [7360]", "7360", 12_493_656,
     12_493_655),
])
def test_an_altered_figure_is_named(text, old, new, code, reported, expected):
    f = footing_of(altered(text, old, new))
    assert codes(f.mismatches) == [code]
    (m,) = f.mismatches
    assert (m.reported, m.expected) == (reported, expected)
    assert not f.ok and f.status == "does not foot"
    report = report_text(f)
    assert f"DOES NOT FOOT  {describe(code)}" in report


def test_a_wrong_total_is_not_echoed_by_the_totals_above_it():
    f = footing_of(altered(TIDY, "1,477,842,848</u></b> [7060]",
                           "1,477,842,884</u></b> [7060]"))
    # 14 = 13 − 6 uses the wrong 6, and foots once 6 is corrected: not a second mismatch
    assert codes(f.mismatches) == ["7060"]
    assert f.explained == {"7190": ("7060",)}
    assert "divisible by 9: transposed digits?" in report_text(f)


def test_a_missing_detail_line_is_listed_and_its_total_named():
    text = altered(TIDY, "\tB. Securities (at market)\t<b><u>349,590,445</u></b> [7020]\n", "")
    f = footing_of(text)
    assert f.missing == ("7020",)
    assert codes(f.mismatches) == ["7040"]
    assert f.mismatches[0].expected == D(1_476_565_071 - 349_590_445)
    scrambled = footing_of(altered(SCRAMBLED, "877,873,206 [7540]\n", ""))
    assert scrambled.missing == ("7540", "8715")
    assert codes(scrambled.mismatches) == ["7570"]


def test_a_missing_total_is_listed_and_does_not_fail():
    f = footing_of(altered(TIDY, "<b><u>1,476,565,071</u></b> [7040]", ""))
    assert f.missing == ("7040",)
    assert f.mismatches == () and f.ok  # line 6 is tested on what lines 1–3 make line 4
    f = footing_of(altered(altered(TIDY, "<b><u>1,476,565,071</u></b> [7040]", ""),
                           "1,477,842,848</u></b> [7060]", "1,477,842,849</u></b> [7060]"))
    assert codes(f.mismatches) == ["7060"]


def test_a_zero_written_as_o_reads_as_zero():
    base = footing_of(TIDY).filing.values
    f = footing_of(altered(TIDY, "<u>0</u> [7540]", "<u>o</u> [7540]"))
    assert f.filing.values == base and f.ok
    f = footing_of(altered(TIDY, "1,082,596,652", "1,o82,596,652"))
    assert f.filing.values == base and f.ok
    # The scrambled seed's own o's are zeros: turned into a real figure the total fails.
    f = footing_of(altered(SCRAMBLED, "<u>o</u> [8610]", "<u>5</u> [8610]"))
    assert codes(f.mismatches) == ["8720"]
    assert f.mismatches[0].expected - f.mismatches[0].reported == 5


def test_an_o_that_is_lost_makes_the_code_absent_not_wrong():
    f = footing_of(altered(SCRAMBLED, "<u>o</u> [8530]", "<u>x</u> [8530]"))
    assert f.missing == ("8530", "8715") and f.ok
    assert "[8530] has no amount before it" in f.filing.notes


def test_a_deficiency_is_reported_even_when_everything_foots():
    # 20,000,000 less cash in segregated bank accounts, carried through lines 13–16.
    text = TIDY
    for old, new in (("616,305,577", "596,305,577"), ("1,494,635,977", "1,474,635,977"),
                     ("16,793,129", "-3,206,871"), ("3,793,129", "-16,206,871")):
        text = altered(text, old, new)
    f = footing_of(text)
    assert f.foots and not f.ok and f.status == "deficiency"
    assert codes(f.deficiencies) == ["7190", "7198"]
    assert f.deficiencies[0].amount == D(-3_206_871)
    assert "under-segregated" in f.deficiencies[0].meaning
    assert "DEFICIENCY  Segregation Statement (CEA 4d(2)) line 14 [7190]" in report_text(f)


def test_the_greater_of_the_foreign_requirement():
    text = altered(TIDY, "<u>0</u> [7305]", "<u>20,000,000</u> [7305]")
    f = footing_of(text)
    assert codes(f.mismatches) == ["7360"]
    assert f.mismatches[0].expected == D(20_000_000)


def test_json_shape():
    f = footing_of(altered(TIDY, "17,547,499", "17,547,500"))
    doc = f.as_json()
    assert set(doc) == {"firm", "end_date", "values", "mismatches", "missing",
                        "deficiencies"}
    assert doc["firm"] == "WEDBUSH SECURITIES INC" and doc["end_date"] == "2017-11-27"
    assert doc["values"]["7770"] == D(17_547_500) and len(doc["values"]) == 96
    assert doc["mismatches"] == [{"code": "7770", "reported": D(17_547_500),
                                  "expected": D(17_547_499)}]
    assert doc["missing"] == [] and doc["deficiencies"] == []
