"""The workbook in memory: one firm, one year, every entered value with its provenance, the
stored trial balances, mapping and Daily Seg filings, the month close's records, and the
audit trail (`workbook`).

May import `focusdesk.form` and `focusdesk.base`.
"""
