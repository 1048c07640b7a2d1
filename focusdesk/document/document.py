"""An open workbook as a document: file, lock, undo history, autosave and recovery.

Qt-free so the behaviour a controller relies on — "who has this file open", "my edits
survived the crash" — is tested without a window.

* Opening takes the file's lock; when another FocusDesk holds it (this PC or another
  on a shared drive) the document opens read-only and says who holds it.
* Autosave writes the unsaved edits to a recovery file in the user's local data folder
  (never beside a file on a shared drive), atomically. Saving or closing normally
  removes it; after a crash it remains, and reopening the workbook offers it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..base.atomicfile import write_atomically
from ..form.catalog import MONTHS
from ..model.workbook import (
    Entry,
    Firm,
    MappingRow,
    StoredFiling,
    StoredWorksheet,
    TBRow,
    TrialBalance,
    Workbook,
)
from .editing import (
    AnswerCell,
    BCell,
    EditHistory,
    FilingStore,
    ItemCell,
    MappingTable,
    Setting,
    Step,
    Target,
    TrialBalanceSlot,
    Value,
    WorksheetSlot,
)
from .files import same_file
from .lock import LockedError, WorkbookLock
from .store import SavedState, StoreError, load, save

RECOVERY_VERSION = 1


def data_dir() -> Path:
    """The user's local (not roaming, not shared) data folder for FocusDesk."""
    override = os.environ.get("FOCUSDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "FocusDesk"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "FocusDesk"
    return Path(os.environ.get("XDG_STATE_HOME", Path.home() / ".local" / "state")) / "focusdesk"


def recovery_path(path: Path | None) -> Path:
    key = str(path.resolve()) if path else f"untitled-{os.getpid()}"
    import hashlib  # here, not at start-up: OpenSSL takes milliseconds to load

    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
    return data_dir() / "recovery" / f"{digest}.json"


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text.encode("utf-8"))


def _entry_json(e: Entry) -> list[str]:
    return [str(e.value), e.source, e.source_ref]


def snapshot(wb: Workbook) -> dict[str, Any]:
    """Every input of the workbook, with provenance — what recovery restores."""
    return {
        "profile": {"year": wb.year, "method": wb.method.value,
                    "minimum_dollar": str(wb.minimum_dollar),
                    **{f"firm.{k}": getattr(wb.firm, k) for k in Firm.FIELDS}},
        "items": {m: {c: _entry_json(e) for c, e in wb.items[m].items()} for m in MONTHS},
        "schedule_b": {m: {f"{line}|{col}": _entry_json(e)
                           for (line, col), e in wb.schedule_b[m].items()} for m in MONTHS},
        "answers": dict(wb.schedule_b_answer),
        "tb_mapping": [[r.account, r.code, r.sign] for r in wb.tb_mapping],
        "trial_balances": {m: {"file_name": t.file_name, "sha256": t.sha256, "basis": t.basis,
                               "sheet": t.sheet, "imported_at": t.imported_at, "user": t.user,
                               "rows": [[r.account, r.description, str(r.balance)]
                                        for r in t.rows]}
                           for m, t in wb.trial_balances.items()},
        "filings": [{**{k: getattr(f, k) for k in _FILING_TEXT},
                     "raw": base64.b64encode(f.raw).decode("ascii"),
                     "values": [[c, str(v)] for c, v in f.values]} for f in wb.filings],
        # The worksheets' inputs (positions, Exhibit A items), by month.
        "worksheets": [{"month": m, **w.as_json()} for (m, _k), w in wb.worksheets.items()],
    }


# A stored Daily Seg filing's text fields, as the recovery file keeps them.
_FILING_TEXT = ("file_name", "sha256", "end_date", "firm", "submit_date", "form", "amendment",
                "status", "imported_at", "user")


def _filing(data: dict[str, Any]) -> StoredFiling:
    from decimal import Decimal

    return StoredFiling(raw=base64.b64decode(data["raw"]),
                        values=tuple((c, Decimal(v)) for c, v in data["values"]),
                        **{k: data[k] for k in _FILING_TEXT})


def _trial_balance(data: dict[str, Any]) -> TrialBalance:
    from decimal import Decimal

    return TrialBalance(data["file_name"], data["sha256"],
                        tuple(TBRow(a, d, Decimal(b)) for a, d, b in data["rows"]),
                        data.get("basis", "ytd"), data.get("sheet", ""),
                        data.get("imported_at", ""), data.get("user", ""))


def assignments_to(wb: Workbook, snap: dict[str, Any]) -> list[tuple[Target, Value]]:
    """The assignments that turn `wb`'s inputs into those of `snap`."""
    from decimal import Decimal

    out: list[tuple[Target, Value]] = []
    for name, value in snap["profile"].items():
        if name == "minimum_dollar":
            value = Decimal(value)
        out.append((Setting(name), value))
    for m in MONTHS:
        target = {c: Entry(Decimal(v), s, r) for c, (v, s, r) in snap["items"].get(m, {}).items()}
        for code in set(wb.items[m]) | set(target):
            out.append((ItemCell(m, code), target.get(code)))
        btarget = {tuple(k.split("|")): Entry(Decimal(v), s, r)
                   for k, (v, s, r) in snap["schedule_b"].get(m, {}).items()}
        for key in set(wb.schedule_b[m]) | set(btarget):
            line, col = key
            out.append((BCell(m, line, col), btarget.get(key)))
        out.append((AnswerCell(m), snap["answers"].get(m)))
    if "trial_balances" in snap:  # recovery files written before trial-balance import lack it
        tbs = snap["trial_balances"]
        for m in MONTHS:
            out.append((TrialBalanceSlot(m), _trial_balance(tbs[m]) if m in tbs else None))
    if "tb_mapping" in snap:
        out.append((MappingTable(), tuple(MappingRow(*r) for r in snap["tb_mapping"])))
    if "filings" in snap:  # nor those written before Daily Seg filings
        out.append((FilingStore(), tuple(_filing(f) for f in snap["filings"])))
    if "worksheets" in snap:  # nor those written before the worksheets
        kept = {(w["month"], w["kind"]): StoredWorksheet.from_json(w)
                for w in snap["worksheets"]}
        for key in sorted(set(wb.worksheets) | set(kept)):
            out.append((WorksheetSlot(*key), kept.get(key)))
    return out


@dataclass
class Recovery:
    path: Path
    saved_at: str
    snapshot: dict[str, Any]


class Document:
    def __init__(self, wb: Workbook, path: Path | None = None,
                 state: SavedState | None = None, *, read_only: bool = False,
                 read_only_reason: str = "", lock: WorkbookLock | None = None,
                 title_hint: str = ""):
        self.wb = wb
        self.path = path
        self.state = state or SavedState()
        self.history = EditHistory(wb)
        self.history.read_only = (f"{path.name if path else title_hint} is open read-only: "
                                  f"{read_only_reason}" if read_only else "")
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self.lock = lock
        self.title_hint = title_hint
        # Why the file is read-only when another FocusDesk's lock is in the way: its
        # `stale` says when that holder looks gone (the window offers "Open anyway").
        self.lock_error: LockedError | None = None

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, break_dead: bool = True,
             take_over: bytes | None = None) -> Document:
        """Open for writing, or read-only (with the reason) when another user holds it.
        `break_dead` and `take_over` are `WorkbookLock.acquire`'s."""
        p = Path(path)
        lock = WorkbookLock(p)
        reason = ""
        locked: LockedError | None = None
        try:
            lock.acquire(break_dead=break_dead, take_over=take_over)
        except LockedError as exc:
            reason = str(exc).replace("; it can be opened read-only.", ".")
            lock, locked = None, exc
        except StoreError as exc:
            reason = str(exc)
            lock = None
        try:
            wb, state = load(p)
        except BaseException:
            if lock:
                lock.release()
            raise
        if not reason and not os.access(p, os.W_OK):
            reason = f"{p.name} is read-only on disk."
        doc = cls(wb, p, state, read_only=bool(reason), read_only_reason=reason, lock=lock)
        doc.lock_error = locked
        return doc

    @classmethod
    def untitled(cls, wb: Workbook, title_hint: str = "Untitled") -> Document:
        return cls(wb, None, None, title_hint=title_hint)

    @classmethod
    def sample(cls) -> Document:
        """The shipped sample, as an untitled document (read from a copy: the installed
        file is never migrated or locked)."""
        import shutil
        import tempfile

        from ..base.paths import sample_workbook

        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "sample.focus"
            shutil.copyfile(sample_workbook(), copy)
            wb, _ = load(copy)
        return cls.untitled(wb, "Sample workbook")

    # -- state ------------------------------------------------------------------
    @property
    def title(self) -> str:
        name = self.path.name if self.path else self.title_hint
        return name + (" [read-only]" if self.read_only else "")

    @property
    def modified(self) -> bool:
        return self.history.modified

    @property
    def damaged(self) -> tuple[str, ...]:
        """Stored records found damaged as the file was opened (left out, one sentence
        each, e.g. "FEB's stored trial balance (feb.xlsx) is damaged; re-import it")."""
        return self.state.damaged

    def apply(self, label: str, assignments: list[tuple[Target, Value]]) -> Step | None:
        return self.history.apply(label, assignments)

    # -- saving -----------------------------------------------------------------
    def save(self, path: str | os.PathLike[str] | None = None) -> None:
        target = Path(path) if path is not None else self.path
        if target is None:
            raise StoreError("choose a file name first (Save As)")
        if self.path is not None and target != self.path and same_file(target, self.path):
            target = self.path  # Save As onto the open file itself (another spelling): Save
        if self.read_only and target == self.path:
            raise StoreError(f"{self.title} is open read-only; use Save As to keep a copy.")
        new_lock = None
        if target != self.path:
            new_lock = WorkbookLock(target)
            new_lock.acquire()  # LockedError if someone holds the target
            state = SavedState()
        else:
            state = self.state
        try:
            # Save As over another workbook replaces it whole (never merged into it)
            save(self.wb, target, state, replace=new_lock is not None)
        except BaseException:
            if new_lock:
                new_lock.release()
            raise
        old_recovery = recovery_path(self.path)
        if new_lock:
            if self.lock:
                self.lock.release()
            self.lock, self.path, self.state = new_lock, target, state
            self.read_only, self.read_only_reason = False, ""
            self.history.read_only = ""
        self.history.mark_clean()
        with contextlib.suppress(FileNotFoundError):
            old_recovery.unlink()
        with contextlib.suppress(FileNotFoundError):
            recovery_path(self.path).unlink()

    # -- autosave and recovery ----------------------------------------------------
    def autosave(self) -> Path | None:
        """Write unsaved edits to the recovery file; None when there is nothing to keep.
        The lock's time is renewed too (a lock a day old is offered to be broken)."""
        if self.lock:
            self.lock.touch()
        if not self.modified or self.read_only:
            return None
        target = recovery_path(self.path)
        doc = {"version": RECOVERY_VERSION,
               "path": str(self.path) if self.path else None,
               "saved_at": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M:%S"),
               "snapshot": snapshot(self.wb)}
        _atomic_write(target, json.dumps(doc))
        return target

    def pending_recovery(self) -> Recovery | None:
        """Edits autosaved for this file by a FocusDesk that did not close normally."""
        target = recovery_path(self.path)
        try:
            doc = json.loads(target.read_text(encoding="utf-8"))
            if doc.get("version") != RECOVERY_VERSION:
                return None
            return Recovery(target, doc["saved_at"], doc["snapshot"])
        except (OSError, ValueError, KeyError):
            return None

    def recover(self, rec: Recovery) -> Step | None:
        """Apply recovered edits as one undoable step (the file itself is unchanged)."""
        return self.apply(f"Recover edits autosaved {rec.saved_at}",
                          assignments_to(self.wb, rec.snapshot))

    def discard_recovery(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            recovery_path(self.path).unlink()

    def close(self) -> None:
        """A normal close: no recovery is kept, the lock is released."""
        self.discard_recovery()
        if self.lock:
            self.lock.release()
            self.lock = None
