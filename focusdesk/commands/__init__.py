"""The sub-commands, declared once: name, the module that runs it, and its one-line help.

`focusdesk.cli` builds the parser from these declarations and imports a command's module
only when that command runs (``focusdesk --version`` and ``focusdesk -h`` import none),
so the command line starts as fast as Python does. A module here defines
``register(subparsers)`` adding its parsers with `add_command` and
``set_defaults(func=...)``; a command returns an exit code and raises
`focusdesk.commands.common.CliError` (or a `StoreError`, `InputError`…) for a one-line
failure. The helpers every command shares are in `focusdesk.commands.common`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


class Command:
    """A declared command: the module (in this package) that runs it, its help line."""

    __slots__ = ("help", "module")

    def __init__(self, module: str, help: str):
        self.module = module
        self.help = help


COMMANDS: dict[str, Command] = {
    "compute": Command("core", "print the completed workbook of INPUT.json as JSON"),
    "new": Command("core", "create an empty workbook file"),
    "import-json": Command("core", "merge INPUT.json's values into FILE"),
    "export-json": Command("core", "print FILE as JSON (the shape compute prints)"),
    "check": Command("core", "list the findings; exit 1 when any is an error"),
    "export-xlsx": Command("xlsx", "write FILE as an Excel workbook with live formulas"),
    "import-xlsx": Command("xlsx", "merge the entered values of a FocusDesk Excel export "
                           "or template into FILE"),
    "import-tb": Command("tb", "import a trial balance (xlsx, xlsm, xls, ods, csv) into a "
                         "month through the account mapping"),
    "mapping-export": Command("tb", "write FILE's account mapping to a CSV or xlsx"),
    "mapping-import": Command("tb", "replace FILE's account mapping with one from a CSV or "
                              "xlsx (account, item, sign)"),
    "tb-accounts": Command("tb", "list the trial-balance accounts behind a Schedule A cell"),
    "seg-check": Command("seg", "read a WinJammer Daily Seg filing (text, Markdown, HTML or "
                         "PDF) and foot its statements; exit 1 when a total does not foot "
                         "or a deficiency is reported, 2 when the file is unreadable"),
    "seg-import": Command("seg", "store a Daily Seg filing in the workbook and set item "
                          "29a/29b of its month from its Segregation Statement"),
    "haircuts": Command("worksheets", "compute the Rule 15c3-1(c)(2)(vi) haircuts of a "
                        "positions file (CSV or xlsx) and set lines 18, 30a, 30b and 32a of "
                        "a month"),
    "reserve": Command("worksheets", "compute the Rule 15c3-3 reserve formula (Exhibit A) "
                       "from an items file and set lines 26, 27 and 23b of a month; exit 1 "
                       "when line 28 falls short"),
    "pdf": Command("pdf", "print the form (Schedules A and B, $000 omitted) to a PDF"),
    "notice": Command("pdf", "draft the Rule 17a-11 notice for a month at early warning or "
                      "below the minimum (a one-page PDF)"),
    "status": Command("close", "each workbook's months: status, due date, net capital, excess and "
                               'standing'),
    "approve": Command("close", "record the review of a month's figures"),
    "file": Command("close", "record a month's filing and keep it exactly as filed"),
    "amend": Command("close", 'reopen a filed month as an amendment'),
    "compare": Command("close", 'a month against a filed version, another month or another '
                                "workbook's month, line by line"),
    "audit": Command("close", 'the audit log: every change, filtered'),
    "as-filed": Command("close", "a month's as-filed record, or its PDF byte for byte"),
    "new-year": Command("close", "start next year's workbook from this one"),
}


def add_command(subparsers: argparse._SubParsersAction, name: str,
                **kwargs: object) -> argparse.ArgumentParser:
    """The parser of a declared command, with its declared help."""
    return subparsers.add_parser(name, help=COMMANDS[name].help, **kwargs)  # type: ignore[arg-type]
