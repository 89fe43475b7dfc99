"""Signed lot decisions: computed from the units' verdicts, overridden only by a supervisor.

A decision is signed like a verdict (password again, signer, time and the meaning text
stored with it). ``decide`` signs the *computed* decision once the lot is decidable (no unit
pending or in review, or already rejected); ``override`` is a supervisor's different
decision with a reason, a new row superseding the one in force, never one's own lot (four
eyes, DESIGN §3.4). A rejected lot goes to quarantine with its evidence in the same
transaction; the supplier's next switching state is appended after the computed decision
(an override does not move it: the standard's switching rules count the result of the
original inspection — see ``switching``).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.services.admin import clock_guard, rules
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.rules import Action
from appraiser.services.lots import lot_quarantine, lot_review, samples, switching, unit_labels
from appraiser.services.lots.evaluation import (
    ACCEPT,
    REJECT,
    LotEvaluation,
    evaluate,
    load_lot,
    units_text,
)
from appraiser.storage.db import Store

if TYPE_CHECKING:
    from appraiser.services.admin.station import Station

__all__ = ["DECISIONS", "MEANING", "Decided", "current", "decide", "evaluate", "override"]

DECISIONS = (ACCEPT, REJECT)
# What a signature on a lot decision means, stored with it (as VERDICT_MEANING for verdicts).
MEANING = {
    ("computed", ACCEPT): "I have checked this lot's inspection results against its plan; "
    "the lot is accepted.",
    ("computed", REJECT): "I have checked this lot's inspection results against its plan; "
    "the lot is rejected and all its units go to quarantine.",
    ("override", ACCEPT): "I override this lot's decision for the reason given; the lot is "
    "accepted and released from quarantine.",
    ("override", REJECT): "I override this lot's decision for the reason given; the lot is "
    "rejected and all its units go to quarantine.",
}
MEANING_ZH = {
    ("computed", ACCEPT): "本人已按抽样方案核对本批检验结果；本批接收。",
    ("computed", REJECT): "本人已按抽样方案核对本批检验结果；本批拒收，全部货品隔离。",
    ("override", ACCEPT): "本人基于所述理由改判本批结论；本批接收并解除隔离。",
    ("override", REJECT): "本人基于所述理由改判本批结论；本批拒收，全部货品隔离。",
}


@dataclass(frozen=True)
class Decided:
    """A signed lot decision and what followed it in the same transaction."""

    decision_id: int
    uid: str
    lot_uid: str
    decision: str
    kind: str
    quarantine_uid: str | None = None
    next_state: str | None = None


def current(store: Store, lot_uid: str) -> dict[str, Any] | None:
    """The decision in force, read from the rows (no later decision supersedes it), with its
    signer's name and the basis decoded; None while the lot is undecided."""
    row = store.one(
        "SELECT d.*, u.display_name AS signer FROM lot_decisions d "
        "JOIN users u ON u.id = d.signed_by WHERE d.lot_uid = ? AND NOT EXISTS ("
        "SELECT 1 FROM lot_decisions later WHERE later.supersedes = d.id) ORDER BY d.id DESC",
        (lot_uid,),
    )
    if row is not None:
        row["basis"] = json.loads(row["basis"])
    return row


def history(store: Store, lot_uid: str) -> list[dict[str, Any]]:
    """Every decision of the lot, oldest first (computed, then any overrides)."""
    rows = store.query(
        "SELECT d.*, u.display_name AS signer FROM lot_decisions d "
        "JOIN users u ON u.id = d.signed_by WHERE d.lot_uid = ? ORDER BY d.id",
        (lot_uid,),
    )
    for row in rows:
        row["basis"] = json.loads(row["basis"])
    return rows


def _computed(store: Store, lot_uid: str) -> dict[str, Any] | None:
    return store.one(
        "SELECT id FROM lot_decisions WHERE lot_uid = ? AND kind = 'computed'", (lot_uid,)
    )


def _not_ready(evaluation: LotEvaluation) -> InvalidInput:
    held, pending = evaluation.waiting("held"), evaluation.waiting("pending")
    # A count and at most ten unit numbers: the reason stays one short line even when 500
    # drawn units wait (issue 16 finding 8); ``lots show`` lists them all.
    if evaluation.state == "held":
        return InvalidInput(
            f"Lot {evaluation.lot_uid} is held: {_count(held)} in blind review "
            f"({units_text(held)}).",
            hint="The decision waits until their review ends.",
        )
    what = f"{_count(pending)} ({units_text(pending)})" if pending else "units"
    return InvalidInput(
        f"Lot {evaluation.lot_uid} is pending: {what} without a signed verdict yet.",
        hint="Appraise the lot's drawn units first (appraiser lots show LOT).",
    )


def _count(units: list[int] | tuple[int, ...]) -> str:
    return f"{len(units):,} unit" + ("" if len(units) == 1 else "s")


def _row(lot_uid: str, decision: str, kind: str, basis: dict, session: Session, **extra):
    return {
        "uid": "LD-" + uuid.uuid4().hex[:12].upper(),
        "lot_uid": lot_uid,
        "decision": decision,
        "kind": kind,
        "basis": basis,
        "meaning": MEANING[(kind, decision)],
        "signed_by": session.user_id,
        "signed_at": now_iso(),
        **extra,
    }


def decide(station: Station, session: Session, password: str, lot_uid: str) -> Decided:
    """Sign the computed decision of a decidable lot (whoever may appraise may sign it)."""
    store = station.store
    rules.require(store, session, Action.APPRAISE, lot=lot_uid)
    lot = load_lot(store, lot_uid)
    if _computed(store, lot_uid):
        raise InvalidInput(
            f"Lot {lot_uid} is already decided.",
            hint="Only a supervisor can change it: appraiser lot override.",
        )
    evaluation = evaluate(store, lot_uid)
    if not evaluation.decidable:
        raise _not_ready(evaluation)
    clock_guard.check(store)
    check_password(store, session.username, password, purpose="sign")
    return _write_computed(store, session, lot, evaluation)


def _write_computed(store: Store, session: Session, lot: dict, evaluation: LotEvaluation):
    decision = evaluation.state
    row = _row(lot["uid"], decision, "computed", evaluation.basis(), session)
    evidence = [u.evidence() for u in evaluation.rejecting_units()]
    defects = {c.defect_class: len(c.defectives) for c in evaluation.classes}
    step = switching.next_step(store, lot, decision, defects)
    held = None
    with store.atomic(session.actor) as tx:
        if _computed(store, lot["uid"]):  # another station signed meanwhile
            raise InvalidInput(f"Lot {lot['uid']} was decided meanwhile.")
        key = tx.insert("lot_decisions", row, action="lot.decided", uid=row["uid"],
                        lot=lot["uid"], decision=decision, rule=evaluation.rule)  # fmt: skip
        if decision == REJECT:
            held = lot_quarantine.record(tx, session, lot, key, lot_quarantine.HELD, evidence)
        if step is not None:
            switching.append(tx, session, lot, step)
    state = step.state if step else None
    return Decided(key, row["uid"], lot["uid"], decision, "computed", held, state)


def _people_of_units(store: Store, lot_uid: str) -> set[int]:
    """Everyone who appraised or signed a verdict of one of the lot's units."""
    uids = [u["appraisal_uid"] for u in samples.units(store, lot_uid) if u["appraisal_uid"]]
    people: set[int] = set()
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.query(
            f"SELECT appraiser_id AS who FROM appraisals WHERE uid IN ({marks}) UNION "
            f"SELECT signed_by AS who FROM verdicts WHERE appraisal_uid IN ({marks})",
            chunk + chunk,
        )
        people.update(r["who"] for r in rows)
    return people


def _check_override(store: Store, session: Session, lot_uid: str, decision: str, reason: str):
    """The decision in force a supervisor may override, or a refusal (audited where the
    rule book says so: not a supervisor, one's own decision, one's own units)."""
    rules.require(store, session, Action.OVERRIDE_LOT, lot=lot_uid)
    load_lot(store, lot_uid)
    if decision not in DECISIONS:
        raise InvalidInput(f"A lot decision is accept or reject, not {decision!r}.")
    if not reason.strip():
        raise InvalidInput("An override needs a reason.", hint="Say why, for the record.")
    before = current(store, lot_uid)
    if before is None:
        raise InvalidInput(f"Lot {lot_uid} has no signed decision to override yet.")
    if before["decision"] == decision and lot_review.open_review(store, lot_uid) is None:
        raise InvalidInput(f"Lot {lot_uid} is already {decision}ed; nothing to override.")
    signers = {d["signed_by"] for d in history(store, lot_uid)}
    mine = session.user_id if session.user_id in signers else None
    rules.forbid_own(store, session, Action.OVERRIDE_LOT, mine,
                     "You signed a decision of this lot: another supervisor must override it.",
                     lot=lot_uid)  # fmt: skip
    mine = session.user_id if session.user_id in _people_of_units(store, lot_uid) else None
    rules.forbid_own(store, session, Action.OVERRIDE_LOT, mine,
                     "You appraised units of this lot: another supervisor must override it.",
                     lot=lot_uid)  # fmt: skip
    return before


def override(
    station: Station, session: Session, password: str, lot_uid: str, decision: str, reason: str
) -> Decided:
    """A supervisor's different decision, with a reason, superseding the one in force; the
    quarantine follows it (released on accept, held again on reject). The switching state
    is left alone: it counts the original inspection's result. While the lot is under
    review (an amended unit verdict, ``lot_review``) the same decision may be signed again:
    that confirms it and ends the review."""
    store = station.store
    before = _check_override(store, session, lot_uid, decision, reason)
    clock_guard.check(store)
    check_password(store, session.username, password, purpose="sign")
    lot = load_lot(store, lot_uid)
    review = lot_review.open_review(store, lot_uid)  # a confirm re-signs the same decision
    basis = {"overrides": before["uid"], "overridden_decision": before["decision"],
             "units_now": evaluate(store, lot_uid).basis(),
             "ends_review": review["uid"] if review else None}  # fmt: skip
    row = _row(lot_uid, decision, "override", basis, session, supersedes=before["id"],
               reason=reason.strip())  # fmt: skip
    with store.atomic(session.actor) as tx:
        key = tx.insert("lot_decisions", row, action="lot.overridden", uid=row["uid"],
                        lot=lot_uid, decision=decision, overrides=before["uid"],
                        ends_review=basis["ends_review"])  # fmt: skip
        held = _quarantine_after_override(tx, store, session, lot, key, decision)
        if decision == REJECT:  # slice L4: no unit label outlives the lot's acceptance
            unit_labels.revoke_lot(tx, session, lot_uid, f"lot rejected: {reason.strip()}",
                                   decision=row["uid"])  # fmt: skip
    return Decided(key, row["uid"], lot_uid, decision, "override", held, None)


def _quarantine_after_override(tx, store, session, lot, key, decision) -> str | None:
    if decision == REJECT:
        return lot_quarantine.record(tx, session, lot, key, lot_quarantine.HELD, [])
    if lot_quarantine.is_held(store, lot["uid"]):
        return lot_quarantine.record(tx, session, lot, key, lot_quarantine.RELEASED, [])
    return None
