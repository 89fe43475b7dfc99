"""The site view of an enrolled station's Supervision page (issue 15 item 4).

The station signs in with its key (as ``sync`` does) and reads ``GET /site/v1/overview``:
every station's day, verdict mix, throughput, sync lag and the clone flags. Only for a
signed-in supervisor (``Action.SUPERVISE``, refused and audited here first): the station
signs an assertion naming that person for this session, and the server checks the account
against the station's synced users (``appraiser.server.site_viewer``). The last good
answer is kept in ``<data>/fleet/site_view.json``; when the server does not answer, the
page shows that copy and says since when it is offline (the station never waits for the
server, and never shows an old view as if it were current).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from appraiser.clock import now_iso
from appraiser.fsio import write_atomic
from appraiser.keys import StationKeys
from appraiser.paths import DataDir
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.fleet import link as fleet_link
from appraiser.services.fleet.link import (
    ServerRefused,
    ServerUnreachable,
    answer,
    call,
    client,
    viewer_message,
)
from appraiser.storage.db import Store


@dataclass(frozen=True)
class SiteView:
    """``view``: the server's ``SiteDay.as_dict()`` (None before any good fetch);
    ``online``: this fetch succeeded; ``fetched_at``: when ``view`` was read (UTC ISO);
    ``problem``: why not online (one line)."""

    online: bool
    view: dict[str, Any] | None
    fetched_at: str | None
    problem: str | None = None


def is_enrolled(data: DataDir) -> bool:
    return fleet_link.link_path(data).is_file()


def _cache(data: DataDir):
    return fleet_link.link_path(data).with_name("site_view.json")


def cached(data: DataDir, day: date | None = None) -> SiteView | None:
    """The last good fetch (of ``day``, when given), or None."""
    try:
        raw = json.loads(_cache(data).read_text("utf-8"))
        view, fetched = raw["view"], str(raw["fetched_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if day is not None and view.get("day") != day.isoformat():
        return SiteView(False, None, fetched)
    return SiteView(False, view, fetched)


def fetch(data: DataDir, store: Store, day: date, session: Session | None) -> SiteView:
    """The site's day from the server, or the last good copy with the reason it is not
    current. Refusals other than "unreachable" (not enrolled, not a supervisor) are raised."""
    rules.require(store, session, Action.SUPERVISE, what="site view")
    try:
        link = fleet_link.load(data)
        keys = StationKeys(data.keys, store)
        token = fleet_link.sign_in(link, keys)
        kid, sig = keys.sign(viewer_message(link.station, session.username, token))
        headers = {
            "X-Appraiser-Viewer": session.username,
            "X-Appraiser-Viewer-Kid": kid,
            "X-Appraiser-Viewer-Sig": fleet_link.b64(sig),
        }
        with client(link, token) as http:
            params = {"date": day.isoformat()}
            view = answer(call(http, "GET", "/site/v1/overview", params=params, headers=headers))
    except ServerUnreachable as exc:
        last = cached(data, day) or cached(data)
        fetched = last.fetched_at if last else None
        return SiteView(False, last.view if last else None, fetched, exc.message)
    stamp = now_iso()
    body = json.dumps({"fetched_at": stamp, "view": view}, ensure_ascii=False)
    write_atomic(_cache(data), body.encode("utf-8"), mode=0o600)
    return SiteView(True, view, stamp)


__all__ = ["ServerRefused", "SiteView", "cached", "fetch", "is_enrolled"]
