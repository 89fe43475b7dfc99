"""The capture page lists today's open appraisals; the player plays all segments."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from appraiser.capture.encoder import SegmentInfo, SegmentWriter
from appraiser.capture.simulated import SimulatedCamera
from appraiser.domain.enums import Category
from appraiser.services.casework import appraisals
from ui.camera_thread import CameraController
from ui.pages.capture_page import CapturePage
from ui.widgets.video_player import VideoPlayer

WAIT_MS = 15000


def _sim(_spec: str) -> SimulatedCamera:
    camera = SimulatedCamera(320, 180, 30)
    camera.open()
    return camera


def test_the_page_offers_todays_open_appraisals(qtbot, signed_in_ctx, admin) -> None:
    store = signed_in_ctx.station.store
    item = appraisals.register_item(store, admin, brand="Maison", model="Flap", category="bags")
    uid = appraisals.start(
        store, admin, "BW-01", item, Category.WATCHES, signed_in_ctx.station.settings.tz()
    )
    page = CapturePage(signed_in_ctx)
    page.capture.camera.open_fn = _sim
    page.capture.auto_record = False
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.chooser.count() == 1, timeout=WAIT_MS)
    assert uid in page.chooser.itemText(0)
    qtbot.waitUntil(lambda: page.capture.uid == uid, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.capture.shots.count() == 8, timeout=WAIT_MS)  # watches list
    assert page.key == "capture" and page.title() == "Capture"
    page.capture.shutdown()


def test_the_page_says_when_there_is_nothing_to_capture(qtbot, signed_in_ctx) -> None:
    page = CapturePage(signed_in_ctx)
    qtbot.addWidget(page)
    page.activated()
    qtbot.waitUntil(lambda: page.empty.text() != "", timeout=WAIT_MS)
    assert page.chooser.count() == 0
    assert page.capture.uid is None
    assert not page.capture.capture_button.isEnabled()


def _segments(tmp_path, count: int) -> list:
    paths = []
    for index in range(1, count + 1):
        camera = SimulatedCamera(160, 90, 30, realtime=False, seed=index)
        camera.open()
        info = SegmentInfo("AP-T-1", index, 0.0, 30.0, 160, 90)
        writer = SegmentWriter(tmp_path / f"seg-{index}.mp4", info, ZoneInfo("UTC"))
        for _ in range(9):
            writer.write(camera.read())
        writer.close()
        paths.append(writer.path)
    return paths


def test_the_player_plays_every_segment_in_order(qtbot, tmp_path) -> None:
    player = VideoPlayer()
    qtbot.addWidget(player)
    player.set_segments(_segments(tmp_path, 2))
    player.play()
    qtbot.waitUntil(lambda: player.thread is None, timeout=WAIT_MS)
    assert player.frames_shown == 18
    assert player.position.text().startswith("Segment 2 of 2")
    assert not player.view.image.isNull()


def test_a_camera_controller_reports_an_unreadable_video(qtbot, tmp_path) -> None:
    bogus = tmp_path / "broken.mp4"
    bogus.write_bytes(b"not a video at all")
    controller = CameraController()
    with qtbot.waitSignal(controller.cameraFailed, timeout=WAIT_MS) as failed:
        controller.start(str(bogus))
    assert "cannot be read" in failed.args[0].message
    controller.stop()
