"""The records a workbook holds — immutable values, each with what it came from: an entered
value and its provenance (`Entry`), an audit entry, an imported trial balance and its
rows, a mapping rule, a stored Daily Seg filing, the month close's approval, reopening
and filed versions — and the firm's header.

A value imported from a file names it as ``"<name> sha256:<digest>"``: `file_source_ref`
writes that text (every importer uses it) and `split_source_ref` reads it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

# Between a file's name and its SHA-256 in a source reference.
_SHA256_MARK = " sha256:"


def file_source_ref(name: str, sha256: str) -> str:
    """The source reference of what was imported from the file `name` whose bytes have
    the SHA-256 `sha256` (hex): ``"ledger.xlsx sha256:9f86…"``."""
    return f"{name}{_SHA256_MARK}{sha256}"


def split_source_ref(source_ref: str) -> tuple[str, str]:
    """(file name, SHA-256) of a source reference `file_source_ref` wrote; a reference
    without a SHA-256 is all name (the digest ""). Split at the last mark: a file name
    may hold " sha256:" itself, a hex digest never does."""
    name, mark, digest = source_ref.rpartition(_SHA256_MARK)
    return (name, digest) if mark else (source_ref, "")


@dataclass(frozen=True)
class Entry:
    """An entered value and its provenance."""

    value: Decimal
    source: str = "typed"  # typed | pasted | imported | json | carried
    source_ref: str = ""  # e.g. the imported file's name and SHA-256


@dataclass(frozen=True)
class AuditEntry:
    at: str  # ISO 8601, UTC
    user: str
    action: str  # "set", "clear", "profile", "import", ...
    month: str
    target: str  # item code, "B:<line>:<col>", "B:10", or a profile field
    old: str
    new: str
    detail: str = ""


class TBRow(NamedTuple):  # a tuple: a trial balance may hold 100,000 of them
    """One account of an imported trial balance: its balance is debit-positive."""

    account: str
    description: str
    balance: Decimal


@dataclass(frozen=True)
class TrialBalance:
    """A month's imported trial balance, kept for the next month's YTD subtraction and
    for drill-down from a Schedule A cell to its accounts."""

    file_name: str
    sha256: str
    rows: tuple[TBRow, ...]
    basis: str = "ytd"  # "ytd": income and expense year to date; "period": the month's
    sheet: str = ""
    imported_at: str = ""
    user: str = ""

    @property
    def source_ref(self) -> str:
        return file_source_ref(self.file_name, self.sha256)


@dataclass(frozen=True)
class MappingRow:
    """One rule of the trial-balance account mapping, as entered (see `focusdesk.tb.mapping`):
    `account` an account, a range ``2010-2199`` or a prefix ``12*``; `code` an item code;
    `sign` "" (from the line's normal balance), "+" or "-"."""

    account: str
    code: str
    sign: str = ""


@dataclass(frozen=True)
class StoredFiling:
    """A Daily Seg filing kept in the workbook (see `focusdesk.seg`): the file as it was,
    byte for byte, and what was read from it when it was imported."""

    file_name: str
    sha256: str
    raw: bytes
    end_date: str  # ISO 8601 date, the statements' "as of"
    firm: str = ""
    submit_date: str = ""
    form: str = ""
    amendment: str = ""  # INITIAL / AMENDED
    status: str = ""  # "foots", "does not foot" or "deficiency"
    values: tuple[tuple[str, Decimal], ...] = ()  # (code, amount) in the file's order
    imported_at: str = ""
    user: str = ""

    @property
    def source_ref(self) -> str:
        return file_source_ref(self.file_name, self.sha256)

    def value(self, code: str) -> Decimal | None:
        return dict(self.values).get(code)


# The worksheets a month keeps its inputs for (focusdesk.worksheets).
WORKSHEET_KINDS = ("haircuts", "reserve")


@dataclass(frozen=True)
class StoredWorksheet:
    """A worksheet's inputs kept for a month (see `focusdesk.worksheets`), so the window
    can show them and drill down from its lines: the file they came from, its rows as
    text under `columns` (the worksheet's own), and the options it was computed with."""

    kind: str  # one of WORKSHEET_KINDS
    file_name: str
    sha256: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    options: tuple[str, ...] = ()  # e.g. ("daily",), ("monthly",)
    imported_at: str = ""
    user: str = ""

    @property
    def source_ref(self) -> str:
        return file_source_ref(self.file_name, self.sha256)

    def as_json(self) -> dict[str, object]:
        """Every field as JSON (the recovery snapshot, a filed month's as-filed record)."""
        return {"kind": self.kind, "file_name": self.file_name, "sha256": self.sha256,
                "columns": list(self.columns), "rows": [list(r) for r in self.rows],
                "options": list(self.options), "imported_at": self.imported_at,
                "user": self.user}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoredWorksheet:
        return cls(str(data["kind"]), str(data["file_name"]), str(data["sha256"]),
                   tuple(str(c) for c in data["columns"]),
                   tuple(tuple(str(c) for c in r) for r in data["rows"]),
                   tuple(str(o) for o in data.get("options", ())),
                   str(data.get("imported_at", "")), str(data.get("user", "")))


@dataclass(frozen=True)
class Approval:
    """A reviewer's approval of a month's figures (see `focusdesk.close.month_close`): the
    name given, the OS user, when (ISO 8601, UTC), an optional note, and the SHA-256 of the month's
    figures approved — a later change to them puts the month back to Draft."""

    reviewer: str
    user: str
    at: str
    note: str = ""
    figures_sha256: str = ""


@dataclass(frozen=True)
class Reopening:
    """A filed month reopened as Amendment `number` (1, 2, …), with the reason."""

    number: int
    reason: str
    user: str
    at: str


@dataclass(frozen=True)
class FiledVersion:
    """A month as filed — kept exactly: `document` is the canonical JSON of every input
    with its source, every computed line, the findings and the standing
    (`focusdesk.close.month_close.month_document`); `pdf` the printed form's bytes. `number` 0 is
    the original filing, n the nth amendment."""

    month: str
    number: int
    filed_date: str  # ISO 8601 date the month was filed
    reference: str  # the acceptance reference, when given
    user: str  # the OS user who recorded the filing
    at: str  # when it was recorded (ISO 8601, UTC)
    override: str  # the reason error-level findings were overridden, or ""
    approval: Approval | None
    reason: str  # an amendment's reason ("" for the original)
    document: str
    pdf: bytes
    pdf_sha256: str
    damaged: bool = False  # its stored SHA-256 no longer matches: still filed, not shown

    @property
    def name(self) -> str:
        return "original" if self.number == 0 else f"amendment-{self.number}"

    @property
    def title(self) -> str:
        return "Original filing" if self.number == 0 else f"Amendment {self.number}"


@dataclass(frozen=True)
class MonthClose:
    """Where a month stands in the close: its approval, its filed versions (oldest first)
    and, when a filed month is reopened, the amendment being prepared."""

    approval: Approval | None = None
    versions: tuple[FiledVersion, ...] = ()
    reopened: Reopening | None = None

    @property
    def frozen(self) -> bool:
        """Filed and not reopened: its figures are kept exactly as filed."""
        return bool(self.versions) and self.reopened is None


@dataclass
class Firm:
    name: str = ""
    id_no: str = ""
    sec_file_no: str = ""
    preparer: str = ""
    phone: str = ""
    # The form's header: "Address of Principal Place of Business (No. and Street) (City)
    # (State) (Zip Code)", one line as the controller writes it. Kept in the workbook
    # file's meta table like the other firm fields (no schema change).
    address: str = ""

    FIELDS = ("name", "id_no", "sec_file_no", "preparer", "phone", "address")
