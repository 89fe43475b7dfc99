"""Kill a recording with SIGKILL and check what survived (the crash test's one run).

The promise being checked: every segment stored before the kill is intact (its file
hashes to the value in the database and ffprobe decodes it to its recorded end), the
segment being written is recovered at the next start, and the video stops less than a
second before the moment of the kill. ``ffprobe`` (Debian package ``ffmpeg``) is the
independent judge, so our own demuxer cannot vouch for itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from appraiser.capture.drill import DRILL_PASSWORD, DRILL_USER
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station
from appraiser.services.casework import capture


def ffprobe_frames(path: Path) -> tuple[int, float]:
    """Frames ffprobe decodes and the stream duration it reports; raises on a bad file."""
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=nb_read_frames:format=duration",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    if result.stderr.strip():
        raise ValueError(f"ffprobe reported errors for {path.name}: {result.stderr.strip()}")
    data = json.loads(result.stdout)
    return int(data["streams"][0]["nb_read_frames"]), float(data["format"]["duration"])


def _wait_for_segments(child: subprocess.Popen, count: int) -> None:
    assert child.stdout is not None
    seen = 0
    for line in child.stdout:
        if "segment" in json.loads(line):
            seen += 1
            if seen >= count:
                return
    raise RuntimeError(f"the drill ended before {count} segment(s): exit {child.wait()}")


def crash_once(
    root: Path, *, segments_before: int = 1, extra_s: float = 0.0, seed: int = 0
) -> dict[str, Any]:
    """Record, kill -9 after ``segments_before`` stored segments plus ``extra_s``, recover
    and check. Returns the figures; ``ok`` is False when any promise was broken."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "appraiser.capture.drill",
            "--data-dir",
            str(root),
            "--seconds",
            "600",
            "--seed",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        _wait_for_segments(child, segments_before)
        if extra_s:
            time.sleep(extra_s)
        killed_at = time.time()
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
        if child.stdout:
            child.stdout.close()
    return check_after_crash(root, killed_at)


def check_after_crash(root: Path, killed_at: float) -> dict[str, Any]:
    station = Station.open(root)
    try:
        session = accounts.check_password(station.store, DRILL_USER, DRILL_PASSWORD)
        recovered = capture.recover(station.store, session)
        uid = station.store.one("SELECT uid FROM appraisals ORDER BY id DESC LIMIT 1")["uid"]
        rows = capture.segments(station.store, uid)
        problems = [p for row in rows for p in _check_segment(row)]
        audit_ok = station.store.verify_audit().ok
    finally:
        station.close()
    last = rows[-1]["meta"] if rows else None
    lost = killed_at - (last["started_wall"] + last["duration_s"]) if last else None
    if lost is None or lost > 1.0:
        problems.append(f"lost {lost} s at the kill")
    return {
        "segments": len(rows),
        "recovered": len(recovered),
        "lost_s": lost,
        "audit_ok": audit_ok,
        "problems": problems,
        "ok": not problems and audit_ok,
    }


def _check_segment(row: dict[str, Any]) -> list[str]:
    path, meta = Path(row["path"]), row["meta"]
    name = f"segment {meta['index']}"
    if hashlib.sha256(path.read_bytes()).hexdigest() != row["media_sha256"]:
        return [f"{name}: file hash differs from the database"]
    try:
        frames, duration = ffprobe_frames(path)
    except (subprocess.CalledProcessError, ValueError, KeyError) as exc:
        return [f"{name}: ffprobe failed: {exc}"]
    if frames != meta["frames"]:
        return [f"{name}: ffprobe decodes {frames} frames, {meta['frames']} were recorded"]
    if duration > 10.01:
        return [f"{name}: {duration:.2f} s is longer than a segment may be"]
    return []
