"""Issue 14 finding 12: the station's secrets are owner-only, on disk and in backups.

The data folder is 0700, the database and its -wal/-shm 0600, keys 0700/0600, backups 0600
and the exports folder 0700: set when made, and tightened when an older station is opened.
The walk-through read a 0644 backup and the database as the ``nobody`` user; these tests do
the same where they can (the test runs as root), else they check the modes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from appraiser.keys import StationKeys
from appraiser.services.admin import backup
from appraiser.services.admin.station import Station

RUNUSER = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin")
AS_NOBODY = os.geteuid() == 0 and RUNUSER is not None


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A world-traversable folder (0755) like a shared USB drive or /srv: only the modes of
    what the station writes inside can keep another account out."""
    folder = Path(tempfile.mkdtemp(prefix="appraiser-modes-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def nobody_reads(path: Path) -> bool:
    """Whether the unprivileged ``nobody`` account can read ``path``."""
    done = subprocess.run(
        [RUNUSER, "-u", "nobody", "--", "cat", str(path)], capture_output=True, check=False
    )
    return done.returncode == 0


def test_a_new_station_is_owner_only(open_folder):
    """Issue 14 finding 12: the database was 0644 (password hashes, records)."""
    station = Station.open(open_folder / "station")
    try:
        StationKeys(station.data.keys).signing_key()
        with station.store.atomic("test") as tx:
            tx.event("test.write")
        data = station.data
        assert mode(data.root) == 0o700
        assert mode(data.db) == 0o600
        for side in ("appraiser.db-wal", "appraiser.db-shm"):
            assert mode(data.root / side) == 0o600, side
        assert mode(data.keys) == 0o700
        assert mode(data.keys / "station-ed25519.pem") == 0o600
        assert mode(data.keys / "public") == 0o700
        assert mode(data.exports) == 0o700
    finally:
        station.close()


def test_an_older_station_is_tightened_when_opened(open_folder):
    """Issue 14 finding 12: stations made before the fix had a 0644 database."""
    root = open_folder / "station"
    Station.open(root).close()
    for path in (root, root / "exports", root / "keys"):
        path.chmod(0o755)
    for path in root.glob("appraiser.db*"):
        path.chmod(0o644)
    station = Station.open(root)
    try:
        assert mode(root) == 0o700 and mode(root / "exports") == 0o700
        assert mode(root / "keys") == 0o700
        assert all(mode(p) == 0o600 for p in root.glob("appraiser.db*"))
    finally:
        station.close()


def test_a_backup_is_written_owner_only(open_folder, tmp_path, admin, station):
    """Issue 14 finding 12: backups were 0644 and the nobody user read the key out of one."""
    out = open_folder / "usb"
    out.mkdir(mode=0o755)
    out.chmod(0o755)
    result = backup.create_backup(
        station.store, "BW-01", out / "b.zip", session=admin, passphrase="correct horse battery"
    )
    assert mode(result.path) == 0o600
    if AS_NOBODY:
        assert not nobody_reads(result.path)
        (open_folder / "probe.txt").write_text("x")
        assert nobody_reads(open_folder / "probe.txt")  # the check itself can succeed


def test_nobody_cannot_read_the_database_or_key(open_folder):
    """Issue 14 finding 12, as the walk-through did it: another account reads nothing."""
    root = open_folder / "station"
    station = Station.open(root)
    StationKeys(station.data.keys).signing_key()
    station.close()
    for path in (root / "appraiser.db", root / "keys" / "station-ed25519.pem"):
        if AS_NOBODY:
            assert not nobody_reads(path), path
        else:  # not root: the modes are what keeps the other account out
            assert mode(path) & 0o077 == 0 and mode(root) & 0o077 == 0


def test_the_first_command_makes_the_folder_owner_only(open_folder, capsys):
    """Issue 14 (breaker, low; `demo` left the data folder 0755 until the next command): the
    log folder, made before the station opens, must not make a new folder look old."""
    from appraiser.cli.main import main

    root = open_folder / "station"
    assert main(["--data-dir", str(root), "keys", "list"]) == 0
    assert mode(root) == 0o700
