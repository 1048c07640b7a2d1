"""The warning before breaking a stale lock: "Open anyway" or read-only.

A workbook's lock says another FocusDesk has it open. When that FocusDesk looks gone —
its process on this computer is no longer running, or another computer's lock has not
been renewed for a day — the controller may take the file over, after a clear warning:
if the other FocusDesk is in fact still open, whichever saves second is refused (the
revision check), and its edits stay in its window for Save As."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from ..document.document import Document


def ask_open_anyway(parent: QWidget | None, name: str, stale: str) -> bool:
    """True when the controller chooses to open `name` anyway."""
    box = QMessageBox(QMessageBox.Icon.Warning, "FocusDesk",
                      f"{name} is locked, but the lock looks abandoned: {stale}.", parent=parent)
    box.setInformativeText(
        "Open it anyway only if you are sure no one is working in it: if that FocusDesk "
        "is in fact still open, the first of you to save wins and the other's save is "
        "refused. Open read-only to look first.")
    anyway = box.addButton("Open &Anyway", QMessageBox.ButtonRole.DestructiveRole)
    read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(read_only)
    box.exec()
    return box.clickedButton() is anyway


def open_document(path: str | Path, parent: QWidget | None = None) -> Document:
    """Open a workbook for the window: a lock left by a FocusDesk that is gone (this
    computer's, its process no longer running, or another computer's untouched for a
    day) is offered to be broken — "Open anyway", with a warning — instead of opening
    read-only."""
    doc = Document.open(path, break_dead=False)
    stale = doc.lock_error.stale if doc.lock_error is not None else ""
    if not stale:
        return doc
    if not ask_open_anyway(parent, Path(path).name, stale):
        return doc
    # (The read-only document holds no lock, and is not closed: closing would discard
    # the recovery file the crashed FocusDesk left, which the reopened one offers.)
    return Document.open(path, break_dead=False,
                         take_over=doc.lock_error.raw)  # type: ignore[union-attr]
