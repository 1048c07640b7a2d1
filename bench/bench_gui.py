"""Benchmark: launch to the first painted window, and a cell edit to repainted totals.

    xvfb-run -a .venv/bin/python bench/bench_gui.py        # a real X window
    .venv/bin/python bench/bench_gui.py                    # offscreen when no display

Launch: wall time from starting the process to the first paint of the main window
with the sample workbook, against a bare PySide6 window holding a 40 × 15 table on the
same machine (the issue's aim: within 1.5×). Edit: time from a cell's setData to the
repainted sheet, status bar and checks (aim: under one 60 Hz frame, 16 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
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

BARE = PAINT_HOOK + textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    table = QTableWidget(40, 15)
    win.setCentralWidget(table)
    hook = _Painted()
    table.viewport().installEventFilter(hook)
    win.resize(1400, 900)
    win.show()
    app.exec()
""")

FOCUSDESK = PAINT_HOOK + textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from focusdesk.gui.app import launch
    win = launch(None)  # as `focusdesk` starts it
    hook = _Painted()
    win.table_a.viewport().installEventFilter(hook)
    win.resize(1400, 900)
    app.exec()
""")


def launch(code: str, repeat: int) -> list[float]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    # A user's installation has its bytecode cached; let the children write and use it
    # (some shells set PYTHONDONTWRITEBYTECODE), and warm it with one unmeasured run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, cwd=ROOT,
                   timeout=120)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=120)
        t1 = time.perf_counter()
        if "PAINTED" not in proc.stdout:
            raise SystemExit(f"the window never painted: {proc.stderr[-500:]}")
        times.append(t1 - t0)
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
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--edits", type=int, default=200)
    args = ap.parse_args()
    platform = "xcb (X display)" if os.environ.get("DISPLAY") else "offscreen"
    bare = statistics.median(launch(BARE, args.launches))
    ours = statistics.median(launch(FOCUSDESK, args.launches))
    print(f"platform: {platform}")
    print(f"launch to first paint, bare PySide6 window + table: median {bare * 1e3:.0f} ms")
    print(f"launch to first paint, FocusDesk with the sample:  median {ours * 1e3:.0f} ms "
          f"({ours / bare:.2f}x bare)")
    dirty, full = edit_latency(args.edits)
    for name, times in (("repainted totals (changed cells)", dirty),
                        ("whole visible sheet repainted", full)):
        print(f"cell edit to {name}: median {statistics.median(times) * 1e3:.1f} ms, "
              f"p95 {sorted(times)[int(len(times) * 0.95)] * 1e3:.1f} ms ({args.edits} edits)")


if __name__ == "__main__":
    main()
