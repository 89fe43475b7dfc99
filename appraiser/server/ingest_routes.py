"""HTTP endpoints of enrolment and the sync protocol (DESIGN §3.6), all JSON except media.

Errors answer ``{"error": "one line"}``: 400 bad input, 401 not signed in, 403 refused
enrolment, 409 ``{"expected": N}`` out of order (resume from N), 409 ``{"fork": …}`` a
rewritten history (refused; alarm recorded in its own transaction, so it outlives the
refusal), 429 ``{"retry_after": s}`` + ``Retry-After`` past a rate (``throttle``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import psycopg
import psycopg.errors
from psycopg_pool import PoolTimeout
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.server import auth, clone, enrolment, ingest, ingest_media, throttle
from appraiser.server.db import transaction

MAX_JSON = 32 << 20
# The database is down, read-only (a failover in progress) or no connection came in time.
DB_AWAY = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    psycopg.errors.ReadOnlySqlTransaction,
    PoolTimeout,
)
DB_RETRY_S = 30


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_JSON:
        raise InvalidInput("The request is too large.")
    try:
        value = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("The request body is not JSON.") from exc
    if not isinstance(value, dict):
        raise InvalidInput("The request body is a JSON object.")
    return value


def _guarded(handler: Callable, group: str = "sync") -> Callable:
    """Map the known refusals to their status codes; a fork also records its alarm. The
    client address's rate of ``group`` (auth or sync) is checked before anything else."""

    async def endpoint(request: Request) -> Response:
        try:
            throttle.of(request).check_address(request, group)
            return await handler(request)
        except throttle.Limited as exc:
            headers = {"Retry-After": str(exc.seconds)}
            body = {"error": str(exc), "retry_after": exc.seconds}
            return JSONResponse(body, status_code=429, headers=headers)
        except InvalidInput as exc:
            return _error(400, str(exc))
        except AuthError as exc:
            return _error(401, str(exc))
        except PermissionDenied as exc:
            return _error(403, str(exc))
        except ingest.OutOfOrder as exc:
            return _error(409, str(exc), expected=exc.expected)
        except (psycopg.DataError, UnicodeEncodeError) as exc:  # NUL, lone surrogate, 2**70
            return _error(400, f"a value the database cannot store ({type(exc).__name__})")
        except DB_AWAY as exc:  # the station retries later by itself (503, never "refused")
            reason = f"the server's database is unavailable ({type(exc).__name__})"
            answer = _error(503, reason, retry_after=DB_RETRY_S, unavailable="database")
            answer.headers["Retry-After"] = str(DB_RETRY_S)  # N8: as the resolver says it
            return answer

    return endpoint


def _pool(request: Request):
    return request.app.state.pool


async def _run(request: Request, fn: Callable, *args: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, *args)


def _authed(request: Request, work: Callable[[Any, dict], Any]) -> Any:
    """Run ``work(conn, station)`` in one transaction as the signed-in station. A fork rolls
    the push back; its alarm is then written in a transaction of its own."""
    station = None
    try:
        with transaction(_pool(request)) as conn:
            station = auth.station_of(conn, request.headers.get("authorization"))
            throttle.of(request).check_station("sync", station["code"])
            return work(conn, station)
    except ingest.Fork as fork:
        with transaction(_pool(request)) as conn:
            ingest.record_alarm(conn, station["id"], fork.kind, fork.detail)
        raise _ForkRefused(fork) from fork


class _ForkRefused(Exception):
    def __init__(self, fork: ingest.Fork) -> None:
        super().__init__(str(fork))
        self.fork = fork


def _sync(
    fn: Callable[[Request, dict[str, Any]], Any], group: str = "sync", per_station: bool = True
) -> Callable:
    """``per_station``: an auth endpoint also counts against the station its body names.
    Only enrolment does (token guessing): sign-in by anyone naming a public station code
    must not use up that station's own sign-ins (issue 15 finding B9)."""

    async def handler(request: Request) -> Response:
        body = await _json(request) if request.method == "POST" else {}
        if group == "auth" and per_station:
            throttle.of(request).check_station("auth", body.get("station"))
        try:
            result = await _run(request, fn, request, body)
        except _ForkRefused as exc:
            kind = exc.fork.kind
            return _error(409, f"refused: {kind} (the first history is kept)", fork=kind)
        return JSONResponse(result)

    return _guarded(handler, group)


def _enrol(request: Request, body: dict) -> dict:
    with transaction(_pool(request)) as conn:
        return enrolment.enrol(conn, body)


def _challenge(request: Request, body: dict) -> dict:
    with transaction(_pool(request)) as conn:
        return {"challenge": auth.challenge(conn, body.get("station"))}


def _session(request: Request, body: dict) -> dict:
    with transaction(_pool(request)) as conn:  # kept even when the sign-in is refused
        auth.propose_unknown_key(conn, body)
    with transaction(_pool(request)) as conn:
        return {"token": auth.open_session(conn, body)}


def _state(request: Request, body: dict) -> dict:
    return _authed(request, lambda conn, st: ingest.state(conn, st["id"]))


def _events(request: Request, body: dict) -> dict:
    return _authed(
        request,
        lambda conn, st: ingest.push_events(
            conn, st["id"], body.get("events"), body.get("rows", {})
        ),
    )


def _lines(request: Request, body: dict) -> dict:
    return _authed(request, lambda conn, st: ingest.push_lines(conn, st["id"], body.get("lines")))


def _flags(request: Request, body: dict) -> dict:
    """The fleet's clone flags on the signed-in station's serials after ``?since=`` (N9)."""
    since = request.query_params.get("since", "0")
    if not since.isdigit() or len(since) > 18:
        raise InvalidInput("since is the id of the last flag pulled: a whole number.")
    return _authed(
        request, lambda conn, st: {"flags": clone.station_flags(conn, st["id"], int(since))}
    )


def _missing(request: Request, body: dict) -> dict:
    media = request.app.state.media
    return _authed(
        request,
        lambda conn, st: {
            "missing": ingest_media.missing(conn, media, st["id"], body.get("hashes"))
        },
    )


async def _media_head(request: Request) -> Response:
    sha = request.path_params["sha"]

    def work(conn, station) -> tuple[int, bool]:
        return ingest_media.offset(conn, request.app.state.media, sha)

    received, complete = await _run(request, _authed, request, work)
    headers = {"Upload-Offset": str(received), "Upload-Complete": "1" if complete else "0"}
    return Response(status_code=200 if complete else 404, headers=headers)


async def _media_patch(request: Request) -> Response:
    sha = request.path_params["sha"]
    try:
        at, total = int(request.headers["upload-offset"]), int(request.headers["upload-length"])
    except (KeyError, ValueError) as exc:
        raise InvalidInput("PATCH needs Upload-Offset and Upload-Length headers.") from exc
    data = await request.body()
    if len(data) > ingest_media.MAX_CHUNK:
        raise InvalidInput("A chunk is at most 4 MiB.")
    media = request.app.state.media

    def work(conn, station) -> dict:
        return ingest_media.chunk(conn, media, station["id"], sha, at, total, data)

    result = await _run(request, _authed, request, work)
    return JSONResponse(result, status_code=422 if result.get("rejected") else 200)


def routes() -> list[BaseRoute]:
    return [
        Route("/enrol/v1", _sync(_enrol, "auth"), methods=["POST"]),
        Route("/sync/v1/challenge", _sync(_challenge, "auth", False), methods=["POST"]),
        Route("/sync/v1/session", _sync(_session, "auth", False), methods=["POST"]),
        Route("/sync/v1/state", _sync(_state), methods=["GET"]),
        Route("/sync/v1/events", _sync(_events), methods=["POST"]),
        Route("/sync/v1/checkpoints", _sync(_lines), methods=["POST"]),
        Route("/sync/v1/media/missing", _sync(_missing), methods=["POST"]),
        Route("/sync/v1/flags", _sync(_flags), methods=["GET"]),
        Route("/sync/v1/media/{sha}", _guarded(_media_head), methods=["HEAD"]),
        Route("/sync/v1/media/{sha}", _guarded(_media_patch), methods=["PATCH"]),
    ]


async def shutdown(app) -> None:
    """The app's shutdown hook: stop the throttle's site-wide count exchange."""
    await throttle.shutdown(app)
