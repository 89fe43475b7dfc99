"""What a station remembers about its fleet server, and the signed-in HTTP session to it.

``<data>/fleet/server.json`` names the server (and a CA file for a private TLS
certificate). The station signs in per sync: a challenge from the server, signed with the
station key, gives a short bearer token — no password is ever stored or sent.
"""

from __future__ import annotations

import base64
import hashlib
import json
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from appraiser.errors import InvalidInput, KnownError
from appraiser.fsio import write_atomic
from appraiser.keys import StationKeys, public_pem
from appraiser.paths import DataDir

SESSION_DOMAIN = b"appraiser.fleet-session.v1\n"  # = appraiser.server.auth.SESSION_DOMAIN
VIEWER_DOMAIN = b"appraiser.fleet-site-viewer.v1\n"  # = appraiser.server.site_viewer's
TIMEOUT_S = 30.0


class ServerUnreachable(KnownError):
    """The fleet server did not answer (down, no network): the station works on (exit 3)."""


class ServerUnavailable(ServerUnreachable):
    """The server answered 5xx (up, but its database is down or it failed): like no answer,
    it is retried later and never asks a person to act (exit 3, not 4). ``headline`` says
    which: "server database unavailable" when the server said so (issue 15 finding N8)."""

    headline = "server unavailable"


class DatabaseUnavailable(ServerUnavailable):
    headline = "server database unavailable"


class ServerRefused(KnownError):
    """The server answered with a refusal the station cannot resolve by itself."""


@dataclass(frozen=True)
class Link:
    server: str
    station: str
    ca: str | None = None


def link_path(data: DataDir) -> Path:
    return data.root / "fleet" / "server.json"


def load(data: DataDir) -> Link:
    path = link_path(data)
    try:
        raw = json.loads(path.read_text("utf-8"))
        return Link(str(raw["server"]), str(raw["station"]), raw.get("ca"))
    except FileNotFoundError:
        raise InvalidInput(
            "This station is not enrolled with a fleet server.",
            hint="Run: appraiser station enrol --server URL --token T --user ADMIN",
        ) from None
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput(f"{path} is damaged ({exc}); enrol the station again.") from exc


def save(data: DataDir, link: Link) -> None:
    path = link_path(data)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    body = {"server": link.server, "station": link.station, "ca": link.ca}
    write_atomic(path, json.dumps(body, indent=2).encode("utf-8"), mode=0o600)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _trust(ca: str | None) -> ssl.SSLContext | bool:
    """The CA of a private server certificate (``--ca`` at enrolment), or the system's."""
    if not ca:
        return True
    try:
        return ssl.create_default_context(cafile=ca)
    except (OSError, ssl.SSLError) as exc:
        raise InvalidInput(
            f"The fleet server's CA file {ca} cannot be used ({exc}).",
            hint="Put it back, or enrol the station again with --ca FILE.",
        ) from exc


def client(link: Link, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(
        base_url=link.server.rstrip("/"),
        verify=_trust(link.ca),
        timeout=TIMEOUT_S,
        headers=headers,
    )


def call(http: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request; no answer is ``ServerUnreachable`` with the reason in one line. A 429
    (the server's rate limit) is waited out as its ``Retry-After`` says, a few times at most;
    a server still busy after that is ``ServerUnreachable`` too (the pass resumes later)."""
    waited = 0.0
    while True:
        response = _request(http, method, path, **kwargs)
        if response.status_code != 429:
            return response
        wait = _retry_after(response)
        if waited + wait > MAX_RATE_WAIT_S:
            raise ServerUnreachable(
                f"The fleet server {http.base_url} is busy (too many requests);"
                " sync resumes by itself later."
            )
        waited += wait
        time.sleep(wait)


MAX_RATE_WAIT_S = 30.0  # per request: a station never waits long for a busy server


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(max(float(response.headers.get("retry-after", "1")), 0.1), MAX_RATE_WAIT_S)
    except ValueError:  # an HTTP date or junk: a second is a fair guess
        return 1.0


def _request(http: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    try:
        return http.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ServerUnreachable(
            f"The fleet server {http.base_url} did not answer ({reason})."
        ) from exc


def answer(response: httpx.Response) -> dict[str, Any]:
    """The JSON of a 2xx answer; a 5xx is ``ServerUnavailable``; any other answer is
    ``ServerRefused`` naming the reason."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    why = body.get("error") if isinstance(body, dict) else None
    if response.status_code >= 500:
        away = isinstance(body, dict) and body.get("unavailable") == "database"
        raise (DatabaseUnavailable if away else ServerUnavailable)(
            f"The fleet server {response.request.url.host} is unavailable"
            f" ({response.status_code}: {why or response.reason_phrase}); sync resumes by"
            " itself later."
        )
    if not response.is_success:
        if isinstance(body, dict) and body.get("fork"):
            raise ServerRefused(
                f"The fleet server refused this station's history ({body['fork']}): it differs"
                " from the history pushed before. Call the site administrator."
            )
        raise ServerRefused(
            f"The fleet server refused ({response.status_code}): {why or response.reason_phrase}"
        )
    return body if isinstance(body, dict) else {}


def viewer_message(code: str, username: str, token: str) -> bytes:
    """What the station signs to say ``username`` (signed in here) reads through the server
    session ``token`` (``appraiser.server.site_viewer.viewer_message``)."""
    token_sha = hashlib.sha256(token.encode("utf-8")).hexdigest()
    return VIEWER_DOMAIN + f"{code}\n{username}\n{token_sha}".encode()


def sign_in(link: Link, keys: StationKeys) -> str:
    """A bearer token for this sync: the server's challenge signed with the station key."""
    with client(link) as http:
        challenge = answer(call(http, "POST", "/sync/v1/challenge", json={"station": link.station}))
        text = str(challenge.get("challenge", ""))
        kid, sig = keys.sign(SESSION_DOMAIN + f"{link.station}\n{text}".encode())
        pem = public_pem(keys.public_keys()[kid]).decode("ascii")  # for a rotated key
        body = {"station": link.station, "challenge": text, "kid": kid, "sig": b64(sig), "pem": pem}
        return str(answer(call(http, "POST", "/sync/v1/session", json=body))["token"])
