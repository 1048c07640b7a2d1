"""The workbook as an Excel file with live formulas (`export`, the writers; its formulas
translated from the catalog's trees by `formulas`), and such a file — or its blank input
template — read back (`importer`). Both follow the sheet format (`sheet_format`: the
sheets' names, the Settings keys, where every line sits); the importer never imports the
exporter."""
