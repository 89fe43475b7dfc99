"""The day's work queue: items waiting at the bench and where each one stands.

An item enters the queue from an inbound list, a scan or by hand; it is registered as an
item at that moment, and the queue entry only says *which day* and *where it came from*.
An entry's state is read from the item's latest appraisal, so it can never disagree with
the appraisal record.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.clock import utcnow
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals import lines
from appraiser.services.arrivals.entries import add_entry, current_item, item_row, revise_item
from appraiser.services.arrivals.scanning import Scan
from appraiser.services.arrivals.scanning import parse as parse_barcode
from appraiser.services.casework.appraisals import list_for_day
from appraiser.storage import label_states
from appraiser.storage.db import Store

__all__ = ["add_entry", "item_row"]  # kept here for callers that queue rows themselves

WAITING = "waiting"
ACTIVE_STATES = ("open", "interrupted")


def local_day(tz: ZoneInfo) -> date:
    return utcnow().astimezone(tz).date()


def add_manual(store: Store, session: Session, day: date, **fields: Any) -> str:
    if not (fields.get("gtin") or fields.get("sku") or fields.get("brand")):
        raise InvalidInput("An item needs at least a GTIN, a SKU or a brand.")
    if fields.get("gtin"):
        fields = {**fields, "gtin": parse_barcode(fields["gtin"]).gtin}
    with store.atomic(session.actor) as tx:
        return add_entry(tx, session, day, fields, source="manual")


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
    """The item a scan stands for, keeping the lot, expiry and serial it read.

    The case this person is appraising (the scan fills in what its item lacks), else a free
    unit of a queued line with this GTIN (``(uid, False)``), otherwise a new entry
    (``(uid, True)``: another unit of the same product is another item).
    """
    scanned = scan.item_fields()
    with store.atomic(session.actor) as tx:
        mine = find_mine(store, day, scan.gtin, session)
        if mine is not None:
            have = current_item(tx, mine["item_uid"])
            missing = {k: v for k, v in scanned.items() if k in lines.UNIT_FIELDS and not have[k]}
            revise_item(tx, session, mine["item_uid"], missing, reason="scan")
            return mine["item_uid"], False
        for line in lines.lines_for(store, day, scan.gtin):
            unit = lines.take_unit(tx, session, day, line, scanned)
            if unit is not None:
                return unit, False
        uid = add_entry(tx, session, day, scanned, source="scan")
        tx.event("scan.read", uid=uid, kind=scan.kind, raw=scan.raw)
    return uid, True


def open_line(store: Store, session: Session, day: date, line_uid: str) -> tuple[str, str | None]:
    """What opening a queue row shows: this person's case on the line, else the next unit
    to appraise (made when the line has more to come), else the line's latest case."""
    with store.atomic(session.actor) as tx:
        found = lines.units(store, day, line_uid)
        active = [u for u in found if u["state"] in lines.ACTIVE]
        mine = [u for u in active if u["appraiser_id"] == session.user_id]
        if mine:
            return mine[0]["uid"], mine[0]["appraisal_uid"]
        unit = lines.take_unit(tx, session, day, entry(store, line_uid), {})
        if unit is not None:
            return unit, None
    shown = (active or [u for u in found if u["state"]] or found)[-1]
    return shown["uid"], shown["appraisal_uid"]


_SERIAL = label_states.shown_serial_sql("a.uid", "a.item_uid")  # a lot unit: its unit label
_DAY_SQL = f"""
SELECT q.item_uid, q.source, q.quantity, q.row_no, q.created AS queued,
       json_extract(i.attributes, '$.queue_line') AS line_uid,
       i.gtin, i.sku, i.brand, i.model, i.category AS item_category, i.declaration_no,
       i.merchant, i.batch_lot, i.expiry, i.serial,
       a.uid AS appraisal_uid, a.state AS appraisal_state, a.step, a.category,
       a.appraiser_id, u.username AS appraiser, u.display_name AS appraiser_name,
       v.verdict, {_SERIAL} AS label_serial,
       {label_states.state_sql(_SERIAL)} AS label_state,
       lot.uid AS lot_uid, lot.policy AS lot_policy, lot.sample_size AS lot_sample_size,
       json_extract(i.attributes, '$.lot_unit') AS lot_unit,
       json_extract(i.attributes, '$.carton') AS lot_carton,
       json_extract(i.attributes, '$.unit_in_carton') AS lot_place
FROM queue_entries q
JOIN items_current i ON i.uid = q.item_uid
LEFT JOIN lots lot ON lot.line_uid = q.item_uid
LEFT JOIN appraisals_current a ON a.uid = (
    SELECT uid FROM appraisals WHERE item_uid = q.item_uid ORDER BY id DESC LIMIT 1)
LEFT JOIN users u ON u.id = a.appraiser_id
LEFT JOIN verdicts_current v ON v.appraisal_uid = a.uid
WHERE q.day = ? ORDER BY q.id
"""


def list_day(store: Store, day: date, tz: ZoneInfo | None = None) -> list[dict[str, Any]]:
    """Every line of ``day`` with its item and the case it shows (its units folded in, with
    ``appraised`` of ``target`` done: the quantity, or a sampled lot's n drawn units, with
    ``lot_uid``/``lot_policy``/``lot_sample_size`` for a lot's line, and for a sampled
    one ``next_unit``: the next drawn unit to pull, or None; a decided lot's outcome, see
    ``_with_lot_outcome``); with ``tz``, also
    the day's appraisals of items that never went through the queue (started from the
    command line or the demo), so the bench sees all of today's work."""
    raw = store.query(_DAY_SQL, (day.isoformat(),))
    rows = [_with_lot_outcome(store, r) for r in lines.fold(raw)]
    if tz is not None:
        queued = {r["item_uid"] for r in raw}
        rows += [_unqueued(r) for r in list_for_day(store, day, tz) if r["item_uid"] not in queued]
    return rows


def _with_lot_outcome(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """A decided lot's line says how the lot ended, not how far its sample got (issue 16:
    a lot rejected by its 4th drawn unit read "4/50 sampled" as if still open):
    ``lot_decision`` (accept/reject), ``lot_overridden``, ``lot_review`` (an amended unit
    verdict put it under review), ``lot_quarantined`` and, for unit labels,
    ``lot_labels_printed`` of ``lot_units``."""
    if not row.get("lot_uid"):
        return row
    from appraiser.services.lots import lot_quarantine, lot_review, unit_labels

    decision = unit_labels.current_decision(store, row["lot_uid"])
    if decision is None:
        return row
    counts = unit_labels.summary(store, row["lot_uid"])
    return {
        **row,
        "lot_decision": decision["decision"],
        "lot_overridden": decision["kind"] == "override",
        "lot_review": lot_review.open_review(store, row["lot_uid"]) is not None,
        "lot_quarantined": lot_quarantine.is_held(store, row["lot_uid"]),
        "lot_labels_printed": counts.get("printed", 0) + counts.get("applied", 0),
        "lot_units": counts["units"],
    }


def _unqueued(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "appraisal_uid": row["id"],
        "appraisal_state": row["state"],
        "source": "direct",
        "quantity": 1,
        "appraised": int(row["state"] in lines.APPRAISED),
        "target": 1,
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
