"""`focusdesk export-xlsx` and `focusdesk import-xlsx`: the workbook as an Excel file with
live formulas, and such a file (or its blank input template) read back."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from ..base.safetext import say
from ..document.files import guard_output
from ..document.lock import WorkbookLock
from ..document.store import load
from ..document.store import save as save_workbook
from ..model.records import file_source_ref
from . import add_command
from .common import EXIT_OK, CliError, existing_workbook, read_bytes


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from ..formats.xlsx.export import XlsxExportError, write_xlsx

    path = existing_workbook(args.file)
    if args.template and args.units == "thousands":
        raise CliError("--template is a dollar input template; leave out --units thousands")
    wb, _ = load(path)
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"{args.output}: the output must be an .xlsx file")
    if not out.parent.is_dir():
        raise CliError(f"{out.parent} does not exist")
    try:
        guard_output(out, opened=[path])
        write_xlsx(wb, out, args.units, template=args.template, source=path.name)
    except XlsxExportError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{args.output} could not be written: {exc.strerror or exc}") from None
    if args.template:
        say(f"Wrote a blank input template for {wb.firm.name or path.name}, {wb.year}, "
              f"to {out}.")
    else:
        units = "$000 omitted — for reading; it cannot be imported back" \
            if args.units == "thousands" else "dollars"
        say(f"Exported {path.name} to {out} ({units}).")
    return EXIT_OK


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from ..formats.xlsx.importer import XlsxImportError, merge_xlsx, read_xlsx

    path = existing_workbook(args.file)
    raw = read_bytes(args.input)
    name = Path(args.input).name
    try:
        data = read_xlsx(raw, name)
    except XlsxImportError as exc:
        raise CliError(str(exc)) from None
    digest = hashlib.sha256(raw).hexdigest()  # of the file as it is, byte for byte
    with WorkbookLock(path):
        wb, state = load(path)
        settings = data.settings_changed(wb)
        try:
            changed = merge_xlsx(wb, data, where=name, source="imported",
                                 source_ref=file_source_ref(name, digest))
        except XlsxImportError as exc:
            raise CliError(str(exc)) from None
        if changed:
            save_workbook(wb, path, state)
    also = f" Settings taken from the file: {', '.join(settings)}." if settings else ""
    say(f"Imported {args.input} into {path.name}: {changed} value(s) changed.{also}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    e = add_command(sub, "export-xlsx")
    e.add_argument("file", metavar="FILE")
    e.add_argument("-o", "--output", metavar="OUT.xlsx", required=True)
    e.add_argument("--units", choices=("dollars", "thousands"), default="dollars",
                   help="dollars as entered (default; can be imported back) or the form's "
                        "$000 view (for reading)")
    e.add_argument("--template", action="store_true",
                   help="a blank input template (FILE's firm, year and method) to fill in "
                        "and import")
    e.set_defaults(func=cmd_export_xlsx)

    i = add_command(sub, "import-xlsx")
    i.add_argument("file", metavar="FILE")
    i.add_argument("input", metavar="IN.xlsx")
    i.set_defaults(func=cmd_import_xlsx)
