"""Verify a label: hand scanner, a photo file, or the camera; signature checked offline,
the record shown, a scan event stored, and a clone warning when the serial was seen where
one genuine label cannot be."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appraiser.errors import KnownError
from appraiser.labels import decode
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_verify
from ui import scanner, tasks
from ui.camera_thread import CameraController
from ui.context import AppContext
from ui.pages.base import Page
from ui.tasks import run_task
from ui.widgets.label_result import LabelResult

PURPOSES = (
    ("bench", QT_TRANSLATE_NOOP("VerifyPage", "Bench check")),
    ("outbound", QT_TRANSLATE_NOOP("VerifyPage", "Outbound (item leaves)")),
    ("consumer", QT_TRANSLATE_NOOP("VerifyPage", "Customer enquiry")),
)
CAMERA_POLL_MS = 300
THUMB_PX = 240


def _thumbnails(station: Station, photos: list[dict]) -> list[bytes]:
    out = []
    for photo in photos[:6]:
        path = station.store.media.path(photo["media_sha256"])
        with Image.open(path) as image:
            image.thumbnail((THUMB_PX, THUMB_PX))
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="PNG")
            out.append(buffer.getvalue())
    return out


def verify_text(station: Station, session: Session | None, text: str, purpose: str) -> dict:
    """Worker side: verify, record the scan, gather the record; plain data back."""
    report = label_verify.record_scan(station, session, text, purpose=purpose)
    # the bench screen is inside the station: it shows why a label ended, whatever the purpose
    data = {"result": report.as_json(internal=True), "record": {}, "photos": []}
    if report.label is not None:
        record = label_verify.record_for(station, report.label["serial"])
        data["record"] = record
        data["photos"] = _thumbnails(station, record["photos"])
    return data


def verify_image(station: Station, session: Session | None, path: Path, purpose: str) -> dict:
    """Decode the first QR of a photo and verify it (``InvalidInput`` if there is none)."""
    return verify_text(station, session, decode.decode_file(path)[0], purpose)


class VerifyPage(Page):
    key = "verify"
    title_source = QT_TRANSLATE_NOOP("nav", "Verify label")
    shortcut = "F8"

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        camera: CameraController | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.camera = camera or CameraController(self)
        if self.camera.parent() is None:
            # Qt owns the controller from here: it is then always destroyed on the UI
            # thread with this widget, never by a Python reference dropped on a worker
            # thread (which would leave its watchdog timer registered: a crash later).
            self.camera.setParent(self)
        self.camera.frameReady.connect(self._frame)
        self.camera.cameraFailed.connect(self._camera_failed)
        self._decoding = False
        self.last: dict | None = None
        self.poll = QTimer(self, interval=CAMERA_POLL_MS)
        self.poll.timeout.connect(self._poll_camera)
        self._build()
        self.retranslate()

    def _build(self) -> None:
        self.purpose = QComboBox(objectName="scanPurpose")
        for key, _text in PURPOSES:
            self.purpose.addItem("", key)
        self.input = QLineEdit(objectName="scanInput")
        scanner.claim(self.input)  # a label's link here is verified, not queued as an item
        self.input.returnPressed.connect(self.submit_text)
        self.open_button = QPushButton(objectName="openImageButton")
        self.open_button.clicked.connect(self.choose_file)
        self.camera_button = QPushButton(objectName="cameraButton", checkable=True)
        self.camera_button.toggled.connect(self.toggle_camera)
        self.heading = QLabel(objectName="dialogHeading")
        self.purpose_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.purpose_label)
        bar.addWidget(self.purpose)
        bar.addWidget(self.input, 1)
        bar.addWidget(self.open_button)
        bar.addWidget(self.camera_button)
        self.view = QLabel(objectName="cameraView", alignment=Qt.AlignmentFlag.AlignCenter)
        self.view.setMinimumSize(480, 270)
        self.view.setStyleSheet("background: #212529; color: #adb5bd;")
        self.view.hide()
        self.result = LabelResult(self, zone=lambda: self.ctx.settings.tz())
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.result, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.heading)
        box.addLayout(bar)
        box.addLayout(body, 1)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Verify a label"))
        self.purpose_label.setText(self.tr("Purpose"))
        for index, (_key, text) in enumerate(PURPOSES):
            self.purpose.setItemText(index, self.tr(text))
        self.input.setPlaceholderText(
            self.tr("Scan the label's QR code with the hand scanner, or paste its link, then Enter")
        )
        self.open_button.setText(self.tr("Open photo…"))
        self.camera_button.setText(
            self.tr("Stop camera") if self.camera_button.isChecked() else self.tr("Use camera")
        )
        if self.last is not None:
            self.result.show_result(self.last)
        else:
            self.result.clear()

    def activated(self) -> None:
        self.input.setFocus()

    def submit_text(self) -> None:
        text = self.input.text().strip()
        self.input.clear()
        if text:
            self._run(verify_text, text)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Photo of a label"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp)"),
        )
        if path:
            self.verify_file(Path(path))

    def verify_file(self, path: Path) -> None:
        self._run(verify_image, path)

    def _run(self, fn, subject) -> None:
        run_task(
            self,
            fn,
            self.ctx.station,
            self.ctx.session,
            subject,
            self.purpose.currentData(),
            db_write=True,
            on_success=self._show,
            on_failure=self._failed,
        )

    def _show(self, data: dict) -> None:
        self.last = data
        self.result.show_result(data)
        if data["result"]["clone_suspected"]:
            self.ctx.records_changed.emit("labels")

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KnownError):
            tasks.runner().default_failure(self, exc)
            return
        self.last = None
        self.result.clear()
        self.result.reason.setText(exc.message)

    # camera -------------------------------------------------------------------------------
    def toggle_camera(self, on: bool) -> None:
        self.camera_button.setText(self.tr("Stop camera") if on else self.tr("Use camera"))
        self.view.setVisible(on)
        if on:
            self.view.setText(self.tr("Starting the camera…"))
            self.camera.start(self.ctx.settings.camera)
            self.poll.start()
        else:
            self.poll.stop()
            self.camera.stop()

    def _frame(self, image: QImage) -> None:
        self.view.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.view.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def _poll_camera(self) -> None:
        frame = self.camera.latest_frame()
        if frame is None or self._decoding:
            return
        self._decoding = True
        run_task(
            self,
            decode.decode_array,
            frame.image,
            on_success=self._decoded,
            on_failure=self._decode_failed,
        )

    def _decoded(self, texts: list[str]) -> None:
        self._decoding = False
        if texts and self.camera_button.isChecked():
            self.camera_button.setChecked(False)  # one scan per look; stops the camera
            self._run(verify_text, texts[0])

    def _decode_failed(self, exc: BaseException) -> None:
        self._decoding = False
        tasks.runner().default_failure(self, exc)

    def _camera_failed(self, exc: object) -> None:
        self.camera_button.setChecked(False)
        if isinstance(exc, KnownError):
            self.result.reason.setText(exc.message)

    def hideEvent(self, event) -> None:
        if self.camera_button.isChecked():
            self.camera_button.setChecked(False)
        super().hideEvent(event)
