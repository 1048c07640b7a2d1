"""The form, declared once: Schedule A and B as data (`catalog`), formulas as data
(`formula`), the form's own instruction texts (`instructions`), and the calendars its rules
count in — the Commission's business days and the Part I due date (`business_days`), the
futures markets' business days of the month-end Daily Seg filing (`market_days`); and
the items of Rule 15c3-3's Exhibit A, the reserve formula (`exhibit_a`), which the
trial-balance mapping may target as it targets a line.

May import `focusdesk.base` only.
"""
