"""A small bar chart painted with QPainter: no chart library, crisp at any DPI, follows the
palette and font of the application (Chinese labels included)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

DEFAULT_COLOUR = QColor("#1F77B4")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: QColor | None = None
    text: str | None = None  # shown at the bar's end; defaults to the value


class BarChart(QWidget):
    """Horizontal bars (label left, value right) or vertical columns (label below)."""

    def __init__(self, *, vertical: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vertical = vertical
        self.bars: list[Bar] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: list[Bar], empty_text: str = "") -> None:
        self.bars = list(bars)
        self.empty_text = empty_text
        self.setAccessibleDescription(
            "; ".join(f"{b.label}: {b.text or _number(b.value)}" for b in self.bars)
        )
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        if self.vertical:
            return QSize(360, line * 9)
        return QSize(360, max(len(self.bars), 2) * int(line * 1.6) + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.fontMetrics().height() * 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not any(b.value for b in self.bars):
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            return
        if self.vertical:
            self._paint_columns(painter)
        else:
            self._paint_rows(painter)

    def _paint_rows(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        label_w = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + 10, self.width() // 3
        )
        value_w = max(metrics.horizontalAdvance(b.text or _number(b.value)) for b in self.bars) + 8
        row_h = self.height() / max(len(self.bars), 1)
        top = max(b.value for b in self.bars)
        text_colour = self.palette().text().color()
        for i, bar in enumerate(self.bars):
            y = i * row_h
            painter.setPen(text_colour)
            label_rect = QRectF(0, y, label_w - 6, row_h)
            elided = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 6)
            painter.drawText(
                label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided
            )
            span = max(self.width() - label_w - value_w, 10)
            length = span * (bar.value / top if top else 0)
            painter.fillRect(
                QRectF(label_w, y + row_h * 0.18, length, row_h * 0.64),
                bar.colour or DEFAULT_COLOUR,
            )
            painter.drawText(
                QRectF(label_w + length + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                bar.text or _number(bar.value),
            )

    def _paint_columns(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        count = max(len(self.bars), 1)
        col_w = self.width() / count
        plot_h = self.height() - 2 * line - 4
        top = max(b.value for b in self.bars)
        painter.setPen(self.palette().text().color())
        for i, bar in enumerate(self.bars):
            x = i * col_w
            height = plot_h * (bar.value / top if top else 0)
            rect = QRectF(x + col_w * 0.15, line + plot_h - height, col_w * 0.7, height)
            painter.fillRect(rect, bar.colour or DEFAULT_COLOUR)
            if bar.value:
                painter.drawText(
                    QRectF(x, rect.top() - line, col_w, line),
                    Qt.AlignmentFlag.AlignCenter,
                    bar.text or _number(bar.value),
                )
            painter.drawText(
                QRectF(x, line + plot_h + 2, col_w, line),
                Qt.AlignmentFlag.AlignCenter,
                metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(col_w)),
            )


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
