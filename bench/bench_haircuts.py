"""Haircuts benchmark: 10,000 positions across every category of the (c)(2)(vi) schedule.

    .venv/bin/python bench/bench_haircuts.py [--positions 10000] [--repeat 9]

Times `focusdesk.worksheets.haircuts.compute` — bands by maturity, the pools, the (A)
offset, (J), (M) on tentative net capital, the shares to the cent — on positions built
in memory (no file read), and separately the positions file read (CSV) into positions.
Prints the medians. The aim: 10,000 positions computed in under 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from focusdesk.worksheets.haircuts import SCHEDULE, Position, compute
from focusdesk.worksheets.inputs import read_positions

AS_OF = date(2026, 1, 31)


def make_positions(n: int) -> list[Position]:
    out = []
    names = [c.name for c in SCHEDULE]
    for i in range(n):
        cat = names[i % len(names)]
        value = Decimal(1000 + (i * 7919) % 2_000_000) + Decimal(i % 100) / 100
        if cat != "no-ready-market" and i % 3 == 0:
            value = -value
        maturity = AS_OF + timedelta(days=1 + (i * 37) % (30 * 365))
        if cat == "municipal-short":
            maturity = AS_OF + timedelta(days=1 + (i * 37) % 731)
        out.append(Position(
            id=f"P{i:06d}", description=f"Security {i}", category=cat, maturity=maturity,
            market_value=value, issuer=f"Issuer {i % 700}", quantity=Decimal(100 + i % 900),
            market_makers=1 + i % 4 if cat == "limited-market" else None,
            principal=Decimal(1_000_000) if cat == "convertible-debt" else None))
    return out


def write_csv(path: Path, positions: list[Position]) -> None:
    lines = ["id,description,category,maturity,market_value,issuer,quantity,market_makers,"
             "principal"]
    for p in positions:
        lines.append(",".join([p.id, p.description, p.category, p.maturity.isoformat()
                               if p.maturity else "", str(p.market_value), p.issuer,
                               str(p.quantity or ""), str(p.market_makers or ""),
                               str(p.principal or "")]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--positions", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()
    positions = make_positions(args.positions)
    compute(positions, AS_OF, Decimal(50_000_000))  # warm up
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        result = compute(positions, AS_OF, Decimal(50_000_000))
        times.append(time.perf_counter() - t)
    print(f"compute, {args.positions:,} positions: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f} ms); line 18 {result.haircuts:,}, "
          f"{len(result.concentrations)} class(es) under (M)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "positions.csv"
        write_csv(path, positions)
        reads = []
        for _ in range(max(3, args.repeat // 3)):
            t = time.perf_counter()
            got, _ = read_positions(path)
            reads.append(time.perf_counter() - t)
        assert len(got) == len(positions)
        print(f"read the CSV into positions: median {statistics.median(reads) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
