"""The label lifecycle (DESIGN §3.3): issued → printed → applied; a reprint voids the old
serial and issues a new one; an amendment away from genuine revokes every live label.

Rules kept here, in one place, for the CLI and the UI alike:
- a label is issued only for an appraisal whose current verdict is genuine, and an appraisal
  has at most one live (neither voided nor revoked) label;
- a serial is printed at most once: printing needs state ``issued`` and is checked again in
  the transaction that records it; a "reprint" voids the old serial and issues a new one,
  with a supervisor's approval and a reason;
- "applied" is confirmed by scanning the printed label back at the bench;
- ``voided`` and ``revoked`` are final: such a label is never printed, reprinted or applied
  again (an appraisal amended back to genuine gets a new label).
Every step writes a ``label_events`` row and its audit event in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from appraiser.clock import now_iso, utcnow
from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput, NotFound
from appraiser.keys import StationKeys
from appraiser.labels import gtin as gtins
from appraiser.labels import ids, payload
from appraiser.labels.content import LabelContent
from appraiser.services.admin import clock_guard
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import label_rules
from appraiser.storage.canonical import digest
from appraiser.storage.db import Store, Tx


@dataclass(frozen=True)
class LabelInfo:
    serial: str
    appraisal_uid: str
    payload: str
    state: str
    supersedes: str | None = None

    @property
    def grouped(self) -> str:
        return ids.group(self.serial)


# Final states, strongest first: once one of these events exists, it is the state.
DEAD = ("revoked", "voided")
LIVE = ("issued", "printed", "applied")


def state_of(store: Store, serial: str) -> str:
    """The latest lifecycle event of a serial (``revoked``, then ``voided``, win whenever
    they exist)."""
    rows = store.query("SELECT event FROM label_events WHERE serial = ? ORDER BY id", (serial,))
    if not rows:
        raise NotFound(f"No label {ids.group(serial)}.")
    events = [r["event"] for r in rows]
    return next((dead for dead in DEAD if dead in events), events[-1])


def _refuse_dead(store: Store, serial: str, doing: str) -> None:
    state = state_of(store, serial)
    if state in DEAD:
        raise InvalidInput(f"Label {ids.group(serial)} is {state}; it cannot be {doing}.")


def get(store: Store, serial: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM labels WHERE serial = ?", (ids.normalise(serial),))
    if row is None:
        raise NotFound(f"No label {serial}.")
    return row


def info(store: Store, serial: str) -> LabelInfo:
    row = get(store, serial)
    old = store.one("SELECT serial FROM labels WHERE id = ?", (row["supersedes"],))
    return LabelInfo(
        row["serial"],
        row["appraisal_uid"],
        row["payload"],
        state_of(store, row["serial"]),
        old["serial"] if old else None,
    )


def live_label(store: Store, appraisal_uid: str) -> LabelInfo | None:
    for row in store.query(
        "SELECT serial FROM labels WHERE appraisal_uid = ? ORDER BY id DESC", (appraisal_uid,)
    ):
        if state_of(store, row["serial"]) not in DEAD:
            return info(store, row["serial"])
    return None


def revoke_live(tx: Tx, session: Session, uid: str, reason: str, **detail: Any) -> list[str]:
    """Revoke every live label of appraisal ``uid`` inside the caller's transaction (the one
    that records the amended verdict), so no moment exists where the verdict says counterfeit
    and a label still says genuine. Returns the revoked serials."""
    rows = tx.conn.execute(
        "SELECT serial FROM labels WHERE appraisal_uid = ? ORDER BY id", (uid,)
    ).fetchall()
    revoked = []
    for (serial,) in rows:
        events = {e for (e,) in tx.conn.execute(
            "SELECT event FROM label_events WHERE serial = ?", (serial,)
        )}  # fmt: skip
        if not events & set(DEAD):
            add_event(tx, session, serial, "revoked", reason=reason, appraisal=uid, **detail)
            revoked.append(serial)
    return revoked


def appraisal_digest(store: Store, uid: str) -> tuple[str, str | None]:
    """SHA-256 over what the label vouches for: appraisal, item, GTIN and the signed
    genuine verdict. Refuses anything but a current genuine verdict."""
    appraisal = appraisals.current(store, uid)
    verdict = appraisals.current_verdict(store, uid)
    if verdict is None or verdict["verdict"] != Verdict.GENUINE:
        raise InvalidInput(
            f"Appraisal {uid} has no genuine verdict; only genuine items get a label."
        )
    item = store.one("SELECT * FROM items_current WHERE uid = ?", (appraisal["item_uid"],))
    gtin = gtins.optional(item["gtin"] if item else None)
    body = {
        "appraisal": uid,
        "item": appraisal["item_uid"],
        "gtin": gtin,
        "verdict_id": verdict["id"],
        "verdict": verdict["verdict"],
        "signed_by": verdict["signed_by"],
        "signed_at": verdict["signed_at"],
    }
    return digest(body), gtin


def _sign_new(station: Station, uid: str) -> tuple[str, str, str | None, str]:
    """A fresh serial and its signed payload: (serial, payload, gtin, key id)."""
    hex_digest, gtin = appraisal_digest(station.store, uid)
    day = utcnow().astimezone(station.settings.tz()).strftime("%Y%m%d")
    keys = StationKeys(station.data.keys, station.store)
    serial = ids.new_serial()
    while station.store.one("SELECT 1 AS x FROM labels WHERE serial = ?", (serial,)):
        serial = ids.new_serial()  # 2^-80 per pair; checked anyway, never reused
    claim = payload.make_claim(
        station.settings.resolver_domain, serial, gtin, hex_digest, day, keys.current_key_id()
    )
    key_id, signature = keys.sign(payload.canonical(claim))
    return serial, payload.build(claim, signature), gtin, key_id


def _insert_label(
    tx: Tx,
    session: Session,
    uid: str,
    signed: tuple,
    *,
    supersedes: int | None = None,
    approver: Session | None = None,
    reason: str | None = None,
) -> None:
    serial, uri, gtin, key_id = signed
    row = {
        "serial": serial,
        "appraisal_uid": uid,
        "gtin": gtin,
        "payload": uri,
        "key_id": key_id,
        "supersedes": supersedes,
        "created": now_iso(),
        "created_by": session.user_id,
        "reason": reason,
    }
    tx.insert("labels", row, action="label.issued", serial=serial, uid=uid)
    add_event(tx, session, serial, "issued", approver=approver, reason=reason)


def add_event(
    tx: Tx,
    session: Session | None,
    serial: str,
    event: str,
    *,
    approver: Session | None = None,
    reason: str | None = None,
    **detail: Any,
) -> None:
    row = {
        "serial": serial,
        "event": event,
        "detail": detail,
        "created": now_iso(),
        "created_by": session.user_id if session else None,
        "approved_by": approver.user_id if approver else None,
        "reason": reason,
    }
    tx.insert("label_events", row, action=f"label.{event}", serial=serial)


def issue(station: Station, session: Session, uid: str) -> LabelInfo:
    """Issue the label of a genuine appraisal (once; later copies go through reprint).
    Only the appraiser who signed the genuine verdict, or a supervisor (DESIGN §3.4)."""
    clock_guard.check(station.store)  # issue 14 #13: never label with a clock set back
    recorded_settings.check(station, session, "issue")  # issue 14 H4: audited settings
    label_rules.check_issue(station.store, session, uid)
    signed = _sign_new(station, uid)
    with station.store.atomic(session.actor) as tx:
        if live_label(station.store, uid) is not None:
            raise InvalidInput(f"Appraisal {uid} already has a label; ask for a reprint.")
        _insert_label(tx, session, uid, signed)
    return info(station.store, signed[0])


def void(
    station: Station, session: Session, serial: str, reason: str, approver: Session | None = None
) -> None:
    """Withdraw a serial for good (lost, damaged, misapplied); a supervisor other than the
    requester approves (four eyes: a void followed by a new issue would be a reprint)."""
    approver = label_rules.check_approval(station.store, session, approver, "void", serial)
    if not reason.strip():
        raise InvalidInput("Voiding a label needs a reason.")
    serial = ids.normalise(serial)
    with station.store.atomic(session.actor) as tx:
        _refuse_dead(station.store, serial, "voided")
        add_event(tx, session, serial, "voided", approver=approver, reason=reason.strip())


def reprint(
    station: Station,
    session: Session,
    serial: str,
    reason: str,
    approver: Session | None,
    *,
    then: Callable[[Tx, str], None] | None = None,
) -> LabelInfo:
    """Void ``serial`` and issue a new serial for the same appraisal, in one transaction,
    approved by a supervisor who is not the requester; ``then(tx, new_serial)`` runs in that
    transaction (a render records the new label printed there)."""
    clock_guard.check(station.store)  # issue 14 #13: never label with a clock set back
    recorded_settings.check(station, session, "reprint")  # issue 14 H4: audited settings
    approver = label_rules.check_approval(station.store, session, approver, "reprint", serial)
    if not reason.strip():
        raise InvalidInput("A reprint needs a reason.")
    old = get(station.store, serial)
    uid, signed, unit = _sign_again(station, old)
    with station.store.atomic(session.actor) as tx:
        _refuse_dead(station.store, old["serial"], "reprinted")
        add_event(
            tx,
            session,
            old["serial"],
            "voided",
            approver=approver,
            reason=reason.strip(),
            replaced_by=signed[0],
        )
        _insert_label(
            tx,
            session,
            uid,
            signed,
            supersedes=old["id"],
            approver=approver,
            reason=reason.strip(),
        )
        if unit is not None:  # a lot's unit label: the new serial labels the same unit
            from appraiser.services.lots import unit_reprint

            unit_reprint.link_again(tx, session, unit, uid, signed[0])
        if then is not None:
            then(tx, signed[0])
    return info(station.store, signed[0])


def _sign_again(station: Station, old: dict[str, Any]):
    """(uid the new label points at, signed label, lot unit or None) for a reprint: an
    appraisal's label is signed over the appraisal again, a lot's unit label (issue 16)
    over the lot decision in force, which must still accept the lot."""
    from appraiser.services.lots import unit_labels, unit_reprint  # they import this module

    unit = unit_labels.unit_of(station.store, old["serial"])
    if unit is None:
        return old["appraisal_uid"], _sign_new(station, old["appraisal_uid"]), None
    uid, signed = unit_reprint.sign_again(station, unit)
    return uid, signed, unit


def apply(station: Station, session: Session, scanned: str) -> LabelInfo:
    """Confirm a printed label is on the item by scanning it back at the bench."""
    from appraiser.services.labelling import label_verify

    report = label_verify.record_scan(station, session, scanned, purpose="bench")
    if not report.verification.ok or report.label is None:
        raise InvalidInput(f"This scan cannot confirm a label: {report.message}")
    serial = report.label["serial"]
    with station.store.atomic(session.actor) as tx:
        current = state_of(station.store, serial)
        if current != "printed":
            raise InvalidInput(
                f"Label {ids.group(serial)} is {current}, not printed; only a "
                "printed label can be applied."
            )
        add_event(tx, session, serial, "applied", scan=report.scan_id)
    return info(station.store, serial)


def content(station: Station, serial: str) -> LabelContent:
    """What to print for a serial: everything comes from the stored, signed payload.
    A lot's unit label (issue 16) points at the lot decision, not at an appraisal: its
    content is the lot's (``unit_labels.contents``), so previews and reprints show it."""
    from appraiser.services.lots import unit_labels  # it imports this module

    unit = unit_labels.unit_of(station.store, serial)
    if unit is not None:
        return unit_labels.contents(station, unit["lot_uid"], [unit["serial"]])[0]
    row = get(station.store, serial)
    claim, _ = payload.parse(row["payload"])
    appraisal = appraisals.current(station.store, row["appraisal_uid"])
    item = (
        station.store.one(
            "SELECT brand, model FROM items_current WHERE uid = ?", (appraisal["item_uid"],)
        )
        or {}
    )
    brand_model = " ".join(x for x in (item.get("brand"), item.get("model")) if x)
    day = f"{claim.date[:4]}-{claim.date[4:6]}-{claim.date[6:]}"
    return LabelContent(row["payload"], row["serial"], day, appraisal["station"], brand_model)


_STATE_SQL = """CASE WHEN EXISTS (SELECT 1 FROM label_events r WHERE r.serial = l.serial
                                   AND r.event = 'revoked') THEN 'revoked'
     WHEN EXISTS (SELECT 1 FROM label_events v WHERE v.serial = l.serial
                  AND v.event = 'voided') THEN 'voided'
     ELSE (SELECT e.event FROM label_events e WHERE e.serial = l.serial
           ORDER BY e.id DESC LIMIT 1) END"""


_LIST_KINDS = {
    "all": "",
    "items": "WHERE u.serial IS NULL",
    "lot_units": "WHERE u.serial IS NOT NULL",
}


def list_labels(store: Store, *, limit: int = 500, kind: str = "all") -> list[dict[str, Any]]:
    """Newest labels first with state, appraisal and item, for the Labels page. ``kind``:
    ``items`` leaves out lot unit labels (a 60,000-unit lot would fill the page, issue 16),
    ``lot_units`` lists only them (``lot`` and ``unit`` set, the product of the lot's line)."""
    rows = store.query(
        f"""SELECT l.serial, l.appraisal_uid, l.gtin, l.created, l.reason, l.key_id,
                   COALESCE(i.brand, li.brand) AS brand, COALESCE(i.model, li.model) AS model,
                   COALESCE(i.batch_lot, lo.batch_lot) AS batch_lot, u.lot_uid AS lot,
                   u.unit_no AS unit, {_STATE_SQL} AS state
            FROM labels l
            LEFT JOIN appraisals_current a ON a.uid = l.appraisal_uid
            LEFT JOIN items_current i ON i.uid = a.item_uid
            LEFT JOIN lot_unit_labels u ON u.serial = l.serial
            LEFT JOIN lots lo ON lo.uid = u.lot_uid
            LEFT JOIN items_current li ON li.uid = lo.line_uid
            {_LIST_KINDS[kind]}
            ORDER BY l.id DESC LIMIT ?""",
        (limit,),
    )
    for row in rows:
        row["grouped"] = ids.group(row["serial"])
    return rows


def history(store: Store, serial: str) -> list[dict[str, Any]]:
    rows = store.query(
        """SELECT e.*, u.username AS by_user, s.username AS approved_by_user
           FROM label_events e LEFT JOIN users u ON u.id = e.created_by
           LEFT JOIN users s ON s.id = e.approved_by WHERE e.serial = ? ORDER BY e.id""",
        (ids.normalise(serial),),
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"])
    return rows


def awaiting_label(store: Store) -> list[dict[str, Any]]:
    """Genuine appraisals with no live label yet: what the bench can issue labels for (one
    whose label was revoked and that was amended back to genuine gets a new one)."""
    return store.query(
        """SELECT a.uid, i.brand, i.model, i.gtin, i.batch_lot, v.signed_at
           FROM appraisals_current a
           JOIN verdicts_current v ON v.appraisal_uid = a.uid AND v.verdict = 'genuine'
           LEFT JOIN items_current i ON i.uid = a.item_uid
           WHERE NOT EXISTS (
               SELECT 1 FROM labels l WHERE l.appraisal_uid = a.uid AND NOT EXISTS (
                   SELECT 1 FROM label_events e
                   WHERE e.serial = l.serial AND e.event IN ('voided', 'revoked')))
           ORDER BY v.signed_at DESC"""
    )


def batches(store: Store) -> list[str]:
    rows = store.query(
        "SELECT DISTINCT batch_lot FROM items_current WHERE batch_lot IS NOT NULL "
        "AND batch_lot != '' ORDER BY batch_lot"
    )
    return [r["batch_lot"] for r in rows]
