"""Start-up: the window shown as the app starts (`launch`, `run`), its first paint, and
the built-in features installed just after it; `open_window` for tests and scripts.

The main window itself is `focusdesk.gui.window.MainWindow`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..base.safetext import say
from ..document.document import Document
from ..document.store import StoreError
from ..tables.grid import EditError
from .document_actions import LAST_WORKBOOK
from .lock_dialog import open_document
from .models import GridModel
from .window import MainWindow


def sample_document() -> Document:
    """The shipped sample, as an untitled document (`Document.sample`)."""
    return Document.sample()


def open_window(file: str | None = None, settings: QSettings | None = None, *,
                install_features: bool = True, last: bool = False) -> MainWindow:
    """The window on `file`; without one, the sample — or with `last`, as `focusdesk`
    starts: the workbook of the last session (the sample on a first start, the start
    page when there was none or it cannot be opened)."""
    settings = settings or QSettings("FocusDesk", "FocusDesk")
    note = ""
    doc: Document | None = None
    if file:
        doc = open_document(file)
    elif not last or settings.value(LAST_WORKBOOK) is None:
        doc = sample_document()
    elif settings.value(LAST_WORKBOOK):
        path = Path(str(settings.value(LAST_WORKBOOK)))
        try:
            doc = open_document(path) if path.exists() else None
        except StoreError as exc:
            note = f"The last workbook did not open: {exc}"
        else:
            if doc is None:
                note = f"The last workbook, {path.name}, is no longer in {path.parent}."
    win = MainWindow(doc, settings, install_features=install_features)
    if note:
        win.start_page.set_note(note)  # type: ignore[union-attr]
    return win


class _AfterFirstPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.callback)  # once this paint has reached the screen
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` from the event loop once `widget` has painted for the first time."""
    _AfterFirstPaint(widget, callback)


def launch(file: str | None = None) -> MainWindow:
    """Show the window as the app starts: the workbook paints first; menus of the heavier
    features, the read-only notice and the recovery offer follow from the event loop."""
    win = open_window(file, install_features=False, last=True)
    started_with = win.doc

    def after_painting() -> None:
        win.install_features()
        if win.doc is None or win.doc is not started_with:  # the start page, or another
            return  # file opened meanwhile (macOS FileOpen): opening it said all this
        if win.doc is not None and win.doc.read_only:
            QMessageBox.information(
                win, "FocusDesk", f"{win.doc.read_only_reason}\n\nIt is open read-only.")
        win.warn_damaged()
        win.offer_recovery()

    after_first_paint(win.table_a.viewport() if win.doc is not None else win, after_painting)
    win.show()
    return win


class FileOpenHandler(QObject):
    """macOS hands a document double-clicked in the Finder to the running app as a
    FileOpen event (a file that starts the app arrives on the command line): open it in
    the window, asking about unsaved changes first as File ▸ Open does."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen:
            name = event.file()  # type: ignore[attr-defined]
            if name:
                self.window.open_path(Path(name))
            return True
        return False


def run(file: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("FocusDesk")
    app.setOrganizationName("FocusDesk")
    try:
        win = launch(file)
    except StoreError as exc:
        say(f"focusdesk: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "FocusDesk", str(exc))
        return 2
    if sys.platform == "darwin":
        # Only macOS sends FileOpen; elsewhere a filter on the application would put
        # every event of the session through Python for nothing.
        app.installEventFilter(FileOpenHandler(win))
    return app.exec()


__all__ = ["LAST_WORKBOOK", "EditError", "FileOpenHandler", "GridModel", "MainWindow", "launch",
           "open_window", "run"]
