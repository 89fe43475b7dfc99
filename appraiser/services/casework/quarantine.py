"""Quarantine: goods judged counterfeit are held, with a record naming verdict and reasons.

A record is written for every counterfeit verdict (first, review or amendment) so the
warehouse knows what to pull aside; it is never deleted, and a later amendment to genuine
is visible next to it in the appraisal's history.
"""

from __future__ import annotations

import json
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.casework import appraisals
from appraiser.storage.db import Store


def _next_uid(store: Store, appraisal_uid: str) -> str:
    base = "QR-" + appraisal_uid.removeprefix("AP-")
    count = store.one(
        "SELECT COUNT(*) AS n FROM quarantine_records WHERE appraisal_uid = ?", (appraisal_uid,)
    )
    return base if not count["n"] else f"{base}-{count['n'] + 1}"


def hold(
    store: Store,
    session: Session,
    appraisal_uid: str,
    *,
    location: str = "",
    note: str = "",
) -> str:
    """Record that the item of a counterfeit verdict is quarantined; returns the record uid."""
    verdict = appraisals.current_verdict(store, appraisal_uid)
    if verdict is None or verdict["verdict"] != "counterfeit":
        raise InvalidInput("Only an item with a counterfeit verdict goes to quarantine.")
    existing = store.one(
        "SELECT uid FROM quarantine_records WHERE verdict_id = ?", (verdict["id"],)
    )
    if existing:
        return existing["uid"]
    appraisal = appraisals.current(store, appraisal_uid)
    row = {
        "uid": _next_uid(store, appraisal_uid),
        "appraisal_uid": appraisal_uid,
        "item_uid": appraisal["item_uid"],
        "verdict_id": verdict["id"],
        "reason_codes": json.loads(verdict["reason_codes"]),
        "location": location.strip() or None,
        "note": note.strip() or None,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    with store.atomic(session.actor) as tx:
        tx.insert("quarantine_records", row, action="quarantine.held", uid=row["uid"])
    return row["uid"]


def of_appraisal(store: Store, appraisal_uid: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT * FROM quarantine_records WHERE appraisal_uid = ? ORDER BY id", (appraisal_uid,)
    )
    for row in rows:
        row["reason_codes"] = json.loads(row["reason_codes"])
    return rows


def list_day(store: Store, since_iso: str) -> list[dict[str, Any]]:
    """Quarantine records since a moment, with the item, for the supervisor's overview."""
    return store.query(
        """SELECT q.uid, q.appraisal_uid, q.reason_codes, q.location, q.created,
                  i.brand, i.model, i.gtin, i.declaration_no, i.merchant
           FROM quarantine_records q LEFT JOIN items_current i ON i.uid = q.item_uid
           WHERE q.created >= ? ORDER BY q.id""",
        (since_iso,),
    )
