"""The start page: what the window shows with no workbook open (after File ▸ Close, or
when the last workbook cannot be reopened) — the recent workbooks, New, Open, the
sample and the Getting Started guide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..document.document import Document

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    sample_requested = Signal()
    guide_requested = Signal()
    recent_chosen = Signal(str)  # a workbook's path

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startPage")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        title = QLabel("FocusDesk")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        outer.addWidget(title)
        outer.addWidget(QLabel("SEC FOCUS Report Part I (Form X-17A-5 Part I), month by "
                               "month. No workbook is open."))
        self.note = QLabel()  # why the last workbook did not open, when it did not
        self.note.setObjectName("startNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel#startNote { color: #8a4b00; }")
        self.note.hide()
        outer.addWidget(self.note)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("&New Workbook")
        self.open_button = QPushButton("&Open…")
        self.sample_button = QPushButton("Open the &Sample")
        self.guide_button = QPushButton("&Getting Started")
        for button, signal in ((self.new_button, self.new_requested),
                               (self.open_button, self.open_requested),
                               (self.sample_button, self.sample_requested),
                               (self.guide_button, self.guide_requested)):
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.recent_label = QLabel("&Recent workbooks")
        bold = QFont(self.recent_label.font())
        bold.setBold(True)
        self.recent_label.setFont(bold)
        outer.addWidget(self.recent_label)
        self.recent = QListWidget()
        self.recent.setObjectName("recentList")
        self.recent_label.setBuddy(self.recent)
        self.recent.itemActivated.connect(self._activated)
        outer.addWidget(self.recent, 1)
        self.empty = QLabel("No recent workbooks yet: create one or open one.")
        outer.addWidget(self.empty)
        self.filler = QWidget()  # takes the room the list leaves when there is none
        outer.addWidget(self.filler, 1)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            path = Path(p)
            found = path.exists()
            item = QListWidgetItem(f"{path.name}    —    {path.parent}"
                                   + ("" if found else "    (not found)"))
            item.setData(PATH_ROLE, p)
            item.setToolTip(p)
            if not found:
                item.setForeground(Qt.GlobalColor.gray)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_label.setVisible(bool(paths))
        self.empty.setVisible(not paths)
        self.filler.setVisible(not paths)
        if paths:
            self.recent.setCurrentRow(0)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _activated(self, item: QListWidgetItem) -> None:
        self.recent_chosen.emit(item.data(PATH_ROLE))


class StartPageHost:
    """The main window's side of the start page (mixed into `MainWindow`): showing it,
    File ▸ Close, and the actions a window without a workbook leaves enabled."""

    start_page: StartPage | None
    _dock_hidden: bool
    doc: Any
    ui: Any
    desk: Any

    def show_start_page(self, note: str = "") -> None:
        """The window with no workbook open: recent files, New, Open, the sample."""
        if self.start_page is None:
            page = self.start_page = StartPage(self.ui.centralwidget)
            self.ui.centralLayout.addWidget(page)
            page.new_requested.connect(self.new_file)
            page.open_requested.connect(self.open_file)
            page.sample_requested.connect(lambda: self.set_document(Document.sample()))
            page.guide_requested.connect(self.desk.guide)
            page.recent_chosen.connect(lambda p: self.open_path(Path(p)))
        self.start_page.set_recent(self.recent())
        self.start_page.set_note(note)
        self.ui.tabs.hide()
        if not self.ui.instructionsDock.isHidden():  # the pane has nothing to say here
            self._dock_hidden = True
            self.ui.instructionsDock.hide()
        self.start_page.show()
        self.start_page.setFocus()
        self.setWindowTitle("FocusDesk")
        self.setWindowModified(False)
        for label in (self.figures, self.badge, self.desk.selection):
            label.setText("")
            label.setStyleSheet("")
        self.desk.selection.hide()
        self.update_document_actions()

    def show_sheets(self) -> None:
        if self.start_page is not None:
            self.start_page.hide()
        self.ui.tabs.show()
        if self._dock_hidden:  # as it was before the start page
            self._dock_hidden = False
            self.ui.instructionsDock.show()
        self.update_document_actions()

    def update_document_actions(self) -> None:
        """Actions on a workbook are enabled only while one is open (the start page
        leaves New, Open, Recent, the guide and Quit)."""
        ui = self.ui
        keep = {ui.actionNew, ui.actionOpen, ui.actionQuit, ui.actionAbout,
                ui.menuRecent.menuAction(), self.desk.guide_action, self.desk.legend_action,
                self.desk.units_action, ui.instructionsDock.toggleViewAction()}
        menus = [ui.menuFile, ui.menuEdit, ui.menuView, ui.menuHelp]
        for menu in menus:
            for action in menu.actions():
                if action not in keep and not action.isSeparator():
                    action.setEnabled(self.doc is not None)
        if self.doc is not None:
            self.update_actions()

    def close_workbook(self) -> bool:
        """File ▸ Close: the workbook closes (asking about unsaved changes) and the start
        page shows; File ▸ Quit quits."""
        if self.doc is None:
            return True
        if not self.confirm_discard():
            return False
        self.doc.close()
        self.doc = None
        self.show_start_page()
        return True
