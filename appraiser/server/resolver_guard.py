"""When the database is away: ``503`` + ``Retry-After``, never a bare 500 (issue 15 F15);
when a network scans too often: ``429`` + ``Retry-After``, the same way (finding N7).

A consumer who scans a label while PostgreSQL restarts must not read "Internal Server Error"
(it looks like a broken or fake service) and must never read "NOT VALID": the check simply
could not be made. A browser gets a short page in its language ("try again in a few minutes;
this says nothing about your item"), a GS1 client ``{"error": …}`` JSON. Both are
``no-store`` so no cache keeps the outage after it ends.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable

import psycopg
from starlette.requests import Request
from starlette.responses import Response

from appraiser.server import consumer_page as page
from appraiser.server.consumer_page_texts import Status, language

log = logging.getLogger(__name__)

RETRY_AFTER = 60  # seconds: a restart or failover usually takes less
# What "the database is away" raises: a dead or refused connection, a pool that cannot get
# one in time (psycopg_pool.PoolTimeout is an OperationalError), a socket error.
DB_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    OSError,
    TimeoutError,
)

Endpoint = Callable[[Request], Awaitable[Response]]


def guarded(endpoint: Endpoint) -> Endpoint:
    """The endpoint, answering 503 instead of raising when the database is away."""

    @functools.wraps(endpoint)
    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except DB_ERRORS as exc:
            log.warning("resolver: database unavailable (%s): %s", type(exc).__name__, exc)
            return unavailable(request)

    return run


def too_many(request: Request, wait: int) -> Response:
    """429 with Retry-After: for a browser a page in its language that says to wait and
    that this is no verdict on the item (finding N7); JSON for anything else."""
    return _answer(request, 429, Status.BUSY, "Too many requests", wait)


def unavailable(request: Request) -> Response:
    """503: a page for a browser, JSON for anything else; CORS so a GS1 app can read it."""
    message = "The label check is temporarily unavailable; try again later."
    return _answer(request, 503, Status.UNAVAILABLE, message, RETRY_AFTER)


def _answer(request: Request, code: int, status: Status, message: str, wait: int) -> Response:
    """A page in the consumer's language for a browser (or any ``/p/`` page), else JSON."""
    headers = {
        "Retry-After": str(wait),
        "Cache-Control": "no-store",
        "Access-Control-Allow-Origin": "*",
    }
    if "text/html" in request.headers.get("accept", "") or request.url.path.startswith("/p/"):
        lang = language(request.headers.get("accept-language"))
        body = page.render(page.PageView(status), lang)
        media = "text/html; charset=utf-8"
        headers = {**page.HEADERS, **headers}
    else:
        body = json.dumps({"error": message}).encode("utf-8")
        media = "application/json"
    content = b"" if request.method == "HEAD" else body
    headers["Content-Length"] = str(len(body))
    return Response(content, code, headers=headers, media_type=media)
