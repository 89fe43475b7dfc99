"""Cold start to a visible main window, offscreen: median of N fresh processes.

The GUI runs in child processes (``python -m ui --startup-probe``), so this module stays
Qt-free. Each child signs in for real (Argon2id included) on a prepared data folder and
reports when the main window is visible; we also time the whole process from spawn.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from appraiser.domain.enums import Role
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station

TARGET_MS = 1500


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=5)


def _prepare(root: Path) -> None:
    station = Station.open(root)
    try:
        accounts.create_user(station.store, "bench", "Bench", Role.ADMIN, "bench-password", by=None)
    finally:
        station.close()


def _one_run(root: Path) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started, wall = time.perf_counter(), time.time()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui",
            "--data-dir",
            str(root),
            "--startup-probe",
            "bench:bench-password",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    spawn_to_exit = (time.perf_counter() - started) * 1000
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return (figures["visible_at"] - wall) * 1000, spawn_to_exit


def run(args: argparse.Namespace) -> dict:
    runs = 3 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="appraiser-bench-") as tmp:
        root = Path(tmp)
        _prepare(root)
        _one_run(root)  # warm the OS file cache once; "cold" means a fresh process
        visible, total = [], []
        for number in range(runs):
            shown, whole = _one_run(root)
            print(
                f"run {number + 1}/{runs}: main window visible {shown:.0f} ms after spawn, "
                f"process ran {whole:.0f} ms",
                file=sys.stderr,
            )
            visible.append(shown)
            total.append(whole)
    median = statistics.median(visible)
    return {
        "runs": runs,
        "median_window_visible_ms": round(median, 1),
        "median_process_ms": round(statistics.median(total), 1),
        "target_ms": TARGET_MS,
        "meets_target": median <= TARGET_MS,
    }
