"""Hand-held barcode scanners, from any page.

A USB scanner is a keyboard ("keyboard wedge"): it types the code and a suffix (Enter or
Tab) into whatever has focus, far faster than a person, pressing Shift for capitals and
sending the GS1 separator FNC1 as Ctrl+] (the character GS, ``\\x1d``). ``ScannerFilter``
watches key presses application-wide and decides, when a suffix arrives, whether the keys
before it were a scan. The evidence, in order:

* **timing** — every key of the burst came under ``MAX_GAP_S`` after the previous one, the
  suffix too, and the burst is at least ``MIN_LENGTH`` characters. Modifier keys (Shift,
  Ctrl, AltGr) are part of how a scanner types, so they neither break nor time a burst;
* **content** — the burst parses as a barcode (``scanning.parse``);
* **where it landed** — keys typed into a text field are a person's until proven otherwise:
  there only a burst that is a valid code is taken. Elsewhere (a table, a button) a steady
  burst that does not parse is still reported, so a misread is explained, not swallowed.

A scan swallows the suffix (no dialog accepts, no button fires, focus does not move), takes
the burst back out of the text field it landed in, and emits ``scanned(code)``. Keys always
pass through untouched, so typing is never delayed. Password fields are never scan targets,
and a field that reads scans itself (the Verify page's label field) opts out with
``claim(widget)``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from PySide6.QtCore import SIGNAL, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.services.arrivals import scanning

MAX_GAP_S = 0.035  # scanners type a key every 1-20 ms; people rarely go below 60 ms
MIN_LENGTH = 6
STEADY_JITTER_S = 0.012  # a scanner's key gaps hardly vary; a person's bursts are ragged
GS = scanning.GS
_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
)  # fmt: skip
_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QPlainTextEdit, QTextEdit)
_CLAIMED = "scannerClaimed"
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHORTCUT_MODIFIERS = _CTRL | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier


def claim(widget: QWidget) -> None:
    """Leave bursts typed into ``widget`` to the widget itself (it reads codes on Enter)."""
    widget.setProperty(_CLAIMED, True)


def is_valid_code(code: str) -> bool:
    try:
        scanning.parse(code)
    except KnownError:
        return False
    return True


def _char(event: QKeyEvent) -> str | None:
    """The character a key press adds to a burst, or None if it ends any burst."""
    text, mods = event.text(), event.modifiers()
    if text == GS or (event.key() == Qt.Key.Key_BracketRight and mods & _CTRL):
        return GS
    if mods & _SHORTCUT_MODIFIERS:
        return None  # a shortcut such as Ctrl+C, not typing
    return text if len(text) == 1 and text.isprintable() else None


class ScannerFilter(QObject):
    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.enabled = True
        self._chars: list[str] = []
        self._gaps: list[float] = []
        self._last = -1e9
        self._target: QWidget | None = None

    def reset(self) -> None:
        self._chars.clear()
        self._gaps.clear()
        self._target = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not _first_receiver(watched):
            return False
        assert isinstance(event, QKeyEvent)
        if not self.enabled or event.isAutoRepeat() or event.key() in _MODIFIER_KEYS:
            return False
        now = self.clock()
        gap, self._last = now - self._last, now
        if event.key() in _TERMINATORS:
            return self._finish(gap)
        char = _char(event)
        if char is None:
            self.reset()
        elif gap >= MAX_GAP_S or watched is not self._target or not self._chars:
            self.reset()
            self._chars.append(char)
            self._target = watched  # type: ignore[assignment]
        else:
            self._chars.append(char)
            self._gaps.append(gap)
        return False

    def listening(self) -> bool:
        """Only swallow keys while someone takes the scans (a queue page is alive)."""
        return self.receivers(SIGNAL("scanned(QString)")) > 0

    def _finish(self, gap: float) -> bool:
        code, target, gaps = "".join(self._chars), self._target, [*self._gaps, gap]
        self.reset()
        if not self._is_scan(code, target, gaps):
            return False
        _take_back(target, code)
        self.scanned.emit(code)
        return True

    def _is_scan(self, code: str, target: QWidget | None, gaps: list[float]) -> bool:
        if len(code) < MIN_LENGTH or max(gaps) >= MAX_GAP_S or not self.listening():
            return False
        if target is not None and (target.property(_CLAIMED) or _secret(target)):
            return False
        if is_valid_code(code):
            return True
        return not isinstance(target, _TEXT_FIELDS) and _steady(gaps)


def _secret(widget: QWidget) -> bool:
    """A password field: what is typed there is never a scan, however fast or numeric."""
    return isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal


def _steady(gaps: list[float]) -> bool:
    return len(gaps) < 2 or statistics.pstdev(gaps) <= STEADY_JITTER_S


def _first_receiver(watched: QObject) -> bool:
    """A key event travels up the parents of the focus widget; count it once, there."""
    if not isinstance(watched, QWidget):
        return False
    focus = QApplication.focusWidget()
    return watched is focus if focus is not None else watched.isWindow()


def _take_back(widget: QWidget | None, code: str) -> None:
    """Remove the scanned characters the focused text field received, just before the
    cursor (text fields drop the GS separators, so those are not looked for)."""
    typed = code.replace(GS, "")
    if isinstance(widget, QAbstractSpinBox):
        widget = widget.findChild(QLineEdit)
    if isinstance(widget, QLineEdit):
        end = widget.cursorPosition()
        if widget.text()[:end].endswith(typed):
            widget.setSelection(end - len(typed), len(typed))
            widget.del_()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        cursor = widget.textCursor()
        cursor.clearSelection()
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(typed)
        )
        if cursor.selectedText() == typed:
            cursor.removeSelectedText()


_instance: ScannerFilter | None = None


def install(app: QObject) -> ScannerFilter:
    """The application's one scanner filter (installed on first use)."""
    global _instance
    from shiboken6 import isValid

    if _instance is None or not isValid(_instance):
        _instance = ScannerFilter(app)
        app.installEventFilter(_instance)
    return _instance
