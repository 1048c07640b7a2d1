"""Benchmark: the Excel export of a full year (not a timed test).

    .venv/bin/python bench/bench_xlsx.py [--repeat N]

A full year is the sample workbook's ten months plus NOV and DEC filled the same way
(bench/packaging_sample.py). One export builds the four sheets with every formula and
writes the .xlsx to memory; the figure is the median of N runs, in dollars and in $000.
The import of the dollar export is timed too.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packaging_sample import full_year

from focusdesk.formats.jsonio import workbook_from_json
from focusdesk.formats.xlsx.export import write_xlsx
from focusdesk.formats.xlsx.importer import read_xlsx


def _export(wb, units: str) -> bytes:
    buf = io.BytesIO()
    write_xlsx(wb, buf, units)  # type: ignore[arg-type]
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    wb = workbook_from_json(full_year())
    data = _export(wb, "dollars")  # warm-up: imports, caches
    read_xlsx(data)
    timings: dict[str, list[float]] = {"dollars": [], "thousands": [], "import": []}
    for _ in range(args.repeat):
        for units in ("dollars", "thousands"):
            t0 = time.perf_counter()
            _export(wb, units)
            timings[units].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        read_xlsx(data)
        timings["import"].append(time.perf_counter() - t0)
    n_inputs = sum(len(m) for m in wb.items.values()) + sum(
        len(m) for m in wb.schedule_b.values())
    print(f"full-year workbook: 12 months, {n_inputs} entered values, "
          f"{len(data) / 1024:.0f} KiB as .xlsx")
    for key, label in (("dollars", "export, dollars"), ("thousands", "export, $000 view"),
                       ("import", "import of the dollar export")):
        t = timings[key]
        print(f"{label}: median {statistics.median(t) * 1e3:.0f} ms "
              f"(min {min(t) * 1e3:.0f} ms, {args.repeat} runs)")


if __name__ == "__main__":
    main()
