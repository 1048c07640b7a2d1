"""Spreadsheets from outside — .xlsx, .xlsm, .ods, .xls — checked, then read by
python-calamine in a child process (`reader`, `calamine_child`)."""
