"""Push rows through the real ``POST /sync/v1/events`` as a signed-in station would: each
row rides on an audit event that vouches for its digest, chained to the server's head."""

from __future__ import annotations

import json
from typing import Any

from appraiser.storage.audit import event_hash
from appraiser.storage.canonical import digest


def chained(client, rows: list[tuple[str, str, dict[str, Any] | None]]) -> dict[str, Any]:
    """The body of a push of one event per ``(entity, entity_id, row)`` after the head."""
    state = client.get("/sync/v1/state").json()
    seq, prev = state["events_head"], state["head_hash"]
    events, bodies = [], {}
    for entity, entity_id, row in rows:
        seq += 1
        event = {"seq": seq, "ts": "2026-12-06T04:00:00Z", "actor": "admin",
                 "action": f"{entity}.insert", "entity": entity, "entity_id": entity_id,
                 "row_digest": digest(row) if row is not None else None,
                 "data": json.dumps({}), "prev_hash": prev}  # fmt: skip
        event["hash"] = prev = event_hash(event, prev)
        events.append(event)
        if row is not None:
            bodies[str(seq)] = row
    return {"events": events, "rows": bodies}


def push(client, rows: list[tuple[str, str, dict[str, Any] | None]]):
    return client.post("/sync/v1/events", json=chained(client, rows))
