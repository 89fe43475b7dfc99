"""The inspection video of the capture widget: one recording session per appraisal while
the camera runs, pause and resume, the ● REC badge, a note for each stored segment, and
playback of what is stored.

A session being stopped closes its last segment in the background; it is kept in
``closing`` until that is done, so quitting the application can wait for every segment
to be stored (``wait_closed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from appraiser.services.casework import capture
from ui.errors import show_error
from ui.widgets.capture_recording import RecordingSession
from ui.widgets.video_player import VideoDialog

if TYPE_CHECKING:
    from ui.widgets.capture_widget import CaptureWidget


class VideoControl(QObject):
    changed = Signal()  # recording started, paused, resumed or stopped

    def __init__(self, widget: CaptureWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.session: RecordingSession | None = None
        self.closing: list[RecordingSession] = []  # stopping in the background

    def start(self) -> None:
        """Record the appraisal shown (once: a running session is kept)."""
        widget = self.widget
        if widget.uid is None or widget.ctx.session is None or self.session is not None:
            return
        station, session = widget.ctx.station, widget.ctx.session
        recording = RecordingSession(station, session, widget.uid, widget.camera, widget)
        recording.started.connect(self._started)
        recording.segmentStored.connect(self._segment_stored)
        recording.stopped.connect(self._stopped)
        recording.failed.connect(self._failed)
        self.session = recording
        recording.start()

    def end(self, reason: str, *, wait: bool = False) -> None:
        """Stop recording; the last segment closes in the background unless ``wait``."""
        session, self.session = self.session, None
        if session is None:
            return
        session.stop(reason, wait=wait)
        if not wait:
            self.closing.append(session)
            session.stopped.connect(lambda _r: self._forget(session))
            session.failed.connect(lambda _e: self._forget(session))

    def wait_closed(self) -> None:
        """Application exit: every segment must be stored before the process ends."""
        for session in self.closing:
            session.wait_closed()
        self.closing.clear()

    def _forget(self, session: RecordingSession) -> None:
        if session in self.closing and session.closing is None:
            self.closing.remove(session)

    def toggle_pause(self) -> None:
        if self.session is None:
            self.start()
        elif self.session.paused:
            self.session.resume()
            self.widget.preview.badge = self.tr("● REC")
        else:
            self.session.pause()
            self.widget.preview.badge = self.tr("❚❚ PAUSED")
        self.changed.emit()

    def button_text(self) -> str:
        if self.session is None:
            return self.tr("Record video")
        return self.tr("Resume video") if self.session.paused else self.tr("Pause video")

    def play(self) -> None:
        """The stored segments of the appraisal, one after the other."""
        widget = self.widget
        if widget.uid is None:
            return
        paths = [row["path"] for row in capture.segments(widget.ctx.station.store, widget.uid)]
        if not paths:
            QMessageBox.information(
                widget,
                self.tr("Inspection video"),
                self.tr("No video segment is stored yet (segments close every ten seconds)."),
            )
            return
        dialog = VideoDialog(widget.uid, paths, widget)
        dialog.player.play()
        dialog.open()

    def _started(self) -> None:
        self.widget.preview.badge = self.tr("● REC")
        self.changed.emit()

    def _segment_stored(self, index: int, _sha: str) -> None:
        self.widget.status.setText(self.tr("Video segment %1 stored.").replace("%1", str(index)))
        self.changed.emit()

    def _stopped(self, reason: str) -> None:
        if reason == "disk_full":
            self.widget.status.setText(
                self.tr("Recording stopped: the disk reached its reserve. Free space, then resume.")
            )
        if self.session is not None and self.sender() is self.session:
            self.end(reason)
        self.widget.preview.badge = ""
        self.changed.emit()

    def _failed(self, exc: object) -> None:
        if self.sender() is self.session:
            self.session = None
            self.widget.preview.badge = ""
        if isinstance(exc, BaseException):
            show_error(self.widget, exc)
        self.changed.emit()
