"""The window's document actions: New, Open (and Open Recent, a file dropped on the
window), Save, Save As, autosave and the recovery of autosaved edits, the damaged-records
notice.

Mixed into the main window (`focusdesk.gui.window.MainWindow`); the document itself
(`focusdesk.document.document`) does the work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ..document.document import Document
from ..document.store import StoreError
from ..model.workbook import Workbook
from .forms import Ui_RecoveryDialog
from .lock_dialog import open_document

if TYPE_CHECKING:
    from .forms import Ui_MainWindow

MAX_RECENT = 8
LAST_WORKBOOK = "lastWorkbook"  # the workbook open at the end of the last session ("": none)


class DocumentActions:
    """File ▸ New, Open, Open Recent, Save, Save As; autosave; the recovery offer."""

    ui: Ui_MainWindow
    doc: Document | None
    settings: QSettings

    def confirm_discard(self) -> bool:
        """Ask to save unsaved changes; False when the user cancels."""
        if self.doc is None:
            return True
        if not self.doc.modified:
            return True
        box = QMessageBox(QMessageBox.Icon.Warning, "FocusDesk",
                          f"Save the changes to {self.doc.title} before closing?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save_file()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self) -> None:
        if self.doc is not None and not self.confirm_discard():
            return
        wb = Workbook()
        wb.year = date.today().year
        wb.audit.clear()
        self.set_document(Document.untitled(wb))

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open workbook", self.last_dir(),
                                              "FocusDesk workbooks (*.focus)")
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        if self.doc is not None and not self.confirm_discard():
            return False
        try:
            doc = open_document(path, self)
        except StoreError as exc:
            QMessageBox.warning(self, "FocusDesk", str(exc))
            self.remove_recent(path)
            if self.doc is None:
                self.show_start_page()
            return False
        self.set_document(doc)
        if doc.read_only:
            QMessageBox.information(self, "FocusDesk", f"{doc.read_only_reason}\n\n"
                                    "It is open read-only: you can read and print it, "
                                    "or Save As a copy.")
        self.warn_damaged()
        self.offer_recovery()
        return True

    def warn_damaged(self) -> None:
        """Name the stored records found damaged on open (the rest of the workbook is
        open; the file keeps them until they are imported again)."""
        assert self.doc is not None
        if self.doc.damaged:
            text = "\n".join(f"{s[0].upper()}{s[1:]}." for s in self.doc.damaged)
            self.show_message(text.splitlines()[0])
            QMessageBox.warning(self, "FocusDesk", f"{self.doc.title}:\n\n{text}\n\n"
                                "The rest of the workbook is open.")

    def offer_recovery(self) -> None:
        assert self.doc is not None
        rec = self.doc.pending_recovery() if not self.doc.read_only else None
        if rec is None:
            return
        dialog = QDialog(self)
        ui = Ui_RecoveryDialog()
        ui.setupUi(dialog)
        ui.messageLabel.setText(
            f"FocusDesk did not close normally while {self.doc.title} had unsaved changes.\n"
            f"Edits autosaved at {rec.saved_at} can be recovered; the file itself is "
            "unchanged until you save.")
        clicked: list[object] = []
        ui.buttonBox.clicked.connect(clicked.append)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.doc.recover(rec)
            self.after_edit()
            self.show_message("Recovered the autosaved edits (Undo takes them back).")
        elif clicked and clicked[0] is ui.discardButton:
            self.doc.discard_recovery()
        # Escape / closing the dialog decides nothing: the edits are offered again.

    def save_file(self) -> bool:
        assert self.doc is not None
        if self.doc.path is None or self.doc.read_only:
            return self.save_as()
        return self._save(None)

    def save_as(self) -> bool:
        assert self.doc is not None
        suggested = str(Path(self.last_dir()) / f"{self.doc.wb.firm.name or 'workbook'} "
                        f"{self.doc.wb.year}.focus")
        name, _ = QFileDialog.getSaveFileName(self, "Save workbook as", suggested,
                                              "FocusDesk workbooks (*.focus)")
        if not name:
            return False
        return self._save(Path(name if name.endswith(".focus") else name + ".focus"))

    def _save(self, path: Path | None) -> bool:
        assert self.doc is not None
        try:
            self.doc.save(path)
        except StoreError as exc:
            QMessageBox.warning(self, "FocusDesk", f"Not saved: {exc}")
            return False
        assert self.doc.path is not None
        self.add_recent(self.doc.path)
        self.update_actions()
        self.show_message(f"Saved {self.doc.path.name}.")
        return True

    def autosave(self) -> None:
        if self.doc is not None:
            try:
                self.doc.autosave()
            except OSError as exc:
                self.show_message(f"Autosave failed: {exc.strerror}.")

    # -- recent files ------------------------------------------------
    def recent(self) -> list[str]:
        value = self.settings.value("recent", [])
        return [value] if isinstance(value, str) else list(value or [])

    def add_recent(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent", items[:MAX_RECENT])
        self.settings.setValue(LAST_WORKBOOK, str(path))  # reopened even after a crash
        self.settings.setValue("lastDir", str(path.parent))
        self.rebuild_recent_menu()

    def remove_recent(self, path: Path) -> None:
        self.settings.setValue("recent", [p for p in self.recent() if p != str(path)])
        self.rebuild_recent_menu()

    def last_dir(self) -> str:
        return str(self.settings.value("lastDir", str(Path.home())))

    def rebuild_recent_menu(self) -> None:
        menu = self.ui.menuRecent
        menu.clear()
        for i, p in enumerate(self.recent()):
            action = QAction(f"&{i + 1} {Path(p).name}", self)
            action.setToolTip(p)
            action.triggered.connect(lambda _=False, p=p: self.open_path(Path(p)))
            menu.addAction(action)
        menu.setEnabled(bool(self.recent()))
