"""The GS1-conformant resolver (GS1-Conformant Resolver standard 1.x) for our label URIs.

Endpoints (DESIGN §3.6):

- ``GET|HEAD|OPTIONS /01/<GTIN>/21/<serial>[/]`` and ``/a/<serial>[/]`` — a label;
- any other GS1 Digital Link path — 400 when its syntax is wrong, else 404 (no links);
- ``GET|HEAD|OPTIONS /.well-known/gs1resolver`` — the resolver description document.

For a label the resolver answers, per the standard:

- ``307 Temporary Redirect`` to the default link, the consumer page ``/p/<token>``, with the
  request's query string passed on (``d h k s``: the page checks the scanned signature), and
  a ``Link`` header listing the linkset and every link;
- the linkset (RFC 9264, ``application/linkset+json``) for ``?linkType=all`` (or
  ``linkset``) or an ``Accept`` of the linkset type;
- ``400`` for a syntactically invalid URI, ``404`` for a serial nobody issued (HTML in the
  consumer's language for a browser: "NOT VALID — unknown label"), ``429`` with
  ``Retry-After`` past the per-client rate; CORS on every answer, ``OPTIONS`` answered 204.

Every hit goes to the scan log (``scans.ScanLog``), which feeds the clone rules.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from appraiser.server import consumer_page as page
from appraiser.server import resolver_links as links
from appraiser.server.consumer_page_texts import Status, language
from appraiser.server.projections import labels as projection
from appraiser.server.resolver_keys import BadPath, LabelKey, parse
from appraiser.server.resolver_runtime import Runtime, runtime
from appraiser.server.scans import client_hash, coarse_agent

METHODS = "GET, HEAD, OPTIONS"
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Expose-Headers": "Link, Location, Content-Type, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def routes() -> list[BaseRoute]:
    return [
        Route("/.well-known/gs1resolver", describe, methods=["GET", "HEAD", "OPTIONS"]),
        Route("/a/{rest:path}", resolve, methods=["GET", "HEAD", "OPTIONS"]),
        Route("/{ai:int}/{rest:path}", resolve, methods=["GET", "HEAD", "OPTIONS"]),
    ]


def root_of(request: Request) -> str:
    """This resolver's root as the client reached it (scheme and host)."""
    return f"{request.url.scheme}://{request.url.netloc}"


async def describe(request: Request) -> Response:
    if request.method == "OPTIONS":
        return _options()
    name = (await runtime(request)).settings.name
    return _answer(request, 200, links.description(root_of(request), name), "application/json")


async def resolve(request: Request) -> Response:
    if request.method == "OPTIONS":
        return _options()
    rt = await runtime(request)
    client = client_hash(rt.salt, rt.client_address(request))
    wait = rt.limiter.retry_after(client)
    agent = coarse_agent(request.headers.get("user-agent"))
    if wait:
        return _answer(request, 429, _error("Too many requests"), extra={"Retry-After": str(wait)})
    try:
        key = parse(request.scope.get("raw_path", b"").decode("latin-1").split("?")[0])
    except BadPath as exc:
        rt.scans.record(None, client, agent, "bad_request", "bad_request")
        return _answer(request, 400, _error(exc.message))
    record = await _lookup(rt, key) if key else None
    if record is None:
        rt.scans.record(key.serial if key else None, client, agent, "resolve", "unknown")
        return _not_found(request)
    anchor = root_of(request) + key.path
    found = links.links_for(f"{root_of(request)}/p/{record['page_token']}")
    header = {"Link": links.link_header(anchor, found), "Vary": "Accept, Accept-Language"}
    link_type = request.query_params.get("linkType")
    if links.wants_linkset(link_type, request.headers.get("accept", "")):
        rt.scans.record(key.serial, client, agent, "linkset", record["state"])
        body = links.linkset(anchor, found)
        return _answer(request, 200, body, links.LINKSET_TYPE, extra=header)
    target = links.choose(found, link_type).href
    if request.url.query:
        target += "?" + request.url.query  # passed on, as the standard asks
    rt.scans.record(key.serial, client, agent, "resolve", record["state"])
    return _answer(request, 307, b"", None, extra={**header, "Location": target})


async def _lookup(rt: Runtime, key: LabelKey) -> dict | None:
    async with rt.pool.connection() as conn:
        cur = await conn.execute(projection.BY_SERIAL, (key.serial,), prepare=True)
        record = await cur.fetchone()
    if record is None or record["gtin"] != key.gtin:
        return None  # a serial under another GTIN (or the /a/ form of a GTIN label) is not ours
    return record


def _not_found(request: Request) -> Response:
    """404: a browser gets the consumer page's "unknown label" in its language."""
    if "text/html" in request.headers.get("accept", ""):
        lang = language(request.headers.get("accept-language"))
        body = page.render(page.PageView(Status.UNKNOWN), lang)
        return _answer(request, 404, body, "text/html; charset=utf-8", extra=page.HEADERS)
    return _answer(request, 404, _error("No label with this identifier"))


def _error(message: str) -> bytes:
    return json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")


def _options() -> Response:
    return Response(status_code=204, headers={**CORS, "Allow": METHODS})


def _answer(
    request: Request,
    status: int,
    body: bytes,
    media_type: str | None = "application/json",
    extra: dict[str, str] | None = None,
) -> Response:
    """A response with CORS; HEAD gets the same headers (and length) with no body."""
    headers = {**CORS, **(extra or {})}
    if media_type:
        headers["Content-Type"] = media_type
    headers["Content-Length"] = str(len(body))
    content = b"" if request.method == "HEAD" else body
    response = Response(content, status_code=status, headers=headers)
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(body))
    return response


async def shutdown(app) -> None:
    """The app factory's shutdown hook: flush the scan log, close the resolver's pool."""
    from appraiser.server.resolver_runtime import shutdown as close_runtime

    await close_runtime(app)
