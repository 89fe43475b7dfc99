"""A decided lot whose unit verdict is amended (issue 16 L7): the lot is read again, and a
decision the units no longer support is put *under review* until a supervisor re-signs it.

Why: a lot decision is signed on its units' verdicts. When a supervisor later amends one of
them (DESIGN §3.4), the decision in force may stand on a verdict that no longer exists — an
accepted lot may now hold a counterfeit unit. Nothing is edited: the amendment's own
transaction appends a ``lot_reviews`` row naming the decision in force, the evaluation
before and after, and the amended verdict.

- A review opens only when the amendment changes what the lot's units say (``was`` ≠
  ``now``) *and* the new reading differs from the decision in force; an amendment that
  leaves the lot where it was, or brings it in line with an override, opens none.
- While a review of the decision in force is open, no unit label of the lot is issued or
  printed (``unit_labels.check_release``).
- An accepted lot now read as *rejected* (a counterfeit unit with ``counterfeit_rejects``,
  or too many defectives) is not left with valid labels: every live unit label is revoked
  and the lot is held in quarantine, both in the amendment's transaction — as an amended
  verdict revokes its own label.
- The review ends when a supervisor signs a new decision over the one it names: an
  override, or the same decision confirmed (``decisions.override`` allows that only while
  the lot is under review). Four eyes hold as for any override: not the amending
  supervisor (they signed a unit's verdict), not a signer of the lot's decisions.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from appraiser.clock import now_iso
from appraiser.services.admin.accounts import Session
from appraiser.services.lots import lot_quarantine, unit_labels
from appraiser.services.lots.evaluation import ACCEPT, REJECT, evaluate, load_lot
from appraiser.services.lots.samples import LOT_ATTR
from appraiser.storage.db import Store, Tx

_OPEN_SQL = """
SELECT r.* FROM lot_reviews r JOIN lot_decisions_current d ON d.id = r.decision_id
WHERE r.lot_uid = ? ORDER BY r.id DESC LIMIT 1
"""


@dataclass(frozen=True)
class Watch:
    """A decided lot one of whose units is being amended: its decision in force and how
    its units read before the amendment."""

    lot_uid: str
    decision: dict[str, Any]
    was: str


def lot_of_appraisal(store: Store, appraisal_uid: str) -> str | None:
    """The lot whose unit this appraisal is (a drawn unit, or a unit of an every-unit lot,
    the line's own item included), or None for an ordinary item."""
    row = store.one(
        """SELECT a.item_uid, json_extract(i.attributes, '$.queue_line') AS line,
                  json_extract(i.attributes, ?) AS lot
           FROM appraisals_current a LEFT JOIN items_current i ON i.uid = a.item_uid
           WHERE a.uid = ?""",
        (f"$.{LOT_ATTR}", appraisal_uid),
    )
    if row is None:
        return None
    drawn = store.one("SELECT lot_uid FROM lot_samples WHERE item_uid = ?", (row["item_uid"],))
    if drawn is not None:
        return drawn["lot_uid"]
    every = store.one(
        "SELECT uid FROM lots WHERE policy = 'every_unit' AND line_uid IN (?, ?)",
        (row["item_uid"], row["line"] or row["item_uid"]),
    )
    return every["uid"] if every else None


def _decision_in_force(store: Store, lot_uid: str) -> dict[str, Any] | None:
    return store.one(
        "SELECT * FROM lot_decisions_current WHERE lot_uid = ? ORDER BY id DESC LIMIT 1",
        (lot_uid,),
    )


def watch(store: Store, appraisal_uid: str) -> Watch | None:
    """Before an amendment is written: the decided lot the appraisal belongs to, or None
    (an ordinary item, or a lot not decided yet — its decision will read the new verdict)."""
    lot_uid = lot_of_appraisal(store, appraisal_uid)
    if lot_uid is None:
        return None
    decision = _decision_in_force(store, lot_uid)
    if decision is None:
        return None
    return Watch(lot_uid, decision, evaluate(store, lot_uid).state)


def after_amendment(
    tx: Tx, session: Session, seen: Watch, appraisal_uid: str, verdict_id: int
) -> dict[str, Any] | None:
    """Inside the amendment's transaction, after its verdict row: read the lot again and,
    if the decision in force no longer stands, open a review (revoking unit labels and
    holding the lot when an accepted lot now reads rejected). Returns the review row.
    Whatever the lot reads, a unit amended away from genuine loses its own unit label
    (issue 16 finding 1: a unit label says genuine only while its unit's verdict does)."""
    own = _revoke_if_not_genuine(tx, session, appraisal_uid, verdict_id)
    now = evaluate(tx.store, seen.lot_uid)
    decided = seen.decision["decision"]
    if now.state == seen.was or now.state == decided:
        return None
    uid = "LR-" + uuid.uuid4().hex[:12].upper()
    revoked: list[str] = list(own)
    if decided == ACCEPT and now.state == REJECT:
        why = f"lot {seen.lot_uid} under review: unit verdict amended ({now.reason})"
        revoked += unit_labels.revoke_lot(tx, session, seen.lot_uid, why, review=uid)
        if not lot_quarantine.is_held(tx.store, seen.lot_uid):
            evidence = [u.evidence() for u in now.rejecting_units()]
            lot = load_lot(tx.store, seen.lot_uid)
            lot_quarantine.record(tx, session, lot, seen.decision["id"], lot_quarantine.HELD,
                                  evidence)  # fmt: skip
    row = {
        "uid": uid, "lot_uid": seen.lot_uid, "decision_id": seen.decision["id"],
        "appraisal_uid": appraisal_uid, "verdict_id": verdict_id, "was": seen.was,
        "now": now.state, "basis": now.basis(), "revoked": len(revoked),
        "created": now_iso(), "created_by": session.user_id,
    }  # fmt: skip
    tx.insert("lot_reviews", row, action="lot.review.opened", uid=uid, lot=seen.lot_uid,
              decision=seen.decision["uid"], was=seen.was, now=now.state,
              revoked=len(revoked))  # fmt: skip
    return row


def _revoke_if_not_genuine(
    tx: Tx, session: Session, appraisal_uid: str, verdict_id: int
) -> list[str]:
    row = tx.conn.execute(
        "SELECT v.verdict, a.item_uid FROM verdicts v JOIN appraisals_current a "
        "ON a.uid = v.appraisal_uid WHERE v.id = ?",
        (verdict_id,),
    ).fetchone()
    if row is None or row[0] == "genuine":
        return []
    return unit_labels.revoke_unit(tx, session, row[1], f"unit verdict amended to {row[0]}",
                                   verdict_id=verdict_id)  # fmt: skip


def open_review(store: Store, lot_uid: str) -> dict[str, Any] | None:
    """The open review of the lot's decision in force (basis decoded), or None."""
    row = store.one(_OPEN_SQL, (lot_uid,))
    if row is not None:
        row["basis"] = json.loads(row["basis"] or "{}")
    return row


def describe(review: dict[str, Any]) -> str:
    """One line for ``lots show`` and refusals: what was amended and what it means."""
    revoked = f"; {review['revoked']} unit label(s) revoked" if review["revoked"] else ""
    return (
        f"under review ({review['uid']}): a unit verdict was signed or amended after the "
        "decision; the "
        f"units now read {review['now']} (before: {review['was']}){revoked} — a supervisor "
        "must confirm or override the decision (appraiser lot override)"
    )
