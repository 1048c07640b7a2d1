"""The worksheets behind the hard lines, a feature (Qt-free): the securities haircuts of
line 18 (Rule 15c3-1(c)(2)(vi)) and the reserve formula of lines 26–28 and 23b (Rule
15c3-3, Exhibit A), each declared once as data beside its computation.

* `haircut_schedule` — the (c)(2)(vi) schedule declared as data (tables (A)–(K), (M)
  undue concentration, the (c)(2)(vii) no-ready-market charge reported apart);
  `haircuts` — its computation for a month's positions: per position, per category,
  lines 18, 30a, 30b and 32a.
* `reserve` — Exhibit A items 1–15 and the Note E reductions of item 10 (declared in
  `focusdesk.form.exhibit_a`), the basic and the alternative method (Rule
  15c3-1(a)(1)(ii)(A)'s 3 % or, daily, 2 %), the requirement (105 % for a monthly
  computer) against line 28 — computed in `focusdesk.calculation.reserve`, which the
  trial-balance import also feeds (accounts mapped to ``reserve:<item>``).
* `inputs` — positions and Exhibit A items read from CSV or xlsx through the one
  spreadsheet opener (`focusdesk.formats.spreadsheets.book`), every bad cell refused
  naming its row and column.
* `month` — a worksheet applied to a workbook's month: its inputs (tentative net capital,
  the method, line 28) read from the workbook, the result set as one undoable step with
  the file's name and SHA-256 as provenance.

May import `focusdesk.formats` and the layers below; not another feature package.
"""

from __future__ import annotations

# A positions or items file, or a worksheet input, that cannot be used; one sentence
# naming what and where. Declared with the reserve formula (`calculation.reserve`), which
# the trial-balance import computes too.
from ..calculation.reserve import WorksheetError

__all__ = ["WorksheetError"]
