"""A station enrols with a real server (uvicorn child, real PostgreSQL) and syncs."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
from fleet_support import add_media, server_rows, sync_argv, wait_for

from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.enrol import enrol
from appraiser.services.fleet.link import ServerRefused, ServerUnreachable
from appraiser.services.fleet.sync import sync_once
from appraiser.storage.checkpoints import log_path


def test_a_pass_pushes_every_event_row_line_and_blob_and_a_second_pass_adds_nothing(
    enrolled, live_server
):
    blob = bytes(range(256)) * 9000  # 2.3 MB: three chunks
    sha = add_media(enrolled, blob)
    first = sync_once(enrolled.data, enrolled.store)
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    lines = log_path(enrolled.data).read_text().splitlines()
    assert (first.events, first.lines, first.media) == (top, len(lines), 1)
    assert first.pending == {"events": 0, "lines": 0}
    stored = server_rows(live_server.dsn, "SELECT seq, hash FROM audit_events ORDER BY seq")
    local = [
        (r["seq"], r["hash"])
        for r in enrolled.store.query("SELECT seq, hash FROM audit_events ORDER BY seq")
    ]
    assert stored == local
    statuses = server_rows(live_server.dsn, "SELECT DISTINCT status FROM checkpoint_lines")
    assert statuses == [("matches",)]
    assert (live_server.media / sha[:2] / sha).read_bytes() == blob
    users = server_rows(
        live_server.dsn, "SELECT body->>'username' FROM station_rows WHERE tbl = 'users'"
    )
    assert ("admin",) in users
    again = sync_once(enrolled.data, enrolled.store)
    assert (again.events, again.lines, again.media) == (0, 0, 0)
    assert server_rows(live_server.dsn, "SELECT count(*) FROM audit_events")[0][0] == top


def test_an_enrolment_token_works_once_and_only_with_the_station_key(station, admin, live_server):
    from appraiser.server import db, enrolment

    with db.connect(live_server.dsn) as conn:
        token = enrolment.issue_token(conn, station.settings.station_code)
    with pytest.raises(ServerRefused, match="403"):
        enrol(station, admin, live_server.url, token + "x")
    enrol(station, admin, live_server.url, token)
    with pytest.raises(ServerRefused, match="403"):
        enrol(station, admin, live_server.url, token)
    assert enrolled_event(station)


def enrolled_event(station) -> bool:
    return bool(
        station.store.one("SELECT 1 AS x FROM audit_events WHERE action = 'fleet.enrolled'")
    )


def _signed_in(station):
    link = fleet_link.load(station.data)
    from appraiser.keys import StationKeys

    return fleet_link.client(
        link, fleet_link.sign_in(link, StationKeys(station.data.keys, station.store))
    )


def _events(station, start: int, end: int) -> list[dict]:
    return station.store.query(
        "SELECT seq, ts, actor, action, entity, entity_id, row_digest, data, prev_hash, hash"
        " FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq",
        (start, end),
    )


def test_duplicate_and_reordered_pushes_change_nothing(enrolled, live_server):
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    assert top >= 4
    with _signed_in(enrolled) as http:
        late = http.post("/sync/v1/events", json={"events": _events(enrolled, 3, top), "rows": {}})
        assert late.status_code == 409 and late.json()["expected"] == 1
        first = http.post("/sync/v1/events", json={"events": _events(enrolled, 1, 2), "rows": {}})
        assert first.json() == {"added": 2, "events_head": 2}
        twice = http.post("/sync/v1/events", json={"events": _events(enrolled, 1, 2), "rows": {}})
        assert twice.json() == {"added": 0, "events_head": 2}
        rest = http.post("/sync/v1/events", json={"events": _events(enrolled, 1, top), "rows": {}})
        assert rest.json() == {"added": top - 2, "events_head": top}
    assert server_rows(live_server.dsn, "SELECT count(*) FROM audit_events")[0][0] == top


def test_a_rewritten_event_is_a_fork_refused_and_alarmed_and_the_first_history_kept(
    enrolled, live_server
):
    from appraiser.storage.audit import event_hash

    sync_once(enrolled.data, enrolled.store)
    forged = _events(enrolled, 2, 2)[0] | {"actor": "mallory"}
    forged["hash"] = event_hash(forged, forged["prev_hash"])
    with _signed_in(enrolled) as http:
        answer = http.post("/sync/v1/events", json={"events": [forged], "rows": {}})
    assert answer.status_code == 409 and answer.json()["fork"] == "fork.audit_event"
    alarms = server_rows(live_server.dsn, "SELECT kind, detail->>'seq' FROM alarms")
    assert alarms == [("fork.audit_event", "2")]
    kept = server_rows(live_server.dsn, "SELECT actor FROM audit_events WHERE seq = 2")[0][0]
    assert kept != "mallory"


def test_a_rewritten_checkpoint_line_is_a_fork(enrolled, live_server):
    sync_once(enrolled.data, enrolled.store)
    with _signed_in(enrolled) as http:
        answer = http.post("/sync/v1/checkpoints", json={"lines": [{"n": 1, "text": "{}"}]})
    assert answer.status_code == 409
    assert server_rows(live_server.dsn, "SELECT kind FROM alarms") == [("fork.checkpoint_line",)]


def test_a_checkpoint_not_signed_by_an_enrolled_key_is_refused_and_alarmed(enrolled, live_server):
    import json

    from appraiser.storage.checkpoints import Checkpoint

    line = Checkpoint.parse(log_path(enrolled.data).read_text().splitlines()[0])
    bad = json.dumps({**line.body(), "kid": line.kid, "sig": "A" * 86})
    with _signed_in(enrolled) as http:
        answer = http.post("/sync/v1/checkpoints", json={"lines": [{"n": 1, "text": bad}]})
    assert answer.status_code == 409 and answer.json()["fork"] == "checkpoint.bad_signature"
    assert server_rows(live_server.dsn, "SELECT count(*) FROM checkpoint_lines")[0][0] == 0


def test_the_server_down_makes_sync_once_fail_in_one_line_and_the_station_works_on(
    enrolled, live_server, admin
):
    live_server.kill()
    with pytest.raises(ServerUnreachable):
        sync_once(enrolled.data, enrolled.store)
    done = subprocess.run(
        sync_argv(enrolled, "--once"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and "did not answer" in done.stderr
    add_media(enrolled, b"written while the server is down")  # the station never waits


def test_kill_9_of_the_server_mid_upload_then_restart_resumes_without_loss_or_duplicates(
    enrolled, live_server
):
    blob = hashlib.sha256(b"seed").digest() * 400_000  # 12.8 MB: thirteen chunks
    sha = add_media(enrolled, blob)
    child = subprocess.Popen(
        sync_argv(enrolled, "--once"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    uploaded = "SELECT COALESCE(MAX(received), 0) FROM media_uploads"
    wait_for(lambda: server_rows(live_server.dsn, uploaded)[0][0] > 0)
    live_server.kill()
    _, err = child.communicate(timeout=120)
    interrupted = child.returncode != 0
    live_server.start()
    report = sync_once(enrolled.data, enrolled.store)
    assert report.pending == {"events": 0, "lines": 0}
    assert (live_server.media / sha[:2] / sha).read_bytes() == blob
    top = enrolled.store.one("SELECT MAX(seq) AS n FROM audit_events")["n"]
    counts = server_rows(live_server.dsn, "SELECT count(*), count(DISTINCT seq) FROM audit_events")
    assert counts == [(top, top)]
    assert server_rows(live_server.dsn, "SELECT count(*) FROM media_uploads") == [(0,)]
    assert interrupted, err  # the push really was cut (else this test proves nothing)


def test_a_key_rotated_after_enrolment_signs_in_only_once_the_server_admin_approves_it(
    enrolled, admin, live_server, capsys
):
    from appraiser.cli.main import main
    from appraiser.keys import StationKeys, fingerprint
    from appraiser.services.admin import keys

    sync_once(enrolled.data, enrolled.store)
    keys.rotate(enrolled, admin)
    add_media(enrolled, b"signed by the new key")
    with pytest.raises(ServerRefused, match="approve-key"):
        sync_once(enrolled.data, enrolled.store)
    station_keys = StationKeys(enrolled.data.keys, enrolled.store)
    new = station_keys.public_keys()[station_keys.current_key_id()]
    code = enrolled.settings.station_code
    approve = ["server", "approve-key", code, "--dsn", live_server.dsn]
    assert main([*approve[:3], "0000 " * 16, *approve[3:]]) == 2  # a wrong fingerprint
    assert main([*approve[:3], fingerprint(new).lower(), *approve[3:]]) == 0
    report = sync_once(enrolled.data, enrolled.store)
    assert report.pending == {"events": 0, "lines": 0}
    assert server_rows(live_server.dsn, "SELECT count(*) FROM alarms") == [(0,)]
    assert server_rows(live_server.dsn, "SELECT count(*) FROM station_keys") == [(2,)]
    statuses = server_rows(live_server.dsn, "SELECT DISTINCT status FROM checkpoint_lines")
    assert statuses == [("matches",)]


def test_kill_9_of_the_station_mid_upload_then_the_next_pass_resumes_at_the_servers_offset(
    enrolled, live_server
):
    import signal

    blob = hashlib.sha256(b"station").digest() * 400_000  # 12.8 MB: thirteen chunks
    sha = add_media(enrolled, blob)
    child = subprocess.Popen(
        sync_argv(enrolled, "--once"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    uploaded = "SELECT COALESCE(MAX(received), 0) FROM media_uploads"
    wait_for(lambda: server_rows(live_server.dsn, uploaded)[0][0] > 0)
    child.send_signal(signal.SIGKILL)
    child.wait()
    already = server_rows(live_server.dsn, uploaded)[0][0]
    report = sync_once(enrolled.data, enrolled.store)
    assert (live_server.media / sha[:2] / sha).read_bytes() == blob
    assert report.media_bytes == len(blob) - already  # resumed, not sent again
    assert already > 0 and report.pending == {"events": 0, "lines": 0}
