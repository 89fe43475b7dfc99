"""The ASGI app factory: Starlette on uvicorn, stateless workers over one PostgreSQL.

Route modules plug in through ``ROUTE_MODULES``: each names a module of this package with a
``routes() -> list[starlette.routing.BaseRoute]`` function; its endpoints reach the shared
state through ``request.app.state``:

- ``state.pool`` — the psycopg ``ConnectionPool`` (``with db.transaction(state.pool) as
  conn``); plain ``def`` endpoints run in Starlette's thread pool, so blocking psycopg calls
  are fine there;
- ``state.media`` — the blob store (``appraiser.server.media``: ``exists``, ``size``,
  ``open_range``, ``local_path``);
- ``state.settings`` — the ``ServerSettings`` the worker started with.

Slice F2 adds ``"resolver"``, ``"consumer_page"``, ``"scans"`` to ``ROUTE_MODULES``.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from appraiser.server import db, media_gc, migrations
from appraiser.server.body_limit import BodyLimit
from appraiser.server.media import open_media

ROUTE_MODULES: tuple[str, ...] = (
    "ingest_routes",
    "consumer_page_routes",
    "resolver",
    "supervisor_page_routes",  # issue 15 F3: /site/ and /site/v1/overview
    "resolver_compressed",  # last: one long base64 segment, a compressed GS1 Digital Link
)


@dataclass(frozen=True)
class ServerSettings:
    dsn: str
    media: str  # a folder, or s3://bucket[/prefix]
    pool_min: int = 1
    pool_max: int = 8


def _health(request: Request) -> JSONResponse:
    """Load balancers and ``server run`` smoke checks: the database answers and its schema
    is current (503 otherwise, with the reason)."""
    try:
        with db.transaction(request.app.state.pool) as conn:
            missing = [m.version for m in migrations.pending(conn)]
    except Exception as exc:  # any database trouble is "not healthy", never a 500 page
        return JSONResponse({"ok": False, "reason": type(exc).__name__}, status_code=503)
    if missing:
        return JSONResponse({"ok": False, "reason": f"schema behind: {missing}"}, status_code=503)
    return JSONResponse({"ok": True})


def _routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = [Route("/healthz", _health, methods=["GET", "HEAD"])]
    for name in ROUTE_MODULES:
        routes.extend(importlib.import_module(f"appraiser.server.{name}").routes())
    return routes


def create_app(settings: ServerSettings) -> Starlette:
    """A worker: opens its pool and media store at start-up, closes them at shutdown."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.media = open_media(settings.media)
        app.state.pool = db.open_pool(
            settings.dsn, min_size=settings.pool_min, max_size=settings.pool_max
        )
        upload_gc = media_gc.start(app)  # abandoned staged uploads: at start, then hourly
        try:
            yield
        finally:
            await media_gc.stop(upload_gc)
            for name in ROUTE_MODULES:  # a route module's own resources (async pools, logs)
                module = importlib.import_module(f"appraiser.server.{name}")
                closer = getattr(module, "shutdown", None)
                if closer is not None:
                    await closer(app)
            app.state.pool.close()

    # body caps per path before anything is read (F9)
    return Starlette(routes=_routes(), lifespan=lifespan, middleware=[Middleware(BodyLimit)])


MEDIA_ENV = "APPRAISER_MEDIA"


def from_env() -> Starlette:
    """The factory ``server run`` hands uvicorn (``--workers N`` starts N of these, each
    with its own pool; they share nothing but PostgreSQL and the media store)."""
    import os

    return create_app(ServerSettings(dsn=db.resolve_dsn(None), media=os.environ[MEDIA_ENV]))
