"""The form's own instruction text for a line of Schedule A or Schedule B.

The text is the official instructions of Form X-17A-5 Part I (SEC1705), extracted once by
`packaging/extract_instructions.py` into `resources/instructions.json` and shipped with
the app. Paragraphs are separated by a blank line and the items of a printed list by a
line break, so a plain-text view shows it as printed.

Qt-free: the window shows what these functions return.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from ..base.paths import resource_path
from .catalog import BKind, BLine, Item

RESOURCE = "instructions.json"

# Schedule B line 10 is the respondent's Yes/No answer; the instructions have no text of
# their own for it.
LINE_10_NOTE = (
    "Line 10 is answered Yes or No. The instructions have no specific text for this "
    "line; the note the form prints under Schedule B and the general instructions "
    "follow."
)


@dataclass(frozen=True)
class Instructions:
    """The instruction texts by Schedule A line ("5", "5a", ...) and Schedule B key
    ("general", "1" ... "9", "note_a", ...)."""

    schedule_a: Mapping[str, str]
    schedule_b: Mapping[str, str]
    source: str


@cache
def load_instructions() -> Instructions:
    """The shipped instruction texts, read once."""
    path = resource_path(RESOURCE)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Instructions(
        schedule_a=MappingProxyType(dict(data["schedule_a"])),
        schedule_b=MappingProxyType(dict(data["schedule_b"])),
        source=str(data["source"]),
    )


def instruction_for_item(item: Item) -> str:
    """The instruction for a Schedule A row.

    A numbered item ("19") or a caption ("25") gets its own text. A sub-item ("25c")
    gets the text that introduces its item followed by its own ("c. Enter the amount
    ..."); a sub-item the instructions do not describe apart ("34a") gets its item's
    text. The unprinted base of 25e ("25e*") shares the instruction of 25e.
    """
    texts = load_instructions().schedule_a
    line = item.line.rstrip("*")
    parent = item.item_number
    own = texts.get(line)
    if line == parent:
        return own or ""
    intro = texts.get(parent, "")
    if own is None:
        return intro
    letter = line[len(parent):]
    sub = f"{letter}. {own}"
    return f"{intro}\n\n{sub}" if intro else sub


def _line_number(bline: BLine) -> str:
    found = re.match(r"\d+", bline.key)
    if found is None:
        raise ValueError(f"Schedule B line {bline.key!r} has no line number")
    return found.group()


def instruction_for_b_line(bline: BLine) -> str:
    """The instruction for a Schedule B row.

    The sub-rows share the text of their printed line: "2 L"/"2 S" → line 2; "5A L",
    "5B" ... "5G", "5 total" → line 5. Lines 8 (the total) and 9 have short texts of
    their own; line 10, the Yes/No question, gets a note, the form's note that every
    line must be answered, and the general instruction.
    """
    texts = load_instructions().schedule_b
    number = _line_number(bline)
    own = texts.get(number)
    if own:
        return own
    general = texts.get("general", "")
    if bline.kind is BKind.QUESTION:
        parts = [LINE_10_NOTE, texts.get("answer_all", ""), general]
        return "\n\n".join(p for p in parts if p)
    if bline.kind is BKind.TOTAL:
        return f"Line {number} is a total of the lines above it.\n\n{general}".rstrip()
    return general
