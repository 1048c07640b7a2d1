"""Filing ▸ Audit Log…: every change, filtered by month, line, user and source;
exported as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ....document.audit import AuditFilter, audit_csv, describe_target, filter_audit, source_kind
from ....form.catalog import MONTHS
from ....model.workbook import WorkbookError
from .widgets import new_table, save_report, table_cell

if TYPE_CHECKING:
    from ...window import MainWindow


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
        self.table = new_table(self, self.HEADERS)
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
                self.table.setItem(r, c, table_cell(text, tip=text if c in (5, 8) else ""))
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


