"""The window fits the screen it opens on, at any scale.

The first window takes at most 90 % of the screen's available area (what the taskbar or
the menu bar leaves), centred; a geometry saved on a bigger screen, or on a monitor no
longer attached, is brought back within the screen it opens on. The status bar's
figures give way (elided, whole in their tooltip) before the window outgrows the
screen: the badge always shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter, QPaintEvent, QScreen
from PySide6.QtWidgets import QLabel, QMainWindow, QSizePolicy, QWidget

SCREEN_SHARE = 0.9  # of the available width and height, at most
PREFERRED = QSize(1400, 900)  # the first window where the screen has room for it


def screen_of(widget: QWidget) -> QScreen:
    center = widget.frameGeometry().center()
    return QGuiApplication.screenAt(center) or widget.screen() \
        or QGuiApplication.primaryScreen()


def first_size(available: QRect) -> QSize:
    return QSize(min(PREFERRED.width(), int(available.width() * SCREEN_SHARE)),
                 min(PREFERRED.height(), int(available.height() * SCREEN_SHARE)))


def fit_window(window: QMainWindow, geometry: object | None) -> None:
    """Size and place `window` before it is shown: the saved `geometry` (restored and
    clamped), or the first window's size centred on the primary screen."""
    # The minimum never exceeds the screen: a small screen at 150 % leaves ~1066 × 666.
    available = (QGuiApplication.primaryScreen() or window.screen()).availableGeometry()
    minimum = window.minimumSize()
    window.setMinimumSize(min(minimum.width(), int(available.width() * SCREEN_SHARE)),
                          min(minimum.height(), int(available.height() * SCREEN_SHARE)))
    if geometry is not None and window.restoreGeometry(geometry):
        clamp_to_screen(window)
        return
    size = first_size(available)
    window.resize(size)
    window.move(available.center() - QPoint(size.width() // 2, size.height() // 2))


def clamp_to_screen(window: QMainWindow) -> None:
    """Bring a restored window within the screen it opens on: no bigger than its
    available area, and wholly on it."""
    if window.isMaximized() or window.isFullScreen():
        return
    available = screen_of(window).availableGeometry()
    frame = window.frameGeometry()
    margins = QSize(frame.width() - window.width(), frame.height() - window.height())
    width = min(window.width(), available.width() - margins.width())
    height = min(window.height(), available.height() - margins.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.left(), available.left()), available.right() - frame.width() + 1)
    y = min(max(frame.top(), available.top()), available.bottom() - frame.height() + 1)
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


class ElidedLabel(QLabel):
    """A one-line label that gives way: it can be narrower than its text, which it then
    ends with "…" (the tooltip holds it whole), so a long status line never makes the
    window wider than the screen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + 8,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M" * 8),
                     super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)
        self.updateGeometry()

    def elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         text)
