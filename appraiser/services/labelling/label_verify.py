"""Verifying labels: offline signature check, the scan record, and clone detection.

Every verification is stored as a ScanEvent (station, purpose, outcome), whatever the
outcome. A copied genuine label is the main attack, so a serial is flagged when it shows up
where one physical label cannot be:
- ``outbound_repeat``: scanned at outbound more than once (each item leaves once);
- ``multi_station``: verified away from the bench (outbound/consumer) at two stations;
- ``voided_seen``: a voided serial scanned as if it were live;
- ``forgery``: a valid signature by this station's own key on a serial it never issued
  (the station key may be compromised): raised as a ``label.forgery_alarm``.
Bench scans (checking, applying) do not count towards the first two rules. Only scans that
can be attributed count: a scan names a station this station knows (its own code, or a
fleet station in the ``stations`` table); an invented station name is refused, because a
scan nobody can attribute would let anyone manufacture a "clone" (issue 14 finding 7).
For the same reason bench and outbound scans need a signed-in user (an audited refusal
otherwise), and a consumer's unsigned scan is recorded but never counts towards the
first two rules (issue 14 breaker M-2: two anonymous "outbound" scans flagged a genuine label).

What a scan *means* is worded here, once, so the CLI, its JSON and the GUI cannot differ:
only a valid signature on a live label says VALID (issue 14 finding 6).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from appraiser import key_ledger
from appraiser.clock import format_local, now_iso
from appraiser.errors import InvalidInput
from appraiser.keys import StationKeys
from appraiser.labels import ids, payload
from appraiser.labels.payload import Verification
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.labelling import labels
from appraiser.services.lots import unit_labels
from appraiser.storage.canonical import sha256_hex
from appraiser.storage.db import Store, Tx

PURPOSES = ("bench", "outbound", "consumer")
RULE_TEXT = {
    "outbound_repeat": "scanned at outbound more than once",
    "multi_station": "verified at more than one station",
    "voided_seen": "this serial was voided but is still being scanned",
    "forgery": "signed with this station's key but never issued here: the key may be stolen",
    # the fleet server's flags on this station's serials, pulled by sync (issue 15 N9)
    "fleet_too_many_scans": "fleet: scanned by consumers too many times in a day",
    "fleet_many_clients": "fleet: scanned by too many different consumers",
    "fleet_scanned_after_end": "fleet: scanned by consumers after it was voided (reprinted)",
    "fleet_outbound_claimed": "fleet: claimed by two outbound scans",
    "fleet_withdrawn_in_circulation": "fleet: withdrawn label still in circulation (revoked,"
    " still scanned on the real item — not a sign of copying)",
}
# What a consumer's scan never shows (DESIGN §3.3, §3.5): why a label ended (an amend or
# reprint reason), the serial that replaced it, and the appraisal behind it.
INTERNAL_FIELDS = ("appraisal", "state_reason", "replaced_by")
# Why a label was revoked, in words a consumer may read (issue 16 finding 5): a lot's unit
# label ends with its lot's decision, not with an amended verdict.
REVOKED_BY = {
    "amended": "the verdict was amended",
    "lot_rejected": "the lot's decision was changed to reject",
    "lot_review": "the lot's decision was put under review",
}
FORGERY = (
    "NOT VALID — FORGERY: signed with this station's key but never issued here; "
    "the station key may be compromised"
)


@dataclass
class ScanReport:
    verification: Verification
    scan_id: int
    station: str
    purpose: str
    label: dict[str, Any] | None  # our record of the serial, if this station issued it
    state: str | None
    flags: list[dict[str, Any]]
    forgery: bool = False  # our own key, a serial we never issued
    ended: dict[str, Any] | None = None  # the voided/revoked event: day, reason, replaced_by
    basis: dict[str, Any] | None = None  # a lot's unit label: unit appraised, or n of N sampled

    @property
    def valid(self) -> bool:
        """A valid signature on a live label of ours, or on another trusted station's."""
        if not self.verification.ok or self.forgery:
            return False
        return self.label is None or self.state in labels.LIVE

    @property
    def status(self) -> str:
        """One code for what the scan means: ``genuine``, ``other_station``, ``voided``,
        ``revoked``, ``forgery``, or the signature's outcome when that failed."""
        if not self.verification.ok:
            return str(self.verification.outcome)
        if self.forgery:
            return "forgery"
        if self.label is None:
            return "other_station"
        return "genuine" if self.state in labels.LIVE else str(self.state)

    @property
    def message(self) -> str:
        """The first line; a consumer's names no reason and no replacement serial."""
        return self._message(internal=self.purpose != "consumer")

    def _message(self, *, internal: bool) -> str:
        status = self.status
        if status == "genuine":
            return f"VALID — genuine label, {self.state}"
        if status == "other_station":
            return "VALID — signature valid; this label was issued by another station"
        if status == "forgery":
            return FORGERY
        if status in labels.DEAD:
            ended = self.ended or {}
            public = {"day": ended.get("day"), "cause": ended.get("cause")}
            return _ended_message(status, ended if internal else public)
        return f"NOT VALID — {self.verification.reason.removeprefix('NOT VALID: ')}"

    @property
    def clone_suspected(self) -> bool:
        return bool(self.flags)

    def as_json(self, *, internal: bool | None = None) -> dict[str, Any]:
        """The scan for scripts. ``outcome`` is the answer: "valid" only when ``valid``
        is, else the label's end ("revoked", "voided", "forgery") or the signature's
        failure; ``signature`` is the signature check alone (issue 14, breaker Low: a
        revoked label said "valid": false beside "outcome": "valid"). ``internal``
        (default: unless the purpose is "consumer") adds the appraisal id, the end's
        reason and replacement; a consumer gets the state and its date only."""
        claim = self.verification.claim
        ended = self.ended or {}
        internal = self.purpose != "consumer" if internal is None else internal
        data = {
            "valid": self.valid,
            "status": self.status,
            "message": self._message(internal=internal),
            "outcome": "valid" if self.valid else self.status,
            "signature": str(self.verification.outcome),
            "reason": self.verification.reason,
            "serial": ids.group(claim.serial) if claim else None,
            "gtin": claim.gtin if claim else None,
            "date": claim.date if claim else None,
            "key_id": claim.key_id if claim else None,
            "scan_id": self.scan_id,
            "station": self.station,
            "purpose": self.purpose,
            "appraisal": self.label["appraisal_uid"] if self.label else None,
            "state": self.state,
            "state_date": ended.get("day"),
            "state_cause": ended.get("cause"),  # amended | lot_rejected | lot_review
            "replaced_by": ended.get("replaced_by"),
            "state_reason": ended.get("reason"),
            "forgery": self.forgery,
            "clone_suspected": self.clone_suspected,
            "flags": [f["rule"] for f in self.flags],
            "basis": self.basis,  # counts only: no merchant, no declaration (DESIGN §3.5)
        }
        if not internal:
            for key in INTERNAL_FIELDS:
                data.pop(key)
        return data


def _ended_message(state: str, ended: dict[str, Any]) -> str:
    day = ended.get("day") or "?"
    if state == "revoked":
        return f"NOT VALID — revoked on {day}: {REVOKED_BY[ended.get('cause') or 'amended']}"
    if ended.get("replaced_by"):
        return f"NOT VALID — this label was voided on {day} (replaced by {ended['replaced_by']})"
    reason = f": {ended['reason']}" if ended.get("reason") else ""
    return f"NOT VALID — this label was voided on {day}{reason}"


def check(station: Station, text: str) -> Verification:
    """Pure offline check against every public key this station knows (no record)."""
    # The audited ledger's keys; retired ones refused for later dates (issue 14, H3)
    keys = StationKeys(station.data.keys, station.store)
    return payload.verify(text, keys.public_keys(), keys.retirements())


def record_scan(
    station: Station,
    session: Session | None,
    text: str,
    *,
    purpose: str | None = None,
    at_station: str | None = None,
) -> ScanReport:
    """Verify a payload and store the ScanEvent and any clone flag in one transaction.
    ``purpose`` defaults to "bench" for a signed-in user and "consumer" without one."""
    purpose = scan_purpose(station, session, purpose)
    where = known_station(station, at_station)
    result = check(station, text)
    serial = result.claim.serial if result.claim else None
    label, forgery = None, False
    if result.ok and serial and result.claim:
        label = station.store.one("SELECT * FROM labels WHERE serial = ?", (serial,))
        forgery = label is None and result.claim.key_id in own_key_ids(station)
    row = {
        "serial": serial,
        "outcome": str(result.outcome),
        "purpose": purpose,
        "station": where,
        "key_id": result.claim.key_id if result.claim else None,
        "payload_sha256": sha256_hex(text.strip().encode("utf-8")),
        "known": int(label is not None),
        "detail": {"reason": result.reason},
        "created": now_iso(),
        "created_by": session.user_id if session else None,
    }
    actor = session.actor if session else "scanner"
    with station.store.atomic(actor) as tx:
        scan_id = tx.insert(
            "scan_events",
            row,
            action="label.scanned",
            serial=serial,
            outcome=str(result.outcome),
            purpose=purpose,
            station=where,
        )
        if forgery and serial and result.claim:
            _forgery_alarm(tx, serial, result.claim.key_id, where, scan_id)
        elif result.ok and serial:
            _raise_flags(tx, serial, label is not None and _is_void(station, serial))
    state = labels.state_of(station.store, serial) if label else None
    return ScanReport(
        result,
        scan_id,
        where,
        purpose,
        label,
        state,
        flags_for(station, serial) if result.ok and serial else [],
        forgery,
        _ending(station, serial, state) if label and serial and state in labels.DEAD else None,
        unit_labels.consumer_basis(station.store, serial) if label and serial else None,
    )


def scan_purpose(station: Station, session: Session | None, purpose: str | None) -> str:
    """The purpose, checked: bench and outbound scans count towards the clone rules, so
    they must name who scanned (audited refusal without a session, issue 14 breaker M-2)."""
    purpose = purpose or ("bench" if session else "consumer")
    if purpose not in PURPOSES:
        raise InvalidInput(f"Scan purpose must be one of {', '.join(PURPOSES)}.")
    if purpose != "consumer" and session is None:
        rules.refuse(
            station.store,
            None,
            rules.Action.SCAN,
            f"Sign in first: {purpose} scans count towards the clone rules, so they must "
            "name who scanned.",
            hint="Give --user, or leave out --purpose for a consumer's check.",
            purpose=purpose,
        )
    if session is not None:
        rules.require(station.store, session, rules.Action.SCAN, purpose=purpose)
    return purpose


def known_station(station: Station, given: str | None) -> str:
    """The station a scan is attributed to: this one by default, or one it knows; an
    invented name is refused (it could only be used to fake a clone)."""
    code = (given or station.settings.station_code).strip()
    if station.store.one("SELECT 1 AS x FROM stations WHERE code = ?", (code,)) is None:
        shown = code if len(code) <= 40 else code[:40] + "…"
        raise InvalidInput(
            f"Unknown station {shown!r}: scans are recorded only for stations this station "
            "knows, so nobody can flag a genuine label as a clone under an invented name.",
            hint=f"Leave out --station (this is {station.settings.station_code}), or name an "
            "enrolled fleet station.",
        )
    return code


def own_key_ids(station: Station) -> set[str]:
    """Keys this station signs or signed with: the current one, those of its labels, and
    both sides of every recorded rotation (trusted keys of other stations are not ours)."""
    own = key_ledger.read(station.store).own()  # the audited key ledger (issue 14 H3)
    own |= {r["key_id"] for r in station.store.query("SELECT DISTINCT key_id FROM labels")}
    return own


def _forgery_alarm(tx: Tx, serial: str, key_id: str, where: str, scan_id: int) -> None:
    """A flag the supervisors' list shows (once per serial) and an alarm event per scan."""
    seen = tx.conn.execute(
        "SELECT 1 FROM label_flags WHERE serial = ? AND rule = 'forgery'", (serial,)
    ).fetchone()
    detail = {"key_id": key_id, "station": where, "scan": scan_id}
    if seen:
        tx.event("label.forgery_alarm", serial=serial, **detail)
        return
    tx.insert(
        "label_flags",
        {"serial": serial, "rule": "forgery", "detail": detail, "created": now_iso()},
        action="label.forgery_alarm",
        serial=serial,
        key_id=key_id,
    )


def _ending(station: Station, serial: str, state: str | None) -> dict[str, Any] | None:
    """When and why a label ended (its voided or revoked event), in the station's words."""
    for event in labels.history(station.store, serial):
        if event["event"] == state:
            replaced = event["detail"].get("replaced_by")
            return {
                "day": format_local(event["created"], station.settings.tz())[:10],
                "reason": event["reason"],
                "replaced_by": ids.group(replaced) if replaced else None,
                "cause": revoked_cause(event["detail"]) if state == "revoked" else None,
            }
    return None


def revoked_cause(detail: dict[str, Any]) -> str:
    """Why a revoked event ended its label: the lot's decision overridden to reject
    (``unit_labels.revoke_lot`` from ``decisions.override``: detail names the decision), the
    lot put under review (detail names the review), else an amended verdict."""
    if detail.get("lot") and detail.get("review"):
        return "lot_review"
    if detail.get("lot") and detail.get("decision"):
        return "lot_rejected"
    return "amended"


def _is_void(station: Station, serial: str) -> bool:
    return labels.state_of(station.store, serial) == "voided"


def _raise_flags(tx: Tx, serial: str, voided: bool) -> None:
    """Only signed scans count towards repeats and stations: an anonymous one could be
    anyone's, and would let anyone flag a genuine label (issue 14 breaker M-2)."""
    counts = tx.conn.execute(
        """SELECT SUM(purpose = 'outbound'),
                  COUNT(DISTINCT CASE WHEN purpose != 'bench' THEN station END)
           FROM scan_events
           WHERE serial = ? AND outcome = 'valid' AND created_by IS NOT NULL""",
        (serial,),
    ).fetchone()
    outbound, stations = counts[0] or 0, counts[1] or 0
    hits = {"outbound_repeat": outbound > 1, "multi_station": stations > 1, "voided_seen": voided}
    for rule, hit in hits.items():
        seen = tx.conn.execute(
            "SELECT 1 FROM label_flags WHERE serial = ? AND rule = ?", (serial, rule)
        ).fetchone()
        if hit and not seen:
            detail = {"outbound_scans": outbound, "stations": stations}
            tx.insert(
                "label_flags",
                {"serial": serial, "rule": rule, "detail": detail, "created": now_iso()},
                action="label.clone_flagged",
                serial=serial,
                rule=rule,
            )


def flags_for(station: Station, serial: str) -> list[dict[str, Any]]:
    rows = station.store.query("SELECT * FROM label_flags WHERE serial = ? ORDER BY id", (serial,))
    return [_flag_row(r) for r in rows]


def clone_flags(station: Station) -> list[dict[str, Any]]:
    """Every flagged serial, newest first, with the stations that saw it: for supervisors."""
    rows = station.store.query("SELECT * FROM label_flags ORDER BY id DESC")
    for row in rows:
        _flag_row(row)
        seen = station.store.query(
            "SELECT DISTINCT station FROM scan_events WHERE serial = ? ORDER BY station",
            (row["serial"],),
        )
        row["stations"] = [s["station"] for s in seen]
    return rows


def _flag_row(row: dict[str, Any]) -> dict[str, Any]:
    row["detail"] = json.loads(row["detail"])
    row["grouped"] = ids.group(row["serial"])
    row["text"] = RULE_TEXT[row["rule"]]
    return row


def scans_for(station: Station, serial: str) -> list[dict[str, Any]]:
    return station.store.query(
        """SELECT s.id, s.created, s.station, s.purpose, s.outcome, u.username
           FROM scan_events s LEFT JOIN users u ON u.id = s.created_by
           WHERE s.serial = ? ORDER BY s.id""",
        (ids.normalise(serial),),
    )


def record_for(station: Station, serial: str) -> dict[str, Any]:
    """What the Verify page shows: item, verdict, photos, dates, label history, scans."""
    label = labels.get(station.store, serial)
    unit = unit_labels.unit_of(station.store, label["serial"])
    if unit is not None:
        return _unit_record(station, label, unit)
    uid = label["appraisal_uid"]
    appraisal = appraisals.current(station.store, uid)
    item = station.store.one("SELECT * FROM items_current WHERE uid = ?", (appraisal["item_uid"],))
    verdict = appraisals.current_verdict(station.store, uid)
    photos = _photos(station.store, uid)
    return {
        "serial": label["serial"],
        "grouped": ids.group(label["serial"]),
        "appraisal": uid,
        "station": appraisal["station"],
        "item": item or {},
        "verdict": verdict,
        "issued": label["created"],
        "state": labels.state_of(station.store, label["serial"]),
        "photos": photos,
        "history": labels.history(station.store, label["serial"]),
        "scans": scans_for(station, label["serial"]),
    }


def _photos(store: Store, appraisal_uid: str | None) -> list[dict[str, Any]]:
    """The images of an appraisal, in the order taken (none for an undrawn lot unit)."""
    return store.query(
        """SELECT am.media_sha256, am.view, am.role FROM appraisal_media am
           JOIN media m ON m.sha256 = am.media_sha256
           WHERE am.appraisal_uid = ? AND m.mime LIKE 'image/%' ORDER BY am.id""",
        (appraisal_uid,),
    )


def _unit_record(station: Station, label: dict[str, Any], unit: dict[str, Any]) -> dict:
    """A lot's unit label (its ``appraisal_uid`` is the lot decision): the lot line's item,
    and the unit's own appraisal, verdict and photos only if the unit was drawn and
    appraised (issue 16: the Verify page refused every unit label with 'No appraisal LD-…')."""
    store = station.store
    lot = store.one("SELECT line_uid FROM lots WHERE uid = ?", (unit["lot_uid"],))
    item = store.one("SELECT * FROM items_current WHERE uid = ?", (lot["line_uid"],))
    drawn = store.one(
        "SELECT a.uid FROM lot_samples s JOIN appraisals_current a ON a.item_uid = s.item_uid "
        "WHERE s.lot_uid = ? AND s.unit_no = ? ORDER BY a.started DESC, a.id DESC LIMIT 1",
        (unit["lot_uid"], unit["unit_no"]),
    )
    uid = drawn["uid"] if drawn else None
    photos = _photos(store, uid)
    return {
        "serial": label["serial"],
        "grouped": ids.group(label["serial"]),
        "appraisal": uid,
        "lot": unit["lot_uid"],
        "unit_no": unit["unit_no"],
        "station": station.settings.station_code,
        "item": item or {},
        "verdict": appraisals.current_verdict(store, uid) if uid else None,
        "issued": label["created"],
        "state": labels.state_of(store, label["serial"]),
        "photos": photos,
        "history": labels.history(store, label["serial"]),
        "scans": scans_for(station, label["serial"]),
    }
