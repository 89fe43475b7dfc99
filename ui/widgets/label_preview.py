"""A label as it will print (but with a QR that verifies nothing): rendered by the core off
the UI thread, shown to scale."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QSizePolicy, QVBoxLayout, QWidget

from appraiser.labels import layouts, png
from appraiser.labels.content import preview_of
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from ui.tasks import run_task

PREVIEW_DPI = 300
MIN_WIDTH = 220


def render_preview(station: Station, serial: str, stock: str, dpi: int = PREVIEW_DPI) -> bytes:
    """Worker side: PNG bytes of one label (plain data back to the UI thread), its QR
    pointing at no label: a photo of the screen must not be a working label."""
    return png.render_png(layouts.load(stock), preview_of(labels.content(station, serial)), dpi)


class LabelPreview(QFrame):
    """Shows one serial on one stock; ``rendered`` fires when the new image is in place."""

    rendered = Signal(str)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.serial: str | None = None
        self.stock = station.settings.label_stock
        self.setObjectName("labelPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#labelPreview { background: #e9ecef; }"
            "QLabel#labelPreviewImage { background: white; "
            "border: 1px solid #adb5bd; }"
        )
        self.image = QLabel(objectName="labelPreviewImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.caption = QLabel(objectName="labelPreviewCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box = QVBoxLayout(self)
        box.addStretch(1)
        box.addWidget(self.image, 0, Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.caption)
        box.addStretch(1)
        box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._pixmap = QPixmap()
        self.clear()

    def minimumSizeHint(self) -> QSize:
        """Small, whatever the image: the image is fitted to the room the preview gets
        (``_fit``), so it must never hold the window at the size of a larger screen."""
        return QSize(MIN_WIDTH, MIN_WIDTH * 3 // 4)

    def clear(self) -> None:
        self.serial = None
        self.image.clear()
        self.image.hide()
        self.caption.setText(self.tr("Select a label to preview it."))

    def show_label(self, serial: str, stock: str | None = None) -> None:
        self.serial, self.stock = serial, stock or self.stock
        self.caption.setText(self.tr("Rendering…"))
        run_task(
            self,
            render_preview,
            self.station,
            serial,
            self.stock,
            on_success=lambda data, s=serial, k=self.stock: self._show(s, k, data),
        )

    def _show(self, serial: str, stock: str, data: bytes) -> None:
        if serial != self.serial or stock != self.stock:
            return  # the selection moved on while this one rendered
        image = QImage.fromData(data, "PNG")
        self._pixmap = QPixmap.fromImage(image)
        self._fit()
        layout = layouts.load(stock)
        self.caption.setText(self.tr("{0} label, shown enlarged").format(layout.title))
        self.image.show()
        self.rendered.emit(serial)

    def _fit(self) -> None:
        if self._pixmap.isNull():
            return
        room = self.size()
        width = max(MIN_WIDTH - 40, min(room.width() - 40, 2 * self._pixmap.width()))
        scaled = self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        if scaled.height() > room.height() - 60 > 100:
            scaled = self._pixmap.scaledToHeight(
                room.height() - 60, Qt.TransformationMode.SmoothTransformation
            )
        self.image.setPixmap(scaled)
        self.image.setFixedSize(scaled.size())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()
