"""The month close on the command line: ``status``, ``approve``, ``file``, ``amend``,
``compare``, ``audit``, ``as-filed`` and ``new-year`` (see `focusdesk.close.month_close`).

    focusdesk status FILE... [--json]
    focusdesk approve FILE MON --by NAME [--note TEXT]
    focusdesk file FILE MON [--date YYYY-MM-DD] [--reference TEXT] [--override REASON]
    focusdesk amend FILE MON --reason TEXT
    focusdesk compare FILE MON [--against filed|amendment-N|MON|OTHER.focus[:MON]]
                      [--json|--csv] [--version V] [--threshold PCT] [--all] [-o OUT]
    focusdesk audit FILE [--month MON] [--item CODE] [--user U] [--source S] [--csv]
    focusdesk as-filed FILE MON [--version V] [-o OUT.pdf | --json]
    focusdesk new-year FILE -o NEXT.focus

Every failure is one sentence and a non-zero exit (2; 1 when `file` is refused for
error-level findings), the workbook unchanged.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..base.safetext import say
from ..document.lock import WorkbookLock
from ..document.store import StoreError, load, save
from ..form.catalog import MONTHS
from . import add_command
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CliError, existing_workbook, month_arg


def _write_output(out: str, data: bytes, workbook: str) -> None:
    """Write a report (PDF or CSV) the user named: never over a workbook."""
    from ..formats.pdf import write_bytes_atomically
    from .pdf import _pdf_target

    target = _pdf_target(out, workbook)  # not a folder, nor a workbook (guard_output)
    try:
        write_bytes_atomically(target, data)
    except OSError as exc:
        raise CliError(f"{out} could not be written: {exc.strerror or exc}") from None


def _change(args: argparse.Namespace, step) -> str:
    """Load FILE under its lock, apply `step(wb)` (a close step), save; its message."""
    path = existing_workbook(args.file)
    with WorkbookLock(path):
        wb, state = load(path)
        message = step(wb)
        save(wb, path, state)
    return message


# -- status -------------------------------------------------------------------------------
def _money(text: str | None) -> str:
    from ..base.money import format_amount

    return "" if text is None else format_amount(Decimal(text), places=2)


def cmd_status(args: argparse.Namespace) -> int:
    from ..close.month_close import statuses, workbook_status

    docs, failed = [], False
    for name in args.files:
        try:
            wb, _ = load(existing_workbook(name))
        except (StoreError, CliError) as exc:
            say(f"focusdesk: {exc}", file=sys.stderr)
            failed = True
            continue
        docs.append(workbook_status(wb, name))
        if args.json:
            continue
        months = statuses(wb)
        doc = docs[-1]
        nxt = doc["next_due"]
        head = f"{Path(name).name} — {wb.firm.name or 'firm not named'}, {wb.year}"
        head += f": latest {doc['latest']} {months[doc['latest']].label.lower()}" \
            if doc["latest"] else ": nothing reported"
        if nxt:
            head += f"; next due {nxt['month']}, {months[nxt['month']].due_text()}"
        else:
            head += "; every month is filed"
        say(head)
        say(f"  {'month':5}  {'status':13}  {'due':10}  {'':40}  {'net capital':>18}  "
              f"{'excess':>18}  level")
        for m, s in months.items():
            if not s.reported and s.filed is None and not s.overdue:
                continue
            j = s.as_json()
            say(f"  {m:5}  {s.label:13}  {j['due']:10}  {s.due_text()[:40]:40}  "
                  f"{_money(j['net_capital']):>18}  {_money(j['excess']):>18}  "
                  f"{j['level'] or 'not reported'}")
    if args.json:
        print(json.dumps(docs, indent=2, ensure_ascii=False))
    return EXIT_USAGE if failed else EXIT_OK


# -- approve, file, amend -----------------------------------------------------------------
def cmd_approve(args: argparse.Namespace) -> int:
    from ..close.month_close import approve

    def step(wb) -> str:
        a = approve(wb, args.month, args.by, args.note or "")
        return (f"Approved {args.month} {wb.year} in {Path(args.file).name}: reviewer "
                f"{a.reviewer} (user {a.user}, {a.at})" + (f"; note: {a.note}" if a.note
                                                           else "") + ".")

    say(_change(args, step))
    return EXIT_OK


def cmd_file(args: argparse.Namespace) -> int:
    from ..close.month_close import CloseError, file_month, parse_date

    filed_date = parse_date(args.date) if args.date else None

    def step(wb) -> str:
        try:
            v = file_month(wb, args.month, filed_date=filed_date, reference=args.reference or "",
                           override=args.override or "")
        except CloseError as exc:
            code = EXIT_FINDINGS if "error-level finding" in str(exc) else EXIT_USAGE
            raise CliError(str(exc), code) from None
        what = "Filed" if v.number == 0 else f"Filed amendment {v.number} of"
        ref = f", reference {v.reference}" if v.reference else ""
        over = f"; error-level findings overridden: {v.override}" if v.override else ""
        return (f"{what} {args.month} {wb.year} in {Path(args.file).name} on "
                f"{v.filed_date}{ref}{over}. Kept as filed: its inputs, figures, findings and "
                f"PDF (sha256 {v.pdf_sha256}); the month is frozen until amended.")

    say(_change(args, step))
    return EXIT_OK


def cmd_amend(args: argparse.Namespace) -> int:
    from ..close.month_close import amend

    def step(wb) -> str:
        r = amend(wb, args.month, args.reason)
        return (f"Reopened {args.month} {wb.year} in {Path(args.file).name} as amendment "
                f"{r.number} ({r.reason}); the filed version is kept. Approve and file it "
                "when it is ready.")

    say(_change(args, step))
    return EXIT_OK


# -- compare --------------------------------------------------------------------------------
def _open_other(name: str):
    wb, _ = load(existing_workbook(name))
    return wb


def cmd_compare(args: argparse.Namespace) -> int:
    from ..close.compare import compare_month, comparison_pdf, shown

    try:
        threshold = Decimal(args.threshold)
        if not threshold.is_finite() or threshold < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise CliError(f"--threshold: {args.threshold!r} is not a percent") from None
    path = existing_workbook(args.file)
    wb, _ = load(path)
    cmp = compare_month(wb, args.month, args.against, version=args.version,
                        open_workbook=_open_other, threshold=threshold)
    if args.output:
        if args.output.lower().endswith(".pdf"):
            data = comparison_pdf(cmp, all_lines=args.all)
        elif args.output.lower().endswith(".csv"):
            data = cmp.csv_text(all_lines=args.all).encode("utf-8-sig")
        else:
            raise CliError(f"{args.output}: the output must be a .pdf or a .csv file")
        _write_output(args.output, data, args.file)
        say(f"Wrote {args.output}: {cmp.title}; {len(cmp.differing)} line(s) differ.")
        return EXIT_OK
    if args.json:
        print(json.dumps(cmp.as_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    if args.csv:
        sys.stdout.write(cmp.csv_text(all_lines=args.all))
        return EXIT_OK
    rows = cmp.rows if args.all else cmp.differing
    say(f"{cmp.title}: {len(cmp.differing)} line(s) differ "
          f"(* a change of {threshold} % or more).")
    for r in rows:
        p = r.percent
        diff = "" if r.difference is None else shown(r.difference, r.line.unit)
        say(f"{'*' if r.over else ' '} {r.line.line:<10} {r.line.code:<12} "
              f"{r.line.label[:44]:<44} {shown(r.current, r.line.unit):>20} "
              f"{shown(r.other, r.line.unit):>20} {diff:>20} "
              f"{'' if p is None else f'{p} %':>10}")
    return EXIT_OK


# -- audit ------------------------------------------------------------------------------------
def cmd_audit(args: argparse.Namespace) -> int:
    from ..document.audit import AuditFilter, audit_csv, describe_target, filter_audit, resolve_item

    path = existing_workbook(args.file)
    wb, _ = load(path)
    item = resolve_item(wb.form, args.item) if args.item else None
    entries = filter_audit(wb.audit, AuditFilter(args.month, item, args.user, args.source))
    if args.csv or args.output:
        text = audit_csv(entries, wb.form)
        if args.output:
            _write_output(args.output, text.encode("utf-8-sig"), args.file)
            say(f"Wrote {len(entries)} audit entr{'y' if len(entries) == 1 else 'ies'} "
                  f"to {args.output}.")
        else:
            sys.stdout.write(text)
        return EXIT_OK
    if not entries:
        say(f"{path.name}: no audit entries match.")
    for e in entries:
        line, _label = describe_target(wb.form, e.target)
        where = f"{e.month} " if e.month else ""
        what = f"{e.target}" + (f" (line {line})" if line and line != e.target else "")
        say(f"{e.at}  {e.user:<12} {e.action:<8} {where}{what}: {e.old or '—'} → "
              f"{e.new or '—'}" + (f"  [{e.detail}]" if e.detail else ""))
    return EXIT_OK


# -- the as-filed record -----------------------------------------------------------------------
def cmd_as_filed(args: argparse.Namespace) -> int:
    from ..close.month_close import find_version, version_data, version_pdf

    path = existing_workbook(args.file)
    wb, _ = load(path)
    v = find_version(wb, args.month, args.version)
    if args.output:
        data = version_pdf(v)
        if args.output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return EXIT_OK
        _write_output(args.output, data, args.file)
        say(f"Wrote {args.output}: {args.month} {wb.year} {v.title.lower()} as filed "
              f"{v.filed_date}, byte for byte (sha256 {v.pdf_sha256}).")
        return EXIT_OK
    data = version_data(v)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    versions = wb.month_close(args.month).versions
    say(f"{args.month} {wb.year} in {path.name}: {len(versions)} filed version(s).")
    say(f"{v.title}: filed {v.filed_date}" + (f", reference {v.reference}" if v.reference
                                                else "") + f"; recorded by {v.user} at {v.at}.")
    if v.approval is not None:
        a = v.approval
        say(f"  approved by {a.reviewer} (user {a.user}, {a.at})"
              + (f": {a.note}" if a.note else ""))
    if v.reason:
        say(f"  amendment reason: {v.reason}")
    if v.override:
        say(f"  error-level findings overridden: {v.override}")
    findings = data.get("findings", [])
    say(f"  {len(data['inputs']['items'])} Schedule A entries, "
          f"{len(data['inputs']['schedule_b'])} Schedule B entries, {len(findings)} "
          f"finding(s); PDF {len(v.pdf):,} bytes, sha256 {v.pdf_sha256}")
    return EXIT_OK


# -- next year ------------------------------------------------------------------------------------
def cmd_new_year(args: argparse.Namespace) -> int:
    import hashlib

    from ..close.month_close import next_year
    from ..document.files import guard_output, read_input

    path = existing_workbook(args.file)
    raw = read_input(path, CliError)
    wb, _ = load(path)
    if read_input(path, CliError) != raw:
        raise CliError(f"{path.name} changed while it was read; try again")
    new, notes = next_year(wb, path.name, hashlib.sha256(raw).hexdigest())
    try:
        target = guard_output(args.output, opened=[args.file], new_workbook=True)
    except OSError as exc:
        raise CliError(f"{args.output} could not be written: {exc.strerror or exc}") from None
    if not target.name.lower().endswith(".focus"):
        raise CliError(f"{args.output}: a workbook's name ends in .focus")
    with WorkbookLock(target):  # two at once: one creates it, the other is refused
        if target.exists():
            raise CliError(f"{args.output} already exists; choose another name")
        save(new, target)
    line4 = new.value("JAN", "3501")
    say(f"Created {target} for {new.firm.name or 'the firm'}, {new.year}, from "
          f"{path.name}: firm profile, method, minimum"
          + (", account mapping" if new.tb_mapping else "")
          + ("" if line4 is None else f"; JAN line 4 ${line4:,.2f} (DEC {wb.year} line 8)")
          + ".")
    for note in notes:
        say(f"  Note: {note}.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    month = {"type": month_arg, "metavar": "MON"}
    s = add_command(sub, "status")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--json", action="store_true", help="a JSON list, one object per workbook "
                   "with its months")
    s.set_defaults(func=cmd_status)

    a = add_command(sub, "approve")
    a.add_argument("file", metavar="FILE")
    a.add_argument("month", **month)
    a.add_argument("--by", required=True, metavar="NAME", help="the reviewer's name")
    a.add_argument("--note", metavar="TEXT")
    a.set_defaults(func=cmd_approve)

    f = add_command(sub, "file")
    f.add_argument("file", metavar="FILE")
    f.add_argument("month", **month)
    f.add_argument("--date", metavar="YYYY-MM-DD", help="the filing date (default today)")
    f.add_argument("--reference", metavar="TEXT", help="the acceptance reference")
    f.add_argument("--override", metavar="REASON",
                   help="file despite error-level findings, for this reason (logged)")
    f.set_defaults(func=cmd_file)

    m = add_command(sub, "amend")
    m.add_argument("file", metavar="FILE")
    m.add_argument("month", **month)
    m.add_argument("--reason", required=True, metavar="TEXT")
    m.set_defaults(func=cmd_amend)

    c = add_command(sub, "compare")
    c.add_argument("file", metavar="FILE")
    c.add_argument("month", **month)
    c.add_argument("--against", metavar="filed|amendment-N|MON|OTHER.focus[:MON]",
                   help="default: what was filed for a reopened month, else the prior month")
    c.add_argument("--version", metavar="filed|original|amendment-N",
                   help="compare this filed version instead of the month as it stands")
    fmt = c.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help='{"month", "against", "lines": [{"code", "line", "current", '
                     '"other", "difference"}]} for every line that differs')
    fmt.add_argument("--csv", action="store_true", help="CSV on stdout")
    c.add_argument("-o", "--output", metavar="OUT.pdf|OUT.csv", help="write a PDF or a CSV")
    c.add_argument("--threshold", default="10", metavar="PCT",
                   help="flag changes of this percent or more (default 10)")
    c.add_argument("--all", action="store_true", help="every line, not only those that "
                   "differ (text, CSV and PDF)")
    c.set_defaults(func=cmd_compare)

    u = add_command(sub, "audit")
    u.add_argument("file", metavar="FILE")
    u.add_argument("--month", type=month_arg, choices=MONTHS, metavar="MON")
    u.add_argument("--item", metavar="CODE", help="an item code (3840), a line (23a) or a "
                   "Schedule B target (B:1:IV)")
    u.add_argument("--user", metavar="USER")
    u.add_argument("--source", metavar="SOURCE", help="typed, pasted, imported, undo, "
                   "approve, file, amend, or a file name")
    u.add_argument("--csv", action="store_true", help="CSV on stdout")
    u.add_argument("-o", "--output", metavar="OUT.csv", help="write the CSV to a file")
    u.set_defaults(func=cmd_audit)

    v = add_command(sub, "as-filed")
    v.add_argument("file", metavar="FILE")
    v.add_argument("month", **month)
    v.add_argument("--version", default="filed", metavar="filed|original|amendment-N")
    out = v.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT.pdf", help="write the PDF as filed "
                     "('-' for stdout)")
    out.add_argument("--json", action="store_true", help="print the stored record")
    v.set_defaults(func=cmd_as_filed)

    n = add_command(sub, "new-year")
    n.add_argument("file", metavar="FILE")
    n.add_argument("-o", "--output", required=True, metavar="NEXT.focus")
    n.set_defaults(func=cmd_new_year)


__all__ = ["register"]
