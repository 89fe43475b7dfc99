"""``python -m appraiser.bench capture``: record while previewing, with a CPU hog beside.

The real capture widget runs in a Qt subprocess (``ui.devtools.bench_capture_probe``; the core
never imports Qt): simulated 1280x720 camera at 30 fps, live preview, inspection video
recorded in ten-second segments into a scratch station. Meanwhile another process burns
one full core, as a matching job would. Targets: 0 dropped frames, UI stall p99 <= 16 ms
(QTimer probe), encoder CPU <= 25 % of one core (CPU time of the encoder thread, on which
x264 runs single-threaded). Ten minutes by default; ``--quick`` records 20 s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from appraiser.cli.common import progress

HOG = (
    "import numpy as np\n"
    "a = np.random.default_rng(0).random((300, 300))\n"
    "while True:\n"
    "    a = np.tanh(a @ a)\n"
)
TARGETS = {"dropped_frames": 0, "ui_stall_p99_ms": 16.0, "encoder_cpu_pct_of_core": 25.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        help="recording length (default 600, or 20 with --quick)",
    )
    parser.add_argument("--no-hog", action="store_true", help="leave out the CPU-heavy job")


def run(args: argparse.Namespace) -> dict:
    seconds = args.seconds or (20.0 if args.quick else 600.0)
    env = {
        **os.environ,
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    }
    hog = None if args.no_hog else subprocess.Popen([sys.executable, "-c", HOG], env=env)
    progress(
        f"recording {seconds:.0f} s of simulated 1280x720@30 with preview"
        f"{'' if hog is None else ' and a CPU hog'}…"
    )
    try:
        out = subprocess.run(
            [sys.executable, "-m", "ui.devtools.bench_capture_probe", "--seconds", str(seconds)],
            capture_output=True,
            text=True,
            env=env,
            timeout=seconds + 120,
            check=True,
        )
    finally:
        if hog is not None:
            hog.kill()
            hog.wait()
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["cpu_hog"] = hog is not None
    figures["targets_met"] = (
        figures["dropped_frames"] <= TARGETS["dropped_frames"]
        and figures["ui_stall_p99_ms"] <= TARGETS["ui_stall_p99_ms"]
        and figures["encoder_cpu_pct_of_core"] <= TARGETS["encoder_cpu_pct_of_core"]
    )
    return figures
