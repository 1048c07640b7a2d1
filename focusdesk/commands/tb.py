"""Trial-balance commands: ``import-tb``, ``mapping-export``, ``mapping-import``,
``tb-accounts``.

``focusdesk import-tb FILE TB [--month MON] [--mapping MAP] [--sheet S] [--header-row N]
[--account-col C] [--description-col C] [--balance-col C | --debit-col C --credit-col C]
[--period] [--replace-entries] [--dry-run]`` reads the trial balance TB (.xlsx, .xlsm,
.xls, .ods, .csv), maps its accounts and sets the month's Schedule A lines, keeping the
trial balance and the mapping in the workbook; it prints the lines set, the tie-out of
the ledger's equity to line 8, each mapping rule's accounts, the unmapped accounts with
their balances and the skipped rows. Accounts mapped to Exhibit A items (``reserve:10``)
make the month's reserve inputs, from which lines 26, 27 and 23b are set in the same
step (as ``focusdesk reserve`` sets them). Without ``--month`` the month is the one the file
states it is as of. Any failure: one sentence, a non-zero exit, the workbook unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..base.money import AmountError, ascii_digits, format_amount
from ..base.safetext import quoted, say
from ..document.files import guard_output, read_input
from ..document.lock import WorkbookLock
from ..document.store import StoreError, load, save
from ..form.exhibit_a import ITEMS, ExhibitItem
from ..model.records import file_source_ref
from ..model.workbook import WorkbookError
from ..tb import TBError
from ..tb.detect import Overrides
from ..tb.importer import Preview, accounts_behind, apply, prepare
from ..tb.mapping import read_mapping_file, resolve_item, write_mapping_file
from ..tb.reader import MAX_ROWS, open_spreadsheet
from . import add_command
from .common import EXIT_OK, CliError, month_arg

# Unmapped accounts and skipped rows listed one by one; beyond them, a count (a ledger
# export may hold tens of thousands).
LISTED = 100


def _existing(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise CliError(f"{name} does not exist")
    return path


def _row_number(text: str) -> int:
    """--header-row: ASCII digits (int() also takes "٣" and "３"), a row a sheet has."""
    t = text.strip()
    if not ascii_digits(t) or len(t) > 7 or int(t) > MAX_ROWS:
        raise argparse.ArgumentTypeError(f"{quoted(text)} is not a row number (0 to "
                                         f"{MAX_ROWS:,})")
    return int(t)


def _money(value: object) -> str:
    return format_amount(value, places=2)  # type: ignore[arg-type]


def _summary(preview: Preview, target: str, changed: int, dry_run: bool,
             month_given: bool) -> list[str]:
    out: list[str] = []
    verb = "Would import" if dry_run else "Imported"
    basis = "the month's activity" if preview.trial_balance.basis == "period" else "year to date"
    stated = preview.stated
    month = preview.month + ("" if month_given or stated is None else
                             f" (the file is as of {stated.describe()})")
    out.append(f"{verb} {preview.file_name} (sha256 {preview.sha256[:12]}…) into {target} "
               f"for {month}, income lines {basis}:")
    for notice in preview.notices:
        out.append(f"  Note: {notice}.")
    out.append(f"  read {preview.layout.describe()}")
    out.append(f"  {len(preview.table.rows)} account(s); {len(preview.lines)} line(s) set, "
               f"{changed} of them changed")
    for ch in preview.lines:
        new = "cleared" if ch.new is None else _money(ch.new)
        current = "blank" if ch.current is None else _money(ch.current)
        n = ch.detail.account_count if ch.detail else 0
        extra = ""
        if ch.kept:
            extra = f"  ({ch.conflict()})"
        elif ch.detail and ch.detail.prior_ytd is not None:
            extra = (f"  (YTD {_money(ch.detail.ytd_amount)} less "
                     f"prior YTD {_money(ch.detail.prior_ytd)})")
        out.append(f"    line {ch.item.line:<4} [{ch.code:>5}] {new:>20}   was {current:<16} "
                   f"{n} account(s){extra}")
    for code, line in preview.rollup.carried.items():
        item = preview.mapping.form.by_code[code] if preview.mapping else None
        label = item.line if item else code
        out.append(f"    line {label:<4} [{code:>5}] {'carried':>20}   from the prior month's "
                   f"line 8; {line.account_count} account(s) tie out instead")
    out += _reserve_summary(preview)
    if preview.tie_out is not None:
        out.append(f"  Tie-out: {preview.tie_out.message()}.")
    if preview.mapping is not None:
        counts = preview.rule_counts()
        out.append(f"  Mapping rules ({len(counts)}), accounts matched:")
        for rule, n in counts:
            out.append(f"    {rule:<40} {n if n else 'none — matches no account'}")
    if preview.excluded:
        out.append(f"  {len(preview.excluded)} account(s) marked Not on Part I.")
    if preview.unmapped:
        out.append(f"  Unmapped accounts ({len(preview.unmapped)}):")
        for r in preview.unmapped[:LISTED]:
            out.append(f"    {r.account:<16} {r.description[:40]:<40} {_money(r.balance):>20}")
        if len(preview.unmapped) > LISTED:
            out.append(f"    … and {len(preview.unmapped) - LISTED:,} more")
    if preview.skipped:
        out.append(f"  Skipped rows ({len(preview.skipped)}):")
        for sk in preview.skipped[:LISTED]:
            out.append(f"    row {sk.row}: {sk.reason}" + (f" — {sk.text[:60]}" if sk.text else ""))
        if len(preview.skipped) > LISTED:
            out.append(f"    … and {len(preview.skipped) - LISTED:,} more")
    tie = preview.tie_out.message() if preview.tie_out else None
    for w in preview.warnings:
        if "not mapped" in w or w == tie:
            continue  # listed above
        out.append(f"  Warning: {w}.")
    return out


def _reserve_summary(preview: Preview) -> list[str]:
    """The month's Exhibit A from the accounts mapped to its items, and the reserve
    formula's result (lines 26, 27 and 23b are among the lines above)."""
    result = preview.reserve
    if result is None:
        return []
    out = [f"  Reserve formula (Exhibit A, {result.method_text}), kept as {preview.month}'s "
           "reserve inputs:"]
    for item in ITEMS:
        line = preview.rollup.exhibit.get(item.code)
        if line is not None:
            out.append(f"    {item.code:<12} {_money(line.amount):>20}   "
                       f"{line.account_count} account(s)  {item.label[:50]}")
        elif item.key in preview.reserve_kept:
            out.append(f"    {item.code:<12} {_money(result.items[item.key]):>20}   "
                       f"kept from {preview.reserve_kept[item.key]}")
    out.append(f"    requirement {_money(result.requirement):>20}   line 28 on deposit "
               f"{'blank' if result.deposit is None else _money(result.deposit)}")
    out += [f"    Uncertain: {n}." for n in result.uncertain]
    return out


def cmd_import_tb(args: argparse.Namespace) -> int:
    try:
        path = _existing(args.file)
        rows = read_mapping_file(args.mapping) if args.mapping else None
        book = open_spreadsheet(args.tb)
        overrides = Overrides(args.sheet, args.header_row, args.account_col,
                              args.description_col, args.balance_col, args.debit_col,
                              args.credit_col)
        with WorkbookLock(path):
            wb, state = load(path)
            preview = prepare(wb, args.tb, args.month, mapping_rows=rows, overrides=overrides,
                              basis="period" if args.period else "ytd", book=book,
                              replace_entries=args.replace_entries)
            changed = sum(ch.changed for ch in preview.lines)
            if not args.dry_run and apply(wb, preview):
                save(wb, path, state)
    except (TBError, AmountError, WorkbookError) as exc:
        raise CliError(f"{exc}") from None
    say(*_summary(preview, path.name, changed, args.dry_run, args.month is not None))
    return EXIT_OK


def cmd_mapping_export(args: argparse.Namespace) -> int:
    wb, _ = load(_existing(args.file))
    if not wb.tb_mapping:
        raise CliError(f"{Path(args.file).name} has no account mapping yet")
    try:
        guard_output(args.output, opened=[args.file])
        write_mapping_file(wb.tb_mapping, args.output)
    except TBError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{args.output} could not be written: {exc.strerror or exc}") from None
    say(f"Wrote {len(wb.tb_mapping)} mapping rule(s) to {args.output}.")
    return EXIT_OK


def cmd_mapping_import(args: argparse.Namespace) -> int:
    path = _existing(args.file)
    try:
        rows = read_mapping_file(args.input)
        import hashlib  # here: OpenSSL takes milliseconds to load

        digest = hashlib.sha256(read_input(args.input, CliError)).hexdigest()
        with WorkbookLock(path):
            wb, state = load(path)
            changed = wb.set_tb_mapping(rows, source="imported",
                                        source_ref=file_source_ref(Path(args.input).name,
                                                                           digest))
            if changed:
                save(wb, path, state)
    except (TBError, WorkbookError) as exc:
        raise CliError(str(exc)) from None
    say(f"Imported {len(rows)} mapping rule(s) from {args.input} into {path.name}"
        + ("" if changed else " (unchanged)") + ".")
    return EXIT_OK


def cmd_tb_accounts(args: argparse.Namespace) -> int:
    wb, _ = load(_existing(args.file))
    try:
        code = resolve_item(args.item, wb.form) if args.item not in wb.form.by_code \
            else args.item
        cell = accounts_behind(wb, args.month, code)
    except (TBError, WorkbookError) as exc:
        raise CliError(str(exc)) from None
    item = cell.item
    what = item.describe() if isinstance(item, ExhibitItem) else f"line {item.line}"
    say(f"{args.month} {what} [{item.code}] {item.label}")
    if cell.note:
        say(f"  Note: {cell.note}.")
    if cell.trial_balance is not None:
        say(f"  from {cell.trial_balance.file_name} "
              f"(sha256 {cell.trial_balance.sha256[:12]}…)")
    line = cell.line
    if line is None:
        say(f"  No account is mapped to {what}.")
        return EXIT_OK
    for c in line.accounts:
        say(f"    {c.account:<16} {c.description[:40]:<40} {_money(c.balance):>18}  → "
              f"{_money(c.amount):>18}   rule {c.rule}")
    if line.prior_ytd is not None:
        say(f"  Year to date {_money(line.ytd_amount)}, less the prior month's "
              f"{_money(line.prior_ytd)}:")
        for c in line.prior_accounts:
            say(f"    {c.month} {c.account:<12} {c.description[:40]:<40} "
                  f"{_money(c.amount):>18}")
    say(f"  Line amount: {_money(line.amount)}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = add_command(sub, "import-tb")
    p.add_argument("file", metavar="FILE", help="the .focus workbook")
    p.add_argument("tb", metavar="TB", help="the trial balance file")
    p.add_argument("--month", type=month_arg, help="JAN … DEC (default: the month the file "
                   "states it is as of)")
    p.add_argument("--mapping", metavar="MAP", help="account mapping (CSV or xlsx: account, "
                   "item, sign); kept in the workbook — without it the workbook's own is used")
    p.add_argument("--sheet", help="sheet name or 1-based number (default: detected)")
    p.add_argument("--header-row", type=_row_number, metavar="N",
                   help="1-based row of the headings; 0 = no header row")
    for role in ("account", "description", "balance", "debit", "credit"):
        p.add_argument(f"--{role}-col", metavar="COL",
                       help=f"the {role} column: a letter, a 1-based number or its heading")
    p.add_argument("--period", action="store_true",
                   help="the file holds the month's income and expense, not year to date")
    p.add_argument("--replace-entries", action="store_true",
                   help="replace the values you typed or pasted with the trial balance's "
                   "(by default your entries are kept and shown as conflicts)")
    p.add_argument("--dry-run", action="store_true", help="show what would change; change "
                   "nothing")
    p.set_defaults(func=cmd_import_tb)

    e = add_command(sub, "mapping-export")
    e.add_argument("file", metavar="FILE")
    e.add_argument("output", metavar="OUT", help="a .csv or .xlsx file")
    e.set_defaults(func=cmd_mapping_export)

    i = add_command(sub, "mapping-import")
    i.add_argument("file", metavar="FILE")
    i.add_argument("input", metavar="IN")
    i.set_defaults(func=cmd_mapping_import)

    a = add_command(sub, "tb-accounts")
    a.add_argument("file", metavar="FILE")
    a.add_argument("--month", required=True, type=month_arg)
    a.add_argument("--item", required=True, help="item code (3840) or line (23a)")
    a.set_defaults(func=cmd_tb_accounts)


__all__ = ["StoreError", "register"]
