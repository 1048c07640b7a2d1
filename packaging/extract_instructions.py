"""Build resources/instructions.json: the form's own instruction text, line by line.

A one-off extraction from the PDF-to-text rendering of Form X-17A-5 Part I (SEC1705):

    python packaging/extract_instructions.py [SEED] [--out resources/instructions.json]

The rendering interleaves the instruction pages with the blank form pages (Schedule A
items and codes, Schedule B grids), page footers ("6 of 15", "SEC1705 (4-03) 1 of 16")
and the OMB notice. The script keeps only the instruction pages, joins the wrapped lines
into paragraphs and keeps the wording as printed, OCR slips included ("Article Ill",
"Rule 15c3-I", "62/3%"). One piece of the layout cannot be read by rule and is rebuilt
from a declared outline below: the schedule printed under Schedule B line 6, whose
labels the rendering scattered (and whose "Line 7." marker it put in the middle of that
schedule). The outline's labels are checked against the seed, so a different seed fails
loudly instead of producing wrong text.

Output: {"schedule_a": {"1": ..., "5": intro of item 5, "5a": ..., ...},
         "schedule_b": {"general": ..., "1": ..., ..., "9": ..., "note_a": ...},
         "source": ...}
Paragraphs are separated by a blank line; the items of a printed list by a line break.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEED = Path("/work/shared/seeds/002_806c52e9dd562b07.txt")
DEFAULT_OUT = ROOT / "resources" / "instructions.json"
SOURCE = "SEC Form X-17A-5 Part I instructions (SEC1705)"

# -- the page furniture ------------------------------------------------------------------

FOOTER = re.compile(r"^(?:SEC1705 \(\d+-\d+\) )?\d+ of \d+$")
# A blank form page (or the OMB notice, or the PDF metadata) starts here: leave the text.
FORM_PAGE = re.compile(
    r"^(?:Schedule$|Name of Broker.Dealer|NAME OF BROKER-DEALER|Persons who respond"
    r"|File Type)",
)
SCHEDULE_HEADING = re.compile(r"^Schedule ([AB]) [–—] ")
# Schedule A: "14.<TAB> Proprietary Charges ..." / "5.<TAB>" (the title on the next line).
# The blank form prints its "14." without the tab, which tells the two apart.
ITEM = re.compile(r"^(\d+)\.\t\s*(.*)$")
SUB_ITEM = re.compile(r"^([a-z])\.\t\s*(.*)$")
B_LINE = re.compile(r"^Line (\d+)\.\s*(.*)$")
# A list marker standing alone on its line ("1.", "a.", "1)", "(a)"): the rendering puts
# a whole run of them first and the items' text after the run.
BARE_MARKER = re.compile(r"^(\d+[.)]|[a-z]\.|\([a-z]\))$")
# A list marker in front of its text: "1.<TAB> Determine the greater ...".
INLINE_MARKER = re.compile(r"^(\d+[.)])\t\s*(\S.*)$")
NOTE = re.compile(r"^NOTE:")
SENTENCE_END = (".", ":", ";")

# -- the schedule printed under Schedule B, line 6 ---------------------------------------
# (marker, label, children); the labels are the seed's own, checked by _line6_schedule.
LINE6_SCHEDULE: tuple = (
    ("a.", "Clearing Accounts with Commodity Clearing Organizations", (
        ("1.", "Number and amount of unresolved reconciling money items", (
            ("a.", "Debits", ()), ("b.", "Credits", ()))),
        ("2.", "Gain or loss in unresolved future contract differences after comparison "
               "and balancing with proprietary and customers’ positions and other positions", (
            ("a.", "Gain", ()), ("b.", "Loss", ()))),
    )),
    ("b.", "Clearing Accounts with Commodity Brokers and Dealers", (
        ("1.", "Number and amount of unresolved reconciling money items", (
            ("a.", "Debits", ()), ("b.", "Credits", ()))),
        ("2.", "Gain or loss in unresolved futures contract differences after comparison "
               "and balancing with proprietary and customers’ positions", (
            ("a.", "Gain", ()), ("b.", "Loss", ()))),
    )),
    ("c.", "Other Gains and Losses in Forward or Futures Contracts:", (
        ("", "Unresolved Differences", (("a.", "Debits", ()), ("b.", "Credits", ()))),
    )),
    ("d.", "Warehouse Receipts on hand:", (
        ("1.", "Number of unresolved differences", ()),
        ("2.", "Market value of unresolved differences Long (Short)", ()),
    )),
)
# What the blank schedule prints for the respondent to fill in; not instruction text.
FILL_IN = {"$", "No.:"}
LINE7_STARTS = "Open transfers and reorganization items"


# -- step 1: keep the instruction pages --------------------------------------------------

# The PDF rendering lost the space of the fraction in 25(c) ("62/3%"); item 24 prints
# it as "6 2/3%", which is what the form says.
RENDERING_FIXES = {"62/3%": "6 2/3%"}


def clean(line: str) -> str:
    """One rendered line with its tabs and runs of blanks reduced to one space."""
    text = re.sub(r"\s+", " ", line).strip()
    for wrong, right in RENDERING_FIXES.items():
        text = text.replace(wrong, right)
    return text


def instruction_lines(raw: Sequence[str]) -> dict[str, list[str]]:
    """The instruction lines of Schedule A and Schedule B, in order, as rendered (tabs
    kept, blank lines, footers, headings and the blank form pages dropped)."""
    out: dict[str, list[str]] = {"A": [], "B": []}
    inside, schedule, expected = False, "A", 1
    for line in raw:
        if not line.strip() or FOOTER.match(line.strip()):
            continue
        text = line.strip()
        if not inside:
            item = ITEM.match(line)
            if text == "INSTRUCTIONS":
                inside = True
                continue
            if not (schedule == "A" and item and int(item.group(1)) == expected):
                continue
            inside = True  # the instructions go on after the blank form pages
        if FORM_PAGE.match(text):
            inside = False
            continue
        if text == "INSTRUCTIONS":
            continue
        heading = SCHEDULE_HEADING.match(text)
        if heading:
            schedule = heading.group(1)
            continue
        item = ITEM.match(line)
        if schedule == "A" and item and int(item.group(1)) == expected:
            expected += 1
        out[schedule].append(line)
    return out


# -- step 2: join wrapped lines into paragraphs and lists --------------------------------

def _starts_sentence(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0] in "“\"")


def _breaks_paragraph(prev: str, nxt: str, schedule: str) -> bool:
    """Does `nxt` start a new paragraph after `prev`?

    A short line followed by a capital starts one (a title, the last line of a
    paragraph). Schedule B also prints paragraphs whose last line is full: there a
    sentence end at the end of the line followed by a capital is taken as a break.
    """
    if NOTE.match(nxt):
        return True
    if not _starts_sentence(nxt):
        return False
    return len(prev) < 100 or (schedule == "B" and prev.endswith(SENTENCE_END))


def _item_boundary(prev: str, nxt: str) -> bool:
    """Between two items of a list whose markers were printed apart from the text."""
    if prev.endswith((*SENTENCE_END, ",")) and _starts_sentence(nxt):
        return True
    return len(prev) < 60 and not prev.endswith(SENTENCE_END)


def _join(lines: Iterable[str]) -> str:
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("/"):  # "broker/" + "dealer"
            text += line
        else:
            text += " " + line
    return text


Block = str | list[str]  # a paragraph, or the items of a printed list


def blocks(raw_lines: Sequence[str], schedule: str) -> list[Block]:
    """The paragraphs and lists of one instruction's lines."""
    lines = [clean(x) for x in raw_lines]
    inline = [INLINE_MARKER.match(x.strip()) for x in raw_lines]
    result: list[Block] = []
    i = 0
    paragraph: list[str] = []
    items: list[list[str]] = []  # the open inline-marker list

    def flush() -> None:
        nonlocal paragraph, items
        if paragraph:
            result.append(_join(paragraph))
        if items:
            result.append([_join(x) for x in items])
        paragraph, items = [], []

    while i < len(lines):
        line = lines[i]
        if BARE_MARKER.match(line):
            flush()
            markers = []
            while i < len(lines) and BARE_MARKER.match(lines[i]):
                markers.append(lines[i])
                i += 1
            listed: list[list[str]] = []
            for marker in markers:
                if i >= len(lines):
                    raise ValueError(f"list marker {marker} has no text")
                body = [lines[i]]
                i += 1
                while (i < len(lines) and not BARE_MARKER.match(lines[i])
                       and not inline[i] and not _item_boundary(body[-1], lines[i])):
                    body.append(lines[i])
                    i += 1
                listed.append([marker, *body])
            if result and isinstance(result[-1], list):  # "1)", text, "2)", text ...
                result[-1].extend(_join(x) for x in listed)
            else:
                result.append([_join(x) for x in listed])
            continue
        if inline[i]:
            if paragraph:
                result.append(_join(paragraph))
                paragraph = []
            items.append([line])
        elif items:
            items[-1].append(line)
        elif paragraph and not _breaks_paragraph(paragraph[-1], line, schedule):
            paragraph.append(line)
        else:
            flush()
            paragraph = [line]
        i += 1
    flush()
    return _merge_note_titles(result)


def _merge_note_titles(result: list[Block]) -> list[Block]:
    """"NOTE: 30(c) and (d)" printed as a title above its text: keep them together."""
    merged: list[Block] = []
    for block in result:
        if (merged and isinstance(block, str) and isinstance(merged[-1], str)
                and NOTE.match(merged[-1]) and not merged[-1].endswith(SENTENCE_END)):
            merged[-1] = f"{merged[-1]}\n{block}"
        else:
            merged.append(block)
    return merged


def render(parts: Sequence[Block]) -> str:
    return "\n\n".join(p if isinstance(p, str) else "\n".join(p) for p in parts)


# -- step 3: Schedule A ------------------------------------------------------------------

def schedule_a(lines: Sequence[str]) -> dict[str, str]:
    sections: dict[str, list[str]] = {}
    number, letter, key = 0, "a", ""
    for line in lines:
        item, sub = ITEM.match(line), SUB_ITEM.match(line)
        if item and int(item.group(1)) == number + 1:
            number, letter, key = number + 1, "a", item.group(1)
            sections[key] = [item.group(2)] if item.group(2).strip() else []
        elif sub and key and sub.group(1) == letter:
            key = f"{number}{letter}"
            letter = chr(ord(letter) + 1)
            sections[key] = [sub.group(2)] if sub.group(2).strip() else []
        elif key:
            sections[key].append(line)
        else:
            raise ValueError(f"text before item 1: {line!r}")
    parsed = {k: blocks(v, "A") for k, v in sections.items()}
    _share_notes(parsed)
    return {k: render(v) for k, v in parsed.items()}


SHARED_NOTE = re.compile(r"^NOTE: (\d+)\(([a-z])\)((?: and \([a-z]\))+)")


def _share_notes(parsed: dict[str, list[Block]]) -> None:
    """"NOTE: 30(c) and (d)" follows 30(d) in print; it belongs to each item it names."""
    for key, parts in parsed.items():
        for part in list(parts):
            note = SHARED_NOTE.match(part) if isinstance(part, str) else None
            if not note:
                continue
            parts.remove(part)
            letters = [note.group(2), *re.findall(r"\(([a-z])\)", note.group(3))]
            for target in (f"{note.group(1)}{x}" for x in letters):
                if target not in parsed:
                    raise ValueError(f"{key}: the note names {target}, not in the form")
                parsed[target].append(part)


# -- step 4: Schedule B ------------------------------------------------------------------

def schedule_b(lines: Sequence[str]) -> dict[str, str]:
    general: list[str] = []
    sections: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        text = clean(line)
        if text == "Specific Line Item Instructions":
            key = "specific"
            continue
        found = B_LINE.match(text)
        if found and key:
            key = found.group(1)
            sections[key] = [line.split(".", 1)[1]] if found.group(2) else []
        elif key in ("", "general"):
            if text == "Operational Capital Charge Items":
                continue
            key = "general"
            general.append(line)
        elif key == "specific":
            raise ValueError(f"text before Line 1: {line!r}")
        else:
            sections[key].append(line)
    _move_line6_schedule(sections)
    out = {"general": render(blocks(general, "B"))}
    for key, body in sections.items():
        if key == "6":
            out[key] = _line6(body)
        else:
            out[key] = render(blocks(body, "B"))
    return out


def _move_line6_schedule(sections: dict[str, list[str]]) -> None:
    """The rendering printed "Line 7." inside the schedule of line 6: give line 7 what
    follows its own text's first words, and line 6 the rest of its schedule."""
    seven = sections["7"]
    start = next((i for i, x in enumerate(seven) if clean(x).startswith(LINE7_STARTS)), None)
    if start is None:
        raise ValueError("line 7's text (Open transfers and reorganization ...) not found")
    sections["6"].extend(seven[:start])
    sections["7"] = seven[start:]


def _line6(body: Sequence[str]) -> str:
    """Line 6: its text, then the schedule it prints, rebuilt from LINE6_SCHEDULE."""
    texts = [clean(x) for x in body]
    end = next(i for i, x in enumerate(texts) if x.endswith("reported on line 6.")) + 1
    prose = render(blocks(body[:end], "B"))
    rest = [x for x in texts[end:] if not BARE_MARKER.match(x) and x not in FILL_IN]
    labels = [re.sub(r"^\d+[.)] ", "", x) for x in rest]
    # Every label of the rendering is used by the outline, and every label of the outline
    # is in the rendering (a label printed over two lines counts as its parts).
    rendered = " ".join(labels)
    wanted: list[str] = []

    def walk(nodes: tuple, depth: int) -> Iterator[str]:
        for marker, label, children in nodes:
            wanted.append(label)
            yield "   " * depth + (f"{marker} {label}" if marker else label)
            yield from walk(children, depth + 1)

    outline = "\n".join(walk(LINE6_SCHEDULE, 0))
    for label in wanted:
        if label not in rendered:
            raise ValueError(f"line 6 schedule: {label!r} is not in the seed")
    for label in labels:
        if not any(label in w for w in wanted):
            raise ValueError(f"line 6 schedule: the seed's {label!r} is not in the outline")
    return f"{prose}\n\n{outline}"


# -- step 5: the notes printed on the Schedule B form ------------------------------------

def form_notes(raw: Sequence[str]) -> dict[str, str]:
    """The notes printed under the first Schedule B grid: answer every line, Note A,
    Note B (form text, not a blank to fill in)."""
    texts = [clean(x) for x in raw]
    first = next(i for i, x in enumerate(texts) if x.startswith("All line items (1 - 8)"))

    def after(title: str, stop: str) -> str:
        start = texts.index(title, first) + 1
        body: list[str] = []
        for text in texts[start:]:
            if not text:
                continue
            if text.startswith(stop) or FOOTER.match(text):
                break
            body.append(text)
        return _join(body)

    return {
        "answer_all": texts[first],
        "note_a": after("Note A:", "OPERATIONAL EXPOSURE ITEMS"),
        "note_b": after("Note B:", "Name of Broker"),
    }


# -- the whole ---------------------------------------------------------------------------

def extract(seed: Path) -> dict:
    raw = seed.read_text(encoding="utf-8").splitlines()
    lines = instruction_lines(raw)
    b = schedule_b(lines["B"])
    b.update(form_notes(raw))
    return {"schedule_a": schedule_a(lines["A"]), "schedule_b": b, "source": SOURCE}


def verify(data: dict) -> list[str]:
    """What is wrong with the extraction, checked against the catalog."""
    sys.path.insert(0, str(ROOT))
    from focusdesk.form.catalog import PART_I

    a, b = data["schedule_a"], data["schedule_b"]
    problems = []
    for item in PART_I.schedule_a:
        line = item.line.rstrip("*")
        if line not in a and item.item_number not in a:
            problems.append(f"Schedule A {item.line}: no text")
    for key in {re.match(r"\d+", x.key).group() for x in PART_I.schedule_b_lines}:
        if key not in b and key != "10":
            problems.append(f"Schedule B line {key}: no text")
    stray = re.compile(r"\d+ of 1[56]\b|SEC1705|NAME OF BROKER|OMB|\n\d{3,4}\n")
    for part, texts in (("A", a), ("B", b)):
        for key, text in texts.items():
            if not text.strip():
                problems.append(f"{part} {key}: empty")
            if stray.search(text):
                problems.append(f"{part} {key}: page furniture left: {stray.search(text)!r}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    data = extract(args.seed)
    problems = verify(data)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")
    print(f"{args.out}: {len(data['schedule_a'])} Schedule A texts, "
          f"{len(data['schedule_b'])} Schedule B texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
