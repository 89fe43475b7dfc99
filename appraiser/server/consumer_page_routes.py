"""The consumer page and its media, on the fleet server (DESIGN §3.5, §3.6).

- ``GET|HEAD /p/<token>`` — the page the resolver's default link points to. ``token`` is
  the label's unguessable page address; the query string the resolver passed on carries
  the scanned label's ``d h k s``, and the page checks that signature with the issuing
  station's public key (registered at enrolment). Status, in this order: no such page →
  unknown (404); a missing or wrong signature → signature invalid; revoked; voided; else
  genuine. Rendered in ``zh-CN`` or ``en`` by ``Accept-Language``.
- ``GET|HEAD /m/<token>/<sha256>`` — one photo or video segment of that label's appraisal,
  with HTTP range requests (``206`` + ``Content-Range``; ``416`` when unsatisfiable), so a
  phone can seek in the inspection video. Only media of a live label, and only the public
  roles (photos, video segments), are served.
"""

from __future__ import annotations

import functools
import json
import re

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from appraiser.labels import ids, payload
from appraiser.server import consumer_page as page
from appraiser.server import media_types
from appraiser.server.consumer_page_texts import Status, language
from appraiser.server.projections import labels as projection
from appraiser.server.resolver_cache import Entry
from appraiser.server.resolver_guard import guarded, too_many
from appraiser.server.resolver_query import bare, signed_query
from appraiser.server.resolver_runtime import Runtime, runtime
from appraiser.server.scans import coarse_agent

_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_MEDIA_SQL = """
SELECT m.role FROM resolver_labels l
  JOIN resolver_media m ON m.station_id = l.station_id AND m.appraisal_uid = l.appraisal_uid
 WHERE l.page_token = %s AND m.sha256 = %s AND l.state = 'live'
"""


def routes() -> list[BaseRoute]:
    return [
        Route("/p/{token}", guarded(consumer_page), methods=["GET", "HEAD"]),
        Route("/m/{token}/{sha}", guarded(medium), methods=["GET", "HEAD"]),
        Route("/i/product", product_page, methods=["GET", "HEAD"]),
    ]


async def product_page(request: Request) -> Response:
    """What ``/01/<GTIN>`` leads to: a GTIN alone is not an appraised item (no lookup)."""
    body = _product_body(language(request.headers.get("accept-language")))
    headers = {**page.HEADERS, "Content-Length": str(len(body))}
    content = b"" if request.method == "HEAD" else body
    return Response(content, 200, headers=headers, media_type="text/html; charset=utf-8")


@functools.lru_cache(maxsize=4)
def _product_body(lang: str) -> bytes:
    return page.render_product(lang)


async def consumer_page(request: Request) -> Response:
    rt = await runtime(request)
    client, wait = rt.admit(request)
    if wait:
        return too_many(request, wait)
    lang = language(request.headers.get("accept-language"))
    token = request.path_params["token"]
    entry = await rt.labels.by_token(token) if _TOKEN.fullmatch(token) else None
    if entry is None:
        verdict, body = Status.UNKNOWN, _render(page.PageView(Status.UNKNOWN), lang)
    else:
        verdict = await _status(rt, entry.record, request.url.query)
        body = _page_of(entry, verdict, lang)
    agent = coarse_agent(request.headers.get("user-agent"))
    rt.scans.record(entry.record["serial"] if entry else None, client, agent, "page", verdict)
    status = 404 if verdict is Status.UNKNOWN else 200
    headers = {**page.HEADERS, "Content-Length": str(len(body))}
    content = b"" if request.method == "HEAD" else body
    return Response(content, status, headers=headers, media_type="text/html; charset=utf-8")


def _page_of(entry: Entry, verdict: Status, lang: str) -> bytes:
    """The rendered page of a cached label for this status and language: built once per
    record (the cache forgets the entry, and so its pages, when the label changes)."""
    body = entry.memo.get((verdict, lang))
    if body is None:
        body = entry.memo[(verdict, lang)] = _render(_view(entry.record, verdict), lang)
    return body


@functools.lru_cache(maxsize=4096)
def _render(view: page.PageView, lang: str) -> bytes:
    """Pages are pure functions of (view, language): identical scans render once."""
    return page.render(view, lang)


def key_vouches(record: dict) -> bool:
    """Does the issuing station still stand by the key that signed this label? Not once it
    revoked the key; not for a label dated after the key was rotated out (DESIGN §3.3)."""
    ends = record.get("key_ends") or {}
    if isinstance(ends, str):
        ends = json.loads(ends)
    if "revoked" in ends:
        return False
    after = ends.get("rotated")
    return not after or record["issued_on"] <= after


async def _status(rt: Runtime, record: dict, query: str) -> Status:
    """What the scanned label is: signature (and the key's standing) first, then state;
    a page opened with no ``d h k s`` at all was not scanned, which is no forgery (N5)."""
    if bare(query):
        return Status.UNSCANNED
    if not await _signature_ok(rt, record, query) or not key_vouches(record):
        return Status.BAD_SIGNATURE
    if record["state"] == "revoked":
        return Status.REVOKED
    if record["state"] == "voided":
        return Status.VOIDED
    return Status.GENUINE


def _view(record: dict, status: Status) -> page.PageView:
    media = projection.media_of(record)
    token = record["page_token"]

    def public(role: str) -> tuple[page.Medium, ...]:
        return tuple(
            page.Medium(f"/m/{token}/{m['sha256']}", mime, m.get("view"))
            for m in media
            if m["role"] == role and (mime := media_types.allowed(m["mime"]))
        )

    lot = (record["appraised"], record["quantity"]) if record.get("quantity") else None
    return page.PageView(
        status=status,
        serial=ids.group(record["serial"]),
        product=record.get("product"),
        appraised_on=record.get("signed_on") or _day(record["issued_on"]),
        station=record["station"],
        state_day=record.get("state_day"),
        lot=lot,
        photos=public("still"),
        videos=public("video_segment"),
        caution=bool(record.get("flagged")),
        lot_withdrawn=record.get("end_cause") == "lot",
    )


async def _signature_ok(rt: Runtime, record: dict, query: str) -> bool:
    """The scanned label's signature, rebuilt on the URI the station signed: its resolver,
    GTIN and serial from the record, ``d h k s`` from what the phone sent — only those four,
    wherever they stand among other parameters (``resolver_query``, finding F1)."""
    signed = signed_query(query)
    if signed is None:
        return False
    path = f"01/{record['gtin']}/21" if record["gtin"] else "a"
    uri = f"https://{record['resolver']}/{path}/{record['serial']}?{signed}"
    # keyed by everything the check reads: the signed URI (payload fields and signature),
    # the key id and the day the record says the label was issued
    memo = (uri, record["key_id"], record["issued_on"])
    if memo in rt.signatures:
        return rt.signatures[memo]
    key = await rt.keys.get(rt.pool, record["key_id"])
    if key is None:
        return False  # not remembered: the station may enrol that key later
    check = payload.verify(uri, {record["key_id"]: key})
    same = check.ok and check.claim is not None and check.claim.date == record["issued_on"]
    return rt.signatures.remember(memo, same)


def _day(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:8]}" if len(compact) == 8 else compact


async def medium(request: Request) -> Response:
    rt = await runtime(request)
    token, sha = request.path_params["token"], request.path_params["sha"]
    if not _TOKEN.fullmatch(token) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        return Response("Not found", 404)
    async with rt.pool.connection() as conn:
        cur = await conn.execute(_MEDIA_SQL, (token, sha), prepare=True)
        row = await cur.fetchone()
    store = request.app.state.media
    size = store.size(sha) if row else None
    if size is None:
        return Response("Not found", 404)
    async with rt.pool.connection() as conn:
        cur = await conn.execute(
            "SELECT mime FROM resolver_media_types WHERE sha256 = %s", (sha,), prepare=True
        )
        typed = await cur.fetchone()
    declared = typed["mime"] if typed else projection.DEFAULT_MIME[row["role"]]
    mime = media_types.servable(declared, _head(request, store, sha, size))
    if mime is None:  # kept as the station's evidence, never served from this origin (N2)
        return Response("Not found", 404)
    return _ranged(request, store, sha, size, mime)


def _head(request: Request, store, sha: str, size: int) -> bytes:
    """The blob's first bytes for the type check; blobs are content-addressed and never
    change, so each is read once per worker (the memo lives with the app and its store)."""
    heads: dict[str, bytes] | None = getattr(request.app.state, "media_heads", None)
    if heads is None:
        heads = request.app.state.media_heads = {}
    head = heads.get(sha)
    if head is None:
        head = bytes(store.read_range(sha, 0, min(size, media_types.HEAD_BYTES)))
        if len(heads) >= 4096:
            heads.clear()
        heads[sha] = head
    return head


def _ranged(request: Request, store, sha: str, size: int, mime: str) -> Response:
    headers = {
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Content-Disposition": f'inline; filename="{sha[:16]}.{mime.split("/")[1]}"',
    }
    start, end = 0, size - 1
    status = 200
    wanted = request.headers.get("range")
    # several ranges, or an invalid one (last < first, RFC 9110 §14.2): the whole file (200)
    if wanted and _RANGE.fullmatch(wanted.strip()) and not _backwards(wanted):
        span = _parse_range(wanted, size)
        if span is None:
            headers["Content-Range"] = f"bytes */{size}"
            return Response(b"", 416, headers=headers)
        start, end = span
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    length = end - start + 1
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return Response(b"", status, headers=headers, media_type=mime)
    if hasattr(store, "iter_range"):
        chunks = store.iter_range(sha, start, length)
    else:
        chunks = iter([store.read_range(sha, start, length)])
    return StreamingResponse(chunks, status, headers=headers, media_type=mime)


def _backwards(value: str) -> bool:
    """A byte range whose last position is before its first is invalid, and is ignored
    rather than refused (RFC 9110 §14.1.1, §14.2; finding N10)."""
    match = _RANGE.fullmatch(value.strip())
    first, last = match.groups() if match else ("", "")
    return bool(first and last) and int(last) < int(first)


def _parse_range(value: str, size: int) -> tuple[int, int] | None:
    """One ``bytes=`` range (RFC 9110 §14.1.2); ``None`` when it cannot be satisfied."""
    match = _RANGE.fullmatch(value.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        count = int(last)
        return (max(0, size - count), size - 1) if count else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end
