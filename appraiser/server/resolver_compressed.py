"""Compressed GS1 Digital Link URIs on the resolver: ``https://<resolver>/<compressed>``.

A compressed URI (``dl_compression``) names the same identifier as its uncompressed form, so
it gets the same answer: it is decompressed into the canonical path — the primary key, then
its key qualifiers in GS1 Digital Link's order — and a query string of its other AIs and
non-GS1 pairs (``d h k s``), followed by the request's own query; then the one resolver
endpoint (``resolver.resolve``) answers it: 307 to the consumer page, the linkset, 404 for
an unknown serial, 400 for a bad value. A segment that does not decompress is a 400 too.

Only one path segment of at least ``MIN_SYMBOLS`` URI-safe base64 symbols is taken for a
compressed URI (the smallest with a GTIN is 10), so ``/healthz``, ``/site`` and the other
short names keep their own routes and Starlette's slash redirects.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from appraiser.server import resolver
from appraiser.server.dl_compression import Malformed, decompress
from appraiser.server.resolver_guard import guarded, too_many
from appraiser.server.resolver_runtime import runtime
from appraiser.server.scans import coarse_agent

MIN_SYMBOLS = 10
# Key qualifiers per primary key, in GS1 Digital Link's path order.
QUALIFIERS = {
    "01": ("22", "10", "21"),
    "8006": ("22", "10", "21"),
    "8010": ("8011",),
    "8017": ("8019",),
    "8018": ("8019",),
    "414": ("254", "7040"),
    "417": ("7040",),
    "00": (),
    "253": (),
    "255": (),
    "401": (),
    "402": (),
    "8003": (),
    "8004": (),
    "8013": (),
}


class _Compressed(Convertor):
    regex = f"[A-Za-z0-9_-]{{{MIN_SYMBOLS},}}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("gs1compressed", _Compressed())


def routes() -> list[BaseRoute]:
    methods = ["GET", "HEAD", "OPTIONS"]
    return [
        Route("/{segment:gs1compressed}", guarded(resolve_compressed), methods=methods),
        Route("/{segment:gs1compressed}/", guarded(resolve_compressed), methods=methods),
    ]


def expand(segment: str) -> tuple[str, str]:
    """The uncompressed path (percent-encoded) and query string of a compressed segment;
    ``Malformed`` when it is no compressed GS1 Digital Link with one primary key."""
    ais, others = decompress(segment)
    keys = [ai for ai in ais if ai in QUALIFIERS]
    if len(keys) != 1:
        raise Malformed("A GS1 Digital Link names exactly one primary key.")
    key = keys[0]
    on_path = [key, *(q for q in QUALIFIERS[key] if q in ais)]
    path = "".join(f"/{ai}/{_escape(ais[ai])}" for ai in on_path)
    query = [f"{ai}={_escape(v)}" for ai, v in ais.items() if ai not in on_path]
    query += [f"{_escape(k)}={_escape(v)}" for k, v in others.items()]
    return path, "&".join(query)


def _escape(value: str) -> str:
    return quote(value, safe="")


async def resolve_compressed(request: Request) -> Response:
    try:
        path, query = expand(request.path_params["segment"])
    except Malformed as exc:
        return await _malformed(request, str(exc))
    own = request.scope.get("query_string", b"").decode("latin-1")
    scope = dict(request.scope)
    scope["raw_path"] = path.encode("ascii")
    scope["path"] = path
    scope["query_string"] = "&".join(q for q in (query, own) if q).encode("latin-1")
    return await resolver.resolve(Request(scope, request.receive))


async def _malformed(request: Request, message: str) -> Response:
    """400, as the resolver answers any malformed URI (rate limit and scan log alike)."""
    if request.method == "OPTIONS":
        return resolver._options()
    rt = await runtime(request)
    client, wait = rt.admit(request)
    if wait:
        return too_many(request, wait)
    agent = coarse_agent(request.headers.get("user-agent"))
    rt.scans.record(None, client, agent, "bad_request", "bad_request")
    return resolver._bad_request(request, f"Not a compressed GS1 Digital Link: {message}")
