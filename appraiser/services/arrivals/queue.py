"""The day's work queue: items waiting at the bench and where each one stands.

An item enters the queue from an inbound list, a scan or by hand; it is registered as an
item at that moment, and the queue entry only says *which day* and *where it came from*.
An entry's state is read from the item's latest appraisal, so it can never disagree with
the appraisal record.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.clock import now_iso, utcnow
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals.scanning import Scan
from appraiser.services.arrivals.scanning import parse as parse_barcode
from appraiser.services.casework.appraisals import ITEM_FIELDS, list_for_day
from appraiser.storage.db import Store, Tx

WAITING = "waiting"
ACTIVE_STATES = ("open", "interrupted")


def local_day(tz: ZoneInfo) -> date:
    return utcnow().astimezone(tz).date()


def item_row(session: Session, fields: dict[str, Any]) -> dict[str, Any]:
    """A first revision of an item, as ``appraisals.register_item`` writes it."""
    unknown = set(fields) - set(ITEM_FIELDS) - {"attributes"}
    if unknown:
        raise InvalidInput(f"unknown item fields: {', '.join(sorted(unknown))}")
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


def add_manual(store: Store, session: Session, day: date, **fields: Any) -> str:
    if not (fields.get("gtin") or fields.get("sku") or fields.get("brand")):
        raise InvalidInput("An item needs at least a GTIN, a SKU or a brand.")
    if fields.get("gtin"):
        fields = {**fields, "gtin": parse_barcode(fields["gtin"]).gtin}
    with store.atomic(session.actor) as tx:
        return add_entry(tx, session, day, fields, source="manual")


def find_waiting(store: Store, day: date, gtin: str) -> dict[str, Any] | None:
    """The first entry of the day for this GTIN that nobody has started yet."""
    return store.one(
        """SELECT q.item_uid FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
           WHERE q.day = ? AND ltrim(i.gtin, '0') = ltrim(?, '0')
             AND NOT EXISTS (SELECT 1 FROM appraisals a WHERE a.item_uid = q.item_uid)
           ORDER BY q.id LIMIT 1""",
        (day.isoformat(), gtin),
    )


def find_mine(store: Store, day: date, gtin: str, session: Session) -> dict[str, Any] | None:
    """The day's entry with this GTIN that this person is appraising right now, if any."""
    return store.one(
        """SELECT q.item_uid FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
           JOIN appraisals_current a ON a.item_uid = q.item_uid
           WHERE q.day = ? AND ltrim(i.gtin, '0') = ltrim(?, '0') AND a.appraiser_id = ?
             AND a.state IN ('open', 'interrupted')
           ORDER BY q.id LIMIT 1""",
        (day.isoformat(), gtin, session.user_id),
    )


def add_scan(store: Store, session: Session, day: date, scan: Scan) -> tuple[str, bool]:
    """The queue entry a scan stands for: the one this person is appraising, else a waiting
    entry with this GTIN (returns ``(uid, False)``), otherwise a new entry (``(uid, True)``:
    another unit of the same product is another item)."""
    waiting = find_mine(store, day, scan.gtin, session) or find_waiting(store, day, scan.gtin)
    if waiting is not None:
        return waiting["item_uid"], False
    with store.atomic(session.actor) as tx:
        uid = add_entry(tx, session, day, scan.item_fields(), source="scan")
        tx.event("scan.read", uid=uid, kind=scan.kind, raw=scan.raw)
    return uid, True


_DAY_SQL = """
SELECT q.item_uid, q.source, q.quantity, q.row_no, q.created AS queued,
       i.gtin, i.sku, i.brand, i.model, i.category AS item_category, i.declaration_no,
       i.merchant, i.batch_lot, i.expiry, i.serial,
       a.uid AS appraisal_uid, a.state AS appraisal_state, a.step, a.category,
       a.appraiser_id, u.username AS appraiser, u.display_name AS appraiser_name,
       v.verdict,
       (SELECT serial FROM labels l WHERE l.appraisal_uid = a.uid
        ORDER BY l.id DESC LIMIT 1) AS label_serial
FROM queue_entries q
JOIN items_current i ON i.uid = q.item_uid
LEFT JOIN appraisals_current a ON a.uid = (
    SELECT uid FROM appraisals WHERE item_uid = q.item_uid ORDER BY id DESC LIMIT 1)
LEFT JOIN users u ON u.id = a.appraiser_id
LEFT JOIN verdicts_current v ON v.appraisal_uid = a.uid
WHERE q.day = ? ORDER BY q.id
"""


def list_day(store: Store, day: date, tz: ZoneInfo | None = None) -> list[dict[str, Any]]:
    """Every entry of ``day`` with its item, latest appraisal, verdict and label; with
    ``tz``, also the day's appraisals of items that never went through the queue (started
    from the command line or the demo), so the bench sees all of today's work."""
    rows = store.query(_DAY_SQL, (day.isoformat(),))
    for row in rows:
        row["state"] = row["appraisal_state"] or WAITING
    if tz is not None:
        queued = {r["appraisal_uid"] for r in rows}
        rows += [_unqueued(r) for r in list_for_day(store, day, tz) if r["id"] not in queued]
    return rows


def _unqueued(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "appraisal_uid": row["id"],
        "appraisal_state": row["state"],
        "source": "direct",
        "quantity": 1,
        "queued": row["created"],
    }


def entry(store: Store, item_uid: str) -> dict[str, Any]:
    row = store.one(
        "SELECT q.*, i.gtin FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid "
        "WHERE q.item_uid = ?",
        (item_uid,),
    )
    if row is None:
        raise NotFound(f"No queued item {item_uid}.")
    return row


def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many entries are in each state (for the queue's summary line)."""
    found: dict[str, int] = {}
    for row in rows:
        found[row["state"]] = found.get(row["state"], 0) + 1
    return found
