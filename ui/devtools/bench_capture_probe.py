"""The Qt half of ``python -m appraiser.bench capture``: the real capture widget,
previewing and recording the simulated 1280x720 camera, with a QTimer stall probe.

Run as ``python -m ui.devtools.bench_capture_probe --seconds N``; prints one JSON line. The probe
asks for a tick every 5 ms; how late each tick arrives is how long the UI thread was
busy (or starved) at that moment, which is what a person feels as a stutter.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from appraiser.capture.drill import drill_session, start_appraisal
from appraiser.config import Settings
from appraiser.services.admin.station import Station
from appraiser.services.casework import capture
from ui.camera_thread import CameraController
from ui.context import AppContext
from ui.devtools.stall_probe import StallProbe
from ui.widgets.capture_widget import CaptureWidget


def run(seconds: float) -> dict:
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(Path(tmp))
        station.settings = Settings(camera="simulated", min_free_disk_mb=50)
        session = drill_session(station)
        uid = start_appraisal(station, session)
        ctx = AppContext(station)
        ctx.set_session(session)
        widget = CaptureWidget(ctx, camera=CameraController())
        widget.resize(1600, 900)
        widget.show()
        previews = []
        widget.camera.frameReady.connect(lambda _img: previews.append(1))
        widget.set_appraisal(uid, "bags")
        _until(app, lambda: widget.recording is not None and widget.recording.active, 20)
        recorder = widget.recording.recorder
        probe = StallProbe()
        probe.start()
        t0, previews_at_start = time.monotonic(), len(previews)
        QTimer.singleShot(int(seconds * 1000), app.quit)
        app.exec()  # the real event loop, as in the application
        probe.timer.stop()
        elapsed = time.monotonic() - t0
        widget.shutdown()
        rows = capture.segments(station.store, uid)
        figures = {
            "seconds": round(elapsed, 1),
            "frames_expected": round(elapsed * widget.camera.fps),
            "frames_recorded": recorder.frames_encoded,
            "dropped_frames": recorder.dropped,
            "preview_fps": round((len(previews) - previews_at_start) / elapsed, 1),
            "ui_stall_p50_ms": round(probe.percentile(0.50), 2),
            "ui_stall_p99_ms": round(probe.percentile(0.99), 2),
            "ui_stall_max_ms": round(max(probe.late_ms, default=0.0), 2),
            "encoder_cpu_pct_of_core": round(100 * recorder.encoder_cpu_s / elapsed, 1),
            "segments": len(rows),
            "video_seconds": round(sum(r["meta"]["duration_s"] for r in rows), 1),
            "recorder_errors": [str(e) for e in recorder.errors],
        }
        station.close()
    return figures


def _until(app: QApplication, done, limit_s: float) -> None:
    end = time.monotonic() + limit_s
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the capture probe did not reach its state in time")
        app.processEvents()
        time.sleep(0.001)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.devtools.bench_capture_probe")
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    print(json.dumps(run(args.seconds)), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: nothing is left to save, and it is slow


if __name__ == "__main__":
    sys.exit(main())
