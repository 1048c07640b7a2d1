"""The window's everyday habits (issue 18), installed on the main window as `window.desk`:

* Edit ▸ Find… (Ctrl+F), Go To… (Ctrl+G), Fill Blank Lines with -0- (Schedule B's month,
  also a button beside the month picker); Copy, Paste and Clear act on an open editor's
  text when one is open (Edit ▸ Paste into a cell being typed pastes into it);
* View ▸ Legend… (what each cell style means) and Type Amounts in the Units Shown (a
  setting kept with the window's other settings);
* Help ▸ Getting Started (F1);
* the status bar's Sum and Count of a selection of amounts;
* the Schedule B month picker following the month in view and the last import;
* the instructions pane following the selection on every tab, or saying there is none.

Kept apart from `app.py` (which a later change splits into packages); dialogs of their
own are in `legend.py`, `find.py` and `help.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..base.money import format_amount
from ..document.editing import Step
from ..form.catalog import PART_I
from .views import SheetView

if TYPE_CHECKING:
    from .window import MainWindow

TYPE_IN_UNITS_KEY = "typeInUnitsShown"
NO_INSTRUCTIONS = {
    "pageSettings": "No form instruction belongs to this tab: the header fields are those "
                    "the form's first page asks for (name, address, ID no., SEC file no., "
                    "the person completing the report); the method and the minimum are "
                    "Rule 15c3-1's.",
    "pageTrend": "No form instruction belongs to this tab: the trend draws net capital, "
                 "the requirement and the ratios of the reported months (Rule 17a-11's "
                 "early-warning levels).",
}


def _text_editor(widget: QWidget | None) -> QLineEdit | None:
    """The line edit being typed in, if the focus is in one (a cell editor, a field of
    Firm & settings, a spin box's or an editable combo's text)."""
    if isinstance(widget, QLineEdit):
        return widget
    if isinstance(widget, QAbstractSpinBox | QComboBox):
        edit = widget.findChild(QLineEdit)
        return edit if edit is not None and edit.isVisible() else None
    return None


class Desk:
    def __init__(self, window: MainWindow):
        self.window = window
        ui = window.ui
        self._seen_step: Step | None = None  # the last step the month picker followed
        # -- Edit --------------------------------------------------------------------
        self.find_action = self._action("&Find…", QKeySequence.StandardKey.Find,
                                        "Find a line by its number, item code or label",
                                        self.find)
        self.goto_action = self._action("&Go To…", "Ctrl+G",
                                        "Go to a cell: a line or code and a month (23a MAR)",
                                        self.go_to)
        self.zero_action = self._action(
            "Fill Blank Lines with -0-", None,
            "Schedule B: enter -0- in the blank cells of lines 1–8 of the month in view "
            "(the form: if respondent has nothing to report, enter -0-)", self.fill_zero)
        edit = ui.menuEdit
        edit.addSeparator()
        for a in (self.find_action, self.goto_action):
            edit.addAction(a)
        edit.addSeparator()
        edit.addAction(self.zero_action)
        self.zero_button = QPushButton("Fill Blank Lines with -0-")
        self.zero_button.setToolTip(self.zero_action.statusTip())
        self.zero_button.clicked.connect(self.fill_zero)
        ui.monthBar.insertWidget(ui.monthBar.count() - 1, self.zero_button)
        # -- View --------------------------------------------------------------------
        self.legend_action = self._action("&Legend…", None,
                                          "What each cell style means: typed, imported, "
                                          "pasted, carried, computed, blank", self.legend)
        self.units_action = self._action(
            "&Type Amounts in the Units Shown", None,
            "In the $000 view, amounts typed or pasted from other programs are thousands "
            "(4 stores $4,000); off, they are dollars", self.set_type_in_units)
        self.units_action.setCheckable(True)
        self.units_action.setChecked(
            str(window.settings.value(TYPE_IN_UNITS_KEY, "false")).lower() == "true")
        view = ui.menuView
        view.insertAction(ui.actionAllMonthsB, self.units_action)
        view.insertAction(ui.actionNextSheet, self.legend_action)
        view.insertSeparator(ui.actionNextSheet)
        # -- Help --------------------------------------------------------------------
        self.guide_action = self._action("&Getting Started", QKeySequence.StandardKey.HelpContents,
                                         "The month-end in ten steps, the keyboard, the checks",
                                         self.guide)
        ui.menuHelp.insertAction(ui.actionAbout, self.guide_action)
        ui.menuHelp.insertSeparator(ui.actionAbout)
        self.guide_window: QWidget | None = None
        # -- the status bar: a selection's Sum and Count -------------------------------
        self.selection = QLabel()
        self.selection.setObjectName("selectionFigures")
        self.selection.hide()
        window.statusBar().addPermanentWidget(self.selection)
        # -- the instructions pane on the other tabs --------------------------------------
        ui.checksTable.selectionModel().currentRowChanged.connect(
            lambda *_: self.show_instruction())

    def _action(self, text: str, shortcut: object, tip: str, slot) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    # -- a new document --------------------------------------------------------------
    def document_changed(self) -> None:
        """After `set_document`: new grids and models, new selection models."""
        w = self.window
        for grid in (w.grid_a, w.grid_b):
            grid.type_in_units_shown = self.units_action.isChecked()
        for view in (w.table_a, w.table_b):
            view.selectionModel().selectionChanged.connect(
                lambda *_, v=view: self.update_selection(v))
        self.span_answers()
        self.update_selection(w.active_sheet())
        self._seen_step = w.doc.history.last_applied if w.doc is not None else None

    def span_answers(self) -> None:
        """Line 10 is one Yes / No answer a month: its cell spans columns I–IV, so the
        choice is not read as a "No. of items" (column I's heading)."""
        w = self.window
        view, grid = w.table_b, w.grid_b
        view.clearSpans()
        row = next(i for i, b in enumerate(grid.lines) if b.key == "10")
        width = len(grid.columns)
        for block in range(len(grid.months)):
            view.setSpan(row, w.model_b.n_fixed + block * width, 1, width)

    # -- Edit ------------------------------------------------------------------------
    def edit_command(self, name: str) -> None:
        """Edit ▸ Copy / Paste / Clear: into the text being typed when an editor is open,
        else on the selected cells."""
        editor = _text_editor(QApplication.focusWidget())
        if editor is not None:
            {"copy": editor.copy, "paste": editor.paste, "delete": editor.del_}[name]()
            return
        w = self.window
        if w.doc is None:
            return
        sheet = w.active_sheet()
        {"copy": sheet.copy_selection, "paste": sheet.paste_clipboard,
         "delete": sheet.clear_selection_cells}[name]()

    def find(self) -> QWidget | None:
        if self.window.doc is None:
            return None
        from .find import FindDialog, open_dialog

        return open_dialog(FindDialog(self.window))

    def go_to(self) -> QWidget | None:
        if self.window.doc is None:
            return None
        from .find import GoToDialog, open_dialog

        return open_dialog(GoToDialog(self.window))

    def fill_zero(self) -> Step | None:
        w = self.window
        if w.doc is None:
            return None
        month = w.b_month()
        if w.doc.read_only:
            w.table_b.refuse_read_only()
            return None
        step = w.doc.apply(f"Fill blank lines of Schedule B {month} with -0-",
                           w.grid_b.blank_to_zero(month))
        if step is None:
            w.show_message(f"Schedule B {month}: no blank line to fill.")
            return None
        w.after_edit()
        w.show_message(f"Schedule B {month}: -0- entered in {len(step.changes)} blank "
                       "cell(s) (Edit ▸ Undo takes it back).")
        return step

    # -- View ------------------------------------------------------------------------
    def legend(self) -> QWidget:
        from .legend import LegendDialog

        dialog = getattr(self, "legend_dialog", None)
        if dialog is None:
            dialog = self.legend_dialog = LegendDialog(self.window)
        dialog.show()
        dialog.raise_()
        return dialog

    def set_type_in_units(self) -> None:
        on = self.units_action.isChecked()
        self.window.settings.setValue(TYPE_IN_UNITS_KEY, "true" if on else "false")
        w = self.window
        if w.doc is not None:
            for grid in (w.grid_a, w.grid_b):
                grid.type_in_units_shown = on
        w.show_message("Amounts are typed in the units shown: thousands in the $000 view."
                       if on else "Amounts are typed in dollars and cents, whatever the view.")

    # -- Help ------------------------------------------------------------------------
    def guide(self) -> QWidget:
        from .help import GuideWindow

        if self.guide_window is None:
            self.guide_window = GuideWindow(self.window)
        self.guide_window.show()
        self.guide_window.raise_()
        return self.guide_window

    # -- the status bar ----------------------------------------------------------------
    def update_selection(self, view: SheetView) -> None:
        """Sum and Count of the selected cells, as a spreadsheet's status bar (in the
        view's units); hidden for a single cell."""
        w = self.window
        if w.doc is None or view is not w.active_sheet():
            return
        model = view.grid_model()
        cells = [(i.row(), model.grid_col(i.column()))
                 for i in view.selectionModel().selectedIndexes()
                 if model.grid_col(i.column()) >= 0]
        if len(cells) < 2:
            self.selection.hide()
            return
        total, amounts, figures = model.grid.summary(cells)
        units = " ($000)" if model.grid.units == "thousands" else ""
        places = 0 if model.grid.units == "thousands" else 2
        sum_text = f"Sum {format_amount(total, places=places)}{units}   " if amounts else ""
        self.selection.setText(f"{sum_text}Count {figures}  ")
        self.selection.setToolTip(f"{amounts} amount(s) summed of {len(cells)} cell(s) "
                                  f"selected; {figures} hold a figure")
        self.selection.show()

    # -- the month picker follows -------------------------------------------------------
    def follow_import(self) -> None:
        """After a change: when it was an import into one month (a trial balance, a Daily
        Seg filing, an Excel or JSON file), that month becomes the month in view."""
        w = self.window
        assert w.doc is not None
        step = w.doc.history.last_applied
        if step is self._seen_step:
            return
        self._seen_step = step
        if step is None or step.source[0] != "imported":
            return
        months = {c.ref.month for c in step.changes if hasattr(c.ref, "month")}
        if len(months) == 1:
            w.set_month_in_view(months.pop(), move_a=True)

    # -- the instructions pane ----------------------------------------------------------
    def show_instruction(self) -> None:
        """The pane on a tab other than the schedules: the selected finding's line on
        Checks, item 29 on Segregation, else a sentence saying there is none."""
        w = self.window
        page = w.ui.tabs.currentWidget()
        text = w.ui.instructionsText
        if page is w.ui.pageChecks:
            index: QModelIndex = w.ui.checksTable.currentIndex()
            if not index.isValid():
                text.setPlainText("Select a finding: its line's instruction shows here."
                                  if w.checks_model.findings else
                                  "No findings: every check passes for the reported "
                                  "months, so there is no line to explain.")
                return
            f = w.checks_model.findings[index.row()]
            if f.item.startswith("B-"):
                key = (f.b_cell or (f.line, ""))[0]
                row = next((i for i, b in enumerate(w.grid_b.lines) if b.key == key), 0)
                w.show_instruction_b(row)
            elif f.item in PART_I.by_code:
                w.show_instruction_a(w.grid_a.row_of(f.item))
            return
        code = w.tab_instruction(page)
        if code is not None:  # a feature's tab: the line it feeds
            w.show_instruction_a(w.grid_a.row_of(code))
            return
        text.setPlainText(NO_INSTRUCTIONS.get(
            page.objectName() if page is not None else "",
            "No form instruction belongs to this tab."))
