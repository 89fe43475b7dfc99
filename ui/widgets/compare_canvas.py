"""A zoomable image view with boxes drawn on it and an optional overlay layer.

Shared by the library page (reference images with their ROIs) and the compare view
(photo, reference, aligned overlay, heatmap). Images arrive as numpy BGR arrays made on
a worker; the conversion to a pixmap happens here, on the UI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float
    label: str = ""
    colour: str = "#ffb000"


def to_qimage(image: np.ndarray) -> QImage:
    """BGR or grey uint8 array -> an independent QImage (safe to keep after the array)."""
    array = np.ascontiguousarray(image)
    if array.ndim == 2:
        height, width = array.shape
        return QImage(array.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    height, width = array.shape[:2]
    if array.shape[2] == 4:  # BGRA: colour plus its own transparency
        rgba = np.ascontiguousarray(array[..., [2, 1, 0, 3]])
        return QImage(rgba.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
    rgb = np.ascontiguousarray(array[..., ::-1])
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class ImageCanvas(QGraphicsView):
    """Wheel zooms, drag pans; ``zoom_to`` frames a rectangle of the base image."""

    def __init__(self, parent: QWidget | None = None, name: str = "imageCanvas") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#202020"))
        self.setMinimumSize(240, 200)
        self._base = QGraphicsPixmapItem()
        self._overlay = QGraphicsPixmapItem()
        self._overlay.setZValue(1)
        self._hatch = QGraphicsPixmapItem()  # what was not inspected, over any overlay
        self._hatch.setZValue(1.5)
        self.scene().addItem(self._base)
        self.scene().addItem(self._overlay)
        self.scene().addItem(self._hatch)
        self._boxes: list[QGraphicsRectItem | QGraphicsSimpleTextItem] = []

    @property
    def has_image(self) -> bool:
        return not self._base.pixmap().isNull()

    def set_image(self, image: np.ndarray | QImage | None) -> None:
        self.clear_boxes()
        self.set_overlay(None)
        self.set_hatch(None)
        if image is None:
            self._base.setPixmap(QPixmap())
            return
        qimage = image if isinstance(image, QImage) else to_qimage(image)
        self._base.setPixmap(QPixmap.fromImage(qimage))
        self.scene().setSceneRect(QRectF(qimage.rect()))
        self.fit()

    def set_overlay(self, image: np.ndarray | None, opacity: float = 0.5) -> None:
        if image is None:
            self._overlay.setPixmap(QPixmap())
            return
        pixmap = QPixmap.fromImage(to_qimage(image))
        base = self._base.pixmap()
        if not base.isNull() and pixmap.size() != base.size():
            pixmap = pixmap.scaled(
                base.size(),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self._overlay.setPixmap(pixmap)
        self._overlay.setOpacity(opacity)

    def set_hatch(self, image: np.ndarray | None) -> None:
        """A BGRA layer above the overlay (the compare view's not-inspected hatching)."""
        self._hatch.setPixmap(QPixmap() if image is None else QPixmap.fromImage(to_qimage(image)))

    def has_hatch(self) -> bool:
        return not self._hatch.pixmap().isNull()

    def set_overlay_opacity(self, opacity: float) -> None:
        self._overlay.setOpacity(opacity)

    def overlay_opacity(self) -> float:
        return self._overlay.opacity()

    def clear_boxes(self) -> None:
        for item in self._boxes:
            self.scene().removeItem(item)
        self._boxes.clear()

    def set_boxes(self, boxes: list[Box]) -> None:
        self.clear_boxes()
        for box in boxes:
            pen = QPen(QColor(box.colour), 2)
            pen.setCosmetic(True)
            rect = self.scene().addRect(QRectF(box.x, box.y, box.w, box.h), pen)
            rect.setZValue(2)
            self._boxes.append(rect)
            if box.label:
                text = self.scene().addSimpleText(box.label)
                text.setBrush(QColor(box.colour))
                text.setPen(QPen(QColor(0, 0, 0, 200), 0.6))  # legible on any artwork
                text.setPos(box.x + 2, box.y + 1)
                text.setZValue(3)
                text.setFlag(text.GraphicsItemFlag.ItemIgnoresTransformations)
                self._boxes.append(text)

    def box_count(self) -> int:
        return sum(isinstance(b, QGraphicsRectItem) for b in self._boxes)

    def fit(self) -> None:
        if self.has_image:
            self.fitInView(self._base, Qt.AspectRatioMode.KeepAspectRatio)

    def zoom_to(self, rect: QRectF, margin: float = 0.6) -> None:
        """Frame ``rect`` (base-image pixels) with context: never closer than a quarter of
        the image, so a tiny region is still seen where it sits."""
        image = self.sceneRect()
        side = max(rect.width(), rect.height(), image.width() / 4, image.height() / 4)
        grown = QRectF(0, 0, side * (1 + 2 * margin), side * (1 + 2 * margin))
        grown.moveCenter(rect.center())
        self.fitInView(grown, Qt.AspectRatioMode.KeepAspectRatio)

    def wheelEvent(self, event: QWheelEvent) -> None:
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.transform().m11() <= 1.0:
            self.fit()
