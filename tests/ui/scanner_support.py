"""Typing like a hand-held scanner (or a fast person) with real key events.

A keyboard-wedge scanner presses Shift for capitals and shifted symbols and sends the GS1
separator FNC1 as Ctrl+] (text ``\\x1d``). ``KeyClock`` stands in for the filter's clock so
the time between keys is exactly what a test says, however busy the machine is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

GS = "\x1d"
_SHIFTED = '~!@#$%^&*()_+{}|:"<>?'
_KEY_OF_SYMBOL = {
    "~": "`", "!": "1", "@": "2", "#": "3", "$": "4", "%": "5", "^": "6", "&": "7",
    "*": "8", "(": "9", ")": "0", "_": "-", "+": "=", "{": "[", "}": "]", "|": "\\",
    ":": ";", '"': "'", "<": ",", ">": ".", "?": "/",
}  # fmt: skip
_CLICK = QTest.KeyAction.Click


class KeyClock:
    """A clock the typing helpers move forward by the gap before each key."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _key(char: str) -> Qt.Key:
    base = _KEY_OF_SYMBOL.get(char, char).upper()
    return Qt.Key(ord(base))


def press(widget: QWidget, char: str) -> None:
    """One character as a US-layout keyboard (or wedge scanner) sends it."""
    if char == GS:
        QTest.sendKeyEvent(
            _CLICK, widget, Qt.Key.Key_BracketRight, GS, Qt.KeyboardModifier.ControlModifier
        )
        return
    shifted = char.isupper() or char in _SHIFTED
    modifier = Qt.KeyboardModifier.ShiftModifier if shifted else Qt.KeyboardModifier.NoModifier
    QTest.sendKeyEvent(_CLICK, widget, _key(char), char, modifier)


def type_burst(
    widget: QWidget, text: str, clock: KeyClock, gap_ms: float, end: Qt.Key | None = None
) -> None:
    """``text`` then the suffix key ``end``, one key every ``gap_ms`` milliseconds."""
    for char in text:
        clock.now += gap_ms / 1000
        press(widget, char)
    if end is not None:
        clock.now += gap_ms / 1000
        QTest.keyClick(widget, end)


def type_ragged(widget: QWidget, text: str, clock: KeyClock, gaps_ms: list[float]) -> None:
    """A person's fast burst: gaps vary key to key (``gaps_ms`` repeats as needed)."""
    for index, char in enumerate(text):
        clock.now += gaps_ms[index % len(gaps_ms)] / 1000
        press(widget, char)
