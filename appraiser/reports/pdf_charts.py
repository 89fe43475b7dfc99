"""Vector charts (reportlab.graphics) for the daily summary PDF, in the CJK font."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from appraiser.reports.pdf_common import MUTED, SERIES


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
    drawing = Drawing(width, height)
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
    drawing = Drawing(width, height)
    if not any(values):
        return _empty(drawing, font, empty_text)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 32, 24, width - 42, height - 34
    chart.data = [values]
    chart.bars[0].fillColor = fill
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
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
    rows = max(len(values), 1)
    height = 18 + rows * 14
    drawing = Drawing(width, height)
    if not any(values):
        return _empty(drawing, font, empty_text)
    chart = HorizontalBarChart()
    label_room = 110
    chart.x, chart.y, chart.width, chart.height = label_room, 12, width - label_room - 40, rows * 14
    chart.data = [list(reversed(values))]
    chart.bars[0].fillColor = fill
    chart.bars.strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.barLabelFormat = fmt
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing
