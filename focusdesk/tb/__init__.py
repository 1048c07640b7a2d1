"""Trial-balance import (Qt-free): read a spreadsheet, find its table, map GL accounts to
FOCUS lines and roll the balances up into Schedule A amounts.

* `reader` — xlsx/xlsm/xls/ods through python-calamine, csv through the csv module, with
  limits checked before a parser touches the file (zip bombs, password protection).
* `detect` — the sheet, the header row and the columns, each scored.
* `amounts` — the amount spellings of trial balances (composed on `money.parse_amount`).
* `mapping` — account → item rules: exact, range, prefix; sign; normal balance.
* `rollup` — balances → item amounts for a month, YTD income lines less the prior month.
* `importer` — the whole pipeline and the assignments that apply it as one step.
"""

from __future__ import annotations


class TBError(ValueError):
    """A trial balance or mapping that cannot be used; one sentence naming what and where."""
