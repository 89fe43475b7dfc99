"""A small constructed history of lots, written straight into the schema-6 tables.

Plausibility, the lot report, the exports and the scorecard read lots, samples, unit
verdicts, decisions and switching rows; these helpers write exactly such rows (each with
its audit event, as the services do) so those readers are tested on known numbers without
walking every unit through the bench.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from appraiser.clock import now_iso
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.lots import plausibility

PLAN = {
    "critical": {"aql": 0.1, "n": 125, "ac": 0, "re": 1},
    "major": {"aql": 1.0, "n": 125, "ac": 3, "re": 4},
    "minor": {"aql": 4.0, "n": 125, "ac": 10, "re": 11},
}


def _uid(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6).upper()}"


def _item(tx, session: Session, **fields: Any) -> str:
    uid = _uid("IT")
    row = {"uid": uid, "revision": 1, "created": now_iso(), "created_by": session.user_id}
    tx.insert("items", {**row, **fields}, action="item.created")
    return uid


def make_lot(
    station: Station,
    session: Session,
    quantity: int,
    *,
    brand: str = "Château Exemple",
    gtin: str = "04006381333931",
    batch: str | None = "B-2026-01",
    merchant: str = "Acme Imports",
    day: str = "2026-11-20",
    sample_size: int = 3,
    category: str = "food",
) -> str:
    """A sampled lot from a line of ``quantity`` units, flags checked as at intake."""
    lot_uid = _uid("LOT")
    fields = {"gtin": gtin, "brand": brand, "model": "Rouge", "category": category}
    with station.store.atomic(session.actor) as tx:
        line = _item(tx, session, **fields, merchant=merchant, batch_lot=batch,
                     declaration_no="123456789012345678")  # fmt: skip
        row = {
            "uid": lot_uid, "line_uid": line, "day": day, "category": category, "gtin": gtin,
            "batch_lot": batch, "merchant": merchant, "declaration_no": "123456789012345678",
            "quantity": quantity, "units_per_carton": 12, "policy": "sampling", "level": "II",
            "severity": "normal", "code_letter": "K", "sample_size": sample_size, "plan": PLAN,
            "seed": "00ff" * 8, "created": now_iso(), "created_by": session.user_id,
        }  # fmt: skip
        tx.insert("lots", row, action="lot.planned")
        plausibility.check_lot(tx, lot_uid)
    return lot_uid


def add_unit(
    station: Station, session: Session, lot_uid: str, unit_no: int, verdict: str | None
) -> str:
    """A drawn unit (its item, appraisal and, unless None, signed verdict)."""
    lot = station.store.one("SELECT * FROM lots WHERE uid = ?", (lot_uid,))
    assert lot is not None
    stamp = now_iso()
    with station.store.atomic(session.actor) as tx:
        item = _item(tx, session, gtin=lot["gtin"], brand="Château Exemple",
                     category=lot["category"], merchant=lot["merchant"])  # fmt: skip
        carton, place = (unit_no - 1) // 12 + 1, (unit_no - 1) % 12 + 1
        tx.insert("lot_samples", {"lot_uid": lot_uid, "unit_no": unit_no, "carton": carton,
                  "unit_in_carton": place, "item_uid": item, "created": stamp,
                  "created_by": session.user_id}, action="lot.sample.drawn")  # fmt: skip
        case = _uid("AP")
        tx.insert("appraisals", {"uid": case, "revision": 1, "item_uid": item,
                  "station": station.settings.station_code, "appraiser_id": session.user_id,
                  "category": lot["category"], "state": "done" if verdict else "open",
                  "step": "verdict", "started": stamp, "created": stamp,
                  "created_by": session.user_id}, action="appraisal.started")  # fmt: skip
        if verdict:
            codes = ["NOT_AUTHENTIC"] if verdict == "counterfeit" else []
            tx.insert("verdicts", {"appraisal_uid": case, "verdict": verdict,
                      "reason_codes": json.dumps(codes), "meaning": "I appraised this unit",
                      "signed_by": session.user_id, "signed_at": stamp},
                      action="verdict.signed")  # fmt: skip
    return item


def decide(
    station: Station,
    session: Session,
    lot_uid: str,
    decision: str,
    *,
    override_by: Session | None = None,
    reason: str = "",
) -> None:
    """A computed decision, and optionally a supervisor's override of it."""
    stamp = now_iso()
    with station.store.atomic(session.actor) as tx:
        first = tx.insert("lot_decisions", {"uid": _uid("LD"), "lot_uid": lot_uid,
                          "decision": decision, "kind": "computed",
                          "basis": {"major": {"defects": 0, "ac": 3, "re": 4}},
                          "meaning": "I sign the lot decision computed from the sample",
                          "signed_by": session.user_id, "signed_at": stamp},
                          action="lot.decided")  # fmt: skip
    if override_by is None:
        return
    other = "reject" if decision == "accept" else "accept"
    with station.store.atomic(override_by.actor) as tx:
        tx.insert("lot_decisions", {"uid": _uid("LD"), "lot_uid": lot_uid, "decision": other,
                  "kind": "override", "meaning": "I override the lot decision",
                  "signed_by": override_by.user_id, "signed_at": now_iso(),
                  "supersedes": first, "reason": reason}, action="lot.overridden")  # fmt: skip


def switch(station: Station, session: Session, lot_uid: str, state: str) -> None:
    """The supplier's switching state after ``lot_uid``."""
    lot = station.store.one("SELECT merchant, gtin FROM lots WHERE uid = ?", (lot_uid,))
    assert lot is not None
    with station.store.atomic(session.actor) as tx:
        tx.insert("lot_switching", {"merchant": lot["merchant"], "gtin": lot["gtin"],
                  "state": state, "counters": {"accepted_in_row": 1}, "lot_uid": lot_uid,
                  "reason": "test", "created": now_iso(), "created_by": session.user_id},
                  action="lot.switching")  # fmt: skip
