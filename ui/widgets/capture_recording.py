"""The inspection-video recording of one appraisal, seen from the UI thread.

Wraps the core ``Recorder``: starting checks disk space and stores leftovers of a crash
(off the UI thread), then routes camera frames into the recorder. Segment and stop
notices come from the recorder's threads as queued Qt signals, so slots run on the UI
thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from appraiser.capture.recorder import ClosedSegment, Recorder
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import capture
from ui.camera_thread import CameraController
from ui.tasks import run_task


class RecordingSession(QObject):
    started = Signal()
    segmentStored = Signal(int, str)  # segment number, SHA-256
    stopped = Signal(str)  # reason: stopped | disk_full | error | camera_lost
    failed = Signal(object)  # exception (KnownError for environment problems)

    def __init__(
        self,
        station: Station,
        session: Session,
        uid: str,
        camera: CameraController,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.station, self.session, self.uid, self.camera = station, session, uid, camera
        self.recorder: Recorder | None = None
        self.closing: Recorder | None = None  # being stopped off the UI thread

    @property
    def active(self) -> bool:
        return self.recorder is not None

    @property
    def paused(self) -> bool:
        return self.recorder is not None and self.recorder.paused

    def start(self) -> None:
        run_task(
            self,
            self._prepare,
            on_success=self._started,
            on_failure=lambda exc: self.failed.emit(exc),
            db_write=True,
        )

    def _prepare(self) -> Recorder:
        store = self.station.store
        capture.recover(store, self.session)
        recorder = Recorder(
            capture.recording_folder(store),
            self.uid,
            fps=self.camera.fps,
            size=self.camera.size,
            tz=self.station.settings.tz(),
            first_index=capture.next_segment_index(store, self.uid),
            on_segment=self._store_segment,
            on_stop=self._stopped_by_itself,
            reserve_mb=self.station.settings.min_free_disk_mb,
        )
        recorder.start()
        return recorder

    def _started(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.camera.set_sink(recorder.push)
        self.started.emit()

    def _store_segment(self, segment: ClosedSegment) -> None:
        """Runs on the recorder's finisher thread."""
        sha = capture.record_segment(self.station.store, self.session, segment)
        if isValid(self):  # the widget may be gone; the segment is stored regardless
            self.segmentStored.emit(segment.info.index, sha)

    def _stopped_by_itself(self, reason: str) -> None:
        """Runs on the finisher thread when the disk reserve or an error ended recording."""
        if isValid(self):
            self.stopped.emit(reason)

    def pause(self) -> None:
        if self.recorder is not None:
            self.recorder.pause()

    def resume(self) -> None:
        if self.recorder is not None:
            self.recorder.resume()

    def stop(self, reason: str = "stopped", *, wait: bool = False) -> None:
        """Close the last segment off the UI thread (``stopped`` follows), or right here
        with ``wait`` (application exit: the last seconds must reach the database)."""
        recorder, self.recorder = self.recorder, None
        if recorder is None:
            return
        self.camera.set_sink(None)
        if wait:
            recorder.stop(reason)
            return
        self.closing = recorder
        # on the database writer, so a new recording's start (also a writer task) queues
        # behind it and numbers its segments after this one's last
        run_task(
            self,
            recorder.stop,
            reason,
            on_success=lambda _r: self._finished(recorder),
            on_failure=lambda exc: self.failed.emit(exc),
            db_write=True,
        )

    def wait_closed(self) -> None:
        """Block until a stop running in the background has stored the last segment."""
        recorder, self.closing = self.closing, None
        if recorder is not None:
            recorder.stop()

    def _finished(self, recorder: Recorder) -> None:
        self.closing = None
        for error in recorder.errors:
            self.failed.emit(error)
        if recorder.stop_reason in (None, "stopped", "camera_lost"):
            self.stopped.emit(recorder.stop_reason or "stopped")
