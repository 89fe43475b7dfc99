"""Lots: an inbound line of more than one unit, planned once its category is known.

When an inbound list is imported, every line of quantity > 1 becomes a lot if its category
is known (from the list's category column, else from the reference library by GTIN): the
category's inspection policy (``appraiser.sampling``, via ``planning``) decides.
*every_unit* keeps the bench's behaviour for lines (each unit its own item, taken one by
one; complete when all N are appraised). *sampling* plans the lot at the supplier's current
switching state and draws the sample at once (``samples.draw``): the line's own item is
then the lot's header and is never appraised; the drawn units are.

A line whose category is not known yet is a *pending* lot (its item carries
``lot_pending``): the queue hands out only its first unit, and the lot is planned the
moment intake confirms the category (``intake.confirm_item`` → ``plan_pending``) or a user
starts it (``start``, ``appraiser lot start LINE --category C --user U``). If that plan is
sampling, the first unit becomes the header and the bench is sent to the drawn units.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.arrivals import intake, lines
from appraiser.services.arrivals.entries import current_item, revise_item
from appraiser.services.casework.appraisals import ITEM_FIELDS
from appraiser.services.lots import category_choice, planning, plausibility, samples
from appraiser.storage.db import Store, Tx

PENDING = lines.PENDING_LOT
LISTED = "listed_category"  # a line's inbound-list category that did not become the lot's
# A lot with its product's name, from the line's item as it stands now (brand, model).
_NAMED = (
    "SELECT l.*, i.brand AS brand, i.model AS model FROM lots l "
    "LEFT JOIN items_current i ON i.uid = l.line_uid"
)


def get(store: Store, lot_uid: str) -> dict[str, Any]:
    """One lot row with ``plan`` decoded (per defect class: aql, n, ac, re, code_letter),
    ``counterfeit_rejects`` as a bool and the line item's ``brand`` / ``model`` (a lot
    row names no product; screens and lists need one); ``NotFound`` for an unknown uid."""
    row = store.one(f"{_NAMED} WHERE l.uid = ?", (str(lot_uid).strip(),))
    if row is None:
        raise NotFound(f"No lot {lot_uid}.", hint="appraiser lots list shows the lots.")
    return _decoded(row)


def for_line(store: Store, line_uid: str) -> dict[str, Any] | None:
    """The lot planned for a queue line (the line's item uid), if any."""
    row = store.one("SELECT * FROM lots WHERE line_uid = ?", (line_uid,))
    return _decoded(row) if row else None


def of_item(store: Store, item_uid: str) -> dict[str, Any] | None:
    """The lot an item belongs to: as a drawn unit, as the line, or as a unit of an
    every-unit line."""
    row = store.one(
        "SELECT l.* FROM lots l WHERE l.line_uid = ?1 OR l.uid = (SELECT lot_uid FROM "
        "lot_samples WHERE item_uid = ?1) OR l.line_uid = (SELECT json_extract(attributes, "
        "'$.queue_line') FROM items_current WHERE uid = ?1)",
        (item_uid,),
    )
    return _decoded(row) if row else None


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    row["plan"] = json.loads(row["plan"] or "{}")
    row["counterfeit_rejects"] = bool(row["counterfeit_rejects"])
    return row


def list_lots(store: Store, day: date | None = None) -> list[dict[str, Any]]:
    """Lots (of ``day``, else all), oldest first, each with ``units`` (drawn or taken),
    ``appraised`` and ``verdicts`` so far — the progress a list shows."""
    sql, params = f"{_NAMED} ORDER BY l.id", ()
    if day is not None:
        sql, params = f"{_NAMED} WHERE l.day = ? ORDER BY l.id", (day.isoformat(),)
    rows = [_decoded(r) for r in store.query(sql, params)]
    for row in rows:
        row.update(samples.progress(samples.units(store, row["uid"])))
    return rows


def pending(store: Store, day: date | None = None) -> list[dict[str, Any]]:
    """Lines of quantity > 1 whose category is not known yet, so no lot is planned."""
    where = "AND q.day = ?" if day else ""
    return store.query(
        f"""SELECT q.item_uid AS line_uid, q.day, q.quantity, i.gtin, i.brand, i.model,
                   i.merchant, i.declaration_no
            FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
            WHERE json_extract(i.attributes, '$.{PENDING}') = 1 {where}
              AND NOT EXISTS (SELECT 1 FROM lots l WHERE l.line_uid = q.item_uid)
            ORDER BY q.id""",
        (day.isoformat(),) if day else (),
    )


# -- planning ----------------------------------------------------------------------------
def category_for(store: Store, listed: str | None, gtin: str | None) -> str | None:
    """The lot's category: the reference library's for the GTIN (it knows the product; an
    inbound list is written by the merchant — issue 16 finding N1), else the list's."""
    known = intake.lookup(store, gtin).fields().get("category")
    if known:
        return known
    return str(intake.check_category(listed)) if listed else None


def plan_line(
    tx: Tx, session: Session, day: date, line_uid: str, row: dict[str, Any]
) -> dict[str, Any] | None:
    """Inside the import's transaction: plan the lot of a new line of quantity > 1 (and draw
    its sample), or mark it pending when its category is unknown — or only the list's and
    laxer than an appraiser may choose (``category_choice``); None for one unit or a
    pending line. A list category the library contradicts is recorded on the line and
    raised as a flag for the supervisor, never adopted."""
    if row["quantity"] <= 1:
        return None
    listed = str(intake.check_category(row["category"])) if row.get("category") else None
    library = intake.lookup(tx.store, row.get("gtin")).fields().get("category")
    if library is None and (listed is None or not category_choice.listed_binds(listed)):
        marks = {PENDING: True, **_carton_attr(row.get("units_per_carton"))}
        _mark_pending(tx, session, line_uid, listed, marks)
        return None
    category = library or listed
    assert category is not None
    if listed and listed != category:
        revise_item(tx, session, line_uid, {"category": category}, reason="library category",
                    attributes={LISTED: listed})  # fmt: skip
    lot = _plan(tx, session, day, line_uid, category, row.get("units_per_carton"))
    if listed and listed != category:
        plausibility.category_conflict(tx, lot["uid"], listed, category)
    return lot


def _mark_pending(
    tx: Tx, session: Session, line_uid: str, listed: str | None, marks: dict[str, Any]
) -> None:
    """A pending line: its list category (if any, too lax to bind) is kept aside in
    ``listed_category`` and the line is left uncategorised, so intake or ``lot start``
    must choose one under ``category_choice``'s rule."""
    if listed is None:
        revise_item(tx, session, line_uid, {}, reason="lot pending", attributes=marks)
        return
    current = current_item(tx, line_uid)
    row = {k: current[k] for k in ("uid", *ITEM_FIELDS)}
    row.update(
        category=None, revision=current["revision"] + 1, supersedes=current["id"],
        attributes={**current["attributes"], **marks, LISTED: listed}, created=now_iso(),
        created_by=session.user_id, reason="lot pending: list category not binding",
    )  # fmt: skip
    tx.insert("items", row, action="item.revised", uid=line_uid,
              fields=sorted({"category", LISTED, *marks}))  # fmt: skip


def _carton_attr(per_carton: Any) -> dict[str, int]:
    """Kept on a pending line's item so the later plan still knows the list's carton size."""
    return {"units_per_carton": int(per_carton)} if per_carton else {}


def plan_pending(tx: Tx, session: Session, item_uid: str, category: str) -> dict[str, Any] | None:
    """Inside intake's transaction: plan the lot of a pending line whose category was just
    confirmed; None when ``item_uid`` is not a pending line."""
    item = current_item(tx, item_uid)
    if not item["attributes"].get(PENDING) or for_line(tx.store, item_uid):
        return None
    line = tx.store.one("SELECT day FROM queue_entries WHERE item_uid = ?", (item_uid,))
    day = date.fromisoformat(line["day"])
    _check_untouched(tx.store, day, item_uid)
    return _plan(tx, session, day, item_uid, category, item["attributes"].get("units_per_carton"))


def start(
    store: Store, session: Session, line_uid: str, category: str | None = None
) -> dict[str, Any]:
    """Plan a pending line's lot (the line's category, else the library's, else the one
    given — which ``category_choice`` limits: issue 16 finding 7)."""
    rules.require(store, session, Action.APPRAISE, line=line_uid)
    line = store.one(
        "SELECT q.day, q.quantity FROM queue_entries q WHERE q.item_uid = ?", (line_uid,)
    )
    if line is None:
        raise NotFound(f"No queued line {line_uid}.", hint="appraiser queue list shows them.")
    existing = for_line(store, line_uid)
    if existing:
        raise InvalidInput(f"Line {line_uid} is already lot {existing['uid']}.")
    if line["quantity"] <= 1:
        raise InvalidInput(f"Line {line_uid} holds one unit; it is not a lot.")
    item = intake.item(store, line_uid)
    known = category_for(store, item["category"], item["gtin"])
    chosen = category_for(store, category, None) if category else known
    if chosen is not None and category:  # the inspection regime is not a free choice
        category_choice.check_choice(store, session, line_uid, chosen, known,
                                     listed=bool(item["category"]))  # fmt: skip
    if chosen is None:
        raise InvalidInput(
            f"The category of line {line_uid} is not known.", hint="Give it with --category."
        )
    day = date.fromisoformat(line["day"])
    _check_untouched(store, day, line_uid)
    with store.atomic(session.actor) as tx:
        if chosen != item["category"]:
            revise_item(tx, session, line_uid, {"category": chosen}, reason="lot start")
        return _plan(tx, session, day, line_uid, chosen, item["attributes"].get("units_per_carton"))


def _check_untouched(store: Store, day: date, line_uid: str) -> None:
    """A line whose units are already being appraised one by one cannot be re-planned."""
    taken = [u for u in lines.units(store, day, line_uid) if u["state"] not in (None, "abandoned")]
    if taken:
        raise InvalidInput(
            f"Units of line {line_uid} are already being appraised one by one.",
            hint="Finish them; the line stays a list of single items.",
        )


def _plan(
    tx: Tx, session: Session, day: date, line_uid: str, category: str, per_carton: Any
) -> dict[str, Any]:
    item = current_item(tx, line_uid)
    quantity = tx.store.one("SELECT quantity FROM queue_entries WHERE item_uid = ?", (line_uid,))
    quantity = quantity["quantity"]
    state = planning.switching_state(tx.store, item["merchant"], item["gtin"])
    plan = planning.plan_for(category, quantity, state)
    lot = _row(session, day, line_uid, category, item, quantity, plan, per_carton)
    tx.insert(
        "lots", lot, action="lot.planned", uid=lot["uid"], line=line_uid, policy=plan.policy,
        quantity=quantity, sample_size=lot["sample_size"], severity=plan.severity,
        seed=lot["seed"], units_per_carton=lot["units_per_carton"], note=plan.note,
    )  # fmt: skip
    plausibility.check_lot(tx, lot["uid"])  # declared quantity vs capacity (slice L5)
    if plan.policy == "sampling":
        samples.draw(tx, session, day, lot)
    return _decoded(dict(lot, plan=json.dumps(plan.classes)))


def _row(
    session: Session,
    day: date,
    line_uid: str,
    category: str,
    item: dict[str, Any],
    quantity: int,
    plan: planning.LotPlan,
    per_carton: Any,
) -> dict[str, Any]:
    sampled = plan.policy == "sampling"
    return {
        "uid": "LOT-" + uuid.uuid4().hex[:12].upper(),
        "line_uid": line_uid, "day": day.isoformat(), "category": category,
        "gtin": item["gtin"], "batch_lot": item["batch_lot"], "expiry": item["expiry"],
        "merchant": item["merchant"], "declaration_no": item["declaration_no"],
        "quantity": quantity, "units_per_carton": int(per_carton or plan.units_per_carton),
        "policy": plan.policy, "level": plan.level, "severity": plan.severity,
        "code_letter": plan.code_letter, "sample_size": plan.sample_size,
        "plan": plan.classes, "counterfeit_rejects": int(plan.counterfeit_rejects),
        "seed": samples.new_seed() if sampled else None,
        "created": now_iso(), "created_by": session.user_id,
    }  # fmt: skip


def header_of_sampled_lot(store: Store, item_uid: str) -> dict[str, Any] | None:
    """The sampled lot whose header (never appraised) this item is, if any."""
    lot = for_line(store, item_uid)
    return lot if lot and lot["policy"] == "sampling" else None


def refuse_header(store: Store, item_uid: str) -> None:
    """Appraising a sampled lot's line item would count a unit nobody drew: refuse it and
    say which drawn unit to pull instead."""
    lot = header_of_sampled_lot(store, item_uid)
    if lot is None:
        return
    free = [u for u in samples.units(store, lot["uid"]) if u["state"] in (None, "abandoned")]
    hint = "Open the lot's line in the queue: it hands out the drawn units."
    if free:
        hint = f"Pull {free[0]['position']} (unit {free[0]['unit_no']}) and appraise that one."
    raise InvalidInput(
        f"This line is lot {lot['uid']}: {lot['sample_size']} of {lot['quantity']} units "
        "are drawn for appraisal, not the line itself.",
        hint=hint,
    )
