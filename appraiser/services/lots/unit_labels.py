"""A label for every unit of an accepted lot (issue 16 item 4), issued in batches.

Why a unit label points at the lot decision: the units that were not sampled have no
appraisal of their own; what vouches for them is the signed decision to accept the lot.
So ``labels.appraisal_uid`` of a unit label holds the decision's uid and the payload's
digest ``h`` is the decision's digest (``decision_digest``); ``lot_unit_labels`` says which
unit of which lot the serial is. Everything else about a label is as for one appraisal:
the states (issued → printed → applied; voided, revoked), ``label verify``, the rule book.

Rules kept here for the GUI and the CLI alike:
- only a lot whose decision in force is *accept* gets unit labels, and none while a
  declaration-plausibility flag of it is open (slice L5);
- the accept decision's signer or a supervisor issues them (DESIGN §3.4, as for a verdict);
- each unit has at most one live serial: issuing again only fills the units that have none,
  so an interrupted batch resumes where it stopped and never gives a unit a second serial;
- a drawn unit whose own verdict in force is not genuine (or that was never appraised, or
  is in review) gets none, whatever the lot decision, an override included (``unit_basis``,
  issue 16 finding 1); an amendment of its verdict away from genuine revokes its label;
- an override to *reject* revokes every unit label of the lot in the override's own
  transaction (``revoke_lot``), as an amended verdict revokes its label.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from appraiser.clock import now_iso, utcnow
from appraiser.domain.enums import Role
from appraiser.errors import InvalidInput, NotFound
from appraiser.keys import StationKeys
from appraiser.keys import key_id as key_id_of
from appraiser.labels import gtin as gtins
from appraiser.labels import ids, payload
from appraiser.labels.content import LabelContent
from appraiser.services.admin import clock_guard, rules
from appraiser.services.admin import settings as recorded_settings
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels
from appraiser.services.lots import unit_basis
from appraiser.storage.canonical import digest
from appraiser.storage.db import Store, Tx

UNITS_PER_TX = 500  # one transaction, one signed checkpoint, per this many labels
Progress = Callable[[int, int], None]  # (done, total)

_LIVE_UNITS = """SELECT u.unit_no, u.serial FROM lot_unit_labels u
    WHERE u.lot_uid = ? AND u.unit_no BETWEEN ? AND ? AND NOT EXISTS (
        SELECT 1 FROM label_events e WHERE e.serial = u.serial
        AND e.event IN ('voided', 'revoked'))"""


@dataclass(frozen=True)
class IssueResult:
    lot_uid: str
    decision_uid: str
    total: int  # units in the lot
    issued: int  # new serials issued by this call
    already: int  # units that had a live serial before it
    withheld: int = 0  # drawn units whose own verdict is not genuine: no label (finding 1)


def lot_row(store: Store, lot_uid: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM lots WHERE uid = ?", (lot_uid,))
    if row is None:
        raise NotFound(f"No lot {lot_uid!r}; see `appraiser lots list`.")
    return row


def current_decision(store: Store, lot_uid: str) -> dict[str, Any] | None:
    return store.one(
        "SELECT * FROM lot_decisions_current WHERE lot_uid = ? ORDER BY id DESC LIMIT 1",
        (lot_uid,),
    )


def accepted_decision(store: Store, lot_uid: str) -> dict[str, Any]:
    """The decision in force, if it accepts the lot; otherwise a clear refusal."""
    lot_row(store, lot_uid)
    decision = current_decision(store, lot_uid)
    if decision is None:
        raise InvalidInput(
            f"Lot {lot_uid} has no decision yet: its units get labels once it is accepted."
        )
    if decision["decision"] != "accept":
        raise InvalidInput(f"Lot {lot_uid} was rejected: its units get no labels.")
    return decision


def decision_digest(store: Store, decision: dict[str, Any]) -> tuple[str, str | None]:
    """SHA-256 over what a unit label vouches for: the lot, its GTIN and batch, and the
    signed decision that accepted it. Returns (hex digest, GTIN-14 or None)."""
    lot = lot_row(store, decision["lot_uid"])
    gtin = gtins.optional(lot["gtin"])
    body = {
        "lot": lot["uid"],
        "gtin": gtin,
        "batch_lot": lot["batch_lot"],
        "quantity": lot["quantity"],
        "decision": decision["uid"],
        "decision_id": decision["id"],
        "outcome": decision["decision"],
        "kind": decision["kind"],
        "signed_by": decision["signed_by"],
        "signed_at": decision["signed_at"],
    }
    return digest(body), gtin


def blocking_flags(store: Store, lot_uid: str) -> list[str]:
    """Open declaration-plausibility flags of the lot (slice L5's rule): their messages."""
    from appraiser.services.lots import plausibility

    return [_flag_text(flag) for flag in plausibility.blocking_flags(store, lot_uid)]


def _flag_text(flag: Any) -> str:
    if isinstance(flag, str):
        return flag
    if isinstance(flag, dict):
        return str(flag.get("message") or flag.get("kind") or flag)
    return str(getattr(flag, "message", flag))


def check_release(store: Store, session: Session, lot_uid: str) -> dict[str, Any]:
    """Everything that must hold before a unit label of the lot is issued or first printed:
    the lot is accepted, no plausibility flag is open, and the session is the decision's
    signer or a supervisor (refusals by the rule book are audited)."""
    rules.require(store, session, Action.ISSUE_LABEL, lot=lot_uid)
    per_unit_lot(store, lot_uid)
    decision = accepted_decision(store, lot_uid)
    under_review(store, lot_uid)
    flags = blocking_flags(store, lot_uid)
    if flags:
        raise InvalidInput(
            f"Lot {lot_uid} has {len(flags)} open plausibility flag(s) ({flags[0]}); a "
            "supervisor must acknowledge them before its labels are released."
        )
    if session.role != Role.SUPERVISOR and decision["signed_by"] != session.user_id:
        rules.refuse(
            store, session, Action.ISSUE_LABEL,
            f"Only the one who signed the decision accepting lot {lot_uid}, or a supervisor, "
            "may issue or first print its unit labels.",
            lot=lot_uid,
        )  # fmt: skip
    return decision


def per_unit_lot(store: Store, lot_uid: str) -> None:
    """Refuse an every-unit lot (bags, watches): each of its units is its own item and
    appraisal and gets its own label when appraised; a lot label as well would give a unit
    a second serial, the second one vouching only for the lot."""
    lot = lot_row(store, lot_uid)
    if lot["policy"] == "every_unit":
        raise InvalidInput(
            f"Lot {lot_uid} is inspected unit by unit: each of its {lot['quantity']} units "
            "carries the label of its own appraisal, so the lot issues no unit labels.",
            hint="Print each unit's label from its own appraisal (Labels page, or "
            "appraiser label render).",
        )


def under_review(store: Store, lot_uid: str) -> None:
    """Refuse while the decision in force is under review: a unit verdict was amended after
    it and the lot now reads otherwise (slice L7, ``lot_review``) — a supervisor confirms or
    overrides it first."""
    from appraiser.services.lots import lot_review  # it revokes through this module

    review = lot_review.open_review(store, lot_uid)
    if review is not None:
        raise InvalidInput(
            f"Lot {lot_uid} is {lot_review.describe(review)}; its unit labels wait until then."
        )


def live_units(store: Store, lot_uid: str, first: int = 1, last: int | None = None):
    """{unit number: live serial} for units ``first``…``last`` of the lot."""
    last = last if last is not None else lot_row(store, lot_uid)["quantity"]
    rows = store.conn.execute(_LIVE_UNITS, (lot_uid, first, last)).fetchall()
    return {unit: serial for unit, serial in rows}


def missing_units(store: Store, lot_uid: str) -> list[int]:
    """Units with no live serial, in order: what issuing still has to do — never a drawn
    unit whose own verdict is not genuine (``unit_basis.withheld``)."""
    quantity = lot_row(store, lot_uid)["quantity"]
    live = live_units(store, lot_uid, 1, quantity)
    held = unit_basis.withheld(store, lot_uid, 1, quantity)
    return [unit for unit in range(1, quantity + 1) if unit not in live and unit not in held]


def issue_units(
    station: Station,
    session: Session,
    lot_uid: str,
    *,
    per_tx: int = UNITS_PER_TX,
    progress: Progress | None = None,
    committed: Callable[[list[str]], None] | None = None,
) -> IssueResult:
    """Issue a signed serial to every unit of an accepted lot that has no live one;
    ``committed(serials)`` follows each batch's commit (a renderer may start on them).

    Idempotent and resumable: a second call after an interruption (crash, power cut)
    continues with the units still missing; each batch re-checks, in its transaction,
    that the decision is still the accepting one in force and that its units still
    have no live serial."""
    clock_guard.check(station.store)  # never label with a clock set back (issue 14 #13)
    recorded_settings.check(station, session, "issue")
    decision = check_release(station.store, session, lot_uid)
    hex_digest, gtin = decision_digest(station.store, decision)
    quantity = lot_row(station.store, lot_uid)["quantity"]
    todo = missing_units(station.store, lot_uid)
    held = len(unit_basis.withheld(station.store, lot_uid, 1, quantity))
    signer = _Signer(station, gtin, hex_digest)
    done = quantity - len(todo)  # withheld units count as settled
    if progress:
        progress(done, quantity)
    for chunk in _chunks(todo, max(1, per_tx)):
        signer.check()
        signed = [signer.sign() for _ in chunk]
        with station.store.atomic(session.actor) as tx:
            _recheck(tx, lot_uid, decision["uid"], chunk)
            for unit, label in zip(chunk, signed, strict=True):
                _insert_unit(tx, session, lot_uid, unit, decision["uid"], label)
        if committed:
            committed([label[0] for label in signed])
        done += len(chunk)
        if progress:
            progress(done, quantity)
    already = quantity - len(todo) - held
    return IssueResult(lot_uid, decision["uid"], quantity, len(todo), already, held)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Signer:
    """Fresh serials with their signed payloads, the key and date looked up once.

    The private key is loaded once per batch run, not per label (loading it reads the key
    ledger and the key file: a fifth of the issuing time of a 60,000-unit lot); ``check``
    asks the ledger once per transaction that the key is still the station's current one,
    so a rotation meanwhile stops the run instead of signing with a retired key."""

    def __init__(self, station: Station, gtin: str | None, hex_digest: str) -> None:
        self.keys = StationKeys(station.data.keys, station.store)
        self.key = self.keys.signing_key()
        self.key_id = key_id_of(self.key.public_key())
        self.check()
        self.resolver = station.settings.resolver_domain
        self.day = utcnow().astimezone(station.settings.tz()).strftime("%Y%m%d")
        self.gtin, self.hex_digest = gtin, hex_digest

    def check(self) -> None:
        if self.keys.current_key_id() != self.key_id:
            raise InvalidInput("The station's signing key changed meanwhile; run it again.")

    def sign(self) -> tuple[str, str, str | None, str]:
        serial = ids.new_serial()  # 80 random bits; the UNIQUE column refuses a repeat
        claim = payload.make_claim(
            self.resolver, serial, self.gtin, self.hex_digest, self.day, self.key_id
        )
        signature = self.key.sign(payload.canonical(claim))
        return serial, payload.build(claim, signature), self.gtin, self.key_id


def still_accepted(tx: Tx, lot_uid: str, decision_uid: str, stopped: str) -> None:
    """Inside a labelling transaction (issue, reprint): the accepting decision the labels are
    signed over is still the lot's current one; otherwise refuse, saying what ``stopped``."""
    row = tx.conn.execute(
        "SELECT uid, decision FROM lot_decisions_current WHERE lot_uid = ? "
        "ORDER BY id DESC LIMIT 1",
        (lot_uid,),
    ).fetchone()
    if row is None or row[0] != decision_uid or row[1] != "accept":
        raise InvalidInput(f"The decision on lot {lot_uid} changed; {stopped}.")


def _recheck(tx: Tx, lot_uid: str, decision_uid: str, units: list[int]) -> None:
    """Inside the batch's transaction: the same accepting decision is still in force and
    none of these units got a live serial meanwhile (another station window, a retry)."""
    still_accepted(tx, lot_uid, decision_uid, "its labels were stopped")
    under_review(tx.store, lot_uid)  # an amended unit verdict meanwhile stops the batch
    clash = tx.conn.execute(_LIVE_UNITS, (lot_uid, units[0], units[-1])).fetchall()
    wanted = set(units)
    if any(unit in wanted for unit, _ in clash):
        raise InvalidInput(f"Labels of lot {lot_uid} are being issued elsewhere; try again.")
    held = unit_basis.withheld(tx.store, lot_uid, units[0], units[-1])
    stopped = sorted(wanted & set(held))
    if stopped:  # a drawn unit's verdict changed since the batch was planned
        raise InvalidInput(
            f"Unit {stopped[0]} of lot {lot_uid} gets no label ({held[stopped[0]]}); run it again."
        )


def _insert_unit(tx: Tx, session: Session, lot_uid: str, unit: int, decision_uid: str, label):
    serial, uri, gtin, key_id = label
    now = now_iso()
    row = {
        "serial": serial,
        "appraisal_uid": decision_uid,
        "gtin": gtin,
        "payload": uri,
        "key_id": key_id,
        "supersedes": None,
        "created": now,
        "created_by": session.user_id,
        "reason": None,
    }
    tx.insert("labels", row, action="label.issued", serial=serial, uid=decision_uid)
    labels.add_event(tx, session, serial, "issued", lot=lot_uid, unit=unit)
    link = {
        "serial": serial,
        "lot_uid": lot_uid,
        "unit_no": unit,
        "decision_uid": decision_uid,
        "created": now,
        "created_by": session.user_id,
    }
    tx.insert("lot_unit_labels", link, action="lot.unit_label", lot=lot_uid, unit=unit)


def void_serials(tx: Tx, session: Session, serials: list[str], reason: str, **detail) -> None:
    """Void serials inside the caller's transaction (a print job whose outcome is unknown):
    final, so none of them is ever printed again; their units get fresh serials."""
    for serial in serials:
        labels.add_event(tx, session, serial, "voided", reason=reason, **detail)


def revoke_unit(tx: Tx, session: Session, item_uid: str, reason: str, **detail: Any) -> list[str]:
    """Revoke the live unit label of the drawn unit that is this item, inside the caller's
    transaction (its verdict was amended away from genuine): a unit's label never outlives
    its own genuine verdict. Returns the revoked serials (none for other items)."""
    drawn = tx.conn.execute(
        "SELECT lot_uid, unit_no FROM lot_samples WHERE item_uid = ?", (item_uid,)
    ).fetchone()
    if drawn is None:
        return []
    rows = tx.conn.execute(_LIVE_UNITS, (drawn[0], drawn[1], drawn[1])).fetchall()
    for unit, serial in rows:
        labels.add_event(tx, session, serial, "revoked", reason=reason, lot=drawn[0],
                         unit=unit, **detail)  # fmt: skip
    return [serial for _, serial in rows]


def revoke_lot(tx: Tx, session: Session, lot_uid: str, reason: str, **detail: Any) -> list[str]:
    """Revoke every live unit label of the lot inside the caller's transaction — the one
    that records the override to reject — so no moment exists where the lot is rejected
    and a unit label still says accepted. Returns the revoked serials."""
    rows = tx.conn.execute(_LIVE_UNITS, (lot_uid, 1, 2**62)).fetchall()
    for _, serial in rows:
        labels.add_event(tx, session, serial, "revoked", reason=reason, lot=lot_uid, **detail)
    return [serial for _, serial in rows]


def unit_of(store: Store, serial: str) -> dict[str, Any] | None:
    """The lot and unit a serial labels, or None for an ordinary appraisal label."""
    return store.one(
        "SELECT serial, lot_uid, unit_no, decision_uid FROM lot_unit_labels WHERE serial = ?",
        (ids.normalise(serial),),
    )


def contents(station: Station, lot_uid: str, serials: list[str]) -> list[LabelContent]:
    """What to print for these unit labels: payloads as signed, the lot's product name."""
    item = station.store.one(
        "SELECT i.brand, i.model FROM lots l JOIN items_current i ON i.uid = l.line_uid "
        "WHERE l.uid = ?",
        (lot_uid,),
    )
    name = " ".join(x for x in ((item or {}).get("brand"), (item or {}).get("model")) if x)
    code = station.settings.station_code
    found = {}
    for chunk in _chunks_str(serials, 500):
        marks = ",".join("?" * len(chunk))
        for serial, uri in station.store.conn.execute(
            f"SELECT serial, payload FROM labels WHERE serial IN ({marks})", chunk
        ):
            found[serial] = uri
    out = []
    for serial in serials:
        claim, _ = payload.parse(found[serial])
        day = f"{claim.date[:4]}-{claim.date[4:6]}-{claim.date[6:]}"
        out.append(LabelContent(found[serial], serial, day, code, name))
    return out


def _chunks_str(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def consumer_basis(store: Store, serial: str) -> dict[str, Any] | None:
    """What a consumer may learn of a unit label's basis (``unit_basis.basis``): this unit
    appraised, the lot accepted by sampling, or released by a supervisor, with n of N units
    appraised. No merchant, no declaration number (DESIGN §3.5). None for an ordinary
    appraisal label."""
    unit = unit_of(store, serial)
    if unit is None:
        return None
    lot = lot_row(store, unit["lot_uid"])
    return unit_basis.basis(store, lot, unit["unit_no"], unit["decision_uid"])


def summary(store: Store, lot_uid: str) -> dict[str, Any]:
    """Counts of the lot's unit labels by state, for the CLI and the print dialog."""
    quantity = lot_row(store, lot_uid)["quantity"]
    rows = store.conn.execute(
        f"""SELECT {labels._STATE_SQL} AS state, COUNT(*) FROM lot_unit_labels u
            JOIN labels l ON l.serial = u.serial WHERE u.lot_uid = ? GROUP BY state""",
        (lot_uid,),
    ).fetchall()
    states = {state: count for state, count in rows}
    live = sum(states.get(s, 0) for s in labels.LIVE)
    held = len(unit_basis.withheld(store, lot_uid, 1, quantity))
    return {"lot": lot_uid, "units": quantity, "without_label": quantity - live - held,
            "withheld": held, **states}  # fmt: skip


def to_json(result: IssueResult) -> str:
    return json.dumps(result.__dict__, sort_keys=True)


def basis_text(basis: dict[str, Any], lang: str) -> str:
    """The consumer's words for a unit label's basis (zh_CN or en, like the reports)."""
    return unit_basis.text(basis, lang)
