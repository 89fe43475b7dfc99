"""In-app playback of an appraisal's inspection video: every segment, in order.

Decoding runs on a QThread with PyAV (no QtMultimedia: the station must not depend on
the platform's codec packs); frames arrive as QImages at their own timestamps and are
painted by ``ImageView``. The player shows the very files whose hashes are in the audit
trail, not a re-encoded copy.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import av
from PySide6.QtCore import QRectF, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.camera_thread import to_qimage


class ImageView(QWidget):
    """Paints the latest image scaled to fit, letterboxed on black."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.setMinimumSize(320, 180)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def target_rect(self) -> QRectF:
        if self.image.isNull():
            return QRectF(self.rect())
        size = self.image.size()
        fits = size.width() <= self.width() and size.height() <= self.height()
        near = fits and (size.width() >= self.width() - 2 or size.height() >= self.height() - 2)
        scaled = size if near else size.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - scaled.width()) / 2
        y = (self.height() - scaled.height()) / 2
        return QRectF(x, y, scaled.width(), scaled.height())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if not self.image.isNull():
            target = self.target_rect()
            if target.size().toSize() != self.image.size():
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, self.image)
        self.paint_overlay(painter)
        painter.end()

    def paint_overlay(self, painter: QPainter) -> None:
        """Subclasses draw indicators on top of the picture."""


class DecodeThread(QThread):
    frame = Signal(QImage, int, float)  # image, segment number (1-based), seconds in total
    finished_all = Signal(float)  # total seconds played

    def __init__(self, paths: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.paths = paths
        self._stop = threading.Event()
        self._paused = threading.Event()

    def stop(self) -> None:
        self._stop.set()
        self._paused.clear()
        self.wait()

    def set_paused(self, paused: bool) -> None:
        if paused:
            self._paused.set()
        else:
            self._paused.clear()

    def run(self) -> None:
        offset = 0.0
        for number, path in enumerate(self.paths, 1):
            if self._stop.is_set():
                break
            offset = self._play(path, number, offset)
        self.finished_all.emit(offset)

    def _play(self, path: Path, number: int, offset: float) -> float:
        start, last = time.monotonic(), 0.0
        with av.open(str(path)) as container:
            for frame in container.decode(video=0):
                while self._paused.is_set() and not self._stop.is_set():
                    pause_from = time.monotonic()
                    self._stop.wait(0.05)
                    start += time.monotonic() - pause_from
                if self._stop.is_set():
                    break
                last = float(frame.time or 0.0)
                self._stop.wait(max(0.0, start + last - time.monotonic()))
                image = to_qimage(frame.to_ndarray(format="bgr24"))
                self.frame.emit(image, number, offset + last)
        return offset + last + 1 / 30


class VideoPlayer(QWidget):
    """Play/pause over all segments; shows segment number and elapsed time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []
        self.view = ImageView(self)
        self.play_button = QPushButton(self.tr("Play"), objectName="videoPlay")
        self.play_button.clicked.connect(self.toggle)
        self.position = QLabel(objectName="videoPosition")
        self.thread: DecodeThread | None = None
        self.frames_shown = 0
        bar = QHBoxLayout()
        bar.addWidget(self.play_button)
        bar.addWidget(self.position, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self._show_position(0, 0.0)

    def set_segments(self, paths: list[Path]) -> None:
        self.stop()
        self.paths = list(paths)
        self.play_button.setEnabled(bool(self.paths))
        self._show_position(0, 0.0)

    def toggle(self) -> None:
        if self.thread is None:
            self.play()
        else:
            paused = self.play_button.text() == self.tr("Pause")
            self.thread.set_paused(paused)
            self.play_button.setText(self.tr("Play") if paused else self.tr("Pause"))

    def play(self) -> None:
        if not self.paths:
            return
        self.stop()
        self.thread = DecodeThread(self.paths, self)
        self.thread.frame.connect(self._frame)
        self.thread.finished_all.connect(self._done)
        self.play_button.setText(self.tr("Pause"))
        self.thread.start()

    def stop(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.stop()
        self.play_button.setText(self.tr("Play"))

    def _frame(self, image: QImage, number: int, seconds: float) -> None:
        self.frames_shown += 1
        self.view.set_image(image)
        self._show_position(number, seconds)

    def _done(self, _seconds: float) -> None:
        self.stop()

    def _show_position(self, number: int, seconds: float) -> None:
        minutes, secs = divmod(int(seconds), 60)
        self.position.setText(
            self.tr("Segment %1 of %2 · %3:%4")
            .replace("%1", str(number))
            .replace("%2", str(len(self.paths)))
            .replace("%3", str(minutes))
            .replace("%4", f"{secs:02d}")
        )


class VideoDialog(QDialog):
    """The inspection video of one appraisal in a window of its own."""

    def __init__(self, uid: str, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Inspection video — %1").replace("%1", uid))
        self.player = VideoPlayer(self)
        self.player.set_segments(paths)
        layout = QVBoxLayout(self)
        layout.addWidget(self.player)
        self.resize(1000, 640)

    def done(self, result: int) -> None:
        self.player.stop()
        super().done(result)
