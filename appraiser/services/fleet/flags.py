"""The fleet's clone flags on this station's serials, pulled into ``label_flags`` (N9).

Clone detection across the fleet runs on the server (``appraiser.server.clone``): only it
sees consumers' scans. Issue 15 wants the flags "that supervisors see on the station and on
the server", so each sync pass asks ``GET /sync/v1/flags?since=<last server flag id>`` and
records each new one as an audited ``label_flags`` row, rule ``fleet_<server rule>``, detail
``{"source": "fleet", "fleet_id": …, "raised": …, …server detail}``. The cursor is read back
from those rows, so nothing else is kept about progress, and a flag already held (same
serial and rule) is skipped: pulling twice changes nothing.
"""

from __future__ import annotations

from typing import Any

import httpx

from appraiser.clock import now_iso
from appraiser.services.fleet.link import answer, call
from appraiser.storage.db import Store
from appraiser.storage.migrations.m0007_fleet_flags import FLEET_RULES

_CURSOR = (
    "SELECT COALESCE(MAX(CAST(json_extract(detail, '$.fleet_id') AS INTEGER)), 0) AS n"
    " FROM label_flags WHERE rule LIKE 'fleet\\_%' ESCAPE '\\'"
)


def pull(http: httpx.Client, store: Store) -> int:
    """Fetch and record the server's new flags on this station's serials; how many."""
    added = 0
    while True:
        since = int(store.one(_CURSOR)["n"])
        response = call(http, "GET", "/sync/v1/flags", params={"since": since})
        if response.status_code == 404:
            return added  # a server before this endpoint: nothing to pull
        flags = answer(response).get("flags") or []
        for flag in flags:
            added += _record(store, flag)
        if not flags:
            return added
        if int(store.one(_CURSOR)["n"]) <= since:
            return added  # nothing recordable in this page: do not ask for it again


def _record(store: Store, flag: dict[str, Any]) -> int:
    rule = f"fleet_{flag.get('rule')}"
    serial, fleet_id = str(flag.get("serial") or ""), flag.get("id")
    if rule not in FLEET_RULES or not serial or type(fleet_id) is not int:
        return 0
    detail = flag.get("detail") if isinstance(flag.get("detail"), dict) else {}
    detail = {**detail, "source": "fleet", "fleet_id": fleet_id, "raised": flag.get("raised")}
    row = {"serial": serial, "rule": rule, "detail": detail,
           "created": str(flag.get("raised") or now_iso())}  # fmt: skip
    with store.atomic("system") as tx:
        ours = tx.conn.execute("SELECT 1 FROM labels WHERE serial = ?", (serial,)).fetchone()
        held = tx.conn.execute(
            "SELECT 1 FROM label_flags WHERE serial = ? AND rule = ?", (serial, rule)
        ).fetchone()
        if ours is None or held is not None:
            return 0  # only this station's serials; each flag once
        tx.insert("label_flags", row, action="label.fleet_flagged", serial=serial, rule=rule)
    return 1
