"""Request body caps, enforced before a body is read into memory (issue 15 finding F9).

Anyone on the network can reach the unauthenticated endpoints (enrolment, challenge,
session, the supervisor sign-in form); without a cap one multi-GB upload — or a handful in
parallel — holds its whole body in a worker's memory before the JSON parser says "no".
Each path gets the size its honest requests need: a declared ``Content-Length`` over the cap
is refused with 413 at once, unread, and a chunked body is counted as it streams and cut off
at the cap. The answer is ``{"error": "one line"}`` like every other refusal.

(Slow clients that trickle headers are not timed out by uvicorn; a reverse proxy with header
and body timeouts belongs in front of ``--listen 0.0.0.0`` — README, DESIGN §3.6.)
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KIB, MIB = 1 << 10, 1 << 20
SMALL = 16 * KIB  # enrolment, challenge, session: a few keys and signatures
FORMS = 64 * KIB  # the supervisor page's forms; anything else without a body of its own
SYNC_JSON = 32 * MIB  # a push of at most 1000 events with their rows
MEDIA_CHUNK = 4 * MIB + 64 * KIB  # one media PATCH (4 MiB; a little slack for framing)

_CAPS: tuple[tuple[str, int], ...] = (
    ("/enrol/", SMALL),
    ("/sync/v1/challenge", SMALL),
    ("/sync/v1/session", SMALL),
    ("/sync/v1/media/missing", SYNC_JSON),
    ("/sync/v1/media/", MEDIA_CHUNK),
    ("/sync/v1/", SYNC_JSON),
)


def cap_for(path: str) -> int:
    """The most bytes a request to ``path`` may carry."""
    for prefix, cap in _CAPS:
        if path.startswith(prefix):
            return cap
    return FORMS


class _TooLarge(Exception):
    pass


def _too_large(cap: int) -> JSONResponse:
    return JSONResponse({"error": f"The request body is too large (at most {cap} bytes)."}, 413)


class BodyLimit:
    """ASGI middleware: 413 for a body over its path's cap, before or while it is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = cap_for(scope["path"])
        declared = Headers(scope=scope).get("content-length", "")
        if declared.strip().isdigit() and int(declared) > cap:
            await _too_large(cap)(scope, receive, send)
            return
        seen, started = 0, False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if started:
                raise
            await _too_large(cap)(scope, receive, send)
