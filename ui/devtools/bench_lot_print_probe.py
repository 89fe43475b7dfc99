"""The Qt half of ``python -m appraiser.bench lots``: a lot's unit labels printed through the
real ``LotPrintDialog`` (its Print button; the work on a ``run_task`` worker), with a QTimer
stall probe on the UI thread.

Run as ``python -m ui.devtools.bench_lot_print_probe --data-dir D --lot LOT --user U
--password P``; prints one JSON line. The printer renders every job's ZPL for real and
hands it to nobody (a spooler that takes jobs at once), so the worker does all the CPU work
of a batch — issue, sign, render, record — while the probe measures how late the UI runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from appraiser.labels import layouts, zpl
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_print
from ui.devtools.stall_probe import StallProbe
from ui.dialogs.lot_print import LotPrintDialog


class RenderingPrinter(unit_print.Sender):
    """Renders each job to ZPL like the CUPS sender, then drops it."""

    fmt = "zpl"

    def __init__(self, stock: str) -> None:
        self.layout = layouts.load(stock)
        self.bytes = 0

    def send(self, job, contents):
        self.bytes += sum(len(z) for z in zpl.render(self.layout, contents, 203))
        return f"null-{job}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--lot", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--queue", help="a CUPS raw queue: print the way the bench does")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    station = Station.open(args.data_dir)
    session = check_password(station.store, args.user, args.password, "bench")
    printer = RenderingPrinter(station.settings.label_stock)
    dialog = LotPrintDialog(station, session, args.lot, sender=None if args.queue else printer)
    if args.queue:  # the station's path: a child process prints to the CUPS queue
        dialog.kind.setCurrentIndex(dialog.kind.findData("cups-raw"))
        dialog.queue.setText(args.queue)
    dialog.show()
    probe, outcome = StallProbe(), {}

    def watch() -> None:
        if dialog.result is not None or "Nothing more" in dialog.status.text():
            outcome["printed"] = dialog.result.printed if dialog.result else None
            outcome["print_s"] = round(time.perf_counter() - started, 3)
            app.quit()

    probe.timer.timeout.connect(watch)
    probe.start()
    started = time.perf_counter()
    dialog.start.click()
    app.exec()
    probe.timer.stop()
    station.close()
    where = {"path": "child" if args.queue else "thread", "error": dialog.status.text()}
    if dialog.result is not None and dialog.result.complete:
        where.pop("error")
    print(json.dumps({**outcome, **where, **probe.figures()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
