"""The mapping (`tb.mapping`): rule precedence, signs, refused items, mapping files."""

from __future__ import annotations

import pytest
from tb_support import (
    D,
    fresh,
    xlsx,
)

from focusdesk.model.workbook import MappingRow
from focusdesk.tb import TBError
from focusdesk.tb.importer import prepare
from focusdesk.tb.mapping import (
    Mapping,
    read_mapping_file,
    resolve_item,
    write_mapping_file,
)

# -- mapping ------------------------------------------------------------------------------

def test_precedence_exact_range_prefix():
    m = Mapping((MappingRow("1*", "13"), MappingRow("10*", "15"), MappingRow("1000-1999", "11a"),
                 MappingRow("1050-1059", "11b"), MappingRow("1055", "38"),
                 MappingRow("2010..2199", "23a"), MappingRow("*", "9")))
    assert m.match("1055").code == "750"  # exact
    assert m.match("1051").code == "3560"  # the narrowest range
    assert m.match("1060").code == "3550"  # the wider range beats any prefix
    assert m.match("1060-01").code == "3550"  # leading digits are compared
    assert m.match("10A").code == "3612"  # the longest prefix
    assert m.match("1B").code == "3540"
    assert m.match("2100").code == "3840"
    assert m.match("ZZZ").code == "3525"  # the catch-all
    assert Mapping((MappingRow("2010-2199", "23a"),)).match("21999") is None


def test_a_dashed_account_is_exact_not_a_range():
    m = Mapping((MappingRow("1010-00", "38"),))
    assert m.match("1010-00").code == "750"
    assert m.match("1005") is None


def test_normal_balance_and_sign_overrides():
    m = Mapping((MappingRow("2010", "23a"), MappingRow("1010", "38"),
                 MappingRow("2020", "23a", "+"), MappingRow("1020", "38", "-"),
                 MappingRow("9000", "9")))
    mult = {a: m.multiplier(m.match(a)) for a in ("2010", "1010", "2020", "1020", "9000")}
    assert mult == {"2010": -1, "1010": 1, "2020": 1, "1020": -1, "9000": 1}
    assert any("no normal balance" in n for n in m.notes())


def test_a_credit_liability_becomes_positive_aggregate_indebtedness(tmp_path):
    path = xlsx(tmp_path / "l.xlsx", {"TB": [["Account", "Balance"], [2010, "5,000.00 CR"],
                                             [2020, -1000], [2030, 250]]})
    wb = fresh()
    p = prepare(wb, path, "JAN", mapping_rows=(MappingRow("20*", "23a"),
                                               MappingRow("2030", "23a", "-")))
    assert [(ch.code, ch.new) for ch in p.lines] == [("3840", D("5750"))]


@pytest.mark.parametrize(("item", "message"), [
    ("8", "computed"), ("3500", "computed"), ("19", "computed"), ("33", "count"),
    ("5", "caption"), ("9999", "neither"), ("xyz", "neither"),
])
def test_refused_items(item, message):
    with pytest.raises(TBError, match=message):
        Mapping((MappingRow("1010", item),))


def test_items_by_code_or_line():
    assert resolve_item("23a") == resolve_item("23A") == resolve_item("3840") == "3840"
    assert resolve_item("line 38") == "750"
    assert resolve_item(750.0) == "750"  # a code stored as a number in a mapping sheet


def test_conflicting_rules_are_refused():
    with pytest.raises(TBError, match="already mapped"):
        Mapping((MappingRow("1010", "38"), MappingRow("1010", "13")))
    Mapping((MappingRow("1010", "38"), MappingRow("1010", "38")))  # a repeat is harmless
    with pytest.raises(TBError, match="runs backwards"):
        Mapping((MappingRow("B..A", "38"),))


def test_mapping_files_round_trip_csv_and_xlsx(tmp_path):
    rows = (MappingRow("1010", "750"), MappingRow("2010-2199", "3840", "-"),
            MappingRow("12*", "810", "+"))
    for name in ("m.csv", "m.xlsx"):
        write_mapping_file(rows, tmp_path / name)
        assert read_mapping_file(tmp_path / name) == rows


def test_mapping_file_with_lines_numbers_and_sign_words(tmp_path):
    path = xlsx(tmp_path / "map.xlsx", {"Mapping": [
        ["Notes"], ["account", "item", "sign", "comment"],
        [1010, "38", None, "cash"], ["2*", 3840, "Cr", ""], [None, None, None, None],
        ["4*", "5b", "dr", ""]]})
    assert read_mapping_file(path) == (MappingRow("1010", "750"),
                                       MappingRow("2*", "3840", "-"),
                                       MappingRow("4*", "4212", "+"))


def test_mapping_file_errors_name_the_row(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("account,item\n1010,38\n3000,8\n", encoding="utf-8")
    with pytest.raises(TBError, match=r"map.csv, row 3: line 8 \[3500\] is computed"):
        read_mapping_file(path)
    path.write_text("acct,line\n1010,38\n", encoding="utf-8")
    with pytest.raises(TBError, match="'account' and 'item'"):
        read_mapping_file(path)


