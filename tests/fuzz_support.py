"""Mutated spreadsheets, PDFs and Daily Seg filings for the bounded fuzz tests.

Everything is made from seeds built here (openpyxl, FocusDesk's own export and statements
PDF) or committed (the .xls/.ods trial-balance fixtures, the Daily Seg seeds), changed by
a `random.Random` with a fixed seed: the same files every run, none committed. Each
mutant carries the list of changes made to it, so a failure names how to make it again.

Mutations: bytes (flips, interesting integers, truncation, spans deleted, doubled or
inserted); for a zip, a member's XML changed and the package zipped again (so calamine
parses the damage rather than stopping at a CRC); for text and HTML, hostile fragments
(unclosed comments and scripts, codes, dates, digits of other scripts, NULs).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TB_FIXTURES = ROOT / "tests" / "fixtures" / "tb"
SEG_FIXTURES = ROOT / "tests" / "fixtures" / "seg"
TIDY = SEG_FIXTURES / "000_f78615206c38f945.txt"
SCRAMBLED = SEG_FIXTURES / "001_709a681e187ed0f2.txt"

INTERESTING = [b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", b"\xff\xff\xff\x7f",
               b"\x00\x00\x00\x80", b"\x00\x00\x01\x00", b"\xff\xff", b"\x00\x00", b"\xff",
               b"\x00"]
XML_FRAGMENTS = [
    b'<c r="XFD1048576"><v>1</v></c>', b'<row r="1048576">', b'<dimension ref="A1:XFD1048576"/>',
    b' table:number-columns-repeated="16384"', b' table:number-rows-repeated="1048576"',
    b"<!--", b"<![CDATA[", b"]]>", b"&#0;", b"&#xFFFF;", b"&amp", b"<", b">", b'"', b"\x00",
    b'<c r="A0" t="s"><v>99999</v></c>', b'<c t="e"><v>#REF!</v></c>', b"\xff\xfe",
    b'<v>1e308</v>', b'<v>NaN</v>', b'<f>HYPERLINK("x")</f>', b"<sheetData>", b"</row>",
]
TEXT_FRAGMENTS = [
    "<!--", "<script>", "<style>", "<head>", "-->", "</script>", "<u>", "</u>", "**", "|",
    "[7060]", "[7180]", "[ 7060 ]", "End Date: 13/45/2017", "End Date:", "Firm Name:",
    "Form: Daily Seg", "INITIAL", "AMENDED", "o", "-", "(", ")", "$", ",", ".", "\x00", "\r",
    "\u0661\u0662\u0663", "\uff11\uff12\uff13", "\u2212", "\ufffd", "&nbsp;", "&#x41;", "&",
    "line 6", "\t", "\n" * 50, " " * 500, "9" * 40, "1,000,000,000,000,000,000",
]
NUMBERS = [b"0", b"-1", b"4294967295", b"1048577", b"16385", b"99999999999999999999", b"1e308",
           b"NaN", b"2147483648"]


@dataclass
class Mutant:
    name: str  # file name, with the suffix its kind has
    data: bytes
    seed: str  # what it was made from
    changes: list[str]

    def describe(self) -> str:
        return f"{self.name} (from {self.seed}: {'; '.join(self.changes) or 'unchanged'})"


# -- mutators ----------------------------------------------------------------------------------

def mutate_bytes(rng: random.Random, data: bytes, changes: list[str], ops: int = 0) -> bytes:
    d = bytearray(data)
    for _ in range(ops or rng.randint(1, 5)):
        if not d:
            break
        op = rng.random()
        at = rng.randrange(len(d))
        if op < 0.35:
            d[at] = rng.randrange(256)
            changes.append(f"byte {at}={d[at]:#04x}")
        elif op < 0.65:
            value = rng.choice(INTERESTING)
            d[at:at + len(value)] = value
            changes.append(f"bytes {at}={value.hex()}")
        elif op < 0.75:
            del d[at:]
            changes.append(f"truncated at {at}")
        elif op < 0.85:
            n = rng.randint(1, 256)
            del d[at:at + n]
            changes.append(f"deleted {n} at {at}")
        elif op < 0.93:
            n = rng.randint(1, 512)
            d[at:at] = d[at:at + n]
            changes.append(f"doubled {n} at {at}")
        else:
            n = rng.randint(1, 64)
            d[at:at] = bytes(rng.randrange(256) for _ in range(n))
            changes.append(f"inserted {n} random at {at}")
    return bytes(d)


def mutate_markup(rng: random.Random, data: bytes, changes: list[str]) -> bytes:
    """XML (or any text) changed where a parser is tested: fragments, numbers, spans."""
    d = data
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.35:
            at = rng.randrange(len(d) + 1)
            frag = rng.choice(XML_FRAGMENTS)
            d = d[:at] + frag + d[at:]
            changes.append(f"inserted {frag[:24]!r} at {at}")
        elif op < 0.6:
            numbers = [m.span() for m in re.finditer(rb"\d+", d)]
            if numbers:
                a, b = rng.choice(numbers)
                new = rng.choice(NUMBERS)
                d = d[:a] + new + d[b:]
                changes.append(f"number at {a} -> {new.decode()}")
        elif op < 0.7:
            d = re.sub(rb' xmlns(:\w+)?="[^"]*"', b"", d, count=rng.randint(1, 3))
            changes.append("namespaces dropped")
        elif op < 0.85 and len(d) > 2:
            a = rng.randrange(len(d))
            b = min(len(d), a + rng.randint(1, 400))
            d = d[:a] + d[b:]
            changes.append(f"deleted {a}:{b}")
        elif len(d) > 2:
            a = rng.randrange(len(d))
            b = min(len(d), a + rng.randint(1, 2000))
            d = d[:b] + d[a:b] * rng.randint(1, 20) + d[b:]
            changes.append(f"repeated {a}:{b}")
    return d


def mutate_zip(rng: random.Random, data: bytes, changes: list[str]) -> bytes:
    """One or two members changed and the package zipped again; sometimes its bytes too."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    xml = [n for n in names if n.endswith((".xml", ".rels"))] or names
    chosen = {rng.choice(xml) for _ in range(rng.randint(1, 2))}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            raw = src.read(name)
            if name in chosen:
                sub: list[str] = []
                raw = mutate_markup(rng, raw, sub)
                changes.append(f"{name}: {', '.join(sub)}")
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(name, raw, method)
    result = out.getvalue()
    if rng.random() < 0.2:
        result = mutate_bytes(rng, result, changes, ops=1)
    return result


def mutate_text(rng: random.Random, text: str, changes: list[str]) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        i = rng.randrange(len(lines))
        if op < 0.5:
            frag = rng.choice(TEXT_FRAGMENTS)
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + frag + lines[i][at:]
            changes.append(f"line {i}: inserted {frag[:20]!r}")
        elif op < 0.65:
            del lines[i]
            changes.append(f"line {i} deleted")
            if not lines:
                lines = [""]
        elif op < 0.8:
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
            changes.append(f"line {i} doubled")
        elif op < 0.9:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            changes.append(f"lines {i} and {j} swapped")
        else:
            lines[i] = re.sub(r"\d", lambda m: rng.choice("0123456789o"), lines[i])
            changes.append(f"line {i}: digits changed")
    return "\n".join(lines)


# -- seeds -------------------------------------------------------------------------------------

def trial_balance_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Cover"
    wb.active.append(["Monthly close package"])
    ws = wb.create_sheet("Trial Balance")
    for row in (["Hudson Ridge Securities LLC"], ["Trial balance"], [],
                ["Account", "Description", "Debit", "Credit"], [1010, "Cash", 250000, None],
                ["1200-00", "Receivable", 15000.5, None], [2010, "Payable", None, 200000],
                [4010, "Commissions", None, 65000.5], [5010, "Salaries", None, 0]):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def export_xlsx() -> bytes:
    from focusdesk.base.paths import sample_workbook
    from focusdesk.document.store import load
    from focusdesk.formats.xlsx.export import write_xlsx

    out = io.BytesIO()
    write_xlsx(load(sample_workbook())[0], out, "dollars")
    return out.getvalue()


def statements_pdf() -> bytes:
    from focusdesk.seg.printing import statements_pdf as render
    from focusdesk.seg.reader import read_filing_file

    return render(read_filing_file(TIDY)[0])


def filing_html() -> str:
    raw = TIDY.read_text(encoding="utf-8")
    return ("<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>"
            + "".join(f"<p>{line}</p>" for line in raw.splitlines()) + "</body></html>")


SPREADSHEET_SEEDS = ("tb.xlsx", "export.xlsx", "layout.ods", "layout.xls")
SEG_SEEDS = ("filing.pdf", "tidy.txt", "scrambled.txt", "filing.html")


def seeds() -> dict[str, bytes]:
    return {
        "tb.xlsx": trial_balance_xlsx(),
        "export.xlsx": export_xlsx(),
        "layout.ods": (TB_FIXTURES / "layout.ods").read_bytes(),
        "layout.xls": (TB_FIXTURES / "layout.xls").read_bytes(),
        "filing.pdf": statements_pdf(),
        "tidy.txt": TIDY.read_bytes(),
        "scrambled.txt": SCRAMBLED.read_bytes(),
        "filing.html": filing_html().encode("utf-8"),
    }


def mutants(seed_data: dict[str, bytes], counts: dict[str, int], seed: int) -> list[Mutant]:
    """`counts[name]` mutants of each seed, reproducibly."""
    rng = random.Random(seed)
    out: list[Mutant] = []
    for name, count in counts.items():
        data = seed_data[name]
        stem, suffix = name.rsplit(".", 1)
        for i in range(count):
            changes: list[str] = []
            if suffix in ("xlsx", "ods") and rng.random() < 0.7:
                new = mutate_zip(rng, data, changes)
            elif suffix in ("txt", "html") and rng.random() < 0.8:
                text = data.decode("utf-8")
                new = mutate_text(rng, text, changes).encode(rng.choice(["utf-8", "cp1252"]),
                                                            errors="replace")
            elif suffix == "pdf" and rng.random() < 0.4:
                new = mutate_markup(rng, data, changes)  # /Count, /Length, xref numbers
            else:
                new = mutate_bytes(rng, data, changes)
            out.append(Mutant(f"{stem}-{i:03d}.{suffix}", new, name, changes))
    return out
