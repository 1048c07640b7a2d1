"""Trial-balance import in the window: the wizard, the mapping editor, the drill-down.

* File ▸ Import Trial Balance… (or drop a spreadsheet on the window) opens a wizard:
  file and month → sheet, header row and columns with a live preview → the account
  mapping with the unmapped accounts and their balances → the changes (current, new,
  difference, the accounts behind each line) → applied as one undoable step.
* File ▸ Account Mapping… edits the workbook's mapping (one undoable step).
* Schedule A's context menu ▸ Accounts Behind This Cell… lists the accounts that make up
  an imported cell.

The work is done by the Qt-free `focusdesk.tb`; this package only shows it: the wizard
(`wizard`), the mapping editor (`mapping_editor`), the drill-down (`accounts_behind`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from ....tb.reader import SPREADSHEET_SUFFIXES
from .accounts_behind import cell_under, show_accounts_behind
from .mapping_editor import MappingDialog, MappingEditor, open_mapping_editor
from .wizard import TBWizard, start_wizard

if TYPE_CHECKING:
    from ...window import MainWindow

__all__ = ["MappingDialog", "MappingEditor", "TBWizard", "TrialBalanceImport", "install",
           "open_mapping_editor", "show_accounts_behind", "start_wizard"]


class TrialBalanceImport:
    """File ▸ Import Trial Balance… and Account Mapping…, a spreadsheet dropped on the
    window, Schedule A's Accounts Behind This Cell… (`window.feature(TrialBalanceImport)`);
    it keeps the wizard and the mapping dialog last opened."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.wizard: TBWizard | None = None
        self.mapping_dialog: MappingDialog | None = None
        self.import_action = QAction("Import &Trial Balance…", window)
        self.import_action.setObjectName("actionImportTrialBalance")
        self.import_action.triggered.connect(lambda: self.start_wizard())
        self.mapping_action = QAction("Account &Mapping…", window)
        self.mapping_action.setObjectName("actionAccountMapping")
        self.mapping_action.triggered.connect(lambda: self.open_mapping_editor())
        window.add_file_actions((self.import_action, self.mapping_action))
        # A spreadsheet dropped on the window starts the wizard.
        window.add_drop_handler(SPREADSHEET_SUFFIXES, lambda path: self.start_wizard(path))
        self.drill_action = QAction("Accounts Behind This Cell…", window)
        self.drill_action.setObjectName("actionAccountsBehind")
        self.drill_action.triggered.connect(self.drill_down)
        window.add_cell_action(self.drill_action, lambda: cell_under(window) is not None)

    def start_wizard(self, path: Path | None = None) -> TBWizard | None:
        self.wizard = start_wizard(self.window, path) or self.wizard
        return self.wizard

    def open_mapping_editor(self) -> MappingDialog:
        self.mapping_dialog = open_mapping_editor(self.window)
        return self.mapping_dialog

    def drill_down(self) -> None:
        where = cell_under(self.window)
        if where is None:
            self.window.show_message("Choose a Schedule A cell of a month first.")
            return
        show_accounts_behind(self.window, *where).open()


def install(window: MainWindow) -> TrialBalanceImport:
    return TrialBalanceImport(window)

