"""Regenerate the reference pictures of the printed form after a reviewed change.

    .venv/bin/python packaging/update_pdf_references.py [--check] [--show DIR]

Prints the test workbooks (tests/pdf_support.py: the sample, a draft with errors, and
twelve-digit amounts), renders the chosen pages with poppler (`pdftoppm -r 60 -gray`)
and writes them to tests/reference/pdf/. Look at the pages first (`--show DIR` also
writes them at 100 dpi to DIR) — the visual-regression test
(tests/formats/test_pdf_visual.py) then holds the form to these pictures. `--check` only
compares and reports, like the test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_support import (  # noqa: E402
    CASES,
    REFERENCE_DIR,
    compare_pictures,
    helvetica_substitute,
    poppler_missing,
    reference_path,
    render_pages,
    save_gray_png,
)

from focusdesk.formats.pdf import build_report, report_pdf  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare only; write nothing")
    ap.add_argument("--show", metavar="DIR", help="also write every page at 100 dpi to DIR")
    args = ap.parse_args()
    missing = poppler_missing()
    if missing:
        print(f"update_pdf_references: {missing}", file=sys.stderr)
        return 2
    print(f"Helvetica is drawn with: {helvetica_substitute() or 'unknown'}")
    REFERENCE_DIR.mkdir(parents=True, exist_ok=True)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in CASES:
            work = Path(tmp) / case.name
            work.mkdir()
            pdf = work / f"{case.name}.pdf"
            pdf.write_bytes(report_pdf(build_report(case.build(), case.options)))
            pictures = render_pages(pdf, work)
            if args.show:
                show = Path(args.show)
                show.mkdir(parents=True, exist_ok=True)
                big = work / "show"
                big.mkdir()
                for k, png in enumerate(render_pages(pdf, big, dpi=100), start=1):
                    shutil.copyfile(png, show / f"{case.name}-{k:02d}.png")
            for page in case.pages:
                actual, ref = pictures[page - 1], reference_path(case.name, page)
                if args.check:
                    diff = compare_pictures(actual, ref) if ref.exists() else None
                    ok = diff is not None and diff.ok
                    failures += not ok
                    print(f"{ref.name}: {'ok' if ok else 'CHANGED'} "
                          f"({diff if diff else 'no reference'})")
                else:
                    save_gray_png(actual, ref)
                    print(f"wrote {ref.relative_to(ROOT)} ({ref.stat().st_size:,} bytes)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
