"""Bounded fuzz of the binary readers (issue 15): mutated .xlsx, .ods, .xls, PDF and
Daily Seg text/HTML files — a few hundred a run, the same every run (fixed seed), made
here and never committed (`fuzz_support`) — through the real commands as processes
(`import-tb`, `import-xlsx`, `seg-check`, `seg-import`), and through the window's readers
(the trial-balance wizard, File ▸ Import from Excel…, the Daily Seg import) in a window
process.

Each command ends in exit 0, 1 or 2 with at most one line on stderr, never a traceback or
"internal error"; a refusal (exit 2) leaves the workbook byte for byte as it was; no lock
is left. The window process reads every file, keeps its unsaved edit and exits normally.
A failure names the mutant and the changes that made it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fuzz_support import Mutant, mutants, seeds

from focusdesk.document.lock import lock_path

SEED = 15
COUNTS = {"tb.xlsx": 45, "export.xlsx": 40, "layout.ods": 35, "layout.xls": 50,
          "filing.pdf": 40, "tidy.txt": 20, "scrambled.txt": 15, "filing.html": 25}
GUI_COUNTS = {"tb.xlsx": 12, "export.xlsx": 12, "layout.ods": 8, "layout.xls": 12,
              "filing.pdf": 8, "tidy.txt": 6, "filing.html": 6}
TIMEOUT = 120  # per command; a hang is a failure, not a stuck suite


def focusdesk_cmd(*argv: object) -> list[str]:
    return [sys.executable, "-m", "focusdesk", *map(str, argv)]


@pytest.fixture(scope="module")
def corpus() -> dict[str, bytes]:
    return seeds()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fuzz-books")
    books = {"tb": folder / "tb.focus", "seg": folder / "seg.focus"}
    for key, year in (("tb", 2025), ("seg", 2017)):
        proc = subprocess.run(focusdesk_cmd("new", books[key], "--firm", "Firm", "--year",
                                            year), capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    mapping = folder / "map.csv"
    mapping.write_text("account,item\n1010,38\n12*,37a\n2*,23a\n4*,5b\n5*,5c\n",
                       encoding="utf-8")
    books["mapping"] = mapping
    return books


def _argv(m: Mutant, i: int, path: Path, book: Path, mapping: Path) -> list[str]:
    if m.seed in ("filing.pdf", "tidy.txt", "scrambled.txt", "filing.html"):
        if i % 2:
            return focusdesk_cmd("seg-check", path)
        return focusdesk_cmd("seg-import", book, path, "--month", "DEC")
    if m.seed == "export.xlsx" or i % 4 == 3:
        return focusdesk_cmd("import-xlsx", book, path)
    return focusdesk_cmd("import-tb", book, path, "--month", "JAN", "--mapping", mapping)


def _problems(proc: subprocess.CompletedProcess[str], book: Path, before: bytes) -> list[str]:
    found = []
    if proc.returncode not in (0, 1, 2):
        found.append(f"exit {proc.returncode}")
    lines = proc.stderr.splitlines()
    if len(lines) > 1:
        found.append(f"{len(lines)} lines on stderr")
    if "Traceback" in proc.stderr or "internal error" in proc.stderr:
        found.append("a traceback or internal error")
    if proc.returncode == 2 and book.read_bytes() != before:
        found.append("the workbook changed although the command refused")
    if lock_path(book).exists():
        found.append("a lock was left")
    return found


def test_mutated_files_through_the_commands(tmp_path, corpus, workbooks):
    files = mutants(corpus, COUNTS, SEED)
    assert len(files) == sum(COUNTS.values()) >= 250

    def run(item: tuple[int, Mutant]) -> tuple[Mutant, list[str], int, str]:
        i, m = item
        folder = tmp_path / f"run{i:03d}"
        folder.mkdir()
        path = folder / m.name
        path.write_bytes(m.data)
        kind = "seg" if m.seed.endswith((".pdf", ".txt", ".html")) else "tb"
        book = folder / "book.focus"
        shutil.copyfile(workbooks[kind], book)
        before = book.read_bytes()
        argv = _argv(m, i, path, book, workbooks["mapping"])
        try:
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return m, [f"still running after {TIMEOUT} s"], -1, argv[3]
        found = _problems(proc, book, before)
        if found:
            found.append(f"stderr: {proc.stderr.strip()[-300:]!r}")
        return m, found, proc.returncode, argv[3]

    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(run, enumerate(files)))
    failures = [f"{command} {m.describe()}: {'; '.join(found)}"
                for m, found, _, command in results if found]
    assert not failures, f"{len(failures)} of {len(files)} failed:\n" + "\n".join(failures[:20])
    # The mutants reach past the door: some still import, some are refused, per family.
    outcomes = Counter((m.seed.rsplit(".", 1)[1], code) for m, _, code, _ in results)
    for suffix in ("xlsx", "ods", "xls", "pdf", "txt", "html"):
        assert outcomes[(suffix, 0)] + outcomes[(suffix, 1)] > 0, outcomes
        assert outcomes[(suffix, 2)] > 0, outcomes


_WINDOW_SCRIPT = r"""
import json, os, sys
from pathlib import Path
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

app = QApplication([])
shown = []
for name in ("warning", "information", "critical"):
    setattr(QMessageBox, name, staticmethod(lambda *a, **k: shown.append(a[2] if len(a) > 2
                                                                         else "") or 0))
QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.No)
chosen = []
QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: (chosen[-1], ""))

from focusdesk.gui.app import open_window
from focusdesk.gui.features.excel import XlsxActions
from focusdesk.gui.features.segregation import SegregationTab
from focusdesk.gui.features.trial_balance import TBWizard

plan = json.loads(Path(sys.argv[1]).read_text())
win = open_window(plan["book"], QSettings(plan["settings"], QSettings.Format.IniFormat))
win.doc.wb.firm.name = "Unsaved edit"
done = {"tb": 0, "xlsx": 0, "seg": 0}
for reader, path in plan["files"]:
    if reader == "tb":
        wizard = TBWizard(win, Path(path))
        wizard.open_file(Path(path))
        wizard.deleteLater()
    elif reader == "xlsx":
        chosen.append(path)
        win.feature(XlsxActions).import_xlsx()
    else:
        win.feature(SegregationTab).import_file(Path(path), month="DEC", force=False)
    app.processEvents()
    done[reader] += 1
alive = win.doc.wb.firm.name == "Unsaved edit"
# A workbook holding a stored hostile filing (it took 45 s to open): open and show it.
second = open_window(plan["stored"], QSettings(plan["settings"], QSettings.Format.IniFormat))
second.ui.tabs.setCurrentWidget(second.feature(SegregationTab))
app.processEvents()
print(json.dumps({"done": done, "alive": alive, "messages": len(shown),
                  "stored": second.feature(SegregationTab).summary.text()}))
"""


def test_the_window_survives_mutated_files(tmp_path, corpus):
    """The window's readers, offscreen, in a window process of their own: it reads every
    mutant (a message for each refusal), keeps its unsaved edit, opens a workbook holding
    a stored 1.9 MB hostile filing, and exits normally."""
    pytest.importorskip("PySide6")
    from focusdesk.document.store import save
    from focusdesk.model.workbook import StoredFiling, Workbook
    from focusdesk.seg.reader import MAX_FILE_BYTES

    files = []
    for i, m in enumerate(mutants(corpus, GUI_COUNTS, SEED + 1)):
        path = tmp_path / m.name
        path.write_bytes(m.data)
        if m.seed.endswith((".pdf", ".txt", ".html")):
            files.append(("seg", str(path)))
        else:
            files.append(("xlsx" if m.seed == "export.xlsx" or i % 3 == 0 else "tb", str(path)))
    book = tmp_path / "book.focus"
    wb = Workbook()
    wb.year = 2017
    save(wb, book)
    import hashlib

    raw = b"Form: Daily Seg\n" + b"<!--" * ((MAX_FILE_BYTES - 64) // 4)
    stored = tmp_path / "stored.focus"
    held = Workbook()
    held.filings = (StoredFiling("hostile.html", hashlib.sha256(raw).hexdigest(), raw,
                                 "2017-12-29"),)
    save(held, stored)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"book": str(book), "stored": str(stored), "files": files,
                                "settings": str(tmp_path / "settings.ini")}))
    proc = subprocess.run([sys.executable, "-c", _WINDOW_SCRIPT, str(plan)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["alive"]
    assert sum(result["done"].values()) == len(files) and all(result["done"].values())
    assert result["messages"] > 0
    assert "hostile.html cannot be read again" in result["stored"]
