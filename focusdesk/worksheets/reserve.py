"""The reserve formula worksheet — Rule 15c3-3, Exhibit A (§240.15c3-3a): its items
declared once in the form's layer (`focusdesk.form.exhibit_a`), its computation in
`focusdesk.calculation.reserve` (lines 26 [4430], 27 [4472] and 23b [4470], the
requirement against line 28 [4530]) — below the features, because the trial-balance
import feeds it as well as ``focusdesk reserve``. The worksheet's names, here.
"""

from __future__ import annotations

from ..calculation.reserve import (
    ALTERNATIVE_CUT,
    DAILY_CUT,
    LINE_23B,
    LINE_26,
    LINE_27,
    LINE_28,
    MONTHLY_AI_RATIO,
    MONTHLY_DEPOSIT,
    MONTHLY_FUNDS,
    NOTE_E3,
    ReserveResult,
    compute,
)
from ..form.exhibit_a import CREDITS, DEBITS, ITEM_10, ITEMS, KEYS, REDUCTIONS, ExhibitItem

__all__ = [
    "ALTERNATIVE_CUT", "CREDITS", "DAILY_CUT", "DEBITS", "ITEMS", "ITEM_10", "KEYS", "LINE_23B",
    "LINE_26", "LINE_27", "LINE_28", "MONTHLY_AI_RATIO", "MONTHLY_DEPOSIT", "MONTHLY_FUNDS",
    "NOTE_E3", "REDUCTIONS", "ExhibitItem", "ReserveResult", "compute",
]
