"""Camera sources: the simulated camera, the factory's fallbacks, bad video files."""

from __future__ import annotations

import threading
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from appraiser.capture import sources
from appraiser.capture.encoder import SegmentInfo, SegmentWriter
from appraiser.capture.simulated import SimulatedCamera
from appraiser.errors import CameraError


@pytest.fixture
def recorded_segment(tmp_path):
    """A real one-second H.264 segment of the simulated camera."""
    camera = SimulatedCamera(320, 180, 30, realtime=False)
    camera.open()
    path = tmp_path / "seg.mp4"
    writer = SegmentWriter(path, SegmentInfo("AP-T-1", 1, 0.0, 30.0, 320, 180), ZoneInfo("UTC"))
    for _ in range(30):
        writer.write(camera.read())
    writer.close()
    return path


def _sim(**kwargs) -> SimulatedCamera:
    camera = SimulatedCamera(320, 180, 30, realtime=False, **kwargs)
    camera.open()
    return camera


def test_simulated_camera_is_deterministic_per_seed() -> None:
    one, two, other = _sim(seed=1), _sim(seed=1), _sim(seed=2)
    assert np.array_equal(one.render(42), two.render(42))
    assert not np.array_equal(one.render(42), other.render(42))


def test_simulated_scene_moves_and_is_timestamped_at_camera_rate() -> None:
    camera = _sim()
    frames = [camera.read() for _ in range(31)]
    assert not np.array_equal(frames[0].image, frames[30].image)
    assert frames[30].mono - frames[0].mono == pytest.approx(1.0)
    assert frames[0].size == (320, 180)


def test_defocus_blurs_the_picture() -> None:
    camera = _sim()
    sharp = camera.render(5).astype(np.int16)
    camera.set_control("focus", 1.0)
    blurred = camera.render(5).astype(np.int16)
    assert np.abs(np.diff(blurred, axis=1)).mean() < np.abs(np.diff(sharp, axis=1)).mean()
    assert camera.set_control("exposure", 1.0) is False


def test_simulated_camera_films_the_artwork_it_is_shown() -> None:
    from appraiser.library import synthetic
    from appraiser.matching import features, verify

    art = synthetic.render(synthetic.make_spec(31, "bags", "EU"))
    camera = SimulatedCamera(1280, 720, realtime=False, seed=3)
    camera.open()
    bag = camera.render(100)
    camera.show_item(art)
    filmed = camera.render(100)
    ref, shot = features.extract(art), features.extract_query(filmed)
    found = verify.verify(shot, verify.compact(shot), ref, verify.compact(ref))
    assert found.inliers >= 60  # the artwork itself, in perspective on the mat
    camera.show_item(None)
    assert np.array_equal(camera.render(100), bag)


def test_freeze_fault_repeats_the_same_picture() -> None:
    camera = _sim(fault=("freeze", 3))
    frames = [camera.read() for _ in range(6)]
    assert np.array_equal(frames[3].image, frames[5].image)
    assert frames[5].index == 5


def test_stall_fault_blocks_until_closed() -> None:
    camera = _sim(fault=("stall", 0))
    result: list = []
    reader = threading.Thread(target=lambda: result.append(camera.read()))
    reader.start()
    camera.close()
    reader.join(timeout=10)
    assert not reader.is_alive()
    assert result == [None]


def test_auto_without_cameras_falls_back_to_simulated(monkeypatch) -> None:
    monkeypatch.setattr(sources, "list_cameras", lambda: [])
    assert isinstance(sources.make_source("auto"), SimulatedCamera)


def test_auto_with_a_camera_that_will_not_open_falls_back(monkeypatch) -> None:
    monkeypatch.setattr(
        sources, "list_cameras", lambda: [sources.CameraInfo("/dev/video-missing", "ghost")]
    )
    source = sources.open_source("auto", width=64, height=36)
    try:
        assert isinstance(source, SimulatedCamera)
    finally:
        source.close()


def test_a_named_camera_that_will_not_open_is_an_error() -> None:
    with pytest.raises(CameraError, match="could not be opened"):
        sources.open_source("/dev/video-missing")


def test_unreadable_video_file_is_a_camera_error(tmp_path) -> None:
    bogus = tmp_path / "inspection.mp4"
    bogus.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 10)
    with pytest.raises(CameraError, match="cannot be read"):
        sources.open_source(str(bogus))
    with pytest.raises(CameraError, match="does not exist"):
        sources.make_source(str(tmp_path / "missing.mp4"))


def test_video_file_source_loops(recorded_segment) -> None:
    source = sources.VideoFileSource(recorded_segment, realtime=False)
    source.open()
    try:
        frames = [source.read() for _ in range(40)]  # the file holds 30 frames
    finally:
        source.close()
    assert all(f is not None for f in frames)
    assert source.may_repeat is True
    assert frames[35].index == 35


def test_simulated_spec_and_device_index() -> None:
    assert isinstance(sources.make_source("simulated"), SimulatedCamera)
    assert isinstance(sources.make_source("3"), sources.OpenCVCamera)
