"""Switching state per supplier's product (merchant + GTIN): normal, tightened, reduced or
discontinued, one ``lot_switching`` row per decided lot (GB/T 2828.1 / ISO 2859-1 clause 9).

The rules themselves are slice L1's (``appraiser.sampling.next_state``); this module reads
the state in force, asks for the next one after a lot's computed decision and appends it in
the decision's transaction.

Which result counts: the standard's switching rules count lots "not accepted on *original
inspection*". So the *computed* decision moves the state, and a supervisor's override does
not: an override changes what happens to the goods (released or quarantined), not the
supplier's record of how its lot inspected — otherwise overriding would also hide a bad
supplier from tightened inspection. Lots inspected unit by unit, or without a merchant or
GTIN, have no switching state (nothing to switch between).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from appraiser.clock import now_iso
from appraiser.services.admin.accounts import Session
from appraiser.storage.db import Store, Tx

NORMAL = "normal"
# The counters' key a supervisor's approval of reduced inspection is kept under
# (``supplier.approve_reduced``); the counters of a new state start without it.
APPROVAL = "reduced_approved"


@dataclass(frozen=True)
class State:
    """The state the supplier's *next* lot is inspected at, and the counters behind it."""

    state: str = NORMAL
    counters: dict[str, Any] = field(default_factory=dict)
    lot_uid: str | None = None
    reason: str | None = None


def tracked(lot: dict[str, Any]) -> bool:
    """Whether a lot takes part in switching (a sampled lot of a known supplier's GTIN)."""
    return lot["policy"] == "sampling" and bool(lot.get("merchant")) and bool(lot.get("gtin"))


# The one way lots compare products: merchant as written, GTIN by ``product_key``.
_SAME_PRODUCT = "merchant = ? AND ltrim(trim(gtin), '0') = ?"


def product_key(gtin: str | None) -> str:
    """The GTIN without leading zeros: a GTIN-8, -12 or -13 is its GTIN-14 padded with
    zeros (GS1), so "4006381333931" and "04006381333931" are one product. Planning, the
    switching state and the scorecard all compare GTINs through this, never as written."""
    return (gtin or "").strip().lstrip("0")


def shown_gtin(gtin: str | None) -> str:
    """A product's GTIN as reports show it: the 14-digit form when it is digits."""
    key = product_key(gtin)
    return key.zfill(14) if key.isdigit() and len(key) <= 14 else (gtin or "").strip()


def _rows(store: Store, merchant: str, gtin: str, newest_only: bool) -> list[dict[str, Any]]:
    """The only read of ``lot_switching`` (newest first when ``newest_only``)."""
    order = "ORDER BY id DESC LIMIT 1" if newest_only else "ORDER BY id"
    rows = store.query(
        f"SELECT * FROM lot_switching WHERE {_SAME_PRODUCT} {order}", (merchant, product_key(gtin))
    )
    for row in rows:
        row["counters"] = json.loads(row["counters"] or "{}")
    return rows


def latest(store: Store, merchant: str | None, gtin: str | None) -> State | None:
    """The newest switching row of merchant + GTIN, or None when it has no history."""
    if not merchant or not product_key(gtin):
        return None
    rows = _rows(store, merchant, gtin or "", newest_only=True)
    if not rows:
        return None
    row = rows[0]
    return State(row["state"], row["counters"], row["lot_uid"], row["reason"])


def current_state(store: Store, merchant: str | None, gtin: str | None) -> State:
    """The state the supplier's next lot of this product is inspected at: the newest row
    (GTINs compared by ``product_key``), or ``normal`` with no history."""
    return latest(store, merchant, gtin) or State()


def history(store: Store, merchant: str, gtin: str) -> list[dict[str, Any]]:
    """Every switching row of the supplier's product, oldest first (scorecard, report)."""
    return _rows(store, merchant, gtin, newest_only=False)


def next_step(
    store: Store, lot: dict[str, Any], decision: str, defects: dict[str, int] | None = None
) -> State | None:
    """The state after this lot's computed decision (``defects``: nonconforming units per
    class, for the switching score), or None for an untracked lot. A discontinued supplier
    stays discontinued: only its corrective action (``sampling.resume``) restarts
    inspection, at tightened, so a lot decided meanwhile moves nothing. A supervisor's
    approval of reduced inspection (``supplier.approve_reduced``) rides in the counters
    and is passed to the rules, which never assume it."""
    if not tracked(lot):
        return None
    from appraiser import sampling  # slice L1's switching rules

    now = current_state(store, lot["merchant"], lot["gtin"])
    if now.state == "discontinued":
        return None
    moved = sampling.next_state(
        now.state, now.counters, accepted=decision == "accept", plan=lot["plan"],
        defects=defects, reduced_approved=bool(now.counters.get(APPROVAL)),
    )  # fmt: skip
    return State(moved.state, dict(moved.counters), lot["uid"], moved.reason)


def append(tx: Tx, session: Session, lot: dict[str, Any], step: State) -> int:
    """Write the supplier's next state inside the decision's transaction."""
    row = {
        "merchant": lot["merchant"],
        "gtin": lot["gtin"],
        "state": step.state,
        "counters": step.counters,
        "lot_uid": lot["uid"],
        "reason": step.reason,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    return tx.insert("lot_switching", row, action="lot.switching", lot=lot["uid"],
                     state=step.state)  # fmt: skip
