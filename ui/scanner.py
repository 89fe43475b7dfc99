"""Hand-held barcode scanners, from any page.

A USB scanner is a keyboard: it "types" the code and Enter into whatever has focus, far
faster than a person (typically under 30 ms between keys, a person rarely gets below 60).
``ScannerFilter`` watches key presses application-wide; a burst of at least
``MIN_LENGTH`` characters with every gap under ``MAX_GAP_S`` that ends in Enter is a scan.
It then swallows the Enter (so no dialog accepts, no button fires), takes the burst back
out of the text field it landed in, and emits ``scanned(code)``. Keys pass through
untouched, so typing is never delayed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import SIGNAL, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MAX_GAP_S = 0.030
MIN_LENGTH = 6
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScannerFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.enabled = True
        self._chars: list[str] = []
        self._last = 0.0
        self._target: QWidget | None = None

    def reset(self) -> None:
        self._chars.clear()
        self._target = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not _first_receiver(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if not self.enabled or event.isAutoRepeat():
            return False
        now = self.clock()
        fast = now - self._last < MAX_GAP_S
        self._last = now
        if event.key() in _ENTER:
            return self._finish(fast)
        text = event.text()
        if len(text) != 1 or not (text.isprintable() or text == "\x1d"):
            self.reset()
            return False
        if not fast or watched is not self._target:
            self._chars.clear()
            self._target = watched
        self._chars.append(text)
        return False

    def listening(self) -> bool:
        """Only swallow keys while someone takes the scans (a queue page is alive)."""
        return self.receivers(SIGNAL("scanned(QString)")) > 0

    def _finish(self, fast: bool) -> bool:
        code, target = "".join(self._chars), self._target
        self.reset()
        if not fast or len(code) < MIN_LENGTH or not self.listening():
            return False
        _take_back(target, code)
        self.scanned.emit(code)
        return True


def _first_receiver(watched: QObject) -> bool:
    """A key event travels up the parents of the focus widget; count it once, there."""
    if not isinstance(watched, QWidget):
        return False
    focus = QApplication.focusWidget()
    return watched is focus if focus is not None else watched.isWindow()


def _take_back(widget: QWidget | None, code: str) -> None:
    """Remove the scanned characters the focused text field received."""
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit) and widget.text().endswith(code):
        widget.setText(widget.text()[: -len(code)])
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        text = widget.toPlainText()
        if text.endswith(code):
            widget.setPlainText(text[: -len(code)])


_instance: ScannerFilter | None = None


def install(app: QObject) -> ScannerFilter:
    """The application's one scanner filter (installed on first use)."""
    global _instance
    from shiboken6 import isValid

    if _instance is None or not isValid(_instance):
        _instance = ScannerFilter(app)
        app.installEventFilter(_instance)
    return _instance
