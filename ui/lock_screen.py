"""What the station shows while it is locked.

A lock that only puts a dialog over the window leaves the case on the bench readable
around it: photos, names, the verdict being written. While locked the window shows a
plain cover instead of its pages, and the dialogs the person had open (signing,
printing, …) are hidden with it. Nothing is closed or rebuilt, so unlocking brings back
the same page, step, half-typed text, open dialogs and keyboard focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


class LockCover(QWidget):
    """The whole window while locked: which station, and that it is locked; no case data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lockCover")
        # A plain QWidget subclass paints a style-sheet background only when asked to.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Sizes in the style sheet: the application's ``QWidget { font-size }`` beats setFont.
        self.setStyleSheet(
            "#lockCover { background: #1f3b57; } QLabel { color: white; font-size: 14pt; }"
            " QLabel#lockHeadline { font-size: 28pt; font-weight: bold; }"
        )
        self.headline = QLabel(objectName="lockHeadline", alignment=Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel(objectName="lockDetail", alignment=Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)  # above the unlock dialog, which sits in the middle
        layout.addStretch(1)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        layout.addStretch(4)
        self.retranslate()

    def retranslate(self) -> None:
        self.headline.setText(self.tr("Station locked"))
        self.detail.setText(self.tr("Enter your password to continue where you left off."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ScreenLock(QObject):
    """Swaps the window's content for the cover and back; owns the window's central widget."""

    def __init__(self, window: QMainWindow, content: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.content = content
        self.cover = LockCover()
        self.screens = QStackedWidget(objectName="screens")
        self.screens.addWidget(content)
        self.screens.addWidget(self.cover)
        window.setCentralWidget(self.screens)
        self.hidden: list[QWidget] = []
        self.focus: QWidget | None = None

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.cover

    def engage(self) -> None:
        """Cover the content and hide this window's other open windows (dialogs)."""
        if self.locked:
            return
        focus = QApplication.focusWidget()
        self.focus = focus if focus is not None and self._ours(focus) else None
        self.hidden = [w for w in self._open_windows() if not _runs_own_loop(w)]
        for widget in self.hidden:
            widget.hide()
        self.screens.setCurrentWidget(self.cover)

    def release(self, *, restore: bool = True) -> None:
        """Uncover; ``restore`` brings the hidden dialogs back, otherwise they are closed
        (after a sign-out they belong to a session that has ended)."""
        hidden, self.hidden = self.hidden, []
        self.screens.setCurrentWidget(self.content)
        for widget in hidden:
            widget.show() if restore else widget.close()
        focus, self.focus = self.focus, None
        if restore and focus is not None and focus.isVisible():
            focus.activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_windows(self) -> list[QWidget]:
        return [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible() and self._ours(widget)
        ]

    def _ours(self, widget: QWidget) -> bool:
        """Whether ``widget`` belongs to this window (is inside it or one of its dialogs)."""
        parent: QObject | None = widget
        while parent is not None:
            if parent is self.window:
                return True
            parent = parent.parent()
        return False


def _runs_own_loop(widget: QWidget) -> bool:
    """A dialog run with ``exec()`` (application modal) would return if it were hidden,
    losing what it asks; such dialogs (message boxes, one-line questions) stay."""
    return widget.windowModality() == Qt.WindowModality.ApplicationModal
