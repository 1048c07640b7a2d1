"""What reading spreadsheets in a child process costs: the 100,000-row trial balance.

    .venv/bin/python bench/bench_readers.py [--rows 100000] [--repeat 9]

The file is bench_tb.py's (2.1 MB xlsx). Each round, in turn (a slow spell of a shared
machine falls on all alike):

* ``calamine process`` — a bare python-calamine read of the sheet as a new process
  (``python -c``: start, import, ``to_python``) — issue 17's yardstick;
* ``open, in process`` / ``open, child`` — `focusdesk.tb.reader.open_spreadsheet`
  (zip checks, SHA-256, the read) with calamine in this process, and in the child
  process FocusDesk uses (`focusdesk.formats.spreadsheets.reader`);
* ``import-tb, in process`` / ``import-tb, child`` — the whole ``focusdesk import-tb``
  command as a new process, into a fresh copy of a workbook, each way.

Prints the medians of wall time and of CPU time (this process and its children; the
steadier measure on a shared machine), each against the bare calamine process round by
round, and what the child costs over calamine in this process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_tb import MAPPING, make_file  # noqa: E402

BARE = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_name(book.sheet_names[0]).to_python(skip_empty_area=False)
print(len(rows))
"""

IMPORT = """
import sys
import focusdesk.formats.spreadsheets.reader
focusdesk.formats.spreadsheets.reader.IN_PROCESS = sys.argv[1] == "in-process"
from focusdesk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def cpu() -> float:
    """CPU seconds spent so far by this process and the children it waited for: on a
    shared machine the steadier measure (another program's load stretches wall time)."""
    import resource

    own, children = (resource.getrusage(resource.RUSAGE_SELF),
                     resource.getrusage(resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(fn, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one call."""
    start, start_cpu = time.perf_counter(), cpu()
    fn(*args)
    return time.perf_counter() - start, cpu() - start_cpu


def run(*argv: str) -> None:
    proc = subprocess.run([sys.executable, *argv], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:2]} failed: {proc.stderr.strip()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    import focusdesk.formats.spreadsheets.reader as spreadsheets
    from focusdesk.tb.reader import open_spreadsheet

    def open_with(in_process: bool, path: Path) -> None:
        spreadsheets.IN_PROCESS = in_process
        try:
            open_spreadsheet(path)
        finally:
            spreadsheets.IN_PROCESS = False

    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        path = tmp / "tb.xlsx"
        make_file(path, args.rows)
        mapping = tmp / "map.csv"
        mapping.write_text("account,item\n" + "".join(f"{a},{i}\n" for a, i in MAPPING),
                           encoding="utf-8")
        blank = tmp / "blank.focus"
        run("-m", "focusdesk", "new", str(blank), "--firm", "Bench", "--year", "2025")

        def import_tb(mode: str) -> None:
            target = tmp / f"{mode}.focus"
            shutil.copyfile(blank, target)
            run("-c", IMPORT, mode, "import-tb", str(target), str(path), "--month", "JAN",
                "--mapping", str(mapping))

        programs = {
            "calamine process": lambda: run("-c", BARE, str(path)),
            "open, in process": lambda: open_with(True, path),
            "open, child": lambda: open_with(False, path),
            "import-tb, in process": lambda: import_tb("in-process"),
            "import-tb, child": lambda: import_tb("child"),
        }
        for fn in programs.values():
            fn()  # warm up (file cache, .pyc)
        times: dict[str, list[float]] = {name: [] for name in programs}
        cpus: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(args.repeat):
            for name, fn in programs.items():
                wall, used = timed(fn)
                times[name].append(wall)
                cpus[name].append(used)
        base, base_cpu = times["calamine process"], cpus["calamine process"]
        for name, ts in times.items():
            paired = statistics.median(t / b for t, b in zip(ts, base, strict=True))
            paired_cpu = statistics.median(c / b for c, b in zip(cpus[name], base_cpu,
                                                                 strict=True))
            print(f"{name:<24} wall median {statistics.median(ts):6.3f} s (best {min(ts):.3f}) "
                  f"{paired:5.2f}x | CPU median {statistics.median(cpus[name]):6.3f} s "
                  f"{paired_cpu:5.2f}x the calamine process, round by round")
        for a, b in (("open, child", "open, in process"),
                     ("import-tb, child", "import-tb, in process")):
            extra = statistics.median(x - y for x, y in zip(times[a], times[b], strict=True))
            extra_cpu = statistics.median(x - y for x, y in zip(cpus[a], cpus[b], strict=True))
            print(f"{a} − {b}: wall median {extra * 1000:+.0f} ms, CPU {extra_cpu * 1000:+.0f} ms")

if __name__ == "__main__":
    main()
