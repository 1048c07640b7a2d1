"""The Trend chart: net capital against the minimum, and the method's ratio, JAN … DEC.

Painted with QPainter (PySide6-Essentials has no QtCharts) from a
`focusdesk.calculation.trend.Trend`.
Two stacked panels share the month axis:

* top, in $000: net capital (line and point markers), the minimum requirement, the
  dashed 120 % early-warning level, and a light red band wherever net capital is below
  that level;
* bottom: line 25a (AI to net capital, %) against 1,200 % and 1,500 %, or line 25b (net
  capital to aggregate debit items, %) against 5 %.

Months not reported — and N/A ratios — are gaps, never zeros. Every size is derived
from the widget's font metrics, so the chart reads the same at 100 % and 150 % scaling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..base.money import format_amount
from ..calculation.trend import Trend, TrendMonth, nice_ticks
from ..form.catalog import MONTHS

# Colours: red is a limit, amber an early warning, throughout both panels.
BACKGROUND = QColor("#ffffff")
TEXT = QColor("#202124")
MUTED_TEXT = QColor("#6b6f76")
GRID = QColor("#e4e6ea")
AXIS = QColor("#7a7f87")
NET_CAPITAL_COLOR = QColor("#1f5fbf")
MINIMUM_COLOR = QColor("#b3261e")
EARLY_WARNING_COLOR = QColor("#c25400")
BAND_COLOR = QColor(229, 57, 53, 56)  # light red, translucent over the grid
RATIO_COLOR = QColor("#6a1b9a")
LIMIT_COLOR = MINIMUM_COLOR

EMPTY_MESSAGE = "No months reported yet"
RATIO_CAP_FACTOR = Decimal(2)  # the 25a axis ends at twice its 1,500 % limit
ONE = Decimal(1)


@dataclass(frozen=True)
class _Axis:
    """A panel's plot rectangle and its vertical scale."""

    plot: QRectF
    header: QRectF
    ticks: tuple[Decimal, ...]
    lo: float
    hi: float

    def y(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.plot.bottom() - (value - self.lo) / span * self.plot.height()


@dataclass(frozen=True)
class _LegendItem:
    kind: str  # "line", "dash", "marker", "band", "line+marker"
    color: QColor
    label: str


@dataclass(frozen=True)
class _Layout:
    title: QRectF
    legend: tuple[tuple[QRectF, _LegendItem], ...]
    ratio_legend: tuple[tuple[QRectF, _LegendItem], ...]  # in the ratio panel's header
    money: _Axis
    ratio: _Axis
    xs: tuple[float, ...]  # month centres
    slot: float  # width of one month


def _places(ticks: Sequence[Decimal]) -> int:
    """Decimal places needed to print every tick exactly (percent ticks may be 0.5)."""
    exps = [t.normalize().as_tuple().exponent for t in ticks]
    return max([0, *(-e for e in exps if isinstance(e, int))])


class TrendChart(QWidget):
    """The Trend chart. Give it data with `set_trend`; `None` shows the empty state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._trend: Trend | None = None
        self._title = "Net capital trend"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMouseTracking(True)

    # -- public API --------------------------------------------------------------
    def set_trend(self, trend: Trend | None) -> None:
        self._trend = trend
        self.update()

    def trend(self) -> Trend | None:
        return self._trend

    def set_title(self, title: str) -> None:
        self._title = title
        self.update()

    def title(self) -> str:
        return self._title

    # -- sizing ------------------------------------------------------------------
    def minimumSizeHint(self) -> QSize:
        # Small enough for a 1366 × 768 laptop, or 1600 × 1000 at 150 %, with the
        # instructions pane open: every part of the chart is laid out from its size.
        lh = QFontMetricsF(self.font()).height()
        return QSize(max(560, round(lh * 34)), max(300, round(lh * 19)))

    def sizeHint(self) -> QSize:
        m = self.minimumSizeHint()
        return QSize(round(m.width() * 1.3), round(m.height() * 1.3))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
            self.update()
        super().changeEvent(event)

    # -- geometry ----------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        title = QFont(base)
        small = QFont(base)
        if base.pointSizeF() > 0:
            title.setPointSizeF(base.pointSizeF() * 1.25)
            small.setPointSizeF(base.pointSizeF() * 0.9)
        else:
            title.setPixelSize(round(base.pixelSize() * 1.25))
            small.setPixelSize(max(1, round(base.pixelSize() * 0.9)))
        title.setWeight(QFont.Weight.DemiBold)
        return base, title, small

    def _legend_items(self, trend: Trend) -> list[_LegendItem]:
        """The top legend: the dollar panel's lines and the markers' colours."""
        items = [
            _LegendItem("line+marker", NET_CAPITAL_COLOR, "Net capital"),
            _LegendItem("line", MINIMUM_COLOR, "Minimum requirement"),
            _LegendItem("dash", EARLY_WARNING_COLOR, "120 % early-warning level"),
        ]
        if any(m.below_early_warning_level for m in trend.months):
            items.append(_LegendItem("band", BAND_COLOR, "Net capital below 120 %"))
        if any(m.below_minimum for m in trend.months):
            items.append(_LegendItem("marker", MINIMUM_COLOR, "Below minimum"))
        if any(m.early_warning and not m.below_minimum for m in trend.months):
            items.append(_LegendItem("marker", EARLY_WARNING_COLOR, "Early warning"))
        return items

    @staticmethod
    def _ratio_legend_items(trend: Trend) -> list[_LegendItem]:
        """The ratio panel's line itself, then its reference lines."""
        return [_LegendItem("line+marker", RATIO_COLOR, trend.ratio_label)] + [
            _LegendItem("line" if ref.kind == "limit" else "dash",
                        LIMIT_COLOR if ref.kind == "limit" else EARLY_WARNING_COLOR,
                        ref.label)
            for ref in trend.ratio_references]

    @staticmethod
    def _ratio_cap(trend: Trend) -> Decimal | None:
        """Where the ratio axis stops when higher is worse (25a): twice the limit, so a
        30,000 % month does not flatten the 1,200 % and 1,500 % lines into one; such a
        month is drawn at the top edge as ▲ with its value."""
        if trend.lower_is_worse or not trend.ratio_references:
            return None
        return RATIO_CAP_FACTOR * max(r.value for r in trend.ratio_references)

    @staticmethod
    def _ratio_header(trend: Trend) -> str:
        return f"{trend.ratio_label} — line {trend.ratio_line}"

    def _layout(self, trend: Trend) -> _Layout:
        base, title_font, small = self._fonts()
        fm = QFontMetricsF(base)
        fs = QFontMetricsF(small)
        lh = fm.height()
        pad = lh * 0.75
        w, h = float(self.width()), float(self.height())

        # Title row.
        title_h = QFontMetricsF(title_font).height()
        title = QRectF(pad, pad * 0.6, w - 2 * pad, title_h)

        # Legend: a flow of entries, wrapping at the widget's width.
        swatch = lh * 1.8
        gap = lh * 0.4
        spacing = lh * 1.1
        row_h = fs.height() * 1.35
        y = title.bottom() + lh * 0.35
        x = pad
        legend: list[tuple[QRectF, _LegendItem]] = []
        # The ratio's reference lines are named in its panel's header, right of the
        # header text, when they fit there; otherwise in the top legend.
        ratio_items = self._ratio_legend_items(trend)
        ratio_w = sum(swatch + gap + fs.horizontalAdvance(i.label) + spacing
                      for i in ratio_items)
        header_w = fm.horizontalAdvance(self._ratio_header(trend))
        in_header = header_w + lh + ratio_w <= w - 2 * pad
        top_items = self._legend_items(trend) + ([] if in_header else ratio_items)
        for item in top_items:
            iw = swatch + gap + fs.horizontalAdvance(item.label)
            if x > pad and x + iw > w - pad:
                x = pad
                y += row_h
            legend.append((QRectF(x, y, iw, row_h), item))
            x += iw + spacing
        legend_bottom = y + row_h

        # Two panels, each: header row, plot, month labels.
        header_h = lh
        header_gap = lh * 0.75  # keeps the top tick label clear of the header text
        xlabel_h = lh * 1.25
        panel_gap = lh * 0.5
        top = legend_bottom + lh * 0.4
        chrome = 2 * (header_h + header_gap + xlabel_h) + panel_gap
        plots_h = max(lh * 4, h - pad - top - chrome)
        money_h = plots_h * 0.6
        ratio_h = plots_h - money_h

        money_plot_top = top + header_h + header_gap
        ratio_header_top = money_plot_top + money_h + xlabel_h + panel_gap
        ratio_plot_top = ratio_header_top + header_h + header_gap

        # Vertical scales (independent of the widths).
        money_vals = [trend.in_thousands(v) for m in trend.months
                      for v in (m.net_capital, m.minimum_requirement, m.early_warning_level)
                      if v is not None]
        m_lo = min([Decimal(0), *money_vals])
        m_hi = max([Decimal(0), *money_vals])
        money_ticks = nice_ticks(m_lo, m_hi, max(2, int(money_h / (lh * 1.8))), min_step=ONE)
        ratio_vals = [m.ratio for m in trend.months if m.ratio is not None]
        ratio_vals += [r.value for r in trend.ratio_references]
        r_lo = min([Decimal(0), *ratio_vals])
        r_hi = max(ratio_vals)
        cap = self._ratio_cap(trend)
        if cap is not None:
            r_hi = min(r_hi, cap)
        ratio_ticks = nice_ticks(r_lo, r_hi, max(2, int(ratio_h / (lh * 1.8))))

        # Horizontal: y-tick labels left, reference-line labels right.
        left_w = max(fs.horizontalAdvance(format_amount(t)) for t in money_ticks)
        places = _places(ratio_ticks)
        left_w = max(left_w, *(fs.horizontalAdvance(format_amount(t, places=places))
                               for t in ratio_ticks))
        right_w = max([lh * 0.5, *(fs.horizontalAdvance(self._ref_text(r.value)) + lh * 0.9
                                   for r in trend.ratio_references)])
        plot_left = pad + left_w + lh * 0.5
        plot_right = w - pad * 0.6 - right_w
        plot_w = max(lh * 6, plot_right - plot_left)

        money = _Axis(QRectF(plot_left, money_plot_top, plot_w, money_h),
                      QRectF(pad, top, w - 2 * pad, header_h), money_ticks,
                      float(money_ticks[0]), float(money_ticks[-1]))
        ratio = _Axis(QRectF(plot_left, ratio_plot_top, plot_w, ratio_h),
                      QRectF(pad, ratio_header_top, w - 2 * pad, header_h), ratio_ticks,
                      float(ratio_ticks[0]), float(ratio_ticks[-1]))
        slot = plot_w / len(MONTHS)
        xs = tuple(plot_left + (i + 0.5) * slot for i in range(len(MONTHS)))
        ratio_legend: list[tuple[QRectF, _LegendItem]] = []
        if in_header:
            x = w - pad - ratio_w + spacing
            for item in ratio_items:
                iw = swatch + gap + fs.horizontalAdvance(item.label)
                ratio_legend.append((QRectF(x, ratio_header_top, iw, header_h), item))
                x += iw + spacing
        return _Layout(title, tuple(legend), tuple(ratio_legend), money, ratio, xs, slot)

    @staticmethod
    def _ref_text(value: Decimal) -> str:
        return f"{format_amount(value, places=_places([value]))} %"

    # -- painting ----------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            p.fillRect(self.rect(), BACKGROUND)
            trend = self._trend
            if trend is None or not trend.any_reported:
                self._paint_empty(p)
            else:
                self._paint_chart(p, trend)
        finally:
            p.end()

    def _paint_empty(self, p: QPainter) -> None:
        _base, title_font, _small = self._fonts()
        lh = QFontMetricsF(self.font()).height()
        pad = lh * 0.75
        p.setFont(title_font)
        p.setPen(TEXT)
        p.drawText(QRectF(pad, pad * 0.6, self.width() - 2 * pad,
                          QFontMetricsF(title_font).height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title)
        p.setFont(self.font())
        p.setPen(MUTED_TEXT)
        p.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, EMPTY_MESSAGE)

    def _pen(self, color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine
             ) -> QPen:
        pen = QPen(color, width, style)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap if style != Qt.PenStyle.SolidLine
                        else Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _paint_chart(self, p: QPainter, trend: Trend) -> None:
        base, title_font, small = self._fonts()
        lh = QFontMetricsF(base).height()
        lw = max(1.0, lh / 9)
        lay = self._layout(trend)

        # Title, and the method at the right.
        p.setFont(title_font)
        p.setPen(TEXT)
        p.drawText(lay.title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self._title)
        title_w = QFontMetricsF(title_font).horizontalAdvance(self._title)
        method = ("Aggregate indebtedness method" if trend.ratio_line == "25a"
                  else "Alternative method")
        fs = QFontMetricsF(small)
        if title_w + lh + fs.horizontalAdvance(method) <= lay.title.width():
            p.setFont(small)
            p.setPen(MUTED_TEXT)
            p.drawText(lay.title, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       method)

        self._paint_legend(p, lay, small, lw)

        # Top panel: dollars ($000).
        money = lay.money
        self._paint_axes(p, money, lay, trend, small,
                         "Net capital and minimum requirement ($000 omitted)",
                         lambda t: format_amount(t))
        th = trend.in_thousands
        nc = [None if m.net_capital is None else float(th(m.net_capital)) for m in trend.months]
        req = [None if m.minimum_requirement is None else float(th(m.minimum_requirement))
               for m in trend.months]
        ew = [None if m.early_warning_level is None else float(th(m.early_warning_level))
              for m in trend.months]
        p.save()
        p.setClipRect(money.plot.adjusted(-lh, -lh, lh, lh))
        self._paint_band(p, money, lay, nc, ew)
        self._paint_series(p, money, lay, req, self._pen(MINIMUM_COLOR, lw * 1.3))
        self._paint_series(p, money, lay, ew,
                           self._pen(EARLY_WARNING_COLOR, lw * 1.3, Qt.PenStyle.DashLine))
        self._paint_series(p, money, lay, nc, self._pen(NET_CAPITAL_COLOR, lw * 1.8))
        colors = [MINIMUM_COLOR if m.below_minimum else
                  EARLY_WARNING_COLOR if m.early_warning else NET_CAPITAL_COLOR
                  for m in trend.months]
        self._paint_markers(p, money, lay, nc, colors, lh)
        p.restore()

        # Bottom panel: the ratio.
        ratio = lay.ratio
        places = _places(ratio.ticks)
        self._paint_axes(p, ratio, lay, trend, small, self._ratio_header(trend),
                         lambda t: format_amount(t, places=places))
        fr = QFontMetricsF(small)
        label_ys: list[float] = []
        for ref in sorted(trend.ratio_references, key=lambda r: r.value):
            y = ratio.y(float(ref.value))
            limit = ref.kind == "limit"
            color = LIMIT_COLOR if limit else EARLY_WARNING_COLOR
            p.setPen(self._pen(color, lw * 1.3,
                               Qt.PenStyle.SolidLine if limit else Qt.PenStyle.DashLine))
            p.drawLine(QPointF(ratio.plot.left(), y), QPointF(ratio.plot.right(), y))
            # The value at the right, nudged apart from its neighbour if they would touch.
            ly = y
            if label_ys and label_ys[-1] - ly < fr.height():
                ly = label_ys[-1] - fr.height()
            label_ys.append(ly)
            p.setFont(small)
            p.setPen(color)
            p.drawText(QRectF(ratio.plot.right() + lh * 0.4, ly - fr.height() / 2,
                              fr.horizontalAdvance(self._ref_text(ref.value)) + lh * 0.5,
                              fr.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       self._ref_text(ref.value))
        values = [None if m.ratio is None else float(m.ratio) for m in trend.months]
        off_scale = [v is not None and v > ratio.hi for v in values]
        values = [None if v is None else min(v, ratio.hi) for v in values]
        if all(v is None for v in values):
            p.setFont(small)
            p.setPen(MUTED_TEXT)
            p.drawText(ratio.plot, Qt.AlignmentFlag.AlignCenter,
                       f"Line {trend.ratio_line} is N/A in every reported month")
        else:
            p.save()
            p.setClipRect(ratio.plot.adjusted(-lh, -lh, lh, lh))
            self._paint_series(p, ratio, lay, values, self._pen(RATIO_COLOR, lw * 1.6))
            rcolors = [LIMIT_COLOR if m.over_ratio_limit else
                       EARLY_WARNING_COLOR if m.ratio_early_warning else RATIO_COLOR
                       for m in trend.months]
            self._paint_markers(p, ratio, lay, values, rcolors, lh)
            for i, m in enumerate(trend.months):
                if off_scale[i] and m.ratio is not None:
                    self._off_scale(p, QPointF(lay.xs[i], ratio.plot.top()), rcolors[i],
                                    f"{format_amount(m.ratio)} %", small, lh, lay)
            p.restore()

    def _paint_legend(self, p: QPainter, lay: _Layout, small: QFont, lw: float) -> None:
        fs = QFontMetricsF(small)
        lh = QFontMetricsF(self.font()).height()
        swatch = lh * 1.8
        p.setFont(small)
        for rect, item in (*lay.legend, *lay.ratio_legend):
            cy = rect.center().y()
            x0, x1 = rect.left(), rect.left() + swatch
            if item.kind == "band":
                p.fillRect(QRectF(x0, cy - fs.height() * 0.35, swatch, fs.height() * 0.7),
                           item.color)
            elif item.kind == "marker":
                self._marker(p, QPointF((x0 + x1) / 2, cy), item.color, lh)
            else:
                style = Qt.PenStyle.DashLine if item.kind == "dash" else Qt.PenStyle.SolidLine
                p.setPen(self._pen(item.color, lw * 1.5, style))
                p.drawLine(QPointF(x0, cy), QPointF(x1, cy))
                if item.kind == "line+marker":
                    self._marker(p, QPointF((x0 + x1) / 2, cy), item.color, lh)
            p.setPen(TEXT)
            p.drawText(QRectF(x1 + lh * 0.4, rect.top(), rect.width() - swatch, rect.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, item.label)

    def _paint_axes(self, p: QPainter, axis: _Axis, lay: _Layout, trend: Trend, small: QFont,
                    header: str, fmt) -> None:
        fs = QFontMetricsF(small)
        lh = QFontMetricsF(self.font()).height()
        plot = axis.plot
        # Header.
        p.setFont(self.font())
        p.setPen(TEXT)
        p.drawText(axis.header, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   QFontMetricsF(self.font()).elidedText(header, Qt.TextElideMode.ElideRight,
                                                         axis.header.width()))
        # Horizontal grid and y labels (every other label if they would crowd).
        p.setFont(small)
        step_px = plot.height() / max(1, len(axis.ticks) - 1)
        every = 1 if step_px >= fs.height() * 1.2 else 2
        for i, t in enumerate(axis.ticks):
            y = axis.y(float(t))
            p.setPen(QPen(AXIS if t == 0 else GRID, 1.0))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if i % every == 0:
                p.setPen(MUTED_TEXT)
                p.drawText(QRectF(0, y - fs.height() / 2, plot.left() - lh * 0.4, fs.height()),
                           Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, fmt(t))
        # Axis lines.
        p.setPen(QPen(AXIS, 1.0))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.topLeft(), plot.bottomLeft())
        # Month labels; not reported months greyed.
        full = fs.horizontalAdvance("MAY") + lh * 0.3 <= lay.slot
        for x, m in zip(lay.xs, trend.months, strict=True):
            p.setPen(QPen(AXIS, 1.0))
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + lh * 0.25))
            p.setPen(TEXT if m.reported else MUTED_TEXT.lighter(140))
            p.drawText(QRectF(x - lay.slot / 2, plot.bottom() + lh * 0.25, lay.slot,
                              fs.height()),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       m.month if full else m.month[0])

    @staticmethod
    def _runs(values: Sequence[float | None]) -> list[list[int]]:
        """Indexes of consecutive months with a value: [[0, 1, 2], [5], …]."""
        runs: list[list[int]] = []
        for i, v in enumerate(values):
            if v is None:
                continue
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        return runs

    def _paint_series(self, p: QPainter, axis: _Axis, lay: _Layout,
                      values: Sequence[float | None], pen: QPen) -> None:
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for run in self._runs(values):
            if len(run) == 1:  # a lone month: a short level mark across its slot
                i = run[0]
                y = axis.y(values[i])  # type: ignore[arg-type]
                half = lay.slot * 0.32
                p.drawLine(QPointF(lay.xs[i] - half, y), QPointF(lay.xs[i] + half, y))
                continue
            path = QPainterPath()
            for k, i in enumerate(run):
                pt = QPointF(lay.xs[i], axis.y(values[i]))  # type: ignore[arg-type]
                if k == 0:
                    path.moveTo(pt)
                else:
                    path.lineTo(pt)
            p.drawPath(path)

    def _paint_band(self, p: QPainter, axis: _Axis, lay: _Layout,
                    nc: Sequence[float | None], ew: Sequence[float | None]) -> None:
        """Fill between net capital and the 120 % level wherever net capital is below."""
        both = [None if a is None or b is None else b - a for a, b in zip(nc, ew, strict=True)]
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(BAND_COLOR))
        for run in self._runs(both):
            if len(run) == 1:
                i = run[0]
                if both[i] > 0:  # type: ignore[operator]
                    half = lay.slot * 0.32
                    y0, y1 = axis.y(nc[i]), axis.y(ew[i])  # type: ignore[arg-type]
                    p.drawRect(QRectF(lay.xs[i] - half, y1, 2 * half, y0 - y1))
                continue
            for i, j in pairwise(run):
                di, dj = both[i], both[j]
                assert di is not None and dj is not None
                if di <= 0 and dj <= 0:
                    continue

                def pt(k: int, series: Sequence[float | None]) -> QPointF:
                    return QPointF(lay.xs[k], axis.y(series[k]))  # type: ignore[arg-type]

                if di > 0 and dj > 0:
                    poly = [pt(i, nc), pt(j, nc), pt(j, ew), pt(i, ew)]
                else:
                    t = di / (di - dj)
                    a, b = nc[i], nc[j]
                    assert a is not None and b is not None
                    cross = QPointF(lay.xs[i] + t * (lay.xs[j] - lay.xs[i]),
                                    axis.y(a + t * (b - a)))
                    poly = ([pt(i, nc), cross, pt(i, ew)] if di > 0
                            else [cross, pt(j, nc), pt(j, ew)])
                p.drawPolygon(QPolygonF(poly))

    def _off_scale(self, p: QPainter, at: QPointF, color: QColor, text: str, font: QFont,
                   lh: float, lay: _Layout) -> None:
        """A value above the axis: an upward triangle at the top edge, and the value."""
        r = max(3.0, lh * 0.36)
        tri = QPolygonF([QPointF(at.x(), at.y() - r), QPointF(at.x() + r, at.y() + r * 0.8),
                         QPointF(at.x() - r, at.y() + r * 0.8)])
        p.setPen(QPen(BACKGROUND, max(1.0, lh / 12)))
        p.setBrush(QBrush(color))
        p.drawPolygon(tri)
        fm = QFontMetricsF(font)
        tw = fm.horizontalAdvance(text)
        # Right of the marker, or left of it near the right edge; just under the top.
        x = at.x() + r * 1.4
        if x + tw > lay.ratio.plot.right():
            x = at.x() - r * 1.4 - tw
        box = QRectF(x, at.y() + r * 0.2, tw, fm.height())
        p.fillRect(box.adjusted(-2, 0, 2, 0), QColor(255, 255, 255, 210))
        p.setFont(font)
        p.setPen(color)
        p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)

    def _marker(self, p: QPainter, at: QPointF, color: QColor, lh: float) -> None:
        r = max(2.5, lh * 0.24)
        p.setPen(QPen(BACKGROUND, max(1.0, lh / 12)))
        p.setBrush(QBrush(color))
        p.drawEllipse(at, r, r)

    def _paint_markers(self, p: QPainter, axis: _Axis, lay: _Layout,
                       values: Sequence[float | None], colors: Sequence[QColor],
                       lh: float) -> None:
        for i, v in enumerate(values):
            if v is not None:
                self._marker(p, QPointF(lay.xs[i], axis.y(v)), colors[i], lh)

    # -- tool-tips ---------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip_at(float(event.pos().x()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def _tooltip_at(self, x: float) -> str:
        trend = self._trend
        if trend is None or not trend.any_reported:
            return ""
        lay = self._layout(trend)
        i = int((x - lay.money.plot.left()) // lay.slot)
        if not 0 <= i < len(MONTHS):
            return ""
        return self.describe(trend.months[i], trend)

    @staticmethod
    def describe(m: TrendMonth, trend: Trend) -> str:
        """A month in words ($000), as the tool-tip shows it."""
        if not m.reported:
            return f"{m.month}: not reported"

        def k(v: Decimal | None) -> str:
            return "N/A" if v is None else format_amount(trend.in_thousands(v))

        lines = [
            f"{m.month} ($000 omitted)",
            f"Net capital: {k(m.net_capital)}",
            f"Minimum requirement: {k(m.minimum_requirement)}",
            f"120 % early-warning level: {k(m.early_warning_level)}",
            f"{trend.ratio_label.removesuffix(' (%)')} (line {trend.ratio_line}): "
            + ("N/A" if m.ratio is None else f"{format_amount(m.ratio, places=2)} %"),
        ]
        lines += [f"⚠ {r[0].upper()}{r[1:]}" for r in m.reasons]
        return "\n".join(lines)
