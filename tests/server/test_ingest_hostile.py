"""Hostile pushes get a 4xx with one line, never a 500, and store nothing."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser.keys import key_id, public_pem
from appraiser.server import auth, db
from appraiser.storage.audit import event_hash

KEY = Ed25519PrivateKey.generate()


@pytest.fixture
def signed_in(server_app):
    """A station enrolled straight in the database, signed in through the real endpoints."""
    with db.connect(server_app.dsn) as conn:
        sid = conn.execute(
            "INSERT INTO stations(code, enrolled) VALUES ('BW-09', now()) RETURNING id"
        ).fetchone()["id"]
        kid = key_id(KEY.public_key())
        pem = public_pem(KEY.public_key()).decode()
        conn.execute("INSERT INTO station_keys VALUES (%s, %s, %s)", (sid, kid, pem))
    client = server_app.client
    challenge = client.post("/sync/v1/challenge", json={"station": "BW-09"}).json()["challenge"]
    sig = KEY.sign(auth.session_message("BW-09", challenge))
    body = {"station": "BW-09", "challenge": challenge, "kid": kid,
            "sig": base64.urlsafe_b64encode(sig).decode().rstrip("=")}  # fmt: skip
    token = client.post("/sync/v1/session", json=body).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return server_app


GOOD = {"seq": 1, "ts": "t", "actor": None, "action": "a", "entity": None, "entity_id": None,
        "row_digest": None, "data": "{}", "prev_hash": "0" * 64, "hash": "x"}  # fmt: skip


def _hashed(event: dict) -> dict:
    """A well-linked event, so only its content is hostile."""
    return {**event, "hash": event_hash(event, event["prev_hash"])}


CASES = [
    ("/sync/v1/events", b"not json"),
    ("/sync/v1/events", b"[1]"),
    ("/sync/v1/events", {"events": "x"}),
    ("/sync/v1/events", {"events": [1]}),
    ("/sync/v1/events", {"events": [{**GOOD, "seq": True}]}),
    ("/sync/v1/events", {"events": [{**GOOD, "seq": 2**70}]}),
    ("/sync/v1/events", {"events": [GOOD]}),  # a hash that is not the event's
    ("/sync/v1/events", {"events": [_hashed({**GOOD, "action": "a\x00b"})]}),  # NUL in text
    ("/sync/v1/events", {"events": [GOOD], "rows": "x"}),
    ("/sync/v1/checkpoints", {"lines": [{"n": 1, "text": "[" * 100_000}]}),
    ("/sync/v1/checkpoints", {"lines": [{"n": 1, "text": 5}]}),
    ("/sync/v1/checkpoints", {"lines": [{"n": 2**70, "text": "{}"}]}),
    ("/sync/v1/media/missing", {"hashes": ["../../etc/passwd"]}),
    ("/sync/v1/media/missing", {"hashes": "x"}),
]


@pytest.mark.parametrize(("path", "body"), CASES)
def test_a_hostile_push_is_refused_with_4xx_and_stores_nothing(signed_in, path, body):
    client = signed_in.client
    answer = (
        client.post(path, content=body) if isinstance(body, bytes) else client.post(path, json=body)
    )
    assert 400 <= answer.status_code < 500, answer.text
    assert "error" in answer.json()
    with db.connect(signed_in.dsn) as conn:
        assert conn.execute("SELECT count(*) AS n FROM audit_events").fetchone()["n"] == 0


@pytest.mark.parametrize(
    "headers",
    [{}, {"Upload-Offset": "x", "Upload-Length": "1"},
     {"Upload-Offset": "-1", "Upload-Length": "1"},
     {"Upload-Offset": "0", "Upload-Length": str(2**70)}],
)  # fmt: skip
def test_a_hostile_media_chunk_is_refused(signed_in, headers):
    answer = signed_in.client.patch("/sync/v1/media/" + "a" * 64, content=b"x", headers=headers)
    assert answer.status_code == 400


def test_without_a_session_nothing_is_accepted(server_app):
    answer = server_app.client.post("/sync/v1/events", json={"events": [GOOD]})
    assert answer.status_code == 401
