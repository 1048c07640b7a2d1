"""The workbook as a document: edits as undoable steps (`editing`), a filed month kept as
filed (`freeze`), the `.focus` file (`store` reads and writes it; its schema and
migrations `schema`, its stored records encoded and sealed `encoding`, its errors
`errors`), the lock a writer holds (`lock`), the open document with its lock, autosave
and recovery (`document`), the files a user names (`files`), the audit log read back
(`audit`).

May import `focusdesk.calculation` and the layers below it.
"""
