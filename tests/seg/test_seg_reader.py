"""focusdesk.seg.reader: the seeds read completely; markup, layouts and bad files."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from focusdesk.seg import SegError
from focusdesk.seg.reader import figure_value, normalise, read_filing, read_filing_file
from focusdesk.seg.statements import CODES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "seg"
TIDY = FIXTURES / "000_f78615206c38f945.txt"  # Wedbush, 11/27/2017
SCRAMBLED = FIXTURES / "001_709a681e187ed0f2.txt"  # Credit Suisse, 12/26/2017
ROOT = Path(__file__).resolve().parents[2]
FOCUS_FORM_SEED = FIXTURES / "002_806c52e9dd562b07.txt"  # the blank FOCUS form
D = Decimal


def read_text(text: str, name: str = "filing.txt"):
    return read_filing(text.encode("utf-8"), name)


def bracketed_codes(raw: str) -> list[str]:
    return re.findall(r"\[(\d{4})\]", raw)


# -- the seeds -------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [TIDY, SCRAMBLED], ids=["tidy", "scrambled"])
def test_every_bracketed_code_of_a_seed_is_read(seed):
    raw = seed.read_text(encoding="utf-8")
    codes = bracketed_codes(raw)
    filing, data = read_filing_file(seed)
    assert data == seed.read_bytes()
    assert len(codes) == len(set(codes))  # each code once in the seeds
    assert sorted(filing.values) == sorted(codes)
    assert filing.notes == ()
    # Every code read is a declared statement line; the seeds hold no other.
    assert set(filing.values) <= set(CODES)
    assert filing.unknown_codes == []


def test_the_tidy_seed_header_targets_and_figures():
    filing, _ = read_filing_file(TIDY)
    h = filing.header
    assert h.firm == "WEDBUSH SECURITIES INC"
    assert h.end_date == date(2017, 11, 27) and h.submit_date == date(2017, 11, 28)
    assert h.form == "Daily Seg - FOCUS II" and h.amendment == "INITIAL"
    assert filing.targets["segregated"]["dollar"] == D(13_000_000)
    assert filing.targets["secured"]["dollar"] == D(1_000_000)
    assert all(v == 0 for v in filing.targets["swaps"].values())
    assert len(filing.targets["segregated"]) == 6
    v = filing.values
    assert v["7060"] == D(1_477_842_848) and v["7180"] == D(1_494_635_977)
    assert v["7325"] == D(-1_276_694)  # a negative with a minus sign
    assert v["7033"] == D(-202_836_884)  # inside <b><u>…</u></b>
    assert v["8580"] == D(0) and v["8715"] == D(0)  # inside <span>, two figures before it
    assert all(isinstance(x, Decimal) for x in v.values())


def test_the_scrambled_seed_header_targets_and_figures():
    filing, _ = read_filing_file(SCRAMBLED)
    h = filing.header
    assert h.firm == "Credit Suisse Securities (USA) LLC"
    assert h.end_date == date(2017, 12, 26) and h.submit_date == date(2017, 12, 27)
    assert h.form == "Daily Seg - FOCUS II" and h.amendment == "INITIAL"
    for key in ("segregated", "secured", "swaps"):
        assert filing.targets[key] == {"dollar": 0, "percent": 5, "range_low": 0,
                                       "range_high": 0, "percent_low": 0, "percent_high": 0}
    v = filing.values
    assert v["7530"] == D(1_137_433_633)  # its code on the line after the figure
    assert v["7740"] == D(1_695_439_707)
    assert v["8580"] == D(1_155_371)  # "<u>1,155,371</u>" then "[8580]" a line below
    assert v["8530"] == 0 and v["8610"] == 0  # the letter o for a zero
    assert v["7060"] == D(5_438_091_820)  # far below its label
    assert v["8660"] == D(-128_599_713)
    assert "8715" not in v  # the rendering dropped line 12's code


# -- what renderings do to figures ---------------------------------------------------------------

@pytest.mark.parametrize(("token", "value"), [
    ("0", 0), ("o", 0), ("O", 0), ("1,234", 1234), ("-1,234", -1234), ("(1,234)", -1234),
    ("1,o82,596,652", 1_082_596_652), ("12.50", D("12.50")), ("$1,000", 1000),
])
def test_figure_spellings(token, value):
    assert figure_value(token) == value


@pytest.mark.parametrize("token", ["oo", "Oo", "1,23", "1..2"])
def test_words_are_not_figures(token):
    assert figure_value(token) is None


SMALL = """WINJAMMER FILING
INITIAL
End Date:01/31/2025
Firm Name:Example Futures LLC
Form:Daily Seg - FOCUS II Submit Date:02/03/2025
Daily Segregation - Segregation Statement
{body}
"""


@pytest.mark.parametrize(("body", "expected"), [
    ("6. Amount required to be segregated (add lines 4 and 5) 1,000 [7060]", 1000),
    ("6. Amount required **1,000** [7060]", 1000),
    ("6. Amount required <b><u>1,000</u></b> [7060]", 1000),
    ('6. Amount required <span style="float:right"><u>1,000</u> [7060]</span>', 1000),
    ("6. Amount required 1,000\n\n[7060]", 1000),
    ("6. Amount required\t<u>-1,000</u>\t[7060]", -1000),
    ("6. Amount required <u>o</u> [7060]", 0),
    ("6. Amount required <u>0 </u> [7060]", 0),
    ("6. Amount required &nbsp;1,000&nbsp;[7060]", 1000),
    ("6. Amount required \u22121,000 [7060]", -1000),
    (r"6. Amount required 1,000 \[7060\]", 1000),
    ("| 6. | Amount required | 1,000 [7060] |", 1000),
])
def test_a_figure_is_found_before_its_code_whatever_the_markup(body, expected):
    filing = read_text(SMALL.format(body=body))
    assert filing.values == {"7060": D(expected)}


def test_a_code_without_a_figure_before_it_is_noted_not_invented():
    filing = read_text(SMALL.format(body="(add lines 4 and 5) [7060]\nline 6 [7194] 5 [7180]"
                                         "\nRegulation 30.7 [7520]"))
    assert filing.values == {"7180": D(5)}
    assert filing.notes[:3] == ("[7060] has no amount before it",
                                "[7194] has no amount before it",
                                "[7520] has no amount before it")


def test_inline_tags_separate_figures():
    text, kind = normalise("<u>1</u><u>2</u> [7060]")
    assert kind == "html"
    assert text.split()[:2] == ["1", "2"]


def test_a_code_read_twice_must_agree():
    body = "1,000 [7060]\n1,000 [7060]"
    assert read_text(SMALL.format(body=body)).values == {"7060": D(1000)}
    with pytest.raises(SegError, match=r"\[7060\] appears twice with different amounts"):
        read_text(SMALL.format(body="1,000 [7060]\n1,001 [7060]"))


def test_an_unknown_code_is_kept_and_named():
    filing = read_text(SMALL.format(body="1,000 [7060] 12 [9999]"))
    assert filing.values == {"7060": D(1000), "9999": D(12)}
    assert filing.unknown_codes == ["9999"]


def test_the_tidy_seed_as_an_html_page_reads_the_same():
    raw = TIDY.read_text(encoding="utf-8")
    page = ("<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>"
            + "".join(f"<p>{line}</p>" for line in raw.splitlines()) + "</body></html>")
    filing = read_text(page, "filing.html")
    assert filing.kind == "html"
    assert filing.values == read_filing_file(TIDY)[0].values
    assert filing.header.firm == "WEDBUSH SECURITIES INC"


def test_windows_line_endings_and_a_bom():
    raw = TIDY.read_text(encoding="utf-8").replace("\n", "\r\n")
    filing = read_filing(b"\xef\xbb\xbf" + raw.encode("utf-8"), "crlf.txt")
    assert filing.values == read_filing_file(TIDY)[0].values


# -- the header -------------------------------------------------------------------------------

def test_pages_that_disagree_on_the_end_date_are_refused():
    text = SMALL.format(body="1,000 [7060]") + "End Date:02/28/2025\n"
    with pytest.raises(SegError, match=r"disagree on the End Date \(01/31/2025 and 02/28"):
        read_text(text)


def test_a_filing_without_an_end_date_is_refused():
    text = SMALL.format(body="1,000 [7060]").replace("End Date:01/31/2025", "")
    with pytest.raises(SegError, match="has no End Date"):
        read_text(text)


def test_an_end_date_that_is_not_a_date():
    text = SMALL.format(body="1,000 [7060]").replace("01/31/2025", "31/31/2025")
    with pytest.raises(SegError, match=r"the End Date '31/31/2025' is not a date"):
        read_text(text)


# -- bad files ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "fragment"), [
    (b"", "is empty"),
    (b"  \n\t\n", "is empty"),
    (bytes(range(256)) * 8, "is a binary file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is a PNG image"),
    (b"PK\x03\x04" + b"\x00" * 64, "is a zip archive"),
    (b"Dear colleague,\nthe figures are 1,000 [7060].\n", "is not a WinJammer Daily Seg"),
    (b"WINJAMMER FILING\nDaily Seg\nEnd Date:01/31/2025\nnothing coded\n",
     "no amount of its statements"),
])
def test_bad_files_get_one_sentence(data, fragment):
    with pytest.raises(SegError) as info:
        read_filing(data, "bad.txt")
    message = str(info.value)
    assert fragment in message and message.startswith("bad.txt")
    assert "\n" not in message


def test_another_document_is_refused():
    for path in (ROOT / "resources" / "sample.json", ROOT / "resources" / "instructions.json"):
        with pytest.raises(SegError, match="is not a WinJammer Daily Seg filing"):
            read_filing_file(path)


def test_the_focus_form_seed_is_refused():
    """The blank Form X-17A-5 holds [7060] and [7180] too — it is still not a filing."""
    with pytest.raises(SegError, match=r"002_806c52e9dd562b07\.txt is not a WinJammer"):
        read_filing_file(FOCUS_FORM_SEED)


def test_a_missing_file_and_a_folder(tmp_path):
    with pytest.raises(SegError, match="does not exist"):
        read_filing_file(tmp_path / "nope.txt")
    with pytest.raises(SegError, match="is a folder"):
        read_filing_file(tmp_path)


# -- PDF ---------------------------------------------------------------------------------------

def _plain_pdf(lines: list[str]) -> bytes:
    """A PDF of text lines, written with reportlab directly (not FocusDesk's printer)."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out, pagesize=(612, 792), invariant=1)
    c.setFont("Helvetica", 7)
    y = 770
    for line in lines:
        if y < 30:
            c.showPage()
            c.setFont("Helvetica", 7)
            y = 770
        c.drawString(30, y, line)
        y -= 9
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.mark.parametrize("seed", [TIDY, SCRAMBLED], ids=["tidy", "scrambled"])
def test_a_pdf_of_a_seed_reads_back_with_pypdf(seed):
    pytest.importorskip("pypdf")
    text, _ = normalise(seed.read_text(encoding="utf-8"))
    lines = [ln.replace("\t", "    ") for ln in text.splitlines()]
    data = _plain_pdf(lines)
    filing = read_filing(data, seed.with_suffix(".pdf").name)
    assert filing.kind == "pdf"
    expected, _ = read_filing_file(seed)
    assert filing.values == expected.values
    assert filing.header == expected.header
    assert filing.targets == expected.targets


def test_a_pdf_without_text_and_a_damaged_pdf():
    pytest.importorskip("pypdf")
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    c = Canvas(out, invariant=1)
    c.rect(10, 10, 100, 100)  # a drawing, no text
    c.showPage()
    c.save()
    with pytest.raises(SegError, match="a PDF without a text layer"):
        read_filing(out.getvalue(), "scan.pdf")
    with pytest.raises(SegError, match=r"scan\.pdf is a damaged PDF"):
        read_filing(b"%PDF-1.4\n1 0 obj <<>> garbage", "scan.pdf")


def test_a_password_protected_pdf():
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt(user_password="secret", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(SegError, match=r"locked\.pdf is a password-protected PDF"):
        read_filing(out.getvalue(), "locked.pdf")


def test_an_amended_filing_says_so():
    text = SMALL.format(body="1,000 [7060]").replace("INITIAL", "AMENDED")
    assert read_text(text).header.amendment == "AMENDED"
    assert read_text(SMALL.format(body="1,000 [7060]")).header.amendment == "INITIAL"


# -- hostile files: sizes, hangs, PDFs beyond a filing (issue 15) ---------------------------

_LINEAR_SCRIPT = r"""
import sys
from focusdesk.seg import SegError
from focusdesk.seg.reader import MAX_FILE_BYTES, read_filing

n = MAX_FILE_BYTES - 64
for unit in sys.argv[1:]:
    unit = unit.encode().decode("unicode_escape").encode()
    data = (b"Form: Daily Seg\n" + unit * (n // len(unit)))[:n]
    try:
        read_filing(data, "hostile.html")
    except SegError:
        pass
print("done")
"""


def test_markup_that_was_quadratic_reads_in_linear_time():
    """2 MB (the largest filing read) of unclosed `<!--`, unclosed `<script`, blank lines
    and the like. The old reader took 44 s for 160 KB of `<!--`: quadratic, it would take
    hours for 2 MB; linear, it takes a fraction of a second — the timeout is only there
    so that a regression fails instead of hanging the suite."""
    import subprocess
    import sys

    units = ["<!--", "<!--x-", "<script>", "<style>x", "<head", "<head><u>1</u>", "\\n",
             " \\n", "|\\n", "<a ", "Firm Name:", "End Date: ", "&", "<u>1</u>[7060]"]
    proc = subprocess.run([sys.executable, "-c", _LINEAR_SCRIPT, *units],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "done", proc.stderr


def test_comments_scripts_and_styles_are_cut_even_unclosed():
    text, kind = normalise("<p>1,000 [7060]</p><!-- 2,000 [7180] -->"
                           "<script>3,000 [7060]</script><STYLE>x</style >4,000 [7180]")
    assert kind == "html"
    assert "1,000 [7060]" in text and "4,000 [7180]" in text
    assert "2,000" not in text and "3,000" not in text
    text, _ = normalise("1,000 [7060] <!-- the rest never closes 2,000 [7180]")
    assert "1,000 [7060]" in text and "2,000" not in text
    text, _ = normalise("1,000 [7060] <script> 2,000 [7180]")
    assert "1,000 [7060]" in text and "2,000" not in text


def test_a_file_larger_than_a_filing_is_refused_before_it_is_read(tmp_path):
    from focusdesk.seg.reader import MAX_FILE_BYTES

    assert MAX_FILE_BYTES <= 2 * 2**20
    big = tmp_path / "big.txt"
    big.write_bytes(b"Form: Daily Seg\n" + b"x" * MAX_FILE_BYTES)
    with pytest.raises(SegError, match=r"big\.txt is 2 MB; FocusDesk reads filings up to 2 MB"):
        read_filing_file(big)
    # the same bytes stored in a workbook (the window reads them again) are refused too
    with pytest.raises(SegError, match=r"stored\.txt is 2\.0 MB; a Daily Seg filing is far"):
        read_filing(big.read_bytes(), "stored.txt")


def _pdf_of(objects: list[bytes]) -> bytes:
    """A PDF from its objects (1 0 obj is the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def many_pages_pdf(pages: int, count: int | None = None) -> bytes:
    """`pages` pages, all the same page object (100 KB for 20,000 pages), the page tree
    saying `count` (default: the truth)."""
    content = b"BT /F1 12 Tf 72 720 Td (Form: Daily Seg 1,000 [7060]) Tj ET"
    kids = b" ".join([b"3 0 R"] * pages)
    return _pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages if count is None else count),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def test_a_pdf_of_thousands_of_pages_is_refused_before_a_page_is_read():
    pytest.importorskip("pypdf")
    from focusdesk.seg.reader import MAX_PDF_PAGES

    with pytest.raises(SegError, match=r"huge\.pdf is a PDF of 20,000 pages; a Daily Seg "
                                       r"filing prints on a few"):
        read_filing(many_pages_pdf(20_000), "huge.pdf")
    # a page tree that under-counts its pages is counted as it is
    with pytest.raises(SegError, match="is a PDF of 2,000 pages"):
        read_filing(many_pages_pdf(2_000, count=1), "lying.pdf")
    with pytest.raises(SegError, match="has no End Date"):  # within the limit: read
        read_filing(many_pages_pdf(MAX_PDF_PAGES), "ok.pdf")


def test_a_pdf_decompression_bomb_is_one_sentence():
    import zlib

    pytest.importorskip("pypdf")
    bomb = zlib.compress(b"BT /F1 12 Tf (Form: Daily Seg) Tj ET" + b" " * (100 * 2**20), 9)
    data = _pdf_of([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(bomb), bomb),
    ])
    with pytest.raises(SegError, match=r"bomb\.pdf is a PDF whose (content expands|pages hold)"):
        read_filing(data, "bomb.pdf")


def _encrypted(data: bytes, algorithm: str, user: str = "") -> bytes:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256", "RC4-128"])
def test_a_pdf_secured_with_an_empty_password_opens(algorithm):
    """A PDF that opens without asking, only secured against editing: AES needs the
    cryptography package, a dependency of FocusDesk (it was 'internal error
    (DependencyError…)')."""
    text, _ = normalise(TIDY.read_text(encoding="utf-8"))
    plain = _plain_pdf([ln.replace("\t", "    ") for ln in text.splitlines()])
    filing = read_filing(_encrypted(plain, algorithm), "secured.pdf")
    assert filing.values == read_filing(plain, "plain.pdf").values
    with pytest.raises(SegError, match=r"locked\.pdf is a password-protected PDF"):
        read_filing(_encrypted(plain, algorithm, user="secret"), "locked.pdf")


def test_an_aes_pdf_without_the_cryptography_package_is_one_sentence(tmp_path):
    """Where cryptography is missing (a broken install), the AES PDF is named, not an
    internal error."""
    import subprocess
    import sys

    path = tmp_path / "secured.pdf"
    path.write_bytes(_encrypted(_plain_pdf(["Form: Daily Seg", "1,000 [7060]"]), "AES-256"))
    script = ("import sys; sys.modules['cryptography'] = None\n"
              "from focusdesk.cli import main\nsys.exit(main(['seg-check', sys.argv[1]]))")
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == ("focusdesk: secured.pdf is an encrypted PDF, and opening it needs "
                           "the cryptography package, which is not installed (pip install "
                           "cryptography)\n")


def test_an_unclosed_head_cuts_nothing_and_costs_one_search():
    """Sloppy HTML without </head> keeps its text (a browser closes the head itself);
    a file of unclosed heads is still linear (see the test above)."""
    text, _ = normalise("<html><head><title>x</title><body><p>1,000 [7060]</p>")
    assert "1,000 [7060]" in text
    text, _ = normalise("<head><script>2,000 [7180]<!-- x --></script>1,000 [7060]</head> 3 [7180]")
    assert "2,000" not in text and "1,000" not in text and "3 [7180]" in text
