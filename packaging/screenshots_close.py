"""Screenshots of the month close in the window, to look at as a user would.

    xvfb-run -a -s "-screen 0 1920x1200x24" .venv/bin/python packaging/screenshots_close.py OUTDIR

Builds a workbook from the sample (as 2025, so every month is due): JAN and FEB filed,
MAR filed and reopened as Amendment 1 with line 5a changed, APR approved; opens it in a
real window and saves OUTDIR/close-*.png — the window on MAR (status bar), the approve,
file and amend dialogs, the compare view, the audit log and the firms overview.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def build(folder: Path) -> Path:
    from focusdesk.base.paths import sample_workbook
    from focusdesk.close import month_close as close
    from focusdesk.document.editing import EditHistory, ItemCell
    from focusdesk.document.store import save
    from focusdesk.formats.jsonio import loads, workbook_from_json

    sample = Path(sample_workbook()).with_suffix(".json")
    wb = workbook_from_json(loads(sample.read_text(encoding="utf-8")))
    wb.set_profile("year", 2025)
    for month, on in (("JAN", "2025-02-12"), ("FEB", "2025-03-13"), ("MAR", "2025-04-11")):
        close.approve(wb, month, "Dana Whitfield", "variances reviewed against the prior month")
        close.file_month(wb, month, filed_date=date.fromisoformat(on), reference=f"EF-{month}")
    close.amend(wb, "MAR", "trading profit restated after the clearing firm's correction")
    EditHistory(wb).apply("Restate 5a", [(ItemCell("MAR", "3950"), Decimal("30150.00"))])
    close.approve(wb, "APR", "Dana Whitfield")
    path = folder / "Hudson Ridge 2025.focus"
    save(wb, path)
    nxt, _ = close.next_year(wb, path.name, "0" * 64)
    save(nxt, folder / "Hudson Ridge 2026.focus")
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir", type=Path)
    args = ap.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    path = build(folder)
    settings = QSettings(str(folder / "shots.ini"), QSettings.Format.IniFormat)
    settings.setValue("close/reviewer", "Dana Whitfield")
    from focusdesk.form.catalog import MONTHS
    from focusdesk.gui.app import open_window

    win = open_window(str(path), settings)
    win.resize(1600, 1000)
    win.show()
    written: list[Path] = []

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(widget, name: str) -> None:
        settle()
        target = args.outdir / f"close-{name}.png"
        widget.grab().save(str(target))
        written.append(target)

    settle()
    win.table_a.go_to(win.grid_a.row_of("3950"), MONTHS.index("MAR"))
    shot(win, "window-mar")
    from focusdesk.gui.features.month_close import CloseActions

    actions = win.feature(CloseActions)

    def dialog_shot(name: str) -> None:
        def grab() -> None:
            shot(actions._last_dialog, name)
            actions._last_dialog.reject()

        QTimer.singleShot(200, grab)

    dialog_shot("approve")
    actions.approve_dialog("MAY")
    dialog_shot("file")
    actions.file_dialog("APR")
    dialog_shot("amend")
    actions.amend_dialog("FEB")
    compare = actions.show_compare("MAR")
    compare.resize(1400, 640)
    shot(compare, "compare")
    compare.close()
    audit = actions.show_audit()
    audit.resize(1500, 700)
    audit.month.setCurrentText("MAR")
    shot(audit, "audit")
    audit.close()
    overview = actions.show_overview(folder)
    overview.resize(1400, 300)
    shot(overview, "overview")
    overview.close()
    win.doc.history.mark_clean()
    win.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
