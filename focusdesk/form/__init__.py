"""The form, declared once: Schedule A and B as data (`catalog`), formulas as data
(`formula`), the form's own instruction texts (`instructions`), and the calendars its rules
count in — the Commission's business days and the Part I due date (`business_days`), the
futures markets' business days of the month-end Daily Seg filing (`market_days`).

May import `focusdesk.base` only.
"""
