"""Start-up paths: launcher dispatch, no display, single instance, bad settings, smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import appraiser.cli as cli_package
from appraiser.cli.main import build_parser
from appraiser.errors import AlreadyRunning
from appraiser.paths import DataDir
from ui import app, launcher


def test_every_core_command_is_named_like_its_module():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == launcher.core_commands()
    assert Path(cli_package.__file__).parent.is_dir()


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        ([], None),
        (["gui"], "gui"),
        (["--data-dir", "audit", "gui"], "gui"),
        (["--data-dir", "/x", "audit", "verify"], "audit"),
        (["--smoke-test"], None),
    ],
)
def test_first_word_skips_the_data_dir_value(argv, word):
    assert launcher.first_word(argv) == word


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_without_a_display_it_explains_instead_of_crashing(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = _run(["--data-dir", str(tmp_path / "d")], env, tmp_path)
    assert result.returncode == 3
    assert "no display" in result.stderr and "xvfb-run" in result.stderr


def test_smoke_test_opens_the_main_window_and_exits_zero(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run(["--smoke-test"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "main window visible" in result.stdout


def test_a_second_instance_is_refused(tmp_path, qapp):
    data = DataDir(tmp_path / "d").ensure()
    first = app._single_instance(data)
    try:
        with pytest.raises(AlreadyRunning):
            app._single_instance(data)
    finally:
        first.unlock()


def test_a_stale_lock_from_a_crash_is_cleared(tmp_path, qapp):
    data = DataDir(tmp_path / "d").ensure()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    host = os.uname().nodename
    (data.root / "appraiser.lock").write_text(f"{dead}\nappraiser\n{host}\n")
    lock = app._single_instance(data)
    assert lock.isLocked()
    lock.unlock()


def test_a_malformed_config_is_named_with_its_line(tmp_path, monkeypatch, qapp):
    data = DataDir(tmp_path / "d").ensure()
    data.config.write_text('station_code = "A1"\ntimezone = \n')
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    monkeypatch.setattr(
        app.QMessageBox, "critical", lambda _parent, _title, text: shown.append(text)
    )
    code = app.main(["--data-dir", str(data.root)])
    assert code == 3
    assert "line 2" in shown[0]
    assert not (data.root / "appraiser.lock").exists()  # released for the next start
    assert data.config.read_text().startswith('station_code = "A1"')  # kept untouched


def test_a_damaged_database_is_reported_and_left_untouched(tmp_path, monkeypatch, qapp):
    data = DataDir(tmp_path / "d").ensure()
    garbage = os.urandom(8192)
    data.db.write_bytes(garbage)
    shown: list[str] = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    monkeypatch.setattr(
        app.QMessageBox, "critical", lambda _parent, _title, text: shown.append(text)
    )
    assert app.main(["--data-dir", str(data.root)]) == 3
    assert "not an SQLite database" in shown[0]
    assert data.db.read_bytes() == garbage
