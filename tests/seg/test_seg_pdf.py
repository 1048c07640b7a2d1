"""The statements printed in their WinJammer layout, read back with poppler and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from focusdesk.seg.footing import check
from focusdesk.seg.printing import (
    figure_text,
    statement_pages,
    statements_pdf,
    write_statements_pdf,
)
from focusdesk.seg.reader import read_filing, read_filing_file
from focusdesk.seg.statements import STATEMENTS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = FIXTURES / "000_f78615206c38f945.txt"
SCRAMBLED = FIXTURES / "001_709a681e187ed0f2.txt"

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils (pdftotext) is not installed")


def pdftotext(path: Path, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-layout", *extra, str(path), "-"], check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout


def test_figures_as_winjammer_prints_them():
    from decimal import Decimal

    assert figure_text(Decimal("-1276694")) == "-1,276,694"
    assert figure_text(Decimal(0)) == "0"
    assert figure_text(Decimal("5075450.07")) == "5,075,450.07"
    assert figure_text(None) == ""


def test_pages_cover_page_then_statements_each_with_its_title():
    filing, _ = read_filing_file(TIDY)
    pages = statement_pages(filing)
    titles = [p.title for p in pages]
    assert titles[0] == "Daily Segregation - Cover Page"
    # Secured Amounts takes two pages (its line 9 cites "Secured Statement Page 1").
    assert titles[1:] == ["Daily Segregation - Secured Amounts"] * 2 + [
        "Daily Segregation - Segregation Statement", "Daily Segregation - Swaps Statement"]
    for page in pages:
        assert all(t.left >= 0 and t.right <= page.width + 0.01 for t in page.texts())


def test_the_same_filing_prints_the_same_bytes():
    filing, _ = read_filing_file(SCRAMBLED)
    assert statements_pdf(filing) == statements_pdf(read_filing_file(SCRAMBLED)[0])


@needs_poppler
@pytest.mark.parametrize("seed", [TIDY, SCRAMBLED], ids=["tidy", "scrambled"])
def test_every_code_and_amount_reads_back_with_pdftotext(tmp_path, seed):
    filing, _ = read_filing_file(seed)
    path = tmp_path / "statements.pdf"
    write_statements_pdf(filing, path)
    text = pdftotext(path)
    for code, value in filing.values.items():
        assert re.search(rf"{re.escape(figure_text(value))}\s+\[{code}\]", text), code
    for st in STATEMENTS:
        assert st.title in text
    assert filing.header.firm in text and "End Date: " + \
        filing.header.end_date.strftime("%m/%d/%Y") in text
    # every statement line's label is printed (its first words at least)
    for st in STATEMENTS:
        for row in st.rows:
            assert " ".join(row.label.split()[:3]) in " ".join(text.split()), row.label


@needs_poppler
def test_an_absent_code_and_a_total_that_does_not_foot_are_marked(tmp_path):
    raw = TIDY.read_text(encoding="utf-8").replace("17,547,499", "17,547,500")
    filing = read_filing(raw.encode(), "altered.txt")
    path = tmp_path / "altered.pdf"
    write_statements_pdf(filing, path, check(filing))
    text = pdftotext(path)
    assert re.search(r"17,547,500\*\s+\[7770\]", text)
    assert "* Code 7770 does not foot: reported 17,547,500, its label makes it 17,547,499." \
        in text
    scrambled = pdftotext(_written(tmp_path, SCRAMBLED))
    assert "(not in the filing)" in scrambled
    assert "Code 8715 is not in the filing (counted as zero in the footing)." in scrambled
    assert "[8715]" not in scrambled  # no code printed as if it had been filed


def _written(tmp_path: Path, seed: Path) -> Path:
    path = tmp_path / f"{seed.stem}.pdf"
    write_statements_pdf(read_filing_file(seed)[0], path)
    return path


@pytest.mark.parametrize("seed", [TIDY, SCRAMBLED], ids=["tidy", "scrambled"])
def test_the_printed_filing_reads_back_as_the_filing(tmp_path, seed):
    """FocusDesk's own PDF through pypdf: the same header, targets and every figure."""
    pytest.importorskip("pypdf")
    filing, _ = read_filing_file(seed)
    again = read_filing(_written(tmp_path, seed).read_bytes(), "printed.pdf")
    assert again.kind == "pdf"
    assert again.values == filing.values
    assert again.header == filing.header and again.targets == filing.targets
    assert again.notes == ()
    assert check(again).status == "foots"


def test_a_failed_write_leaves_no_file(tmp_path):
    filing, _ = read_filing_file(TIDY)
    with pytest.raises(OSError):
        write_statements_pdf(filing, tmp_path / "missing-folder" / "x.pdf")
    assert list(tmp_path.iterdir()) == []
