"""Daily Segregation filings (NFA WinJammer "Daily Seg - FOCUS II"), Qt-free.

A broker-dealer that is also a futures commission merchant files, every business day,
a cover page with its residual-interest targets and three statements: Secured Amounts
(CFTC Regulation 30.7), the Segregation Statement (CEA section 4d(2)) and the Cleared
Swaps Statement (CEA section 4d(f)). Its month-end Segregation Statement gives Schedule
A item 29: [7060] amount required to be segregated, [7180] amount segregated.

* `statements` — the three statements and the cover page declared once, as data: every
  line's number and label as printed, its bracketed code, and each total as a formula
  (`focusdesk.form.formula`) beside it.
* `reader` — a filing as text, Markdown or HTML (the renderings people have) or as a
  PDF's text layer (pypdf): header, residual-interest targets, every coded amount.
* `footing` — every total against what its own label says, absent codes, deficiencies.
* `calendar` — the month's last business day (the month-end filing FOCUS item 29 wants).
* `importer` — a filing stored in the workbook and item 29 set from it, as one step.
* `printing` — the three statements in their WinJammer layout as PDF pages.
"""

from __future__ import annotations


class SegError(ValueError):
    """A file that is not a readable Daily Seg filing; one sentence naming what and where."""
