"""Faults of issue 15 item 2 on the real stack (``server run`` child, private PostgreSQL,
the station's own ``appraiser sync`` loop): PostgreSQL itself stopped as in a power cut and
restarted mid-push, the server gone for an "hour" while the station keeps appraising, a
push cut mid-batch of events, and the station clock two hours off either way. Each ends
with the server holding exactly the station's history: every audit event once (same
hashes), every complete checkpoint line once, every blob byte for byte, no half upload.

(kill -9 of the server or of the station mid-upload, duplicate and reordered pushes:
``test_fleet_sync.py``.)"""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from fleet_support import add_media, server_rows, sync_argv, wait_for

from appraiser import clock
from appraiser.services.fleet.link import ServerUnreachable
from appraiser.services.fleet.sync import _complete_lines, sync_once
from appraiser.storage.media import MediaStore


def assert_server_holds_exactly(station, dsn: str, media: Path) -> dict[str, int]:
    """Nothing lost, nothing duplicated: the server's copy equals the station's."""
    local = [
        (r["seq"], r["hash"])
        for r in station.store.query("SELECT seq, hash FROM audit_events ORDER BY seq")
    ]
    stored = server_rows(dsn, "SELECT seq, hash FROM audit_events ORDER BY seq")
    assert stored == local
    assert server_rows(dsn, "SELECT count(*) - count(DISTINCT seq) FROM audit_events") == [(0,)]
    lines = _complete_lines(station.data)
    assert server_rows(dsn, "SELECT count(*), count(DISTINCT line_no) FROM checkpoint_lines") == [
        (len(lines), len(lines))
    ]
    blobs = [r["sha256"] for r in station.store.query("SELECT sha256 FROM media")]
    on_server = {sha for (sha,) in server_rows(dsn, "SELECT sha256 FROM station_media")}
    assert on_server == set(blobs)
    for sha in blobs:
        assert hashlib.sha256((media / sha[:2] / sha).read_bytes()).hexdigest() == sha
    assert server_rows(dsn, "SELECT count(*) FROM media_uploads") == [(0,)]
    assert server_rows(dsn, "SELECT count(*) FROM alarms") == [(0,)]
    return {"events": len(local), "lines": len(lines), "media": len(blobs)}


@contextmanager
def sync_loop(station, log: Path) -> Iterator[subprocess.Popen]:
    """The station's own ``appraiser sync`` (no --once): a pass every second, retried
    after any failure — what resumes by itself."""
    with log.open("ab") as out:
        child = subprocess.Popen(sync_argv(station, "--every", "1"), stdout=out, stderr=out)
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def _caught_up(station, dsn: str) -> bool:
    top = station.store.one("SELECT COALESCE(MAX(seq), 0) AS n FROM audit_events")["n"]
    lines = len(_complete_lines(station.data))
    server = server_rows(
        dsn,
        "SELECT (SELECT count(*) FROM audit_events), (SELECT count(*) FROM checkpoint_lines),"
        " (SELECT count(*) FROM media_uploads),"
        " (SELECT count(*) FROM station_media)",
    )[0]
    blobs = station.store.one("SELECT count(*) AS n FROM media")["n"]
    return server == (top, lines, 0, blobs)


def _queue_appraisals(station, count: int, tag: str, per_commit: int = 1) -> None:
    """``count`` recorded changes with a small photo each, ``per_commit`` to a transaction
    (one checkpoint line each), as a working day leaves them."""
    store = MediaStore(station.data.media)
    for start in range(0, count, per_commit):
        photos = [f"{tag} photo {n} ".encode() * 40 for n in range(start, start + per_commit)]
        with station.store.atomic("system") as tx:
            for photo in photos[: count - start]:
                tx.add_media(store.put_bytes(photo), len(photo), "image/jpeg")


def _queue_events(station, count: int, tag: str, per_commit: int) -> None:
    """``count`` audit events with no media, ``per_commit`` to a transaction: the push of
    events alone (with a photo each, uploading 6,000 photos after the restart took two
    minutes of CI and proved nothing more about the batches)."""
    for start in range(0, count, per_commit):
        with station.store.atomic("system") as tx:
            for n in range(start, min(count, start + per_commit)):
                tx.event("note.added", text=f"{tag} note {n}")


def test_postgresql_stopped_immediately_mid_push_and_restarted_loses_and_duplicates_nothing(
    enrolled, live_server, pg_cluster, tmp_path
):
    blob = hashlib.sha256(b"pg crash").digest() * 1_250_000  # 40 MB: forty chunks
    add_media(enrolled, blob)
    _queue_appraisals(enrolled, 300, "before")
    uploaded = "SELECT COALESCE(MAX(received), 0) FROM media_uploads"
    with sync_loop(enrolled, tmp_path / "sync.log") as child:
        wait_for(lambda: server_rows(live_server.dsn, uploaded)[0][0] > 0)
        received = server_rows(live_server.dsn, uploaded)[0][0]
        pg_cluster.crash()  # mid-upload: every backend killed, no checkpoint
        # the push really was cut (else this test proves nothing); the server's pool may
        # ride out the outage, so the station need not see a failed pass
        assert 0 < received < len(blob)
        _queue_appraisals(enrolled, 50, "during")  # the station works on meanwhile
        time.sleep(2)  # at least one pass of the loop meets the dead database
        pg_cluster.restart()
        wait_for(lambda: _caught_up(enrolled, live_server.dsn), limit_s=180)
        assert child.poll() is None  # the loop never gave up
    assert live_server.process.poll() is None  # nor did the server
    counts = assert_server_holds_exactly(enrolled, live_server.dsn, live_server.media)
    assert counts["media"] == 1 + 300 + 50


def test_an_hour_offline_the_station_appraises_on_and_everything_arrives_once(
    enrolled, live_server, tmp_path
):
    sync_once(enrolled.data, enrolled.store)
    live_server.kill()
    before = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    _queue_appraisals(
        enrolled, 1500, "offline hour", per_commit=5
    )  # ~ an hour of a busy bench, and more
    with pytest.raises(ServerUnreachable):
        sync_once(enrolled.data, enrolled.store)
    queued = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"] - before
    assert queued >= 1500
    with sync_loop(enrolled, tmp_path / "sync.log") as child:
        time.sleep(3)  # the loop meets the closed port a few times
        live_server.start()
        wait_for(lambda: _caught_up(enrolled, live_server.dsn), limit_s=240)
        assert child.poll() is None
    assert_server_holds_exactly(enrolled, live_server.dsn, live_server.media)
    assert "retrying in" in (tmp_path / "sync.log").read_text()


def test_kill_9_of_the_server_mid_batch_of_events_rolls_the_batch_back_and_resumes(
    enrolled, live_server, tmp_path
):
    _queue_events(enrolled, 6000, "batch", per_commit=50)  # 12 batches of 500
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    head = "SELECT COALESCE(MAX(seq), 0) FROM audit_events"
    with sync_loop(enrolled, tmp_path / "sync.log") as child:
        wait_for(lambda: server_rows(live_server.dsn, head)[0][0] > 0, limit_s=120)
        live_server.kill()
        cut_at = server_rows(live_server.dsn, head)[0][0]
        assert 0 < cut_at < top  # really mid-push
        assert cut_at % 500 == 0  # a batch is one transaction: whole batches or none
        live_server.start()
        wait_for(lambda: _caught_up(enrolled, live_server.dsn), limit_s=240)
        assert child.poll() is None
    assert_server_holds_exactly(enrolled, live_server.dsn, live_server.media)


@pytest.mark.parametrize("skew_hours", [2, -2])
def test_a_station_clock_two_hours_off_syncs_and_keeps_its_own_timestamps(
    enrolled, live_server, monkeypatch, skew_hours
):
    real = clock.utcnow
    monkeypatch.setattr(clock, "utcnow", lambda: real() + timedelta(hours=skew_hours))
    _queue_appraisals(enrolled, 20, "skewed")
    report = sync_once(enrolled.data, enrolled.store)  # sign-in never trusts this clock
    assert report.pending == {"events": 0, "lines": 0}
    monkeypatch.setattr(clock, "utcnow", lambda: real() - timedelta(hours=skew_hours))
    _queue_appraisals(enrolled, 20, "set back")  # the clock jumps the other way
    report = sync_once(enrolled.data, enrolled.store)
    assert report.pending == {"events": 0, "lines": 0}
    assert_server_holds_exactly(enrolled, live_server.dsn, live_server.media)
    stamps = [r["ts"] for r in enrolled.store.query("SELECT ts FROM audit_events ORDER BY seq")]
    stored = [
        ts for (ts,) in server_rows(live_server.dsn, "SELECT ts FROM audit_events ORDER BY seq")
    ]
    assert stored == stamps  # kept as the station wrote them (the hash covers them)
    jump = clock.parse_iso(stamps[-21]) - clock.parse_iso(stamps[-20])  # across the jump
    assert abs(jump) > timedelta(hours=3)
