"""A key retired by `server revoke-station` never comes back (issue 15 findings B6, B7, B8).

The revocation ends the station's keys on the resolver for labels dated after its day. If the
same key enrolled again, every label the bench printed from the next day would read "signature
invalid — may be forged" (B6), and a key the site declared possibly stolen would be taken back
without a word (B8) or proposed for approval (B7). Only a new key enrols after a revocation.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fleet_support import server_rows
from resolver_support import FakeStation

from appraiser.cli.main import main
from appraiser.errors import PermissionDenied
from appraiser.keys import StationKeys, fingerprint, key_id
from appraiser.server import db, enrolment, stations
from appraiser.services.admin import keys as admin_keys

GENUINE = 'data-status="genuine"'
INVALID = 'data-status="bad_signature"'


def _today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")


def _retired_line(code: str) -> str:
    return (
        f"This key was retired when {code}'s enrolment was revoked on {_today()}: run"
        " `appraiser keys rotate` on the station, then enrol with the new key."
    )


def _server(dsn: str, *args: str) -> int:
    return main(["server", *args, "--dsn", dsn])


def test_issue_15_finding_b6_the_revoked_key_is_refused_a_rotated_one_enrols(
    enrolled, admin, password, live_server, capsys, monkeypatch
):
    dsn, code = live_server.dsn, enrolled.settings.station_code
    data = ["--data-dir", str(enrolled.data.root)]
    old_kid = StationKeys(enrolled.data.keys, enrolled.store).current_key_id()
    assert _server(dsn, "revoke-station", code, "--reason", "lost for a day") == 0
    capsys.readouterr()

    assert _server(dsn, "enrol-station", code) == 0
    said = capsys.readouterr()
    assert "must enrol with a NEW key" in said.err and "keys rotate" in said.err
    token = said.out.strip().splitlines()[-1]
    command = [*data, "station", "enrol", "--server", live_server.url, "--token", token]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main([*command, "--user", "admin"]) == 4  # the server refused: a person must act
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and _retired_line(code) in err[0], err
    retired = server_rows(dsn, "SELECT count(*) FROM station_keys WHERE retired IS NOT NULL")
    assert retired == [(1,)]  # the refusal took nothing back

    admin_keys.rotate(enrolled, admin)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main([*command, "--user", "admin"]) == 0  # the token was not spent by the refusal
    assert "enrolled with" in capsys.readouterr().out
    new_kid = StationKeys(enrolled.data.keys, enrolled.store).current_key_id()
    rows = server_rows(dsn, "SELECT kid, retired IS NOT NULL FROM station_keys")
    assert sorted(rows) == sorted([(old_kid, True), (new_kid, False)])
    assert server_rows(dsn, "SELECT count(*) FROM proposed_keys") == [(0,)]  # B7
    assert main([*data, "sync", "--once"]) == 0
    assert _server(dsn, "stations") == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(code))
    assert "enrolled" in line and "to approve" not in line


def test_approve_key_refuses_a_key_a_revocation_retired(enrolled, admin, live_server, capsys):
    """A proposal of the retired key (left by a server before this fix) is never approved."""
    dsn, code = live_server.dsn, enrolled.settings.station_code
    held = StationKeys(enrolled.data.keys, enrolled.store)
    old = held.public_keys()[held.current_key_id()]
    assert _server(dsn, "revoke-station", code) == 0
    with db.connect(dsn) as conn, conn.transaction():
        conn.execute(
            "INSERT INTO proposed_keys(station_id, kid, pem) SELECT station_id, kid, pem"
            " FROM station_keys"
        )
    capsys.readouterr()
    assert _server(dsn, "approve-key", code, fingerprint(old)) == 2
    assert _retired_line(code) in capsys.readouterr().err
    assert server_rows(dsn, "SELECT count(*) FROM station_keys WHERE retired IS NULL") == [(0,)]


def _pem(key: Ed25519PrivateKey) -> str:
    public = key.public_key()
    raw = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return raw.decode("ascii")


def _enrol(dsn: str, code: str, key: Ed25519PrivateKey, *listed: Ed25519PrivateKey) -> dict:
    """What `station enrol` sends, signed by ``key``, listing ``listed`` keys as well."""
    from appraiser.services.fleet.link import b64

    with db.connect(dsn) as conn, conn.transaction():
        token = enrolment.issue_token(conn, code)
    request = {
        "station": code,
        "token": token,
        "kid": key_id(key.public_key()),
        "sig": b64(key.sign(enrolment.enrol_message(code, token))),
        "public_keys": [_pem(k) for k in (key, *listed)],
    }
    with db.connect(dsn) as conn, conn.transaction():
        return enrolment.enrol(conn, request)


def test_a_label_of_the_new_key_dated_after_the_revocation_reads_genuine(server_app):
    dsn, code = server_app.dsn, "WH1-BENCH-06"
    old = Ed25519PrivateKey.generate()
    assert _enrol(dsn, code, old)["keys"] == [key_id(old.public_key())]
    with db.connect(dsn) as conn, conn.transaction():
        stations.revoke(conn, code, "bench stolen")

    with pytest.raises(PermissionDenied) as refused:
        _enrol(dsn, code, old)
    assert _retired_line(code) in str(refused.value)
    new = Ed25519PrivateKey.generate()
    answer = _enrol(dsn, code, new, old)  # the station lists its retired key too
    assert answer["keys"] == [key_id(new.public_key())] and answer["proposed"] == []

    with db.connect(dsn) as conn:
        sid = conn.execute("SELECT id FROM stations WHERE code = %s", (code,)).fetchone()["id"]
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y%m%d")
    bench = FakeStation(dsn, code=code, key=new, kid=key_id(new.public_key()), id=sid)
    thief = FakeStation(dsn, code=code, key=old, kid=key_id(old.public_key()), id=sid, _n=50)
    fresh, forged = bench.issue(day=tomorrow), thief.issue(day=tomorrow)
    page = server_app.client.get(fresh.path_and_query, follow_redirects=True)
    assert page.status_code == 200 and GENUINE in page.text
    page = server_app.client.get(forged.path_and_query, follow_redirects=True)
    assert page.status_code == 200 and INVALID in page.text
