"""Quarantine of whole lots: a rejected lot is held — every unit of it, sampled or not — with
the evidence that rejected it; an override to accept releases it, one to reject holds it again.

Unit quarantine (``casework.quarantine``) already holds each counterfeit unit by its own
verdict; this record is the warehouse's instruction for the rest of the pallet. Rows are
append-only (``lot_quarantine``); the newest row of a lot is in force.
"""

from __future__ import annotations

import json
from typing import Any

from appraiser.clock import now_iso
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store, Tx

HELD, RELEASED = "held", "released"


def state(store: Store, lot_uid: str) -> dict[str, Any] | None:
    """The lot's quarantine record in force (held or released), or None if never held."""
    row = store.one(
        "SELECT * FROM lot_quarantine WHERE lot_uid = ? ORDER BY id DESC LIMIT 1", (lot_uid,)
    )
    if row is not None:
        row["evidence"] = json.loads(row["evidence"])
    return row


def is_held(store: Store, lot_uid: str) -> bool:
    row = state(store, lot_uid)
    return row is not None and row["action"] == HELD


def _uid(store: Store, lot_uid: str) -> str:
    count = store.one("SELECT COUNT(*) AS n FROM lot_quarantine WHERE lot_uid = ?", (lot_uid,))
    return f"LQ-{lot_uid}" if not count["n"] else f"LQ-{lot_uid}-{count['n'] + 1}"


def record(
    tx: Tx,
    session: Session,
    lot: dict[str, Any],
    decision_id: int,
    action: str,
    evidence: list[dict[str, Any]],
) -> str:
    """Write a held/released row inside the decision's transaction; returns its uid."""
    row = {
        "uid": _uid(tx.store, lot["uid"]),
        "lot_uid": lot["uid"],
        "decision_id": decision_id,
        "action": action,
        "units": int(lot["quantity"]),
        "evidence": evidence,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    tx.insert("lot_quarantine", row, action=f"lot.quarantine.{action}", uid=row["uid"],
              lot=lot["uid"], units=row["units"])  # fmt: skip
    return row["uid"]


def list_held(store: Store) -> list[dict[str, Any]]:
    """Lots whose quarantine record in force is 'held', newest first (supervisor's view)."""
    return store.query(
        """SELECT q.uid, q.lot_uid, q.units, q.created, l.merchant, l.gtin, l.batch_lot
           FROM lot_quarantine q JOIN lots l ON l.uid = q.lot_uid
           WHERE q.action = 'held' AND q.id = (
               SELECT MAX(id) FROM lot_quarantine WHERE lot_uid = q.lot_uid)
           ORDER BY q.id DESC"""
    )
