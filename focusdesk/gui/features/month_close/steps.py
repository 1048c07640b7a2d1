"""Filing ▸ Approve Month…, File Month… and Amend Month…: dialogs over the Qt-free
`focusdesk.close.month_close`; each step is recorded in the workbook and saved at once
(never an Undo step: undo does not reach past a filing).

Mixed into `CloseActions` (`actions`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from ....base.money import format_amount
from ....close.month_close import (
    TEXT_BOUNDS,
    CloseError,
    amend,
    approve,
    file_month,
)
from ....document.store import StoreError
from ....model.workbook import WorkbookError
from .widgets import month_combo, status_text

if TYPE_CHECKING:
    from ...window import MainWindow


class MonthSteps:
    """The dialogs that record a step of the month close."""

    window: MainWindow

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
        combo = month_combo(dialog, month)
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

