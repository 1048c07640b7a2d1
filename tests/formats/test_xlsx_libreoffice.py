"""A real spreadsheet is the judge: LibreOffice opens the Excel exports, recalculates every
formula, and every cell of the form must equal the engine's value.

All files — the sample workbook, hand-made edge cases, at least 100 random workbooks
(hypothesis), each in dollars and in $000, a template and an export edited after the
fact — are converted in ONE LibreOffice run (start-up costs seconds). The tests skip
only where LibreOffice is absent outside CI; in CI (``CI`` set) its absence fails.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from python_calamine import CalamineWorkbook
from xlsx_support import compare, convert, edge_workbooks, soffice, workbooks

from focusdesk.base.paths import sample_workbook
from focusdesk.document.store import load
from focusdesk.form.catalog import MONTHS
from focusdesk.formats.xlsx.export import write_xlsx
from focusdesk.formats.xlsx.importer import merge_xlsx, read_xlsx
from focusdesk.formats.xlsx.sheet_format import SHEET_A, layout
from focusdesk.model.workbook import Workbook

RANDOM_WORKBOOKS = 100

if not soffice():
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs "
                    "libreoffice-calc-nogui", pytrace=False)
    pytest.skip("LibreOffice (soffice) is not installed", allow_module_level=True)


def _random_workbooks() -> list[Workbook]:
    found: list[Workbook] = []

    @settings(max_examples=RANDOM_WORKBOOKS, database=None, derandomize=True, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(workbooks())
    def collect(wb: Workbook) -> None:
        found.append(wb)

    collect()
    return found


class Batch:
    """Exported files, their workbooks, and LibreOffice's recalculated copies."""

    def __init__(self, root: Path):
        self.root = root
        self.cases: dict[str, tuple[Path, Workbook, str]] = {}
        self.out: dict[Path, Path] = {}

    def add(self, name: str, wb: Workbook, units: str = "dollars", **kw) -> Path:
        path = self.root / "in" / f"{name}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(wb, path, units, **kw)  # type: ignore[arg-type]
        self.cases[name] = (path, wb, units)
        return path

    def recalculated(self, name: str) -> Path:
        return self.out[self.cases[name][0]]


def _edited_sample(path: Path, wb: Workbook) -> Workbook:
    """Change inputs in the exported file as a user would in Excel, and the same in a
    copy of the workbook: the formulas must follow."""
    book = openpyxl.load_workbook(path)
    ws = book[SHEET_A]
    lay = layout(wb.form)
    edited = wb.copy()
    for month, code, value in (("JAN", "3950", Decimal("1000000.55")),
                               ("MAR", "3740", Decimal("4000000")),
                               ("JUN", "3840", Decimal("99000000"))):
        ws[lay.a_cell(month, code)].value = value
        edited.set_item(month, code, value)
    settings_ws = book["Settings"]
    settings_ws[f"B{lay.settings_rows['minimum_dollar']}"].value = 1_000_000
    edited.set_profile("minimum_dollar", Decimal(1_000_000))
    book.save(path)
    return edited


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    b = Batch(tmp_path_factory.mktemp("xlsx-lo"))
    sample, _ = load(sample_workbook())
    books = {"sample": sample,
             **{f"edge{i}": wb for i, wb in enumerate(edge_workbooks())},
             **{f"random{i:03d}": wb for i, wb in enumerate(_random_workbooks())}}
    for name, wb in books.items():
        for units in ("dollars", "thousands"):
            b.add(f"{name}-{units}", wb, units)
    # A template, compared with a workbook whose every month is reported with zeros.
    b.add("template", sample, template=True)
    zeros = Workbook(year=sample.year, method=sample.method,
                     minimum_dollar=sample.minimum_dollar)
    for month in MONTHS:
        zeros.set_item(month, "3950", Decimal(0))
    b.cases["template"] = (b.cases["template"][0], zeros, "dollars")
    # An export edited after the fact.
    path = b.add("edited", sample)
    b.cases["edited"] = (path, _edited_sample(path, sample), "dollars")
    b.out = convert([p for p, _, _ in b.cases.values()], b.root / "out")
    return b


def _check(batch: Batch, name: str, **kw) -> None:
    _, wb, units = batch.cases[name]
    bad = compare(batch.recalculated(name), wb, units, **kw)
    assert not bad, f"{name}: {len(bad)} cell(s) differ from the engine: {bad[:8]}"


@pytest.mark.parametrize("units", ["dollars", "thousands"])
def test_sample_every_cell_equals_the_engine(batch, units):
    _check(batch, f"sample-{units}")


@pytest.mark.parametrize("units", ["dollars", "thousands"])
def test_edge_cases_every_cell_equals_the_engine(batch, units):
    names = [n for n in batch.cases if n.startswith("edge") and n.endswith(units)]
    assert names
    for name in names:
        _check(batch, name)


@pytest.mark.parametrize("units", ["dollars", "thousands"])
def test_random_workbooks_every_cell_equals_the_engine(batch, units):
    names = [n for n in batch.cases if n.startswith("random") and n.endswith(units)]
    assert len(names) >= RANDOM_WORKBOOKS
    failures = {}
    for name in names:
        _, wb, _ = batch.cases[name]
        bad = compare(batch.recalculated(name), wb, units)
        if bad:
            failures[name] = bad[:4]
    assert not failures, f"{len(failures)} of {len(names)} differ: {list(failures.items())[:3]}"


def test_template_formulas_compute_like_the_engine(batch):
    _check(batch, "template", inputs=False)


def test_formulas_follow_edits_made_in_the_spreadsheet(batch):
    """Not values frozen at export: inputs and the dollar minimum changed in the file,
    recalculated by LibreOffice, give the engine's figures for the changed workbook."""
    _check(batch, "edited")
    _, wb, _ = batch.cases["edited"]
    lay = layout(wb.form)
    rows = CalamineWorkbook.from_path(str(batch.recalculated("edited"))).get_sheet_by_name(
        SHEET_A).to_python(skip_empty_area=False)
    cell = lay.a_cell("JUN", "3760")  # line 24: now the $1,000,000 minimum… or 1/15 of AI
    value = rows[int(cell[1:]) - 1][ord(cell[0]) - 65]
    assert Decimal(repr(value)) == Decimal("6600000")


def test_outside_text_stays_text_after_recalculation(batch):
    names = [n for n in batch.cases if n.startswith("random") and n.endswith("dollars")]
    checked = 0
    for name in names:
        _, wb, _ = batch.cases[name]
        rows = CalamineWorkbook.from_path(str(batch.recalculated(name))).get_sheet_by_name(
            SHEET_A).to_python(skip_empty_area=False)
        if wb.firm.name.strip():
            assert rows[1][2] == wb.firm.name
            checked += wb.firm.name[:1] in "=+-@"
    assert checked >= 3  # formula-looking firm names were among them


def test_a_file_saved_by_libreoffice_imports_back_exactly(batch):
    """After a spreadsheet has saved the file (formulas with cached values), the import
    still takes only the entered values: the round trip is exact."""
    names = ["sample-dollars", *(n for n in batch.cases
                                 if n.startswith(("random", "edge")) and n.endswith("dollars"))]
    for name in names[:40]:
        _, wb, _ = batch.cases[name]
        fresh = Workbook()
        data = read_xlsx(batch.recalculated(name).read_bytes(), name)
        merge_xlsx(fresh, data, source_ref="test")
        assert fresh.inputs_equal(wb), name
