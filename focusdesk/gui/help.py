"""Help ▸ Getting Started: the short guide shipped with FocusDesk
(resources/getting_started.md), shown offline — the month-end in ten steps, the keyboard,
what each check means and what to do about it."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..base.paths import resource_path

GUIDE = "getting_started.md"


def guide_text() -> str:
    """The guide as Markdown, without its maintenance markers."""
    text = resource_path(GUIDE).read_text(encoding="utf-8")
    return re.sub(r"^<!--.*?-->\n", "", text, flags=re.M)


class GuideWindow(QDialog):
    """A window of its own beside the sheets (not modal: read it while working)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Getting Started with FocusDesk")
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenExternalLinks(True)
        self.text.setMarkdown(guide_text())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        fm = self.fontMetrics()
        available = self.screen().availableGeometry()
        self.resize(min(fm.horizontalAdvance("M") * 60, int(available.width() * 0.8)),
                    min(fm.height() * 40, int(available.height() * 0.8)))
