"""Spreadsheets from outside — .xlsx, .xlsm, .ods, .xls — their container checked
(`container`), then read by python-calamine in a child process (`reader`,
`calamine_child`)."""
