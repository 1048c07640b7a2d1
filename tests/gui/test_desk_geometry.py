"""The window fits a laptop's screen (issue 18): at 1366 × 768 at 100 % and at 1600 × 1000
at 150 % the first window is within the screen (at most 90 % of it), every tab's
contents fit it, the status bar and its badge are on screen, whole; a geometry saved on
a bigger screen is clamped to the small one.

Each case is its own process: Qt's scale factor and the offscreen platform's screen
(a JSON screen description) are fixed when the application starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("PySide6")

PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from focusdesk.gui.app import open_window

    settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
    win = open_window(None, settings)  # the sample, as on a first start
    win.show()
    for _ in range(5):
        app.processEvents()
    screen = win.screen().availableGeometry()

    def rect(widget):
        top_left = widget.mapToGlobal(QPoint(0, 0))
        return [top_left.x(), top_left.y(), widget.width(), widget.height()]

    out = {"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
           "ratio": win.devicePixelRatioF(),
           "frame": [win.frameGeometry().x(), win.frameGeometry().y(),
                     win.frameGeometry().width(), win.frameGeometry().height()],
           "size": [win.width(), win.height()],
           "minimum": [win.minimumSizeHint().width(), win.minimumSizeHint().height()],
           "tabs": {}}
    for i in range(win.ui.tabs.count()):
        win.ui.tabs.setCurrentIndex(i)
        for _ in range(3):
            app.processEvents()
        page = win.ui.tabs.widget(i)
        hint = page.minimumSizeHint()
        out["tabs"][win.ui.tabs.tabText(i)] = {
            "page": rect(page), "hint": [hint.width(), hint.height()],
            "status": rect(win.statusBar()), "badge": rect(win.badge),
            "badge_visible": win.badge.isVisible(), "badge_text": win.badge.text(),
            "badge_needs": win.badge.sizeHint().width(),
            "badge_shown": win.badge.visibleRegion().boundingRect().width(),
            "figures_elided": win.figures.elided(), "figures": win.figures.text()}
    if len(sys.argv) > 2:
        win.resize(1800, 1100)  # as a bigger screen left it
        settings.setValue("geometry", win.saveGeometry())
    win.doc.history.mark_clean()
    win.ui.actionClose.trigger()  # the start page
    app.processEvents()
    hint = win.start_page.minimumSizeHint()
    out["start"] = {"page": rect(win.start_page), "hint": [hint.width(), hint.height()],
                    "status": rect(win.statusBar())}
    win.close()
    print(json.dumps(out))
""")


def probe(tmp_path, width: int, height: int, scale: float, *, save_big: bool = False,
          settings_file=None) -> dict:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "FOCUSDESK_DATA_DIR": str(tmp_path / "data")}
    args = [sys.executable, "-c", PROBE, str(settings_file or tmp_path / "settings.ini")]
    proc = subprocess.run(args + (["save-big"] if save_big else []), env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return x >= ox and y >= oy and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize(("width", "height", "scale", "logical"), [
    (1366, 768, 1.0, (1366, 768)),
    (1600, 1000, 1.5, (1067, 667)),  # 1066.7 × 666.7 logical pixels
])
def test_the_first_window_fits_a_laptop_screen_at_any_scale(tmp_path, width, height, scale,
                                                            logical):
    out = probe(tmp_path, width, height, scale)
    screen = out["screen"]
    assert screen[2:] == list(logical) and out["ratio"] == scale
    assert inside(out["frame"], screen)
    assert out["size"][0] <= screen[2] * 0.9 + 1 and out["size"][1] <= screen[3] * 0.9 + 1
    assert out["minimum"][0] <= screen[2] and out["minimum"][1] <= screen[3]
    # Schedule A, B, Firm & settings, Segregation, Worksheets, Checks, Trend
    assert len(out["tabs"]) == 7
    for name, tab in out["tabs"].items():
        # the status bar and its badge on screen, the badge whole
        assert inside(tab["status"], screen), name
        assert tab["badge_visible"] and tab["badge_text"].strip(), name
        assert inside(tab["badge"], screen), name
        assert tab["badge_shown"] >= tab["badge_needs"], name
        # the tab's contents fit the room the window gives them (nothing clipped)
        assert tab["hint"][0] <= tab["page"][2] and tab["hint"][1] <= tab["page"][3], name
    start = out["start"]
    assert start["hint"][0] <= start["page"][2] and start["hint"][1] <= start["page"][3]
    assert inside(start["page"], screen) and inside(start["status"], screen)


def test_a_geometry_saved_on_a_bigger_screen_is_clamped(tmp_path):
    settings_file = tmp_path / "kept.ini"
    probe(tmp_path, 1920, 1200, 1.0, save_big=True, settings_file=settings_file)
    out = probe(tmp_path, 1366, 768, 1.0, settings_file=settings_file)
    assert inside(out["frame"], out["screen"])
    assert out["tabs"]["Schedule A"]["badge_shown"] >= out["tabs"]["Schedule A"]["badge_needs"]
    out = probe(tmp_path, 1600, 1000, 1.5, settings_file=settings_file)
    assert inside(out["frame"], out["screen"])
