"""The month close in the window (pytest-qt, offscreen): the status bar's month status, the
Filing menu's approve / file / amend dialogs, typing and undo refused on a filed month,
the compare view, the audit log viewer, the as-filed PDF, Start Next Year and the firms
overview."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
)
from support import close_window, sample_workbook

from focusdesk.close import month_close as close
from focusdesk.document.store import load, save
from focusdesk.form.catalog import MONTHS
from focusdesk.gui.features.month_close import CloseActions


@pytest.fixture
def book(tmp_path) -> Path:
    wb = sample_workbook(2025)
    close.approve(wb, "MAR", "Pat Lee")
    close.file_month(wb, "MAR", filed_date=date(2025, 4, 10), reference="ACC-0310")
    path = tmp_path / "w.focus"
    save(wb, path)
    return path


@pytest.fixture
def win(qtbot, settings, book):
    from focusdesk.gui.app import open_window

    w = open_window(str(book), settings)
    w.show()
    qtbot.waitExposed(w)
    yield w
    close_window(w)


def go_to(win, month: str, code: str = "3950") -> None:
    win.ui.tabs.setCurrentWidget(win.ui.pageScheduleA)
    win.table_a.go_to(win.grid_a.row_of(code), MONTHS.index(month))


def drive(win, fill) -> None:
    """Fill the dialog the next Filing action opens, then press its button."""

    def run() -> None:
        dialog = win.feature(CloseActions)._last_dialog
        fill(dialog)
        dialog.findChild(QPushButton, "okButton").click()

    QTimer.singleShot(0, run)


def test_the_status_bar_shows_the_months_status_and_days_to_its_due_date(win):
    label = win.feature(CloseActions).status_label
    go_to(win, "MAR")
    assert label.text().strip() == "MAR 2025: Filed on 2025-04-10"
    assert "reference ACC-0310" in label.toolTip()
    go_to(win, "APR")
    assert label.text().strip().startswith("APR 2025: Draft — due 2025-05-14, overdue by ")
    assert "font-weight:bold" in label.styleSheet()  # overdue: red
    # an overdue month is a warning in the Checks tab
    assert any(f.month == "APR" and "was due on 2025-05-14" in f.message
               for f in win.findings)
    assert not any(f.month == "MAR" and "was due" in f.message for f in win.findings)


def test_typing_in_a_filed_month_is_refused_with_the_sentence(win):
    model = win.model_a
    row = win.grid_a.row_of("3950")
    index = model.index(row, model.n_fixed + MONTHS.index("MAR"))
    refused: list[str] = []
    model.edit_refused.connect(refused.append)
    before = win.doc.wb.value("MAR", "3950")
    assert not model.setData(index, "1,234", Qt.ItemDataRole.EditRole)
    assert refused and "MAR 2025 is filed (2025-04-10) and its figures cannot change" in \
        refused[0] and "amend it first" in refused[0]
    assert win.doc.wb.value("MAR", "3950") == before and not win.doc.modified


def test_undo_does_not_reach_past_a_filing(win):
    go_to(win, "APR")
    row = win.grid_a.row_of("3950")
    win.grid_a.set_text(row, MONTHS.index("APR"), "5")
    win.after_edit()
    close.approve(win.doc.wb, "APR", "Pat")
    close.file_month(win.doc.wb, "APR", filed_date=date(2025, 5, 12))
    win.undo()
    assert win.statusBar().currentMessage().startswith("Not undone — APR 2025 is filed")
    assert win.doc.wb.value("APR", "3950") == Decimal(5)


def test_approve_file_and_amend_through_the_dialogs_are_saved_at_once(win, book):
    actions = win.feature(CloseActions)

    def approve(dialog) -> None:
        dialog.findChild(QLineEdit, "reviewerEdit").setText("Dana Whitfield")
        dialog.findChild(QPlainTextEdit, "noteEdit").setPlainText("variances reviewed")

    drive(win, approve)
    actions.approve_dialog("APR")
    wb, _ = load(book)
    a = wb.month_close("APR").approval
    assert (a.reviewer, a.note) == ("Dana Whitfield", "variances reviewed")
    assert not win.doc.modified
    go_to(win, "APR")
    assert "APR 2025: Approved" in actions.status_label.text()

    def file_(dialog) -> None:
        dialog.findChild(QDateEdit, "filedDate").setDate(date(2025, 5, 13))
        dialog.findChild(QLineEdit, "referenceEdit").setText("ACC-0410")

    drive(win, file_)
    actions.file_dialog("APR")
    wb, _ = load(book)
    v = wb.month_close("APR").versions[0]
    assert (v.filed_date, v.reference, v.approval.reviewer) == ("2025-05-13", "ACC-0410",
                                                                "Dana Whitfield")
    assert "APR 2025: Filed on 2025-05-13" in actions.status_label.text()

    drive(win, lambda d: d.findChild(QLineEdit, "amendReason").setText("5a corrected"))
    actions.amend_dialog("APR")
    wb, _ = load(book)
    assert wb.month_close("APR").reopened.reason == "5a corrected"
    assert "APR 2025: Amendment 1" in actions.status_label.text()


def test_filing_with_error_findings_needs_the_override_and_its_reason(win, book, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text, *a: warnings.append(text))
    row = win.grid_a.row_of("3540")
    win.grid_a.set_text(row, MONTHS.index("APR"), "99,000,000")
    win.after_edit()
    close.approve(win.doc.wb, "APR", "Pat")
    drive(win, lambda d: d.findChild(QDateEdit, "filedDate").setDate(date(2025, 5, 13)))
    win.feature(CloseActions).file_dialog("APR")
    assert warnings and "error-level finding" in warnings[0]
    assert not win.doc.wb.month_close("APR").versions

    def override(dialog) -> None:
        dialog.findChild(QDateEdit, "filedDate").setDate(date(2025, 5, 13))
        check = dialog.findChild(QCheckBox, "overrideCheck")
        assert check.isVisibleTo(dialog)
        check.setChecked(True)
        dialog.findChild(QLineEdit, "overrideReason").setText("FINRA agreed")

    drive(win, override)
    win.feature(CloseActions).file_dialog("APR")
    wb, _ = load(book)
    assert wb.month_close("APR").versions[0].override == "FINRA agreed"


def test_the_compare_view_highlights_lines_over_the_threshold_and_exports(win, tmp_path):
    win.grid_a.set_text(win.grid_a.row_of("3950"), MONTHS.index("APR"), "100,000")
    win.after_edit()
    dialog = win.feature(CloseActions).show_compare("APR")
    assert dialog.against.currentData() == "MAR"  # a draft: against the prior month
    cmp = dialog.comparison
    assert cmp is not None and dialog.table.rowCount() == len(cmp.differing)
    codes = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    r = codes.index("3950")
    assert dialog.table.item(r, 3).text() == "100,000.00"
    assert dialog.table.item(r, 0).background().color().name() == "#ffe0a3"
    slight = next(i for i, row in enumerate(cmp.differing) if not row.over)
    assert dialog.table.item(slight, 0).background().style() == Qt.BrushStyle.NoBrush
    dialog.only.setChecked(False)
    assert dialog.table.rowCount() == len(cmp.rows)
    # MAR against what was filed: nothing differs
    dialog.set_month("MAR")
    dialog.against.setCurrentIndex(dialog.against.findData("filed"))
    dialog.refresh()
    assert dialog.comparison.differing == []
    out = tmp_path / "cmp.csv"
    dialog.set_month("APR")
    assert dialog.export("csv", out)
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].startswith("code,line,label")
    assert dialog.export("pdf", tmp_path / "cmp.pdf")
    assert (tmp_path / "cmp.pdf").read_bytes().startswith(b"%PDF")
    dialog.close()


def test_the_audit_log_viewer_filters_and_exports(win, tmp_path, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    win.grid_a.set_text(win.grid_a.row_of("3840"), MONTHS.index("APR"), "5")
    win.after_edit()
    dialog = win.feature(CloseActions).show_audit()
    total = dialog.table.rowCount()
    assert total == len(win.doc.wb.audit)
    dialog.month.setCurrentText("APR")
    dialog.line.setText("23a")
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == "23a" and dialog.table.item(0, 7).text() == "5"
    dialog.line.setText("")
    dialog.month.setCurrentText("MAR")
    dialog.source.setCurrentText("file")
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "file"
    out = tmp_path / "audit.csv"
    assert dialog.export(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and ",file,MAR,status," in lines[1]
    assert not dialog.export(win.doc.path)  # never over the workbook
    assert "the workbook this output is made from" in warnings[0]
    dialog.close()


def test_the_as_filed_pdf_is_saved_byte_for_byte(win, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    out = tmp_path / "mar.pdf"
    assert win.feature(CloseActions).as_filed_pdf("MAR", out)
    assert out.read_bytes() == win.doc.wb.month_close("MAR").versions[0].pdf
    assert not win.feature(CloseActions).as_filed_pdf("APR", tmp_path / "apr.pdf")  # not filed


def test_start_next_year_and_the_firms_overview(win, tmp_path, monkeypatch):
    answers = iter([QMessageBox.StandardButton.No])  # "open it now?"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    target = tmp_path / "w 2026.focus"
    assert win.feature(CloseActions).start_next_year(target) == target
    new, _ = load(target)
    assert new.year == 2026 and new.firm.name == win.doc.wb.firm.name
    overview = win.feature(CloseActions).show_overview(tmp_path)
    table = overview.table
    assert table.rowCount() == 2
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    r = rows["w.focus"]
    assert table.item(r, 3).text() == "OCT" and table.item(r, 4).text() == "Draft"
    assert table.item(r, 7).text() == "OK" and "overdue" in table.item(r, 8).text()
    assert table.item(rows["w 2026.focus"], 3).text() == "nothing reported"
    overview.close()


def test_the_filing_menu_names_the_month_in_view(win):
    go_to(win, "JUN")
    win.feature(CloseActions).update_menu()
    assert win.feature(CloseActions).file_action.text() == "&File JUN…"
    assert win.feature(CloseActions).menu.title() == "F&iling"
