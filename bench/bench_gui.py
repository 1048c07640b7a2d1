"""Benchmark: launch to the first painted window, and a cell edit to repainted totals.

    xvfb-run -a .venv/bin/python bench/bench_gui.py        # a real X window
    .venv/bin/python bench/bench_gui.py                    # offscreen when no display

Launch: wall time from starting the process to the first paint of the main window
with the sample workbook, against a bare PySide6 window holding a 40 × 15 table on the
same machine (the issue's aim: within 1.5×). Two more references show where the
headroom goes: that window with a QTableView over a Python model, and the same after
loading FocusDesk's Qt-free core and computing the sample. Edit: time from a cell's setData to the
repainted sheet, status bar and checks (aim: under one 60 Hz frame, 16 ms).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAINT_HOOK = textwrap.dedent("""
    from PySide6.QtCore import QEvent, QObject
    class _Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print("PAINTED", flush=True)
                import os; os._exit(0)
            return False
""")

# Every program ends alike: its table in a 1400 × 900 main window, watched for the first
# paint of the table's viewport.
SHOW = textwrap.dedent("""
    win.setCentralWidget(table)
    hook = _Painted()
    table.viewport().installEventFilter(hook)
    win.resize(1400, 900)
    win.show()
    app.exec()
""")

BARE = PAINT_HOOK + textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    table = QTableWidget(40, 15)
""") + SHOW

# The same bare window with its table filled as a sheet is (a text in every cell): what
# drawing text costs, which the empty table above does not pay.
BARE_FILLED = BARE.replace("table = QTableWidget(40, 15)\n", textwrap.dedent("""\
    table = QTableWidget(40, 15)
    from PySide6.QtWidgets import QTableWidgetItem
    for r in range(40):
        for c in range(15):
            table.setItem(r, c, QTableWidgetItem(f'{(r * 7919 + c * 104729) % 10**7:,}'))
"""))
assert BARE_FILLED != BARE

# Where the aim's headroom goes: the same window with its table a QTableView over a
# Python model (rowCount/columnCount/data/headerData/flags, 600 amounts) — the least any
# PySide6 program that shows its own data pays: Qt calls Python for every cell, and the
# `Qt` namespace's 93 Python enums get made (the QTableWidget above never makes them) —
# and then that window after loading the Qt-free core FocusDesk's first paint needs (the
# form, the workbook file, the engine and the checks; the sample read and computed in
# dollars and $000, as the window does).
PYTHON_MODEL = PAINT_HOOK + textwrap.dedent("""
    import sys
    CORE
    from PySide6.QtCore import QAbstractTableModel, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    class Model(QAbstractTableModel):
        def rowCount(self, parent=None):
            return 40
        def columnCount(self, parent=None):
            return 15
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{(index.row() * 7919 + index.column() * 104729) % 10**7:,}"
            return None
        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return f"C{section}"
            return None
        def flags(self, index):
            return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEditable)
    app = QApplication(sys.argv[:1])
    LOAD
    win = QMainWindow()
    table = QTableView()
    model = Model()
    table.setModel(model)
""") + SHOW
PYTHON_MODEL_CORE = PYTHON_MODEL.replace(
    "CORE", "from focusdesk import catalog, checks, engine, store, workbook\n"
    "from focusdesk.base.paths import sample_workbook").replace(
    "LOAD", "import pathlib, shutil, tempfile\n"
    "with tempfile.TemporaryDirectory() as tmp:\n"
    "    copy = pathlib.Path(tmp) / 'sample.focus'\n"
    "    shutil.copyfile(sample_workbook(), copy)\n"
    "    wb, _ = store.load(copy)\n"
    "engine.compute(wb, 'thousands', dollars=engine.compute(wb))")
PYTHON_MODEL = PYTHON_MODEL.replace("CORE", "").replace("LOAD", "")

# FocusDesk started exactly as the `focusdesk` command starts it (`focusdesk.cli.main`
# with no arguments): the order of imports is the command's own, which matters — PySide6
# reads the source of every module imported after it (see focusdesk/cli.py). A finder on
# sys.meta_path puts the paint hook on the window when `focusdesk.gui.app` has loaded,
# without importing Qt any earlier than the command does.
FOCUSDESK = textwrap.dedent("""
    import importlib.util, sys

    def hook_window(app_module):
        launch = app_module.launch
        def launch_and_watch(file=None):
            win = launch(file)
            exec(PAINT_HOOK, globals())
            win._bench_hook = _Painted()
            win.table_a.viewport().installEventFilter(win._bench_hook)
            win.resize(1400, 900)
            return win
        app_module.launch = launch_and_watch

    class AppModuleFinder:
        def find_spec(self, name, path, target=None):
            if name != "focusdesk.gui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run = spec.loader.exec_module
            def exec_module(module):
                run(module)
                hook_window(module)
            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, AppModuleFinder())
    from focusdesk.cli import main
    main([])
""").replace("PAINT_HOOK", repr(PAINT_HOOK))


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # A user's installation has its bytecode cached; let the children write and use it
    # (some shells set PYTHONDONTWRITEBYTECODE).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def launch_once(code: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(), cwd=ROOT, timeout=120)
    t1 = time.perf_counter()
    if "PAINTED" not in proc.stdout:
        raise SystemExit(f"the window never painted: {proc.stderr[-500:]}")
    return t1 - t0


def instructions_once(code: str) -> int:
    """Instructions the process runs from its start to the first paint, counted by
    valgrind's callgrind: the same count whatever else the machine is doing."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
             f"--log-file={tmp}/vg.%p", sys.executable, "-c", code],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
        out, err = proc.communicate(timeout=600)
        if "PAINTED" not in out:
            raise SystemExit(f"the window never painted under valgrind: {err[-500:]}")
        # The log of this process (Qt's D-Bus autolaunch forks a child with its own log).
        log = Path(tmp, f"vg.{proc.pid}").read_text()
    match = re.search(r"Collected : (\d+)", log)
    if match is None:
        raise SystemExit("callgrind printed no instruction count")
    return int(match.group(1))


def launches(codes: dict[str, str], repeat: int) -> dict[str, list[float]]:
    """Each program `repeat` times, taking turns (so a busy spell of the machine falls on
    all of them alike), after one unmeasured warm-up run each (bytecode, disk cache)."""
    for code in codes.values():
        launch_once(code)
    times: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(repeat):
        for name, code in codes.items():
            times[name].append(launch_once(code))
    return times


def edit_latency(repeat: int) -> list[float]:
    if not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    sys.path.insert(0, str(ROOT))
    from focusdesk.gui.app import open_window

    win = open_window(None)
    win.resize(1400, 900)
    win.show()
    app.processEvents()
    row = win.grid_a.row_of("3612")
    idx = win.model_a.index(row, win.model_a.n_fixed + 0)
    dirty, full = [], []
    for i in range(repeat):
        t0 = time.perf_counter()
        win.model_a.setData(idx, str(18_000 + i))
        app.processEvents()  # Qt paints what the edit made dirty, as the next frame would
        t1 = time.perf_counter()
        win.model_a.setData(idx, str(19_000 + i))
        win.table_a.viewport().repaint()  # worst case: the whole visible sheet
        win.statusBar().repaint()
        t2 = time.perf_counter()
        dirty.append(t1 - t0)
        full.append(t2 - t1)
    win.doc.history.mark_clean()
    win.close()
    return dirty, full


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--launches", type=int, default=15)
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--instructions", action="store_true",
                    help="also count each program's instructions to the first paint with "
                    "valgrind (repeatable on a busy machine; slow: a minute or so)")
    args = ap.parse_args()
    platform = "xcb (X display)" if os.environ.get("DISPLAY") else "offscreen"
    programs = {"bare": BARE, "filled": BARE_FILLED, "model": PYTHON_MODEL,
                "model+core": PYTHON_MODEL_CORE, "ours": FOCUSDESK}
    times = launches(programs, args.launches)
    med = {k: statistics.median(v) for k, v in times.items()}
    # Round by round, against the same round's bare window: a busy spell of the shared
    # machine moves both (the medians alone drift apart by 10 % from run to run).
    ratio = {k: statistics.median(t / b for t, b in zip(v, times["bare"], strict=True))
             for k, v in times.items()}
    counts = {k: instructions_once(code) for k, code in programs.items()} \
        if args.instructions else {}
    print(f"platform: {platform}")
    for key, what in (("bare", "bare PySide6 window + empty QTableWidget"),
                      ("filled", "bare window + QTableWidget of 600 amounts"),
                      ("model", "bare window + QTableView over a Python model"),
                      ("model+core", "the same + FocusDesk's Qt-free core, sample computed"),
                      ("ours", "FocusDesk with the sample")):
        line = (f"launch to first paint, {what + ':':56s} median {med[key] * 1e3:4.0f} ms, "
                f"{ratio[key]:.2f}x the empty table round by round")
        if counts:
            line += (f"; {counts[key] / 1e6:5.0f} M instructions = "
                     f"{counts[key] / counts['bare']:.2f}x")
        print(line)
    print(f"FocusDesk: {med['ours'] / med['filled']:.2f}x the filled table, "
          f"{med['ours'] / med['model']:.2f}x the Python-model window (medians)")
    dirty, full = edit_latency(args.edits)
    for name, times in (("repainted totals (changed cells)", dirty),
                        ("whole visible sheet repainted", full)):
        print(f"cell edit to {name}: median {statistics.median(times) * 1e3:.1f} ms, "
              f"p95 {sorted(times)[int(len(times) * 0.95)] * 1e3:.1f} ms ({args.edits} edits)")


if __name__ == "__main__":
    main()
