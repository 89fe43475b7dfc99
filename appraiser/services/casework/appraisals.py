"""Items, appraisals and verdicts: append-only revisions with an audit event each.

An appraisal is identified by its ``uid`` (``AP-<station>-<yyyymmdd>-<nnnn>``); every save
adds a revision row that supersedes the previous one, so nothing is edited in place and the
history of a case is its list of revisions.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from appraiser.clock import now_iso, parse_day, utcnow
from appraiser.domain.enums import VERDICT_MEANING, AppraisalState, Category, Role, Verdict
from appraiser.errors import InvalidInput, NotFound, PermissionDenied
from appraiser.services.admin import clock_guard, rules
from appraiser.services.admin.accounts import Session, check_password
from appraiser.services.admin.rules import Action
from appraiser.storage import label_states
from appraiser.storage.db import Store

ITEM_FIELDS = (
    "gtin", "sku", "brand", "model", "category", "declaration_no", "batch_lot", "expiry",
    "serial", "origin", "merchant",
)  # fmt: skip


DATE_FIELDS = {"expiry": "expiry date"}


def check_item_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown fields and dates not written ``YYYY-MM-DD`` (a report must never
    print ``30/06/2027``, which reads differently in different countries); returns the
    fields with their dates normalised."""
    unknown = set(fields) - set(ITEM_FIELDS) - {"attributes"}
    if unknown:
        raise InvalidInput(f"unknown item fields: {', '.join(sorted(unknown))}")
    checked = dict(fields)
    for name, what in DATE_FIELDS.items():
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            checked[name] = _iso_day(value, what).isoformat()
    return checked


def _iso_day(value: str, what: str) -> date:
    try:
        return parse_day(value)
    except ValueError:
        raise InvalidInput(
            f"The {what} {value.strip()!r} is not a date in the form YYYY-MM-DD.",
            hint="Type year-month-day, e.g. 2027-06-30 for 30 June 2027.",
        ) from None


def register_item(store: Store, session: Session, **fields: Any) -> str:
    fields = check_item_fields(fields)
    uid = "IT-" + uuid.uuid4().hex[:12].upper()
    row = {
        **fields,
        "uid": uid,
        "revision": 1,
        "created": now_iso(),
        "created_by": session.user_id,
        "attributes": fields.get("attributes", {}),
    }
    with store.atomic(session.actor) as tx:
        tx.insert("items", row, action="item.registered", uid=uid)
    return uid


def _next_uid(store: Store, station: str, day: date) -> str:
    prefix = f"AP-{station}-{day:%Y%m%d}-"
    row = store.one("SELECT MAX(uid) AS last FROM appraisals WHERE uid GLOB ?", (prefix + "*",))
    number = int(row["last"].rsplit("-", 1)[1]) + 1 if row and row["last"] else 1
    return f"{prefix}{number:04d}"


def current(store: Store, uid: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM appraisals_current WHERE uid = ?", (uid,))
    if row is None:
        raise NotFound(f"No appraisal {uid}.")
    row["data"] = json.loads(row["data"])
    return row


def start(
    store: Store, session: Session, station: str, item_uid: str, category: Category, tz: ZoneInfo
) -> str:
    if store.one("SELECT 1 AS x FROM items WHERE uid = ?", (item_uid,)) is None:
        raise NotFound(f"No item {item_uid}.")
    now = now_iso()
    row = {
        "revision": 1,
        "item_uid": item_uid,
        "station": station,
        "appraiser_id": session.user_id,
        "category": str(Category(category)),
        "state": str(AppraisalState.OPEN),
        "step": "intake",
        "started": now,
        "data": {},
        "created": now,
        "created_by": session.user_id,
    }
    with store.atomic(session.actor) as tx:
        uid = _next_uid(store, station, utcnow().astimezone(tz).date())
        tx.insert("appraisals", {**row, "uid": uid}, action="appraisal.started", uid=uid)
    return uid


def save(
    store: Store,
    session: Session,
    uid: str,
    *,
    step: str | None = None,
    state: AppraisalState | None = None,
    data: dict[str, Any] | None = None,
    reason: str | None = None,
) -> int:
    """Store a new revision merging ``data`` into the last one; returns its revision."""
    with store.atomic(session.actor) as tx:
        last = current(store, uid)
        revision = last["revision"] + 1
        row = {
            k: last[k]
            for k in ("uid", "item_uid", "station", "appraiser_id", "category", "started")
        }
        row.update(
            revision=revision,
            supersedes=last["id"],
            step=step or last["step"],
            state=str(state or last["state"]),
            data={**last["data"], **(data or {})},
            created=now_iso(),
            created_by=session.user_id,
            reason=reason,
        )
        tx.insert("appraisals", row, action="appraisal.saved", uid=uid, revision=revision)
    return revision


def attach_media(
    store: Store,
    session: Session,
    uid: str,
    content: bytes | Path,
    *,
    role: str,
    mime: str,
    view: str | None = None,
    meta: dict[str, Any] | None = None,
) -> str:
    """Store the bytes durably first, then name them in one audited transaction."""
    current(store, uid)
    if isinstance(content, Path):
        sha, size = store.media.put_file(content), content.stat().st_size
    else:
        sha, size = store.media.put_bytes(content), len(content)
    with store.atomic(session.actor) as tx:
        tx.add_media(sha, size, mime)
        row = {
            "appraisal_uid": uid,
            "media_sha256": sha,
            "role": role,
            "view": view,
            "meta": meta or {},
            "created": now_iso(),
            "created_by": session.user_id,
        }
        tx.insert("appraisal_media", row, action="appraisal.media_attached", uid=uid, role=role)
    return sha


def media_of(store: Store, uid: str, role: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM appraisal_media WHERE appraisal_uid = ?"
    params: tuple = (uid,)
    if role:
        sql, params = sql + " AND role = ?", (uid, role)
    return store.query(sql + " ORDER BY id", params)


def current_verdict(store: Store, uid: str) -> dict[str, Any] | None:
    """The verdict in force, read from the audited ``verdicts`` rows themselves (the one no
    later verdict supersedes), not through the ``verdicts_current`` view: a label is issued
    on this answer, and a view is easier to change unseen than a row (issue 14 breaker H2)."""
    return store.one(
        "SELECT * FROM verdicts v WHERE appraisal_uid = ? AND NOT EXISTS ("
        "SELECT 1 FROM verdicts later WHERE later.supersedes = v.id) ORDER BY id DESC",
        (uid,),
    )


def sign_verdict(
    store: Store,
    session: Session,
    uid: str,
    verdict: Verdict,
    password: str,
    *,
    reason_codes: list[str] | None = None,
    note: str = "",
) -> int:
    """Sign the first verdict (or a blind review of an inconclusive one) after re-asking
    the password; an existing decided verdict can only be amended. The rule book
    (DESIGN §3.4) is applied first: administrators do not appraise, nobody reviews their
    own case."""
    clock_guard.check(store)  # issue 14 #13: never sign with a clock set back
    appraisal = current(store, uid)
    previous = current_verdict(store, uid)
    kind = "review" if previous is not None else "initial"
    action = Action.SECOND_OPINION if previous is not None else Action.APPRAISE
    rules.require(store, session, action, uid=uid)
    if previous is not None:
        if previous["verdict"] != Verdict.INCONCLUSIVE:
            raise InvalidInput("This appraisal is signed; change it with an amendment.")
        rules.forbid_own(
            store, session, action, _own_signature(store, session, uid),
            "A second appraiser or a supervisor must review this item.", uid=uid,
        )  # fmt: skip
    elif appraisal["appraiser_id"] != session.user_id and session.role == Role.APPRAISER:
        raise PermissionDenied("Only the appraiser who holds this item can sign it.")
    check_password(store, session.username, password, purpose="sign")
    if verdict == Verdict.COUNTERFEIT and not reason_codes:
        raise InvalidInput("A counterfeit verdict needs at least one reason code.")
    from appraiser.services.lots import lot_review  # lots read appraisals: import late

    seen = lot_review.watch(store, uid)  # issue 16 N2: a unit of an already decided lot
    return _insert_verdict(
        store,
        session,
        uid,
        verdict,
        kind,
        reason_codes,
        note,
        previous["id"] if previous else None,
        None,
        lot_watch=seen,
    )


def _own_signature(store: Store, session: Session, uid: str) -> int | None:
    """The session's user id if they signed any verdict of the case: after an amendment to
    inconclusive both the first signer and the amending supervisor are out of its review."""
    mine = store.one(
        "SELECT 1 AS x FROM verdicts WHERE appraisal_uid = ? AND signed_by = ?",
        (uid, session.user_id),
    )
    return session.user_id if mine else None


def amend_verdict(
    store: Store,
    session: Session,
    uid: str,
    verdict: Verdict,
    password: str,
    reason: str,
    *,
    reason_codes: list[str] | None = None,
    note: str = "",
) -> int:
    """A new signed verdict superseding the current one, after ``check_amend``."""
    clock_guard.check(store)  # issue 14 #13: never sign with a clock set back
    previous = check_amend(store, session, uid)
    check_password(store, session.username, password, purpose="sign")
    if not reason.strip():
        raise InvalidInput("An amendment needs a reason.")
    from appraiser.services.lots import lot_review  # lots read appraisals: import late

    seen = lot_review.watch(store, uid)  # a unit of a decided lot: read the lot again after
    return _insert_verdict(
        store, session, uid, verdict, "amendment", reason_codes, note, previous["id"], reason,
        lot_watch=seen,
    )  # fmt: skip


def check_amend(store: Store, session: Session, uid: str) -> dict[str, Any]:
    """The verdict a supervisor may amend (DESIGN §3.4), or an audited refusal: appraisers
    never amend, nobody amends a verdict they signed, and a case in blind review is decided
    by the review alone (an amendment there would let it skip the second pair of eyes)."""
    rules.require(store, session, Action.AMEND_VERDICT, uid=uid)
    appraisal = current(store, uid)
    previous = current_verdict(store, uid)
    if previous is None:
        raise InvalidInput("There is no signed verdict to amend.")
    if appraisal["state"] == AppraisalState.AWAITING_REVIEW:
        rules.refuse(
            store, session, Action.AMEND_VERDICT,
            f"Appraisal {uid} is awaiting blind review: the review decides it, not an "
            "amendment.",
            uid=uid,
        )  # fmt: skip
    rules.forbid_own(
        store, session, Action.AMEND_VERDICT, previous["signed_by"],
        "You signed this verdict: you cannot amend your own; another supervisor must.",
        uid=uid,
    )  # fmt: skip
    return previous


def _insert_verdict(
    store, session, uid, verdict, kind, reason_codes, note, supersedes, reason, lot_watch=None
):
    row = {
        "appraisal_uid": uid,
        "verdict": str(Verdict(verdict)),
        "reason_codes": list(reason_codes or []),
        "note": note,
        "kind": kind,
        "meaning": VERDICT_MEANING[Verdict(verdict)],
        "signed_by": session.user_id,
        "signed_at": now_iso(),
        "supersedes": supersedes,
        "reason": reason,
    }
    with store.atomic(session.actor) as tx:
        new_id = tx.insert("verdicts", row, action=f"verdict.{kind}", uid=uid, verdict=verdict)
        if Verdict(verdict) != Verdict.GENUINE:  # issue 14 finding 1: in the same transaction
            from appraiser.services.labelling import labels  # labels imports this module

            labels.revoke_live(tx, session, uid, reason or "verdict amended", verdict_id=new_id)
        if lot_watch is not None:  # issue 16 L7: the lot's decision may no longer stand
            from appraiser.services.lots import lot_review

            lot_review.after_amendment(tx, session, lot_watch, uid, new_id)
        return new_id


def list_for_day(store: Store, day: date, tz: ZoneInfo, verdict: str | None = None) -> list[dict]:
    """Appraisals started on ``day`` in the station's time zone, with item and verdict."""
    start_utc = datetime.combine(day, datetime.min.time(), tz).astimezone(ZoneInfo("UTC"))
    end_utc = datetime.combine(day, datetime.max.time(), tz).astimezone(ZoneInfo("UTC"))
    serial = label_states.shown_serial_sql("a.uid", "a.item_uid")  # state beside (issue 14)
    rows = store.query(
        f"""SELECT a.uid AS id, a.started AS created, a.state, a.category, a.station,
                  u.username AS appraiser, u.display_name AS appraiser_name,
                  a.item_uid, i.gtin, i.brand, i.model,
                  v.verdict, v.reason_codes,
                  {serial} AS label_serial, {label_states.state_sql(serial)} AS label_state
           FROM appraisals_current a
           JOIN users u ON u.id = a.appraiser_id
           LEFT JOIN items_current i ON i.uid = a.item_uid
           LEFT JOIN verdicts_current v ON v.appraisal_uid = a.uid
           WHERE a.started >= ? AND a.started <= ? ORDER BY a.started""",
        (_iso(start_utc), _iso(end_utc)),
    )
    return [r for r in rows if verdict is None or r["verdict"] == verdict]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
