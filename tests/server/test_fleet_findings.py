"""Findings of the fresh-eyes attack on the fleet server's sync and enrolment (issue 15,
/work/notes/findings15.md): each test failed before its fix."""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from tests.server.push_support import push
from tests.server.resolver_support import FakeStation
from tests.server.sync_support import sign_in


def _rows(dsn: str, sql: str, params=()) -> list[dict]:
    with psycopg.connect(dsn, row_factory=dict_row) as conn:
        return conn.execute(sql, params).fetchall()


def test_a_station_cannot_void_another_stations_label(server_app):
    """issue 15 finding F7: a label_events row naming another station's serial changes
    nothing; it raises an alarm against the pushing station; the owner's label stays live."""
    owner = FakeStation(server_app.dsn, code="BW-01").enrol()
    issued = owner.issue()
    sign_in(server_app, "BW-02")
    for n, event in enumerate(("voided", "revoked")):
        row = {"id": 9001 + n, "serial": issued.serial, "event": event,
               "detail": '{"replaced_by": "XXXXXXXXXXXXXXXXXX"}',
               "created": "2026-12-01T08:00:00Z"}  # fmt: skip
        answer = push(server_app.client, [("label_events", str(9001 + n), row)])
        assert answer.status_code == 200, answer.text
    label = _rows(server_app.dsn, "SELECT state FROM resolver_labels WHERE serial = %s",
                  (issued.serial,))  # fmt: skip
    assert label == [{"state": "live"}]
    alarms = _rows(server_app.dsn, "SELECT s.code, a.kind, a.detail FROM alarms a"
                   " JOIN stations s ON s.id = a.station_id ORDER BY a.id")  # fmt: skip
    assert [(a["code"], a["kind"]) for a in alarms] == [("BW-02", "projection.foreign_label")] * 2
    assert alarms[0]["detail"]["serial"] == issued.serial
    assert alarms[0]["detail"]["owner"] == "BW-01"


def test_a_station_cannot_take_over_another_stations_serial(server_app):
    """issue 15 finding F7: a labels row for a serial another station issued is alarmed and
    the first station keeps the label."""
    owner = FakeStation(server_app.dsn, code="BW-01").enrol()
    issued = owner.issue()
    sign_in(server_app, "BW-02")
    row = {"serial": issued.serial, "appraisal_uid": "x", "gtin": None,
           "payload": issued.uri, "key_id": owner.kid}  # fmt: skip
    assert push(server_app.client, [("labels", issued.serial, row)]).status_code == 200
    kept = _rows(server_app.dsn, "SELECT s.code FROM resolver_labels l JOIN stations s"
                 " ON s.id = l.station_id WHERE l.serial = %s", (issued.serial,))  # fmt: skip
    assert kept == [{"code": "BW-01"}]
    assert [a["kind"] for a in _rows(server_app.dsn, "SELECT kind FROM alarms")] == [
        "projection.foreign_label"
    ]


def _enrol_body(code: str, token: str, key, *extra) -> dict:
    from appraiser.keys import key_id, public_pem
    from appraiser.server import enrolment

    pems = [public_pem(k.public_key()).decode() for k in (key, *extra)]
    sig = key.sign(enrolment.enrol_message(code, token))
    return {"station": code, "token": token, "kid": key_id(key.public_key()),
            "sig": enrolment.b64(sig), "public_keys": pems}  # fmt: skip


def _tokens(dsn: str, code: str, n: int) -> list[str]:
    from appraiser.server import db, enrolment

    with db.connect(dsn) as conn:
        return [enrolment.issue_token(conn, code) for _ in range(n)]


def _keys_of(dsn: str, code: str) -> list[str]:
    rows = _rows(dsn, "SELECT k.kid FROM station_keys k JOIN stations s ON s.id = k.station_id"
                 " WHERE s.code = %s ORDER BY k.kid", (code,))  # fmt: skip
    return [r["kid"] for r in rows]


def test_a_second_token_never_adds_a_key_to_an_enrolled_station(server_app):
    """issue 15 finding F10: two tokens issued; the station enrols with one; the other
    (spent by the newer one, and refused for an enrolled station anyway) adds no key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from appraiser.keys import key_id
    from appraiser.server import db

    first, second = _tokens(server_app.dsn, "BW-07", 2)
    own, stranger = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    client = server_app.client
    assert client.post("/enrol/v1", json=_enrol_body("BW-07", first, own)).status_code == 403
    assert client.post("/enrol/v1", json=_enrol_body("BW-07", second, own)).status_code == 200
    # a token the database still holds unspent (issued before this fix) is refused too
    with db.connect(server_app.dsn) as conn:
        conn.execute("UPDATE enrolment_tokens SET used = NULL")
    answer = client.post("/enrol/v1", json=_enrol_body("BW-07", first, stranger))
    assert answer.status_code == 403 and "already enrolled" in answer.json()["error"]
    assert _keys_of(server_app.dsn, "BW-07") == [key_id(own.public_key())]


def test_enrolment_enrols_only_the_proven_key_and_never_another_stations(server_app):
    """issue 15 finding F11: an extra listed key without proof is only proposed (approve-key
    by fingerprint), and a key another station enrolled is refused."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from appraiser.keys import key_id

    first, second = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    client = server_app.client
    (t1,) = _tokens(server_app.dsn, "BW-01", 1)
    assert client.post("/enrol/v1", json=_enrol_body("BW-01", t1, first)).status_code == 200
    (t6,) = _tokens(server_app.dsn, "BW-06", 1)
    answer = client.post("/enrol/v1", json=_enrol_body("BW-06", t6, second, first))
    assert answer.status_code == 403 and "BW-01" in answer.json()["error"]
    (t3,) = _tokens(server_app.dsn, "BW-03", 1)
    answer = client.post("/enrol/v1", json=_enrol_body("BW-03", t3, first))
    assert answer.status_code == 403
    retired = Ed25519PrivateKey.generate()
    answer = client.post("/enrol/v1", json=_enrol_body("BW-06", t6, second, retired))
    assert answer.status_code == 200, answer.text
    assert answer.json()["keys"] == [key_id(second.public_key())]
    assert _keys_of(server_app.dsn, "BW-06") == [key_id(second.public_key())]
    assert _keys_of(server_app.dsn, "BW-01") == [key_id(first.public_key())]
    assert _keys_of(server_app.dsn, "BW-03") == []
    proposed = _rows(server_app.dsn, "SELECT kid FROM proposed_keys")
    assert proposed == [{"kid": key_id(retired.public_key())}]


def test_a_push_that_does_not_build_on_the_stored_head_is_a_fork(server_app):
    """issue 15 finding F18: the next event links to another hash than the stored head's
    (the station rewrote pushed history): 409 fork, alarm, the first history kept."""
    from tests.server.push_support import chained

    sign_in(server_app, "BW-04")
    client = server_app.client
    assert push(client, [("x", "1", None), ("x", "2", None)]).status_code == 200
    stored = _rows(server_app.dsn, "SELECT seq, hash FROM audit_events ORDER BY seq")
    body = chained(client, [("x", "3", None)])
    from appraiser.storage.audit import event_hash

    event = {**body["events"][0], "prev_hash": "f" * 64}
    event["hash"] = event_hash(event, event["prev_hash"])
    answer = client.post("/sync/v1/events", json={"events": [event], "rows": {}})
    assert answer.status_code == 409 and answer.json()["fork"] == "fork.audit_event"
    assert _rows(server_app.dsn, "SELECT seq, hash FROM audit_events ORDER BY seq") == stored
    alarms = _rows(server_app.dsn, "SELECT kind, detail FROM alarms")
    assert [a["kind"] for a in alarms] == ["fork.audit_event"]
    assert alarms[0]["detail"]["seq"] == 2


def test_sync_once_exits_4_with_one_line_when_the_server_refuses_a_rewritten_history(
    enrolled, live_server, capsys
):
    """issue 15 finding F18 on the command line: an insider rewrites pushed events in the
    station's SQLite (re-hashed consistently); ``sync --once`` exits 4 (refused), not 3
    (unreachable), naming the fork; the server keeps the first history and alarms."""
    import sqlite3

    from appraiser.cli.main import main
    from appraiser.storage.audit import event_hash

    data = ["--data-dir", str(enrolled.data.root)]
    assert main([*data, "sync", "--once"]) == 0
    stored = _rows(live_server.dsn, "SELECT seq, hash FROM audit_events ORDER BY seq")
    top = stored[-1]["seq"]
    enrolled.close()
    conn = sqlite3.connect(enrolled.data.db)
    conn.row_factory = sqlite3.Row
    conn.execute("DROP TRIGGER audit_events_no_update")
    prev = conn.execute("SELECT hash FROM audit_events WHERE seq = ?", (top - 2,)).fetchone()[0]
    for seq in range(top - 1, top + 1):
        row = dict(conn.execute("SELECT * FROM audit_events WHERE seq = ?", (seq,)).fetchone())
        if seq == top - 1:
            row["data"] = row["data"].replace("}", ', "x": 1}', 1) if row["data"] else "{}"
        row["prev_hash"], row["hash"] = prev, event_hash(row, prev)
        conn.execute("UPDATE audit_events SET data = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (row["data"], row["prev_hash"], row["hash"], seq))  # fmt: skip
        prev = row["hash"]
    conn.execute(
        "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
        "BEGIN SELECT RAISE(ABORT, 'audit_events rows are append-only'); END"
    )
    conn.commit()
    conn.close()
    from appraiser.services.admin.station import Station

    station = Station.open(enrolled.data.root)
    with station.store.atomic("system") as tx:
        tx.event("test.after_rewrite")
    station.close()
    capsys.readouterr()
    assert main([*data, "sync", "--once"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "fork.audit_event" in err[0] and "administrator" in err[0]
    assert _rows(live_server.dsn, "SELECT seq, hash FROM audit_events ORDER BY seq") == stored
    assert [a["kind"] for a in _rows(live_server.dsn, "SELECT kind FROM alarms")] == [
        "fork.audit_event"
    ]


def test_a_row_the_projection_cannot_read_does_not_wedge_sync(server_app):
    """issue 15 finding F16: a labels row without payload (or payload null, or a lot with a
    text quantity) is stored, alarmed as projection.bad_row naming it, and the push goes
    on — the events after it arrive too, and the next push works."""
    sign_in(server_app, "BW-02")
    client = server_app.client
    rows = [("labels", "7", {"a": "no id"}),
            ("labels", "8", {"serial": "S1", "payload": None}),
            ("lots", "9", {"uid": "L1", "quantity": "many", "sample_size": 3}),
            ("x", "10", None)]  # fmt: skip
    answer = push(client, rows)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"added": 4, "events_head": 4}
    alarms = _rows(server_app.dsn, "SELECT kind, detail FROM alarms ORDER BY id")
    assert [(a["kind"], a["detail"]["seq"], a["detail"]["table"]) for a in alarms] == [
        ("projection.bad_row", 1, "labels"),
        ("projection.bad_row", 2, "labels"),
        ("projection.bad_row", 3, "lots"),
    ]
    assert _rows(server_app.dsn, "SELECT count(*) AS n FROM station_rows") == [{"n": 3}]
    assert push(client, [("x", "11", None)]).json()["events_head"] == 5


def _client_of(xff: str | None, peer: str = "127.0.0.1", proxies: str | None = None) -> str:
    from starlette.requests import Request

    from appraiser.server import client_address

    headers = [(b"x-forwarded-for", xff.encode())] if xff is not None else []
    request = Request({"type": "http", "headers": headers, "client": (peer, 4711)})
    trusted = client_address.trusted_proxies(proxies or client_address.DEFAULT_PROXIES)
    return client_address.client_address(request, trusted)


def test_the_client_is_the_right_most_untrusted_forwarded_hop():
    """issue 15 finding F6: the client writes the left of X-Forwarded-For; the trusted proxy
    appends the address it saw — that one counts, never a value the client chose."""
    assert _client_of("9.9.9.1, 1.2.3.4") == "1.2.3.4"
    assert _client_of("9.9.9.2, 1.2.3.4") == "1.2.3.4"
    assert _client_of("1.2.3.4") == "1.2.3.4"
    assert _client_of(None) == "127.0.0.1"
    # two proxies: the inner one (10.0.0.2) is trusted too
    assert _client_of("9.9.9.9, 1.2.3.4, 10.0.0.2", proxies="127.0.0.1,10.0.0.0/8") == "1.2.3.4"
    # a peer that is no trusted proxy is the client, whatever it sends
    assert _client_of("9.9.9.9, 1.2.3.4", peer="203.0.113.5") == "203.0.113.5"


def test_rotating_a_forwarded_value_does_not_dodge_the_resolver_rate(pg_dsn, tmp_path, monkeypatch):
    """issue 15 finding F6 on the resolver: behind a proxy that appends 1.2.3.4, a client
    rotating its own first X-Forwarded-For entry is still one client: the burst of 5 then
    429, and the scan log sees one client."""
    from starlette.testclient import TestClient

    from appraiser.server.app import ServerSettings, create_app

    monkeypatch.setenv("APPRAISER_RESOLVER_TRUST_PROXY", "1")
    monkeypatch.setenv("APPRAISER_RESOLVER_RATE", "1")
    monkeypatch.setenv("APPRAISER_RESOLVER_BURST", "5")
    label = FakeStation(pg_dsn).enrol().issue()
    app = create_app(ServerSettings(dsn=pg_dsn, media=str(tmp_path / "m")))
    with TestClient(app, client=("127.0.0.1", 50000)) as client:
        codes = []
        for i in range(20):
            headers = {"X-Forwarded-For": f"9.9.9.{i}, 1.2.3.4"}
            answer = client.get(label.path, headers=headers, follow_redirects=False)
            codes.append(answer.status_code)
    assert codes.count(429) >= 14, codes


def test_pooled_connections_survive_a_postgresql_restart(server_app, pg_cluster):
    """issue 15 finding F17: the server idle with pooled connections, PostgreSQL restarted:
    the very next requests (sync state, resolver scan, health) answer normally, no 500."""
    label = FakeStation(server_app.dsn, code="BW-01").enrol().issue()
    sign_in(server_app, "BW-02")
    client = server_app.client
    for _ in range(3):  # every pool has open connections now
        assert client.get("/sync/v1/state").status_code == 200
        assert client.get(label.path, follow_redirects=False).status_code == 307
    # a routine restart (pg_ctl -m fast: clients cut, every commit kept), then start again
    pg_cluster._run(str(pg_cluster.bin / "pg_ctl"), "-D", str(pg_cluster.data), "-m", "fast",
                    "stop")  # fmt: skip
    pg_cluster.restart()
    codes = []
    for _ in range(6):
        codes.append(client.get("/sync/v1/state").status_code)
        codes.append(client.get(label.path, follow_redirects=False).status_code)
        codes.append(client.get("/healthz").status_code)
    assert codes == [200, 307, 200] * 6


def test_the_calendars_edge_days_are_a_one_line_refusal(server_app, tmp_path, capsys):
    """issue 15 finding F8: /site/?date=9999-12-31 or 0001-01-01 (signed in) → 400, and
    `server export daily --date 9999-12-31` → exit 2 with one line, never 500 / exit 70."""
    import re

    from appraiser.cli.main import main

    FakeStation(server_app.dsn, code="BW-01").enrol().issue()
    capsys.readouterr()
    assert main(["server", "add-supervisor", "chief", "--dsn", server_app.dsn]) == 0
    key = capsys.readouterr().out.strip()
    web = server_app.client
    form = web.get("/site/").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    data = {"name": "chief", "key": key, "csrf": csrf}
    assert web.post("/site/login", data=data, follow_redirects=False).status_code in (302, 303)
    assert web.get("/site/?date=2026-11-22").status_code == 200
    for day in ("9999-12-31", "0001-01-01"):
        assert web.get(f"/site/?date={day}").status_code == 400
        out = tmp_path / f"{day}.csv"
        argv = ["server", "export", "daily", "--date", day, "--format", "csv", "--out",
                str(out), "--dsn", server_app.dsn]  # fmt: skip
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "out of range" in err[0], err
        assert not out.exists()


def test_unauthenticated_endpoints_refuse_a_large_body_unread(server_app):
    """issue 15 finding F9: a body over the endpoint's cap is 413 with one line — declared
    (Content-Length) or streamed chunk by chunk — and the sign-in still works afterwards."""
    from appraiser.server import body_limit

    client = server_app.client
    big = b"{" + b" " * (body_limit.SMALL + 1) + b"}"
    for path in ("/enrol/v1", "/sync/v1/challenge", "/sync/v1/session"):
        answer = client.post(path, content=big, headers={"Content-Type": "application/json"})
        assert answer.status_code == 413 and "too large" in answer.json()["error"]

    def chunks():
        for _ in range(64):
            yield b" " * 1024

    answer = client.post("/sync/v1/challenge", content=chunks())  # no Content-Length
    assert answer.status_code == 413
    form = {"name": "x" * (body_limit.FORMS + 1), "key": "k", "csrf": "c"}
    assert client.post("/site/login", data=form).status_code == 413
    sign_in(server_app, "BW-05")  # ordinary bodies pass
    assert client.get("/sync/v1/state").status_code == 200
    chunk = client.patch("/sync/v1/media/" + "a" * 64, content=b"x" * (body_limit.MEDIA_CHUNK + 1),
                         headers={"Upload-Offset": "0", "Upload-Length": "9"})  # fmt: skip
    assert chunk.status_code == 413


def test_a_key_retired_before_enrolment_waits_for_approve_key_not_a_fork(
    station, admin, live_server, capsys
):
    """issue 15 finding F11, the honest side: a station that rotated its key before it
    enrolled lists the retired key unproven; its old checkpoint lines then wait for
    `server approve-key` (sync refused naming it, exit 4, no fork alarm) and go through once
    the administrator approves the fingerprint."""
    from appraiser.cli.main import main
    from appraiser.keys import StationKeys, fingerprint
    from appraiser.server import db, enrolment
    from appraiser.services.admin import keys
    from appraiser.services.fleet.enrol import enrol

    old = StationKeys(station.data.keys, station.store)
    old_kid = old.current_key_id()
    old_public = old.public_keys()[old_kid]
    with station.store.atomic("admin") as tx:
        tx.event("test.before_rotation")
    keys.rotate(station, admin)
    with db.connect(live_server.dsn) as conn:
        token = enrolment.issue_token(conn, station.settings.station_code)
    assert enrol(station, admin, live_server.url, token)["keys"] != [old_kid]
    data = ["--data-dir", str(station.data.root)]
    capsys.readouterr()
    assert main([*data, "sync", "--once"]) == 4
    assert "approve-key" in capsys.readouterr().err
    assert _rows(live_server.dsn, "SELECT kind FROM alarms") == []
    code = station.settings.station_code
    approve = ["server", "approve-key", code, fingerprint(old_public), "--dsn", live_server.dsn]
    assert main(approve) == 0
    assert main([*data, "sync", "--once"]) == 0
    assert _rows(live_server.dsn, "SELECT kind FROM alarms") == []
