"""The month close in the window: the Filing menu, File ▸ Start Next Year… and Firms
Overview…, the status bar's month status and days to the due date; the views it opens
follow the workbook as it changes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from ....base.money import format_amount
from ....close.month_close import (
    CloseError,
    MonthStatus,
    find_version,
    month_status,
    next_year,
    version_pdf,
)
from ....document.files import guard_output
from ....document.lock import WorkbookLock
from ....document.store import StoreError, save
from .audit import AuditDialog
from .compare import CompareDialog
from .overview import FirmsOverview
from .steps import MonthSteps
from .widgets import save_report, status_style, status_text

if TYPE_CHECKING:
    from ...window import MainWindow


class CloseActions(MonthSteps):
    """The Filing menu and what it does (`window.feature(CloseActions)`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.compare_dialog: CompareDialog | None = None
        self.audit_dialog: AuditDialog | None = None
        self.overview: FirmsOverview | None = None
        self._seen: tuple[int, int] | None = None  # the workbook the views were made for
        self.menu = window.add_menu("F&iling", "menuFiling")

        def action(text: str, tip: str, slot, shortcut: str = "") -> QAction:
            a = QAction(text, window)
            a.setStatusTip(tip)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(lambda *_: slot())
            return a

        self.approve_action = action("&Approve Month…", "Record the review of the month's "
                                     "figures (reviewer, note)", self.approve_dialog)
        self.file_action = action("&File Month…", "Record the month's filing and keep it "
                                  "exactly as filed", self.file_dialog)
        self.amend_action = action("A&mend Month…", "Reopen a filed month as an amendment",
                                   self.amend_dialog)
        self.compare_action = action("&Compare…", "Compare a month with a filed version, "
                                     "another month or last year's workbook",
                                     self.show_compare, "Ctrl+Shift+M")
        self.audit_action = action("Audit &Log…", "Every change, by month, line, user and "
                                   "source", self.show_audit, "Ctrl+Shift+L")
        self.pdf_action = action("As-Filed &PDF…", "Save the PDF of a filed version, byte "
                                 "for byte", self.as_filed_pdf)
        for a in (self.approve_action, self.file_action, self.amend_action):
            self.menu.addAction(a)
        self.menu.addSeparator()
        for a in (self.compare_action, self.audit_action, self.pdf_action):
            self.menu.addAction(a)
        self.menu.aboutToShow.connect(self.update_menu)
        self.next_year_action = action("Start &Next Year…", "Create next year's workbook "
                                       "from this one", self.start_next_year)
        self.overview_action = action("Firms &Overview…", "A folder of workbooks: each "
                                      "firm's latest month, status and next due date",
                                      self.show_overview)
        window.add_file_actions((self.next_year_action, self.overview_action))
        # The status bar: the month in view, its status and the days to its due date.
        self.status_label = QLabel()
        self.status_label.setObjectName("closeStatus")
        window.add_status_widget(self.status_label)
        window.on_status_update(self.refresh_status)  # after the window's figures and badge
        self.refresh_status()

    # -- state ---------------------------------------------------------------------------
    def status(self, month: str | None = None) -> MonthStatus:
        w = self.window
        w.review()
        return month_status(w.doc.wb, month or w.status_month(),
                            w.grid_a.computation("dollars"), standings=w.standings)

    def refresh_status(self) -> None:
        if self.window.doc is None:
            return
        s = self.status()
        self.status_label.setText(f"  {status_text(s)}  ")
        self.status_label.setStyleSheet(status_style(s))
        tip = [f"{s.month} {s.year}'s Part I is due {s.due.isoformat()}: 10 business days "
               "after the month's end (Rule 17a-5(a)(2)(i))."]
        if s.approval:
            tip.append(f"Approved by {s.approval.reviewer} ({s.approval.at}).")
        if s.stale_approval:
            tip.append(f"Approved by {s.stale_approval.reviewer}, then changed: approve "
                       "it again.")
        if s.filed:
            tip.append(f"{s.filed.title} filed {s.filed.filed_date}"
                       + (f", reference {s.filed.reference}." if s.filed.reference else "."))
        self.status_label.setToolTip("\n".join(tip))
        # The open views follow the workbook as it changes (not the cursor's moves).
        version = self.window.doc.history.version, len(self.window.doc.wb.audit)
        if version != self._seen:
            self._seen = version
            if self.compare_dialog is not None and self.compare_dialog.isVisible():
                self.compare_dialog.fill_choices()
            if self.audit_dialog is not None and self.audit_dialog.isVisible():
                self.audit_dialog.refresh()

    def update_menu(self) -> None:
        w = self.window
        s = self.status()
        writable = not w.doc.read_only
        self.approve_action.setEnabled(writable)
        self.file_action.setEnabled(writable)
        self.amend_action.setEnabled(writable)
        self.approve_action.setText(f"&Approve {s.month}…")
        self.file_action.setText(f"&File {s.month}…")
        self.amend_action.setText(f"A&mend {s.month}…")

    # -- compare, audit -----------------------------------------------------------------------
    def show_compare(self, month: str | None = None, *,
                     parent: QWidget | None = None) -> CompareDialog:
        """The compare view (one per window); from a modal dialog (`parent`), one of its
        own, which the dialog does not block."""
        if parent is not None:
            d = CompareDialog(self.window, parent)
        else:
            if self.compare_dialog is None:
                self.compare_dialog = CompareDialog(self.window)
            d = self.compare_dialog
        d.set_month(month or self.window.status_month())
        d.show()
        d.raise_()
        d.activateWindow()
        return d

    def show_audit(self) -> AuditDialog:
        if self.audit_dialog is None:
            self.audit_dialog = AuditDialog(self.window)
        self.audit_dialog.refresh()
        self.audit_dialog.show()
        self.audit_dialog.raise_()
        return self.audit_dialog

    def as_filed_pdf(self, month: str | None = None, path: Path | None = None) -> bool:
        w = self.window
        m = month or w.status_month()
        try:
            version = find_version(w.doc.wb, m, "filed")
            mc = w.doc.wb.month_close(m)
            if path is None and len(mc.versions) > 1:
                from PySide6.QtWidgets import QInputDialog

                names = [f"{v.title}, filed {v.filed_date}" for v in mc.versions]
                choice, ok = QInputDialog.getItem(w, "As-Filed PDF", f"{m}'s version:",
                                                  names, len(names) - 1, False)
                if not ok:
                    return False
                version = mc.versions[names.index(choice)]
            data = version_pdf(version)
        except CloseError as exc:
            QMessageBox.information(w, "As-Filed PDF", f"{exc}.")
            return False
        saved = save_report(w, w, "Save the as-filed PDF", data, path,
                            f"{m} {w.doc.wb.year} {version.name}.pdf", "PDF files (*.pdf)")
        if saved is None:
            return False
        w.show_message(f"Saved {saved.name}: {m} {version.title.lower()} as filed "
                       f"{version.filed_date}, byte for byte.")
        return True

    # -- the next year, many firms ---------------------------------------------------------------
    def start_next_year(self, target: Path | None = None) -> Path | None:
        w = self.window
        doc = w.doc
        title = "Start Next Year"
        if doc.path is None or doc.modified:
            if QMessageBox.question(w, title, "Next year's workbook names this workbook's "
                                    "file and its SHA-256 as the source of JAN line 4; save "
                                    "it first?") != QMessageBox.StandardButton.Yes:
                return None
            if not w.save_file():
                return None
        assert doc.path is not None
        try:
            raw = doc.path.read_bytes()
        except OSError as exc:
            QMessageBox.warning(w, title, f"{doc.path.name} cannot be read: {exc.strerror}.")
            return None
        new, notes = next_year(doc.wb, doc.path.name, hashlib.sha256(raw).hexdigest())
        if target is None:
            suggested = doc.path.with_name(f"{new.firm.name or 'workbook'} {new.year}.focus")
            name, _ = QFileDialog.getSaveFileName(w, "Next year's workbook", str(suggested),
                                                  "FocusDesk workbooks (*.focus)")
            if not name:
                return None
            target = Path(name if name.endswith(".focus") else name + ".focus")
        try:
            guard_output(target, opened=[doc.path], new_workbook=True)
            with WorkbookLock(target):
                save(new, target)
        except (OSError, StoreError) as exc:
            QMessageBox.warning(w, title, f"Not created: {getattr(exc, 'strerror', None) or exc}.")
            return None
        text = (f"Created {target.name} for {new.year}: the firm profile, method, minimum"
                + (", account mapping" if new.tb_mapping else "") + " and JAN line 4"
                + ("" if new.value("JAN", "3501") is None else
                   f" {format_amount(new.value('JAN', '3501'), places=2)}") + ".")
        if notes:
            text += "\n\n" + "\n".join(f"{n[0].upper()}{n[1:]}." for n in notes)
        w.show_message(text.splitlines()[0])
        self._last_result = text
        if QMessageBox.question(w, title, text + "\n\nOpen it now?") == \
                QMessageBox.StandardButton.Yes:
            w.open_path(target)
        return target

    def show_overview(self, folder: Path | None = None) -> FirmsOverview | None:
        w = self.window
        if folder is None:
            start = str(w.settings.value("close/overviewDir", w.last_dir()))
            name = QFileDialog.getExistingDirectory(w, "Folder of workbooks", start)
            if not name:
                return None
            folder = Path(name)
        w.settings.setValue("close/overviewDir", str(folder))
        if self.overview is None:
            self.overview = FirmsOverview(w, self.show_overview)
        self.overview.load(folder)
        self.overview.show()
        self.overview.raise_()
        return self.overview


