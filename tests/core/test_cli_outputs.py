"""The CLI answers a bad ``--date``, ``--out`` or ``--data-dir`` with one line and exit 2 or
3, never with an internal error (exit 70) or a folder it made up on the way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from label_support import genuine_appraisal

from appraiser.cli.main import main
from appraiser.services.labelling import labels


def _cli(*args: str) -> subprocess.CompletedProcess:
    """A real process: stderr shows everything the scheduler would see, logging included."""
    command = [sys.executable, "-m", "appraiser", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "internal error" not in lines[0]
    return lines[0]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "command",
    [
        ["appraisals", "list"],
        ["export", "daily", "--format", "csv", "--out", "X", "--user", "supervisor"],
    ],
)
def test_a_date_out_of_range_is_bad_input(station, tmp_path, command, day, capsys) -> None:
    station.close()
    argv = [a if a != "X" else str(tmp_path / "log.csv") for a in command]
    assert main(["--data-dir", str(station.data.root), *argv, "--date", day]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "--date must be between 1970-01-01 and 2999-12-31" in line and day in line


@pytest.fixture
def issued(station, appraiser_session, password) -> tuple[Path, str]:
    uid = genuine_appraisal(station, appraiser_session, password)
    label = labels.issue(station, appraiser_session, uid)
    station.close()
    return station.data.root, label.serial


@pytest.mark.parametrize("where", ["missing", "folder", "proc"])
def test_label_render_names_an_unusable_out_path(issued, tmp_path, where, capsys) -> None:
    """Refused before the sign-in: no password is read for a render that cannot be written."""
    root, serial = issued
    out = {
        "missing": tmp_path / "nowhere" / "a.pdf",
        "folder": tmp_path,
        "proc": Path("/proc/version"),
    }[where]
    argv = ["label", "render", serial, "--out", str(out), "--user", "appraiser1"]
    code = main(["--data-dir", str(root), *argv])
    assert code in (2, 3)
    assert str(out) in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    "command",
    [
        ["backup", "--out", "OUT/x.zip", "--user", "admin"],
        [
            "export",
            "daily",
            "--date",
            "today",
            "--format",
            "csv",
            "--out",
            "OUT/a.csv",
            "--user",
            "supervisor",
        ],
        ["report", "AP-NOPE", "--out", "OUT/r.pdf", "--user", "supervisor"],
        ["export", "bundle", "AP-NOPE", "--out", "OUT/b", "--user", "supervisor"],
        ["library", "export", "OUT/lib"],
    ],
)
def test_every_out_refuses_a_missing_parent_folder(station, tmp_path, command, capsys) -> None:
    station.close()
    missing = tmp_path / "nowhere"
    argv = [a.replace("OUT", str(missing)) for a in command]
    assert main(["--data-dir", str(station.data.root), *argv]) == 3
    assert f"The folder {missing} does not exist" in _one_line(capsys.readouterr().err)
    assert not missing.exists()


def test_a_file_as_data_dir_is_one_clear_line(tmp_path) -> None:
    not_a_folder = tmp_path / "passwd"
    not_a_folder.write_text("root:x:0:0\n")
    done = _cli("--data-dir", str(not_a_folder), "appraisals", "list")
    assert done.returncode == 3
    assert "is a file, not a folder" in _one_line(done.stderr)


def test_a_system_folder_as_data_dir_is_one_clear_line() -> None:
    done = _cli("--data-dir", "/proc", "appraisals", "list")
    assert done.returncode == 3
    line = _one_line(done.stderr)
    assert "/proc" in line and "No such file or directory" not in line
