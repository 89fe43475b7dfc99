"""Short crash test (the long one is ``benchmarks/capture_crash.py``): SIGKILL a real
recording process; stored segments must be intact and at most one second is lost."""

from __future__ import annotations

import pytest
from support.tools import require

from appraiser.capture.crashcheck import crash_once


@pytest.fixture(scope="session")
def ffprobe() -> str:
    return require("ffprobe")


@pytest.mark.slow
def test_kill_during_recording_loses_at_most_a_second(tmp_path, ffprobe) -> None:
    result = crash_once(tmp_path / "station", segments_before=1)
    assert result["problems"] == []
    assert result["audit_ok"] is True
    assert result["segments"] >= 1
    assert result["lost_s"] is not None and result["lost_s"] <= 1.0
