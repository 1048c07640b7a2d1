"""Schedule A's context menu ▸ Accounts Behind This Cell…: the accounts of the trial
balance that make up an imported cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from ....tables.tb_preview import AccountsTable, contributions, line_total
from ....tb.importer import accounts_behind
from ...row_model import RowTableModel, row_view
from .widgets import fit_columns

if TYPE_CHECKING:
    from ...window import MainWindow


def show_accounts_behind(window: MainWindow, month: str, code: str) -> QDialog:
    assert window.doc is not None
    cell = accounts_behind(window.doc.wb, month, code)
    dialog = QDialog(window)
    dialog.setWindowTitle(f"Accounts behind {month} line {cell.item.line}")
    dialog.setSizeGripEnabled(True)
    dialog.resize(860, 460)
    layout = QVBoxLayout(dialog)
    tb = cell.trial_balance
    head = f"{month} line {cell.item.line} [{cell.item.code}] {cell.item.label}"
    if tb is not None:
        head += f"\nfrom {tb.file_name} (sha256 {tb.sha256[:16]}…), sheet {tb.sheet!r}"
    if cell.note:
        head += f"\n{cell.note}."
    label = QLabel(head)
    label.setWordWrap(True)
    layout.addWidget(label)
    table = row_view(RowTableModel(AccountsTable(contributions(cell.line), month)))
    table.setObjectName("accountsBehind")
    fit_columns(table, stretch=1)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    layout.addWidget(table)
    layout.addWidget(QLabel(line_total(cell.line, month)))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog


def cell_under(window: MainWindow) -> tuple[str, str] | None:
    return window.current_cell()
