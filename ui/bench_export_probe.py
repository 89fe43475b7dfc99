"""The Qt half of ``python -m appraiser.bench export``: a daily export run the way the
export dialog runs it (``ui.tasks.run_task`` on a worker), with a QTimer stall probe on the
UI thread.

Run as ``python -m ui.bench_export_probe --data-dir D --date YYYY-MM-DD --format xlsx
--out FILE``; prints one JSON line. The probe asks for a tick every 5 ms; how late each
tick arrives is how long the UI thread was kept from running, i.e. what a person feels as
a stutter while the export works.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from appraiser.services.export_child import export_daily_in_child
from appraiser.services.station import Station
from ui.tasks import run_task

PROBE_MS = 5


class StallProbe:
    """Records how late each 5 ms tick arrives on the UI thread."""

    def __init__(self) -> None:
        self.late_ms: list[float] = []
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=PROBE_MS, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.last = self.clock.nsecsElapsed()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed()
        self.late_ms.append(max(0.0, (now - self.last) / 1e6 - PROBE_MS))
        self.last = now

    def figures(self) -> dict:
        late = sorted(self.late_ms) or [0.0]
        p99 = late[min(len(late) - 1, int(len(late) * 0.99))]
        return {
            "ticks": len(self.late_ms),
            "stall_p99_ms": round(p99, 2),
            "stall_p50_ms": round(statistics.median(late), 2),
            "stall_max_ms": round(late[-1], 2),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--date", required=True)
    parser.add_argument("--format", default="xlsx", choices=["csv", "xlsx", "pdf"])
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    station = Station.open(args.data_dir)
    status = QLabel("exporting…")
    status.show()  # a visible widget, repainted on every tick, like the dialog's progress
    probe, outcome = StallProbe(), {}

    def progress(fraction: float, step: str) -> None:
        outcome.setdefault("steps", []).append(step)

    def finished(result) -> None:
        outcome["rows"] = result.rows
        outcome["export_s"] = round(time.perf_counter() - started, 3)
        app.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = repr(exc)
        app.quit()

    probe.timer.timeout.connect(lambda: status.setText(f"exporting… {len(probe.late_ms)}"))
    probe.start()
    started = time.perf_counter()
    run_task(
        None,
        export_daily_in_child,
        station,
        date.fromisoformat(args.date),
        args.format,
        args.out,
        actor="bench",
        progress=progress,
        on_success=finished,
        on_failure=failed,
        db_write=False,  # the child process writes its own audit event
    )
    app.exec()
    probe.timer.stop()
    station.close()
    print(json.dumps({"format": args.format, **outcome, **probe.figures()}), flush=True)
    return 0 if "error" not in outcome else 1


if __name__ == "__main__":
    sys.exit(main())
