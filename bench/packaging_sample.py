"""A full twelve-month workbook for the benchmarks, built from the shipped sample."""

from __future__ import annotations

import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def full_year() -> dict:
    data = json.loads((ROOT / "resources" / "sample.json").read_text(encoding="utf-8"))
    months = data["months"]
    for src, dst in (("SEP", "NOV"), ("OCT", "DEC")):
        months[dst] = copy.deepcopy(months[src])
        months[dst]["items"].pop("3501", None)
    return data
