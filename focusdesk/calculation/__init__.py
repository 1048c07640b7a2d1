"""The calculation: pure functions over a workbook — every line of every month
(`engine`), the $000 view (`rounding`), the standing against the capital rules
(`standing`), the findings of the checks (`checks`), the year's trend (`trend`), the
account mapping compiled (`accounts`), a stored trial balance's line totals and the
tie-out of its equity to line 8 (`ledger`), and the Rule 15c3-3 reserve formula over
Exhibit A's items (`reserve`), which both the reserve worksheet and the trial-balance
import compute.

No I/O. May import `focusdesk.model`, `focusdesk.form` and `focusdesk.base`.
"""
