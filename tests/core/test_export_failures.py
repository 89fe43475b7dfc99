"""Exports on a bad day for the disk: full, unwritable or missing folders leave nothing
half-written under a final name, and the CLI tells a scheduler what kind of failure it was."""

from __future__ import annotations

import builtins
import errno
import io
from datetime import date
from pathlib import Path

import pytest

from appraiser.cli.main import main
from appraiser.errors import DiskFullError
from appraiser.reports import atomic, csv_export
from appraiser.reports.atomic import ExportFolderError
from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR, populate_day
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.station import Station
from appraiser.services.records.exports import export_daily, verify_exports

DAY = date(2026, 11, 20)


class _FillsUp:
    """A text file that accepts ``room`` characters, then fails like a full disk."""

    def __init__(self, handle, room: int) -> None:
        self.handle, self.room = handle, room

    def write(self, text: str) -> int:
        self.room -= len(text)
        if self.room < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.handle.write(text)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.handle.close()


@pytest.fixture
def day_station(station: Station) -> Station:
    populate_day(station.store, DAY, station.settings.tz(), 30, seed=5)
    return station


@pytest.fixture
def boss(day_station: Station) -> Session:
    return check_password(day_station.store, SUPERVISOR[0], SAMPLE_PASSWORD)


def test_disk_full_mid_export_keeps_the_previous_export(
    day_station: Station, boss: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "day.csv"
    export_daily(day_station, boss, DAY, "csv", out)
    before = out.read_bytes(), (tmp_path / "day.csv.manifest.json").read_bytes()

    def full_disk_open(path, mode="r", **kwargs):
        return _FillsUp(builtins.open(path, mode, **kwargs), room=2000)

    monkeypatch.setattr(csv_export, "open", full_disk_open, raising=False)
    with pytest.raises(DiskFullError):
        export_daily(day_station, boss, DAY, "csv", out)
    assert (out.read_bytes(), (tmp_path / "day.csv.manifest.json").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "day.csv",
        "day.csv.manifest.json",
    ]  # no .part files left behind
    assert verify_exports(day_station, tmp_path).ok


def test_disk_full_on_first_export_leaves_no_file(
    day_station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk_open(path, mode="r", **kwargs):
        return _FillsUp(builtins.open(path, mode, **kwargs), room=0)

    monkeypatch.setattr(csv_export, "open", full_disk_open, raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(SAMPLE_PASSWORD + "\n"))
    code = main(
        [
            "--data-dir",
            str(day_station.data.root),
            "export",
            "daily",
            "--date",
            "2026-11-20",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "day.csv"),
            "--user",
            SUPERVISOR[0],
        ]
    )
    assert code == 3
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == []


def test_unwritable_folder_is_refused_before_any_work(
    day_station: Station, boss: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running as root ignores permission bits, so the refusal is simulated at the probe."""
    out_dir = tmp_path / "share"
    out_dir.mkdir()
    real_write = Path.write_bytes

    def denied(self: Path, data: bytes) -> int:
        if self.name.startswith(".appraiser-probe-"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", denied)
    with pytest.raises(ExportFolderError, match="Cannot write"):
        export_daily(day_station, boss, DAY, "xlsx", out_dir / "day.xlsx")
    assert not any(out_dir.iterdir())


def test_missing_folder_exits_3_for_the_scheduler(
    day_station: Station, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    code = main(
        [
            "--data-dir",
            str(day_station.data.root),
            "export",
            "daily",
            "--date",
            "2026-11-20",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "no" / "day.pdf"),
            "--user",
            SUPERVISOR[0],
        ]
    )
    assert code == 3
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_os_errors_map_to_known_errors(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    assert isinstance(
        atomic.translate_os_error(OSError(errno.ENOSPC, "full"), target), DiskFullError
    )
    assert isinstance(
        atomic.translate_os_error(OSError(errno.EROFS, "ro"), target), ExportFolderError
    )
    assert isinstance(
        atomic.translate_os_error(OSError(errno.EDQUOT, "quota"), target), DiskFullError
    )
