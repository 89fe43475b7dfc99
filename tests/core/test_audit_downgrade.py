"""Issue 14 second breaker pass, H-1 and L-2: a database posing as an older schema.

H-1: an insider turned a current database back into a schema-4 one (new tables dropped,
events re-chained, the checkpoint log deleted) so the upgrade started the checkpoints
afresh, trusted a loose key file and recorded an evil config.toml as the first settings.
L-2: a changed ``PRAGMA user_version`` made every command, ``audit verify`` included, die
with exit 70 ("table … already exists", "CHECK to widen")."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from schema4_support import station_before_checkpoints

from appraiser import key_ledger
from appraiser.errors import DatabaseDamagedError
from appraiser.keys import StationKeys, key_id, public_pem
from appraiser.paths import DataDir
from appraiser.services.admin import settings as recorded
from appraiser.services.admin.station import Station
from appraiser.storage import audit, checkpoints

SERIAL_18 = "K4EJRTHM5T8REAGPDC"


def _cli(root: Path, *argv: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def _schema_4(root: Path, *statements: tuple[str, tuple]) -> DataDir:
    """A data folder as the release before issue 14 left it (schema 4, no log), plus rows."""
    return station_before_checkpoints(root, 1, *statements)


def _label(serial: str, kid: str = "0123456789abcdef", domain: str = "verify.example.com"):
    payload = f"https://{domain}/01/08517510102312/21/{serial}?d=20261206&k={kid}&s=x"
    return (
        "INSERT INTO labels (serial, appraisal_uid, payload, key_id, created) "
        "VALUES (?, 'AP-1', ?, ?, '2026-12-06T00:00:00Z')",
        (serial, payload, kid),
    )


def _schema_4_events(root: Path, *actions: str) -> None:
    conn = sqlite3.connect(DataDir(root).db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for action in actions:
            audit.append(conn, action, actor="system", data={})
        conn.execute("COMMIT")
    finally:
        conn.close()


def _refused(root: Path, *words: str) -> None:
    with pytest.raises(DatabaseDamagedError) as caught:
        Station.open(root)
    text = str(caught.value)
    assert "schema version was altered" in text
    for word in words:
        assert word in text, text
    result = _cli(root, "audit", "verify")
    assert result.returncode == 1, result.stderr
    assert "schema version was altered" in result.stdout + result.stderr
    listed = _cli(root, "label", "list")
    assert listed.returncode == 3, listed.stderr
    assert "internal error" not in listed.stderr


@pytest.mark.parametrize("version", [0, 3, 4, -1])
def test_l2_a_changed_user_version_is_an_altered_database(tmp_path: Path, version: int):
    """issue 14 breaker L-2: user_version set to 0, 3, 4 or -1 on a fresh station: not
    exit 70 'table … already exists' / 'CHECK to widen', but 'altered' (exit 3) and
    ``audit verify`` failing by name (exit 1)."""
    root = tmp_path / "s"
    Station.open(root).close()
    conn = sqlite3.connect(DataDir(root).db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    _refused(root, f"user_version {version}")


def test_h1_a_schema_4_database_with_18_symbol_serials_is_refused(tmp_path: Path):
    """issue 14 breaker H-1 (d): 18-symbol serials exist only since schema 5."""
    _schema_4(tmp_path, _label(SERIAL_18))
    _refused(tmp_path, "18-symbol")


NEW_ONLY = ["rules.refused", "keys.ledger_started", "settings.recorded", "keys.trusted",
            "keys.revoked", checkpoints.STARTED]  # fmt: skip


@pytest.mark.parametrize("action", NEW_ONLY)
def test_h1_a_schema_4_database_with_new_audit_actions_is_refused(tmp_path: Path, action: str):
    """issue 14 breaker H-1 (d): audit actions only schema 5 writes."""
    _schema_4(tmp_path)
    _schema_4_events(tmp_path, action)
    _refused(tmp_path, action)


def test_h1_a_schema_4_database_beside_a_checkpoint_log_is_refused(tmp_path: Path):
    """issue 14 breaker H-1 (d): a schema-4 station never had a checkpoint log; one with
    lines means the database was turned back, and the upgrade must not start afresh."""
    root = tmp_path / "s"
    Station.open(root).close()
    _schema_4(tmp_path / "old")
    log = checkpoints.log_path(DataDir(root))
    kept = log.read_bytes()
    (DataDir(root).db).unlink()
    for name in ("appraiser.db-wal", "appraiser.db-shm"):
        (root / name).unlink(missing_ok=True)
    (tmp_path / "old" / "appraiser.db").rename(DataDir(root).db)
    assert log.read_bytes() == kept
    _refused(root, "checkpoint log")


def test_h1_a_genuine_schema_4_station_still_upgrades(tmp_path: Path):
    """The tripwires leave a real schema-4 station (17-symbol serials, old events) alone."""
    _schema_4(tmp_path, _label("K4EJRTHM5T8REAGPD"))
    Station.open(tmp_path).close()


def test_h1_upgrade_adopts_no_loose_key_file(tmp_path: Path):
    """issue 14 breaker H-1 (b): the upgrade trusted every keys/public/*.pem ('vouched_by':
    'key file'), so a revoked key copied in verified again. Now only the station's own key,
    keys the audit trail names (trust events, labels' key ids) are adopted."""
    named_by_label, named_by_event, loose = (Ed25519PrivateKey.generate() for _ in range(3))
    data = _schema_4(tmp_path, _label("K4EJRTHM5T8REAGPD", key_id(named_by_label.public_key())))
    conn = sqlite3.connect(data.db, isolation_level=None)
    conn.execute("BEGIN")
    audit.append(conn, "keys.rotated", actor="system",
                 data={"old_key_id": key_id(named_by_event.public_key()),
                       "new_key_id": key_id(named_by_label.public_key())})  # fmt: skip
    conn.execute("COMMIT")
    conn.close()
    folder = StationKeys(data.keys).public_folder
    folder.mkdir(parents=True, exist_ok=True)
    for key in (named_by_label, named_by_event, loose):
        (folder / f"{key_id(key.public_key())}.pem").write_bytes(public_pem(key.public_key()))
    station = Station.open(tmp_path)
    try:
        ledger = key_ledger.read(station.store)
        report = station.store.verify_audit()
    finally:
        station.close()
    assert key_id(named_by_label.public_key()) in ledger.keys
    assert key_id(named_by_event.public_key()) in ledger.keys
    assert key_id(loose.public_key()) not in ledger.keys
    assert f"key {key_id(loose.public_key())} (a file in keys/public) is not trusted" in " ".join(
        report.notes
    )


def test_h1_upgrade_does_not_adopt_config_values_the_records_contradict(tmp_path: Path):
    """issue 14 breaker H-1 (c): an evil station code and label domain in config.toml were
    recorded as 'first_open'. The audited records (appraisals' station code, labels' payload
    domain) win; config.toml's values wait for an administrator and block labels."""
    appraisal = (
        "INSERT INTO appraisals (uid, revision, item_uid, station, appraiser_id, category, "
        "state, step, started, created) VALUES ('AP-1', 1, 'IT-1', 'BW-01', 1, 'bag', "
        "'open', 'capture', '2026-12-06', '2026-12-06')",
        (),
    )
    data = _schema_4(tmp_path, appraisal, _label("K4EJRTHM5T8REAGPD"))
    data.config.write_text('station_code = "EV-66"\nresolver_domain = "evil.example.net"\n')
    station = Station.open(tmp_path)
    try:
        first = recorded.latest(station.store)
        diffs = {d.key: (d.in_file, d.recorded) for d in recorded.differences(station)}
    finally:
        station.close()
    assert first.how != "first_open"
    assert first.values["station_code"] == "BW-01"
    assert first.values["resolver_domain"] == "verify.example.com"
    assert diffs == {
        "station_code": ("EV-66", "BW-01"),
        "resolver_domain": ("evil.example.net", "verify.example.com"),
    }
    result = _cli(tmp_path, "audit", "verify")
    assert result.returncode == 1 and "EV-66" in result.stdout + result.stderr


def test_h1_the_predate_note_says_what_to_do(tmp_path: Path):
    """issue 14 breaker H-1: the note on events older than the checkpoints names the check
    against the exports kept off the station."""
    _schema_4(tmp_path)
    station = Station.open(tmp_path)
    try:
        [note] = [n for n in station.store.verify_audit().notes if "predate" in n]
    finally:
        station.close()
    assert "check them against the daily exports kept off the station: " in note
    assert "appraiser audit verify --exports DIR" in note


def test_h1_a_schema_4_database_beside_an_emptied_audit_folder_is_refused(tmp_path: Path):
    """Issue 14 third attacker pass, NEW-H1: with every label row and label event deleted
    (no 18-symbol serial left) and the log removed, the turned-back database passed the
    tripwires and the upgrade signed the rewritten history. The audit/ folder is made only by
    schema 5; finding it beside a schema-4 database refuses the upgrade."""
    root = tmp_path / "s"
    Station.open(root).close()
    _schema_4(tmp_path / "old")
    log = checkpoints.log_path(DataDir(root))
    log.unlink()
    (DataDir(root).db).unlink()
    for name in ("appraiser.db-wal", "appraiser.db-shm"):
        (root / name).unlink(missing_ok=True)
    (tmp_path / "old" / "appraiser.db").rename(DataDir(root).db)
    assert log.parent.is_dir() and not log.exists()
    _refused(root, "audit/")
