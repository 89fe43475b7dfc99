"""The live preview (with recording badge and camera-lost banner) and the manual focus
control, shown only when the camera can focus under program control."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from ui.camera_thread import CameraController
from ui.widgets.video_player import ImageView


class PreviewView(ImageView):
    """The live picture with a REC/PAUSED badge and a banner when the camera is lost."""

    resized = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("capturePreview")
        self.badge = ""
        self.banner = ""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit(self.width(), self.height())

    def paint_overlay(self, painter: QPainter) -> None:
        font = QFont(self.font())
        font.setPointSize(12)
        font.setBold(True)
        painter.setFont(font)
        if self.badge:
            painter.setBrush(QColor(198, 40, 40) if "●" in self.badge else QColor(90, 90, 90))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(self.width() - 150, 10, 140, 30, 6, 6)
            painter.setPen(QColor("white"))
            painter.drawText(
                self.width() - 150, 10, 140, 30, Qt.AlignmentFlag.AlignCenter, self.badge
            )
        if self.banner:
            painter.fillRect(0, self.height() // 2 - 40, self.width(), 80, QColor(0, 0, 0, 190))
            painter.setPen(QColor("#ffcc80"))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.banner
            )


class FocusControl(QWidget):
    """A focus slider mapped onto the control's range; hidden for fixed-focus sources."""

    STEPS = 100

    def __init__(self, camera: CameraController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera = camera
        self.label = QLabel()
        self.slider = QSlider(Qt.Orientation.Horizontal, objectName="captureFocus")
        self.slider.setRange(0, self.STEPS)
        self.slider.setValue(self.STEPS // 2)
        self.slider.setFixedWidth(160)
        self.slider.valueChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.slider)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Focus"))

    def refresh(self) -> None:
        self.setVisible("focus" in self.camera.controls())

    def _changed(self, step: int) -> None:
        low, high = self.camera.controls().get("focus", (0.0, 1.0))
        self.camera.set_control("focus", low + (high - low) * step / self.STEPS)
