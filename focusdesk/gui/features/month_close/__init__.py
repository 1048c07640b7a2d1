"""The month close in the window: the Filing menu, the status bar's month status, the
compare view, the audit log viewer, Start Next Year and the firms overview.

* **Filing ▸ Approve Month… / File Month… / Amend Month…** — dialogs over the Qt-free
  `focusdesk.close.month_close`; each step is recorded in the workbook and saved at once (it
  is never an Undo step: undo does not reach past a filing).
* **Filing ▸ Compare…** — a month (or one of its filed versions) against a filed version,
  another month or the same month of another workbook, line by line; lines whose change
  reaches the threshold highlighted; exported as CSV or PDF.
* **Filing ▸ Audit Log…** — every change, filtered by month, line, user and source;
  exported as CSV. **Filing ▸ As-Filed PDF…** writes a filed version's PDF byte for byte.
* **File ▸ Start Next Year…** and **File ▸ Firms Overview…** (a folder of workbooks).
* The status bar shows the month in view: its status and the days to its due date.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ....base.money import format_amount
from ....close.compare import Comparison, compare_month, comparison_pdf, shown
from ....close.month_close import (
    LEVEL_SHORT,
    TEXT_BOUNDS,
    CloseError,
    MonthStatus,
    amend,
    approve,
    file_month,
    find_version,
    month_status,
    next_year,
    version_pdf,
    workbook_status,
)
from ....document.audit import AuditFilter, audit_csv, describe_target, filter_audit, source_kind
from ....document.files import guard_output
from ....document.store import StoreError, WorkbookLock, load, save
from ....form.catalog import MONTHS
from ....model.workbook import WorkbookError

if TYPE_CHECKING:
    from ...window import MainWindow

STATUS_STYLES = {"draft": "", "approved": "background:#1565c0;color:white;",
                 "filed": "background:#2e7d32;color:white;",
                 "amendment": "background:#ef6c00;color:white;",
                 "overdue": "background:#b00020;color:white;font-weight:bold;"}
OVER_BG = QColor("#ffe0a3")  # a line whose change reaches the threshold
CURRENT = "Current figures"


def status_style(s: MonthStatus) -> str:
    if s.overdue:
        return STATUS_STYLES["overdue"]
    return STATUS_STYLES["amendment" if s.reopened else s.status]


def status_text(s: MonthStatus) -> str:
    """The status bar's words for a month: "JUN 2026: Draft — due 2026-07-15 (in 5 days)",
    "MAR 2026: Filed on 2026-04-14"."""
    when = s.due_text()
    if s.filed is not None and s.reopened is None:
        return f"{s.month} {s.year}: Filed {when}"
    return f"{s.month} {s.year}: {s.label}" + (f" — {when}" if when else "")


def _item(text: str, *, right: bool = False, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tip:
        item.setToolTip(tip)
    return item


def _table(parent: QWidget, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    return table


def _month_combo(parent: QWidget, month: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItems(MONTHS)
    combo.setCurrentText(month)
    return combo


def save_report(window: MainWindow, parent: QWidget, title: str, data: bytes,
                path: Path | None, suggested: str, file_filter: str) -> Path | None:
    """Write a report (a PDF or a CSV) where the user says — asked when `path` is None —
    never over a workbook; None (with the reason shown) when it is not written."""
    if path is None:
        name, _ = QFileDialog.getSaveFileName(parent, title,
                                              str(Path(window.last_dir()) / suggested),
                                              file_filter)
        if not name:
            return None
        path = Path(name)
    try:
        from ....formats.pdf import write_bytes_atomically

        write_bytes_atomically(guard_output(path, opened=[window.doc.path]), data)
    except OSError as exc:
        QMessageBox.warning(parent, title, f"Not saved: {exc.strerror or exc}.")
        return None
    return path


class CloseActions:
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

    # -- recording a step ------------------------------------------------------------------
    def can_record(self, what: str) -> bool:
        """The close is recorded in the workbook file: it must have one, and be writable."""
        w = self.window
        if w.doc.read_only:
            QMessageBox.information(w, what, w.doc.history.read_only + ".")
            return False
        if w.doc.path is None:
            answer = QMessageBox.question(
                w, what, f"{what} is recorded in the workbook file; save this workbook to a "
                "file first?")
            if answer != QMessageBox.StandardButton.Yes or not w.save_as():
                return False
        return True

    def record(self, what: str, step) -> object | None:
        """Run a close step on the document, then save at once; None (with the reason
        shown) when it is refused — nothing changed then."""
        w = self.window
        wb = w.doc.wb
        # A close step changes only the month close and the audit log.
        close_before, logged = dict(wb.close), len(wb.audit)
        try:
            result = step(wb)
        except (CloseError, WorkbookError) as exc:
            QMessageBox.warning(w, what, f"Not done: {exc}.")
            return None
        # The step is in the workbook but in no Undo step: the document must read as
        # modified until it is saved, so a failed save is never lost silently.
        w.doc.history.clean_index = -1
        try:
            w.doc.save()
        except StoreError as exc:
            wb.close = close_before  # not saved: not done
            del wb.audit[logged:]
            QMessageBox.warning(w, what, f"Not done: {exc}")
            w.after_edit()
            return None
        w.after_edit()
        return result

    # -- approve, file, amend ----------------------------------------------------------------
    def _dialog(self, title: str, month: str) -> tuple[QDialog, QFormLayout, QComboBox,
                                                       QLabel]:
        w = self.window
        dialog = QDialog(w)
        dialog.setWindowTitle(title)
        dialog.setMinimumWidth(w.fontMetrics().horizontalAdvance("M") * 40)
        layout = QVBoxLayout(dialog)
        form = QFormLayout()
        layout.addLayout(form)
        combo = _month_combo(dialog, month)
        form.addRow("&Month:", combo)
        info = QLabel(dialog)
        info.setWordWrap(True)
        info.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(info)
        return dialog, form, combo, info

    def _buttons(self, dialog: QDialog, ok: str) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, dialog)
        button = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName("okButton")
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        dialog.layout().addWidget(box)
        return box

    def _findings_text(self, month: str) -> tuple[int, int, str]:
        findings = [f for f in self.window.findings if f.month == month]
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity == "warning"]
        text = f"{len(errors)} error(s), {len(warnings)} warning(s) in the checks"
        if errors:
            text += f" — first: {errors[0].message}"
        return len(errors), len(warnings), text

    def approve_dialog(self, month: str | None = None) -> QDialog | None:
        s = self.status(month)
        dialog, form, combo, info = self._dialog("Approve Month", s.month)
        reviewer = QLineEdit(str(self.window.settings.value("close/reviewer", "")), dialog)
        reviewer.setObjectName("reviewerEdit")
        reviewer.setMaxLength(TEXT_BOUNDS["the reviewer's name"])
        reviewer.setPlaceholderText("the reviewer's name")
        note = QPlainTextEdit(dialog)
        note.setObjectName("noteEdit")
        note.setPlaceholderText("optional: what was reviewed (variances, reconciliations)")
        note.setFixedHeight(note.fontMetrics().height() * 4)
        form.addRow("&Reviewer:", reviewer)
        form.addRow("&Note:", note)
        compare = QPushButton("Compare with the prior month…", dialog)
        compare.clicked.connect(lambda: self.show_compare(combo.currentText(), parent=dialog))
        form.addRow(compare)
        box = self._buttons(dialog, "Approve")

        def describe() -> None:
            st = self.status(combo.currentText())
            _e, _w, findings = self._findings_text(st.month)
            lines = [status_text(st)]
            if st.level:
                lines.append(f"Net capital {format_amount(st.net_capital, places=2)}, excess "
                             f"{format_amount(st.excess, places=2)} ({st.level}).")
            lines.append(findings + ".")
            if st.filed and not st.reopened:
                lines.append("Filed: amend it first to change or approve it again.")
            info.setText("\n".join(lines))
            for b in box.buttons():
                if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole:
                    b.setEnabled(bool(st.reported) and not (st.filed and not st.reopened))

        combo.currentTextChanged.connect(lambda *_: describe())
        describe()
        self._last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return dialog
        name = reviewer.text().strip()
        self.window.settings.setValue("close/reviewer", name)
        if not self.can_record("Approve Month"):
            return dialog
        m = combo.currentText()
        if self.record("Approve Month", lambda wb: approve(
                wb, m, name, note.toPlainText(), comp=self.window.grid_a.computation(
                    "dollars"))) is not None:
            self.window.show_message(f"Approved {m}: reviewer {name}.")
        return dialog

    def file_dialog(self, month: str | None = None) -> QDialog | None:
        s = self.status(month)
        dialog, form, combo, info = self._dialog("File Month", s.month)
        when = QDateEdit(QDate.currentDate(), dialog)
        when.setObjectName("filedDate")
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd")
        when.setMaximumDate(QDate.currentDate())
        reference = QLineEdit(dialog)
        reference.setObjectName("referenceEdit")
        reference.setMaxLength(TEXT_BOUNDS["the reference"])
        reference.setPlaceholderText("optional: the acceptance reference (eFOCUS)")
        override = QCheckBox("File despite error-level findings, because:", dialog)
        override.setObjectName("overrideCheck")
        reason = QLineEdit(dialog)
        reason.setObjectName("overrideReason")
        reason.setMaxLength(TEXT_BOUNDS["the override's reason"])
        reason.setPlaceholderText("the reason (logged)")
        form.addRow("Filed &on:", when)
        form.addRow("&Reference:", reference)
        form.addRow(override)
        form.addRow("", reason)
        self._buttons(dialog, "File")

        def describe() -> None:
            st = self.status(combo.currentText())
            errors, _w, findings = self._findings_text(st.month)
            lines = [status_text(st), findings + "."]
            if st.approval:
                lines.append(f"Approved by {st.approval.reviewer} ({st.approval.at}).")
            elif st.stale_approval:
                lines.append(f"Approved by {st.stale_approval.reviewer}, then changed: "
                             "approve it again first.")
            else:
                lines.append("Not approved: approve it first.")
            lines.append("Filing keeps the month exactly as it is — inputs, figures, "
                         "findings and the printed PDF — and freezes it until amended.")
            info.setText("\n".join(lines))
            override.setVisible(bool(errors))
            reason.setVisible(bool(errors))

        combo.currentTextChanged.connect(lambda *_: describe())
        describe()
        self._last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return dialog
        if not self.can_record("File Month"):
            return dialog
        m = combo.currentText()
        filed = date.fromisoformat(when.date().toString("yyyy-MM-dd"))
        why = reason.text() if override.isChecked() else ""
        v = self.record("File Month", lambda wb: file_month(
            wb, m, filed_date=filed, reference=reference.text(), override=why))
        if v is not None:
            self.window.show_message(f"Filed {m} on {filed.isoformat()}; it is kept as "
                                     "filed and frozen until amended.")
        return dialog

    def amend_dialog(self, month: str | None = None) -> QDialog | None:
        s = self.status(month)
        dialog, form, combo, info = self._dialog("Amend Month", s.month)
        reason = QLineEdit(dialog)
        reason.setObjectName("amendReason")
        reason.setMaxLength(TEXT_BOUNDS["the amendment's reason"])
        reason.setPlaceholderText("why the filed month is amended")
        form.addRow("&Reason:", reason)
        self._buttons(dialog, "Amend")

        def describe() -> None:
            st = self.status(combo.currentText())
            lines = [status_text(st)]
            if st.filed is None:
                lines.append("Not filed: it can be changed as it is.")
            elif st.reopened:
                lines.append(f"Open already as amendment {st.reopened.number}.")
            else:
                n = len(self.window.doc.wb.month_close(st.month).versions)
                lines.append(f"Reopens it as amendment {n}; every filed version is kept.")
            info.setText("\n".join(lines))

        combo.currentTextChanged.connect(lambda *_: describe())
        describe()
        self._last_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return dialog
        if not self.can_record("Amend Month"):
            return dialog
        m = combo.currentText()
        r = self.record("Amend Month", lambda wb: amend(wb, m, reason.text()))
        if r is not None:
            self.window.show_message(f"{m} is open as amendment {r.number}: change it, "
                                     "approve it and file it again.")
        return dialog

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
            self.overview = FirmsOverview(w)
        self.overview.load(folder)
        self.overview.show()
        self.overview.raise_()
        return self.overview


class CompareDialog(QDialog):
    """Filing ▸ Compare…: two sets of a month's figures, line by line."""

    HEADERS = ("Line", "Code", "Label", "Current", "Other", "Difference", "Change")

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle("Compare")
        self.other_path: Path | None = None
        self.comparison: Comparison | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        layout.addLayout(row)
        self.month = _month_combo(self, "JAN")
        self.month.setObjectName("compareMonth")
        self.version = QComboBox(self)
        self.version.setObjectName("compareVersion")
        self.against = QComboBox(self)
        self.against.setObjectName("compareAgainst")
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setObjectName("compareThreshold")
        self.threshold.setRange(0, 1000)
        self.threshold.setDecimals(1)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(10)
        self.only = QCheckBox("Only lines that differ", self)
        self.only.setChecked(True)
        for label, widget in (("&Month:", self.month), ("&Figures:", self.version),
                              ("&Against:", self.against), ("&Threshold:", self.threshold)):
            text = QLabel(label, self)
            text.setBuddy(widget)
            row.addWidget(text)
            row.addWidget(widget)
        row.addWidget(self.only)
        row.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = _table(self, self.HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.pdf_button = QPushButton("Export &PDF…", self)
        close = QPushButton("Close", self)
        buttons.addStretch(1)
        for b in (self.csv_button, self.pdf_button, close):
            buttons.addWidget(b)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        close.clicked.connect(self.close)
        self.month.currentTextChanged.connect(lambda *_: self.fill_choices())
        for signal in (self.version.currentIndexChanged, self.against.activated,
                       self.threshold.valueChanged, self.only.toggled):
            signal.connect(lambda *_: self.refresh())
        self.resize(window.fontMetrics().horizontalAdvance("M") * 80,
                    window.fontMetrics().height() * 36)

    def set_month(self, month: str) -> None:
        with QSignalBlocker(self.month):
            self.month.setCurrentText(month)
        self.fill_choices()

    def fill_choices(self) -> None:
        """The versions of the month, and what it can be compared with."""
        wb = self.window_.doc.wb
        month = self.month.currentText()
        mc = wb.month_close(month)
        with QSignalBlocker(self.version):
            self.version.clear()
            self.version.addItem(CURRENT, "")
            for v in mc.versions:
                self.version.addItem(f"{v.title} as filed {v.filed_date}", v.name)
        with QSignalBlocker(self.against):
            self.against.clear()
            index = MONTHS.index(month)
            if index:
                self.against.addItem(f"Prior month ({MONTHS[index - 1]})", MONTHS[index - 1])
            if mc.versions:
                self.against.addItem("As filed (latest)", "filed")
                for v in mc.versions[:-1]:
                    self.against.addItem(f"{v.title} as filed {v.filed_date}", v.name)
            for m in MONTHS:
                if m != month and (not index or m != MONTHS[index - 1]):
                    self.against.addItem(m, m)
            self.against.addItem("Another workbook…", "other")
            if self.other_path is not None:
                self.against.addItem(f"{self.other_path.name} ({month})",
                                     f"path:{self.other_path}")
            default = "filed" if mc.reopened is not None and mc.versions else (
                MONTHS[index - 1] if index else "filed" if mc.versions else "other")
            found = self.against.findData(default)
            self.against.setCurrentIndex(max(found, 0))
        self.refresh()

    def choose_other(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(self, "Compare with another workbook",
                                              self.window_.last_dir(),
                                              "FocusDesk workbooks (*.focus)")
        if not name:
            return False
        self.other_path = Path(name)
        self.fill_choices()
        self.against.setCurrentIndex(self.against.findData(f"path:{self.other_path}"))
        self.refresh()
        return True

    def spec(self) -> str | None:
        data = self.against.currentData()
        if data == "other":
            return None
        if isinstance(data, str) and data.startswith("path:"):
            return f"{data.removeprefix('path:')}:{self.month.currentText()}"
        return data

    def refresh(self) -> None:
        w = self.window_
        if w.doc is None or self.month.count() == 0:
            return
        if self.against.currentData() == "other" and (not self.isVisible()
                                                      or not self.choose_other()):
            self.table.setRowCount(0)
            self.summary.setText("Choose the workbook to compare with.")
            return
        try:
            self.comparison = compare_month(
                w.doc.wb, self.month.currentText(), self.spec(),
                version=self.version.currentData() or None,
                comp=w.grid_a.computation("dollars"),
                open_workbook=lambda p: load(p)[0],
                threshold=Decimal(str(self.threshold.value())))
        except (CloseError, WorkbookError, StoreError) as exc:
            self.comparison = None
            self.table.setRowCount(0)
            self.summary.setText(f"{exc}.")
            return
        self.show_comparison(self.comparison)

    def show_comparison(self, cmp: Comparison) -> None:
        rows = cmp.differing if self.only.isChecked() else cmp.rows
        over = sum(r.over for r in cmp.differing)
        self.summary.setText(
            f"{cmp.current.label} against {cmp.other.label}: {len(cmp.differing)} line(s) "
            f"differ, {over} by {cmp.threshold} % or more (highlighted). Amounts in dollars.")
        self.table.setHorizontalHeaderLabels(
            ["Line", "Code", "Label", cmp.current.label, cmp.other.label, "Difference",
             "Change"])
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            p = row.percent
            cells = [_item(row.line.line), _item(row.line.code),
                     _item(row.line.label, tip=row.line.label),
                     _item(shown(row.current, row.line.unit), right=True),
                     _item(shown(row.other, row.line.unit), right=True),
                     _item("—" if row.difference is None
                           else shown(row.difference, row.line.unit), right=True),
                     _item("—" if p is None else f"{format_amount(p, places=2)} %",
                           right=True)]
            for c, item in enumerate(cells):
                if row.over:
                    item.setBackground(QBrush(OVER_BG))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def export(self, kind: str, path: Path | None = None) -> bool:
        if self.comparison is None:
            return False
        w = self.window_
        cmp = self.comparison
        all_lines = not self.only.isChecked()
        data = (comparison_pdf(cmp, all_lines=all_lines) if kind == "pdf"
                else cmp.csv_text(all_lines=all_lines).encode("utf-8-sig"))
        saved = save_report(w, self, f"Export the comparison ({kind.upper()})", data, path,
                            f"compare {cmp.current.month} {w.doc.wb.year}.{kind}",
                            "PDF files (*.pdf)" if kind == "pdf" else "CSV files (*.csv)")
        if saved is None:
            return False
        w.show_message(f"Exported the comparison to {saved.name}.")
        return True


class AuditDialog(QDialog):
    """Filing ▸ Audit Log…: every change, filtered; exported as CSV."""

    HEADERS = ("When (UTC)", "User", "Action", "Month", "Line", "What", "Old", "New",
               "Source")
    ALL = "(all)"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Audit Log")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        layout.addLayout(row)
        self.month = QComboBox(self)
        self.month.setObjectName("auditMonth")
        self.month.addItems([self.ALL, *MONTHS])
        self.line = QLineEdit(self)
        self.line.setObjectName("auditLine")
        self.line.setPlaceholderText("code or line: 3840, 23a, B:1")
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.source = QComboBox(self)
        self.source.setObjectName("auditSource")
        self.source.setEditable(True)
        for label, widget in (("&Month:", self.month), ("&Line:", self.line),
                              ("&User:", self.user), ("&Source:", self.source)):
            text = QLabel(label, self)
            text.setBuddy(widget)
            row.addWidget(text)
            row.addWidget(widget)
        row.addStretch(1)
        self.count = QLabel(self)
        layout.addWidget(self.count)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("M") * 18)
        self.table = _table(self, self.HEADERS)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        self.csv_button = QPushButton("Export &CSV…", self)
        close = QPushButton("Close", self)
        buttons.addStretch(1)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(close)
        self.csv_button.clicked.connect(lambda: self.export())
        close.clicked.connect(self.close)
        self.month.currentTextChanged.connect(lambda *_: self.show_entries())
        self.user.currentTextChanged.connect(lambda *_: self.show_entries())
        self.source.currentTextChanged.connect(lambda *_: self.show_entries())
        self.line.textChanged.connect(lambda *_: self.show_entries())
        self.resize(window.fontMetrics().horizontalAdvance("M") * 90,
                    window.fontMetrics().height() * 34)

    def refresh(self) -> None:
        """The choices of users and sources from the log as it stands."""
        audit = self.window_.doc.wb.audit
        for combo, values in ((self.user, sorted({e.user for e in audit})),
                              (self.source, sorted({source_kind(e) for e in audit}))):
            current = combo.currentText()
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItems([self.ALL, *values])
                combo.setCurrentText(current if current else self.ALL)
        self.show_entries()

    def current_filter(self) -> AuditFilter:
        from ....document.audit import resolve_item

        def chosen(combo: QComboBox) -> str | None:
            text = combo.currentText().strip()
            return None if not text or text == self.ALL else text

        item = None
        text = self.line.text().strip()
        if text:
            try:
                item = resolve_item(self.window_.doc.wb.form, text)
            except WorkbookError:
                item = text  # no such line: nothing matches, as typed
        return AuditFilter(chosen(self.month), item, chosen(self.user), chosen(self.source))

    def entries(self) -> list:
        return filter_audit(self.window_.doc.wb.audit, self.current_filter())

    def show_entries(self) -> None:
        form = self.window_.doc.wb.form
        entries = self.entries()
        total = len(self.window_.doc.wb.audit)
        self.count.setText(f"{len(entries):,} of {total:,} change(s) — newest first")
        self.table.setRowCount(len(entries))
        for r, e in enumerate(reversed(entries)):
            line, label = describe_target(form, e.target)
            what = f"{label} [{e.target}]" if label != e.target else e.target
            for c, text in enumerate((e.at.replace("T", " ").removesuffix("+00:00"), e.user,
                                      e.action, e.month, line, what, e.old, e.new, e.detail)):
                self.table.setItem(r, c, _item(text, tip=text if c in (5, 8) else ""))
        self.table.resizeColumnsToContents()
        # What changed takes the room; the source (a file name and its SHA-256) is elided,
        # whole in its tooltip.
        em = self.table.fontMetrics().horizontalAdvance("M")
        for column, most in ((5, 32), (6, 12), (7, 12)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), em * most))
        self.table.horizontalHeader().setStretchLastSection(True)

    def export(self, path: Path | None = None) -> bool:
        w = self.window_
        entries = self.entries()
        saved = save_report(w, self, "Export the audit log",
                            audit_csv(entries, w.doc.wb.form).encode("utf-8-sig"), path,
                            f"audit {w.doc.wb.year}.csv", "CSV files (*.csv)")
        if saved is None:
            return False
        w.show_message(f"Exported {len(entries)} audit entries to {saved.name}.")
        return True


class FirmsOverview(QDialog):
    """File ▸ Firms Overview…: a folder of workbooks, one row a firm."""

    HEADERS = ("Firm", "File", "Year", "Latest month", "Status", "Net capital", "Excess",
               "Standing", "Next due")

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Firms Overview")
        self.folder: Path | None = None
        self.paths: list[Path] = []
        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        layout.addWidget(self.heading)
        self.table = _table(self, self.HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        layout.addLayout(buttons)
        choose = QPushButton("Choose &Folder…", self)
        reload = QPushButton("&Refresh", self)
        close = QPushButton("Close", self)
        buttons.addWidget(choose)
        buttons.addWidget(reload)
        buttons.addStretch(1)
        buttons.addWidget(close)
        choose.clicked.connect(lambda: window.feature(CloseActions).show_overview())
        reload.clicked.connect(lambda: self.folder and self.load(self.folder))
        close.clicked.connect(self.close)
        self.resize(window.fontMetrics().horizontalAdvance("M") * 84,
                    window.fontMetrics().height() * 24)

    def load(self, folder: Path) -> None:
        self.folder = folder
        self.paths = sorted(p for p in folder.glob("*.focus") if p.is_file())
        self.table.setRowCount(len(self.paths))
        today = date.today()
        unreadable = 0
        for r, path in enumerate(self.paths):
            try:
                wb, _ = load(path)
            except StoreError as exc:
                unreadable += 1
                cells = [_item(str(exc), tip=str(exc)), _item(path.name)] + \
                    [_item("") for _ in self.HEADERS[2:]]
                for c, item in enumerate(cells):
                    self.table.setItem(r, c, item)
                continue
            doc = workbook_status(wb, path.name, today=today)
            latest = doc["latest"]
            m = doc["months"][latest] if latest else None
            nxt = doc["next_due"]
            due = "every month filed" if nxt is None else (
                f"{nxt['month']} {nxt['due']}"
                + (f" — overdue by {-nxt['days_to_due']} days" if nxt["overdue"]
                   else f" (in {nxt['days_to_due']} days)"))
            status = "" if m is None else m["status"].replace("-", " ").capitalize()
            cells = [_item(wb.firm.name or "(firm not named)"), _item(path.name),
                     _item(str(wb.year)), _item(latest or "nothing reported"), _item(status),
                     _item("" if m is None or m["net_capital"] is None else
                           format_amount(Decimal(m["net_capital"]), places=2), right=True),
                     _item("" if m is None or m["excess"] is None else
                           format_amount(Decimal(m["excess"]), places=2), right=True),
                     _item("" if m is None or m["level"] is None else LEVEL_SHORT[m["level"]]),
                     _item(due)]
            if nxt is not None and nxt["overdue"]:
                cells[-1].setForeground(QBrush(QColor("#b00020")))
            if m is not None and m["level"] in ("early-warning", "below-minimum"):
                cells[7].setForeground(QBrush(QColor("#b00020")))
            for c, item in enumerate(cells):
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.heading.setText(f"{folder}: {len(self.paths)} workbook(s)"
                             + (f", {unreadable} unreadable" if unreadable else "")
                             + ". Double-click a firm to open its workbook.")

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.paths):
            self.window_.open_path(self.paths[row])


def install(window: MainWindow) -> CloseActions:
    return CloseActions(window)
