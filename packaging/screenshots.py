"""Screenshots of every tab of the main window and its start page, to look at as a user
would, and of the window as it opens on two small screens.

    xvfb-run -a -s "-screen 0 1920x1200x24" .venv/bin/python packaging/screenshots.py OUTDIR
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 2880x1800x24" \\
        .venv/bin/python packaging/screenshots.py OUTDIR --suffix @150

Opens the sample workbook in a real window (xcb under Xvfb, or offscreen), selects
each tab in turn and saves the window as PNG: OUTDIR/<n>-<tab>.png, then closes the
workbook and saves the start page (OUTDIR/<n>-start-page.png).

Then the small screens (unless --no-small): a laptop at 1366 × 768 at 100 % and one at
1600 × 1000 at 150 %, each in a process of its own (Qt fixes its scale at start-up) on
Qt's offscreen platform given that screen. The window fits itself as on a first start;
each picture is the whole SCREEN with the window where it opened, so anything off-screen
would be missing from it: OUTDIR/small-1366x768/<n>-<tab>.png and
OUTDIR/small-1600x1000@150/<n>-<tab>.png (the start page too).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SMALL_SCREENS = ((1366, 768, 1.0, "small-1366x768"), (1600, 1000, 1.5, "small-1600x1000@150"))


def _name(win, i: int) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", win.ui.tabs.tabText(i).lower()).strip("-")
    return name.split("-")[0] if name.startswith("checks") else name


def shoot(outdir: Path, suffix: str, size: str | None, whole_screen: bool) -> list[Path]:
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "shots.ini"), QSettings.Format.IniFormat)
    from focusdesk.gui.app import open_window

    win = open_window(None, settings)
    if size:
        w, h = (int(x) for x in size.split("x"))
        win.resize(w, h)
    win.show()
    app.processEvents()

    def picture():
        for _ in range(3):
            app.processEvents()
        if not whole_screen:
            return win.grab()
        # The screen as the user sees it: the window where it opened, anything off the
        # screen cut off.
        screen = win.screen()
        ratio = screen.devicePixelRatio()
        geo = screen.geometry()
        image = QImage(int(geo.width() * ratio), int(geo.height() * ratio),
                       QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.darkGray)
        painter = QPainter(image)
        painter.drawPixmap(win.mapToGlobal(QPoint(0, 0)) - geo.topLeft(), win.grab())
        painter.end()
        return image

    written = []
    for i in range(win.ui.tabs.count()):
        win.ui.tabs.setCurrentIndex(i)
        if win.ui.tabs.widget(i) is win.ui.pageScheduleA:
            win.table_a.go_to(win.grid_a.row_of("3750"), 9)
        path = outdir / f"{i + 1}-{_name(win, i)}{suffix}.png"
        picture().save(str(path))
        written.append(path)
    win.doc.history.mark_clean()
    win.ui.actionClose.trigger()  # the start page
    path = outdir / f"{win.ui.tabs.count() + 1}-start-page{suffix}.png"
    picture().save(str(path))
    written.append(path)
    win.close()
    return written


def small_screens(outdir: Path) -> list[str]:
    """Each small screen in a process of its own, on the offscreen platform."""
    printed = []
    for width, height, scale, folder in SMALL_SCREENS:
        target = outdir / folder
        target.mkdir(parents=True, exist_ok=True)
        config = Path(tempfile.mkdtemp()) / "screen.json"
        config.write_text(json.dumps({"screens": [{
            "name": folder, "x": 0, "y": 0, "width": width, "height": height,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
               "QT_SCALE_FACTOR": str(scale)}
        proc = subprocess.run([sys.executable, __file__, str(target), "--whole-screen",
                               "--no-small"], env=env, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(proc.stderr)
        printed.extend(proc.stdout.splitlines())
    return printed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--suffix", default="")
    ap.add_argument("--size", default="1600x1000",
                    help="the window's size for the main pictures (WxH)")
    ap.add_argument("--whole-screen", action="store_true",
                    help="the window fits itself; each picture is the whole screen")
    ap.add_argument("--no-small", action="store_true", help="skip the small screens")
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    written = shoot(args.outdir, args.suffix, None if args.whole_screen else args.size,
                    args.whole_screen)
    for p in written:
        print(p)
    if not args.no_small:
        for line in small_screens(args.outdir):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
