"""The workbook as an Excel file with live formulas (`export`), and such a file — or its
blank input template — read back (`importer`)."""
