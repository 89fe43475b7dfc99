"""The camera on its own thread: preview at camera rate, frames to the recorder, and a
watchdog that notices a lost camera even when the driver blocks.

``CameraWorker`` (a QThread) owns the source: it opens it, reads frame after frame, feeds
the watchdog and the recorder, and emits a small preview ``QImage`` (made on the worker,
never a widget). A new preview is only sent once the UI took the previous one, so a busy
UI skips preview frames instead of queueing them; recording never skips. The
``CameraController`` lives on the UI thread: it starts and replaces workers and checks
the watchdog every 100 ms from a timer, because a blocked ``read`` cannot report itself.
"""

from __future__ import annotations

import functools
import logging
import sys
import threading
from collections.abc import Callable

import cv2
import numpy as np
from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QImage

from appraiser.capture.frames import Frame
from appraiser.capture.sources import FrameSource, open_source
from appraiser.capture.watchdog import Watchdog
from appraiser.errors import CameraError

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 960
WATCH_MS = 100
# Camera, encoder and finisher threads all run some Python; with the default 5 ms GIL
# switch interval the UI thread can wait several intervals for its turn, which shows as
# preview stutter. A 1 ms interval keeps the UI thread's waits short (costs ~nothing).
GIL_SWITCH_S = 0.001
FrameSink = Callable[[Frame], object]
_abandoned: list[QThread] = []  # workers stuck in a driver call; kept alive, never freed


def fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down (never up) to fit inside ``box``, keeping its aspect."""
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def to_qimage(
    image: np.ndarray, width: int = PREVIEW_WIDTH, box: tuple[int, int] | None = None
) -> QImage:
    """A QImage owning a scaled copy of a BGR frame (safe to create on any thread).

    The pixels are copied into memory the QImage allocated itself: wrapping the numpy
    buffer would tie the image's life to an array another thread may drop."""
    src = (image.shape[1], image.shape[0])
    cols, rows = fit(src, box or (width, 10**6))
    if (cols, rows) != src:
        image = cv2.resize(image, (cols, rows), interpolation=cv2.INTER_AREA)
    qimage = QImage(cols, rows, QImage.Format.Format_BGR888)
    target = np.frombuffer(qimage.bits(), np.uint8).reshape(rows, qimage.bytesPerLine())
    target[:, : cols * 3] = image.reshape(rows, cols * 3)
    return qimage


class CameraWorker(QThread):
    opened = Signal(str, int, int, float)  # name, width, height, fps
    failed = Signal(object)  # KnownError
    preview = Signal(QImage, int)  # preview image, frame index

    def __init__(
        self, open_fn: Callable[[], FrameSource], watchdog: Watchdog, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.open_fn, self.watchdog = open_fn, watchdog
        self.source: FrameSource | None = None
        self.latest: Frame | None = None
        self._sink: FrameSink | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._preview_free = threading.Event()
        self._preview_free.set()
        self.preview_box = (PREVIEW_WIDTH, PREVIEW_WIDTH)
        self.item: np.ndarray | None = None  # what a simulated camera films

    def show_item(self, artwork: np.ndarray | None) -> None:
        """Hand a simulated camera the artwork to film (real cameras ignore it)."""
        self.item = artwork
        source = self.source
        if source is not None and hasattr(source, "show_item"):
            source.show_item(artwork)

    def set_sink(self, sink: FrameSink | None) -> None:
        with self._lock:
            self._sink = sink

    def preview_taken(self) -> None:
        self._preview_free.set()

    def run(self) -> None:
        try:
            self.source = self.open_fn()
        except CameraError as exc:
            self.failed.emit(exc)
            return
        if self.item is not None and hasattr(self.source, "show_item"):
            self.source.show_item(self.item)
        self.watchdog.check_repeats = not self.source.may_repeat
        self.watchdog.reset()
        self.opened.emit(self.source.name, *self.source.size, float(self.source.fps))
        try:
            self._loop(self.source)
        except CameraError as exc:
            self.failed.emit(exc)
        finally:
            self.source.close()

    def _loop(self, source: FrameSource) -> None:
        while not self._stop.is_set():
            frame = source.read()
            if frame is None:
                self._stop.wait(0.01)  # the watchdog decides when silence means "lost"
                continue
            self.watchdog.feed(frame.image)
            self.latest = frame
            with self._lock:
                sink = self._sink
            if sink is not None:
                sink(frame)
            if self._preview_free.is_set():
                self._preview_free.clear()
                self.preview.emit(to_qimage(frame.image, box=self.preview_box), frame.index)

    def shutdown(self, wait_ms: int = 1500) -> bool:
        """Stop reading; a driver stuck in ``read`` may not return, then we let it be."""
        self._stop.set()
        if self.source is not None:
            self.source.close()
        if self.wait(wait_ms):
            return True
        log.warning("camera thread did not stop; abandoning it")
        self.setParent(None)
        _abandoned.append(self)
        return False


class CameraController(QObject):
    """Owns the current camera worker; what pages and widgets talk to."""

    frameReady = Signal(QImage)
    cameraOpened = Signal(str)  # source name
    cameraFailed = Signal(object)  # KnownError
    cameraLost = Signal(str)  # "stalled" | "frozen"

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        open_fn: Callable[[str], FrameSource] = open_source,
        watchdog: Watchdog | None = None,
    ) -> None:
        super().__init__(parent)
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_S))
        self.open_fn = open_fn
        self.watchdog = watchdog or Watchdog()
        self.worker: CameraWorker | None = None
        self.spec = "auto"
        self.name = ""
        self.size = (0, 0)
        self.fps = 30.0
        self.lost: str | None = None
        self._sink: FrameSink | None = None
        self._item: np.ndarray | None = None
        self.preview_box = (PREVIEW_WIDTH, PREVIEW_WIDTH)
        self._timer = QTimer(self, interval=WATCH_MS)
        self._timer.timeout.connect(self._watch)

    @property
    def running(self) -> bool:
        return self.worker is not None and self.lost is None and bool(self.name)

    def start(self, spec: str) -> None:
        self.stop()
        self.spec, self.lost, self.name = spec, None, ""
        # a partial, not a lambda over self: the worker must not keep the controller in a
        # reference cycle that Python's GC might break on some other thread
        worker = CameraWorker(functools.partial(self.open_fn, spec), self.watchdog, self)
        worker.opened.connect(self._opened)
        worker.failed.connect(self._failed)
        worker.preview.connect(self._preview)
        worker.set_sink(self._sink)
        worker.preview_box = self.preview_box
        worker.item = self._item
        self.worker = worker
        worker.start()

    def reconnect(self) -> None:
        self.start(self.spec)

    def stop(self) -> None:
        self._timer.stop()
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.set_sink(None)
            worker.shutdown()

    def show_item(self, artwork: np.ndarray | None) -> None:
        """What a simulated camera should film: the appraised version's genuine artwork
        (kept across reconnects), or ``None`` for its default scene."""
        self._item = artwork
        if self.worker is not None:
            self.worker.show_item(artwork)

    def set_preview_box(self, width: int, height: int) -> None:
        """Preview frames are made to fit this size, so painting them is a plain copy."""
        self.preview_box = (max(64, width), max(36, height))
        if self.worker is not None:
            self.worker.preview_box = self.preview_box

    def set_sink(self, sink: FrameSink | None) -> None:
        """Where every frame goes besides the preview (the recorder's ``push``)."""
        self._sink = sink
        if self.worker is not None:
            self.worker.set_sink(sink)

    def latest_frame(self) -> Frame | None:
        return self.worker.latest if self.worker is not None and self.lost is None else None

    def set_control(self, name: str, value: float) -> bool:
        source = self.worker.source if self.worker is not None else None
        return bool(source is not None and source.set_control(name, value))

    def controls(self) -> dict[str, tuple[float, float]]:
        source = self.worker.source if self.worker is not None else None
        return source.controls() if source is not None else {}

    def _opened(self, name: str, width: int, height: int, fps: float) -> None:
        self.name, self.size, self.fps = name, (width, height), fps
        self._timer.start()
        self.cameraOpened.emit(name)

    def _failed(self, exc: object) -> None:
        self._timer.stop()
        self.cameraFailed.emit(exc)

    def _preview(self, image: QImage, _index: int) -> None:
        if self.sender() is self.worker:
            self.frameReady.emit(image)
            self.worker.preview_taken()

    def _watch(self) -> None:
        reason = self.watchdog.check()
        if reason is None or self.lost is not None:
            return
        self.lost = reason
        self._timer.stop()
        if self.worker is not None:
            self.worker.set_sink(None)  # nothing more reaches the recorder
        self.cameraLost.emit(reason)
