"""The GS1-conformant resolver (GS1-Conformant Resolver standard 1.x) for our label URIs.

Endpoints (DESIGN §3.6):

- ``GET|HEAD|OPTIONS /01/<GTIN>/21/<serial>[/]`` and ``/a/<serial>[/]`` — a label;
- ``/01/<GTIN>`` alone or with other qualifiers (``/10/<batch>``…) — the product level, for a
  GTIN a label of ours carries (its page says a GTIN is not an appraised item), else 404;
- any other GS1 Digital Link path — 400 when its syntax is wrong, else 404 (no links);
- ``GET|HEAD|OPTIONS /.well-known/gs1resolver`` — the resolver description document.

For a label the resolver answers, per the standard:

- ``307 Temporary Redirect`` to the default link, the consumer page ``/p/<token>``, with the
  request's query string passed on (``d h k s``: the page checks the scanned signature), and
  a ``Link`` header naming the linkset (also on ``OPTIONS``);
- the linkset (RFC 9264, ``application/linkset+json``, valid against GS1's linkset schema:
  the label's level and its product's) for ``?linkType=linkset`` (or ``all``) or an
  ``Accept`` of the linkset type, with a ``Link`` to GS1's JSON-LD context;
- ``404`` for a link type the identifier does not have (``?linkType=gs1:pip``);
- ``400`` for a syntactically invalid URI, ``404`` for a serial nobody issued (HTML in the
  consumer's language for a browser: "NOT VALID — unknown label"; amber "not registered
  yet" when the scanned signature is valid but the bench has not synced the label,
  ``resolver_pending``, finding B2), ``429`` with
  ``Retry-After`` past the per-client rate; CORS on every answer, ``OPTIONS`` answered 204.

Every hit goes to the scan log (``scans.ScanLog``), which feeds the clone rules.

Absolute links (``Location``, linkset anchors and hrefs, ``resolverRoot``) are built on the
configured public origin (``Runtime.origin``), never on the request's ``Host``; every answer
is ``Cache-Control: no-store`` with ``Vary: Accept, Accept-Language`` (finding F14). The
linkset's links to the consumer page carry the scanned ``d h k s`` (finding F3), so a GS1
app that follows them gets the label's real state; a 400 reaches a browser as the red
"NOT VALID — this code is malformed" page (finding F13); with the database away every
answer is a 503 (``resolver_guard``, finding F15).
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from appraiser.labels import ids
from appraiser.server import consumer_page as page
from appraiser.server import resolver_links as links
from appraiser.server.consumer_page_texts import Status, language
from appraiser.server.resolver_guard import guarded, too_many
from appraiser.server.resolver_keys import BadPath, LabelKey, ProductKey, parse
from appraiser.server.resolver_pending import signed_but_unsynced
from appraiser.server.resolver_query import signed_query
from appraiser.server.resolver_runtime import Runtime, runtime
from appraiser.server.scans import coarse_agent

METHODS = "GET, HEAD, OPTIONS"
# Does any label of ours carry this GTIN? (index resolver_labels_gtin, schema 102)
_GTIN_KNOWN = "SELECT 1 FROM resolver_labels WHERE gtin = %s LIMIT 1"
_PENDING_MESSAGE = (
    "No record for this identifier yet: its label signature is valid but its appraisal "
    "record has not reached this service; try again later"
)
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": METHODS,
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Expose-Headers": "Link, Location, Content-Type, Retry-After",
    "Access-Control-Max-Age": "86400",
}
# Every resolver answer is about a label's state now (finding F14): no cache keeps it, and
# a cache in front that ignores no-store still keys it by what the answer depends on.
CACHE = {"Cache-Control": "no-store", "Vary": "Accept, Accept-Language"}


def routes() -> list[BaseRoute]:
    return [
        Route("/.well-known/gs1resolver", guarded(describe), methods=["GET", "HEAD", "OPTIONS"]),
        Route("/a/{rest:path}", guarded(resolve), methods=["GET", "HEAD", "OPTIONS"]),
        Route("/{ai:int}/{rest:path}", guarded(resolve), methods=["GET", "HEAD", "OPTIONS"]),
    ]


async def describe(request: Request) -> Response:
    if request.method == "OPTIONS":
        return _options()
    rt = await runtime(request)
    body = links.description(await rt.origin(), rt.settings.name)
    return _answer(request, 200, body, "application/json")


async def resolve(request: Request) -> Response:
    rt = await runtime(request)
    if request.method == "OPTIONS":
        return _options(request, await rt.origin())
    client, wait = rt.admit(request)
    agent = coarse_agent(request.headers.get("user-agent"))
    if wait:
        return too_many(request, wait)
    try:
        key = parse(_raw_path(request))
    except BadPath as exc:
        rt.scans.record(None, client, agent, "bad_request", "bad_request")
        return _bad_request(request, exc.message)
    if isinstance(key, ProductKey):
        return await _product(request, rt, key)
    record = await _lookup(rt, key) if key else None
    if record is None:
        # a label printed on a bench that has not synced yet: signed, but no record (B2)
        pending = key is not None and await signed_but_unsynced(rt, request, key)
        verdict = Status.PENDING if pending else Status.UNKNOWN
        rt.scans.record(key.serial if key else None, client, agent, "resolve", verdict)
        return _not_found(request, verdict)
    root = await rt.origin()
    signed = signed_query(request.url.query)  # the linkset's links carry them (finding F3)
    page_url = f"{root}/p/{record['page_token']}" + (f"?{signed}" if signed else "")
    label = links.Context(
        root + key.path,
        links.DESCRIPTIONS["label"].format(serial=ids.group(key.serial)),
        links.links_for(page_url),
    )
    contexts = [label]
    if key.gtin:
        contexts.append(links.product_context(root, key.gtin))
    outcome = _by_link_type(request, contexts)
    rt.scans.record(key.serial, client, agent, _scan_kind(outcome), record["state"])
    return outcome


def _scan_kind(response: Response) -> str:
    return "linkset" if response.status_code == 200 else "resolve"


async def _product(request: Request, rt: Runtime, key: ProductKey) -> Response:
    """The product level ``/01/<GTIN>``: links only for a GTIN some label of ours carries."""
    async with rt.pool.connection() as conn:
        cur = await conn.execute(_GTIN_KNOWN, (key.gtin,), prepare=True)
        known = await cur.fetchone()
    if known is None:
        return _answer(request, 404, _error("No links for this identifier"))
    return _by_link_type(request, [links.product_context(await rt.origin(), key.gtin)])


def _by_link_type(request: Request, contexts: list[links.Context]) -> Response:
    """The standard's answer for one identifier: the linkset when asked for it, else a 307
    to the requested link type (the default link when none is asked), with the query string
    passed on; 404 for a link type this identifier does not have."""
    anchor = contexts[0].anchor
    header = {"Link": links.link_header(anchor, signed_query(request.url.query))}
    link_type = request.query_params.get("linkType")
    if links.wants_linkset(link_type, request.headers.get("accept", "")):
        header["Link"] += ", " + links.context_header()
        body = links.linkset(contexts)
        return _answer(request, 200, body, links.LINKSET_TYPE, extra=header)
    chosen = links.choose(contexts[0].links, link_type)
    if chosen is None:
        message = f"No link of type {link_type!r} for this identifier; see its linkset."
        return _answer(request, 404, _error(message), extra=header)
    target = chosen.href.split("?")[0]  # the scanned query, whole, replaces the linkset's
    if request.url.query:
        target += "?" + request.url.query  # passed on, as the standard asks
    return _answer(request, 307, b"", None, extra={**header, "Location": target})


def _raw_path(request: Request) -> str:
    return request.scope.get("raw_path", b"").decode("latin-1").split("?")[0]


async def _lookup(rt: Runtime, key: LabelKey) -> dict | None:
    entry = await rt.labels.by_serial(key.serial)  # no round trip when the worker knows it
    record = entry.record if entry is not None else None
    if record is None or record["gtin"] != key.gtin:
        return None  # a serial under another GTIN (or the /a/ form of a GTIN label) is not ours
    return record


def _not_found(request: Request, verdict: Status = Status.UNKNOWN) -> Response:
    """404: a browser gets the consumer page's "unknown label" (or, for a validly signed
    label whose record has not arrived, "pending") in its language. A GS1 client gets 404
    either way: there is no record, so no links, until the station syncs."""
    if "text/html" in request.headers.get("accept", ""):
        lang = language(request.headers.get("accept-language"))
        body = page.render(page.PageView(verdict), lang)
        return _answer(request, 404, body, "text/html; charset=utf-8", extra=page.HEADERS)
    if verdict is Status.PENDING:
        return _answer(request, 404, _error(_PENDING_MESSAGE))
    return _answer(request, 404, _error("No label with this identifier"))


def _bad_request(request: Request, message: str) -> Response:
    """400 (the standard's answer to a malformed URI): a browser gets the red "NOT VALID —
    this code is malformed" page in its language (finding F13), an API client the JSON."""
    if "text/html" in request.headers.get("accept", ""):
        lang = language(request.headers.get("accept-language"))
        body = page.render(page.PageView(Status.MALFORMED), lang)
        return _answer(request, 400, body, "text/html; charset=utf-8", extra=page.HEADERS)
    return _answer(request, 400, _error(message))


def _error(message: str) -> bytes:
    return json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")


def _options(request: Request | None = None, root: str = "") -> Response:
    """204 with CORS; on an identifier's path also where its linkset is (no lookup: the
    anchor is the path itself)."""
    headers = {**CORS, "Allow": METHODS, **CACHE}
    if request is not None:
        try:
            key = parse(_raw_path(request))
        except BadPath:
            key = None
        if key is not None:
            headers["Link"] = links.link_header(root + key.path, signed_query(request.url.query))
    return Response(status_code=204, headers=headers)


def _answer(
    request: Request,
    status: int,
    body: bytes,
    media_type: str | None = "application/json",
    extra: dict[str, str] | None = None,
) -> Response:
    """A response with CORS; HEAD gets the same headers (and length) with no body."""
    headers = {**CORS, **(extra or {}), **CACHE}
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
