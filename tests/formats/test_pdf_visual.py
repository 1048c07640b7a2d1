"""Visual regression of the printed form: each page, rendered by poppler at 60 dpi in
grayscale, against its reviewed reference picture in tests/reference/pdf/ — and the
print preview's drawing (QPainter) against the PDF's.

After a reviewed change of the layout, regenerate the pictures with
`packaging/update_pdf_references.py` (look at them first: `--show DIR`).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from pdf_support import (
    BLOCK,
    CASES,
    REFERENCE_DIR,
    compare_pictures,
    env_is_ci,
    gray_pixels,
    helvetica_substitute,
    poppler_missing,
    reference_path,
    render_pages,
    sample_workbook,
)

from focusdesk.formats.pdf import build_report, report_pdf

ROOT = Path(__file__).resolve().parents[2]
UPDATE = "packaging/update_pdf_references.py"


def need_renderer() -> None:
    why = poppler_missing()
    font = helvetica_substitute()
    if not why and "Nimbus Sans" not in font:
        # The PDF uses the standard (unembedded) Helvetica; the references were drawn
        # with URW's metric-identical Nimbus Sans (fonts-urw-base35), as CI installs.
        why = f"poppler would draw Helvetica with {font or 'an unknown font'}, " \
              "not Nimbus Sans (apt-get install fonts-urw-base35)"
    if why:
        if env_is_ci():
            pytest.fail(f"CI must render the references' way: {why}")
        pytest.skip(why)


def _render(case, tmp_path: Path) -> list[Path]:
    pdf = tmp_path / f"{case.name}.pdf"
    pdf.write_bytes(report_pdf(build_report(case.build(), case.options)))
    return render_pages(pdf, tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_pages_match_their_reviewed_pictures(case, tmp_path):
    need_renderer()
    pictures = _render(case, tmp_path)
    failures = []
    for page in case.pages:
        ref = reference_path(case.name, page)
        assert ref.exists(), f"{ref} is missing: run {UPDATE} after reviewing the pages"
        diff = compare_pictures(pictures[page - 1], ref)
        if not diff.ok:
            keep = tmp_path / f"actual-{ref.name}"
            shutil.copyfile(pictures[page - 1], keep)
            failures.append(f"{ref.name}: {diff} — the page as drawn now: {keep}")
    assert not failures, ("pages drifted from their references (if the change is "
                          f"intended and reviewed, run {UPDATE}):\n" + "\n".join(failures))


def test_every_reference_picture_belongs_to_a_case():
    expected = {reference_path(c.name, p).name for c in CASES for p in c.pages}
    assert {p.name for p in REFERENCE_DIR.glob("*.png")} == expected
    for path in REFERENCE_DIR.glob("*.png"):
        w, h, _ = gray_pixels(path)
        assert (w, h) == (510, 660)  # US Letter at 60 dpi
        assert path.stat().st_size < 80_000  # small: grayscale, low resolution


def test_one_changed_figure_fails_the_comparison(tmp_path):
    """The tolerance lets rendering noise through but not a changed digit."""
    need_renderer()
    wb = sample_workbook()
    wb.set_item("JAN", "1710", Decimal("1600000"))  # line 1, JAN: 1,500 → 1,600
    pdf = tmp_path / "changed.pdf"
    pdf.write_bytes(report_pdf(build_report(wb)))
    (tmp_path / "pages").mkdir()
    pictures = render_pages(pdf, tmp_path / "pages", first=1, last=2)
    changed = compare_pictures(pictures[0], reference_path("sample", 1))
    assert not changed.ok
    # found in the JAN column (258–313 pt: pixels 215–261 at 60 dpi), where the totals
    # that read line 1 changed with it
    assert 208 <= changed.worst_at[0] < 264
    assert compare_pictures(pictures[1], reference_path("sample", 2)).ok


def _block_means(path: Path) -> tuple[int, int, list[float]]:
    w, h, data = gray_pixels(path)
    means = []
    for by in range(0, h - BLOCK + 1, BLOCK):
        for bx in range(0, w - BLOCK + 1, BLOCK):
            total = sum(sum(data[y * w + bx:y * w + bx + BLOCK]) for y in range(by, by + BLOCK))
            means.append(total / (BLOCK * BLOCK))
    return w, h, means


@pytest.mark.parametrize("page", [1, 5])
def test_the_preview_draws_the_pdfs_page(qapp, tmp_path, page):
    """Print preview and printer pages (QPainter) against the PDF (poppler): the same
    drawing — text in the same places, the same rules — up to the fonts' rendering."""
    need_renderer()
    from focusdesk.gui.page_painter import page_image

    report = build_report(sample_workbook())
    qt = tmp_path / "qt.png"
    assert page_image(report.pages[page - 1], dpi=60).save(str(qt))
    pdf = tmp_path / "page.pdf"
    pdf.write_bytes(report_pdf(report))
    (tmp_path / "poppler").mkdir()
    poppler = render_pages(pdf, tmp_path / "poppler", first=page, last=page)[0]
    wq, hq, q = _block_means(qt)
    wp, hp, p = _block_means(poppler)
    assert (wq, hq) == (wp, hp)
    diffs = [abs(a - b) for a, b in zip(q, p, strict=True)]
    # Of 255, over 8 x 8 blocks: the same page differs by 1–2.7 on average and by at
    # most ~32 in a block (the fonts' anti-aliasing); the neighbouring page, or this
    # one moved by 3 pixels, by more than 50 in some block.
    assert sum(diffs) / len(diffs) < 3.0
    assert max(diffs) < 40
