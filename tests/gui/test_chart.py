"""The Trend chart widget, painted offscreen (pytest-qt) and inspected pixel by pixel."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPixmap

from focusdesk.calculation.engine import compute
from focusdesk.calculation.trend import Trend, trend_series
from focusdesk.document.store import load
from focusdesk.formats.jsonio import workbook_from_json
from focusdesk.gui.chart import (
    BACKGROUND,
    BAND_COLOR,
    MINIMUM_COLOR,
    NET_CAPITAL_COLOR,
    RATIO_COLOR,
    TrendChart,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample.focus"


def _trend(months: dict[str, dict[str, str]], method: str = "aggregate-indebtedness"
           ) -> Trend:
    wb = workbook_from_json({"year": 2025, "method": method, "minimum_dollar": "250000",
                             "months": {m: {"items": i} for m, i in months.items()}})
    return trend_series(compute(wb), wb.method)


@pytest.fixture
def chart(qtbot):
    widget = TrendChart()
    qtbot.addWidget(widget)
    widget.resize(640, 420)  # the size these pictures were drawn at (see the next test)
    return widget


def test_the_sample_draws_whole_at_the_minimum_size(chart):
    """The smallest the chart is laid out at (a laptop at 150 % with the instructions
    pane open): every series is still drawn, the ratio's legend entry too."""
    chart.resize(chart.minimumSizeHint())
    wb, _state = load(SAMPLE)
    trend = trend_series(compute(wb), wb.method)
    chart.set_trend(trend)
    image = _image(chart)
    assert _count(image, NET_CAPITAL_COLOR) > 150 and _count(image, MINIMUM_COLOR) > 80
    ratio = chart._layout(trend).ratio.plot
    assert _count(image.copy(ratio.toRect()), RATIO_COLOR) > 80
    labels = [item.label for _, item in chart._layout(trend).ratio_legend
              + chart._layout(trend).legend]
    assert trend.ratio_label in labels


def _image(widget: TrendChart) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _count(image: QImage, color: QColor) -> int:
    """Pixels of exactly `color` (the inside of a line is painted in its full colour)."""
    argb = QColor(color.red(), color.green(), color.blue()).rgba()
    data = memoryview(image.constBits()).cast("I")
    return data.tolist().count(argb)


def _not_background(image: QImage) -> int:
    return image.width() * image.height() - _count(image, BACKGROUND)


def test_minimum_size_is_reasonable(chart):
    hint = chart.minimumSizeHint()
    # small enough for a laptop at 150 % (tests/gui/test_desk_geometry.py), big enough to read
    assert hint.width() >= 560 and hint.height() >= 300
    assert chart.sizeHint().width() >= hint.width()


def test_sample_renders_lines_in_their_colours(chart):
    wb, _state = load(SAMPLE)
    chart.set_trend(trend_series(compute(wb), wb.method))
    image = _image(chart)
    assert image.size() == QSize(chart.width(), chart.height())
    assert _not_background(image) > 5000  # not blank
    assert _count(image, NET_CAPITAL_COLOR) > 200
    assert _count(image, MINIMUM_COLOR) > 100
    assert _count(image, RATIO_COLOR) > 100


def test_empty_state(chart):
    image = _image(chart)  # no trend at all
    assert _not_background(image) > 0  # the title and the message
    assert _count(image, NET_CAPITAL_COLOR) == 0
    chart.set_trend(_trend({}))  # a trend with no month reported
    assert chart.trend() is not None
    image = _image(chart)
    assert _count(image, NET_CAPITAL_COLOR) == 0
    # The message is in the middle of the widget.
    middle = image.copy(0, image.height() // 3, image.width(), image.height() // 3)
    assert _not_background(middle) > 50


def test_single_month(chart):
    chart.set_trend(_trend({"MAR": {"3501": "1000000", "3840": "3000000"}}))
    image = _image(chart)
    assert _count(image, NET_CAPITAL_COLOR) > 20  # the marker and its level mark
    assert _count(image, RATIO_COLOR) > 10


def test_negative_net_capital_and_all_ratios_na(chart):
    trend = _trend({"JAN": {"3501": "-50000", "3840": "1000000"},
                    "FEB": {"3501": "-120000", "3840": "1000000"}})
    assert all(v is None for v in trend.ratio)
    chart.set_trend(trend)
    image = _image(chart)
    assert _count(image, NET_CAPITAL_COLOR) > 50
    ratio = chart._layout(trend).ratio.plot  # (the legend's swatch is the ratio's colour)
    assert _count(image.copy(ratio.toRect()), RATIO_COLOR) == 0  # no ratio point drawn
    band = QColor(BAND_COLOR)  # translucent over white: look for its hue
    reds = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if c.red() > 230 and 150 < c.green() < 235 and abs(c.green() - c.blue()) < 12:
                reds += 1
    assert band.alpha() < 255 and reds > 20  # the band below the 120 % line


def test_alternative_method_and_gaps(chart):
    trend = _trend({"JAN": {"3501": "1000000", "4470": "10000000"},
                    "MAR": {"3501": "400000", "4470": "10000000"},
                    "APR": {"3501": "-5000", "4470": "10000000"}}, method="alternative")
    chart.set_trend(trend)
    image = _image(chart)
    assert _count(image, NET_CAPITAL_COLOR) > 20
    assert _count(image, RATIO_COLOR) > 10


def test_set_trend_triggers_update(chart, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(chart, "update", lambda: calls.append(1))
    chart.set_trend(_trend({"JAN": {"3501": "1000000"}}))
    assert calls == [1]


def test_renders_at_device_pixel_ratio_1_5(chart):
    wb, _state = load(SAMPLE)
    chart.set_trend(trend_series(compute(wb), wb.method))
    pixmap = QPixmap(QSize(round(chart.width() * 1.5), round(chart.height() * 1.5)))
    pixmap.setDevicePixelRatio(1.5)
    pixmap.fill(QColor("black"))
    chart.render(pixmap)
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert _count(image, QColor("black")) == 0  # the whole pixmap was painted
    assert _count(image, NET_CAPITAL_COLOR) > 400


def test_tooltip_text_describes_the_month():
    trend = _trend({"JAN": {"3501": "280000", "3840": "3000000"}})
    jan = TrendChart.describe(trend.month("JAN"), trend)
    assert "Net capital: 280" in jan
    assert "Minimum requirement: 250" in jan
    assert "120 % early-warning level: 300" in jan
    assert "AI to net capital (line 25a): 1,071.43 %" in jan
    assert "below 120 %" in jan
    assert TrendChart.describe(trend.month("FEB"), trend) == "FEB: not reported"


def test_extreme_ratio_is_drawn_at_the_top_edge(chart):
    # 3,000,000 of AI on 10,000 of net capital: 30,000 % — the axis still ends at
    # 3,000 % so the 1,200 % and 1,500 % lines stay apart; the month is marked off-scale.
    trend = _trend({"JAN": {"3501": "1000000", "3840": "3000000"},
                    "FEB": {"3501": "10000", "3840": "3000000"}})
    assert trend.month("FEB").ratio == 30000
    chart.set_trend(trend)
    assert chart._layout(trend).ratio.hi == 3000
    assert _count(_image(chart), RATIO_COLOR) > 20
