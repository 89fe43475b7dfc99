"""The capture step on the bench: the capture widget (live camera, shot list, stills,
inspection video) and the way on to comparing, open once every required view is shot."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.widgets import keys


class CaptureStep(QWidget):
    done = Signal(int)  # number of stills

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, **capture_options) -> None:
        super().__init__(parent, objectName="captureStep")
        from ui.widgets.capture_widget import CaptureWidget

        self.capture = CaptureWidget(ctx, self, **capture_options)
        # Its size hint grows with every thumbnail; a fixed floor keeps 1366×768 usable.
        self.capture.setMinimumSize(800, 420)
        self.capture.stillStored.connect(lambda *_: self._update())
        self.capture.allRequiredCaptured.connect(lambda _uid: self._update())
        self.capture.shotsChanged.connect(self._update)  # a new case, or its stills read back
        self.status = QLabel(objectName="captureProgress")
        self.next = QPushButton(objectName="captureDone")
        keys.bind(self.next, *keys.CTRL_ENTER)
        self.next.clicked.connect(self._done)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.capture, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.next.setText(self.tr("Continue to compare (Ctrl+Enter)"))
        self._update()

    def set_appraisal(self, uid: str, category: str) -> None:
        self.capture.set_appraisal(uid, category)
        self._update()

    def show_item(self, artwork) -> None:
        """The genuine artwork a simulated camera films for this case (demo stations)."""
        self.capture.camera.show_item(artwork)

    def missing(self) -> list[str]:
        shots = getattr(self.capture, "shots", None)
        return list(shots.missing_required()) if shots is not None else []

    def _update(self) -> None:
        missing = self.missing()
        self.next.setEnabled(self.capture.uid is not None and not missing)
        if missing:
            self.status.setText(
                self.tr("{0} required view(s) still to shoot.").format(len(missing))
            )
        else:
            self.status.setText(self.tr("All required views are captured."))

    def _done(self) -> None:
        self.capture.finish()
        shots = getattr(self.capture, "shots", None)
        count = len(getattr(shots, "done", set()) or ()) if shots is not None else 0
        self.done.emit(count)

    def leave(self) -> None:
        """Stop recording when the bench moves on to another case."""
        self.capture.finish()
