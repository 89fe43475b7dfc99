"""The capture widget on a simulated camera: gated stills, recording, camera loss."""

from __future__ import annotations

import numpy as np
import pytest

from appraiser.capture import quality
from appraiser.capture.simulated import SimulatedCamera
from appraiser.domain.enums import AppraisalState, Category
from appraiser.services.casework import appraisals, capture
from ui.camera_thread import CameraController
from ui.widgets import capture_import
from ui.widgets import capture_widget as capture_module
from ui.widgets.capture_widget import CaptureWidget

WAIT_MS = 15000


def _opener(**kwargs):
    def open_fn(_spec: str) -> SimulatedCamera:
        camera = SimulatedCamera(640, 360, 30, seed=3, **kwargs)
        camera.open()
        return camera

    return open_fn


@pytest.fixture
def uid(station, admin) -> str:
    item = appraisals.register_item(station.store, admin, brand="Maison", category="bags")
    return appraisals.start(
        station.store, admin, "BW-01", item, Category.BAGS, station.settings.tz()
    )


def _widget(qtbot, ctx, **kwargs) -> CaptureWidget:
    widget = CaptureWidget(ctx, camera=CameraController(open_fn=_opener(**kwargs)))
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def _stop(qtbot, widget: CaptureWidget) -> None:
    widget.shutdown()


def test_capture_records_and_stores_a_gated_still(qtbot, signed_in_ctx, uid) -> None:
    widget = _widget(qtbot, signed_in_ctx)
    widget.set_appraisal(uid, "bags")
    qtbot.waitUntil(
        lambda: widget.recording is not None and widget.recording.active, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: widget.shots.current_key() == "front", timeout=WAIT_MS)
    with qtbot.waitSignal(widget.stillStored, timeout=WAIT_MS) as stored:
        widget.check_and_store(widget.camera.worker.source.render(200), "front")
    assert stored.args[0] == "front"
    assert "front" in widget.shots.done
    assert widget.shots.current_key() == "back"  # moves on to the next missing view
    assert widget.thumbs.count() == 1
    assert widget.preview.badge == widget.tr("● REC")
    _stop(qtbot, widget)
    assert capture.captured_views(signed_in_ctx.station.store, uid) == {"front"}


def test_a_blurry_still_is_rejected_with_its_reason(qtbot, signed_in_ctx, uid) -> None:
    widget = _widget(qtbot, signed_in_ctx)
    widget.set_appraisal(uid, "bags")
    qtbot.waitUntil(lambda: widget.camera.running, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: widget.camera.latest_frame() is not None, timeout=WAIT_MS)
    widget.camera.set_control("focus", 1.0)
    qtbot.waitUntil(lambda: widget.shots.current_key() == "front", timeout=WAIT_MS)
    with qtbot.waitSignal(widget.gateChecked, timeout=WAIT_MS) as checked:
        widget.check_and_store(widget.camera.worker.source.render(200), "front")
    result: quality.GateResult = checked.args[0]
    assert not result.passed
    assert "Blurry" in widget.gate.reasons.text()
    assert "Rejected" in widget.gate.verdict.text()
    assert widget.gate.retake_button.isVisibleTo(widget)
    widget.gate.retake_button.click()
    assert widget.gate.reasons.text() == ""
    _stop(qtbot, widget)
    assert capture.stills(signed_in_ctx.station.store, uid) == []


def test_all_required_views_emit_the_signal(qtbot, signed_in_ctx, uid, monkeypatch) -> None:
    good = quality.GateResult(True, (), {"sharpness": 99.0})
    monkeypatch.setattr(capture_module.quality, "check", lambda _image: good)
    widget = _widget(qtbot, signed_in_ctx)
    widget.auto_record = False
    widget.set_appraisal(uid, "gifts")
    qtbot.waitUntil(lambda: widget.shots.checklist is not None, timeout=WAIT_MS)
    image = np.full((90, 160, 3), 128, np.uint8)
    required = widget.checklist.required_views
    with qtbot.waitSignal(widget.allRequiredCaptured, timeout=WAIT_MS) as done:
        for key in required:
            widget.check_and_store(image, key)
    assert done.args == [uid]
    _stop(qtbot, widget)


@pytest.mark.parametrize(("fault", "reason"), [("stall", "stalled"), ("freeze", "frozen")])
def test_camera_loss_closes_the_video_and_interrupts_the_appraisal(
    qtbot, signed_in_ctx, uid, fault, reason
) -> None:
    widget = _widget(qtbot, signed_in_ctx, fault=(fault, 45))
    widget.set_appraisal(uid, "bags")
    with qtbot.waitSignal(widget.camera.cameraLost, timeout=WAIT_MS) as lost:
        pass
    assert lost.args == [reason]
    store = signed_in_ctx.station.store
    qtbot.waitUntil(
        lambda: appraisals.current(store, uid)["state"] == AppraisalState.INTERRUPTED,
        timeout=WAIT_MS,
    )
    assert widget.reconnect_button.isVisibleTo(widget)
    assert "Camera lost" in widget.preview.banner
    assert widget.recording is None
    qtbot.waitUntil(lambda: len(capture.segments(store, uid)) == 1, timeout=WAIT_MS)
    _stop(qtbot, widget)


def test_import_stores_photos_and_lists_refused_files(
    qtbot, signed_in_ctx, uid, tmp_path, monkeypatch
) -> None:
    import cv2

    camera = SimulatedCamera(1280, 720, 30, realtime=False, seed=3)
    camera.open()
    folder = tmp_path / "microscope"
    folder.mkdir()
    cv2.imwrite(str(folder / "a_front.jpg"), camera.render(200))
    (folder / "b_notes.jpg").write_text("not an image")
    warnings: list[str] = []
    monkeypatch.setattr(
        capture_import.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text)
    )
    widget = _widget(qtbot, signed_in_ctx)
    widget.auto_record = False
    widget.set_appraisal(uid, "bags")
    qtbot.waitUntil(lambda: widget.shots.current_key() == "front", timeout=WAIT_MS)
    with qtbot.waitSignal(widget.stillStored, timeout=WAIT_MS) as stored:
        widget.import_paths([folder])
    assert stored.args[0] == "front"
    assert warnings and "b_notes.jpg: not an image" in warnings[0]
    row = capture.stills(signed_in_ctx.station.store, uid)[0]
    assert row["meta"]["source"] == "import"
    _stop(qtbot, widget)


def test_reconnect_after_a_loss_resumes_preview_and_recording(qtbot, signed_in_ctx, uid) -> None:
    opened: list[SimulatedCamera] = []

    def open_fn(_spec: str) -> SimulatedCamera:
        fault = ("stall", 20) if not opened else None  # unplugged once, then fine
        camera = SimulatedCamera(320, 180, 30, fault=fault)
        camera.open()
        opened.append(camera)
        return camera

    widget = CaptureWidget(signed_in_ctx, camera=CameraController(open_fn=open_fn))
    qtbot.addWidget(widget)
    widget.set_appraisal(uid, "bags")
    qtbot.waitSignal(widget.camera.cameraLost, timeout=WAIT_MS).wait()
    assert widget.recording is None
    with qtbot.waitSignal(widget.camera.cameraOpened, timeout=WAIT_MS):
        widget.reconnect_button.click()
    qtbot.waitUntil(
        lambda: widget.recording is not None and widget.recording.active, timeout=WAIT_MS
    )
    assert widget.preview.banner == ""
    assert not widget.reconnect_button.isVisibleTo(widget)
    recorder = widget.recording.recorder
    qtbot.waitUntil(lambda: recorder.frames_encoded > 3, timeout=WAIT_MS)
    widget.shutdown()
    store = signed_in_ctx.station.store
    assert [r["meta"]["index"] for r in capture.segments(store, uid)] == [1, 2]


def test_focus_slider_drives_the_camera(qtbot, signed_in_ctx, uid) -> None:
    widget = _widget(qtbot, signed_in_ctx)
    widget.auto_record = False
    widget.set_appraisal(uid, "bags")
    qtbot.waitUntil(lambda: widget.focus.isVisibleTo(widget), timeout=WAIT_MS)
    widget.focus.slider.setValue(widget.focus.STEPS)
    assert widget.camera.worker.source.defocus == pytest.approx(1.0)
    widget.shutdown()
