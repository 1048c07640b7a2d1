"""Trial-balance import benchmark: a 100,000-row xlsx trial balance.

    .venv/bin/python bench/bench_tb.py [--rows 100000] [--repeat 9] [--profile]

Generates the file once (openpyxl write-only: title rows, a header on row 4, account
numbers as numbers and as text, debit and credit columns), then times, over `--repeat`
rounds in which the programs take turns (a slow spell of a shared machine falls on all
alike), the medians and the round-by-round ratios:

* **as new processes** (what the aim is about): ``focusdesk import-tb`` of the file into
  a fresh copy of an empty workbook — start-up, imports, reading, detection, parsing,
  mapping, roll-up, storing, the summary printed — against a bare python-calamine read of
  the same file in a new ``python -c`` process;
* in this process: the bare python-calamine read of the sheet (``to_python``), the full
  FocusDesk import (open and check the file, detect, parse every amount, map, roll up,
  store into a .focus workbook: one SQLite transaction), and a plain openpyxl read-only
  pass over every cell (three rounds: it is twelve times slower).

The aim: ``import-tb`` as a new process within 2x the bare calamine read as a new
process.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_file(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Trial Balance")
    ws.append(["Big Broker-Dealer LLC"])
    ws.append(["Trial balance, year to date"])
    ws.append([])
    ws.append(["Account", "Description", "Debit", "Credit"])
    total = 0
    for i in range(rows - 1):
        major = 1000 + (i % 8000)
        account: object = major if i % 3 else f"{major}-{i // 8000:03d}"
        amount = round(((i * 7919) % 1_000_000) / 100 + 1, 2)
        if i % 2:
            ws.append([account, f"Account {i}", amount, None])
            total += round(amount * 100)
        else:
            ws.append([account, f"Account {i}", None, amount])
            total -= round(amount * 100)
    # one balancing line, so the trial balance balances
    ws.append([9999, "Balancing", None if total > 0 else -total / 100,
               total / 100 if total > 0 else None])
    wb.save(path)


MAPPING = [("1000-1999", "38"), ("2000-2999", "23a"), ("3*", "13"), ("4*", "5b"),
           ("5*", "5c"), ("6000-6999", "37a"), ("7*", "39b"), ("8*", "15")]


def bare_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    return len(rows)


def openpyxl_pass(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        n += len(row)
    wb.close()
    return n


def focusdesk_import(path: Path, tmp: Path) -> int:
    from focusdesk.document.store import save
    from focusdesk.model.workbook import MappingRow, Workbook
    from focusdesk.tb.importer import apply, prepare

    wb = Workbook()
    preview = prepare(wb, path, "JAN", mapping_rows=[MappingRow(a, i) for a, i in MAPPING])
    apply(wb, preview)
    target = tmp / f"bench-{time.perf_counter_ns()}.focus"
    save(wb, target)
    return len(preview.table.rows)


BARE_READ = ("from python_calamine import CalamineWorkbook\n"
             "book = CalamineWorkbook.from_path({path!r})\n"
             "rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()\n"
             "print(len(rows))\n")


# The `focusdesk` command as installed beside this Python (the console script a controller
# runs), else the package run as a module.
_SCRIPT = Path(sys.executable).with_name("focusdesk.exe" if sys.platform == "win32"
                                         else "focusdesk")
FOCUSDESK = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "focusdesk"]
# The processes run as an installed FocusDesk does, from compiled modules: without this, an
# environment with PYTHONDONTWRITEBYTECODE set compiles every module from source at every
# start (a quarter of a second more, nothing a controller's installation pays).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def calamine_process(path: Path) -> None:
    """The bare python-calamine read as a new process."""
    subprocess.run([sys.executable, "-c", BARE_READ.format(path=str(path))], check=True,
                   stdout=subprocess.DEVNULL, env=ENV)


def import_tb_process(path: Path, mapping: Path, empty: Path, tmp: Path) -> None:
    """``focusdesk import-tb`` as a new process, into a fresh copy of an empty workbook
    (how a controller runs it, and what the aim is measured on)."""
    target = tmp / f"process-{time.perf_counter_ns()}.focus"
    shutil.copyfile(empty, target)
    subprocess.run([*FOCUSDESK, "import-tb", str(target), str(path), "--month", "JAN",
                    "--mapping", str(mapping)], check=True, stdout=subprocess.DEVNULL, env=ENV)
    target.unlink()


def rounds(fns: dict[str, tuple], repeat: int) -> dict[str, list[float]]:  # type: ignore[type-arg]
    """Each program once a round, taking turns (a slow spell of a shared machine falls on
    all of them alike); `repeat` rounds."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, (fn, *args) in fns.items():
            start = time.perf_counter()
            fn(*args)
            times[name].append(time.perf_counter() - start)
    return times


def report(times: dict[str, list[float]], base_name: str, names: list[str], ours: str,
           ratio: str, repeat: int, aim: str = "") -> None:
    """Each program's median against `base_name`'s, then `ours` against it round by round."""
    base = statistics.median(times[base_name])
    for name in names:
        t = statistics.median(times[name])
        print(f"{name:<55} median {t:6.3f} s (best {min(times[name]):.3f})  "
              f"{t / base:5.2f}x")
    paired = [o / c for o, c in zip(times[ours], times[base_name], strict=True)]
    print(f"{ratio}, round by round: median {statistics.median(paired):.2f}x (from "
          f"{min(paired):.2f}x to {max(paired):.2f}x, {repeat} rounds{aim})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--profile", action="store_true", help="profile one FocusDesk import")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        path = tmp / "tb.xlsx"
        start = time.perf_counter()
        make_file(path, args.rows)
        print(f"generated {args.rows:,} rows ({path.stat().st_size / 2**20:.1f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
        assert focusdesk_import(path, tmp) == args.rows  # warm up, and check
        mapping, empty = tmp / "mapping.csv", tmp / "empty.focus"
        mapping.write_text("account,item\n" + "".join(f"{a},{i}\n" for a, i in MAPPING),
                           encoding="utf-8")
        from focusdesk.document.store import save
        from focusdesk.model.workbook import Workbook

        save(Workbook(), empty)
        bare_p, ours_p = "python-calamine read, new process", "focusdesk import-tb, new process"
        import_tb_process(path, mapping, empty, tmp)  # warm up (compiled modules)
        times = rounds({bare_p: (calamine_process, path),
                        ours_p: (import_tb_process, path, mapping, empty, tmp)}, args.repeat)
        report(times, bare_p, [bare_p, ours_p], ours_p,
               "import-tb process / calamine process", args.repeat, "; aim 2x")
        calamine, ours = "python-calamine read", \
            "FocusDesk import (detect, parse, map, roll up, store)"
        times = rounds({calamine: (bare_calamine, path), ours: (focusdesk_import, path, tmp)},
                       args.repeat)
        times["openpyxl read-only pass"] = rounds(
            {"openpyxl": (openpyxl_pass, path)}, min(args.repeat, 3))["openpyxl"]
        report(times, calamine, [calamine, "openpyxl read-only pass", ours], ours,
               "FocusDesk import / calamine read", args.repeat)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            focusdesk_import(path, tmp)
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
