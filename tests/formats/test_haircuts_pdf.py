"""The worksheets' supporting schedules printed after the form by ``focusdesk pdf``,
marked "not part of the form", read back with pypdf."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from support import run
from worksheets_support import ITEM_ROWS, ROWS, haircut_book, items_file, positions

from focusdesk.document.store import load
from focusdesk.worksheets.printing import NOT_PART, supporting_pages


def _texts(path) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


@pytest.fixture
def book(tmp_path) -> Path:
    """A 2026 workbook whose January line 17 is 1,000,000 (line 8 entered as equity)."""
    return haircut_book(tmp_path)


def test_supporting_schedules_follow_the_form(book, tmp_path):
    out = tmp_path / "form.pdf"
    assert run("pdf", book, "-o", out, "--months", "JAN").returncode == 0
    plain_pages = len(_texts(out))
    assert run("haircuts", book, positions(tmp_path, *ROWS), "--month", "JAN").returncode == 0
    assert run("reserve", book, items_file(tmp_path, *ITEM_ROWS), "--month",
               "JAN").returncode == 1  # line 28 blank: a deficiency
    proc = run("pdf", book, "-o", out, "--months", "JAN")
    assert proc.returncode == 0 and "2 supporting schedule" in proc.stdout
    texts = _texts(out)
    assert len(texts) == plain_pages + 2
    haircuts, reserve = texts[-2:]
    assert "NOT PART OF THE FORM" in haircuts and "52,500.00" in haircuts
    assert "(c)(2)(vii)" in haircuts and "Uncertain" in haircuts
    assert "Reserve formula" in reserve and "4,060,000.00" in reserve
    assert "Deficiency" in reserve
    # A month without worksheet inputs prints none.
    wb, _ = load(book)
    assert supporting_pages(wb, ("FEB",)) == []
    assert all(NOT_PART in p.title for p in supporting_pages(wb, ("JAN",)))
