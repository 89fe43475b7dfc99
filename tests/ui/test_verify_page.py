"""The Verify page: scanner input, photos and camera frames; verdict banner and clone
warning; every attempt recorded as a scan event."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from appraiser.capture.frames import Frame
from appraiser.domain.enums import Category, Verdict
from appraiser.keys import StationKeys
from appraiser.labels import ids, layouts, payload, png
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals, verdicts
from appraiser.services.labelling import labels
from ui import i18n
from ui.camera_thread import CameraController
from ui.context import AppContext
from ui.pages.verify_page import VerifyPage


def _label(station: Station, session: Session, password: str) -> labels.LabelInfo:
    store = station.store
    item = appraisals.register_item(
        store, session, gtin="4006381333931", brand="Gucci", model="GG Marmont", batch_lot="L1"
    )
    uid = appraisals.start(store, session, "BW-01", item, Category.BAGS, station.settings.tz())
    appraisals.attach_media(
        store, session, uid, _photo_bytes(), role="photo", mime="image/png", view="front"
    )
    appraisals.sign_verdict(store, session, uid, Verdict.GENUINE, password)
    return labels.issue(station, session, uid)


def _photo_bytes() -> bytes:
    image = np.full((300, 400, 3), (40, 90, 160), np.uint8)
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def _flip_signature_symbol(uri: str) -> str:
    """Change one signature symbol away from the last one (whose spare bits would make
    the change a format error rather than a wrong signature)."""
    return uri[:-10] + ("A" if uri[-10] != "A" else "B") + uri[-9:]


@pytest.fixture
def page(qtbot, signed_in_ctx: AppContext) -> VerifyPage:
    widget = VerifyPage(signed_in_ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def _submit(qtbot, page: VerifyPage, text: str, purpose: str = "bench") -> None:
    page.purpose.setCurrentIndex(page.purpose.findData(purpose))
    before = page.last
    page.input.setText(text)
    page.submit_text()
    qtbot.waitUntil(lambda: page.last is not before, timeout=10000)


def test_genuine_label_shows_record_and_photos(
    qtbot, page, admin, appraiser_session, password
) -> None:
    label = _label(page.ctx.station, appraiser_session, password)
    _submit(qtbot, page, label.payload)
    assert page.result.banner.text() == "GENUINE LABEL"
    assert page.result.warning.isHidden()
    shown = [
        page.result.form.itemAt(i).widget().text()
        for i in range(page.result.form.count())
        if page.result.form.itemAt(i).widget()
    ]
    assert "Gucci GG Marmont" in shown and label.grouped in shown
    assert page.result.photos.count() == 1
    scans = page.ctx.station.store.query("SELECT * FROM scan_events")
    assert len(scans) == 1 and scans[0]["created_by"] == admin.user_id


def test_second_outbound_scan_shows_clone_warning(qtbot, page, appraiser_session, password) -> None:
    label = _label(page.ctx.station, appraiser_session, password)
    _submit(qtbot, page, label.payload, "outbound")
    assert page.result.warning.isHidden()
    _submit(qtbot, page, label.payload, "outbound")
    assert page.result.banner.text() == "PROBABLE CLONED LABEL"
    assert not page.result.warning.isHidden()
    assert "outbound more than once" in page.result.warning.text()


@pytest.mark.parametrize(
    ("mangle", "banner"),
    [
        (lambda p: _flip_signature_symbol(p), "FORGED OR ALTERED LABEL"),
        (lambda p: p[:60], "DAMAGED OR ALTERED CODE"),
        (lambda p: "https://shop.example.net/item/42", "NOT ONE OF OUR LABELS"),
    ],
)
def test_bad_payloads(qtbot, page, appraiser_session, password, mangle, banner) -> None:
    label = _label(page.ctx.station, appraiser_session, password)
    _submit(qtbot, page, mangle(label.payload))
    assert page.result.banner.text() == banner
    assert page.ctx.station.store.one("SELECT outcome FROM scan_events")["outcome"] != "valid"


def test_photo_with_and_without_a_label(
    qtbot, page, appraiser_session, password, tmp_path: Path
) -> None:
    label = _label(page.ctx.station, appraiser_session, password)
    photo = tmp_path / "label.png"
    png.render(layouts.load("50x30"), labels.content(page.ctx.station, label.serial), 300).save(
        photo
    )
    page.verify_file(photo)
    qtbot.waitUntil(lambda: page.last is not None, timeout=10000)
    assert page.result.banner.text() == "GENUINE LABEL"
    blank = tmp_path / "blank.jpg"
    Image.new("RGB", (320, 240), (200, 200, 200)).save(blank)
    page.verify_file(blank)
    qtbot.waitUntil(lambda: page.last is None, timeout=10000)
    assert "No QR code" in page.result.reason.text()


class LabelCamera:
    """A camera that films a printed label lying on a grey bench."""

    name = "label camera"
    fps = 30.0
    may_repeat = True

    def __init__(self, label_image: np.ndarray) -> None:
        bench = np.full((720, 1280, 3), 128, np.uint8)
        h, w = label_image.shape[:2]
        bench[200 : 200 + h, 300 : 300 + w] = label_image[..., None]
        self.image, self.size, self.index = bench, (1280, 720), 0
        self._pace = threading.Event()

    def open(self) -> None: ...

    def read(self) -> Frame | None:
        self._pace.wait(1 / self.fps)  # a real camera delivers frames at its rate
        self.index += 1
        return Frame(self.image, self.index)

    def close(self) -> None:
        self._pace.set()

    def controls(self) -> dict:
        return {}

    def set_control(self, name: str, value: float) -> bool:
        return False


def test_camera_frames_are_decoded_and_verified(
    qtbot, signed_in_ctx, appraiser_session, password
) -> None:
    label = _label(signed_in_ctx.station, appraiser_session, password)
    shot = np.asarray(
        png.render(layouts.load("60x40"), labels.content(signed_in_ctx.station, label.serial), 300)
    )
    camera = CameraController(open_fn=lambda _spec: LabelCamera(shot))
    page = VerifyPage(signed_in_ctx, camera=camera)
    qtbot.addWidget(page)
    page.show()
    page.camera_button.setChecked(True)
    qtbot.waitUntil(lambda: page.last is not None, timeout=15000)
    assert page.result.banner.text() == "GENUINE LABEL"
    assert not page.camera_button.isChecked()
    assert page.ctx.station.store.one("SELECT COUNT(*) AS n FROM scan_events")["n"] == 1


# Issue 14 findings 1, 6 and 4c: the banner says NOT VALID for anything but a live label ----
def _typed(qtbot, page: VerifyPage, text: str) -> None:
    """Type the payload into the scan field and press Enter, as a scanner would."""
    before = page.last
    page.input.setFocus()
    qtbot.keyClicks(page.input, text)
    qtbot.keyClick(page.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.last is not before, timeout=10000)


def test_revoked_label_reads_not_valid_in_both_languages(
    qtbot, page, appraiser_session, supervisor, password
) -> None:
    """Issue 14 findings 1 and 6: a label whose verdict was amended to counterfeit."""
    station = page.ctx.station
    label = _label(station, appraiser_session, password)
    verdicts.amend(
        station.store, supervisor, label.appraisal_uid, Verdict.COUNTERFEIT, password,
        "fake stitching", reason_codes=["NOT_AUTHENTIC"],
    )  # fmt: skip
    _typed(qtbot, page, label.payload)
    assert page.result.banner.text() == "NOT VALID — REVOKED LABEL"
    assert page.result.reason.text().startswith("NOT VALID — revoked on ")
    assert page.last["result"]["valid"] is False
    i18n.install("zh_CN")
    qtbot.waitUntil(lambda: page.result.banner.text() == "无效 — 已撤销的标签")
    assert page.result.reason.text().startswith("无效 — 已于 ")


def test_voided_label_names_its_replacement(
    qtbot, page, appraiser_session, supervisor, password
) -> None:
    """Issue 14 finding 6: it read "VALID: Genuine label, voided."."""
    station = page.ctx.station
    label = _label(station, appraiser_session, password)
    new = labels.reprint(station, appraiser_session, label.serial, "torn", supervisor)
    _typed(qtbot, page, label.payload)
    assert page.result.banner.text() == "NOT VALID — VOIDED LABEL"
    assert page.result.reason.text().endswith(f"(replaced by {new.grouped}).")


def test_own_key_unknown_serial_is_a_forgery_alarm(qtbot, page) -> None:
    """Issue 14 finding 4c: not "issued by another station" but a forgery alarm."""
    station = page.ctx.station
    keys = StationKeys(station.data.keys)
    claim = payload.make_claim(
        station.settings.resolver_domain, ids.new_serial(), None, "cd" * 32, "20261122",
        keys.current_key_id(),
    )  # fmt: skip
    _typed(qtbot, page, payload.build(claim, keys.sign(payload.canonical(claim))[1]))
    assert page.result.banner.text() == "NOT VALID — FORGERY ALARM"
    assert "never issued here" in page.result.reason.text()
