"""Benchmark: printing the full year to PDF, against LibreOffice printing the same
workbook's Excel export (not a timed test).

    .venv/bin/python bench/bench_pdf.py [--repeat N] [--lo-repeat N]

A full year is the sample workbook's ten months plus NOV and DEC filled the same way
(bench/packaging_sample.py). Three figures, each a median:

* FocusDesk in process — lay out all nine sheets from the workbook (the engine's $000
  view and the checks included) and write the PDF to memory;
* the `focusdesk pdf` command — a new process, from start to the PDF on disk;
* LibreOffice — `soffice --headless --convert-to pdf` of the workbook's .xlsx export
  ($000 view; focusdesk.formats.xlsx.export, or a plain openpyxl sheet of the same figures when
  that exporter is not installed), a new process each time, with a warmed-up private
  profile (the first run, which creates the profile, is not counted).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packaging_sample import full_year

from focusdesk.calculation.engine import compute
from focusdesk.formats.jsonio import workbook_from_json
from focusdesk.formats.pdf import build_report, report_pdf

ROOT = Path(__file__).resolve().parents[1]


def _median_ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1e3:,.0f} ms (min {min(times) * 1e3:,.0f} ms, " \
           f"{len(times)} runs)"


def write_xlsx_of(wb, path: Path) -> str:
    """The workbook's Excel export in $000; says which writer made it."""
    try:
        from focusdesk.formats.xlsx.export import write_xlsx
    except ImportError:
        write_xlsx = None
    if write_xlsx is not None:
        write_xlsx(wb, path, "thousands")
        return "focusdesk.formats.xlsx.export ($000 view)"
    # Fallback: the same figures on two plain sheets, one row per line, one column per
    # month.
    from openpyxl import Workbook as XBook

    comp = compute(wb, "thousands")
    book = XBook()
    ws = book.active
    ws.title = "Schedule A"
    ws.append(["Line", "Label", "Item", *comp.months])
    for item in wb.form.schedule_a:
        if item.printed:
            ws.append([item.line, item.label, item.code or "",
                       *[(None if item.code is None else comp.months[m].values.get(item.code))
                         for m in comp.months]])
    wsb = book.create_sheet("Schedule B")
    for month, res in comp.months.items():
        for key, row in res.schedule_b.items():
            wsb.append([month, key, *row.values()])
    book.save(path)
    return "a plain openpyxl sheet of the $000 figures"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=20, help="in-process runs")
    ap.add_argument("--cli-repeat", type=int, default=5, help="`focusdesk pdf` runs")
    ap.add_argument("--lo-repeat", type=int, default=3, help="LibreOffice runs")
    args = ap.parse_args()
    data = full_year()
    wb = workbook_from_json(data)
    report = build_report(wb)  # warm-up: imports, font metrics
    pdf = report_pdf(report)
    n_inputs = sum(len(m) for m in wb.items.values()) + sum(
        len(m) for m in wb.schedule_b.values())
    print(f"full-year workbook: 12 months, {n_inputs} entered values")

    inproc = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report_pdf(build_report(wb))
        inproc.append(time.perf_counter() - t0)
    print(f"FocusDesk, in process: {len(report.pages)} pages, {len(pdf) / 1024:.0f} KiB — "
          f"{_median_ms(inproc)}")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = work / "full-year.json"
        source.write_text(json.dumps(data), encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        cli = []
        for _ in range(args.cli_repeat):
            out = work / "cli.pdf"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "focusdesk", "pdf", str(source), "-o",
                            str(out)], check=True, capture_output=True, env=env)
            cli.append(time.perf_counter() - t0)
        print(f"FocusDesk, `focusdesk pdf` command (new process): {_median_ms(cli)}")

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice: not installed (apt-get install libreoffice-calc-nogui); "
                  "no comparison")
            return
        xlsx = work / "full-year.xlsx"
        made_by = write_xlsx_of(wb, xlsx)
        profile = (work / "lo-profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(work / "lo"), str(xlsx)]
        subprocess.run(command, check=True, capture_output=True, timeout=600)  # profile
        lo = []
        for _ in range(args.lo_repeat):
            t0 = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, timeout=600)
            lo.append(time.perf_counter() - t0)
        lo_pdf = (work / "lo" / "full-year.pdf").read_bytes()
        pages = lo_pdf.count(b"/Type/Page") - lo_pdf.count(b"/Type/Pages") or "?"
        print(f"LibreOffice headless --convert-to pdf of the .xlsx export ({made_by}): "
              f"{pages} pages — {_median_ms(lo)}")
        ratio_cli = statistics.median(cli) / statistics.median(lo)
        ratio_in = statistics.median(inproc) / statistics.median(lo)
        print(f"FocusDesk / LibreOffice: command {ratio_cli:.1%}, in process {ratio_in:.1%} "
              "of LibreOffice's time (goal: under 25 %)")


if __name__ == "__main__":
    main()
