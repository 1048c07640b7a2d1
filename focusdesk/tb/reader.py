"""Read a trial-balance spreadsheet: `.xlsx`, `.xlsm`, `.xls` (BIFF), `.ods` or `.csv`.

The file's content decides how it is read, not its name: a zip with ``xl/workbook.xml``
is Excel, one whose ``mimetype`` says so is OpenDocument, an OLE compound file with a
``Workbook`` stream is a legacy `.xls`, text named `.csv`/`.txt`/`.tsv` is CSV.

Limits are checked *before* python-calamine sees the bytes:

* a zip whose members claim an absurd uncompressed size or compression ratio is refused
  from its central directory; then every member is decompressed in bounded chunks
  (checking its CRC), so a header that lies about its size is caught too;
* an OLE compound file holding an ``EncryptedPackage`` stream is an Office file
  encrypted with a password ("password-protected"), not a damaged workbook;
* a file larger than `MAX_FILE_BYTES`, or a sheet with more rows than Excel allows.

Cells come back as python-calamine gives them (str, float, int, bool, date…, '' for
empty), row 1 of the spreadsheet at index 0.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..files import read_input
from . import TBError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # all members of a zip together
MAX_RATIO = 200  # uncompressed : compressed, for a member larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # Excel's own limit
_CHUNK = 1 << 20

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_OTHER_MAGICS = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"SQLite format 3": "a database (a FocusDesk workbook?)",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"{\\rtf": "an RTF document",
}


class Cancelled(Exception):
    """The user cancelled a long read."""


Progress = Callable[[str, int, int], bool]  # (phase, done, total) → False to cancel


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[0] is spreadsheet row 1, rows[r][0] column A

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Spreadsheet:
    """An opened trial-balance file; sheets are read on first use and kept."""

    path: Path
    sha256: str
    kind: str  # "xlsx", "ods", "xls", "csv"
    sheet_names: list[str]
    _book: object = None
    _sheets: dict[str, Sheet] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            self._sheets[name] = self._read_sheet(name)
        return self._sheets[name]

    def sheets(self) -> list[Sheet]:
        return [self.sheet(n) for n in self.sheet_names]

    def _read_sheet(self, name: str) -> Sheet:
        if name not in self.sheet_names:
            raise TBError(f"{self.name} has no sheet {name!r} "
                          f"(it has {', '.join(map(repr, self.sheet_names))})")
        book = self._book
        try:
            sheet = book.get_sheet_by_name(name)  # type: ignore[attr-defined]
            if sheet.total_height > MAX_ROWS:
                raise TBError(f"{self.name}, sheet {name!r}: {sheet.total_height:,} rows is "
                              f"more than a spreadsheet holds ({MAX_ROWS:,})")
            rows = sheet.to_python(skip_empty_area=False)
        except TBError:
            raise
        except Exception as exc:  # python-calamine's errors (CalamineError, XmlError, …)
            raise TBError(f"{self.name}, sheet {name!r} cannot be read; the file may be "
                          f"damaged ({_short(exc)})") from None
        return Sheet(name, rows)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def open_spreadsheet(path: str | os.PathLike[str], *,
                     progress: Progress | None = None) -> Spreadsheet:
    """Open `path` for reading sheets; `TBError` (one sentence) when it cannot be."""
    path = Path(path)
    data = _read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    name = path.name
    if not data:
        raise TBError(f"{name} is empty")
    if data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        kind = _check_zip(name, data, progress)
    elif data.startswith(OLE_MAGIC):
        kind = _check_ole(name, data)
    else:
        for magic, what in _OTHER_MAGICS.items():
            if data.startswith(magic):
                raise TBError(f"{name} is not a spreadsheet: it is {what}")
        if path.suffix.lower() in TEXT_SUFFIXES:
            return _open_csv(path, data, sha)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
            raise TBError(f"{name} is not an Excel or OpenDocument workbook (its content is "
                          "neither); if it is a text export, name it .csv")
        raise TBError(f"{name} is not a spreadsheet FocusDesk reads "
                      "(.xlsx, .xlsm, .xls, .ods or .csv)")
    try:
        import python_calamine
    except ImportError:  # pragma: no cover — a dependency of the package
        raise TBError("reading spreadsheets needs python-calamine, which is not "
                      "installed (pip install python-calamine)") from None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
    except Exception as exc:
        if type(exc).__name__ == "PasswordError":
            raise TBError(f"{name} is password-protected; save an unprotected copy "
                          "to import it") from None
        raise TBError(f"{name} cannot be read as a spreadsheet; it may be damaged "
                      f"({_short(exc)})") from None
    if not names:
        raise TBError(f"{name} has no sheets")
    return Spreadsheet(path, sha, kind, names, book)


def _read_bytes(path: Path) -> bytes:
    return read_input(path, TBError, limit=MAX_FILE_BYTES, what="trial balances")


# -- zip (xlsx, xlsm, ods) ------------------------------------------------------------

def _check_zip(name: str, data: bytes, progress: Progress | None) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TBError(f"{name} is a damaged zip file and cannot be read as a "
                      f"spreadsheet ({_short(exc)})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise TBError(f"{name} holds {len(infos):,} files; that is not a spreadsheet "
                          "FocusDesk will open")
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNCOMPRESSED or (info.file_size > RATIO_FLOOR and ratio > MAX_RATIO):
                raise TBError(f"{name} expands to an absurd size ({info.filename}: "
                              f"{info.file_size / 2**20:,.0f} MB from "
                              f"{info.compress_size / 2**20:,.1f} MB); refused as a "
                              "possible zip bomb")
            if info.flag_bits & 0x1:
                raise TBError(f"{name} is password-protected (encrypted zip); save an "
                              "unprotected copy to import it")
        names = {i.filename for i in infos}
        kind = ""
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            kind = "xlsx"
        elif "mimetype" in names:
            mime = zf.read("mimetype")[:100]
            if mime.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                kind = "ods"
            elif mime.startswith(b"application/vnd.oasis.opendocument"):
                raise TBError(f"{name} is an OpenDocument file but not a spreadsheet")
        if not kind:
            if "word/document.xml" in names:
                raise TBError(f"{name} is a Word document, not a spreadsheet")
            raise TBError(f"{name} is a zip archive, not an Excel or OpenDocument workbook")
        # The central directory may lie: decompress every member in bounded chunks —
        # the CRC check catches a member longer than it claims.
        done, budget = 0, min(total, MAX_UNCOMPRESSED)
        for info in infos:
            try:
                with zf.open(info) as fh:
                    while chunk := fh.read(_CHUNK):
                        done += len(chunk)
                        if done > MAX_UNCOMPRESSED:
                            raise TBError(f"{name} expands beyond "
                                          f"{MAX_UNCOMPRESSED // 2**20} MB; refused as a "
                                          "possible zip bomb")
                        if progress and not progress("checking", done, budget):
                            raise Cancelled
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
                    NotImplementedError) as exc:
                raise TBError(f"{name} is damaged ({info.filename}: {_short(exc)})") from None
    return kind


# -- OLE compound files (xls; encrypted OOXML) ------------------------------------------

def _check_ole(name: str, data: bytes) -> str:
    streams = cfb_stream_names(data)
    if streams is None:  # a directory we could not walk: look for the name itself
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        streams = {"encryptedpackage"} if encrypted else {"workbook"}
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        raise TBError(f"{name} is password-protected; save an unprotected copy to import it")
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "worddocument" in streams:
        raise TBError(f"{name} is a Word document, not a spreadsheet")
    raise TBError(f"{name} is an Office file but not an Excel workbook")


def cfb_stream_names(data: bytes) -> set[str] | None:
    """Lower-cased names in a compound file's directory; None if it cannot be walked."""
    try:
        if len(data) < 512:
            return None
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        if shift not in (9, 12):
            return None
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        first_difat, n_difat = struct.unpack_from("<II", data, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < 0xFFFFFFFA]
        sector = first_difat
        for _ in range(min(n_difat, 10_000)):
            if sector >= 0xFFFFFFFA:
                break
            off = (sector + 1) * size
            entries = struct.unpack_from(f"<{size // 4}I", data, off)
            fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
            sector = entries[-1]
        fat_sectors = fat_sectors[:n_fat]
        fat: list[int] = []
        for s in fat_sectors:
            fat += struct.unpack_from(f"<{size // 4}I", data, (s + 1) * size)
        names: set[str] = set()
        sector, seen = first_dir, 0
        while sector < 0xFFFFFFFA and seen < 100_000:
            off = (sector + 1) * size
            for e in range(off, off + size, 128):
                length = struct.unpack_from("<H", data, e + 0x40)[0]
                kind = data[e + 0x42]
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.add(data[e:e + length - 2].decode("utf-16-le", "replace").lower())
            sector = fat[sector] if sector < len(fat) else 0xFFFFFFFE
            seen += 1
        return names
    except (struct.error, IndexError):
        return None


# -- CSV --------------------------------------------------------------------------------

def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:  # an odd length, half a surrogate pair
            raise TBError(f"{name} starts with a UTF-16 byte-order mark but is not UTF-16 "
                          f"text (at byte {exc.start:,}: {exc.reason}); save it again as "
                          "CSV (UTF-8)") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows


def _delimiter(text: str, path: Path) -> str:
    """The delimiter that splits the first lines into the most consistent columns."""
    lines = [line for line in text[:65536].splitlines()[:60] if line.strip()]
    best, best_key = ("\t" if path.suffix.lower() == ".tsv" else ","), (0.0, 0)
    for d in (",", ";", "\t", "|"):
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        if common < 2:
            continue
        key = (widths.count(common) / len(widths), common)
        if key > best_key:
            best, best_key = d, key
    return best


def _open_csv(path: Path, data: bytes, sha: str) -> Spreadsheet:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE,
                                                        codecs.BOM_UTF16_BE)):
        raise TBError(f"{path.name} is not a text file, so not a CSV trial balance")
    text = _decode(data, path.name)
    try:
        rows: list[list[object]] = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, path)))
    except csv.Error as exc:
        raise TBError(f"{path.name} is not a readable CSV file ({exc})") from None
    if len(rows) > MAX_ROWS:
        raise TBError(f"{path.name}: {len(rows):,} rows is more than FocusDesk reads "
                      f"({MAX_ROWS:,})")
    sheet = Sheet(path.stem, rows)
    book = Spreadsheet(path, sha, "csv", [sheet.name])
    book._sheets[sheet.name] = sheet
    return book
