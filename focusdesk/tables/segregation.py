"""The Segregation tab without Qt: the stored Daily Seg filings, a filing's cover-page
targets and its statements line by line — line, label, code, amount, what a total's label
makes it, and whether it foots — with the totals that do not foot, the deficiencies and
the absent codes marked (roles "does not foot", "deficiency", "absent"; a heading's label
"heading"; a filing's status cell its status)."""

from __future__ import annotations

from collections.abc import Sequence

from ..model.workbook import StoredFiling
from ..seg.footing import Footing
from ..seg.printing import figure_text
from ..seg.reader import Filing
from ..seg.statements import TARGETS, Statement
from .rows import Column, Row, RowTable, roles

DOES_NOT_FOOT, DEFICIENCY, ABSENT, HEADING = "does not foot", "deficiency", "absent", "heading"
FLAGGED = (DOES_NOT_FOOT, DEFICIENCY)
STATUS, FOOTING = 2, 5  # the filings' status column, a statement's footing column


def shown_date(end_date: str) -> str:
    """A filing's End Date as the tab shows it: 2017-12-26 → 12/26/2017."""
    e = end_date
    return f"{e[5:7]}/{e[8:10]}/{e[:4]}" if len(e) == 10 else e


class FilingsTable(RowTable):
    """The stored filings, by End Date (a row's key: the `StoredFiling`)."""

    columns = (Column("End Date"), Column("Firm"), Column("Status"), Column("Form"),
               Column("File"), Column("Imported"))

    def __init__(self, filings: Sequence[StoredFiling] = ()) -> None:
        self.filings = list(filings)
        super().__init__([
            Row((shown_date(f.end_date), f.firm, f.status or "—",
                 " ".join(x for x in (f.form, f.amendment) if x), f.file_name,
                 f.imported_at[:16].replace("T", " ")),
                cell_roles={STATUS: roles(f.status)}, tips={4: f.source_ref}, key=f)
            for f in self.filings])


class CoverTable(RowTable):
    """The cover page's targets: each field's figure (a percentage with its sign)."""

    columns = (Column("Target"), Column("Item"), Column("Figure", right=True))

    def __init__(self, filing: Filing | None = None) -> None:
        rows = []
        for t in TARGETS:
            for f in t.fields if filing is not None else ():
                value = filing.targets.get(t.key, {}).get(f.key)
                text = "" if value is None else figure_text(value) + ("%" if f.percent else "")
                rows.append(Row((t.heading, f.label, text)))
        super().__init__(rows)


class StatementTable(RowTable):
    """One statement of a filing, line by line (an amount row's key: its code)."""

    columns = (Column("Line"), Column("Label"), Column("Code"), Column("Amount", right=True),
               Column("Its label makes it", right=True), Column("Footing"))

    def __init__(self, st: Statement | None = None, filing: Filing | None = None,
                 footing: Footing | None = None) -> None:
        super().__init__(_statement_rows(st, filing, footing)
                         if st is not None and filing is not None and footing is not None
                         else ())

    def flagged(self) -> list[str]:
        """The codes of the totals that do not foot and of the deficiencies."""
        return [str(r.key) for r in self.rows if r.key is not None
                and r.cells[FOOTING] in FLAGGED]


def _statement_rows(st: Statement, filing: Filing, footing: Footing) -> list[Row]:
    mismatched = {m.code for m in footing.mismatches}
    deficient = {d.code: d for d in footing.deficiencies}
    rows: list[Row] = []
    for row in st.rows:
        if not row.amounts:
            rows.append(Row((row.ref if not row.heading else "", row.label),
                            cell_roles={1: roles(HEADING if row.heading else "")}))
            continue
        for a in row.amounts:
            ref, label = st.citation[a.code]
            value = filing.values.get(a.code)
            status = ""
            if a.code in mismatched:
                status = DOES_NOT_FOOT
            elif a.code in deficient:
                status = DEFICIENCY
            elif value is None:
                status = "absent (counted as zero)"
            elif a.formula is not None:
                status = "foots"
            marked = status if status in FLAGGED else ""
            rows.append(Row(
                (ref, label, f"[{a.code}]", figure_text(value) if value is not None else "—",
                 figure_text(footing.expected.get(a.code)), status),
                roles=roles(marked, ABSENT if value is None else ""),
                tips={1: deficient[a.code].meaning} if a.code in deficient else {},
                key=a.code))
    return rows
