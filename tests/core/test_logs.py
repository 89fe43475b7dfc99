"""The station log: one rotating file in the data folder, and the CLI writes to it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import pytest

from appraiser import logs
from appraiser.cli.main import main
from appraiser.paths import DataDir


@pytest.fixture(autouse=True)
def _restore_logging():
    level = logging.getLogger().level
    yield
    logs.shutdown_logging()
    logging.getLogger().setLevel(level)


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, logs._MARK, False)]


def test_log_file_rotates_five_by_two_megabytes(tmp_path: Path):
    data = DataDir(tmp_path)
    path = logs.setup_logging(data)
    assert path == tmp_path / "logs" / "appraiser.log"
    (handler,) = _ours()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (2 * 1024 * 1024, 5)
    logging.getLogger("appraiser.test").info("hello from the bench")
    handler.flush()
    assert "INFO    appraiser.test [MainThread] hello from the bench" in path.read_text("utf-8")


def test_rotation_keeps_five_old_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup_logging(DataDir(tmp_path))
    for n in range(400):
        logging.getLogger("appraiser.test").info("line %d %s", n, "x" * 60)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["appraiser.log"] + [f"appraiser.log.{n}" for n in range(1, 6)]


def test_calling_again_replaces_the_handler(tmp_path: Path):
    logs.setup_logging(DataDir(tmp_path / "a"))
    second = logs.setup_logging(DataDir(tmp_path / "b"), logging.DEBUG, stderr_level="WARNING")
    assert len(_ours()) == 2  # one file, one console
    assert {getattr(h, "baseFilename", None) for h in _ours()} == {str(second), None}
    assert logging.getLogger().level == logging.DEBUG


def test_unwritable_folder_gives_no_file_and_no_crash(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logs.setup_logging(DataDir(blocker / "station")) is None
    assert _ours() == []


def test_cli_commands_are_logged(tmp_path: Path, capsys: pytest.CaptureFixture):
    assert main(["--data-dir", str(tmp_path), "audit", "verify"]) == 0
    assert main(["--data-dir", str(tmp_path / "other"), "appraisals", "list",
                 "--date", "nope"]) == 2  # fmt: skip
    text = (tmp_path / "logs" / "appraiser.log").read_text("utf-8")
    assert "command: --data-dir" in text and "audit verify" in text
    refused = (tmp_path / "other" / "logs" / "appraiser.log").read_text("utf-8")
    assert "refused: --date must look like" in refused
    assert "audit chain intact" in capsys.readouterr().out
