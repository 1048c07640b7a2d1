"""The Trend tab: net capital, the requirement and the early-warning level month by
month (`focusdesk.gui.chart`), beside the month's standing and its capital headroom.

Mixed into the main window (`focusdesk.gui.window.MainWindow`); the chart is built when the
tab is first shown, which keeps start-up fast.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ..base.money import usd
from ..calculation.standing import LEVEL_WORDS, MonthStanding, headroom

if TYPE_CHECKING:
    from .forms import Ui_MainWindow


def headroom_html(month: str, standings: dict[str, MonthStanding]) -> str:
    """The panel beside the trend chart: the month's standing and capital headroom."""
    s = standings.get(month)
    if s is None:
        return f"<b>{month}</b><br>Not reported: no standing to show."
    rows = "".join(f"<tr><td>{html.escape(label)}</td><td align='right'>"
                   f"{html.escape(usd(amount))}</td></tr>" for label, amount in headroom(s))
    reasons = "".join(f"<li>{html.escape(r.what)} ({html.escape(r.rule)})</li>"
                      for r in s.reasons) or "<li>no notice is due</li>"
    return (f"<h3>Capital headroom — {month}</h3>"
            f"<p><b>{html.escape(LEVEL_WORDS[s.level])}</b></p><ul>{reasons}</ul>"
            f"<table cellspacing='4'>{rows}</table>"
            "<p><small>A loss of the amount shown brings the month to that level. "
            "Equity withdrawals follow Rule 15c3-1(e)(1): 20 % / 30 % of excess net "
            "capital, or $500,000, never more than (e)(2) allows.</small></p>")




class TrendTab:
    """The tab's chart and headroom panel (made on first use)."""

    ui: Ui_MainWindow
    trend: QWidget | None
    headroom: QLabel | None

    def update_trend(self) -> None:
        """Draw the trend when its tab is shown (the chart is built on first use, which
        keeps start-up fast)."""
        if self.ui.tabs.currentWidget() is not self.ui.pageTrend or self.doc is None:
            return
        from ..calculation.trend import trend_series
        from .chart import TrendChart

        if self.trend is None:
            row = QWidget(self.ui.trendHost)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            self.trend = TrendChart(row)
            layout.addWidget(self.trend, 1)
            # Beside the chart: the month's standing and its capital headroom.
            self.headroom = QLabel(row)
            self.headroom.setObjectName("headroomPanel")
            self.headroom.setWordWrap(True)
            self.headroom.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.headroom.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse)
            self.headroom.setFixedWidth(self.fontMetrics().horizontalAdvance("M") * 27)
            self.headroom.setStyleSheet("QLabel#headroomPanel { padding: 8px; }")
            layout.addWidget(self.headroom)
            self.ui.trendLayout.addWidget(row)
        wb = self.doc.wb
        comp = self.grid_a.computation("dollars")
        self.trend.set_title(f"Net capital trend — {wb.firm.name or 'firm'}, {wb.year}")
        self.trend.set_trend(trend_series(comp, wb.method, self.standings))
        self.headroom.setText(headroom_html(self.status_month(), self.standings))
