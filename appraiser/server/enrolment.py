"""Enrolment: a station proves it holds a key and the server remembers that key.

An administrator runs ``server enrol-station CODE``: the server makes a one-time token
(only its SHA-256 is stored; it expires) and prints it. The station's administrator then
runs ``station enrol --server URL --token T``: the station sends its code, every public key
its ledger knows, and a signature by its current key over the token, so a token copied on
the way is useless without the station's private key. The token is spent on success.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from typing import Any

import psycopg

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.keys import key_id, load_public_pem
from appraiser.server.auth import add_proposal, check_signature
from appraiser.server.stations import retired_key_line

ENROL_DOMAIN = b"appraiser.fleet-enrol.v1\n"
DEFAULT_VALID = timedelta(hours=24)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enrol_message(code: str, token: str) -> bytes:
    return ENROL_DOMAIN + f"{code}\n{token}".encode()


def issue_token(conn: psycopg.Connection, code: str, valid: timedelta = DEFAULT_VALID) -> str:
    """A fresh one-time token for station ``code`` (made if new). A station that already
    enrolled a key is refused: re-enrolling would let a token replace a station's identity."""
    row = conn.execute(
        "INSERT INTO stations(code) VALUES (%s) ON CONFLICT (code) DO UPDATE SET code ="
        " EXCLUDED.code RETURNING id, enrolled, revoked",
        (code,),
    ).fetchone()
    if row["enrolled"] is not None and row["revoked"] is None:
        raise InvalidInput(
            f"Station {code} is already enrolled; its key cannot be replaced"
            " (revoke its enrolment first: `appraiser server revoke-station`)."
        )
    conn.execute(  # a new token spends the older ones (issue 15 finding F10)
        "UPDATE enrolment_tokens SET used = now() WHERE station_id = %s AND used IS NULL",
        (row["id"],),
    )
    # never led by "-": typed after `--token` on the command line, argparse took such a
    # token (one in 64) for an option and the enrolment failed with a usage error
    token = "e" + secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO enrolment_tokens(token_sha, station_id, expires) VALUES (%s, %s, now() + %s)",
        (sha(token), row["id"], valid),
    )
    return token


def enrol(conn: psycopg.Connection, request: dict[str, Any]) -> dict[str, Any]:
    """Register the station's key if the token is live and the proof signature holds.

    Only the key that signed the proof is enrolled at once (issue 15 finding F11): any
    other listed key (a retired one the station no longer holds) becomes a proposal the
    administrator approves by fingerprint (``server approve-key``). A key another station
    enrolled is refused, and so is a station that already enrolled (finding F10: a second
    token never adds a key to an enrolled station). After a revocation the signer must be a
    NEW key: one the revocation retired is refused with what to do (findings B6, B8)."""
    code, token = _text(request, "station"), _text(request, "token")
    found = conn.execute(
        "SELECT t.station_id, s.code, s.enrolled, s.revoked, t.used, t.expires < now() AS"
        " expired FROM enrolment_tokens t JOIN stations s ON s.id = t.station_id"
        " WHERE t.token_sha = %s FOR UPDATE",
        (sha(token),),
    ).fetchone()
    if found is None or found["code"] != code or found["used"] or found["expired"]:
        raise PermissionDenied(
            "This enrolment token is unknown, spent, expired or not for this station."
        )
    if found["enrolled"] is not None and found["revoked"] is None:
        raise PermissionDenied(
            f"Station {code} is already enrolled; a token never adds a key to it"
            " (a rotated key is approved with `appraiser server approve-key`)."
        )
    keys = _public_keys(request)
    kid = _text(request, "kid")
    signer = keys.get(kid)
    if signer is None or not check_signature(
        signer, request.get("sig"), enrol_message(code, token)
    ):
        raise PermissionDenied("The enrolment proof is not signed by the station's key.")
    _refuse_foreign_keys(conn, found["station_id"], keys)
    sid = found["station_id"]
    retired = retired_key_line(conn, sid, kid)
    if retired is not None:  # issue 15 findings B6, B8: a revoked key never comes back
        raise PermissionDenied(retired)
    conn.execute(
        "INSERT INTO station_keys(station_id, kid, pem) VALUES (%s, %s, %s)"
        " ON CONFLICT (station_id, kid) DO NOTHING",
        (sid, kid, signer),
    )
    proposed = _unknown(conn, sid, set(keys) - {kid})
    for other in proposed:
        add_proposal(conn, sid, other, keys[other])
    conn.execute("UPDATE enrolment_tokens SET used = now() WHERE token_sha = %s", (sha(token),))
    if found["revoked"] is not None:  # history: the revocation's alarm stays, this joins it
        conn.execute(
            "INSERT INTO alarms(station_id, kind, detail) VALUES (%s, 'station.enrolled_again',"
            " jsonb_build_object('key', %s::text))",
            (sid, kid),
        )
    conn.execute(
        "UPDATE stations SET enrolled = now(), revoked = NULL, revoked_reason = NULL WHERE id = %s",
        (sid,),
    )
    return {"station": code, "keys": [kid], "proposed": proposed}


def _unknown(conn: psycopg.Connection, station_id: int, kids: set[str]) -> list[str]:
    """The listed keys this station never had on the server: a key it had (one a
    revocation retired) is never proposed again (issue 15 finding B7) — the server still
    knows it, so what it signed before still verifies."""
    known = conn.execute(
        "SELECT kid FROM station_keys WHERE station_id = %s AND kid = ANY(%s)",
        (station_id, list(kids)),
    ).fetchall()
    return sorted(kids - {row["kid"] for row in known})


def _refuse_foreign_keys(conn: psycopg.Connection, station_id: int, keys: dict[str, str]) -> None:
    """A key already enrolled by another station is never a second station's (F11)."""
    taken = conn.execute(
        "SELECT k.kid, s.code FROM station_keys k JOIN stations s ON s.id = k.station_id"
        " WHERE k.kid = ANY(%s) AND k.station_id <> %s ORDER BY k.kid LIMIT 1",
        (list(keys), station_id),
    ).fetchone()
    if taken is not None:
        raise PermissionDenied(
            f"Key {taken['kid']} is already enrolled by station {taken['code']};"
            " a station enrols only its own keys."
        )


def _text(request: dict[str, Any], name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or not value or len(value) > 512:
        raise InvalidInput(f"The request needs a text field {name!r}.")
    return value


def _public_keys(request: dict[str, Any]) -> dict[str, str]:
    pems = request.get("public_keys")
    if not isinstance(pems, list) or not pems or len(pems) > 64:
        raise InvalidInput("The request needs 'public_keys': a list of PEM public keys.")
    keys = {}
    for pem in pems:
        if not isinstance(pem, str):
            raise InvalidInput("Each public key is a PEM text.")
        keys[key_id(load_public_pem(pem.encode("ascii", "replace")))] = pem
    return keys


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
