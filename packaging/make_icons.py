"""Render the app icon (resources/icons/focusdesk.svg) into the icon files the frozen apps
need, with Qt's SVG renderer:

    packaging/FocusDesk.ico    Windows: 16, 20, 24, 32, 40, 48, 64, 128 and 256 px
    packaging/FocusDesk.icns   macOS: 16 to 1024 px (the @2x sizes included)
    packaging/FocusDesk.png    Linux and the docs: 256 px

Every image is stored as PNG inside the container (both formats allow it), written by
this script with the standard library: no Pillow, no iconutil, the same bytes on every
platform for the same Qt. The files are committed; run this after changing the SVG:

    python packaging/make_icons.py [--check]

`--check` only compares and exits 1 when a file is missing or out of date.
packaging/build.py runs it when the files are missing.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "focusdesk.svg"
HERE = Path(__file__).resolve().parent
ICO = HERE / "FocusDesk.ico"
ICNS = HERE / "FocusDesk.icns"
PNG = HERE / "FocusDesk.png"

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x types repeat a size).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(size: int, svg: Path = SVG) -> bytes:
    """The SVG drawn at `size` × `size` pixels, antialiased, on transparency, as PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose images are PNGs (Windows Vista and later read them)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        blobs.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns of PNG elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def icon_files() -> dict[Path, bytes]:
    sizes = sorted({*ICO_SIZES, *(size for _, size in ICNS_TYPES), 256})
    pngs = {size: render_png(size) for size in sizes}
    return {
        ICO: ico_bytes({s: pngs[s] for s in ICO_SIZES}),
        ICNS: icns_bytes(pngs),
        PNG: pngs[256],
    }


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a file is missing or differs; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, data in icon_files().items():
        current = path.read_bytes() if path.exists() else None
        if current == data:
            continue
        stale.append(path)
        if not args.check:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if args.check and stale:
        print("out of date: " + ", ".join(str(p.relative_to(ROOT)) for p in stale),
              file=sys.stderr)
        return 1
    if not stale:
        print("icons up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
