"""Shared by the PDF tests and `packaging/update_pdf_references.py`: the workbooks the
printed form is checked on, poppler's text and pictures of a PDF, and the comparison of
page pictures.

Pictures are compared as 8-bit grayscale: a page passes when its mean absolute
difference from the reference is under 1 % and no 8 × 8 block holds more than a few
clearly changed pixels — one digit changed in one cell fails it, anti-aliasing noise
does not.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from focusdesk.document.store import load
from focusdesk.form.catalog import MONTHS, PART_I
from focusdesk.formats.pdf import PrintOptions
from focusdesk.model.workbook import Workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_FOCUS = ROOT / "resources" / "sample.focus"
REFERENCE_DIR = ROOT / "tests" / "reference" / "pdf"
REFERENCE_DPI = 60
BIG = Decimal("999999999999")  # twelve digits

# Visual comparison thresholds
MEAN_LIMIT = 1.0  # percent of full scale, over the page
PIXEL_CHANGED = 48  # a pixel differing by more than this (of 255) is changed
BLOCK = 8
BLOCK_LIMIT = 5  # an 8 × 8 block with more changed pixels than this is a change


# -- the workbooks -----------------------------------------------------------------------
def sample_workbook() -> Workbook:
    wb, _ = load(SAMPLE_FOCUS)
    return wb


def draft_workbook() -> Workbook:
    """The sample with two errors: a negative deduction from capital (7b) in MAR, and in
    JUN aggregate indebtedness far above 1500 % of net capital."""
    wb = sample_workbook()
    wb.set_item("MAR", "4274", Decimal("-5"))
    wb.set_item("JUN", "3840", Decimal("150000000"))
    return wb


def big_workbook() -> Workbook:
    """Every entered amount of every month $999,999,999,999 (counts too), long header
    fields: the widest figures the form can get."""
    wb = Workbook()
    wb.set_profile("firm.name", "Twelve-Digit Securities Incorporated of North America "
                   "Holdings LLC")
    wb.set_profile("firm.preparer", "Alexandra Worthington-Smythe, Chief Financial and "
                   "Operations Principal")
    wb.set_profile("firm.phone", "(212) 555-0199 ext. 12345")
    wb.set_profile("firm.id_no", "123456789012")
    wb.set_profile("firm.sec_file_no", "8-123456789")
    wb.set_profile("firm.address", "One World Financial Center, 200 Liberty Street, "
                   "Suite 4500, New York, NY 10281-1003")
    wb.set_profile("year", 2026)
    for month in MONTHS:
        for item in PART_I.input_items:
            wb.set_item(month, item.code, BIG)
        for line in PART_I.b_input_lines:
            for column in PART_I.b_columns:
                if line.takes(column):
                    wb.set_schedule_b(month, line.key, column, BIG)
        wb.set_answer(month, month != "MAR")
    return wb


@dataclass(frozen=True)
class Case:
    name: str
    build: object  # () -> Workbook
    options: PrintOptions
    pages: tuple[int, ...]  # the pages kept as reference pictures (1-based)


CASES = (
    Case("sample", sample_workbook, PrintOptions(), tuple(range(1, 10))),
    Case("draft", draft_workbook, PrintOptions(), (1, 10)),
    Case("big", big_workbook, PrintOptions(checks="never"), (1, 5, 6)),
)


def reference_path(case: str, page: int) -> Path:
    return REFERENCE_DIR / f"{case}-{page:02d}.png"


# -- poppler --------------------------------------------------------------------------------
def poppler_missing() -> str:
    """Why poppler cannot be used here ('' when it can)."""
    for tool in ("pdftoppm", "pdftotext"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install poppler-utils)"
    return ""


def helvetica_substitute() -> str:
    """The font poppler draws the PDF's (unembedded) Helvetica with."""
    if shutil.which("fc-match") is None:
        return ""
    proc = subprocess.run(["fc-match", "Helvetica"], capture_output=True, text=True)
    return proc.stdout.strip()


def render_pages(pdf: Path, out_dir: Path, dpi: int = REFERENCE_DPI,
                 first: int | None = None, last: int | None = None) -> list[Path]:
    """The pages of `pdf` as grayscale PNGs in `out_dir`, in page order."""
    args = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    subprocess.run([*args, str(pdf), str(out_dir / "page")], check=True)
    return sorted(out_dir.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


def pdf_words(pdf: Path) -> list[list[Word]]:
    """Every word of every page with its box (points, origin top-left), as poppler's
    pdftotext reads them; diagonal text (the DRAFT watermark) left out."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "words.html"
        subprocess.run(["pdftotext", "-bbox", "-nodiag", str(pdf), str(out)], check=True)
        text = out.read_text(encoding="utf-8")
    pages = []
    for chunk in text.split("<page ")[1:]:
        pages.append([Word(html.unescape(m.group(5)), *map(float, m.groups()[:4]))
                      for m in _WORD.finditer(chunk)])
    return pages


def pdf_text(pdf: Path, page: int | None = None, *, layout: bool = True) -> str:
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if page:
        args += ["-f", str(page), "-l", str(page)]
    proc = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def lines_of(words: list[Word], tolerance: float = 2.0) -> list[list[Word]]:
    """Words grouped into text lines by their vertical centre, top to bottom."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines and abs(lines[-1][0].cy - w.cy) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


# -- pictures -------------------------------------------------------------------------------
def gray_pixels(path: Path) -> tuple[int, int, bytes]:
    """(width, height, one byte per pixel) of a PNG, read with QImage."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise ValueError(f"{path} is not a readable image")
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    raw = bytes(image.constBits())
    data = b"".join(raw[y * stride:y * stride + w] for y in range(h))
    return w, h, data


def save_gray_png(source: Path, target: Path) -> None:
    """`source` re-encoded as an 8-bit grayscale PNG at the highest compression
    (pdftoppm writes RGB even with -gray): the reference pictures stay small."""
    from PySide6.QtGui import QImage

    image = QImage(str(source)).convertToFormat(QImage.Format.Format_Grayscale8)
    if not image.save(str(target), "PNG", 0):
        raise OSError(f"{target} could not be written")


@dataclass(frozen=True)
class Difference:
    mean_percent: float
    worst_block: int  # changed pixels in the worst 8 × 8 block
    worst_at: tuple[int, int]  # that block's top-left pixel
    size_mismatch: str = ""

    @property
    def ok(self) -> bool:
        return (not self.size_mismatch and self.mean_percent < MEAN_LIMIT
                and self.worst_block <= BLOCK_LIMIT)

    def __str__(self) -> str:
        if self.size_mismatch:
            return self.size_mismatch
        return (f"mean difference {self.mean_percent:.3f} % (limit {MEAN_LIMIT} %), "
                f"worst {BLOCK}x{BLOCK} block {self.worst_block} changed pixels at "
                f"{self.worst_at} (limit {BLOCK_LIMIT})")


_CHANGED = bytes(1 if i > PIXEL_CHANGED else 0 for i in range(256))


def compare_pictures(actual: Path, reference: Path) -> Difference:
    wa, ha, a = gray_pixels(actual)
    wr, hr, r = gray_pixels(reference)
    if (wa, ha) != (wr, hr):
        return Difference(100.0, BLOCK * BLOCK, (0, 0),
                          f"size {wa}x{ha} differs from the reference's {wr}x{hr}")
    diff = bytes(abs(x - y) for x, y in zip(a, r, strict=True))
    mean = sum(diff) / (len(diff) * 255) * 100
    changed = diff.translate(_CHANGED)
    worst, at = 0, (0, 0)
    if any(changed):
        for by in range(0, ha, BLOCK):
            rows = [changed[y * wa:(y + 1) * wa] for y in range(by, min(by + BLOCK, ha))]
            if not any(any(row) for row in rows):
                continue
            for bx in range(0, wa, BLOCK):
                n = sum(sum(row[bx:bx + BLOCK]) for row in rows)
                if n > worst:
                    worst, at = n, (bx, by)
    return Difference(mean, worst, at)


def env_is_ci() -> bool:
    return bool(os.environ.get("CI"))
