"""`focusdesk pdf FILE -o OUT.pdf [--months JAN,FEB] [--schedule A|B] [--checks|--no-checks]`

Prints the form — Schedule A and Schedule B as on Form X-17A-5 Part I, $000 omitted —
to a PDF. The findings sheet is added when error-level checks remain (the pages are
then marked DRAFT); `--checks` always adds it, `--no-checks` never does. Exit 0 once
the PDF is written, whatever the checks say (`focusdesk check` is the gate).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..base.safetext import say
from ..form.catalog import MONTH_NAMES, MONTHS
from . import add_command

_BY_NAME = {**{m: m for m in MONTHS}, **{name: m for m, name in MONTH_NAMES.items()}}


def parse_months(text: str) -> tuple[str, ...]:
    """"JAN,FEB" / "jan, march" → ("JAN", "FEB") / ("JAN", "MAR"); a range "JAN-JUN"
    too. Raises `CliError` naming the first word that is not a month."""
    from .common import CliError

    chosen: set[str] = set()
    for word in (w.strip() for w in text.split(",")):
        if not word:
            continue
        ends = [e.strip().upper() for e in word.split("-")] if "-" in word else [word.upper()]
        if len(ends) > 2 or any(e not in _BY_NAME for e in ends):
            raise CliError(f"--months: {word!r} is not a month or a range of months "
                           "(JAN … DEC, e.g. JAN,FEB or JAN-JUN)")
        first, last = MONTHS.index(_BY_NAME[ends[0]]), MONTHS.index(_BY_NAME[ends[-1]])
        if first > last:
            raise CliError(f"--months: {word!r} runs backwards")
        chosen.update(MONTHS[first:last + 1])
    if not chosen:
        raise CliError("--months names no month")
    return tuple(m for m in MONTHS if m in chosen)


def _load(name: str):
    from ..document.store import load
    from ..formats.jsonio import loads, workbook_from_json
    from .common import CliError, read_text

    path = Path(name)
    if not path.exists():
        raise CliError(f"{name} does not exist")
    if path.is_dir():
        raise CliError(f"{name} is a folder, not a workbook")
    if path.suffix.lower() == ".json":
        return workbook_from_json(loads(read_text(name), where=name), where=name)
    wb, _ = load(path)
    return wb


def cmd_pdf(args: argparse.Namespace) -> int:
    from ..formats.pdf import PrintOptions, build_report, report_pdf, write_bytes_atomically
    from ..worksheets.printing import supporting_pages
    from .common import CliError

    months = parse_months(args.months) if args.months else MONTHS
    options = PrintOptions(months=months, schedules=tuple(args.schedule or "AB"),
                           checks=args.checks)
    wb = _load(args.file)
    out = args.output or str(Path(args.file).with_suffix(".pdf"))
    report = build_report(wb, options)
    # The worksheets' supporting schedules of the printed months, after the form.
    report.pages += supporting_pages(wb, months)
    if out == "-":
        sys.stdout.buffer.write(report_pdf(report))
        sys.stdout.buffer.flush()
        return 0
    target = _pdf_target(out, args.file)
    try:
        write_bytes_atomically(target, report_pdf(report))
    except OSError as exc:
        raise CliError(f"{out} could not be written: {exc.strerror or exc}") from None
    kinds = {"A": 0, "B": 0, "checks": 0, "worksheet": 0}
    for page in report.pages:
        kinds[page.kind] += 1
    parts = [f"{n} {label}" for n, label in ((kinds["A"], "Schedule A"),
                                            (kinds["B"], "Schedule B"),
                                            (kinds["checks"], "findings"),
                                            (kinds["worksheet"], "supporting schedule"))
             if n]
    draft = (f"; DRAFT: {report.errors} error(s) remain in the checks" if report.draft
             else "")
    say(f"Wrote {out}: {len(report.pages)} page(s) ({', '.join(parts)}){draft}.")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    """A draft of the Rule 17a-11 notice for a month at early warning or below the
    minimum; a month that needs none gets one sentence and exit 1."""
    from ..base.safetext import say
    from ..calculation.engine import compute
    from ..formats.pdf import write_bytes_atomically
    from ..formats.pdf.notice import NoNoticeNeeded, build_notice, notice_pdf
    from .common import EXIT_FINDINGS, CliError

    wb = _load(args.file)
    try:
        notice = build_notice(wb, compute(wb), args.month, source=Path(args.file).name)
    except NoNoticeNeeded as exc:
        say(f"focusdesk: {exc}.", file=sys.stderr)
        return EXIT_FINDINGS
    data = notice_pdf(notice, author=wb.firm.name)
    out = args.output or str(Path(args.file).with_name(
        f"{Path(args.file).stem}-notice-{args.month}.pdf"))
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = _pdf_target(out, args.file)
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise CliError(f"{out} could not be written: {exc.strerror or exc}") from None
    reasons = "; ".join(r.what for r in notice.standing.reasons)
    say(f"Wrote {out}: a draft notice for {args.month} ({reasons}).")
    return 0


def _pdf_target(out: str, workbook: str) -> Path:
    """Where a PDF may be written: never a folder, a missing folder, the workbook it is
    made from or any other FocusDesk workbook (`files.guard_output`)."""
    from ..document.files import guard_output
    from .common import CliError

    target = Path(out)
    if target.is_dir():
        raise CliError(f"{out} is a folder; give the PDF's file name")
    if not target.parent.exists():
        raise CliError(f"{out} could not be written: the folder {target.parent} does not exist")
    try:
        return guard_output(target, opened=[workbook])
    except OSError as exc:
        raise CliError(f"{out} could not be written: {exc.strerror or exc}") from None


def register(subparsers) -> None:
    from .common import month_arg

    n = add_command(
        subparsers, "notice",
        description="Write a one-page draft of the Rule 17a-11 notice (and FINRA Rule "
        "4120(a)) for a month at early warning or below the minimum: firm, SEC file no., "
        "date, the paragraph that applies and why, net capital, the requirement and the "
        "ratio, blanks for the signature. Exit 1 with one sentence when the month needs "
        "no notice.")
    n.add_argument("file", metavar="FILE", help="a .focus workbook (or a workbook .json)")
    n.add_argument("--month", required=True, type=month_arg, metavar="MON")
    n.add_argument("-o", "--output", metavar="OUT.pdf",
                   help="the PDF to write ('-' for stdout; default FILE-notice-MON.pdf)")
    n.set_defaults(func=cmd_notice)

    p = add_command(
        subparsers, "pdf",
        description="Print Form X-17A-5 Part I to a PDF: Schedule A (4 pages) and "
        "Schedule B (5 pages) as on the form, in thousands. The findings of the checks "
        "are added on their own page when errors remain, and the pages marked DRAFT.")
    p.add_argument("file", metavar="FILE", help="a .focus workbook (or a workbook .json)")
    p.add_argument("-o", "--output", metavar="OUT.pdf",
                   help="the PDF to write ('-' for stdout; default FILE with .pdf)")
    p.add_argument("--months", metavar="JAN,FEB",
                   help="print only these months (commas, or a range JAN-JUN); sheets "
                   "without any of them are left out")
    p.add_argument("--schedule", choices=("A", "B"),
                   help="print only Schedule A or only Schedule B (default both)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--checks", dest="checks", action="store_const", const="always",
                       help="always add the findings page (even with no findings)")
    group.add_argument("--no-checks", dest="checks", action="store_const", const="never",
                       help="never add the findings page")
    p.set_defaults(func=cmd_pdf, checks="auto")
