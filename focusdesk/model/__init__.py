"""The workbook in memory: one firm, one year, every entered value with its provenance, the
stored trial balances, mapping and Daily Seg filings, the month close's records, and the
audit trail (`workbook`, the model's public face); the records it holds, each with
where it came from (`records`), and the longest text each field holds (`limits`).

May import `focusdesk.form` and `focusdesk.base`.
"""
