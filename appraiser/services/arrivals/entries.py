"""Writing arrivals inside a caller's transaction: a new item with its queue entry, and a
new revision of an item when a scan or an inbound list tells more about it.

Items are never edited in place: what a scan or a list adds is a new revision that names
the one it supersedes and why, audited in the same transaction as the rest of the change.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from appraiser.clock import now_iso
from appraiser.services.admin.accounts import Session
from appraiser.services.casework.appraisals import ITEM_FIELDS, check_item_fields
from appraiser.storage.db import Tx


def item_row(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """A first revision of an item, as ``appraisals.register_item`` writes it."""
    fields = check_item_fields(fields)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    return {
        **{k: v for k, v in clean.items() if v not in ("", None)},
        "uid": "IT-" + uuid.uuid4().hex[:12].upper(),
        "revision": 1,
        "created": now_iso(),
        "created_by": session.user_id,
        "attributes": clean.get("attributes") or {},
    }


def add_entry(
    tx: Tx, session: Session, day: date, fields: dict[str, Any], *, source: str, **entry: Any
) -> str:
    """Register the item and queue it inside the caller's transaction; returns its uid."""
    item = item_row(session, fields)
    tx.insert("items", item, action="item.registered", uid=item["uid"])
    row = {
        "day": day.isoformat(),
        "item_uid": item["uid"],
        "source": source,
        "quantity": 1,
        "created": now_iso(),
        "created_by": session.user_id,
        **entry,
    }
    tx.insert("queue_entries", row, action="queue.added", uid=item["uid"], source=source)
    return item["uid"]


def current_item(tx: Tx, uid: str) -> dict[str, Any]:
    row = tx.store.one("SELECT * FROM items_current WHERE uid = ?", (uid,))
    assert row is not None, uid
    row["attributes"] = json.loads(row["attributes"] or "{}")
    return row


def revise_item(
    tx: Tx,
    session: Session,
    uid: str,
    changes: dict[str, Any],
    *,
    reason: str,
    attributes: dict[str, Any] | None = None,
) -> bool:
    """Store ``changes`` (and extra ``attributes``) as a new revision, only if they change
    something; returns whether a revision was written."""
    current = current_item(tx, uid)
    differs = {k: v for k, v in changes.items() if v not in ("", None) and current.get(k) != v}
    merged = {**current["attributes"], **(attributes or {})}
    if not differs and merged == current["attributes"]:
        return False
    row = {k: current[k] for k in ("uid", *ITEM_FIELDS)}
    row.update(differs)
    row.update(
        revision=current["revision"] + 1,
        supersedes=current["id"],
        attributes=merged,
        created=now_iso(),
        created_by=session.user_id,
        reason=reason,
    )
    fields = sorted({*differs, *(attributes or {})})
    tx.insert("items", row, action="item.revised", uid=uid, fields=fields)
    return True
