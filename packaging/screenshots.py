"""Screenshots of every tab of the main window, to look at as a user would.

    xvfb-run -a -s "-screen 0 1920x1200x24" .venv/bin/python packaging/screenshots.py OUTDIR
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 2880x1800x24" \
        .venv/bin/python packaging/screenshots.py OUTDIR --suffix @150

Opens the sample workbook in a real window (xcb under Xvfb, or offscreen), selects
each tab in turn and saves the window as PNG: OUTDIR/<tab>.png.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--suffix", default="")
    ap.add_argument("--size", default="1600x1000")
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    from focusdesk.gui.app import open_window

    win = open_window(None, settings)
    w, h = (int(x) for x in args.size.split("x"))
    win.resize(w, h)
    win.show()
    app.processEvents()
    written = []
    for i in range(win.ui.tabs.count()):
        win.ui.tabs.setCurrentIndex(i)
        if win.ui.tabs.widget(i) is win.ui.pageScheduleA:
            win.table_a.go_to(win.grid_a.row_of("3750"), 9)
        for _ in range(3):
            app.processEvents()
        name = re.sub(r"[^a-z0-9]+", "-", win.ui.tabs.tabText(i).lower()).strip("-")
        name = name.split("-")[0] if name.startswith("checks") else name
        path = args.outdir / f"{i + 1}-{name}{args.suffix}.png"
        win.grab().save(str(path))
        written.append(path)
    win.doc.history.mark_clean()
    win.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
