"""`focusdesk --selftest`: the smoke test of every build (source checkout, wheel, frozen app).

Starts the desktop window offscreen, opens the bundled sample workbook, recomputes it,
renders the main window once, writes a PDF and an .xlsx to a temporary folder and checks
that the package metadata, the Designer forms, the icons and the instruction texts were
found. One line per check on stdout (`ok` or `FAIL`, then what it found or what is
missing); exit 0 when every check passes, 1 otherwise.

The report also goes to the file named by FOCUSDESK_SELFTEST_REPORT, when that is set:
a windowed app (the Windows build has no console) has no stdout to print to.

Nothing of the user's is touched: the window gets QSettings in the temporary folder,
local data (recovery files) go there too, and the sample is read from a copy.

Qt-free itself, like the rest of the core, and knowing nothing of the window: the checks
that need Qt are `focusdesk.gui.selftest.CHECKS`, and the command line
(`focusdesk.cli`) assembles the two lists — a PySide6 that cannot be loaded becomes a
failed "Qt" check.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPORT_ENV = "FOCUSDESK_SELFTEST_REPORT"
# Smallest sensible outputs: the sample's PDF is ~30 KiB, its Excel export ~25 KiB.
MIN_PDF_BYTES = 2_000
MIN_XLSX_BYTES = 2_000


class CheckFailed(Exception):
    """A check found something missing or wrong; the message says what."""


@dataclass
class SelfTest:
    """The checks run in order; each may need earlier ones (`needs`), and is skipped —
    reported as failed — when one of those failed."""

    tmp: Path
    out: Callable[[str], None]
    passed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    state: dict[str, object] = field(default_factory=dict)

    def check(self, name: str, func: Callable[[], str], needs: tuple[str, ...] = ()) -> None:
        missing = [n for n in needs if n not in self.passed]
        if missing:
            self.failed.append(name)
            self.out(f"FAIL  {name}: not run, it needs {', '.join(missing)}")
            return
        try:
            detail = func()
        except CheckFailed as exc:
            self.failed.append(name)
            self.out(f"FAIL  {name}: {exc}")
            return
        except Exception as exc:  # any failure of a check is a finding, never a crash
            self.failed.append(name)
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.out(f"FAIL  {name}: {type(exc).__name__}: {exc} "
                     f"({Path(where.filename).name}:{where.lineno})")
            return
        self.passed.append(name)
        self.out(f"ok    {name}: {detail}")

    # -- Qt-free -------------------------------------------------------------------
    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        import focusdesk

        try:
            found = version("focusdesk")
        except PackageNotFoundError:
            raise CheckFailed("the package metadata (focusdesk's .dist-info) is not "
                              "installed, so the version is unknown") from None
        return f"FocusDesk {found} from {Path(focusdesk.__file__).resolve().parent}"

    def sample(self) -> str:
        from .base.paths import sample_workbook
        from .document.store import load
        from .form.catalog import MONTHS

        try:
            source = sample_workbook()
        except FileNotFoundError as exc:
            raise CheckFailed(str(exc)) from None
        copy = self.tmp / "sample.focus"
        shutil.copyfile(source, copy)  # never migrate or lock the installed file
        wb, _ = load(copy)
        active = [m for m in MONTHS if wb.is_active(m)]
        if not active:
            raise CheckFailed(f"{source} holds no reported month")
        self.state["wb"] = wb
        return f"{source} ({wb.firm.name}, {wb.year}, {len(active)} months reported)"

    def recompute(self) -> str:
        from .calculation.checks import run_checks
        from .calculation.engine import compute
        from .form.catalog import MONTHS, PART_I

        wb = self.state["wb"]
        dollars = compute(wb, "dollars")
        thousands = compute(wb, "thousands")
        net_capital = PART_I.by_line["19"].code
        last = [m for m in MONTHS if wb.is_active(m)][-1]
        value = dollars.value(last, net_capital)
        if value is None or thousands.value(last, net_capital) is None:
            raise CheckFailed(f"net capital (line 19) of {last} was not computed")
        self.state["dollars"], self.state["thousands"] = dollars, thousands
        return (f"net capital {last} ${value:,.2f}, {len(run_checks(wb, dollars))} finding(s), "
                "dollars and $000 views")

    def instructions(self) -> str:
        from .form.catalog import PART_I
        from .form.instructions import RESOURCE, instruction_for_item, load_instructions

        try:
            texts = load_instructions()
        except FileNotFoundError as exc:
            raise CheckFailed(str(exc)) from None
        net_capital = PART_I.by_line["19"]
        if not instruction_for_item(net_capital).strip():
            raise CheckFailed(f"{RESOURCE} has no text for line 19 (net capital)")
        return (f"{len(texts.schedule_a)} Schedule A and {len(texts.schedule_b)} "
                f"Schedule B texts ({RESOURCE})")

    def pdf(self) -> str:
        from .formats.pdf import write_pdf

        target = self.tmp / "selftest.pdf"
        report = write_pdf(self.state["wb"], target, dollars=self.state["dollars"],
                           thousands=self.state["thousands"])
        data = target.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise CheckFailed(f"{target} is not a PDF (starts {data[:8]!r})")
        if len(data) < MIN_PDF_BYTES:
            raise CheckFailed(f"{target} has only {len(data)} bytes")
        return f"{len(report.pages)} pages, {len(data):,} bytes (reportlab)"

    def xlsx(self) -> str:
        from .formats.xlsx.export import write_xlsx

        target = self.tmp / "selftest.xlsx"
        write_xlsx(self.state["wb"], target)
        size = target.stat().st_size
        try:
            with zipfile.ZipFile(target) as z:
                names = set(z.namelist())
                sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
        except zipfile.BadZipFile:
            raise CheckFailed(f"{target} is not a zip file") from None
        if "xl/workbook.xml" not in names or not sheets:
            raise CheckFailed(f"{target} lacks xl/workbook.xml or its sheets")
        if size < MIN_XLSX_BYTES:
            raise CheckFailed(f"{target} has only {size} bytes")
        # Read back as every spreadsheet from outside is: python-calamine in a child
        # process (in the frozen app, the app itself started with --read-spreadsheet).
        from .formats.xlsx.importer import XlsxImportError, read_xlsx

        try:
            values = read_xlsx(target.read_bytes(), target.name).value_count
        except XlsxImportError as exc:
            raise CheckFailed(f"{target} could not be read back: {exc}") from None
        if not values:
            raise CheckFailed(f"{target} read back without a value")
        return (f"{len(sheets)} sheets, {size:,} bytes (openpyxl), {values} values read back "
                "(python-calamine, in a child process)")



# A check: its name, what it does (given the self-test), and the checks it needs.
Check = tuple[str, Callable[[SelfTest], str], tuple[str, ...]]

CORE_CHECKS: tuple[Check, ...] = (
    ("version", SelfTest.version, ()),
    ("sample workbook", SelfTest.sample, ()),
    ("recompute", SelfTest.recompute, ("sample workbook",)),
    ("instruction texts", SelfTest.instructions, ()),
    ("PDF", SelfTest.pdf, ("recompute",)),
    ("Excel", SelfTest.xlsx, ("sample workbook",)),
)


def unavailable(name: str, reason: str) -> Check:
    """A check that fails with `reason` (the Qt checks when PySide6 cannot be loaded)."""

    def fail(_test: SelfTest) -> str:
        raise CheckFailed(reason)

    return (name, fail, ())


def run(checks: Sequence[Check] = CORE_CHECKS, out: Callable[[str], None] | None = None, *,
        close: Callable[[SelfTest], None] | None = None) -> int:
    """Run `checks` in order (the command line adds the window's, `focusdesk.gui.selftest`,
    to the core ones); `close` tidies up after them. 0 when all pass, 1 otherwise."""
    lines: list[str] = []

    def emit(line: str) -> None:
        lines.append(line)
        if out is not None:
            out(line)
        elif sys.stdout is not None:
            print(line, flush=True)

    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is imported
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    emit(f"FocusDesk self-test: Python {platform.python_version()} on {sys.platform}"
         f"{frozen}, {sys.executable}")
    with tempfile.TemporaryDirectory(prefix="focusdesk-selftest-") as tmp:
        saved_data_dir = os.environ.get("FOCUSDESK_DATA_DIR")
        os.environ["FOCUSDESK_DATA_DIR"] = str(Path(tmp) / "data")
        test = SelfTest(Path(tmp), emit)
        try:
            for name, func, needs in checks:
                test.check(name, lambda f=func: f(test), needs=needs)
        finally:
            if close is not None:
                close(test)
            if saved_data_dir is None:
                os.environ.pop("FOCUSDESK_DATA_DIR", None)
            else:
                os.environ["FOCUSDESK_DATA_DIR"] = saved_data_dir
    seconds = time.perf_counter() - started
    total = len(test.passed) + len(test.failed)
    if test.failed:
        emit(f"self-test FAILED: {len(test.failed)} of {total} checks "
             f"({', '.join(test.failed)}) in {seconds:.1f} s")
    else:
        emit(f"self-test passed: {total} checks in {seconds:.1f} s")
    report = os.environ.get(REPORT_ENV)
    if report:
        from .base.atomicfile import write_atomically

        try:
            write_atomically(report, ("\n".join(lines) + "\n").encode("utf-8"))
        except OSError as exc:
            emit(f"(the report could not be written to {report}: {exc})")
    return 1 if test.failed else 0


__all__ = ["CORE_CHECKS", "REPORT_ENV", "Check", "CheckFailed", "SelfTest", "run",
           "unavailable"]
