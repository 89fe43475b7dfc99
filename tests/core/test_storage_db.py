"""The station database: durable settings, versioned schema, and refusing bad files safely."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from appraiser.cli.common import EXIT_ENVIRONMENT
from appraiser.cli.main import main
from appraiser.errors import DatabaseDamagedError, DatabaseLockedError, DataFolderError
from appraiser.paths import DataDir
from appraiser.services.admin.station import Station
from appraiser.storage import db as db_module
from appraiser.storage import migrations
from appraiser.storage.db import Store

PAGE = 4096


def _filled_station(root: Path) -> Path:
    """A closed station whose database spans many pages; returns the database path."""
    station = Station.open(root)
    with station.store.atomic("test") as tx:
        for n in range(400):
            tx.event("test.filler", n=n, pad="x" * 200)
    station.close()
    return DataDir(root).db


def _assert_refused_untouched(
    root: Path, error: type[Exception], match: str = "damaged|integrity|malformed"
) -> None:
    path = DataDir(root).db
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(error, match=match) as caught:
        Station.open(root)
    assert caught.value.hint, "a known error must tell the user what to do"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not Path(f"{path}-wal").exists(), "a refused database must be released"


def test_wal_and_full_sync_are_set(station: Station):
    conn = station.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_schema_version_is_latest(station: Station):
    version = station.store.conn.execute("PRAGMA user_version").fetchone()[0]
    assert version == migrations.latest_version() >= 1


def test_reopen_applies_nothing_twice(tmp_path: Path):
    Station.open(tmp_path).close()
    with sqlite3.connect(DataDir(tmp_path).db) as conn:
        assert migrations.migrate(conn) == []
    conn.close()


def test_migrations_are_ordered_contiguous_and_described():
    steps = migrations.all_migrations()
    assert [m.version for m in steps] == list(range(1, len(steps) + 1))
    for step in steps:
        assert step.step.__doc__, f"migration {step.version} needs a one-line docstring"
        assert step.summary and "\n" not in step.summary


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    Station.open(tmp_path).close()
    version = migrations.latest_version()

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setitem(
        migrations._REGISTRY, version + 1, migrations.Migration(version + 1, broken)
    )
    with pytest.raises(sqlite3.OperationalError):
        Station.open(tmp_path)
    monkeypatch.delitem(migrations._REGISTRY, version + 1)
    station = Station.open(tmp_path)
    try:
        assert station.store.conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert station.store.one("SELECT name FROM sqlite_master WHERE name = 'half_done'") is None
    finally:
        station.close()


def test_two_migrations_cannot_claim_one_version():
    migrations.all_migrations()
    with pytest.raises(RuntimeError, match="two migrations"):
        migrations.migration(1)(lambda conn: None)


def test_newer_schema_is_refused_untouched(tmp_path: Path):
    path = _filled_station(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.latest_version() + 5}")
    conn.close()
    _assert_refused_untouched(tmp_path, DatabaseDamagedError, "newer than this program")


def test_random_bytes_are_not_a_database(tmp_path: Path):
    DataDir(tmp_path).ensure()
    DataDir(tmp_path).db.write_bytes(random.Random(1).randbytes(50_000))
    _assert_refused_untouched(tmp_path, DatabaseDamagedError, "not an SQLite database")


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + PAGE] = random.Random(2).randbytes(PAGE)
    path.write_bytes(bytes(data))


def _zero_schema_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[PAGE : 2 * PAGE] = bytes(PAGE)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _damage_page, _zero_schema_page])
def test_damaged_database_is_refused_untouched(tmp_path: Path, damage: Callable[[Path], None]):
    damage(_filled_station(tmp_path))
    _assert_refused_untouched(tmp_path, DatabaseDamagedError)


def test_quick_check_runs_at_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seen: list[bool] = []
    original = Store._check
    monkeypatch.setattr(Store, "_check", staticmethod(lambda *a: seen.append(True) or original(*a)))
    Station.open(tmp_path).close()
    assert seen == [True]


def test_write_while_another_program_holds_the_lock(station: Station, monkeypatch):
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    station.store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(station.data.db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="locked"), station.store.atomic("t") as tx:
            tx.event("test.blocked")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert (
        station.store.one("SELECT 1 AS x FROM audit_events WHERE action = 'test.blocked'") is None
    )


def test_open_while_another_program_locks_the_file(tmp_path: Path, monkeypatch):
    path = _filled_station(tmp_path)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="another program"):
            Station.open(tmp_path)
    finally:
        other.execute("COMMIT")
        other.close()
    Station.open(tmp_path).close()  # usable again once the other program lets go


def test_data_folder_that_is_a_file(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DataFolderError, match="not-a-folder"):
        Station.open(blocker / "station")
    assert blocker.read_text() == "a file where the data folder should be"


def test_data_folder_on_a_read_only_filesystem():
    with pytest.raises(DataFolderError, match="Cannot write"):
        Station.open(Path("/proc/appraiser-station"))


def test_read_only_database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A database the station may read but not write (a read-only mount, a copied file)."""
    Station.open(tmp_path).close()
    real_connect = sqlite3.connect

    def read_only(path, **kwargs):
        return real_connect(f"file:{path}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr(db_module.sqlite3, "connect", read_only)
    station = Station.open(tmp_path)
    try:
        with (
            pytest.raises(DataFolderError, match="Cannot write the database"),
            station.store.atomic("t") as tx,
        ):
            tx.event("test.write")
    finally:
        station.close()


def test_backup_is_a_consistent_database(station: Station, tmp_path: Path):
    with station.store.atomic("test") as tx:
        tx.event("test.before_backup")
    target = tmp_path / "backup.db"
    station.store.backup_to(target)
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        actions = [r[0] for r in copy.execute("SELECT action FROM audit_events")]
    finally:
        copy.close()
    assert "test.before_backup" in actions


def test_nested_transactions_are_refused(station: Station):
    with (
        station.store.atomic("t"),
        pytest.raises(RuntimeError, match="nested"),
        station.store.atomic("t"),
    ):
        pass


def test_failed_transaction_leaves_nothing(station: Station):
    before = station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"]
    with pytest.raises(ValueError), station.store.atomic("t") as tx:
        tx.event("test.doomed")
        raise ValueError("boom")
    assert station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"] == before


def test_cli_reports_a_damaged_database_in_one_line(tmp_path: Path, capsys):
    DataDir(tmp_path).ensure()
    garbage = random.Random(3).randbytes(8192)
    DataDir(tmp_path).db.write_bytes(garbage)
    assert main(["--data-dir", str(tmp_path), "audit", "verify"]) == EXIT_ENVIRONMENT
    err = capsys.readouterr().err.strip()
    assert err.startswith("appraiser: ") and "not an SQLite database" in err
    assert "\n" not in err
    assert DataDir(tmp_path).db.read_bytes() == garbage
