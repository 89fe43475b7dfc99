"""Reprinting a damaged unit label of a lot (issue 16 L4b), like any label: a supervisor
approves (``labels.reprint``: four eyes, reason, old serial voided in the same transaction),
and the new serial labels the *same unit*, vouched for by the lot decision in force, which
must still accept the lot. Printed once: the render that asked for it records it printed.
"""

from __future__ import annotations

from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_basis
from appraiser.services.lots.unit_labels import (
    _LIVE_UNITS,
    _Signer,
    accepted_decision,
    blocking_flags,
    decision_digest,
    still_accepted,
    under_review,
)
from appraiser.storage.db import Tx


def sign_again(station: Station, unit: dict[str, Any]) -> tuple[str, tuple]:
    """A reprint of a damaged unit label (DESIGN §3.3): a fresh signed serial for the same
    unit, vouched for by the decision in force, which must still accept the lot (not under
    review, no open plausibility flag). Returns (decision uid, signed label)."""
    lot_uid = unit["lot_uid"]
    decision = accepted_decision(station.store, lot_uid)
    under_review(station.store, lot_uid)
    flags = blocking_flags(station.store, lot_uid)
    if flags:
        raise InvalidInput(
            f"Lot {lot_uid} has {len(flags)} open plausibility flag(s) ({flags[0]}); its "
            "labels are reprinted once a supervisor has acknowledged them."
        )
    own = unit_basis.withheld(station.store, lot_uid, unit["unit_no"], unit["unit_no"])
    if own:  # issue 16 finding 1: a non-genuine drawn unit is never labelled again
        raise InvalidInput(
            f"Unit {unit['unit_no']} of lot {lot_uid} gets no label: {own[unit['unit_no']]}."
        )
    hex_digest, gtin = decision_digest(station.store, decision)
    return decision["uid"], _Signer(station, gtin, hex_digest).sign()


def link_again(tx: Tx, session: Session, unit: dict[str, Any], decision_uid: str, serial: str):
    """In the reprint's transaction: the new serial labels the same unit of the same lot,
    under a decision still in force (re-read here), and the unit has no other live one."""
    lot_uid = unit["lot_uid"]
    still_accepted(tx, lot_uid, decision_uid, "the reprint was stopped")
    live = tx.conn.execute(_LIVE_UNITS, (lot_uid, unit["unit_no"], unit["unit_no"])).fetchall()
    if live:
        raise InvalidInput(f"Unit {unit['unit_no']} of lot {lot_uid} already has a live label.")
    link = {
        "serial": serial,
        "lot_uid": lot_uid,
        "unit_no": unit["unit_no"],
        "decision_uid": decision_uid,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    tx.insert("lot_unit_labels", link, action="lot.unit_label", lot=lot_uid, unit=unit["unit_no"])
