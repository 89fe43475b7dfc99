"""Station authentication: challenge → signature by the station key → short-lived token.

No shared passwords and no trust in the station's clock (a skewed clock must not lock a
station out): the server hands out a random challenge, the station signs it with a key it
enrolled, and gets a bearer token valid for ``SESSION`` (only its SHA-256 is stored, in
PostgreSQL, so any worker accepts it). Over TLS in production.

A challenge is stateless (issue 15 finding B9): ``<issued ms>.<random>.<MAC>``, the MAC over
station, issue time (PostgreSQL's clock) and random part with the secret of migration 320.
Asking for one writes nothing, so strangers naming a public station code can no longer use
up its sign-ins; a challenge is recorded (as spent, in ``auth_challenges``) only when a
correctly signed session request uses it, which makes it single-use within its 5 minutes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

import psycopg
from cryptography.exceptions import InvalidSignature

from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.keys import key_id, load_public_pem, same_fingerprint

SESSION_DOMAIN = b"appraiser.fleet-session.v1\n"
CHALLENGE_LIFE = timedelta(minutes=5)
SESSION = timedelta(minutes=30)
# A challenge stamped up to this far in the future still counts (transactions' start times).
CHALLENGE_AHEAD_MS = 5_000
# Cap per station on what anyone can make the server write without signing in (issue 15
# F12): proposed keys (a rotation needs one; the newest are kept, as the real station
# proposes its key again each pass). Challenges write nothing until signed (B9).
MAX_PROPOSED = 5


def check_signature(pem: str, sig: Any, message: bytes) -> bool:
    """Whether ``sig`` (base64url text) is the PEM key's Ed25519 signature of ``message``."""
    if not isinstance(sig, str) or len(sig) > 200:
        return False
    try:
        raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
        load_public_pem(pem.encode("ascii")).verify(raw, message)
    except (InvalidSignature, binascii.Error, ValueError, InvalidInput):
        return False
    return True


def session_message(code: str, challenge: str) -> bytes:
    return SESSION_DOMAIN + f"{code}\n{challenge}".encode()


REVOKED = (
    "This station's enrolment was revoked on the server: call the site administrator"
    " (it enrols again with a new token from `appraiser server enrol-station`)."
)


def refuse_revoked(row: dict[str, Any]) -> None:
    """A revoked station signs in and pushes nothing (403 with the reason it shows)."""
    if row.get("revoked") is not None:
        why = row.get("revoked_reason")
        raise PermissionDenied(REVOKED + (f" Reason: {why}" if why else ""))


def _station(conn: psycopg.Connection, code: Any) -> dict[str, Any]:
    row = None
    if isinstance(code, str) and len(code) <= 64:
        row = conn.execute(
            "SELECT id, code, revoked, revoked_reason FROM stations"
            " WHERE code = %s AND enrolled IS NOT NULL",
            (code,),
        ).fetchone()
    if row is None:
        raise AuthError("This station is not enrolled with the server.")
    refuse_revoked(row)
    return row


def _now_ms(conn: psycopg.Connection) -> int:
    """PostgreSQL's clock, shared by every worker and host (never the station's)."""
    row = conn.execute("SELECT (EXTRACT(EPOCH FROM now()) * 1000)::bigint AS ms").fetchone()
    return int(row["ms"])


def _mac(conn: psycopg.Connection, station: dict[str, Any], issued: str, nonce: str) -> str:
    row = conn.execute("SELECT value FROM server_secrets WHERE name = 'challenge'").fetchone()
    message = f"{station['id']}\n{station['code']}\n{issued}\n{nonce}".encode()
    digest = hmac.new(bytes(row["value"]), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def challenge(conn: psycopg.Connection, code: Any) -> str:
    """A fresh challenge for the station; nothing is stored (issue 15 finding B9)."""
    station = _station(conn, code)
    issued, nonce = str(_now_ms(conn)), secrets.token_urlsafe(18)
    return f"{issued}.{nonce}.{_mac(conn, station, issued, nonce)}"


def _genuine(conn: psycopg.Connection, station: dict[str, Any], text: Any) -> bool:
    """Whether ``text`` is a challenge this server issued for ``station`` under 5 min ago."""
    ok = isinstance(text, str) and len(text) <= 200 and text.isascii()  # compare_digest: ASCII
    parts = text.split(".") if ok else []
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 15:
        return False
    if not hmac.compare_digest(_mac(conn, station, parts[0], parts[1]), parts[2]):
        return False
    age = _now_ms(conn) - int(parts[0])
    return -CHALLENGE_AHEAD_MS <= age <= CHALLENGE_LIFE.total_seconds() * 1000


def _spend(conn: psycopg.Connection, station_id: int, text: str) -> None:
    """Record a signed challenge as used; the second use of one is refused."""
    conn.execute("DELETE FROM auth_challenges WHERE expires < now()")
    spent = conn.execute(
        "INSERT INTO auth_challenges(challenge, station_id, expires) VALUES (%s, %s, now() + %s)"
        " ON CONFLICT (challenge) DO NOTHING RETURNING challenge",
        (text, station_id, CHALLENGE_LIFE + timedelta(milliseconds=CHALLENGE_AHEAD_MS)),
    ).fetchone()
    if spent is None:
        raise AuthError("This sign-in challenge was already used; sign in again.")


def open_session(conn: psycopg.Connection, request: dict[str, Any]) -> str:
    """A bearer token, if the challenge is one of ours, fresh and unused (it is spent here)
    and signed by a key this station enrolled."""
    station = _station(conn, request.get("station"))
    fresh = _genuine(conn, station, request.get("challenge"))
    key = conn.execute(  # a key of a revoked enrolment signs in no more
        "SELECT pem FROM station_keys WHERE station_id = %s AND kid = %s AND retired IS NULL",
        (station["id"], str(request.get("kid"))),
    ).fetchone()
    message = session_message(station["code"], str(request.get("challenge")))
    if not fresh or key is None or not check_signature(key["pem"], request.get("sig"), message):
        if key is None and fresh and _retired(conn, station["id"], request.get("kid")):
            raise PermissionDenied(
                f"Key {request.get('kid')} belonged to a revoked enrolment of station"
                f" {station['code']} and signs in no more: call the site administrator."
            )
        if key is None and fresh:
            raise AuthError(
                f"The server does not know key {request.get('kid')} of station"
                f" {station['code']} (rotated after enrolment?): on the server run `appraiser"
                f" server approve-key {station['code']} FINGERPRINT` with the fingerprint"
                " `appraiser keys list` shows on the station."
            )
        raise AuthError("The station's signature was not accepted; sign in again.")
    _spend(conn, station["id"], str(request.get("challenge")))
    token = secrets.token_urlsafe(32)
    # Expired sessions are useless (a token is checked against ``expires``) but would pile
    # up, one per sync pass of every station: each new session clears them.
    conn.execute("DELETE FROM sessions WHERE expires < now()")
    conn.execute(
        "INSERT INTO sessions(token_sha, station_id, expires) VALUES (%s, %s, now() + %s)",
        (hashlib.sha256(token.encode()).hexdigest(), station["id"], SESSION),
    )
    return token


def _retired(conn: psycopg.Connection, station_id: int, kid: Any) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM station_keys WHERE station_id = %s AND kid = %s AND retired IS NOT NULL",
            (station_id, str(kid)),
        ).fetchone()
    )


def propose_unknown_key(conn: psycopg.Connection, request: dict[str, Any]) -> None:
    """A station that rotated its key after enrolling signs in with a key the server does not
    know. If the request carries that key's PEM and a valid signature by it, keep it as a
    proposal for an administrator to approve by fingerprint (``server approve-key``); it
    signs nothing until then (the old key never vouches for the new one on the station)."""
    kid, pem = request.get("kid"), request.get("pem")
    if not isinstance(kid, str) or not isinstance(pem, str) or len(pem) > 1024:
        return
    try:
        station = _station(conn, request.get("station"))
        public = load_public_pem(pem.encode("ascii"))
    except (AuthError, InvalidInput, UnicodeEncodeError):
        return
    known = conn.execute(
        "SELECT 1 FROM station_keys WHERE station_id = %s AND kid = %s", (station["id"], kid)
    ).fetchone()
    live = _genuine(conn, station, request.get("challenge"))  # rides on a challenge of ours
    message = session_message(station["code"], str(request.get("challenge")))
    if known or not live or key_id(public) != kid:
        return
    if check_signature(pem, request.get("sig"), message):
        add_proposal(conn, station["id"], kid, pem)


def add_proposal(conn: psycopg.Connection, station_id: int, kid: str, pem: str) -> None:
    """Keep ``kid`` as a proposed key of the station, and only the newest ``MAX_PROPOSED``
    of them (issue 15 F12: strangers cannot fill the administrator's list)."""
    conn.execute(
        "INSERT INTO proposed_keys(station_id, kid, pem) VALUES (%s, %s, %s)"
        " ON CONFLICT (station_id, kid) DO UPDATE SET proposed = now()",
        (station_id, kid, pem),
    )
    conn.execute(
        "DELETE FROM proposed_keys WHERE station_id = %s AND kid NOT IN (SELECT kid FROM"
        " proposed_keys WHERE station_id = %s ORDER BY proposed DESC, kid LIMIT %s)",
        (station_id, station_id, MAX_PROPOSED),
    )


def approve_key(conn: psycopg.Connection, code: str, typed_fingerprint: str) -> str:
    """Move the proposed key whose fingerprint was read out to the station's keys."""
    for row in conn.execute(
        "SELECT p.station_id, p.kid, p.pem FROM proposed_keys p JOIN stations s ON"
        " s.id = p.station_id WHERE s.code = %s",
        (code,),
    ).fetchall():
        if same_fingerprint(typed_fingerprint, load_public_pem(row["pem"].encode("ascii"))):
            taken = conn.execute(  # another station's key is never this one's (F11)
                "SELECT s.code FROM station_keys k JOIN stations s ON s.id = k.station_id"
                " WHERE k.kid = %s AND k.station_id <> %s",
                (row["kid"], row["station_id"]),
            ).fetchone()
            if taken is not None:
                raise InvalidInput(f"That key is already enrolled by station {taken['code']}.")
            from appraiser.server.stations import retired_key_line

            retired = retired_key_line(conn, row["station_id"], row["kid"])
            if retired is not None:  # issue 15 findings B6–B8: never approved again
                raise InvalidInput(retired)
            conn.execute(
                "INSERT INTO station_keys(station_id, kid, pem) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (row["station_id"], row["kid"], row["pem"]),
            )
            conn.execute(
                "DELETE FROM proposed_keys WHERE station_id = %s AND kid = %s",
                (row["station_id"], row["kid"]),
            )
            return row["kid"]
    raise InvalidInput(f"Station {code} proposed no key with that fingerprint.")


def station_of(conn: psycopg.Connection, authorization: str | None) -> dict[str, Any]:
    """The station a ``Bearer`` token belongs to, or ``AuthError``."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError("Sign in first (Authorization: Bearer …).")
    row = conn.execute(
        "SELECT s.id, s.code, s.revoked, s.revoked_reason FROM sessions x JOIN stations s"
        " ON s.id = x.station_id WHERE x.token_sha = %s AND x.expires >= now()",
        (hashlib.sha256(token.strip().encode()).hexdigest(),),
    ).fetchone()
    if row is None:
        raise AuthError("The session expired or is unknown; sign in again.")
    refuse_revoked(row)
    return row
