"""The signed checkpoint log (issue 14 finding 8): how it grows, survives a crash between
its line and the COMMIT, starts on a station made before it existed, and stays cheap."""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import stat
from pathlib import Path

import pytest
from schema4_support import station_before_checkpoints

from appraiser.paths import DataDir
from appraiser.reports import merkle
from appraiser.services.admin import keys as key_service
from appraiser.services.admin.station import Station
from appraiser.storage import checkpoints
from appraiser.storage.frontier import Frontier


def _lines(root: Path) -> list[dict]:
    text = (root / checkpoints.LOG).read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _count(station: Station) -> int:
    return station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"]


def test_frontier_root_equals_the_rfc6962_root():
    """The incremental root is the same as the one the daily exports compute."""
    rng = random.Random(14)
    hashes = [rng.randbytes(32).hex() for _ in range(300)]
    frontier = Frontier()
    assert frontier.root_hex() == merkle.root_hex([])
    for n, digest in enumerate(hashes, start=1):
        frontier.add(digest)
        assert frontier.root_hex() == merkle.root_hex(hashes[:n]), n
        assert len(frontier.nodes) == n.bit_count()
    assert Frontier.from_json(frontier.to_json()) == frontier


def test_every_committing_transaction_appends_one_signed_line(station: Station):
    """issue 14 finding 8: the log grows with the chain, one line per commit with events."""
    before = _lines(station.data.root)
    with station.store.atomic("t") as tx:
        tx.event("test.one")
        tx.event("test.two")
    with station.store.atomic("t"):
        pass  # no events: no line
    after = _lines(station.data.root)
    assert len(after) == len(before) + 1
    line = after[-1]
    assert (line["base"], line["count"]) == (before[-1]["count"], _count(station))
    hashes = [r["hash"] for r in station.store.query("SELECT hash FROM audit_events ORDER BY seq")]
    assert line["root"] == merkle.root_hex(hashes) and line["head"] == hashes[-1]
    report = station.store.verify_audit()
    assert report.ok, report.problems
    assert report.checkpoints == len(after)


def test_log_is_owner_only(station: Station):
    path = station.data.root / checkpoints.LOG
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


class _CommitFails:
    """The connection as seen by ``Store.atomic``, whose COMMIT fails like a crash would."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args):
        if sql == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


def test_a_line_whose_transaction_never_committed_is_a_note(station: Station):
    """A crash between the signed line and the COMMIT must not make verify fail falsely."""
    real = station.store.conn
    station.store.conn = _CommitFails(real)  # type: ignore[assignment]
    try:
        with pytest.raises(sqlite3.OperationalError), station.store.atomic("t") as tx:
            tx.event("test.lost")
    finally:
        station.store.conn = real
    report = station.store.verify_audit()
    assert report.ok, report.problems
    assert any("did not commit" in note for note in report.notes)
    with station.store.atomic("t") as tx:  # the next line extends the same base
        tx.event("test.after")
    report = station.store.verify_audit()
    assert report.ok, report.problems
    assert len(report.notes) == 1


def test_a_torn_last_line_is_cut_off_before_the_next(station: Station):
    """A line cut short by a full disk belongs to a transaction that rolled back."""
    path = station.data.root / checkpoints.LOG
    intact = path.read_bytes()
    with path.open("ab") as handle:
        handle.write(b'{"v":1,"base":3')  # the disk filled up mid-line
    assert any("torn" in note for note in station.store.verify_audit().notes)
    with station.store.atomic("t") as tx:
        tx.event("test.after_torn")
    assert path.read_bytes().startswith(intact + b'{"base":')
    report = station.store.verify_audit()
    assert report.ok and not report.notes, report.problems


def test_lines_signed_before_a_key_rotation_still_verify(station: Station, admin):
    with station.store.atomic("t") as tx:
        tx.event("test.before_rotation")
    old = _lines(station.data.root)[-1]["kid"]
    key_service.rotate(station, admin)  # the audited rotation (issue 14 breaker H3)
    with station.store.atomic("t") as tx:
        tx.event("test.after_rotation")
    assert _lines(station.data.root)[-1]["kid"] != old
    report = station.store.verify_audit()
    assert report.ok, report.problems


def test_two_processes_writing_keep_the_log_in_commit_order(tmp_path: Path):
    """The GUI and a CLI command writing at once: each line extends the one before."""
    first, second = Station.open(tmp_path), Station.open(tmp_path)
    try:
        for n in range(6):
            with (first if n % 2 else second).store.atomic("t") as tx:
                tx.event("test.interleaved", n=n)
        lines = _lines(tmp_path)
        assert all(b["base"] == a["count"] for a, b in itertools.pairwise(lines))
        report = first.store.verify_audit()
        assert report.ok, report.problems
    finally:
        first.close()
        second.close()


def test_a_station_made_before_checkpoints_gets_its_first_one_at_upgrade(tmp_path: Path):
    """Not a failure: the first line, signed at upgrade, vouches for every older event,
    and the start is itself an audited event."""
    station_before_checkpoints(tmp_path, events=25)
    assert not (tmp_path / checkpoints.LOG).exists()
    station = Station.open(tmp_path)
    try:
        report = station.store.verify_audit()
        assert report.ok, report.problems
        started = station.store.one(
            "SELECT seq, data FROM audit_events WHERE action = ?", (checkpoints.STARTED,)
        )
        assert started["seq"] == 26
        assert json.loads(started["data"])["events_before"] == 25
        first = _lines(tmp_path)[0]
        assert (first["base"], first["count"]) == (25, 26)
    finally:
        station.close()


def test_deleting_the_log_is_not_mistaken_for_an_old_station(station: Station):
    """issue 14 finding 8: reopening after the log was deleted starts no fresh log."""
    root = station.data.root
    station.close()
    (root / checkpoints.LOG).unlink()
    reopened = Station.open(root)
    try:
        with reopened.store.atomic("t") as tx:  # the bench goes on working
            tx.event("test.after_deletion")
        problems = reopened.store.verify_audit().problems
    finally:
        reopened.close()
    assert any("no longer reaches back to audit event 1" in p for p in problems), problems


def test_audit_verify_also_holds_the_database_against_daily_exports(
    station: Station, supervisor, tmp_path: Path, capsys: pytest.CaptureFixture
):
    """issue 14 finding 8: the export's signed checkpoint is an anchor off the station, so
    a day's history rewritten on the station fails ``audit verify --exports`` by name."""
    from appraiser.cli.main import main
    from appraiser.clock import local, utcnow
    from appraiser.services.records.exports import export_daily

    day = local(utcnow(), station.settings.tz()).date()
    folder = tmp_path / "exports"
    folder.mkdir()
    export_daily(station, supervisor, day, "csv", folder / f"{day}.csv")
    args = ["--data-dir", str(station.data.root), "audit", "verify", "--exports", str(folder)]
    assert main(args) == 0
    assert "1 export checkpoints" in capsys.readouterr().out
    conn = station.store.conn
    conn.execute("DROP TRIGGER audit_events_no_update")
    conn.execute("UPDATE audit_events SET hash = ? WHERE seq = 2", ("ab" * 32,))
    report = station.store.verify_audit()
    assert not report.ok
    assert main([*args, "--json"]) == 1
    problems = json.loads(capsys.readouterr().out.splitlines()[-1])["problems"]
    assert any(
        p.startswith(f"daily export {day}.csv.manifest.json: audit checkpoint") for p in problems
    ), problems


def test_h2_a_rollback_of_database_and_log_is_caught_only_by_exports_kept_off_the_station(
    station: Station, supervisor, tmp_path: Path, capsys: pytest.CaptureFixture
):
    """issue 14 second breaker H-2: copying back an earlier appraiser.db together with its
    audit/checkpoints.jsonl leaves the station self-consistent (``audit verify`` passes:
    the limit README states); the daily export kept off the station carries a signed
    checkpoint past that point, so ``audit verify --exports DIR`` fails by name."""
    import shutil

    from appraiser.cli.main import main
    from appraiser.clock import local, utcnow
    from appraiser.services.records.exports import export_daily

    root = station.data.root
    snapshot = tmp_path / "snapshot"
    snapshot.mkdir()
    station.store.backup_to(snapshot / "appraiser.db")
    shutil.copy2(root / checkpoints.LOG, snapshot / "checkpoints.jsonl")
    with station.store.atomic("t") as tx:  # e.g. a key revocation, an amendment
        tx.event("test.undone_by_the_rollback")
    day = local(utcnow(), station.settings.tz()).date()
    share = tmp_path / "share"  # off the station: a file share or USB stick
    share.mkdir()
    export_daily(station, supervisor, day, "csv", share / f"{day}.csv")
    station.close()
    for name in ("appraiser.db-wal", "appraiser.db-shm"):
        (root / name).unlink(missing_ok=True)
    shutil.copy2(snapshot / "appraiser.db", root / "appraiser.db")
    shutil.copy2(snapshot / "checkpoints.jsonl", root / checkpoints.LOG)
    for export in DataDir(root).exports.glob("*"):
        export.unlink()  # the insider clears the station's own copies too
    assert main(["--data-dir", str(root), "audit", "verify"]) == 0
    capsys.readouterr()
    args = ["--data-dir", str(root), "audit", "verify", "--exports", str(share), "--json"]
    assert main(args) == 1
    problems = json.loads(capsys.readouterr().out.splitlines()[-1])["problems"]
    assert any(p.startswith(f"daily export {day}.csv.manifest.json: ") for p in problems), problems
