"""The Qt half of `focusdesk --selftest` (focusdesk.selftest runs the checks in order).

Each check takes the running `SelfTest` (its temporary folder, the workbook and the
computations of the Qt-free checks) and returns what it found, or raises `CheckFailed`
saying what is missing.
"""

from __future__ import annotations

import importlib
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QDir, QFile, QLibraryInfo, QSettings, QSize, qVersion
from PySide6.QtGui import QIcon, QImage, QImageReader
from PySide6.QtWidgets import QApplication

from ..base import paths
from ..form.catalog import PART_I
from ..selftest import Check, CheckFailed, SelfTest

# A rendered window has text, grid lines, shading and icons: a blank or single-colour
# grab has a handful of colours at most.
MIN_WINDOW_COLOURS = 8


def _plugin_dirs() -> list[Path]:
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)),
            *(Path(p) for p in QCoreApplication.libraryPaths()),
            *(Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p)]
    return list(dict.fromkeys(dirs))


def check_qt(test: SelfTest) -> str:
    wanted = os.environ.get("QT_QPA_PLATFORM", "offscreen").split(":")[0]
    dirs = _plugin_dirs()
    found = [f for d in dirs if (d / "platforms").is_dir()
             for f in (d / "platforms").iterdir() if wanted in f.name.lower()]
    if not found:
        # Qt would abort the process without its platform plugin: say so instead.
        raise CheckFailed(f"Qt's platform plugin {wanted!r} is missing (looked in "
                          f"{', '.join(str(d / 'platforms') for d in dirs)})")
    test.state["app"] = QApplication.instance() or QApplication(sys.argv[:1])
    return (f"PySide6 {pyside_version}, Qt {qVersion()}, platform "
            f"{QApplication.platformName()} ({found[0].name})")


def check_forms(test: SelfTest) -> str:
    from . import forms

    modules = []
    for name in forms.MODULES:
        module = importlib.import_module(f"{forms.GENERATED}.{name}")
        modules.append(Path(module.__file__ or name).stem)
    return f"{', '.join(modules)} ({forms.GENERATED})"


def check_icons(test: SelfTest) -> str:
    compiled = sorted(QDir(":/icons").entryList())
    if not compiled:
        raise CheckFailed("no icons are registered under :/icons (the compiled "
                          "resources_rc module did not load)")
    expected = ["focusdesk.svg"]
    try:  # the .qrc ships with the resources: every icon it lists must be there
        qrc = ET.parse(paths.resource_path("focusdesk.qrc"))
        expected = [n.get("alias") or Path(n.text or "").name for n in qrc.iter("file")]
    except FileNotFoundError:
        pass
    missing = [n for n in expected if not QFile(f":/icons/{n}").exists()]
    if missing:
        raise CheckFailed(f"icons missing from :/icons: {', '.join(missing)}")
    formats = {bytes(f).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise CheckFailed("Qt cannot read SVG (the imageformats/qsvg plugin or the QtSvg "
                          "library is missing)")
    pixmap = QIcon(":/icons/focusdesk.svg").pixmap(QSize(64, 64))
    if pixmap.isNull() or colours(pixmap.toImage()) < 2:
        raise CheckFailed("the app icon :/icons/focusdesk.svg does not render (the "
                          "iconengines/qsvgicon plugin is missing)")
    return f"{len(compiled)} in :/icons, the app icon renders"


def check_window(test: SelfTest) -> str:
    from .app import open_window

    settings = QSettings(str(test.tmp / "settings.ini"), QSettings.Format.IniFormat)
    win = open_window(None, settings)  # the sample workbook, every feature's menu
    test.state["window"] = win
    win.resize(1200, 800)
    win.show()
    QApplication.processEvents()
    wb = test.state["wb"]
    if win.doc is None or win.doc.wb.firm.name != wb.firm.name:
        raise CheckFailed("the window did not open the sample workbook")
    net_capital = PART_I.by_line["19"].code
    if (win.grid_a.computation("dollars").value("JAN", net_capital)
            != test.state["dollars"].value("JAN", net_capital)):
        raise CheckFailed("the window's net capital differs from the engine's")
    image = win.grab().toImage()
    found = colours(image)
    if image.isNull() or found < MIN_WINDOW_COLOURS:
        raise CheckFailed(f"the rendered window is blank ({found} colour(s))")
    menu = [a.text() for a in win.ui.menuFile.actions()]
    if not any("PDF" in t for t in menu) or not any("Excel" in t for t in menu):
        raise CheckFailed(f"the File menu lacks the PDF or Excel items ({menu})")
    title = win.windowTitle().replace("[*]", "")
    return (f"{image.width()}x{image.height()} px, {found} colours, "
            f"{win.model_a.rowCount()} Schedule A rows, '{title}'")


def check_printing(test: SelfTest) -> str:
    from PySide6.QtPrintSupport import QPrinter

    from ..formats.pdf import build_report
    from .page_painter import prepare_printer, print_pages

    report = build_report(test.state["wb"], dollars=test.state["dollars"],
                          thousands=test.state["thousands"])
    target = test.tmp / "selftest-qt.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    prepare_printer(printer)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    printed = print_pages(printer, report.pages[:1])
    data = target.read_bytes() if target.exists() else b""
    if not data.startswith(b"%PDF-"):
        raise CheckFailed("Qt's PDF printer wrote no PDF")
    names = sorted({p.name for d in _plugin_dirs() if (d / "printsupport").is_dir()
                    for p in (d / "printsupport").iterdir()})
    return (f"{printed} page(s) through QPrinter, {len(data):,} bytes; print-support "
            f"plugins: {', '.join(names) or 'none'}")


def close_window(test: SelfTest) -> None:
    win = test.state.pop("window", None)
    if win is None:
        return
    if win.doc is not None:
        win.doc.history.mark_clean()
    win.close()
    win.deleteLater()
    QApplication.processEvents()


# The window's checks, after the core ones (`focusdesk.selftest.CORE_CHECKS`).
CHECKS: tuple[Check, ...] = (
    ("Qt", check_qt, ()),
    ("Designer forms", check_forms, ("Qt",)),
    ("icons", check_icons, ("Qt", "Designer forms")),
    ("main window", check_window, ("Qt", "Designer forms", "recompute")),
    ("Qt printing", check_printing, ("Qt", "recompute")),
)


def colours(image: QImage) -> int:
    """How many distinct colours a grid of sample points of `image` has (up to 64)."""
    seen: set[int] = set()
    width, height = image.width(), image.height()
    if width == 0 or height == 0:
        return 0
    step_x, step_y = max(1, width // 97), max(1, height // 89)
    for y in range(0, height, step_y):
        for x in range(0, width, step_x):
            seen.add(image.pixel(x, y))
            if len(seen) >= 64:
                return len(seen)
    return len(seen)
