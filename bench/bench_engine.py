"""Benchmark: the engine's time for a full-year recalculation (not a timed test).

    .venv/bin/python bench/bench_engine.py [--repeat N]

A full year is the sample workbook's ten months plus NOV and DEC filled the same way:
every Schedule A input and every Schedule B cell of all twelve months. One
recalculation computes the dollar view with every check, and the $000 view.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from packaging_sample import full_year

from focusdesk.calculation.engine import compute
from focusdesk.formats.jsonio import workbook_from_json


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    wb = workbook_from_json(full_year())
    compute(wb)  # warm-up: imports, caches
    dollars, both = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        compute(wb, "dollars")
        t1 = time.perf_counter()
        compute(wb, "thousands")
        t2 = time.perf_counter()
        dollars.append(t1 - t0)
        both.append(t2 - t0)
    n_inputs = sum(len(m) for m in wb.items.values()) + sum(
        len(m) for m in wb.schedule_b.values())
    print(f"full-year workbook: 12 months, {n_inputs} entered values")
    print(f"recalculation, dollars + checks: median {statistics.median(dollars) * 1e3:.2f} ms")
    print(f"recalculation, dollars + $000 view: median {statistics.median(both) * 1e3:.2f} ms "
          f"(min {min(both) * 1e3:.2f} ms, {args.repeat} runs)")


if __name__ == "__main__":
    main()
