"""Guard for the PySide6 pin: some builds (6.12.0 on Python 3.11) drop a reference to
``None`` or ``True`` on ordinary calls and signal emits; a bench session running for
hours then aborts with "none_dealloc". A clean build leaves both counts unchanged."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter

CALLS = 500


class _Emitter(QObject):
    frame = Signal(QImage, int)


def _drift(singleton: object, action) -> int:
    gc.collect()
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        action()
    gc.collect()
    return sys.getrefcount(singleton) - before


def test_painting_does_not_leak_references_to_none(qapp):
    canvas = QImage(64, 64, QImage.Format.Format_RGB32)
    painter = QPainter(canvas)
    try:
        drift = _drift(None, lambda: painter.setPen(QColor("white")))
        drift += _drift(None, lambda: painter.fillRect(canvas.rect(), Qt.GlobalColor.black))
    finally:
        painter.end()
    assert drift > -CALLS // 2


def test_signal_emit_does_not_leak_references_to_true(qapp):
    emitter = _Emitter()
    received: list[int] = []
    emitter.frame.connect(lambda _image, n: received.append(n))
    image = QImage(8, 8, QImage.Format.Format_BGR888)
    drift = _drift(True, lambda: emitter.frame.emit(image, 1))
    assert len(received) == CALLS
    assert drift > -CALLS // 2
