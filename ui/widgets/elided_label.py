"""A one-line label that gives way: it shrinks to an ellipsis instead of widening the
window, and shows its whole text as a tooltip.

A plain ``QLabel`` asks its layout for the width of its whole text; in a status bar, one
long station name, user name or printer queue then makes the main window wider than a
1366-pixel screen and pushes the page's right edge off it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel

MIN_CHARS = 4


class ElidedLabel(QLabel):
    """``keep`` pixels of the text stay readable before it gives way (who is signed in
    matters more than a device's detail, so the status bar keeps more of it)."""

    def __init__(self, *args, keep: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.keep = keep

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        least = max(self.keep, self.fontMetrics().horizontalAdvance("M" * MIN_CHARS))
        return QSize(min(hint.width(), least), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, rect.width()
        )
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(align), shown)

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()
