"""Guard against a PySide6 whose bindings lose references to None.

PySide6-Essentials 6.12.0 returns None from every void method without a reference of
its own; on Python 3.11 (where None is not immortal) an hour of editing drains None's
reference count and the interpreter aborts ("none_dealloc: deallocating None").
pyproject.toml excludes it; this test fails if such a build is installed again.
"""

from __future__ import annotations

import sys

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QFont, QImage, QPainter


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_methods_keep_none_alive(qapp):
    font = QFont()
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            font.setBold(True)
            painter.drawLine(0, 0, 1, 1)
        lost = before - sys.getrefcount(None)
    finally:
        painter.end()
    assert lost < 100, f"PySide6 lost {lost} references to None in 4000 void calls"
