"""Capture use cases: gated stills, audited segments, interruption, recovery, export."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from appraiser.capture import quality, segments
from appraiser.capture.encoder import SegmentInfo, SegmentWriter
from appraiser.capture.recorder import ClosedSegment
from appraiser.capture.simulated import SimulatedCamera
from appraiser.domain.enums import AppraisalState, Category
from appraiser.errors import DiskFullError, InvalidInput
from appraiser.services.casework import appraisals, capture

SIZE = (320, 180)


@pytest.fixture
def uid(station, appraiser_session) -> str:
    item = appraisals.register_item(
        station.store, appraiser_session, brand="Maison", category="bags"
    )
    return appraisals.start(
        station.store, appraiser_session, "BW-01", item, Category.BAGS, station.settings.tz()
    )


@pytest.fixture
def camera() -> SimulatedCamera:
    cam = SimulatedCamera(1280, 720, 30, realtime=False, seed=3)
    cam.open()
    return cam


def _segment(station, uid: str, index: int, frames: int = 30, *, close: bool = True):
    folder = capture.recording_folder(station.store) / uid
    folder.mkdir(parents=True, exist_ok=True)
    cam = SimulatedCamera(*SIZE, 30, realtime=False, seed=index)
    cam.open()
    info = SegmentInfo(uid, index, 1_700_000_000.0 + index * 10, 30.0, *SIZE)
    base = folder / f"seg-{index:06d}"
    info.write(base.with_suffix(".json"))
    writer = SegmentWriter(base.with_suffix(".mp4"), info, ZoneInfo("UTC"))
    for _ in range(frames):
        writer.write(cam.read())
    if close:
        writer.close()
    return ClosedSegment(writer.path, info, writer.frames, writer.duration_s), writer


def _events(station, action: str) -> list[dict]:
    rows = station.store.query("SELECT data FROM audit_events WHERE action = ?", (action,))
    return [json.loads(r["data"]) for r in rows]


def test_a_still_that_passed_is_stored_and_audited(station, appraiser_session, uid, camera) -> None:
    image = camera.render(200)
    gate = quality.check(image)
    sha = capture.store_still(station.store, appraiser_session, uid, "front", image, gate)
    assert station.store.media.exists(sha)
    assert capture.captured_views(station.store, uid) == {"front"}
    assert capture.stills(station.store, uid)[0]["meta"]["gate"]["sharpness"] > 0
    assert _events(station, "capture.still_stored")[0]["sha256"] == sha
    assert station.store.verify_audit().ok


def test_a_still_that_failed_the_gate_is_refused(station, appraiser_session, uid, camera) -> None:
    camera.set_control("focus", 1.0)
    image = camera.render(200)
    with pytest.raises(InvalidInput, match="blurry"):
        capture.store_still(
            station.store, appraiser_session, uid, "front", image, quality.check(image)
        )
    assert capture.stills(station.store, uid) == []
    assert station.store.query("SELECT * FROM media") == []


def test_imported_bytes_are_stored_unchanged(station, appraiser_session, uid, camera) -> None:
    image = camera.render(200)
    data = b"\xff\xd8original-dslr-bytes"
    sha = capture.store_still(
        station.store,
        appraiser_session,
        uid,
        "logo",
        image,
        quality.check(image),
        data=data,
        source="import",
        original_name="IMG_0001.JPG",
    )
    assert station.store.media.read(sha) == data
    assert capture.stills(station.store, uid)[0]["meta"]["original_name"] == "IMG_0001.JPG"


def test_segments_are_stored_in_order_with_their_hash_audited(
    station, appraiser_session, uid
) -> None:
    second, _ = _segment(station, uid, 2)
    first, _ = _segment(station, uid, 1)
    shas = [capture.record_segment(station.store, appraiser_session, s) for s in (second, first)]
    rows = capture.segments(station.store, uid)
    assert [r["meta"]["index"] for r in rows] == [1, 2]
    assert {e["sha256"] for e in _events(station, "capture.segment_recorded")} == set(shas)
    assert not first.path.exists()  # the working copy is gone once stored
    assert capture.next_segment_index(station.store, uid) == 3
    assert station.store.verify_audit().ok


def test_a_full_disk_while_storing_keeps_the_segment_for_later(
    station, appraiser_session, uid, monkeypatch
) -> None:
    segment, _ = _segment(station, uid, 1)

    def full(_path):
        raise DiskFullError("Not enough disk space to store the media file.")

    monkeypatch.setattr(station.store.media, "put_file", full)
    with pytest.raises(DiskFullError):
        capture.record_segment(station.store, appraiser_session, segment)
    assert capture.segments(station.store, uid) == []
    assert segment.path.exists()
    monkeypatch.undo()
    recovered = capture.recover(station.store, appraiser_session)
    assert [s.info.index for s in recovered] == [1]
    assert capture.segments(station.store, uid)[0]["meta"]["recovered"] is True


def test_a_crashed_segment_is_recovered_up_to_its_last_whole_fragment(
    station, appraiser_session, uid, tmp_path
) -> None:
    _segment_path, writer = _segment(station, uid, 1, frames=75, close=False)
    crashed = writer.path.read_bytes()  # what a kill -9 leaves on disk at this moment
    writer.close()
    writer.path.write_bytes(crashed[:-100])  # tear the last fragment too
    recovered = capture.recover(station.store, appraiser_session)
    assert len(recovered) == 1
    row = capture.segments(station.store, uid)[0]
    assert 45 <= row["meta"]["frames"] < 75
    assert not list(capture.recording_folder(station.store).glob("*/seg-*"))


def test_camera_loss_marks_the_appraisal_interrupted(station, appraiser_session, uid) -> None:
    capture.mark_interrupted(station.store, appraiser_session, uid, "stalled")
    current = appraisals.current(station.store, uid)
    assert current["state"] == AppraisalState.INTERRUPTED
    assert current["data"]["interrupted"]["why"] == "stalled"


def test_export_joins_all_segments(station, appraiser_session, uid, tmp_path) -> None:
    for index in (1, 2):
        segment, _ = _segment(station, uid, index, frames=45)
        capture.record_segment(station.store, appraiser_session, segment)
    target = capture.export_video(station.store, uid, tmp_path / "bundle.mp4")
    assert segments.probe(target).frames == 90
    with pytest.raises(InvalidInput, match="no recorded video"):
        capture.export_video(station.store, "AP-NONE", tmp_path / "none.mp4")


def test_recording_folder_lives_in_the_data_folder(station) -> None:
    assert capture.recording_folder(station.store).parent == station.data.root
