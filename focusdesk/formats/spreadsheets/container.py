"""The container of a spreadsheet from outside, checked in this process before
python-calamine sees a byte (`check_container`), and refused in one sentence:

* a zip (xlsx, xlsm, ods): its directory — at most `MAX_MEMBERS` members, at most
  `MAX_UNCOMPRESSED` bytes uncompressed together, at most `MAX_RATIO`:1 for a member
  over `RATIO_FLOOR`, no encrypted member — and then every member inflated in bounded
  chunks, so a header that lies about its size fails its CRC; a damaged zip (truncated,
  an unknown compression method, a name that is not UTF-8) is named so. Each worksheet's
  declared ``<dimension>`` is held against `CELL_BUDGET`;
* an OLE compound file (xls; an encrypted Office file): the header, the sector table,
  the directory and the workbook stream's sector chain must lie inside the file (a
  truncated .xls made calamine panic); an ``EncryptedPackage`` stream is a password; each
  sheet's DIMENSIONS record is held against `CELL_BUDGET`.

The reading itself, in a child process, is `reader`'s.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # all members of a zip together
MAX_RATIO = 200  # uncompressed : compressed, for a member larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # Excel's own limit
# Cells read from one file, counted from A1 (the rows are read from A1): a 100,000-row
# trial balance of 4 columns is 400,000; Excel's grid is 17 billion.
CELL_BUDGET = 10_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_CHUNK = 1 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")

Cell = str | float | int | bool | date | datetime | time | timedelta
Progress = Callable[[str, int, int], bool]  # (phase, done, total) → False to cancel
Error = Callable[[str], Exception]


class Cancelled(Exception):
    """The user cancelled a long read."""


def is_container(data: bytes) -> bool:
    """Whether `data` is a zip or an OLE compound file (what `read_spreadsheet` reads)."""
    return data.startswith(ZIP_MAGICS) or data.startswith(OLE_MAGIC)


def short_reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:200]


def budget_refusal(name: str, what: str, rows: int, cols: int) -> str:
    return (f"{name}: {what} {rows:,} rows by {cols:,} columns ({rows * cols:,} cells "
            f"counted from A1); FocusDesk reads at most {CELL_BUDGET:,} cells of a "
            "spreadsheet — save the table on a sheet of its own and import that")


# -- zip (xlsx, xlsm, ods) ------------------------------------------------------------------

def check_zip(name: str, data: bytes, error: Error, progress: Progress | None = None) -> str:
    """The kind of the zip `data` ("xlsx" or "ods") once every limit is checked;
    `error(sentence)` is raised otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, UnicodeDecodeError,
            NotImplementedError, struct.error) as exc:
        raise error(f"{name} is a damaged zip file and cannot be read as a spreadsheet "
                    f"({short_reason(exc)})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise error(f"{name} holds {len(infos):,} files; that is not a spreadsheet "
                        "FocusDesk will open")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNCOMPRESSED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise error(f"{name} expands to an absurd size ({info.filename}: "
                            f"{info.file_size / 2**20:,.0f} MB from "
                            f"{info.compress_size / 2**20:,.1f} MB); refused as a possible "
                            "zip bomb")
            if info.flag_bits & 0x1:
                raise error(f"{name} is password-protected (encrypted zip); save an "
                            "unprotected copy to import it")
        names = {i.filename for i in infos}
        # The central directory may lie: inflate every member in bounded chunks — the CRC
        # check catches a member longer than it claims. The mimetype and each part's
        # declared dimension are read on the way.
        done, budget = 0, min(total, MAX_UNCOMPRESSED)
        mimetype = b""
        for info in infos:
            head, over, cancelled = b"", False, False
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        done += len(chunk)
                        head = head or chunk[:65536]
                        over = done > MAX_UNCOMPRESSED
                        cancelled = bool(progress) and not progress("checking", done, budget)
                        if over or cancelled:
                            break
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
                    NotImplementedError, UnicodeDecodeError, struct.error) as exc:
                raise error(f"{name} is a damaged zip file ({info.filename}: "
                            f"{short_reason(exc)})") from None
            if cancelled:
                raise Cancelled
            if over:
                raise error(f"{name} expands beyond {MAX_UNCOMPRESSED // 2**20} MB; refused "
                            "as a possible zip bomb")
            if info.filename == "mimetype":
                mimetype = head[:100]
            _check_dimension(name, head, error)
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise error(f"{name} is an OpenDocument file but not a spreadsheet")
    if "word/document.xml" in names:
        raise error(f"{name} is a Word document, not a spreadsheet")
    raise error(f"{name} is a zip archive, not an Excel or OpenDocument workbook")


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _check_dimension(name: str, head: bytes, error: Error) -> None:
    """An xlsx worksheet declares its used range (``<dimension ref="A1:D100001"/>``,
    before its cells): the rows are read from A1, so the range's far corner decides."""
    m = _DIMENSION.search(head)
    if m is None:
        return
    corner = m.group(1).decode("ascii").split(":")[-1]
    ref = _CELL_REF.fullmatch(corner)
    if ref is None:
        return  # calamine reads the cells themselves; the child checks the real extent
    rows, cols = int(ref.group(2)), _column_number(ref.group(1))
    if rows * cols > CELL_BUDGET:
        raise error(budget_refusal(
            name, f"a sheet declares the range {m.group(1).decode()} —", rows, cols))


# -- OLE compound files (xls; encrypted OOXML) ------------------------------------------------

_FREE = 0xFFFFFFFA  # sector numbers from here up are markers (end of chain, free, FAT…)


class _Damaged(Exception):
    pass


@dataclass
class _Compound:
    """A compound file's directory, walked with every sector checked to be in the file."""

    data: bytes
    size: int  # sector size
    fat: list[int]
    entries: dict[str, tuple[int, int]]  # lower-cased name → (start sector, size)
    mini_cutoff: int
    mini_fat_start: int
    root: tuple[int, int]

    def _offset(self, sector: int) -> int:
        off = (sector + 1) * self.size
        if off + self.size > len(self.data):
            raise _Damaged("a sector lies past the end of the file")
        return off

    def chain(self, start: int, fat: Sequence[int] | None = None) -> list[int]:
        fat = self.fat if fat is None else fat
        out, sector = [], start
        while sector < _FREE:
            if sector >= len(fat) or len(out) > len(fat):
                raise _Damaged("a sector chain runs outside the sector table or in a loop")
            out.append(sector)
            sector = fat[sector]
        return out

    def read(self, start: int, size: int) -> bytes:
        """A stream's bytes (from the mini stream when it is small)."""
        if size > len(self.data):
            raise _Damaged("a stream claims more bytes than the file holds")
        if size < self.mini_cutoff:
            mini_fat = b"".join(self.data[self._offset(s):self._offset(s) + self.size]
                                for s in self.chain(self.mini_fat_start))
            table = list(struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat))
            container = self.read_regular(*self.root)
            out = b"".join(container[s * 64:s * 64 + 64] for s in self.chain(start, table))
        else:
            out = self.read_regular(start, size)
        if len(out) < size:
            raise _Damaged("a stream is shorter than its directory entry says")
        return out[:size]

    def read_regular(self, start: int, size: int) -> bytes:
        sectors = self.chain(start)
        if len(sectors) * self.size < size:
            raise _Damaged("a stream is shorter than its directory entry says")
        return b"".join(self.data[self._offset(s):self._offset(s) + self.size]
                        for s in sectors)


def _compound(data: bytes) -> _Compound:
    if len(data) < 512:
        raise _Damaged("it is shorter than a compound file's header")
    byte_order, shift, mini_shift = struct.unpack_from("<HHH", data, 0x1C)
    if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
        raise _Damaged("its header is not a compound file's")
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    mini_cutoff, mini_fat_start, _n_mini = struct.unpack_from("<III", data, 0x38)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
    sectors_in_file = max(0, len(data) // size - 1)
    if n_fat > sectors_in_file or n_difat > sectors_in_file:
        raise _Damaged("its sector table is larger than the file")
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _FREE]
    sector = first_difat
    for _ in range(n_difat):
        if sector >= _FREE:
            break
        off = (sector + 1) * size
        if off + size > len(data):
            raise _Damaged("its sector table lies past the end of the file")
        entries = struct.unpack_from(f"<{size // 4}I", data, off)
        fat_sectors += [s for s in entries[:-1] if s < _FREE]
        sector = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        off = (s + 1) * size
        if off + size > len(data):
            raise _Damaged("its sector table lies past the end of the file")
        fat += struct.unpack_from(f"<{size // 4}I", data, off)
    cf = _Compound(data, size, fat, {}, mini_cutoff or 4096, mini_fat_start, (0, 0))
    for i, sector in enumerate(cf.chain(first_dir)):
        off = cf._offset(sector)
        for e in range(off, off + size, 128):
            length = struct.unpack_from("<H", data, e + 0x40)[0]
            kind = data[e + 0x42]
            start, stream_size = struct.unpack_from("<II", data, e + 0x74)  # size: low half
            if kind == 5 and i == 0 and e == off:
                cf.root = (start, stream_size)
            if kind in (1, 2, 5) and 2 <= length <= 64:
                entry = data[e:e + length - 2].decode("utf-16-le", "replace").lower()
                cf.entries.setdefault(entry, (start, stream_size))
    return cf


def cfb_stream_names(data: bytes) -> set[str] | None:
    """Lower-cased names in a compound file's directory; None if it cannot be walked."""
    try:
        return set(_compound(data).entries)
    except (_Damaged, struct.error, IndexError):
        return None


def check_ole(name: str, data: bytes, error: Error) -> str:
    """"xls" for a legacy workbook whose structure holds together; `error(sentence)` for
    a password-protected Office file, another Office document or a damaged one."""
    try:
        cf = _compound(data)
    except (_Damaged, struct.error, IndexError) as exc:
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise error(f"{name} is password-protected; save an unprotected copy to "
                        "import it") from None
        reason = exc if isinstance(exc, _Damaged) else "its directory cannot be walked"
        raise error(f"{name} is a damaged Office file ({reason})") from None
    streams = cf.entries
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise error(f"{name} is password-protected; save an unprotected copy to import it")
    book = streams.get("workbook") or streams.get("book")
    if book is None:
        if "worddocument" in streams:
            raise error(f"{name} is a Word document, not a spreadsheet")
        raise error(f"{name} is an Office file but not an Excel workbook")
    try:
        stream = cf.read(*book)
        _check_biff_dimensions(name, stream, error)
    except (_Damaged, struct.error, IndexError) as exc:
        reason = exc if isinstance(exc, _Damaged) else "its workbook stream is cut short"
        raise error(f"{name} is a damaged Excel workbook ({reason})") from None
    return "xls"


_BOUNDSHEET, _DIMENSIONS, _EOF = 0x0085, 0x0200, 0x000A
_CELL_RECORDS = {0x0006, 0x00BD, 0x00BE, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}


def _records(stream: bytes, pos: int) -> Iterable[tuple[int, int, int]]:
    """(type, offset of the body, length) of the BIFF records from `pos` on."""
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield kind, pos + 4, length
        pos += 4 + length


def _check_biff_dimensions(name: str, stream: bytes, error: Error) -> None:
    """Each worksheet's DIMENSIONS record (its used range) against the cell budget. The
    globals list the sheets (BOUNDSHEET: where each one's records start)."""
    starts: list[int] = []
    for kind, body, length in _records(stream, 0):
        if kind == _BOUNDSHEET and length >= 6 and stream[body + 5] == 0:  # a worksheet
            starts.append(struct.unpack_from("<I", stream, body)[0])
        elif kind == _EOF:
            break
    for start in starts:
        if start >= len(stream):
            raise _Damaged("a sheet starts past the end of the workbook stream")
        for n, (kind, body, length) in enumerate(_records(stream, start)):
            if kind == _DIMENSIONS:
                if length >= 14:
                    rows, cols = struct.unpack_from("<I", stream, body + 4)[0], \
                        struct.unpack_from("<H", stream, body + 10)[0]
                elif length >= 10:
                    rows, cols = struct.unpack_from("<HxxH", stream, body + 2)
                else:
                    break
                if rows * cols > CELL_BUDGET:
                    raise error(budget_refusal(
                        name, "a sheet's DIMENSIONS record says it spans", rows, cols))
                break
            if kind in _CELL_RECORDS or kind == _EOF or n > 200:
                break  # the record comes before the cells, if at all


def check_container(name: str, data: bytes, error: Error,
                    progress: Progress | None = None) -> str:
    """The kind of a zip or compound file ("xlsx", "ods" or "xls"), checked."""
    if not is_container(data):
        raise error(f"{name} is not an Excel or OpenDocument workbook")
    if data.startswith(OLE_MAGIC):
        return check_ole(name, data, error)
    return check_zip(name, data, error, progress)
