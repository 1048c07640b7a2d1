"""Trial-balance import (Qt-free): read a spreadsheet, find its table, map GL accounts to
FOCUS lines and roll the balances up into Schedule A amounts.

* `reader` — xlsx/xlsm/xls/ods through python-calamine, csv through the csv module, with
  limits checked before a parser touches the file (zip bombs, password protection).
* `detect` — the sheet, the header row and the columns, each scored.
* `amounts` — the amount spellings of trial balances (composed on `money.parse_amount`).
* `mapping` — mapping files read and written; the account → item rules themselves (exact,
  range, prefix; sign; normal balance) compiled in `focusdesk.calculation.accounts`.
* `rollup` — balances → item amounts for a month, YTD income lines less the prior month
  (the line sums and the tie-out to line 8 in `focusdesk.calculation.ledger`).
* `importer` — the whole pipeline and the assignments that apply it as one step.
"""

from __future__ import annotations

# A trial balance or mapping that cannot be used; one sentence naming what and where. It
# is the compiled mapping's error (`calculation.accounts`), raised by both.
from ..calculation.accounts import TBError

__all__ = ["TBError"]
