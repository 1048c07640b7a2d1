"""Spreadsheets from outside (focusdesk.formats.spreadsheets.reader): the container checked before
python-calamine sees a byte, calamine run in a child process (issue 15).

Every file here is made in the test from openpyxl's output, FocusDesk's own export or the
committed .xls/.ods fixtures, changed where the issue's reproductions changed them: a cell
at XFD1048576 (calamine asked for 549 GB and aborted the process), bytes of a legacy .xls
(a Rust panic, or 137 GB asked for), damaged zips (BadZipFile, NotImplementedError,
UnicodeDecodeError were internal errors in import-xlsx, which had no zip checks at all).
The commands run as processes: an abort that escaped the child would end them.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as XWorkbook

import focusdesk.formats.spreadsheets.container as container
import focusdesk.formats.spreadsheets.reader as spreadsheets
from focusdesk.base.paths import sample_workbook
from focusdesk.document.lock import lock_path
from focusdesk.document.store import load
from focusdesk.formats.xlsx.export import write_xlsx
from focusdesk.formats.xlsx.importer import XlsxImportError, read_xlsx
from focusdesk.tb import TBError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "tb"
XLS = (FIXTURES / "layout.xls").read_bytes()
ODS = (FIXTURES / "layout.ods").read_bytes()


def focusdesk(*argv: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "focusdesk", *map(str, argv)],
                          capture_output=True, text=True, timeout=300)


def assert_refused(proc: subprocess.CompletedProcess[str], book: Path, before: bytes,
                   fragment: str) -> None:
    """One sentence on stderr, exit 2, the workbook byte for byte as it was, no lock."""
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("focusdesk: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert book.read_bytes() == before
    assert not lock_path(book).exists()


@pytest.fixture
def book(tmp_path) -> Path:
    path = tmp_path / "firm.focus"
    proc = focusdesk("new", path, "--firm", "Firm", "--year", "2025")
    assert proc.returncode == 0, proc.stderr
    return path


@pytest.fixture
def mapping(tmp_path) -> Path:
    path = tmp_path / "map.csv"
    path.write_text("account,item\n1010,38\n", encoding="utf-8")
    return path


def rezip(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """`data` with each member's bytes passed through change(name, bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in src.namelist():
            z.writestr(name, change(name, src.read(name)))
    return out.getvalue()


def far_cell_xlsx(dimension: str | None, export: bool = False) -> bytes:
    """A trial balance (or, `export`, a FocusDesk export: its Settings sheet) with one
    more cell at XFD1048576; the sheet declares `dimension` (None: no dimension element
    at all — then nothing can be checked before calamine reads the cells)."""
    if export:
        data, part = export_bytes(), "xl/worksheets/sheet4.xml"
    else:
        wb = XWorkbook()
        wb.active.append(["Account", "Balance"])
        wb.active.append(["1010", 5])
        out = io.BytesIO()
        wb.save(out)
        data, part = out.getvalue(), "xl/worksheets/sheet1.xml"

    def change(name: str, raw: bytes) -> bytes:
        if name != part:
            return raw
        new = b"" if dimension is None else f'<dimension ref="{dimension}" />'.encode()
        raw = re.sub(rb"<dimension [^>]*/>", new, raw)
        return raw.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n">'
                                            b"<v>1</v></c></row></sheetData>")

    return rezip(data, change)


def export_bytes() -> bytes:
    out = io.BytesIO()
    write_xlsx(load(sample_workbook())[0], out, "dollars")
    return out.getvalue()


def patched(data: bytes, offset: int, new: bytes) -> bytes:
    return data[:offset] + new + data[offset + len(new):]


# -- a cell at XFD1048576 ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["import-tb", "import-xlsx"])
def test_a_declared_range_beyond_the_budget_is_refused_before_calamine(
        tmp_path, book, mapping, command):
    """The 1.5 KB file: a cell at XFD1048576 declared as the sheet's range — 17 billion
    cells counted from A1 (calamine aborted, exit 134, asking for 549 GB)."""
    bad = tmp_path / "far.xlsx"
    bad.write_bytes(far_cell_xlsx("A1:XFD1048576", export=command == "import-xlsx"))
    before = book.read_bytes()
    extra = ["--month", "JAN", "--mapping", mapping] if command == "import-tb" else []
    proc = focusdesk(command, book, bad, *extra)
    assert_refused(proc, book, before, "far.xlsx: a sheet declares the range A1:XFD1048576 — "
                   "1,048,576 rows by 16,384 columns")
    assert "FocusDesk reads at most 10,000,000 cells" in proc.stderr


@pytest.mark.parametrize("dimension", [None, "A1:B2"], ids=["undeclared", "lying"])
@pytest.mark.parametrize("command", ["import-tb", "import-xlsx"])
def test_a_range_calamine_cannot_hold_ends_only_the_child(
        tmp_path, book, mapping, command, dimension):
    """Without a (true) declared range nothing can be checked before calamine builds the
    sheet: its 549 GB allocation fails in the child, under its memory limit, and the
    command says so in one sentence."""
    bad = tmp_path / "far.xlsx"
    bad.write_bytes(far_cell_xlsx(dimension, export=command == "import-xlsx"))
    before = book.read_bytes()
    extra = ["--month", "JAN", "--mapping", mapping] if command == "import-tb" else []
    proc = focusdesk(command, book, bad, *extra)
    assert_refused(proc, book, before, "far.xlsx cannot be read: reading it asked for more "
                   "memory than FocusDesk gives a spreadsheet")


def test_the_child_checks_the_real_extent_against_the_budget(monkeypatch):
    """A sheet without a dimension element, larger than the budget but not than memory:
    the child measures it before it builds a row."""
    monkeypatch.setattr(container, "CELL_BUDGET", 1_000)
    wb = XWorkbook()
    for r in range(1, 51):
        wb.active.append([r] * 50)
    out = io.BytesIO()
    wb.save(out)
    data = rezip(out.getvalue(), lambda name, raw: re.sub(rb"<dimension [^>]*/>", b"", raw))
    with pytest.raises(TBError, match=r"big\.xlsx: sheet 'Sheet' spans 50 rows by 50 columns "
                                      r"\(2,500 cells counted from A1\); FocusDesk reads at "
                                      r"most 1,000 cells"):
        spreadsheets.read_spreadsheet("big.xlsx", data, TBError)


# -- legacy .xls ------------------------------------------------------------------------------

# Single changes to the committed fixture that python-calamine 0.9 does not survive: a
# record type made BOUNDSHEET panics ("range end index 4 out of range"); an RK cell's row
# and column set to 65535 makes it ask for 137 GB.
XLS_PANIC = patched(XLS, 2270, b"\x85")
XLS_HUGE = patched(XLS, 4770, b"\xff\xff\xff\xff")


@pytest.mark.parametrize(("data", "fragment"), [
    (XLS_PANIC, "t.xls cannot be read"),
    (XLS_HUGE, "t.xls cannot be read: reading it asked for more memory"),
    (XLS[:5000], "t.xls is a damaged Office file (a sector lies past the end of the file)"),
    (patched(XLS, 0x30, b"\xff\xff\x00\x00"), "t.xls is a damaged Office file"),
], ids=["panic", "137-GB", "truncated", "directory-outside"])
def test_a_damaged_xls_is_one_sentence(tmp_path, book, mapping, data, fragment):
    bad = tmp_path / "t.xls"
    bad.write_bytes(data)
    before = book.read_bytes()
    proc = focusdesk("import-tb", book, bad, "--month", "JAN", "--mapping", mapping)
    assert_refused(proc, book, before, fragment)


def test_a_panic_is_caught_even_when_calamine_runs_in_this_process(monkeypatch):
    """Where no child can be started calamine runs here: a panic is a BaseException, not
    an Exception, and is still one sentence."""
    monkeypatch.setattr(spreadsheets, "IN_PROCESS", True)
    with pytest.raises(TBError, match=r"^t\.xls cannot be read"):
        spreadsheets.read_spreadsheet("t.xls", XLS_PANIC, TBError)


def test_a_sheet_dimensions_record_beyond_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(container, "CELL_BUDGET", 50)  # its trial balance is larger
    with pytest.raises(TBError, match=r"t\.xls: a sheet's DIMENSIONS record says it spans "):
        container.check_ole("t.xls", XLS, TBError)
    monkeypatch.setattr(container, "CELL_BUDGET", 10_000)
    assert container.check_ole("t.xls", XLS, TBError) == "xls"


def test_the_fixtures_still_read_through_the_child():
    for name, data in (("layout.xls", XLS), ("layout.ods", ODS)):
        cells = spreadsheets.read_spreadsheet(name, data, TBError)
        assert cells.names == ["Cover", "Trial Balance"]
        assert ["GL Account", "Account Name", "Debit", "Credit"] in cells.sheets["Trial Balance"]


# -- zips: one set of checks for every zip, the importers and the window ----------------------

def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    return out.getvalue()


def _headers(data: bytes, member: str | None, change) -> bytes:  # type: ignore[no-untyped-def]
    """`data` with change(buffer, offset, local) applied to the local and central headers
    of `member` (None: of every member)."""
    d = bytearray(data)
    for sig, local in ((b"PK\x03\x04", True), (b"PK\x01\x02", False)):
        i = d.find(sig)
        while i >= 0:
            size = struct.unpack_from("<H", d, i + (26 if local else 28))[0]
            start = i + (30 if local else 46)
            if member is None or bytes(d[start:start + size]) == member.encode():
                change(d, i, local)
            i = d.find(sig, i + 4)
    return bytes(d)


def _method_99(d: bytearray, i: int, local: bool) -> None:
    struct.pack_into("<H", d, i + (8 if local else 10), 99)  # an unknown compression


def _deflated(d: bytearray, i: int, local: bool) -> None:
    struct.pack_into("<H", d, i + (8 if local else 10), 8)  # stored bytes said deflated


def _bad_crc(d: bytearray, i: int, local: bool) -> None:
    d[i + (14 if local else 16)] ^= 0xFF


def _utf8_name(d: bytearray, i: int, local: bool) -> None:
    flags = i + (6 if local else 8)
    struct.pack_into("<H", d, flags, struct.unpack_from("<H", d, flags)[0] | 0x800)
    d[i + (30 if local else 46)] = 0xFF  # flagged UTF-8, not UTF-8


EXPORT = export_bytes()
# import-tb read the ODS mimetype outside its checks (internal error: NotImplementedError,
# BadZipFile, zlib.error); import-xlsx checked nothing — an export whose Settings sheet
# inflates 1000:1 was read, one with a member in an unknown compression imported.
DAMAGED = {
    "bomb": (_zip_bomb(), "refused as a possible zip bomb"),
    "export-bomb": (rezip(EXPORT, lambda name, raw: raw.replace(
        b"</worksheet>", b" " * (64 * 2**20) + b"</worksheet>")
        if name == "xl/worksheets/sheet4.xml" else raw), "refused as a possible zip bomb"),
    "truncated": (EXPORT[: len(EXPORT) // 2], "is a damaged zip file"),
    "export-method-99": (_headers(EXPORT, "docProps/app.xml", _method_99),
                         "in.xlsx is a damaged zip file (docProps/app.xml: That compression method "
                         "is not supported)"),
    "utf8-name": (_headers(EXPORT, None, _utf8_name), "is a damaged zip file"),
    "ods-truncated": (ODS[: len(ODS) - 200], "is a damaged zip file"),
    "ods-method-99": (_headers(ODS, "mimetype", _method_99),
                      "in.ods is a damaged zip file (mimetype: That compression method is "
                      "not supported)"),
    "ods-crc": (_headers(ODS, "mimetype", _bad_crc),
                "in.ods is a damaged zip file (mimetype: Bad CRC"),
    "ods-deflated": (_headers(ODS, "mimetype", _deflated),
                     "in.ods is a damaged zip file (mimetype: Error -3 while decompressing"),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
@pytest.mark.parametrize("command", ["import-tb", "import-xlsx"])
def test_a_damaged_or_hostile_zip_is_one_sentence(tmp_path, book, mapping, command, case):
    data, fragment = DAMAGED[case]
    bad = tmp_path / ("in.ods" if case.startswith("ods") else "in.xlsx")
    bad.write_bytes(data)
    before = book.read_bytes()
    extra = ["--month", "JAN", "--mapping", mapping] if command == "import-tb" else []
    proc = focusdesk(command, book, bad, *extra)
    assert_refused(proc, book, before, fragment)


def test_import_xlsx_refuses_an_ods_or_xls_by_what_it_is():
    with pytest.raises(XlsxImportError, match=r"t\.ods is an OpenDocument spreadsheet; "
                                              r"FocusDesk reads xlsx here"):
        read_xlsx(ODS, "t.ods")
    with pytest.raises(XlsxImportError, match=r"t\.xls is a legacy \.xls workbook"):
        read_xlsx(XLS, "t.xls")


def test_relationships_without_their_namespace_read_as_calamine_reads_them():
    """A relationships part without its xmlns was 'internal error (StopIteration)'."""
    plain = rezip(EXPORT, lambda name, raw: re.sub(rb' xmlns="[^"]*"', b"", raw)
                  if name == "xl/_rels/workbook.xml.rels" else raw)
    assert b"xmlns" not in zipfile.ZipFile(io.BytesIO(plain)).read(
        "xl/_rels/workbook.xml.rels")
    assert read_xlsx(plain, "plain.xlsx").value_count == read_xlsx(EXPORT).value_count


def test_a_package_calamine_reads_but_whose_parts_do_not_hold_together():
    """Which cells hold formulas is read from the package itself, after calamine: a part
    it cannot find is one sentence naming it."""
    from focusdesk.formats.xlsx.importer import formula_cells

    broken = rezip(EXPORT, lambda name, raw: raw.replace(b'Id="rId4"', b'Id="rId99"')
                   if name == "xl/_rels/workbook.xml.rels" else raw)
    with pytest.raises(XlsxImportError, match=r"^b\.xlsx cannot be read as an Excel "
                                              r"workbook: its part xl/_rels/workbook\.xml\.rels "
                                              r"names no part for the sheet 'Settings'"):
        formula_cells(broken, "Settings", "b.xlsx")
    gone = rezip(EXPORT, lambda name, raw: raw.replace(b"sheet4.xml", b"sheet9.xml")
                 if name == "xl/_rels/workbook.xml.rels" else raw)
    with pytest.raises(XlsxImportError, match=r"its part xl/worksheets/sheet9\.xml is missing"):
        formula_cells(gone, "Settings", "b.xlsx")


# -- the window -----------------------------------------------------------------------------

@pytest.fixture
def warnings_shown(monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def test_the_window_survives_the_files_that_aborted_it(tmp_path, window, warnings_shown,
                                                         monkeypatch):
    """The trial-balance wizard and File ▸ Import from Excel… with the 549 GB file and the
    .xls that panicked: a message each, the window and its unsaved edits still there."""
    pytest.importorskip("PySide6")
    from PySide6.QtWidgets import QFileDialog

    from focusdesk.gui.features.excel import XlsxActions
    from focusdesk.gui.features.trial_balance import TBWizard

    window.doc.wb.firm.name = "Unsaved edit"
    far = tmp_path / "far.xlsx"
    far.write_bytes(far_cell_xlsx(None))
    far_export = tmp_path / "far-export.xlsx"
    far_export.write_bytes(far_cell_xlsx(None, export=True))
    panic = tmp_path / "panic.xls"
    panic.write_bytes(XLS_PANIC)
    for path in (far, panic):
        wizard = TBWizard(window, path)
        assert not wizard.open_file(path)
        wizard.deleteLater()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(far_export), ""))
    assert window.feature(XlsxActions).import_xlsx() is None
    assert [w[:w.index(" cannot be read")] for w in warnings_shown] == [
        "far.xlsx", "panic.xls", "Nothing was imported. far-export.xlsx"]
    assert window.doc.wb.firm.name == "Unsaved edit"


def test_cancelling_while_the_child_reads_stops_it():
    """The wizard's progress dialog is called while the child reads; Cancel ends it."""
    phases: list[str] = []

    def progress(phase: str, done: int, total: int) -> bool:
        phases.append(phase)
        return phase != "reading"

    with pytest.raises(spreadsheets.Cancelled):
        spreadsheets.read_spreadsheet("t.xls", XLS_HUGE, TBError, progress=progress)
    assert phases[-1] == "reading"
    cells = spreadsheets.read_spreadsheet("t.xls", XLS, TBError, progress=lambda *a: True)
    assert cells.kind == "xls"


def test_a_child_that_stalls_is_ended_at_the_deadline(monkeypatch):
    """A child that neither reads its input nor spends CPU time (so no CPU limit ends it)
    is killed at the deadline; the 2 MB it was never given block nothing."""
    monkeypatch.setattr(spreadsheets, "CHILD_WALL_SECONDS", 1)
    monkeypatch.setattr(spreadsheets, "child_command",
                        lambda: [sys.executable, "-c", "import time; time.sleep(120)"])
    data = XLS + b"\0" * (2 * 2**20)
    with pytest.raises(TBError, match=r"^t\.xls cannot be read: reading it took more than 1 s"):
        spreadsheets.read_spreadsheet("t.xls", data, TBError, progress=lambda *a: True)
