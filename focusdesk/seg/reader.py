"""Read a Daily Seg filing: a text, Markdown or HTML rendering, or a PDF's text layer.

Renderings of WinJammer filings are untidy (see the seeds): labels and amounts far
apart, a code on the line after its amount, markup around figures (``**``, ``<u>``,
``<b>``, ``<span>``), the letter ``o`` for a zero, negatives with a minus sign. So the
reader never relies on positions or labels: every amount is found by its bracketed code
— the figure written just before ``[7060]`` (markup and line breaks between them
ignored) — and the statement a code belongs to comes from the declaration
(`focusdesk.seg.statements`), not from where it sits in the file.

The header (firm name, End Date, Submit Date, form, INITIAL/AMENDED) is read from its
captions, and the cover page's residual-interest targets from the six blanks under each
target's heading. Anything that makes the file unusable is a `SegError` with one sentence
naming the file and what is wrong.
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from ..base.money import AmountError, parse_amount
from ..document.files import read_input
from . import SegError
from .statements import STATEMENT_OF, TARGETS

# A filing is ~10 KB as text or Markdown, a few tens of KB as HTML, ~11 KB as FocusDesk's
# own statements PDF and a few hundred KB as a PDF with embedded fonts; beyond these a
# file is refused before it is read.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PDF_PAGES = 40  # a filing prints on 5–8 pages
MAX_PDF_CONTENT = 8 * 1024 * 1024  # the pages' content streams, decompressed, together

# -- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    firm: str
    end_date: date
    submit_date: date | None = None
    form: str = ""
    amendment: str = ""  # "INITIAL" or "AMENDED"; "" when the rendering lost it


@dataclass(frozen=True)
class Filing:
    name: str  # the file's name
    sha256: str  # of the file's bytes
    kind: str  # "text", "markdown", "html" or "pdf"
    header: Header
    values: dict[str, Decimal]  # every bracketed code read → its amount, in file order
    # The cover page: target key → blank key → figure (see `statements.TARGETS`).
    targets: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # what was read with a reservation
    text: str = ""  # the text the figures were read from (markup removed)

    @property
    def unknown_codes(self) -> list[str]:
        """Codes read that no declared statement line carries."""
        return [c for c in self.values if c not in STATEMENT_OF]


# -- normalising the renderings -------------------------------------------------------------

# Every pattern here runs in time linear in the text: a hostile file is read as fast as a
# filing of its size (an unclosed `<!--` once made a lazy `.*?` rescan the rest of the
# text from every `<!--`: 44 s for 160 KB). Comments and script/style/head blocks are cut
# by `_cut`, one forward scan; a tag is `<` up to the next `>` with no `<` between.
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_BLOCK_END = re.compile(r"<(?:br\s*/?|/(?:p|div|tr|li|h[1-6]|table|section))\s*>",
                        re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
# What `_cut` removes: comments and the blocks whose text is not the page's. An unclosed
# comment, script or style runs to the end, as in a browser; an unclosed head cuts nothing.
_CUT_OPEN = re.compile(r"<(!--|script\b|style\b|head\b)", re.IGNORECASE)
_CUT_CLOSE = {"!--": re.compile("-->"), **{word: re.compile(rf"</{word}\s*>", re.IGNORECASE)
                                            for word in ("script", "style", "head")}}
_RUNS_TO_END = {"!--", "script", "style"}
_MD_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
_DASHES = re.compile(r"[\u2212\u2012\u2013\u2014](?=\s?[\doO(])")


def _cut(text: str) -> str:
    """`text` without its comments and script, style and head blocks (a space for each),
    in one forward scan: a closing tag not found once is not looked for again, so a
    thousand unclosed `<head>` cost one search, not a thousand."""
    out: list[str] = []
    pos = 0
    unclosed: set[str] = set()  # no closing tag for these after the point reached
    while (m := _CUT_OPEN.search(text, pos)) is not None:
        word = m.group(1).lower()
        end = None if word in unclosed else _CUT_CLOSE[word].search(text, m.end())
        if end is None:
            if word in _RUNS_TO_END:
                return "".join(out) + text[pos:m.start()] + " "
            unclosed.add(word)
            out.append(text[pos:m.end()])
            pos = m.end()
            continue
        out.append(text[pos:m.start()] + " ")
        pos = end.end()
    return "".join(out) + text[pos:] if out else text


def normalise(text: str) -> tuple[str, str]:
    """The text with markup removed, and what kind of rendering it was."""
    kind = "text"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _TAG.search(text) or _ENTITY.search(text) or "<!--" in text:
        kind = "html" if _TAG.search(text) or "<!--" in text else kind
        text = _cut(text)
        text = _BLOCK_END.sub("\n", text)
        text = _CELL_END.sub("\t", text)
        # Inline tags become a space: `<u>0</u><u>0</u>` are two figures, not "00".
        text = _TAG.sub(" ", text)
        text = html.unescape(text)
    if "**" in text or "__" in text or _MD_TABLE_ROW.search(text):
        kind = "markdown" if kind == "text" else kind
    text = _MD_ESCAPE.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(" ", text)
    text = text.replace("|", "\t").replace("\u00a0", " ").replace("\u2009", " ")
    text = _DASHES.sub("-", text)
    return text, kind


# -- amounts and codes ------------------------------------------------------------------------

_CODE = re.compile(r"\[\s*(\d{4})\s*\]")
# A figure as the renderings write it: digits (or the letter o for a zero) with thousands
# separators, an optional minus or parentheses, an optional $ and cents.
_NUM = r"(?:[0-9oO]{1,3}(?:,[0-9oO]{3})+|[0-9oO]+)(?:\.[0-9]{1,2})?"
_FIGURE_AT_END = re.compile(
    rf"(?:^|(?<=\s))(?P<fig>\(\$?{_NUM}\)|-?\$?-?{_NUM})\s*$")
_LOOKBACK = 120  # characters before a code searched for its figure
# A number after these words is a label's reference ("line 6", "Regulation 30.7"), not a
# figure: a rendering that lost a figure must not make one of its label.
_REFERENCE_WORD = re.compile(r"(?:^|\s)(?:lines?|page|regulation|section|part)\s*$",
                             re.IGNORECASE)


def figure_value(token: str) -> Decimal | None:
    """The amount a figure token stands for; None when it is not a figure (a word)."""
    digits = re.sub(r"[^0-9oO]", "", token)
    if not any(ch.isdigit() for ch in digits) and digits not in ("o", "O"):
        return None  # "oo" or "Oo" is a word fragment, not a zero
    cleaned = re.sub(r"[oO]", "0", token)
    try:
        return parse_amount(cleaned)
    except AmountError:
        return None


def _figure_before(text: str, pos: int) -> Decimal | None:
    window = text[max(0, pos - _LOOKBACK):pos]
    m = _FIGURE_AT_END.search(window)
    if m is None:
        return None
    start = m.start("fig")
    if start == 0 and pos - _LOOKBACK > 0 and not text[pos - _LOOKBACK - 1].isspace():
        return None  # the window cut a longer token in two
    if _REFERENCE_WORD.search(window[:start]):
        return None
    return figure_value(m.group("fig"))


# -- the header ---------------------------------------------------------------------------

_CAPTIONS = r"(?:End\s*Date|Submit\s*Date|Firm\s*Name|Form)\s*:"
_END = re.compile(r"End\s*Date\s*:\s*(\S+)", re.IGNORECASE)
_SUBMIT = re.compile(r"Submit\s*Date\s*:\s*(\S+)", re.IGNORECASE)
_FIRM = re.compile(rf"Firm\s*Name\s*:[ \t]*(?P<v>.*?)[ \t]*(?={_CAPTIONS}|$)",
                   re.IGNORECASE | re.MULTILINE)
_FORM = re.compile(rf"\bForm\s*:[ \t]*(?P<v>.*?)[ \t]*(?={_CAPTIONS}|$)",
                   re.IGNORECASE | re.MULTILINE)
_STATUS = re.compile(r"\b(INITIAL|AMENDED)\b")
# What a WinJammer filing prints and a document about one does not: its form caption, its
# page titles or its banner.
_MARKER = re.compile(r"\bForm\s*:\s*Daily\s+Seg|Daily\s+Segregation\s+-\s+\w|"
                     r"WINJAMMER\s+FILING", re.IGNORECASE)


def _date(text: str, name: str, caption: str) -> date:
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y"):
        try:
            return datetime.strptime(text.strip(".,;"), fmt).date()
        except ValueError:
            continue
    raise SegError(f"{name}: the {caption} {text!r} is not a date (expected MM/DD/YYYY)")


def _header(text: str, name: str) -> Header:
    ends = [m.group(1) for m in _END.finditer(text)]
    if not ends:
        raise SegError(f"{name} has no End Date: a Daily Seg filing's header gives the date "
                       "its statements are as of")
    dates = [_date(e, name, "End Date") for e in ends]
    if len(set(dates)) > 1:
        shown = " and ".join(sorted({d.strftime("%m/%d/%Y") for d in dates}))
        raise SegError(f"{name}: its pages disagree on the End Date ({shown})")
    submits = [m.group(1) for m in _SUBMIT.finditer(text)]
    submit = _date(submits[0], name, "Submit Date") if submits else None
    firms = [m.group("v").strip() for m in _FIRM.finditer(text) if m.group("v").strip()]
    forms = [m.group("v").strip() for m in _FORM.finditer(text) if m.group("v").strip()]
    status = _STATUS.search(text)
    return Header(firms[0] if firms else "", dates[0], submit, forms[0] if forms else "",
                  status.group(1) if status else "")


# -- the cover page's targets -----------------------------------------------------------------

_COVER_FIGURE = re.compile(rf"(?<![\w.,$%-])(?P<fig>-?{_NUM})(?![\w,])")


def _heading_pattern(heading: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in heading.split()]
    pattern = r"\s+".join(words).replace("'", "['’]?").replace(r"\'", "['’]?")
    return re.compile(pattern, re.IGNORECASE)


def _targets(text: str) -> tuple[dict[str, dict[str, Decimal]], list[str]]:
    found: list[tuple[int, int, str]] = []
    for target in TARGETS:
        m = _heading_pattern(target.heading).search(text)
        if m:
            found.append((m.start(), m.end(), target.key))
    found.sort()
    stops = [re.search(r"Attach\s+supporting\s+documents|End\s*Date\s*:|\[\d{4}\]", text[s:])
             for _, s, _ in found]
    out: dict[str, dict[str, Decimal]] = {}
    notes: list[str] = []
    by_key = {t.key: t for t in TARGETS}
    for i, (_, end, key) in enumerate(found):
        limit = found[i + 1][0] if i + 1 < len(found) else len(text)
        stop = stops[i]
        if stop is not None:
            limit = min(limit, end + stop.start())
        block = text[end:limit]
        block = re.sub(r"\(choose one\)", " ", block, flags=re.IGNORECASE)
        figures = [figure_value(m.group("fig")) for m in _COVER_FIGURE.finditer(block)]
        values = [f for f in figures if f is not None]
        target = by_key[key]
        if len(values) == len(target.fields):
            out[key] = {f.key: v for f, v in zip(target.fields, values, strict=True)}
        else:
            notes.append(f"the cover page's {target.heading} could not be read "
                         f"({len(values)} figure(s) where {len(target.fields)} belong)")
    for target in TARGETS:
        if target.key not in out and not any(k == target.key for *_, k in found):
            notes.append(f"the cover page's {target.heading} is not in the file")
    return out, notes


# -- bytes to text --------------------------------------------------------------------------

_BINARY_MAGICS = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (a Word or Excel file?)",
    b"\xd0\xcf\x11\xe0": "an Office document",
    b"SQLite format 3": "a database (a FocusDesk workbook?)",
    b"\x1f\x8b": "a gzip archive",
}


def _pdf_text(data: bytes, name: str) -> str:
    """The PDF's text layer, page by page, within a filing's bounds: at most
    `MAX_PDF_PAGES` pages (counted from the page tree before a page is read) and
    `MAX_PDF_CONTENT` bytes of page content once decompressed."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
    except ImportError:  # pragma: no cover - pypdf is a dependency
        raise SegError(f"{name} is a PDF, and reading PDFs needs pypdf, which is not "
                       "installed") from None
    password = (f"{name} is a password-protected PDF; save it without a password and read "
                "it again")
    # pypdf logs what it repairs in a damaged file, some of it as errors ("Advanced
    # encoding … not implemented"); the sentence we raise says enough.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL + 1)
    try:
        reader = PdfReader(io.BytesIO(data))
        # An empty user password (a PDF that opens without asking, only "secured" against
        # editing) is opened; AES needs the cryptography package, a dependency.
        if reader.is_encrypted and not reader.decrypt(""):
            raise SegError(password)
        declared = reader.trailer["/Root"]["/Pages"].get("/Count", 0)
        if isinstance(declared, int) and declared > MAX_PDF_PAGES:
            raise SegError(_too_many_pages(name, declared))
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise SegError(_too_many_pages(name, count))
        content = 0
        for page in reader.pages:
            stream = page.get_contents()
            content += len(stream.get_data()) if stream is not None else 0
            if content > MAX_PDF_CONTENT:
                raise SegError(f"{name} is a PDF whose pages hold more than "
                               f"{MAX_PDF_CONTENT // 2**20} MB of content once decompressed; "
                               "a Daily Seg filing holds a few KB a page")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except SegError:
        raise
    except FileNotDecryptedError:
        raise SegError(password) from None
    except DependencyError:
        raise SegError(f"{name} is an encrypted PDF, and opening it needs the cryptography "
                       "package, which is not installed (pip install cryptography)") from None
    except LimitReachedError:
        raise SegError(f"{name} is a PDF whose content expands beyond what FocusDesk reads "
                       "(a decompression bomb?); a Daily Seg filing holds a few KB a page"
                       ) from None
    except RecursionError:
        raise SegError(f"{name} is a damaged PDF that cannot be read (its objects refer to "
                       "each other without end)") from None
    except MemoryError:
        raise SegError(f"{name} is a PDF too large to read") from None
    except Exception as exc:  # pypdf on a damaged file: PdfReadError, KeyError, TypeError, …
        raise SegError(f"{name} is a damaged PDF that cannot be read "
                       f"({type(exc).__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise SegError(f"{name} is a PDF without a text layer (a scanned image?); "
                       "FocusDesk reads the text of a PDF, not its pictures")
    return text


def _too_many_pages(name: str, pages: int) -> str:
    return (f"{name} is a PDF of {pages:,} pages; a Daily Seg filing prints on a few, and "
            f"FocusDesk reads filings of up to {MAX_PDF_PAGES}")


def _decode(data: bytes, name: str) -> str:
    for magic, what in _BINARY_MAGICS.items():
        if data.startswith(magic):
            raise SegError(f"{name} is {what}, not a Daily Seg filing")
    if b"\x00" in data[:65536]:
        raise SegError(f"{name} is a binary file, not a Daily Seg filing (text, Markdown, "
                       "HTML or PDF)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # a Windows rendering
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 100) or text.count("\ufffd") > 32:
        raise SegError(f"{name} is a binary file, not a Daily Seg filing (text, Markdown, "
                       "HTML or PDF)")
    return text


# -- reading ----------------------------------------------------------------------------------

def read_filing(data: bytes, name: str) -> Filing:
    """Read a filing from its bytes; `name` names it in messages."""
    if len(data) > MAX_FILE_BYTES:  # a file, or one stored in a workbook before the limit
        raise SegError(f"{name} is {len(data) / 2**20:,.1f} MB; a Daily Seg filing is far "
                       f"smaller, and FocusDesk reads filings up to "
                       f"{MAX_FILE_BYTES // 2**20} MB")
    if not data.strip():
        raise SegError(f"{name} is empty")
    if data.lstrip()[:5] == b"%PDF-":
        raw_text, kind = _pdf_text(data, name), "pdf"
        text, _ = normalise(raw_text)
    else:
        text, kind = normalise(_decode(data, name))
    if not _MARKER.search(text):
        raise SegError(f"{name} is not a WinJammer Daily Seg filing (no 'Form: Daily Seg' "
                       "caption, statement title or WinJammer banner in it)")
    values: dict[str, Decimal] = {}
    notes: list[str] = []
    for m in _CODE.finditer(text):
        code = m.group(1)
        value = _figure_before(text, m.start())
        if value is None:
            notes.append(f"[{code}] has no amount before it")
            continue
        if code in values and values[code] != value:
            raise SegError(f"{name}: [{code}] appears twice with different amounts "
                           f"({values[code]} and {value})")
        values[code] = value
    if not any(code in STATEMENT_OF for code in values):
        raise SegError(f"{name} names a Daily Seg filing but no amount of its statements "
                       "(such as [7060] or [7180]) could be read")
    header = _header(text, name)
    targets, target_notes = _targets(text)
    return Filing(name, hashlib.sha256(data).hexdigest(), kind, header, values, targets,
                  tuple(dict.fromkeys(notes + target_notes)), text)


def read_filing_file(path: str | Path) -> tuple[Filing, bytes]:
    """Read a filing from a file: the filing and the file's bytes (stored by an import)."""
    data = read_input(path, SegError, limit=MAX_FILE_BYTES, what="filings")
    return read_filing(data, Path(path).name), data
