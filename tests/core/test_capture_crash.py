"""Short crash test (the long one is ``benchmarks/capture_crash.py``): SIGKILL a real
recording process; stored segments must be intact and at most one second is lost."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from appraiser.capture.crashcheck import crash_once


@pytest.fixture(scope="session")
def ffprobe() -> str:
    if shutil.which("ffprobe") is None:
        subprocess.run(
            ["apt-get", "install", "-y", "ffmpeg"], check=True, capture_output=True, timeout=900
        )
    found = shutil.which("ffprobe")
    assert found, "ffprobe is needed (apt-get install ffmpeg)"
    return found


@pytest.mark.slow
def test_kill_during_recording_loses_at_most_a_second(tmp_path, ffprobe) -> None:
    result = crash_once(tmp_path / "station", segments_before=1)
    assert result["problems"] == []
    assert result["audit_ok"] is True
    assert result["segments"] >= 1
    assert result["lost_s"] is not None and result["lost_s"] <= 1.0
