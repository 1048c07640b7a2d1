"""Command-line start-up benchmark: `focusdesk --version` and `focusdesk -h` against
`python -c pass`, each as a new process, taking turns over `--repeat` rounds.

    .venv/bin/python bench/bench_cli.py [--repeat 15]

The aim (issue 16): `focusdesk --version` within 5x `python -c pass`. The parser is built
from the declarations in `focusdesk.commands` and a command's module is imported only
when it runs, so neither `--version` nor `-h` imports the engine, the store or a reader.
Prints each program's median and the median of the round-by-round ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def run_once(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    focusdesk = str(BIN / "focusdesk")
    programs = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "focusdesk --version": [focusdesk, "--version"],
        "focusdesk -h": [focusdesk, "-h"],
    }
    for cmd in programs.values():  # warm the file cache
        run_once(cmd)
    times: dict[str, list[float]] = {name: [] for name in programs}
    for _ in range(args.repeat):
        for name, cmd in programs.items():
            times[name].append(run_once(cmd))
    base = times["python -c pass"]
    for name, values in times.items():
        ratios = [v / b for v, b in zip(values, base, strict=True)]
        print(f"{name:22} {statistics.median(values) * 1000:7.1f} ms median   "
              f"{statistics.median(ratios):5.2f}x python -c pass (round by round)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
