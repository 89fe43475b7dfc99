"""Station authentication: challenge → signature by the station key → short-lived token.

No shared passwords and no trust in the station's clock (a skewed clock must not lock a
station out): the server hands out a random challenge, the station signs it with a key it
enrolled, and gets a bearer token valid for ``SESSION`` (only its SHA-256 is stored, in
PostgreSQL, so any worker accepts it). Over TLS in production.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
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
# Caps per station on what anyone can make the server write without signing in (issue 15
# F12): live challenges (a station needs one per sync pass) and proposed keys (a rotation
# needs one; the newest are kept, as the real station proposes its key again each pass).
MAX_CHALLENGES = 20
MAX_PROPOSED = 5


class TooManyPending(Exception):
    """Too many live challenges for one station: 429 with ``Retry-After: seconds``."""

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many sign-ins are pending for this station; try again in {seconds} s."
        )
        self.seconds = seconds


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


def challenge(conn: psycopg.Connection, code: Any) -> str:
    station = _station(conn, code)
    conn.execute("SELECT 1 FROM stations WHERE id = %s FOR UPDATE", (station["id"],))
    conn.execute("DELETE FROM auth_challenges WHERE expires < now()")
    live = conn.execute(
        "SELECT count(*) AS n, CEIL(EXTRACT(EPOCH FROM min(expires) - now())) AS wait"
        " FROM auth_challenges WHERE station_id = %s",
        (station["id"],),
    ).fetchone()
    if live["n"] >= MAX_CHALLENGES:
        raise TooManyPending(max(1, int(live["wait"] or 1)))
    text = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO auth_challenges(challenge, station_id, expires) VALUES (%s, %s, now() + %s)",
        (text, station["id"], CHALLENGE_LIFE),
    )
    return text


def open_session(conn: psycopg.Connection, request: dict[str, Any]) -> str:
    """A bearer token, if the challenge is live (it is spent here) and signed by a key
    this station enrolled."""
    station = _station(conn, request.get("station"))
    spent = conn.execute(
        "DELETE FROM auth_challenges WHERE challenge = %s AND station_id = %s AND expires >= now()"
        " RETURNING challenge",
        (str(request.get("challenge")), station["id"]),
    ).fetchone()
    key = conn.execute(  # a key of a revoked enrolment signs in no more
        "SELECT pem FROM station_keys WHERE station_id = %s AND kid = %s AND retired IS NULL",
        (station["id"], str(request.get("kid"))),
    ).fetchone()
    message = session_message(station["code"], str(request.get("challenge")))
    if spent is None or key is None or not check_signature(key["pem"], request.get("sig"), message):
        if key is None and spent is not None and _retired(conn, station["id"], request.get("kid")):
            raise PermissionDenied(
                f"Key {request.get('kid')} belonged to a revoked enrolment of station"
                f" {station['code']} and signs in no more: call the site administrator."
            )
        if key is None and spent is not None:
            raise AuthError(
                f"The server does not know key {request.get('kid')} of station"
                f" {station['code']} (rotated after enrolment?): on the server run `appraiser"
                f" server approve-key {station['code']} FINGERPRINT` with the fingerprint"
                " `appraiser keys list` shows on the station."
            )
        raise AuthError("The station's signature was not accepted; sign in again.")
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
    live = conn.execute(  # a proposal rides on a challenge of ours (capped per station)
        "SELECT 1 FROM auth_challenges WHERE challenge = %s AND station_id = %s"
        " AND expires >= now()",
        (str(request.get("challenge")), station["id"]),
    ).fetchone()
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
