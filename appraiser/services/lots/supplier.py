"""A supervisor's two steps in a supplier's switching record (GB/T 2828.1 / ISO 2859-1 clause 9)
that no lot decision can take by itself:

- **resume** after discontinuation (9.4): five lots not accepted on tightened inspection
  stop acceptance inspection of that merchant's product until the supplier has acted; the
  supervisor records the corrective action (a reason) and inspection resumes at tightened
  (``sampling.resume``).
- **approve reduced inspection** (9.3.3 c): normal → reduced needs the switching score,
  steady production *and* the responsible authority's approval. The approval is recorded
  here and read by ``switching.next_step``, which passes it to ``sampling.next_state``; it
  holds for the current normal period only (the counters of a new state start fresh, so a
  supplier back from tightened or reduced needs a new approval).

Both append a ``lot_switching`` row (no lot: ``lot_uid`` is NULL; the reason says who
did what), audited in its transaction; the rule book is applied before it (DESIGN §3.4:
supervisors).
"""

from __future__ import annotations

from typing import Any

from appraiser import sampling
from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.lots import switching
from appraiser.services.lots.switching import State
from appraiser.storage.db import Store

APPROVAL = switching.APPROVAL


def _product(store: Store, merchant: str, gtin: str) -> tuple[str, str]:
    """The merchant and GTIN as the station knows them, or NotFound naming both."""
    merchant, key = (merchant or "").strip(), switching.product_key(gtin)
    if not merchant or not key:
        raise InvalidInput("Name the merchant and the GTIN (--merchant M --gtin G).")
    row = store.one(
        "SELECT merchant, gtin FROM lots WHERE merchant = ? AND ltrim(trim(gtin), '0') = ? "
        "ORDER BY id DESC LIMIT 1",
        (merchant, key),
    )
    if row is None:
        raise NotFound(
            f"No lots of merchant {merchant!r} with GTIN {gtin!r}.",
            hint="The scorecard lists merchants and GTINs: appraiser lots scorecard",
        )
    return row["merchant"], row["gtin"]


def _append(store: Store, session: Session, merchant: str, gtin: str, step: State, action: str):
    row = {
        "merchant": merchant,
        "gtin": gtin,
        "state": step.state,
        "counters": step.counters,
        "lot_uid": None,
        "reason": step.reason,
        "created": now_iso(),
        "created_by": session.user_id,
    }
    with store.atomic(session.actor) as tx:
        tx.insert("lot_switching", row, action=action, merchant=merchant, gtin=gtin,
                  state=step.state)  # fmt: skip
    return step


def resume(store: Store, session: Session | None, merchant: str, gtin: str, reason: str) -> State:
    """Record a discontinued supplier's corrective action: its next lot is inspected at
    tightened. Refused (exit 2) for a supplier that is not discontinued."""
    rules.require(store, session, Action.SUPERVISE, merchant=merchant, gtin=gtin)
    assert session is not None
    if not (reason or "").strip():
        raise InvalidInput(
            "Resuming needs a reason.", hint="Name the supplier's corrective action."
        )
    merchant, gtin = _product(store, merchant, gtin)
    now = switching.current_state(store, merchant, gtin)
    if now.state != "discontinued":
        raise InvalidInput(
            f"{merchant} / {gtin} is inspected {now.state}, not discontinued: nothing to resume."
        )
    moved = sampling.resume(now.counters)
    step = State(moved.state, dict(moved.counters), None, f"{moved.reason}: {reason.strip()}")
    return _append(store, session, merchant, gtin, step, "lot.switching.resumed")


def approve_reduced(store: Store, session: Session | None, merchant: str, gtin: str) -> State:
    """Record the approval of reduced inspection for a supplier on normal inspection; the
    next computed decision passes it to the switching rules. Refused on tightened, reduced
    or discontinued inspection, and when already approved."""
    rules.require(store, session, Action.SUPERVISE, merchant=merchant, gtin=gtin)
    assert session is not None
    merchant, gtin = _product(store, merchant, gtin)
    now = switching.current_state(store, merchant, gtin)
    if now.state != "normal":
        raise InvalidInput(
            f"{merchant} / {gtin} is inspected {now.state}: reduced inspection can only be "
            "approved on normal inspection."
        )
    if approved(now):
        raise InvalidInput(f"Reduced inspection of {merchant} / {gtin} is already approved.")
    counters: dict[str, Any] = {**now.counters, APPROVAL: {"by": session.user_id, "at": now_iso()}}
    reason = f"reduced inspection approved by {session.username}"
    step = State("normal", counters, None, reason)
    return _append(store, session, merchant, gtin, step, "lot.switching.reduced_approved")


def approved(state: State) -> bool:
    """Whether the state's counters carry a reduced-inspection approval."""
    return bool(state.counters.get(APPROVAL))
