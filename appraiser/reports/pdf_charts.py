"""Vector charts (reportlab.graphics) for the daily summary PDF, in the CJK font.

Counts are whole numbers, so a count axis ticks in whole steps (reportlab would choose 0.5
or 0.2 for small counts). Category names are given the room their text needs, up to a
share of the chart; a longer one ends in an ellipsis rather than running off the page.
"""

from __future__ import annotations

import math

from reportlab.graphics.charts.axes import ValueAxis
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from appraiser.reports.pdf_common import MUTED, SERIES

MAX_LABEL_SHARE = 0.4  # of the drawing's width, for the names beside horizontal bars
LABEL_GAP = 6
ELLIPSIS = "…"


def _drawing(width: float, height: float, font: str) -> Drawing:
    """A drawing whose default font is ours (reportlab's default, Helvetica, would be named
    in the PDF without being embedded)."""
    return Drawing(width, height, initialFontName=font)


def whole_number_ticks(axis: ValueAxis, top: float) -> None:
    """Ticks at whole, evenly spaced counts (1, 2, 5, 10, 20, 50 … apart), at most six."""
    magnitude = 10 ** max(0, math.floor(math.log10(max(top, 1) / 5)))
    step = next(c * magnitude for c in (1, 2, 5, 10) if c * magnitude * 5 >= top)
    axis.valueMin = 0
    axis.valueStep = step
    axis.valueMax = max(step, math.ceil(top / step) * step)
    axis.labelTextFormat = "%d"


def fit_labels(labels: list[str], font: str, size: float, most: float) -> tuple[list[str], float]:
    """Labels no wider than ``most`` points (cut with an ellipsis), and the width they need."""
    fitted = []
    for label in labels:
        while stringWidth(label, font, size) > most and len(label) > 1:
            label = label[:-2].rstrip() + ELLIPSIS
        fitted.append(label)
    return fitted, max((stringWidth(x, font, size) for x in fitted), default=0)


def _empty(drawing: Drawing, font: str, text: str) -> Drawing:
    drawing.add(
        String(
            drawing.width / 2,
            drawing.height / 2,
            text,
            fontName=font,
            fontSize=9,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    return drawing


def pie(
    values: list[int],
    labels: list[str],
    fills: list,
    font: str,
    *,
    width: float,
    height: float,
    empty_text: str,
) -> Drawing:
    drawing = _drawing(width, height, font)
    if not any(values):
        return _empty(drawing, font, empty_text)
    chart = Pie()
    size = min(width * 0.45, height - 20)
    chart.x, chart.y, chart.width, chart.height = 10, (height - size) / 2, size, size
    chart.data = [max(v, 0) for v in values]
    total = sum(values)
    chart.labels = None
    chart.slices.strokeColor = colors.white
    chart.slices.strokeWidth = 0.8
    for i, fill in enumerate(fills):
        chart.slices[i].fillColor = fill
    drawing.add(chart)
    for i, (value, label) in enumerate(zip(values, labels, strict=True)):  # legend
        y = height - 18 - i * 15
        drawing.add(_swatch(size + 24, y, fills[i]))
        share = f"{value / total:.1%}" if total else "—"
        drawing.add(
            String(size + 38, y, f"{label}  {value:,}  ({share})", fontName=font, fontSize=8.5)
        )
    return drawing


def _swatch(x: float, y: float, fill):
    from reportlab.graphics.shapes import Rect

    return Rect(x, y - 1, 9, 9, fillColor=fill, strokeColor=None)


def vbar(
    values: list[int],
    labels: list[str],
    font: str,
    *,
    width: float,
    height: float,
    empty_text: str,
    fill=SERIES[0],
) -> Drawing:
    drawing = _drawing(width, height, font)
    if not any(values):
        return _empty(drawing, font, empty_text)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 24, width - 42, height - 34
    chart.data = [values]
    chart.bars[0].fillColor = fill
    chart.bars.strokeColor = None
    whole_number_ticks(chart.valueAxis, max(values))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E3E8EE")
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def hbar(
    values: list[float],
    labels: list[str],
    font: str,
    *,
    width: float,
    empty_text: str,
    fmt: str = "%d",
    fill=SERIES[2],
) -> Drawing:
    """Horizontal bars, one per label; ``fmt`` "%d" marks counts (whole-number ticks)."""
    rows = max(len(values), 1)
    height = 18 + rows * 14
    drawing = _drawing(width, height, font)
    if not any(values):
        return _empty(drawing, font, empty_text)
    chart = HorizontalBarChart()
    names, widest = fit_labels(labels, font, 7.5, width * MAX_LABEL_SHARE)
    room = widest + LABEL_GAP + 4
    chart.x, chart.y, chart.width, chart.height = room, 12, width - room - 40, rows * 14
    chart.data = [list(reversed(values))]
    chart.bars[0].fillColor = fill
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    if fmt == "%d":
        whole_number_ticks(chart.valueAxis, max(values))
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = list(reversed(names))
    chart.categoryAxis.labels.dx = -LABEL_GAP
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.barLabelFormat = fmt
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing
