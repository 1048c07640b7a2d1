"""How the `.focus` file holds a stored record: a trial balance's columns as one text, and
the fields of each sealed record (a trial balance, a Daily Seg filing, a filed version) in
the order their SHA-256 is taken over — what `store` writes and checks on open, and what
the schema's migrations (`schema`) compute for an older file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

# A trial balance's columns as one text: the row count, then each column's cells joined
# by the ASCII unit separator, all after and between record separators (ten times faster
# to write and read than JSON). A cell holding either separator itself (never seen in a
# ledger export) makes the text a JSON array instead.
_UNIT, _RECORD = "\x1f", "\x1e"


def joined_columns(*columns: Sequence[str]) -> str:
    joined = [_UNIT.join(c) for c in columns]
    n = len(columns[0])
    if all(len(c) == n and j.count(_UNIT) == max(n - 1, 0) and _RECORD not in j
           for j, c in zip(joined, columns, strict=True)):
        return _RECORD.join(["", str(n), *joined])
    return json.dumps(columns, ensure_ascii=False, separators=(",", ":"))


def split_columns(text: str) -> list[list[str]]:
    """The columns `joined_columns` wrote."""
    if text.startswith(_RECORD):
        _, n, *joined = text.split(_RECORD)
        columns = [c.split(_UNIT) if int(n) else [] for c in joined]
    else:
        columns = json.loads(text)
        n = len(columns[0]) if columns else 0
    if not all(isinstance(c, list) and len(c) == int(n)
               and all(isinstance(v, str) for v in c) for c in columns):
        raise ValueError("a trial balance's columns differ in length or hold non-text")
    return columns


# The stored fields of a trial balance and of a Daily Seg filing, in the order their
# SHA-256 (`stored_sha256`, step 6) is taken over.
TB_FIELDS = ("month", "file_name", "sha256", "basis", "sheet", "imported_at", "user",
              "rows_data")
FILING_FIELDS = ("sha256", "file_name", "raw", "end_date", "firm", "submit_date", "form",
                  "amendment", "status", "amounts", "imported_at", "user")
# A filed version's stored fields (step 7), in the order its SHA-256 is taken over.
FILED_FIELDS = ("month", "number", "filed_date", "reference", "user", "at", "override",
                 "approval", "reason", "document", "pdf", "pdf_sha256")


def stored_digest(values: Sequence[object]) -> str:
    """The SHA-256 of a stored record's fields, each length-prefixed (so no two records
    run together alike): what a flipped bit in the file, which SQLite's own checks pass,
    no longer matches."""
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    h = hashlib.sha256()
    for v in values:
        b = v if isinstance(v, bytes) else str(v).encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "big"))
        h.update(b)
    return h.hexdigest()
