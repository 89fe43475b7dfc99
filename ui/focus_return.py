"""The keyboard goes back to the station window when one of its dialogs closes.

A window manager does this for a transient dialog; a bare X session does not (a kiosk
bench, Xvfb), and there, once the sign dialog or the print dialog closed, no window had
the keyboard: Ctrl+P, Ctrl+Enter and the scanner's keys went nowhere. This filter
watches the application's windows and, when a dialog of the main window hides and no
visible window is active any more, activates the main window. With a window manager the main
window is already active by then and nothing happens.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class FocusReturn(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Hide
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched is not self.window
            and _belongs_to(watched, self.window)
        ):
            QTimer.singleShot(0, self._give_back)
        return False

    def _give_back(self) -> None:
        """To the dialog still waiting for an answer (print dialog → label dialog), else
        to the main window."""
        active = QApplication.activeWindow()
        if active is not None and active.isVisible():
            return  # a window manager (or the user) has already chosen
        target = QApplication.activeModalWidget() or self.window
        if target.isVisible():
            target.activateWindow()


def _belongs_to(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False
