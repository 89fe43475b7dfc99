"""HTTP endpoints of the sync protocol (DESIGN §3.6)."""

from __future__ import annotations

from starlette.routing import BaseRoute


def routes() -> list[BaseRoute]:
    return []
