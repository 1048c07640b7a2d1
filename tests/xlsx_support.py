"""Helpers for the Excel tests: random workbooks, LibreOffice recalculation, and the
cell-by-cell comparison of a recalculated export with the engine."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from focusdesk.base.money import round_half_away
from focusdesk.calculation.engine import compute
from focusdesk.form.catalog import DOLLAR_MINIMUMS, MONTHS, PART_I, BKind, Kind, Unit
from focusdesk.formats.xlsx.formulas import places
from focusdesk.formats.xlsx.sheet_format import NA, SHEET_A, SHEET_B, layout
from focusdesk.model.workbook import Workbook

BASIC, ALT = "aggregate-indebtedness", "alternative"
AMOUNT_CODES = [i.code for i in PART_I.input_items if i.kind is Kind.AMOUNT]
COUNT_CODES = [i.code for i in PART_I.input_items if i.kind is Kind.COUNT]
B_CELLS = [(b.key, c) for b in PART_I.b_input_lines for c in PART_I.b_columns if b.takes(c)]
# Text a firm might be called, or an attacker might try: formula-looking strings.
INJECTIONS = ['=HYPERLINK("http://example.invalid","click")', "+1+2", "-3+4", "@SUM(A1:A2)",
              "=1+1", '=cmd|" /C calc"!A0', "\t=2*3", "&Sons", "Smith & Jones =A1"]

EDGES = [Decimal(x) for x in ("0", "0.1", "0.2", "0.3", "500", "-500", "499.99", "500.01",
                              "1500", "2500", "-2500", "999.5", "1000", "25000",
                              "17949", "20000", "15000000", "15000001", "0.01")]
amounts = st.one_of(
    st.integers(-10**11, 10**11).map(lambda n: Decimal(n).scaleb(-2)),  # cents
    st.integers(-10**8, 10**8).map(Decimal),  # whole dollars
    st.sampled_from(EDGES),
)
b_amounts = st.one_of(st.integers(0, 10**10).map(lambda n: Decimal(n).scaleb(-2)),
                      st.sampled_from([d for d in EDGES if d >= 0]))
counts = st.integers(0, 10**6).map(Decimal)
firm_text = st.one_of(st.sampled_from(INJECTIONS),
                      st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))


@st.composite
def workbooks(draw) -> Workbook:
    wb = Workbook()
    method = draw(st.sampled_from([BASIC, ALT]))
    minimum = Decimal(draw(st.sampled_from((*DOLLAR_MINIMUMS, 0, 2500, 1500))))
    wb.set_profile("method", method)
    # The alternative method takes no minimum below $250,000 (Rule 15c3-1(a)(1)(ii)).
    wb.set_profile("minimum_dollar", max(minimum, Decimal(250_000)) if method == ALT
                   else minimum)
    wb.set_profile("firm.name", draw(firm_text))
    wb.set_profile("firm.preparer", draw(firm_text))
    wb.set_profile("year", draw(st.integers(2000, 2040)))
    months = draw(st.lists(st.sampled_from(MONTHS), min_size=1, max_size=5, unique=True))
    for month in months:
        for code, value in draw(st.dictionaries(st.sampled_from(AMOUNT_CODES), amounts,
                                                max_size=18)).items():
            wb.set_item(month, code, value)
        for code, value in draw(st.dictionaries(st.sampled_from(COUNT_CODES), counts,
                                                max_size=3)).items():
            wb.set_item(month, code, value)
        cells = draw(st.dictionaries(st.sampled_from(B_CELLS), b_amounts, max_size=10))
        for (line, col), value in cells.items():
            wb.set_schedule_b(month, line, col, value.to_integral_value() if col == "I"
                              else value)
        answer = draw(st.sampled_from([None, True, False]))
        if answer is not None:
            wb.set_answer(month, answer)
        if not wb.is_active(month):
            wb.set_item(month, "3950", Decimal(0))
    wb.audit.clear()
    return wb


def edge_workbooks() -> list[Workbook]:
    """Hand-made cases where a naive translation would differ from the engine."""
    out = []

    def book(method=BASIC, minimum="250000", **months) -> Workbook:
        wb = Workbook()
        wb.set_profile("method", method)
        wb.set_profile("minimum_dollar", Decimal(minimum))
        for month, items in months.items():
            for code, value in items.items():
                if isinstance(code, tuple):
                    wb.set_schedule_b(month, *code, Decimal(value))
                else:
                    wb.set_item(month, code, Decimal(value))
        return wb

    # Ratios that land exactly on a half of 0.01 %: 17,949 / 20,000 = 89.745 %.
    out.append(book(JAN={"3501": "20000", "3840": "17949", "3852D": "17949"}))
    # 0.1 + 0.2 − 0.3: net capital exactly zero → N/A, not a huge ratio of float noise.
    out.append(book(JAN={"3501": "0.1", "3950": "0.2", "3740": "0.3", "3840": "5"}))
    # Net capital negative; then a carry over an unreported month.
    out.append(book(JAN={"3501": "-100", "3840": "50"}, MAR={"3950": "10", "3840": "7"}))
    # 2 % of debit items on a half cent (0.005) and on a half thousand (25,000 → 0.5).
    out.append(book(ALT, "250000", JAN={"4470": "0.25", "3501": "1"},
                    FEB={"4470": "25000"}, MAR={"4470": "74999.99"}))
    # A dollar minimum that is not whole thousands (2.5 in the $000 view).
    out.append(book(BASIC, "2500", JAN={"3501": "1000", "3840": "1"}))
    # A tiny positive net capital under a large indebtedness: a huge percent.
    out.append(book(JAN={"3501": "0.01", "3840": "1000000000"}))
    # Schedule B: offsets larger than the parts, item counts, only 5G entered.
    out.append(book(JAN={("5A L", "II"): "100", ("5G", "III"): "250", ("5G", "I"): "3",
                         ("1", "IV"): "1499.5", ("2 S", "IV"): "0.5"},
                    FEB={("5G", "II"): "10"}, MAR={"3501": "7"}))
    # Line 4 entered in a later month equal to, and different from, the carry.
    out.append(book(JAN={"3501": "1000", "3950": "1"}, FEB={"3501": "1001"},
                    MAR={"3501": "5"}, DEC={"3950": "-0.01"}))
    # $000: a deficiency under $500 ("(0)"), and 25c = 19 − 24 that cannot foot (a note):
    # net capital 249,999.99 and 250,600 against 250,000 and 3,756,000 / 15 = 250,400.
    out.append(book(JAN={"3501": "251599.99", "3550": "400", "3540": "400", "3600": "400",
                         "3612": "400"},
                    FEB={"3501": "250600", "3840": "3756000"}, MAR={"3840": "3756000"}))
    for wb in out:
        wb.audit.clear()
    return out


# -- LibreOffice -------------------------------------------------------------------

_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: list[Path], outdir: Path, fmt: str = "xlsx", *, timeout: float = 170
            ) -> dict[Path, Path]:
    """Open every file in ONE LibreOffice run (a private profile that recalculates every
    formula on load) and save it as `fmt` into `outdir`; returns input → output."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is not installed"
    profile = outdir.parent / f"lo-profile-{os.getpid()}-{outdir.name}"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS)
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nologo", "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                          stdin=subprocess.DEVNULL)
    result = {p: outdir / (p.stem + "." + fmt.split(":")[0]) for p in paths}
    missing = [str(p) for p, out in result.items() if not out.exists()]
    assert not missing, (f"LibreOffice did not convert {missing[:3]} …: "
                         f"{proc.returncode} {proc.stdout[-500:]} {proc.stderr[-500:]}")
    return result


# -- comparison --------------------------------------------------------------------


def _matches(cell: object, expected: Decimal, digits: int) -> bool:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return False
    got = Decimal(repr(float(cell)))
    if len(expected.normalize().as_tuple().digits) <= 15:
        return round_half_away(got, Decimal(1).scaleb(-digits)) == expected
    # Beyond a spreadsheet's 15 significant digits: equal to that precision.
    return abs(got - expected) <= abs(expected) * Decimal("1e-14")


def _blank(cell: object) -> bool:
    return cell is None or cell == ""


def compare(recalculated: Path, wb: Workbook, units: str, *, inputs: bool = True
            ) -> list[str]:
    """Every cell of the form in the recalculated file vs the engine; the mismatches.
    With `inputs` False (a template compared with a workbook of zeros) entered cells
    are not compared."""
    book = CalamineWorkbook.from_path(str(recalculated))
    a = book.get_sheet_by_name(SHEET_A).to_python(skip_empty_area=False)
    b = book.get_sheet_by_name(SHEET_B).to_python(skip_empty_area=False)

    def at(rows, ref: str) -> object:
        col = 0
        i = 0
        while ref[i].isalpha():
            col = col * 26 + ord(ref[i]) - 64
            i += 1
        row = int(ref[i:]) - 1
        if row < len(rows) and col - 1 < len(rows[row]):
            return rows[row][col - 1]
        return ""

    comp = compute(wb, units)  # type: ignore[arg-type]
    lay = layout(wb.form)
    bad: list[str] = []
    for month in MONTHS:
        res = comp.months[month]
        active = res.active
        for item in wb.form.items:
            assert item.code is not None
            ref = lay.a_cell(month, item.code)
            got = at(a, ref)
            entered = item.code in wb.items[month]
            carried = item.code == "3501" and res.line4_carried
            if not inputs and item.is_input and not carried:
                continue
            where = f"A {ref} line {item.line} {month} ({units})"
            if not active or (item.is_input and not entered and not carried):
                if not _blank(got):
                    bad.append(f"{where}: {got!r}, expected blank")
                continue
            expected = res.values[item.code]
            if expected is None:
                if got != NA:
                    bad.append(f"{where}: {got!r}, expected N/A")
                continue
            digits = places(item, units) if item.is_computed or item.code == "3501" else 4
            if not _matches(got, expected, digits):
                bad.append(f"{where}: {got!r}, engine {expected}")
        for line in wb.form.schedule_b_lines:
            if line.kind is BKind.QUESTION:
                ref = lay.b_cell(month, line.key, "I")
                want = {True: "Yes", False: "No", None: ""}[wb.schedule_b_answer.get(month)]
                if at(b, ref) != want:
                    bad.append(f"B {ref} line 10 {month}: {at(b, ref)!r}, expected {want!r}")
                continue
            if line.kind is not BKind.TOTAL and (line.kind is not BKind.INPUT or not inputs):
                continue
            for col in wb.form.schedule_b_columns:
                ref = lay.b_cell(month, line.key, col.key)
                got = at(b, ref)
                expected = res.schedule_b[line.key][col.key] if res.active else None
                where = f"B {ref} line {line.key} {col.key} {month} ({units})"
                if expected is None:
                    if not _blank(got):
                        bad.append(f"{where}: {got!r}, expected blank")
                elif not _matches(got, expected, 4 if col.unit is Unit.COUNT else 2):
                    bad.append(f"{where}: {got!r}, engine {expected}")
    return bad
