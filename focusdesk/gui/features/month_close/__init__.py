"""The month close in the window (`actions`: the menus and the status; `steps`: approve,
file, amend; `compare`, `audit`, `overview`): the Filing menu, the status bar's month status, the
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

from typing import TYPE_CHECKING

from .actions import CloseActions
from .audit import AuditDialog
from .compare import CompareDialog
from .overview import FirmsOverview
from .widgets import status_style, status_text

if TYPE_CHECKING:
    from ...window import MainWindow

__all__ = ["AuditDialog", "CloseActions", "CompareDialog", "FirmsOverview", "install",
           "status_style", "status_text"]


def install(window: MainWindow) -> CloseActions:
    return CloseActions(window)
