"""Capture for one appraisal: live preview, the category's shot list, gated stills,
import from a folder, the inspection video and its playback.

Reusable: ``set_appraisal(uid, category)`` is all it needs, so the guided appraisal embeds
it as its capture step; ``allRequiredCaptured(uid)`` fires once every required view has
a still that passed the gate. Slow work (gate, storing, import) runs through
``run_task``; the camera has its own thread (``ui.camera_thread``).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from appraiser import checklists
from appraiser.capture import quality
from appraiser.capture.quality import GateResult
from appraiser.services.casework import capture
from ui import i18n, vocabulary
from ui.camera_thread import CameraController, to_qimage
from ui.context import AppContext
from ui.errors import show_error
from ui.tasks import run_task
from ui.widgets.capture_import import PhotoImport
from ui.widgets.capture_preview import FocusControl, PreviewView
from ui.widgets.capture_recording import RecordingSession
from ui.widgets.capture_shotlist import GatePanel, ShotList, Thumbnails
from ui.widgets.capture_video import VideoControl


class CaptureWidget(QWidget):
    allRequiredCaptured = Signal(str)  # appraisal uid
    stillStored = Signal(str, str)  # view key, SHA-256
    gateChecked = Signal(object)  # GateResult
    shotsChanged = Signal()  # the shot list was (re)loaded or a view got its still

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        camera: CameraController | None = None,
        auto_record: bool = True,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.camera = camera or CameraController(self)
        if self.camera.parent() is None:
            # Qt owns the controller from here: it is then always destroyed on the UI
            # thread with this widget, never by a Python reference dropped on a worker
            # thread (which would leave its watchdog timer registered: a crash later).
            self.camera.setParent(self)
        self.auto_record = auto_record
        self.uid: str | None = None
        self.checklist: checklists.Checklist | None = None
        self.video = VideoControl(self)
        self._gated_view = ""  # the view of the still the gate panel shows
        self.importer = PhotoImport(self)
        self._announced = False
        self._build()
        self.video.changed.connect(self._update_buttons)
        self.camera.frameReady.connect(self.preview.set_image)
        self.preview.resized.connect(self.camera.set_preview_box)
        self.camera.cameraOpened.connect(self._camera_opened)
        self.camera.cameraFailed.connect(self._camera_failed)
        self.camera.cameraLost.connect(self._camera_lost)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- layout ---------------------------------------------------------------------
    def _build(self) -> None:
        self.preview = PreviewView(self)
        self.status = QLabel(objectName="captureStatus", wordWrap=True)
        self.capture_button = self._button(self.capture_still, "captureStill")
        self.import_button = self._button(lambda: self.importer.choose(), "captureImport")
        self.record_button = self._button(lambda: self.video.toggle_pause(), "captureRecord")
        self.play_button = self._button(lambda: self.video.play(), "capturePlay")
        self.reconnect_button = self._button(self.reconnect, "captureReconnect")
        self.reconnect_button.hide()
        self.focus = FocusControl(self.camera, self)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        shortcut.activated.connect(self.capture_still)
        buttons = QHBoxLayout()
        for button in (
            self.capture_button,
            self.import_button,
            self.record_button,
            self.play_button,
            self.reconnect_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        below = QHBoxLayout()  # focus on its own row: the buttons fit a 1366-pixel screen
        below.addWidget(self.status, 1)
        below.addWidget(self.focus)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.preview, 1)
        left_layout.addLayout(buttons)
        left_layout.addLayout(below)
        self.shots = ShotList(self)
        self.shots.viewSelected.connect(self._view_selected)
        self.hint = QLabel(objectName="shotHint", wordWrap=True)
        self.gate = GatePanel(self)
        self.gate.retake.connect(self._retake)
        self.thumbs = Thumbnails(self)
        self.shots_title = QLabel(objectName="shotListTitle")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.shots_title)
        right_layout.addWidget(self.shots, 1)
        right_layout.addWidget(self.hint)
        right_layout.addWidget(self.gate)
        right_layout.addWidget(self.thumbs)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate()

    def _button(self, slot, name: str) -> QPushButton:
        button = QPushButton(objectName=name)
        button.clicked.connect(slot)
        return button

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Button texts, the shot list and its title in the language in force."""
        self.capture_button.setText(self.tr("Capture still (Space)"))
        self.import_button.setText(self.tr("Import photos…"))
        self.play_button.setText(self.tr("Play video"))
        self.reconnect_button.setText(self.tr("Reconnect camera"))
        self.focus.retranslate()
        self._update_buttons()
        self.gate.retranslate(self._view_title(self._gated_view))
        if self.checklist is not None:
            zh = i18n.current_language().startswith("zh")
            title = self.checklist.title_zh if zh else self.checklist.title_en
            self.shots_title.setText(self.tr("Shot list — %1").replace("%1", title))
            self.shots.refresh()
            self.thumbs.recaption(self._view_title)
            if self.shots.current_key() is not None:
                self._view_selected(self.shots.current_key())

    # -- appraisal ------------------------------------------------------------------
    def set_appraisal(self, uid: str, category: str) -> None:
        """Capture the shot list of ``category`` for appraisal ``uid``."""
        self.finish()
        self.uid, self._announced = uid, False
        self.checklist = checklists.load(category)
        language = i18n.current_language()
        title = self.checklist.title_zh if language.startswith("zh") else self.checklist.title_en
        self.shots_title.setText(self.tr("Shot list — %1").replace("%1", title))
        # Nothing shot until this case's stored stills are read back: the last case's
        # ticks, thumbnails and "all captured" must not stand in for this one's.
        self.shots.set_checklist(self.checklist, set())
        self.thumbs.clear()
        self.gate.clear()
        self.status.clear()
        self.shotsChanged.emit()
        run_task(
            self,
            self._load_existing,
            uid,
            on_success=lambda shown: self._existing_loaded(uid, shown),
        )
        if not self.camera.worker:
            self.camera.start(self.ctx.settings.camera)
        elif self.camera.running and self.auto_record:
            self.video.start()
        self._update_buttons()

    def _load_existing(self, uid: str) -> list[tuple[str, QImage]]:
        store = self.ctx.station.store
        shown = []
        for row in capture.stills(store, uid):
            image = _decode(store.media.read(row["media_sha256"]))
            if image is not None:
                shown.append((row["view"] or "", to_qimage(image, 256)))
        return shown

    def _existing_loaded(self, uid: str, shown: list[tuple[str, QImage]]) -> None:
        if self.checklist is None or uid != self.uid:  # another appraisal was chosen since
            return
        self.shots.set_checklist(self.checklist, {key for key, _ in shown})
        for key, image in shown:
            self.thumbs.add(image, self._view_title(key), key)
        self.shotsChanged.emit()
        self._check_complete()

    def finish(self, *, wait: bool = False) -> None:
        """Stop recording (closing the last segment); called when the appraisal ends."""
        self.video.end("stopped", wait=wait)
        self.preview.badge = ""
        self._update_buttons()

    def shutdown(self) -> None:
        """Application exit: every segment must be stored before the process ends."""
        self.finish(wait=True)
        self.video.wait_closed()
        self.camera.stop()

    # -- camera ---------------------------------------------------------------------
    def _camera_opened(self, name: str) -> None:
        self.preview.banner = ""
        self.reconnect_button.hide()
        self.status.setText(self.tr("Camera: %1").replace("%1", vocabulary.camera_name(name)))
        self.focus.refresh()
        if self.uid and self.auto_record and self.recording is None:
            self.video.start()
        self._update_buttons()

    def _camera_failed(self, exc: object) -> None:
        self.preview.banner = self.tr("No camera picture.")
        self.reconnect_button.show()
        self.preview.update()
        if isinstance(exc, BaseException):
            show_error(self, exc)
        self._update_buttons()

    def _camera_lost(self, reason: str) -> None:
        """Close the segment, mark the appraisal interrupted, offer to reconnect."""
        why = self.tr("no new picture") if reason == "stalled" else self.tr("picture frozen")
        self.preview.banner = self.tr(
            "Camera lost (%1). The video was closed and the appraisal marked interrupted."
        ).replace("%1", why)
        self.reconnect_button.show()
        self.preview.update()
        self.video.end("camera_lost")
        if self.uid and self.ctx.session is not None:
            run_task(
                self,
                capture.mark_interrupted,
                self.ctx.station.store,
                self.ctx.session,
                self.uid,
                reason,
                db_write=True,
            )
        self.preview.badge = ""
        self._update_buttons()

    def reconnect(self) -> None:
        self.preview.banner = self.tr("Connecting…")
        self.preview.update()
        self.camera.reconnect()

    @property
    def recording(self) -> RecordingSession | None:
        """The inspection video being recorded (``ui.widgets.capture_video``), if any."""
        return self.video.session

    # -- stills ---------------------------------------------------------------------
    def capture_still(self) -> None:
        view = self.shots.current_key()
        frame = self.camera.latest_frame()
        if self.uid is None or view is None or frame is None:
            return
        self.check_and_store(frame.image, view)

    def check_and_store(
        self,
        image: np.ndarray,
        view: str,
        *,
        data: bytes | None = None,
        mime: str = "image/jpeg",
        name: str | None = None,
    ) -> None:
        """Gate the still off the UI thread; store it if it passes, else ask for a retake.

        The still belongs to the case it was taken for, even if the bench has moved on to
        another case by the time the gate answers."""
        uid = self.uid
        self.gate.show_checking(to_qimage(image, 384))
        self.capture_button.setEnabled(False)
        run_task(
            self,
            quality.check,
            image,
            on_success=lambda result: self._gated(result, uid, image, view, data, mime, name),
            on_failure=self._store_failed,
        )

    def _gated(self, result: GateResult, uid, image, view, data, mime, name) -> None:
        if uid == self.uid:
            self._gated_view = view
            self.gate.show_result(result, self._view_title(view))
            self.gateChecked.emit(result)
            self._update_buttons()
        if not result.passed or uid is None or self.ctx.session is None:
            return
        source = "import" if data is not None else "camera"
        run_task(
            self,
            capture.store_still,
            self.ctx.station.store,
            self.ctx.session,
            uid,
            view,
            image,
            result,
            data=data,
            mime=mime,
            source=source,
            original_name=name,
            on_success=lambda sha: self._stored(uid, view, image, sha),
            on_failure=self._store_failed,
            db_write=True,
        )

    def _stored(self, uid: str, view: str, image: np.ndarray, sha: str) -> None:
        if uid != self.uid:  # stored for the case it was taken for; this one shows another
            return
        self.thumbs.add(to_qimage(image, 256), self._view_title(view), view)
        self.shots.mark_done(view)
        self.shots.select_next()
        self.stillStored.emit(view, sha)
        self.shotsChanged.emit()
        self._check_complete()

    def _store_failed(self, exc: BaseException) -> None:
        self._update_buttons()
        show_error(self, exc)

    def _retake(self) -> None:
        self.gate.clear()
        self.capture_button.setFocus()

    def import_paths(self, paths: list[Path]) -> None:
        """Import stills from files/folders (``ui.widgets.capture_import``)."""
        self.importer.import_paths(paths)

    # -- helpers --------------------------------------------------------------------
    def _view_selected(self, key: str) -> None:
        if self.checklist is not None:
            self.hint.setText(self.checklist.view(key).hint_for(i18n.current_language()))

    def _view_title(self, key: str) -> str:
        if self.checklist is None or key not in {v.key for v in self.checklist.views}:
            return key
        return self.checklist.view(key).title(i18n.current_language())

    def _check_complete(self) -> None:
        missing = self.shots.missing_required()
        if self.uid and not self._announced and self.checklist and not missing:
            self._announced = True
            self.status.setText(self.tr("All required views are captured."))
            self.allRequiredCaptured.emit(self.uid)

    def _update_buttons(self) -> None:
        has = self.uid is not None
        self.capture_button.setEnabled(has and self.camera.running)
        self.import_button.setEnabled(has)
        self.play_button.setEnabled(has)
        self.record_button.setEnabled(has and self.camera.running)
        self.record_button.setText(self.video.button_text())
        self.preview.update()


def _decode(data: bytes) -> np.ndarray | None:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
