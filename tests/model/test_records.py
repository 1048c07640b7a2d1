"""The source reference of an imported value: one writer (`file_source_ref`), one reader
(`split_source_ref`), and every importer writing through it."""

from __future__ import annotations

from decimal import Decimal

from focusdesk.model.records import (
    StoredFiling,
    TBRow,
    TrialBalance,
    file_source_ref,
    split_source_ref,
)
from focusdesk.model.workbook import Workbook
from focusdesk.tables.grid import ScheduleAGrid

DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def test_a_source_reference_names_the_file_and_its_sha256():
    assert file_source_ref("ledger.xlsx", DIGEST) == f"ledger.xlsx sha256:{DIGEST}"
    assert split_source_ref(file_source_ref("ledger.xlsx", DIGEST)) == ("ledger.xlsx", DIGEST)


def test_a_reference_without_a_sha256_is_all_name():
    assert split_source_ref("JAN's line 8") == ("JAN's line 8", "")
    assert split_source_ref("") == ("", "")


def test_a_file_name_holding_the_mark_itself_reads_back_whole():
    name = "copy sha256:old.xlsx"
    assert split_source_ref(file_source_ref(name, DIGEST)) == (name, DIGEST)


def test_the_stored_records_and_the_grid_use_the_one_format():
    tb = TrialBalance("jan.xlsx", DIGEST, (TBRow("1010", "Cash", Decimal(1)),))
    filing = StoredFiling("seg.pdf", DIGEST, b"%PDF", "2026-01-31")
    assert tb.source_ref == file_source_ref("jan.xlsx", DIGEST)
    assert filing.source_ref == file_source_ref("seg.pdf", DIGEST)
    wb = Workbook()
    name = "jan sha256:draft.xlsx"
    wb.set_item("JAN", "4212", Decimal(600), source="imported",
                source_ref=file_source_ref(name, DIGEST))
    grid = ScheduleAGrid(wb)
    tip = grid.cell(grid.row_of("4212"), 0).tooltip
    assert tip == f"Imported from {name}\nSHA-256 {DIGEST}"


def test_no_module_but_records_spells_the_reference_out():
    """Every producer goes through `file_source_ref` (a second spelling of the format is
    how the grid once read a name holding the mark wrongly)."""
    import re
    from pathlib import Path

    import focusdesk

    package = Path(focusdesk.__file__).parent
    spelled = re.compile(r"""sha256:\{|["'] sha256:["']""")
    found = [str(p.relative_to(package)) for p in package.rglob("*.py")
             if p.name != "records.py" and "generated" not in p.parts
             and spelled.search(p.read_text(encoding="utf-8"))]
    assert found == []
