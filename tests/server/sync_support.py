"""Sign a station in through the real endpoints of a ``server_app`` (enrolled straight in the
database, so a test starts at the part it is about)."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser.keys import key_id, public_pem
from appraiser.server import auth, db


def enrol_in_db(dsn: str, code: str, key: Ed25519PrivateKey) -> str:
    """The station row and its key, as an enrolment would leave them; returns the key id."""
    kid = key_id(key.public_key())
    with db.connect(dsn) as conn:
        sid = conn.execute(
            "INSERT INTO stations(code, enrolled) VALUES (%s, now()) RETURNING id", (code,)
        ).fetchone()["id"]
        pem = public_pem(key.public_key()).decode()
        conn.execute("INSERT INTO station_keys VALUES (%s, %s, %s)", (sid, kid, pem))
    return kid


def session_body(client, code: str, key: Ed25519PrivateKey, kid: str) -> dict:
    """A fresh challenge, signed: the body of ``POST /sync/v1/session``."""
    challenge = client.post("/sync/v1/challenge", json={"station": code}).json()["challenge"]
    sig = key.sign(auth.session_message(code, challenge))
    return {"station": code, "challenge": challenge, "kid": kid,
            "sig": base64.urlsafe_b64encode(sig).decode().rstrip("=")}  # fmt: skip


def sign_in(server_app, code: str = "BW-09") -> Ed25519PrivateKey:
    """Enrol ``code`` and put its bearer token on the test client's headers."""
    key = Ed25519PrivateKey.generate()
    kid = enrol_in_db(server_app.dsn, code, key)
    client = server_app.client
    token = client.post("/sync/v1/session", json=session_body(client, code, key, kid)).json()
    client.headers["Authorization"] = f"Bearer {token['token']}"
    return key
