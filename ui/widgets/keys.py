"""Keyboard shortcuts for the buttons that print them ("Continue (Ctrl+Enter)").

``QAbstractButton.setShortcut`` does not survive the button's text: every ``setText``
(so every ``retranslate``) resets the shortcut to the text's ``&`` mnemonic, which for
"Sign… (Ctrl+S)" is none. A ``QShortcut`` owned by the button keeps working through
language switches, fires from any widget of the window that has focus (a line edit
or note included), and only while the button is visible and enabled: the key does
exactly what a click would, never more.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton

# "Ctrl+Enter" on a button means either Enter key: the main one (Return) and the keypad's.
CTRL_ENTER = ("Ctrl+Return", "Ctrl+Enter")


def bind(button: QAbstractButton, *keys: str) -> list[QShortcut]:
    """Make ``keys`` click ``button`` whenever it is visible and enabled in its window."""
    button.setShortcut(QKeySequence())  # no second binding of the same key on the button
    shortcuts = []
    for key in keys:
        shortcut = QShortcut(QKeySequence(key), button)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(button.click)
        shortcuts.append(shortcut)
    return shortcuts


def is_plain_escape(event: QKeyEvent) -> bool:
    """Esc with no modifier: what the dialogs that must not close by accident swallow."""
    return event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier
