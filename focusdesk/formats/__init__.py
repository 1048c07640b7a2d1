"""File formats in and out: the command line's JSON (`jsonio`), Excel with live formulas
(`xlsx`), the printed form as PDF (`pdf`), and spreadsheets from outside, checked and read
in a child process (`spreadsheets`).

May import `focusdesk.document` and the layers below it; never a feature package.
"""
