"""Helpers for the lot decision tests: a sampled lot written as rows (its drawn units are
ordinary items), and units appraised through the real bench services."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from appraiser.clock import now_iso
from appraiser.domain.enums import Category, Verdict
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.arrivals.entries import add_entry
from appraiser.services.arrivals.lines import QUEUE_LINE
from appraiser.services.casework import appraisals, checklist, verdicts

GTIN = "4006381333931"


def plan(n: int, ac: int, re: int, *, aql: float = 1.0) -> dict[str, Any]:
    return {"aql": aql, "n": n, "ac": ac, "re": re}


def make_lot(
    station: Station,
    session: Session,
    classes: dict[str, dict[str, Any]],
    *,
    quantity: int = 500,
    drawn: int | None = None,
    merchant: str | None = None,
    gtin: str | None = GTIN,
    counterfeit_rejects: bool = True,
) -> tuple[str, list[str]]:
    """A sampled lot whose sample is the largest class n; returns (lot uid, item uids in
    drawing order). Unit numbers are drawn in a shuffled order, as a real draw is."""
    size = drawn or max(c["n"] for c in classes.values())
    lot_uid = "LOT-" + uuid.uuid4().hex[:10].upper()
    row = {
        "uid": lot_uid, "line_uid": "IT-LINE-" + lot_uid, "day": "2026-11-20",
        "category": "beauty", "gtin": gtin, "merchant": merchant, "quantity": quantity,
        "policy": "sampling", "level": "II", "severity": "normal", "code_letter": "H",
        "sample_size": size, "plan": classes, "counterfeit_rejects": int(counterfeit_rejects),
        "seed": "00", "created": now_iso(), "created_by": session.user_id,
    }  # fmt: skip
    store = station.store
    items = [appraisals.register_item(store, session, gtin=gtin, category="beauty")
             for _ in range(size)]  # fmt: skip
    with store.atomic(session.actor) as tx:
        tx.insert("lots", row, action="lot.planned", uid=lot_uid)
        for k, item in enumerate(items):
            unit_no = (k * 37) % quantity + 1
            tx.insert("lot_samples", {
                "lot_uid": lot_uid, "unit_no": unit_no, "carton": 1, "unit_in_carton": unit_no,
                "item_uid": item, "created": now_iso(), "created_by": session.user_id,
            }, action="lot.unit_drawn", lot=lot_uid)  # fmt: skip
    return lot_uid, items


def appraise(
    station: Station,
    session: Session,
    password: str,
    item_uid: str,
    verdict: Verdict = Verdict.GENUINE,
    *,
    codes: list[str] | None = None,
    failed_point: str | None = None,
) -> str:
    """Start and sign one unit's appraisal (a failed checkpoint first, if asked)."""
    store = station.store
    uid = appraisals.start(
        store, session, station.settings.station_code, item_uid, Category.BEAUTY,
        station.settings.tz(),
    )  # fmt: skip
    if failed_point:
        checklist.record_point(store, session, uid, failed_point, "fail", "scuffed")
    if verdict == Verdict.COUNTERFEIT and not codes:
        codes = ["NOT_AUTHENTIC"]
    verdicts.sign(store, session, uid, verdict, password, reason_codes=codes)
    return uid


def appraise_all(station, session, password, items, verdict=Verdict.GENUINE, **kw) -> list[str]:
    return [appraise(station, session, password, item, verdict, **kw) for item in items]


def make_every_unit_lot(
    station: Station, session: Session, quantity: int, *, taken: int | None = None
) -> tuple[str, list[str]]:
    """An every-unit lot of ``quantity`` whose first ``taken`` units are queued (the line's
    own item first, as the bench takes them); returns (lot uid, item uids in order)."""
    day = date(2026, 11, 20)
    lot_uid = "LOT-" + uuid.uuid4().hex[:10].upper()
    fields = {"gtin": GTIN, "category": "bags"}
    with station.store.atomic(session.actor) as tx:
        line = add_entry(tx, session, day, fields, source="manual")
        items = [line] + [
            add_entry(tx, session, day, {**fields, "attributes": {QUEUE_LINE: line}},
                      source="manual")
            for _ in range((taken or quantity) - 1)
        ]  # fmt: skip
        tx.insert("lots", {
            "uid": lot_uid, "line_uid": line, "day": day.isoformat(), "category": "bags",
            "gtin": GTIN, "quantity": quantity, "policy": "every_unit", "sample_size": quantity,
            "plan": {}, "created": now_iso(), "created_by": session.user_id,
        }, action="lot.planned", uid=lot_uid)  # fmt: skip
    return lot_uid, items
