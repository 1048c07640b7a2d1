"""File → Export to Excel… and Import from Excel…: the workbook as an .xlsx with live
formulas (`focusdesk.formats.xlsx.export`), and such a file — or its blank input template —
read back (`focusdesk.formats.xlsx.importer`) as ONE undoable step."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...document.files import guard_output
from ...formats.xlsx.export import XlsxExportError, write_xlsx
from ...formats.xlsx.importer import ThousandsExportError, XlsxImportError, read_xlsx
from ...model.records import file_source_ref
from ...model.workbook import WorkbookError

if TYPE_CHECKING:
    from ..window import MainWindow

FILTER = "Excel workbook (*.xlsx)"


class XlsxActions:
    """The menu actions and what they do (`window.feature(XlsxActions)`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.export_action = QAction("Export to E&xcel…", window)
        self.export_action.setStatusTip("Save the workbook as an Excel file with live formulas "
                                        "(in dollars, which import back, or in $000)")
        self.template_action = QAction("Export Excel Input &Template…", window)
        self.template_action.setStatusTip("Save a blank Excel input template to fill in and "
                                          "import")
        self.import_action = QAction("&Import from Excel…", window)
        self.import_action.setStatusTip("Read the entered values of a FocusDesk Excel export "
                                        "or template (one undoable step)")
        window.add_file_actions((self.export_action, self.template_action, self.import_action))
        self.export_action.triggered.connect(lambda: self.export_xlsx())
        self.template_action.triggered.connect(lambda: self.export_xlsx(template=True))
        self.import_action.triggered.connect(self.import_xlsx)

    def _start_dir(self) -> str:
        doc = self.window.doc
        return str(doc.path.parent) if doc is not None and doc.path else ""

    def _fail(self, title: str, message: str) -> None:
        self.window.show_message(message)
        QMessageBox.warning(self.window, title, message)

    def ask_units(self) -> str | None:
        """Dollars (the default: the copy that imports back) or $000 as the form prints,
        for reading; None when the controller cancels."""
        box = QMessageBox(QMessageBox.Icon.Question, "Export to Excel",
                          "Export the amounts in which units?", parent=self.window)
        box.setInformativeText(
            "Dollars and cents: the copy to fill in, send and import back.\n"
            "$000, as the form prints: for reading only — it cannot be imported back.")
        dollars = box.addButton("&Dollars", QMessageBox.ButtonRole.AcceptRole)
        thousands = box.addButton("$&000", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(dollars)
        box.exec()
        return {dollars: "dollars", thousands: "thousands"}.get(box.clickedButton())

    def export_xlsx(self, template: bool = False) -> Path | None:
        w = self.window
        units = "dollars" if template else self.ask_units()
        if units is None:
            return None
        stem = w.doc.path.stem if w.doc.path else (w.doc.wb.firm.name or "workbook")
        suggested = str(Path(self._start_dir()) / f"{stem}{' template' if template else ''}.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            w, "Export Excel Input Template" if template else "Export to Excel", suggested,
            FILTER)
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            guard_output(path, opened=[w.doc.path])  # never over a workbook
            write_xlsx(w.doc.wb, path, units, template=template,  # type: ignore[arg-type]
                       source=w.doc.path.name if w.doc.path else "")
        except (XlsxExportError, OSError) as exc:
            self._fail("Export to Excel", f"{path.name} was not written: {exc}")
            return None
        what = "a blank input template" if template else (
            "in dollars" if units == "dollars" else "in $000 (for reading; it cannot be "
            "imported back)")
        w.show_message(f"Exported {path.name} ({what}).")
        return path

    def import_xlsx(self) -> int | None:
        w = self.window
        name, _ = QFileDialog.getOpenFileName(w, "Import from Excel", self._start_dir(), FILTER)
        if not name:
            return None
        path = Path(name)
        try:
            raw = path.read_bytes()
            data = read_xlsx(raw, path.name, w.doc.wb.form)
        except OSError as exc:
            self._fail("Import from Excel", f"{path.name} cannot be read: {exc.strerror or exc}")
            return None
        except ThousandsExportError:
            self._fail("Import from Excel", thousands_explained(path.name))
            return None
        except XlsxImportError as exc:
            self._fail("Import from Excel", f"Nothing was imported. {exc}")
            return None
        settings = data.settings_changed(w.doc.wb)
        if settings and QMessageBox.question(
                w, "Import from Excel",
                f"{path.name} also changes these settings of the workbook: "
                f"{', '.join(settings)}.\n\nImport it?") != QMessageBox.StandardButton.Yes:
            w.show_message("Nothing was imported.")
            return None
        ref = file_source_ref(path.name, hashlib.sha256(raw).hexdigest())
        try:
            step = w.doc.apply(f"Import {path.name}", data.assignments(ref))
        except WorkbookError as exc:
            self._fail("Import from Excel", f"Nothing was imported. {path.name}: {exc}")
            return None
        w.after_edit()
        changed = len(step.changes) if step else 0
        w.show_message(f"Imported {path.name}: {changed} value(s) changed"
                       + (" (Edit → Undo takes it back)." if changed else "."))
        return changed


def thousands_explained(name: str) -> str:
    """A $000 export brought back to the window, in the window's words."""
    return (f"Nothing was imported: {name} is an Excel copy in $000 — amounts rounded to "
            "thousands, as the form prints them — which cannot give back the dollars and "
            "cents the workbook keeps. Export again with File ▸ Export to Excel… and choose "
            "Dollars (the default), make your changes in that file, and import it.")


def install(window: MainWindow) -> XlsxActions:
    return XlsxActions(window)
