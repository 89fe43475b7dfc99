"""The recorder: ten-second fragmented MP4 segments, pause, disk space, write errors."""

from __future__ import annotations

import dataclasses
import errno
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import av
import numpy as np
import pytest
from support.tools import require

from appraiser.capture import encoder, segments
from appraiser.capture.recorder import ClosedSegment, Recorder, check_space, expected_bytes
from appraiser.capture.simulated import SimulatedCamera
from appraiser.errors import DiskFullError

SIZE = (320, 180)
MB = 1024 * 1024


@pytest.fixture(scope="session")
def ffprobe() -> str:
    """ffprobe is the independent judge of our files (Debian package ``ffmpeg``)."""
    return require("ffprobe")


def _record(
    tmp_path: Path, seconds: float, *, pause_at: float | None = None, **kwargs
) -> tuple[Recorder, list[ClosedSegment]]:
    stored: list[ClosedSegment] = []
    camera = SimulatedCamera(*SIZE, 30, realtime=False)
    camera.open()
    recorder = Recorder(
        tmp_path / "recording",
        "AP-T-0001",
        fps=30,
        size=SIZE,
        tz=ZoneInfo("Asia/Shanghai"),
        on_segment=stored.append,
        reserve_mb=1,
        disk_free=kwargs.pop("disk_free", lambda _p: 10**12),
        **kwargs,
    )
    recorder.start(minutes=1)
    for number in range(round(seconds * 30)):
        if pause_at is not None and number == round(pause_at * 30):
            recorder.pause()
            recorder.resume()
        frame = camera.read()
        while not recorder.push(frame):  # the test machine may be slower than real time
            recorder.dropped -= 1
    recorder.stop()
    return recorder, stored


def _ffprobe_duration(ffprobe: str, path: Path) -> float:
    out = subprocess.run(
        [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr == ""
    return float(out.stdout)


def test_segments_are_at_most_ten_seconds_and_play_to_their_end(tmp_path, ffprobe) -> None:
    recorder, stored = _record(tmp_path, 23)
    assert [s.info.index for s in stored] == [1, 2, 3]
    assert [s.frames for s in stored] == [300, 300, 90]
    assert recorder.dropped == 0 and recorder.errors == []
    for segment in stored:
        assert _ffprobe_duration(ffprobe, segment.path) <= 10.01
        assert segments.probe(segment.path) == segments.Probe(
            segment.frames, pytest.approx(segment.duration_s, abs=0.01), True
        )


def test_the_stream_is_h264_main_yuv420p(tmp_path) -> None:
    _, stored = _record(tmp_path, 1)
    with av.open(str(stored[0].path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.profile in ("Main", "Constrained Baseline", "Baseline")
        assert stream.codec_context.pix_fmt == "yuv420p"
        first = next(container.decode(stream)).to_ndarray(format="gray")
    box = first[:12, :120]  # the burnt-in appraisal id and time
    assert box.min() < 40 and box.max() > 150


def test_the_movie_header_comes_first(tmp_path) -> None:
    _, stored = _record(tmp_path, 1)
    head = stored[0].path.read_bytes()
    assert head.index(b"moov") < head.index(b"moof") < head.index(b"mdat")


def test_pause_closes_the_segment_and_resume_starts_the_next(tmp_path) -> None:
    _, stored = _record(tmp_path, 4, pause_at=1.5)
    assert [s.info.index for s in stored] == [1, 2]
    assert [s.frames for s in stored] == [45, 75]


def test_recording_refuses_to_start_without_twice_the_session_space(tmp_path) -> None:
    need = 2 * expected_bytes(20) + 500 * MB
    check_space(tmp_path, 500, 20, lambda _p: need)
    with pytest.raises(DiskFullError, match="needs"):
        check_space(tmp_path, 500, 20, lambda _p: need - 1)


def test_recording_stops_cleanly_at_the_disk_reserve(tmp_path) -> None:
    calls = {"n": 0}

    def shrinking(_path) -> int:
        calls["n"] += 1
        return 10**12 if calls["n"] <= 4 else MB // 2  # below the 1 MB reserve later

    reasons: list[str] = []
    recorder, stored = _record(tmp_path, 8, disk_free=shrinking, on_stop=reasons.append)
    assert recorder.stop_reason == "disk_full"
    assert reasons == ["disk_full"]
    assert len(stored) == 1 and 30 <= stored[0].frames < 240
    assert segments.probe(stored[0].path).complete


def test_a_write_error_from_a_full_disk_leaves_nothing_half_stored(tmp_path, monkeypatch) -> None:
    real_write = encoder.SegmentWriter.write

    def write(self, frame):
        if self.frames == 40:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, frame)

    monkeypatch.setattr(encoder.SegmentWriter, "write", write)
    reasons: list[str] = []
    recorder, stored = _record(tmp_path, 3, on_stop=reasons.append)
    assert stored == []
    assert recorder.stop_reason == "disk_full" and reasons == ["disk_full"]
    assert isinstance(recorder.errors[0], DiskFullError)
    # the partial working file stays for recovery, which keeps only its whole fragments
    left = sorted((tmp_path / "recording" / "AP-T-0001").glob("seg-*.mp4"))
    assert [p.name for p in left] == ["seg-000001.mp4"]
    salvaged = segments.salvage(left[0])
    assert salvaged is not None and segments.probe(salvaged).complete


def test_segments_export_as_one_faststart_mp4(tmp_path, ffprobe) -> None:
    _, stored = _record(tmp_path, 12)
    target = tmp_path / "bundle.mp4"
    segments.concat([s.path for s in stored], target)
    assert _ffprobe_duration(ffprobe, target) == pytest.approx(12.0, abs=0.1)
    data = target.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")
    assert segments.probe(target).frames == 360


def test_burn_in_keeps_the_rest_of_the_frame() -> None:
    i420 = np.full((180 * 3 // 2, 320), 128, np.uint8)
    encoder.burn_in(i420, 320, 180, "AP-T-0001  2026-11-22 10:00:00 +0800")
    assert i420[170:180, 300:320].tolist() == np.full((10, 20), 128).tolist()
    assert i420[:10, :100].max() > 150


def test_fragments_reach_the_file_at_least_every_quarter_second(tmp_path) -> None:
    """What bounds the loss at a crash: bytes on disk while the segment is still open."""
    camera = SimulatedCamera(*SIZE, 30, realtime=False)
    camera.open()
    path = tmp_path / "open.mp4"
    writer = encoder.SegmentWriter(
        path, encoder.SegmentInfo("AP-T", 1, 0.0, 30.0, *SIZE), ZoneInfo("UTC")
    )
    grew_at: list[int] = []
    size = 0
    for number in range(60):
        writer.write(camera.read())
        if path.stat().st_size != size:
            size = path.stat().st_size
            grew_at.append(number)
    writer.close()
    gaps = [b - a for a, b in zip([0, *grew_at], grew_at, strict=False)]
    assert grew_at and max(gaps) <= 9  # 9 frames at 30 fps = 0.3 s


def test_late_frames_never_stretch_a_segment_past_ten_seconds(tmp_path) -> None:
    stored: list[ClosedSegment] = []
    camera = SimulatedCamera(*SIZE, 30, realtime=False)
    camera.open()
    recorder = Recorder(
        tmp_path,
        "AP-T",
        fps=30,
        size=SIZE,
        tz=ZoneInfo("UTC"),
        on_segment=stored.append,
        reserve_mb=1,
        disk_free=lambda _p: 10**12,
    )
    recorder.start(minutes=1)
    for number in range(300):
        frame = camera.read()
        late = 2.0 if number >= 150 else 0.0  # the camera stalled for 2 s mid-way
        while not recorder.push(dataclasses.replace(frame, mono=frame.mono + late)):
            recorder.dropped -= 1
    recorder.stop()
    assert len(stored) == 2
    assert all(s.duration_s <= 10.001 for s in stored)  # pts are whole milliseconds
    assert sum(s.frames for s in stored) == 300


@pytest.mark.parametrize("cut", [0.35, 0.5, 0.77, 0.93])
def test_a_segment_cut_anywhere_is_salvaged_without_a_torn_picture(tmp_path, ffprobe, cut) -> None:
    _, stored = _record(tmp_path, 3)
    data = stored[0].path.read_bytes()
    crashed = tmp_path / "crashed.mp4"
    crashed.write_bytes(data[: int(len(data) * cut)])
    salvaged = segments.salvage(crashed)
    assert salvaged is not None
    out = subprocess.run(
        [
            ffprobe,
            "-v",
            "error",
            "-count_frames",
            "-show_entries",
            "stream=nb_read_frames",
            "-of",
            "csv=p=0",
            str(salvaged),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stderr == ""
    assert 0 < int(out.stdout) < 90
