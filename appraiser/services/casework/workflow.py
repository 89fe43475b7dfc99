"""The guided appraisal: its steps, who holds an item, and saving at every step.

An item is held by the appraiser who started its appraisal until it is done, abandoned or
handed over; nobody else can start, change or sign it meanwhile. Each step's results are a
new appraisal revision (``appraisals.save``), so leaving half-way loses nothing: the case
resumes at the step it was saved at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from appraiser import checklists
from appraiser.clock import format_local, now_iso, parse_iso, utcnow
from appraiser.domain.enums import AppraisalState, Category, Role
from appraiser.errors import InvalidInput, NotFound, PermissionDenied
from appraiser.services.admin import rules
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.arrivals import intake
from appraiser.services.casework import appraisals, capture
from appraiser.services.lots import lots
from appraiser.storage.db import Store

STEPS = ("intake", "capture", "compare", "checklist", "verdict", "outcome")
JUDGED_READINGS = ("consistent", "deviates")  # compare readings that need the photos
ACTIVE = (AppraisalState.OPEN, AppraisalState.INTERRUPTED)
FINISHED = (AppraisalState.DONE, AppraisalState.ABANDONED, AppraisalState.AWAITING_REVIEW)


@dataclass(frozen=True)
class Case:
    """One appraisal as the bench shows it: the item, the step, the holder, the clock."""

    uid: str
    item: dict[str, Any]
    step: str
    state: str
    category: str
    data: dict[str, Any]
    started: str
    holder_id: int
    holder: str
    revision: int

    def elapsed_s(self, now: datetime | None = None) -> float:
        return ((now or utcnow()) - parse_iso(self.started)).total_seconds()


def next_step(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def load(store: Store, uid: str) -> Case:
    row = appraisals.current(store, uid)
    user = store.one("SELECT display_name FROM users WHERE id = ?", (row["appraiser_id"],))
    return Case(
        uid=uid,
        item=intake.item(store, row["item_uid"]),
        step=row["step"],
        state=row["state"],
        category=row["category"],
        data=row["data"],
        started=row["started"],
        holder_id=row["appraiser_id"],
        holder=(user or {}).get("display_name") or "?",
        revision=row["revision"],
    )


def active_for_item(store: Store, item_uid: str) -> dict[str, Any] | None:
    """The open or interrupted appraisal of an item, if any (at most one by construction)."""
    return store.one(
        "SELECT a.*, u.display_name AS holder FROM appraisals_current a "
        "JOIN users u ON u.id = a.appraiser_id "
        "WHERE a.item_uid = ? AND a.state IN ('open', 'interrupted') ORDER BY a.id DESC",
        (item_uid,),
    )


def _held_message(holder: str, since: str) -> str:
    """Date and time in UTC: the core knows no station clock; the bench shows it in the
    station's time zone (``ui.widgets.appraisal_text``), the command line as it is."""
    at = format_local(since, UTC)
    return f"This item is held by {holder} (since {at} UTC) until they finish it."


def require_holder(store: Store, session: Session, uid: str) -> dict[str, Any]:
    """Refuse anyone but the holder (a supervisor may act on any case); administrators do
    no casework (DESIGN §3.4)."""
    rules.require(store, session, Action.APPRAISE, uid=uid)
    row = appraisals.current(store, uid)
    if row["state"] not in ACTIVE:
        raise InvalidInput(f"Appraisal {uid} is {row['state']}; it can no longer be changed.")
    if row["appraiser_id"] != session.user_id and session.role == Role.APPRAISER:
        holder = store.one("SELECT display_name FROM users WHERE id = ?", (row["appraiser_id"],))
        raise PermissionDenied(
            _held_message(holder["display_name"], row["created"]),
            hint="Ask them or a supervisor to hand it over to you.",
        )
    return row


def begin(
    store: Store,
    session: Session,
    station: str,
    tz: ZoneInfo,
    item_uid: str,
    category: str,
    changes: dict[str, Any] | None = None,
) -> str:
    """Confirm intake and start (or resume one's own) appraisal of an item."""
    rules.require(store, session, Action.APPRAISE, item=item_uid)
    recorded_settings.check_station_code(store, session, station)  # issue 14 H4
    category = str(intake.check_category(category))
    active = active_for_item(store, item_uid)
    if active is not None:
        if active["appraiser_id"] != session.user_id:
            raise PermissionDenied(
                _held_message(active["holder"], active["started"]),
                hint="Two appraisers cannot work on one item; pick another from the queue.",
            )
        return active["uid"]
    done = store.one(
        "SELECT uid FROM appraisals_current WHERE item_uid = ? AND state IN "
        "('done', 'awaiting_review') ORDER BY id DESC",
        (item_uid,),
    )
    if done is not None:
        raise InvalidInput(f"This item was already appraised ({done['uid']}).")
    intake.confirm_item(store, session, item_uid, {**(changes or {}), "category": category})
    lots.refuse_header(store, item_uid)  # a sampled lot's line is not one of its units
    uid = appraisals.start(store, session, station, item_uid, Category(category), tz)
    appraisals.save(store, session, uid, step="capture", data={"intake": {"at": now_iso()}})
    return uid


def missing_views(store: Store, uid: str, category: str) -> list[str]:
    """Required views of the category's shot list that have no stored still of this case."""
    taken = capture.captured_views(store, uid)
    return [v for v in checklists.load(category).required_views if v not in taken]


def _require_photos(store: Store, row: dict[str, Any], step: str, data: dict[str, Any]) -> None:
    """Leaving capture, and judging the item against its reference, need this case's own
    photos of every required view: a screen that believes otherwise is not trusted."""
    judged = step == "compare" and data.get("reading") in JUDGED_READINGS
    if step != "capture" and not judged:
        return
    missing = missing_views(store, row["uid"], row["category"])
    if missing:
        raise InvalidInput(
            f"Not every required view is photographed yet: {', '.join(missing)}.",
            hint="Shoot the missing views on the capture step first.",
        )


def save_step(
    store: Store, session: Session, uid: str, step: str, data: dict[str, Any], *, advance=True
) -> Case:
    """Store a step's results and move to the next step (or stay, ``advance=False``)."""
    if step not in STEPS:
        raise InvalidInput(f"unknown step {step!r}")
    row = require_holder(store, session, uid)
    if advance:
        _require_photos(store, row, step, data)
    target = next_step(step) if advance else step
    appraisals.save(store, session, uid, step=target, data={step: data})
    return load(store, uid)


def go_to(store: Store, session: Session, uid: str, step: str) -> Case:
    """Return to an earlier step (to add a photo, redo a point) without losing anything."""
    if step not in STEPS or step == "outcome":
        raise InvalidInput(f"cannot go to step {step!r}")
    require_holder(store, session, uid)
    appraisals.save(store, session, uid, step=step)
    return load(store, uid)


def handover(store: Store, session: Session, uid: str, to_username: str, reason: str) -> Case:
    """Pass a held case to another appraiser (the holder or a supervisor does this)."""
    row = require_holder(store, session, uid)
    target = store.one(
        "SELECT id, role FROM users WHERE username = ? AND active = 1", (to_username,)
    )
    if target is None:
        raise NotFound(f"No active user {to_username!r}.")
    if not rules.allowed(target["role"], Action.APPRAISE):
        raise InvalidInput(f"{to_username} is an administrator and does not appraise.")
    if not reason.strip():
        raise InvalidInput("A handover needs a reason.")
    new = {k: row[k] for k in ("uid", "item_uid", "station", "category", "started", "step")}
    new.update(
        revision=row["revision"] + 1,
        supersedes=row["id"],
        appraiser_id=target["id"],
        state=str(AppraisalState.OPEN),
        data=row["data"],
        created=now_iso(),
        created_by=session.user_id,
        reason=f"handed over: {reason.strip()}",
    )
    with store.atomic(session.actor) as tx:
        tx.insert("appraisals", new, action="appraisal.handed_over", uid=uid, to=to_username)
    return load(store, uid)
