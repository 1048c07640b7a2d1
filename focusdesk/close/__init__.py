"""The month close, a feature: review, file, amend, the as-filed versions
(`month_close`), and a month compared with another version of it (`compare`).

May import `focusdesk.formats` and the layers below; not another feature package.
"""
