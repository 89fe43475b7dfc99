"""Who reads ``/site/v1/overview``: a supervisor signed in at an enrolled station, not the
station alone.

A station session (bearer token) proves only which bench asks. The site view shows every
station's day, so the station also names the person: headers ``X-Appraiser-Viewer``
(username), ``X-Appraiser-Viewer-Kid`` and ``X-Appraiser-Viewer-Sig``, an Ed25519 signature
by one of the station's enrolled keys over ``VIEWER_DOMAIN + CODE + "\\n" + username + "\\n" +
sha256(bearer token)`` — bound to this session, so a copied assertion dies with it (30 min).
The server then checks the person against the station's own synced ``users`` rows: the
newest version must be active with the role ``supervisor`` (DESIGN §3.4 ``SUPERVISE``). An
appraiser's bench, a disabled or demoted account, or an account the server has not yet
received (sync first) is refused with 403 saying which.

The station key is what vouches for the person, as it vouches for every verdict it signs:
the station's own sign-in (password, throttling) decides who is at the bench.
"""

from __future__ import annotations

import hashlib
from typing import Any

import psycopg

from appraiser.errors import AuthError, PermissionDenied
from appraiser.server import auth, site_rows

VIEWER_DOMAIN = b"appraiser.fleet-site-viewer.v1\n"
VIEWER_ROLES = frozenset({"supervisor"})


def viewer_message(code: str, username: str, token: str) -> bytes:
    """What the station signs to say ``username`` is reading through session ``token``."""
    token_sha = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return VIEWER_DOMAIN + f"{code}\n{username}\n{token_sha}".encode()


def _bearer(authorization: str | None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def check_viewer(conn: psycopg.Connection, station: dict[str, Any], headers: Any) -> str:
    """The username of a supervisor the station vouches for; else AuthError (no or a bad
    assertion) or PermissionDenied (a real account that may not read the site view)."""
    username = headers.get("x-appraiser-viewer") or ""
    kid, sig = headers.get("x-appraiser-viewer-kid") or "", headers.get("x-appraiser-viewer-sig")
    if not username or len(username) > 128:
        raise AuthError(
            "The site view needs the signed-in supervisor (X-Appraiser-Viewer); update the"
            " station's app."
        )
    key = conn.execute(
        "SELECT pem FROM station_keys WHERE station_id = %s AND kid = %s",
        (station["id"], kid[:128]),
    ).fetchone()
    message = viewer_message(station["code"], username, _bearer(headers.get("authorization")))
    if key is None or not auth.check_signature(key["pem"], sig, message):
        raise AuthError("The station's signature naming the supervisor is not valid.")
    _check_account(conn, station, username)
    return username


def _check_account(conn: psycopg.Connection, station: dict[str, Any], username: str) -> None:
    wanted = username.casefold()
    rows = site_rows.fetch(conn, station["id"], "users")
    user = next((u for u in rows if str(u.get("username", "")).casefold() == wanted), None)
    if user is None:
        raise PermissionDenied(
            f"{username} is not an account of station {station['code']} on the server yet;"
            " sync the station first."
        )
    if not user.get("active", 1):
        raise PermissionDenied(f"{username}'s account is disabled on station {station['code']}.")
    if user.get("role") not in VIEWER_ROLES:
        raise PermissionDenied(
            f"{username} ({user.get('role')}) may not read the site view: it needs a supervisor."
        )
