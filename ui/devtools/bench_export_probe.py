"""The Qt half of ``python -m appraiser.bench export``: a daily export run the way the
export dialog runs it (``ui.tasks.run_task`` on a worker), with a QTimer stall probe on the
UI thread.

Run as ``python -m ui.devtools.bench_export_probe --data-dir D --date YYYY-MM-DD --format xlsx
--out FILE``; prints one JSON line. The probe asks for a tick every 5 ms; how late each
tick arrives is how long the UI thread was kept from running, i.e. what a person feels as
a stutter while the export works.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QLabel

from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.records.export_child import export_daily_in_child
from ui.devtools.stall_probe import StallProbe
from ui.tasks import run_task


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
        check_password(station.store, SUPERVISOR[0], SAMPLE_PASSWORD, "bench"),
        date.fromisoformat(args.date),
        args.format,
        args.out,
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
