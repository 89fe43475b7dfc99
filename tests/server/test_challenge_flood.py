"""Stateless sign-in challenges (issue 15 finding B9): asking for a challenge writes nothing,
so strangers naming a public station code cannot use up its sign-ins; a challenge is one of
the server's (MAC), fresh (≤ 5 min) and used once (recorded only when correctly signed)."""

from __future__ import annotations

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fleet_support import server_rows

from appraiser.server import auth, db
from tests.server.sync_support import enrol_in_db, session_body


def test_stranger_challenges_never_stop_a_station_from_syncing(enrolled, live_server):
    """issue 15 finding B9: 50 unauthenticated challenges for the station's (public) code,
    then the real station's ``sync --once`` signs in and exits 0."""
    from appraiser.cli.main import main

    code = enrolled.settings.station_code
    with httpx.Client(base_url=live_server.url) as stranger:
        answers = [
            stranger.post("/sync/v1/challenge", json={"station": code}).status_code
            for _ in range(50)
        ]
    assert answers == [200] * 50
    assert server_rows(live_server.dsn, "SELECT count(*) FROM auth_challenges")[0][0] == 0
    assert main(["--data-dir", str(enrolled.data.root), "sync", "--once"]) == 0
    assert server_rows(live_server.dsn, "SELECT count(*) FROM auth_challenges")[0][0] == 1


def test_a_signed_challenge_is_used_once(server_app):
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(server_app.dsn, "BW-01", key)
    client = server_app.client
    body = session_body(client, "BW-01", key, kid)
    assert client.post("/sync/v1/session", json=body).status_code == 200
    replay = client.post("/sync/v1/session", json=body)
    assert replay.status_code == 401 and "already used" in replay.json()["error"]


def test_a_challenge_counts_only_for_its_station_and_unaltered(server_app):
    keys = {code: Ed25519PrivateKey.generate() for code in ("BW-01", "BW-02")}
    kids = {code: enrol_in_db(server_app.dsn, code, key) for code, key in keys.items()}
    client = server_app.client
    other = session_body(client, "BW-01", keys["BW-01"], kids["BW-01"])["challenge"]
    moved = _signed(keys["BW-02"], kids["BW-02"], "BW-02", other)  # BW-01's, signed by BW-02
    assert client.post("/sync/v1/session", json=moved).status_code == 401
    issued, nonce, mac = session_body(client, "BW-02", keys["BW-02"], kids["BW-02"])[
        "challenge"
    ].split(".")
    for forged in (f"{int(issued) + 60_000}.{nonce}.{mac}", f"{issued}.{nonce}x.{mac}", "².a.b"):
        body = _signed(keys["BW-02"], kids["BW-02"], "BW-02", forged)
        assert client.post("/sync/v1/session", json=body).status_code == 401
    assert server_rows(server_app.dsn, "SELECT count(*) FROM auth_challenges")[0][0] == 0


def test_a_challenge_older_than_five_minutes_is_refused(server_app):
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(server_app.dsn, "BW-01", key)
    with db.connect(server_app.dsn) as conn:
        station = conn.execute("SELECT id, code FROM stations WHERE code = 'BW-01'").fetchone()
        for age_ms, status in ((301_000, 401), (299_000, 200)):
            issued = str(auth._now_ms(conn) - age_ms)
            text = f"{issued}.nonce{age_ms}.{auth._mac(conn, station, issued, f'nonce{age_ms}')}"
            answer = server_app.client.post(
                "/sync/v1/session", json=_signed(key, kid, "BW-01", text)
            )
            assert answer.status_code == status, answer.text


def _signed(key: Ed25519PrivateKey, kid: str, code: str, challenge: str) -> dict:
    import base64

    sig = key.sign(auth.session_message(code, challenge))
    return {"station": code, "challenge": challenge, "kid": kid,
            "sig": base64.urlsafe_b64encode(sig).decode().rstrip("=")}  # fmt: skip
