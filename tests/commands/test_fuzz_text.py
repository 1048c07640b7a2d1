"""Bounded fuzz of FocusDesk's TEXT inputs (issue 15), through the real commands as
processes: trial-balance CSVs (`import-tb`), mapping CSVs (`mapping-import`) and
workbook JSON (`import-json`, `compute`).

A few hundred inputs, generated here from valid seeds by a fixed-seed mutator (hostile
tokens — formulas, other digits, lone surrogates, huge numbers, ANSI escapes, a key given
twice, byte-order marks — spliced in, spans deleted, repeated, truncated, bytes flipped,
the whole re-encoded as UTF-16 or cut at an odd byte). Every run must end in exit 0, 1
or 2 with at most one line on stderr, no traceback and no "internal error"; a run that
fails leaves the workbook byte for byte as it was, and no lock behind. (The binary
containers — xlsx, ods, xls, pdf — have their own fuzz test.)
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from focusdesk.document.lock import lock_path
from focusdesk.document.store import save
from focusdesk.model.workbook import MappingRow, Workbook

ROOT = Path(__file__).resolve().parents[2]
SEED = 15  # the number: the same inputs on every run
RUNS = {"tb": 110, "mapping": 50, "json": 90, "compute": 30}  # 280 processes

# Spliced into the seeds: what a hostile or damaged file carries.
HOSTILE = [
    "=cmd|' /C calc'!A0", '=HYPERLINK("http://x.invalid","y")', "+1+1", "@SUM(A1)", "-2-3",
    "١٢٣٤", "١٢٣", "１２３", "１,２３４.５６", "٫", "1e999999999", "1E+999999999", "9" * 400,
    "9" * 5000, "0." + "0" * 300 + "1", "NaN", "Infinity", "-Infinity", "1e308", "inf",
    "\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\u202e", "\u2028", "\ufeff", "\x00", "\r",
    "\n", "\r\n", "\t", '"', '""', ",", ";", "|", "'", "(", ")", "-", "--", "$", "CR", "DR",
    "Cr.", "TOTAL", "Total assets", "Account", "Balance", "Debit", "Credit", "\\", "é", "東",
    "\ud800", "\udfff", "\U0001f600", "1,2,3", "1.005", "()", "(-1)", "1-", "12*", "*",
    "1010-1099", "2010..2199", "23a", "3840", "line 8", "A" * 300,
    "12.5", "(1,234.00)", "$1,000", "  7  ", "0", "Acme & Co. <b>", "",  # and some that fit
]
JSON_TOKENS = [
    "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\u001b[31m", '"months":{}',
    '"months":{"JAN":{}},', '"firm":{"name":"x"},', '"3950":"1",', '"method":{"a":1},',
    '"method":["alternative"],', '"year":"٢٠٢٥",', '"year":1e999999999,', "[" * 3000,
    "{" * 3000, "]", "}", ":", "null", "true", "false", "1e400", "-0", "0.000001",
    '"JAN"', '"FEB"', '"units":"dollars",', '"units":"thousands",', '"sources":0,',
    '"schedule_b_answer":[],', '"A":1,"A":2', '"' + "9" * 2000 + '"', "9" * 10_000,
]


@dataclass(frozen=True)
class Case:
    kind: str  # "tb", "mapping", "json", "compute"
    n: int
    data: bytes


def _tb_seed() -> str:
    lines = ["Trial Balance — Acme Securities", "As of 01/31/2025", "",
             "Account,Description,Debit,Credit"]
    for n in range(12):
        amount = f"{(n + 1) * 1234.5:,.2f}"
        side = (f'"{amount}",' if n % 3 else f',"{amount}"')
        lines.append(f"{1010 + 10 * n},Account {n} description,{side}")
    lines.append("2010,Payable to customers,,\"(5,000.00)\"")
    lines.append("Total,,\"99,999.00\",\"99,999.00\"")
    return "\r\n".join(lines) + "\r\n"


def _mapping_seed() -> str:
    return ("account,item,sign,note\r\n1010-1099,38,,cash\r\n11*,3840,Cr,\r\n"
            "2010,23a,-,payables\r\n12*,750,+,\r\n'=1,3540,,\r\n")


def _json_seed() -> str:
    doc = json.loads((ROOT / "resources" / "sample.json").read_text(encoding="utf-8"))
    doc["months"] = {m: doc["months"][m] for m in ("JAN", "FEB")}
    return json.dumps(doc, separators=(",", ":"))


def _json_leaves(doc: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in _json_leaves(v, (*path, k))] + [path]
    return [path]


# JSON numbers no Python float can carry, written into the text as they are.
RAW_NUMBERS = ["1e999999999", "-1E+999999999", "9" * 5000, "1e-999999999", "NaN",
               "-Infinity", "1" + "0" * 400, "0." + "0" * 50 + "1", "-0", "2025.0", "1e3"]
_RAW = "\x00raw:"


def _mutate_json_value(rng: random.Random, text: str, tokens: list[str]) -> str:
    """The seed with values (or keys) swapped for hostile ones: still JSON (as far as
    the grammar goes — NaN aside)."""
    doc = json.loads(text)
    raws: list[str] = []
    for _ in range(rng.randint(1, 3)):
        leaves = _json_leaves(doc)
        if rng.random() < 0.5:  # the settings and firm fields as often as the amounts
            leaves = [p for p in leaves if len(p) <= 2] or leaves
        path = rng.choice(leaves)
        if not path:
            continue
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        token = rng.choice(HOSTILE)
        if rng.random() < 0.25:  # the key itself
            parent[token] = parent.pop(path[-1])
        elif rng.random() < 0.3:
            raws.append(rng.choice(RAW_NUMBERS))
            parent[path[-1]] = f"{_RAW}{len(raws) - 1}"
        else:
            parent[path[-1]] = rng.choice([token, {token: token}, [token], None, 1e300, -7])
    out = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    for n, raw in enumerate(raws):
        out = out.replace(json.dumps(f"{_RAW}{n}"), raw)
    return out


def _mutate_csv_cells(rng: random.Random, text: str, tokens: list[str]) -> str:
    """The seed with some cells swapped for hostile ones: still CSV."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(rng.randint(1, 4)):
        row = rng.choice(rows)
        if row:
            row[rng.randrange(len(row))] = rng.choice(tokens)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def _mutate(rng: random.Random, text: str, tokens: list[str]) -> bytes:
    if rng.random() < 0.5:  # hostile values in a well-formed file …
        structured = _mutate_json_value if text.startswith("{") else _mutate_csv_cells
        return structured(rng, text, tokens).encode("utf-8", "surrogatepass")
    s = text  # … or a damaged file
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(s) + 1)
        j = min(len(s), i + rng.randint(0, 24))
        op = rng.randrange(10)
        if op <= 2:
            s = s[:i] + rng.choice(tokens) + s[i:]
        elif op <= 5:
            s = s[:i] + rng.choice(tokens) + s[j:]
        elif op == 6:
            s = s[:i] + s[j:]
        elif op == 7:
            s = s[:i] + s[i:j] * rng.randint(2, 40) + s[j:]
        elif op == 8:  # a span moved elsewhere
            span, rest = s[i:j], s[:i] + s[j:]
            k = rng.randrange(len(rest) + 1)
            s = rest[:k] + span + rest[k:]
        else:
            s = s[:j]
    data = s.encode("utf-8", "surrogatepass")  # a lone surrogate: bytes no UTF-8 holds
    roll = rng.random()
    if roll < 0.08:
        data = s.encode("utf-16", "surrogatepass")  # with its byte-order mark
        if rng.random() < 0.5:
            data = data[:-1]  # an odd length
    elif roll < 0.12:
        data = codecs.BOM_UTF16_LE + data
    elif roll < 0.30 and data:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 6)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    return data


def _cases() -> list[Case]:
    rng = random.Random(SEED)
    seeds = {"tb": (_tb_seed(), HOSTILE), "mapping": (_mapping_seed(), HOSTILE),
             "json": (_json_seed(), HOSTILE + JSON_TOKENS),
             "compute": (_json_seed(), HOSTILE + JSON_TOKENS)}
    return [Case(kind, n, _mutate(rng, *seeds[kind]))
            for kind, runs in RUNS.items() for n in range(runs)]


def _workbook(path: Path) -> None:
    wb = Workbook()
    wb.set_profile("firm.name", "Acme Securities")
    wb.set_item("JAN", "3950", Decimal(1000))
    wb.set_tb_mapping((MappingRow("1*", "3840"), MappingRow("2*", "3540")))
    save(wb, path)


def _run(case: Case, folder: Path, template: bytes) -> str | None:
    """Run one case; None when it behaved, else what went wrong."""
    folder.mkdir()
    book = folder / "w.focus"
    book.write_bytes(template)
    name = {"tb": "tb.csv", "mapping": "map.csv"}.get(case.kind, "in.json")
    source = folder / name
    source.write_bytes(case.data)
    args = {"tb": ["import-tb", book, source, "--month", "JAN"],
            "mapping": ["mapping-import", book, source],
            "json": ["import-json", book, source],
            "compute": ["compute", source]}[case.kind]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    try:
        proc = subprocess.run([sys.executable, "-m", "focusdesk", *map(str, args)],
                              capture_output=True, env=env, cwd=folder, timeout=60)
    except subprocess.TimeoutExpired:
        return "no answer within 60 s"
    err = proc.stderr.decode("utf-8", "replace")
    problems = []
    if proc.returncode not in (0, 1, 2):
        problems.append(f"exit {proc.returncode}")
    if err.count("\n") > 1 or "Traceback" in err or "internal error" in err:
        problems.append(f"stderr {err[:300]!r}")
    if proc.returncode != 0 and hashlib.sha256(book.read_bytes()).digest() != \
            hashlib.sha256(template).digest():
        problems.append("the workbook changed although the command failed")
    if lock_path(book).exists():
        problems.append("a lock was left behind")
    if proc.returncode == 0:
        (folder / "ok").touch()
    return "; ".join(problems) or None


def test_mutated_text_inputs_end_in_a_result_or_one_sentence(tmp_path):
    template_path = tmp_path / "template.focus"
    _workbook(template_path)
    template = template_path.read_bytes()
    cases = _cases()
    assert len(cases) == sum(RUNS.values()) and len({c.data for c in cases}) > 250
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        results = list(pool.map(
            lambda c: (c, _run(c, tmp_path / f"{c.kind}-{c.n}", template)), cases))
    failures = [f"{c.kind} #{c.n} ({c.data[:120]!r}): {problem}"
                for c, problem in results if problem]
    assert not failures, f"{len(failures)} of {len(cases)} inputs:\n" + "\n".join(failures)
    # The mutations leave some inputs readable: of each kind of file, some were taken
    # and some refused — both paths ran.
    for kinds in (("tb",), ("mapping",), ("json", "compute")):
        ok = sum((tmp_path / f"{kind}-{n}" / "ok").exists()
                 for kind in kinds for n in range(RUNS[kind]))
        assert 0 < ok < sum(RUNS[k] for k in kinds), (kinds, ok)
