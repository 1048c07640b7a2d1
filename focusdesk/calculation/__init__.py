"""The calculation: pure functions over a workbook — every line of every month
(`engine`), the $000 view (`rounding`), the standing against the capital rules
(`standing`), the findings of the checks (`checks`), the year's trend (`trend`), the
account mapping compiled (`accounts`) and a stored trial balance's line totals and the
tie-out of its equity to line 8 (`ledger`).

No I/O. May import `focusdesk.model`, `focusdesk.form` and `focusdesk.base`.
"""
