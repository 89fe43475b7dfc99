"""Routes of site-wide supervision (DESIGN §3.6):

- ``GET /site/`` — the supervisor page (``?date=YYYY-MM-DD``, default: today where most
  stations are), or the sign-in form when no supervisor session is open;
- ``POST /site/login`` (form: name, key, csrf) → 303 to ``/site/`` with the session cookie;
- ``POST /site/logout`` (form: csrf) → 303 to ``/site/``;
- ``GET /site/v1/overview?date=`` — the same data as JSON for a supervisor signed in at an
  enrolled station (``Authorization: Bearer`` of a station session plus the station's signed
  ``X-Appraiser-Viewer`` assertion, ``site_viewer``), for the desktop Supervision page.

CSRF: every POST must carry the form token bound to its cookie (the sign-in form's to a
pre-session cookie, the others' to the session), cookies are ``HttpOnly; SameSite=Strict``
(``Secure`` over TLS), and a POST whose ``Origin`` names another host is refused.
"""

from __future__ import annotations

import functools
import inspect
import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.server import auth, db, site, site_viewer
from appraiser.server import supervisor_page as page
from appraiser.server import supervisor_page_auth as sup
from appraiser.server.supervisor_page_texts import language

COOKIE = "appraiser_site"
PRE_COOKIE = "appraiser_site_pre"
MAX_FORM = 4096


RETRY_AFTER_S = 30


def routes() -> list[BaseRoute]:
    return [
        Route("/site/", _db_guarded(site_page), methods=["GET", "HEAD"]),
        Route("/site", lambda _r: RedirectResponse("/site/", 308), methods=["GET", "HEAD"]),
        Route("/site/login", _db_guarded(login), methods=["POST"]),
        Route("/site/logout", _db_guarded(logout), methods=["POST"]),
        Route("/site/v1/overview", _db_guarded(overview, as_page=False), methods=["GET"]),
    ]


def _db_guarded(endpoint: Callable, *, as_page: bool = True) -> Callable:
    """``endpoint`` answering 503 + ``Retry-After`` — a short page in the reader's language,
    or JSON for the stations' Supervision page — when PostgreSQL is away, instead of a 500
    after the pool's long wait (issue 15 finding N8)."""

    @functools.wraps(endpoint)
    async def run(request: Request) -> Response:
        try:
            if inspect.iscoroutinefunction(endpoint):
                return await endpoint(request)
            return await run_in_threadpool(endpoint, request)
        except db.AWAY:
            return _unavailable(request, as_page)

    return run


def _unavailable(request: Request, as_page: bool) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
    if not as_page:
        body = {"error": "The site database is unavailable; try again later.",
                "retry_after": RETRY_AFTER_S}  # fmt: skip
        return JSONResponse(body, 503, headers=headers)
    lang = language(request.headers.get("accept-language"))
    html = page.message_page(lang, "db_unavailable")
    return Response(html, 503, headers={**page.HEADERS, **headers},
                    media_type="text/html; charset=utf-8")  # fmt: skip


def _html(body: bytes, status: int = 200) -> Response:
    return Response(body, status, headers=page.HEADERS, media_type="text/html; charset=utf-8")


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/site",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _day(request: Request, view_tz: ZoneInfo) -> date | None:
    given = request.query_params.get("date")
    if not given:
        return datetime.now(view_tz).date()
    try:
        return site.check_day(date.fromisoformat(given)) if len(given) == 10 else None
    except (ValueError, InvalidInput):  # not a day, or beyond what a view covers (F8)
        return None


def _site_tz(conn) -> ZoneInfo:
    stations = site.enrolled(conn)
    return site.station_tz(conn, stations[0]["id"]) if stations else ZoneInfo(site.DEFAULT_TZ)


def _read(pool, cookie: str | None, request: Request) -> tuple[Any, Any]:
    with db.transaction(pool) as conn:
        who = sup.session_of(conn, cookie)
        if who is None:
            return None, None
        day = _day(request, _site_tz(conn))
    if day is None:
        return who, "bad_date"
    with db.checkout(pool) as conn, site.read_only(conn):
        return who, site.site_day(conn, day).as_dict()


async def site_page(request: Request) -> Response:
    lang = language(request.headers.get("accept-language"))
    who, view = await run_in_threadpool(
        _read, request.app.state.pool, request.cookies.get(COOKIE), request
    )
    if who is None:
        return _login_form(request, lang)
    if view == "bad_date":
        return _html(page.message_page(lang, "bad_date"), 400)
    return _html(page.site_page(lang, view, who.name, who.csrf))


def _login_form(request: Request, lang: str, error: str | None = None, status: int = 200):
    pre = secrets.token_urlsafe(24)
    response = _html(page.login_page(lang, pre, error), status)
    _cookie(response, request, PRE_COOKIE, pre, 3600)
    return response


async def _form(request: Request) -> dict[str, str] | None:
    """The urlencoded form, or None for a cross-site or oversized POST."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        return None
    body = await request.body()
    if len(body) > MAX_FORM:
        return None
    fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=8)
    return {k: v[0] for k, v in fields.items()}


async def login(request: Request) -> Response:
    lang = language(request.headers.get("accept-language"))
    form = await _form(request)
    pre = request.cookies.get(PRE_COOKIE) or ""
    if form is None or not pre or not sup.same_token(pre, form.get("csrf")):
        return _login_form(request, lang, "expired", 403)

    def open_session() -> tuple[str, str]:
        with db.transaction(request.app.state.pool) as conn:
            return sup.sign_in(conn, form.get("name", ""), form.get("key", ""))

    try:
        token, _csrf = await run_in_threadpool(open_session)
    except AuthError:
        return _login_form(request, lang, "refused", 401)
    response = RedirectResponse("/site/", 303)
    _cookie(response, request, COOKIE, token, int(sup.SESSION.total_seconds()))
    response.delete_cookie(PRE_COOKIE, path="/site")
    return response


async def logout(request: Request) -> Response:
    form = await _form(request)
    cookie = request.cookies.get(COOKIE)

    def close() -> bool:
        with db.transaction(request.app.state.pool) as conn:
            who = sup.session_of(conn, cookie)
            if who is None or form is None or not sup.same_token(who.csrf, form.get("csrf")):
                return False
            sup.sign_out(conn, cookie)
            return True

    if not await run_in_threadpool(close):
        return JSONResponse({"error": "Sign-out refused: the form is not this session's."}, 403)
    response = RedirectResponse("/site/", 303)
    response.delete_cookie(COOKIE, path="/site")
    return response


def overview(request: Request) -> JSONResponse:
    """The site's day for the Supervision page of a supervisor signed in at an enrolled
    station (a station session and the station's assertion naming the supervisor)."""
    pool = request.app.state.pool
    try:
        with db.transaction(pool) as conn:
            station = auth.station_of(conn, request.headers.get("authorization"))
            site_viewer.check_viewer(conn, station, request.headers)
            day = _day(request, _site_tz(conn))
    except AuthError as exc:
        return JSONResponse({"error": exc.message}, 401)
    except PermissionDenied as exc:
        return JSONResponse({"error": exc.message}, 403)
    if day is None:
        return JSONResponse({"error": "date must look like 2026-11-22"}, 400)
    with db.checkout(pool) as conn, site.read_only(conn):
        return JSONResponse(site.site_day(conn, day).as_dict())
