"""The Qt half of ``python -m appraiser.bench workflow``: one scripted appraisal through
the real window (simulated camera, demo library), timed.

Prints one JSON line: ``machine_ms`` (scan → label on screen, minus the time spent waiting
for the camera to open; the report PDF is written after the label shows and is reported
as ``report_background_ms``), ``camera_wait_ms``, per-step times, the process CPU time,
and ``max_stall_ms``: the longest the UI thread could not react, measured by a 5 ms
heartbeat timer during the run (also per step).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

from appraiser.services.admin import accounts, demo
from appraiser.services.admin.station import Station
from ui import main_window, style
from ui.app import Controller
from ui.devtools.workflow_screens import BAG, PASSWORD, settle, shoot_view, wait
from ui.pages.appraisal_page import AppraisalPage
from ui.pages.queue_page import QueuePage
from ui.pages.review_page import ReviewPage

HEARTBEAT_MS = 5


class StallMeter:
    """Largest gap between heartbeats beyond their interval: time the UI could not react."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=HEARTBEAT_MS, timeout=self._beat)
        self.last = 0
        self.worst = 0
        self.phase = "start"
        self.by_phase: dict[str, int] = {}

    def start(self) -> None:
        self.clock.start()
        self.last, self.worst = 0, 0
        self.timer.start()

    def _beat(self) -> None:
        now = self.clock.elapsed()
        gap = now - self.last - HEARTBEAT_MS
        self.worst = max(self.worst, gap)
        self.by_phase[self.phase] = max(self.by_phase.get(self.phase, 0), gap)
        self.last = now

    def stop(self) -> int:
        self.timer.stop()
        return max(0, self.worst)


def _walk(controller: Controller, meter: StallMeter) -> dict:
    window = controller.window
    page, queue_view = window.pages["appraisal"], window.pages["queue"]
    steps: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        steps[name] = round((now - mark) * 1000, 1)
        meter.phase = f"after_{name}"
        mark = now

    queue_view.handle_code(BAG)
    wait(lambda: page.item is not None and page.intake.edits["brand"].text() != "")
    lap("scan_intake")
    page.intake.start.click()
    wait(lambda: page.case is not None and page.case.step == "capture")
    lap("begin")
    widget = page.capture.capture
    wait(lambda: widget.camera.running and widget.camera.latest_frame() is not None)
    lap("camera_wait")
    while page.capture.missing():
        shoot_view(page)
    page.capture.next.click()
    wait(lambda: page.case.step == "compare" and page.compare.version.count() > 0)
    lap("capture")
    page.compare.decide("consistent")
    wait(lambda: page.case.step == "checklist")
    lap("compare")
    for row in range(page.checks.table.rowCount()):
        page.checks.answer(row, "pass")
    page.checks.next.click()
    wait(lambda: page.case.step == "verdict")
    lap("checklist")
    page.verdict.choose("genuine")
    page.verdict.sign.click()
    wait(lambda: getattr(page, "sign_dialog", None) is not None)
    page.sign_dialog.password.setText(PASSWORD)
    page.sign_dialog.submit()
    wait(lambda: page.outcome.serial is not None)
    lap("sign_label")
    wait(lambda: page.outcome.report is not None, timeout=60)
    lap("report_background")
    return steps


def run() -> dict:
    app = QApplication.instance() or QApplication([])
    style.apply(app)
    main_window.PAGES[:] = [QueuePage, AppraisalPage, ReviewPage]
    with tempfile.TemporaryDirectory() as tmp:
        station = Station.open(Path(tmp))
        station.settings = dataclasses.replace(station.settings, camera="simulated")
        demo.ensure_first_start(station)
        _user(station)
        controller = Controller(station, Path(tmp) / "log")
        controller.signed_in(accounts.check_password(station.store, "bench", PASSWORD))
        controller.window.resize(1920, 1080)
        controller.window.show()
        settle()
        meter = StallMeter()
        meter.start()
        cpu = time.process_time()
        try:
            steps = _walk(controller, meter)
        finally:
            stall = meter.stop()
            cpu = round((time.process_time() - cpu) * 1000, 1)
            controller.window.pages["appraisal"].capture.capture.shutdown()
            settle()
            station.close()
    interactive = sum(v for k, v in steps.items() if k not in ("camera_wait", "report_background"))
    return {
        "machine_ms": round(interactive, 1),
        "report_background_ms": steps["report_background"],
        "cpu_ms": cpu,
        "camera_wait_ms": steps["camera_wait"],
        "max_stall_ms": stall,
        "steps_ms": steps,
        "stall_by_step_ms": meter.by_phase,
    }


def _user(station: Station) -> None:
    admin = "bench-admin"
    accounts.create_user(station.store, admin, "Admin", accounts.Role.ADMIN, PASSWORD, by=None)
    boss = accounts.check_password(station.store, admin, PASSWORD)
    accounts.create_user(station.store, "bench", "Bench", accounts.Role.APPRAISER, PASSWORD,
                         by=boss)  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(run()), flush=True)
    sys.exit(0)
