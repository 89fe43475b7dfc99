"""Without a screen the station explains how to start it, with commands that work from a
fresh clone (``appraiser`` is only on PATH in an installed bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_hint_names_commands_that_work(tmp_path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--data-dir", str(tmp_path / "d")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 3
    hint = done.stderr
    assert "appraiser gui" not in hint
    for command in (
        "python3 bootstrap.py run",
        "xvfb-run -a python3 bootstrap.py run",
        ".venv/bin/appraiser",
        "apt-get install xvfb",
        "QT_QPA_PLATFORM=offscreen python3 bootstrap.py run --smoke-test",
    ):
        assert command in hint
    assert (ROOT / "bootstrap.py").exists() and (ROOT / ".venv" / "bin" / "appraiser").exists()
