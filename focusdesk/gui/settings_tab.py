"""The Firm & settings tab: the firm's profile, the year, the method and the dollar
minimum, each change one undoable step (`focusdesk.document.editing.Setting`).

Mixed into the main window (`focusdesk.gui.window.MainWindow`), whose form holds the tab.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit

from ..base.money import AmountError, format_amount, parse_amount
from ..document.editing import Setting
from ..form.catalog import Method
from ..model.workbook import TEXT_LIMITS, WorkbookError

if TYPE_CHECKING:
    from ..document.document import Document
    from .forms import Ui_MainWindow

CUSTOM = "Custom…"


class SettingsTab:
    """The tab's fields, filled from the workbook and turned into settings changes."""

    ui: Ui_MainWindow
    doc: Document | None

    def connect_settings_tab(self) -> None:
        ui = self.ui
        for m in Method:
            ui.methodCombo.addItem(m.label, m.value)
        self.minimum_choices = [f"${m:,}" for m in self._form_minimums()] + [CUSTOM]
        ui.minimumCombo.addItems(self.minimum_choices)
        for name, edit in self.firm_edits().items():
            edit.setMaxLength(TEXT_LIMITS[f"firm.{name}"].chars)  # what the form's box holds
            edit.editingFinished.connect(
                lambda n=name, e=edit: self.change_setting(f"firm.{n}", e.text()))
        ui.yearSpin.editingFinished.connect(
            lambda: self.change_setting("year", ui.yearSpin.value()))
        ui.methodCombo.activated.connect(
            lambda *_: self.change_setting("method", ui.methodCombo.currentData()))
        ui.minimumCombo.activated.connect(lambda *_: self.minimum_chosen())
        ui.customMinimumEdit.editingFinished.connect(self.custom_minimum_entered)


    def firm_edits(self) -> dict[str, QLineEdit]:
        ui = self.ui
        return {"name": ui.firmNameEdit, "id_no": ui.idNoEdit, "sec_file_no": ui.secFileNoEdit,
                "preparer": ui.preparerEdit, "phone": ui.phoneEdit, "address": ui.addressEdit}


    @staticmethod
    def _form_minimums() -> tuple[int, ...]:
        from ..form.catalog import PART_I

        return PART_I.dollar_minimums

    def load_settings_tab(self) -> None:
        assert self.doc is not None
        wb = self.doc.wb
        for name, edit in self.firm_edits().items():
            if not edit.hasFocus():
                edit.setText(getattr(wb.firm, name))
        self.ui.yearSpin.setValue(wb.year)
        self.ui.methodCombo.setCurrentIndex(self.ui.methodCombo.findData(wb.method.value))
        standard = f"${int(wb.minimum_dollar):,}"
        if wb.minimum_dollar == int(wb.minimum_dollar) and standard in self.minimum_choices:
            self.ui.minimumCombo.setCurrentText(standard)
            self.ui.customMinimumEdit.setEnabled(False)
        else:
            self.ui.minimumCombo.setCurrentText(CUSTOM)
            self.ui.customMinimumEdit.setEnabled(True)
        if not self.ui.customMinimumEdit.hasFocus():
            self.ui.customMinimumEdit.setText(format_amount(wb.minimum_dollar))
        as_of = wb.as_of()
        self.ui.asOfValue.setText(
            f"{as_of:%m/%d/%Y} — the end of the latest reported month (of the months printed)"
            if as_of else "— (no month reported yet)")
        for w in (*self.firm_edits().values(), self.ui.yearSpin, self.ui.methodCombo,
                  self.ui.minimumCombo, self.ui.customMinimumEdit):
            w.setEnabled(not self.doc.read_only and (w is not self.ui.customMinimumEdit
                                                     or self.ui.customMinimumEdit.isEnabled()))

    def change_setting(self, name: str, value: object) -> None:
        assert self.doc is not None
        try:
            step = self.doc.apply(f"Change {name.removeprefix('firm.')}",
                                  [(Setting(name), value)])
        except (WorkbookError, ValueError) as exc:
            self.show_message(f"Not changed — {exc}.")
            self.load_settings_tab()
            return
        if step is not None:
            self.after_edit()

    def minimum_chosen(self) -> None:
        text = self.ui.minimumCombo.currentText()
        if text == CUSTOM:
            self.ui.customMinimumEdit.setEnabled(True)
            self.ui.customMinimumEdit.setFocus()
            return
        self.change_setting("minimum_dollar", Decimal(text.strip("$").replace(",", "")))

    def custom_minimum_entered(self) -> None:
        try:
            value = parse_amount(self.ui.customMinimumEdit.text())
        except AmountError as exc:
            self.refuse_custom_minimum(f"Not changed — dollar minimum: {exc}.")
            return
        if value is None or value <= 0:
            self.refuse_custom_minimum(
                "Not changed — the dollar minimum must be a positive amount.")
            return
        self.change_setting("minimum_dollar", value)

    def refuse_custom_minimum(self, message: str) -> None:
        """The field goes back to the minimum in force (it keeps the focus, selected, to be
        typed over): a refused text left standing would read as the minimum applied."""
        assert self.doc is not None
        self.show_message(message)
        self.load_settings_tab()
        edit = self.ui.customMinimumEdit
        edit.setText(format_amount(self.doc.wb.minimum_dollar))
        edit.selectAll()
