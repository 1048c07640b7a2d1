"""Bring the Getting Started guide's checks table up to date with the README's.

    .venv/bin/python packaging/make_guide.py [--check]

The README's "The checks" table (rule, threshold, severity, what to do) is the source;
resources/getting_started.md, shipped with the app (Help ▸ Getting Started), carries a
copy between two markers. `--check` only says whether the copy is current (the test
suite does the same: tests/gui/test_desk_gui.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GUIDE = ROOT / "resources" / "getting_started.md"
BEGIN = "<!-- the checks table, from README.md (packaging/make_guide.py) -->"
END = "<!-- end of the checks table -->"


def readme_checks_table(text: str) -> str:
    """The table under the README's "### The checks" heading."""
    section = text.split("\n### The checks\n", 1)[1]
    match = re.search(r"^\| check \|.*?(?=\n(?!\|))", section, re.S | re.M)
    if match is None:
        raise SystemExit("README.md: no table under '### The checks'")
    return match.group(0).strip() + "\n"


def updated(guide: str, table: str) -> str:
    before, rest = guide.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return f"{before}{BEGIN}\n{table}{END}{after}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    guide = GUIDE.read_text(encoding="utf-8")
    new = updated(guide, readme_checks_table(README.read_text(encoding="utf-8")))
    if new == guide:
        print(f"{GUIDE.relative_to(ROOT)} is up to date.")
        return 0
    if args.check:
        print(f"{GUIDE.relative_to(ROOT)}: the checks table differs from README.md's; "
              "run packaging/make_guide.py")
        return 1
    GUIDE.write_text(new, encoding="utf-8")
    print(f"Updated {GUIDE.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
