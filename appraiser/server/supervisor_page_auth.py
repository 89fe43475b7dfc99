"""Who may read the supervisor page: server supervisors with an access key.

``appraiser server add-supervisor NAME`` makes a supervisor and prints a random access key
once (only its SHA-256 is kept). Signing in with name + key opens a session: a random cookie
(only its SHA-256 stored, so any worker accepts it) and a CSRF token that every form of the
session must carry. Sessions live ``SESSION``; a wrong key is refused without saying
whether the name exists. Station users never sign in here: their passwords stay on their
bench.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

import psycopg

from appraiser.errors import AuthError, InvalidInput

SESSION = timedelta(hours=8)
NAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


@dataclass(frozen=True)
class Supervisor:
    id: int
    name: str
    csrf: str


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_supervisor(conn: psycopg.Connection, name: str) -> str:
    """A new supervisor; returns the access key (never stored, shown once)."""
    if not NAME.fullmatch(name or ""):
        raise InvalidInput(f"{name!r} is not a supervisor name (letters, digits, _ . @ -).")
    key = secrets.token_urlsafe(24)
    added = conn.execute(
        "INSERT INTO supervisors (name, key_sha) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING"
        " RETURNING id",
        (name, _sha(key)),
    ).fetchone()
    if added is None:
        raise InvalidInput(f"There is already a supervisor {name!r}.")
    return key


def sign_in(conn: psycopg.Connection, name: str, key: str) -> tuple[str, str]:
    """A session cookie and its CSRF token for a supervisor whose key matches."""
    row = None
    if isinstance(name, str) and NAME.fullmatch(name):
        row = conn.execute(
            "SELECT id, key_sha FROM supervisors WHERE name = %s AND disabled IS NULL", (name,)
        ).fetchone()
    given = _sha(key if isinstance(key, str) else "")
    if row is None or not hmac.compare_digest(row["key_sha"], given):
        raise AuthError("Name or access key not accepted.")
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    conn.execute("DELETE FROM supervisor_sessions WHERE expires < now()")
    conn.execute(
        "INSERT INTO supervisor_sessions (token_sha, supervisor_id, csrf, expires)"
        " VALUES (%s, %s, %s, now() + %s)",
        (_sha(token), row["id"], csrf, SESSION),
    )
    return token, csrf


def session_of(conn: psycopg.Connection, cookie: str | None) -> Supervisor | None:
    """The signed-in supervisor of a session cookie, or None."""
    if not cookie or len(cookie) > 128:
        return None
    row = conn.execute(
        "SELECT s.id, s.name, x.csrf FROM supervisor_sessions x JOIN supervisors s"
        " ON s.id = x.supervisor_id WHERE x.token_sha = %s AND x.expires >= now()"
        " AND s.disabled IS NULL",
        (_sha(cookie),),
    ).fetchone()
    return Supervisor(row["id"], row["name"], row["csrf"]) if row else None


def sign_out(conn: psycopg.Connection, cookie: str | None) -> None:
    if cookie:
        conn.execute("DELETE FROM supervisor_sessions WHERE token_sha = %s", (_sha(cookie),))


def same_token(expected: str, given: object) -> bool:
    return isinstance(given, str) and hmac.compare_digest(expected.encode(), given.encode())
