"""What a grid's cell shows and says — without Qt: its view (`CellView`: text, style,
where its figure came from, the tool-tip), the sources' words, what a typed count or
answer may be, and the outcome of a copy or a paste (`Copied`, `Pasted`). The grids
(`grid`) make them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..base.money import AmountError, parse_amount
from ..document.editing import Step
from ..model.records import Entry, split_source_ref


class EditError(ValueError):
    """A typed or pasted value that is refused; the message names the cell."""


def parse_count(text: str) -> Decimal | None:
    """A typed count of items (Schedule A lines 33 and 36, Schedule B column I): a whole
    number. A fraction is refused where it is typed; the checks would only flag it later."""
    value = parse_amount(text, max_places=4)
    if value is not None and value != value.to_integral_value():
        raise AmountError(f"{text.strip()!r} is not a whole number, and this cell counts items")
    return value


# Where what a cell shows comes from — each shown by its own style, with a legend
# (View ▸ Legend): "blank" is an input cell with nothing entered (the form counts it as
# zero, the sheet shows it empty); "caption" a cell of a printed caption.
PROVENANCES = ("typed", "imported", "pasted", "carried", "computed", "blank")


def provenance_of(source: str) -> str:
    """The provenance an entry's stored source shows as: JSON and Excel loads are
    imports from a file like a trial balance's."""
    return {"json": "imported"}.get(source, source if source in PROVENANCES else "typed")


@dataclass(frozen=True)
class CellView:
    text: str
    editable: bool
    computed: bool = False
    negative: bool = False
    entered: bool = False  # a value entered in this cell (not carried, not computed)
    tooltip: str = ""
    heading: bool = False
    provenance: str = ""  # one of PROVENANCES; "" for captions and unreported months

    # $000 view: why the figure is not its true amount rounded, or the note of a total
    # that cannot foot (shown in the tool-tip; not a mark of where the value came from)
    rounding: str = ""

    @property
    def tip(self) -> str:
        """The whole tool-tip: where the value came from, then the word on its rounding."""
        return "\n".join(t for t in (self.tooltip, self.rounding) if t)


def differs(a: Decimal | None, b: Decimal | None) -> bool:
    """Whether a cell shows something else: 0 and the $000 view's -0 ("(0)") differ."""
    return a != b or (a is not None and b is not None and a.is_signed() != b.is_signed())


@dataclass(frozen=True)
class Copied:
    """A block copied: `text` as the cells show it, in the view's units (what other
    programs get), and `dollars` — the same block with every entered amount exact, in
    dollars — which a paste into FocusDesk uses instead (a round trip loses nothing)."""

    text: str
    dollars: str


@dataclass(frozen=True)
class Pasted:
    step: Step | None
    skipped: int  # cells of computed or caption lines in the block, left as they are
    assigned: int = 0  # cells the block had for entered lines (changed or not)

    @property
    def note(self) -> str:
        """One sentence for the status bar."""
        n = len(self.step.changes) if self.step else 0
        done = (f"Pasted {n} cell{'s' if n != 1 else ''}" if n else
                "Nothing changed: the cells already held what was pasted" if self.assigned
                else "Nothing pasted")
        if not self.skipped:
            return f"{done}."
        return (f"{done}; {self.skipped} cell{'s' if self.skipped != 1 else ''} of computed "
                "or caption lines skipped (they take no entry).")


YES = ("yes", "y", "true", "1")
SOURCE_TIPS = {"typed": "Typed", "pasted": "Pasted", "imported": "Imported from",
               "json": "Loaded from JSON", "carried": "Carried"}
NO = ("no", "n", "false", "0")
BLANK_TIP = "Blank: nothing entered (the form counts it as zero)"


def source_tip(entry: Entry) -> str:
    tip = SOURCE_TIPS.get(entry.source, entry.source.capitalize())
    name, digest = split_source_ref(entry.source_ref)
    return f"{tip} {name}".strip() + (f"\nSHA-256 {digest}" if digest else "")


def words_in(query: str, label: str) -> bool:
    """Every word of the query begins a word of the label (case and punctuation
    ignored): "net cap" finds "Net Capital"."""
    words = re.findall(r"[a-z0-9]+", label.lower())
    return all(any(w.startswith(q) for w in words) for q in re.findall(r"[a-z0-9]+", query))
