"""Drawing a lot's sample, saying where each drawn unit is, and listing the drawn units.

The draw must be reproducible by anyone who reads the audit trail, with nothing but
Python's standard library: the seed is 128 fresh bits from ``secrets`` written as 32 hex
digits (in the lot row and in its ``lot.planned`` audit event), and the units are

    random.Random(int(seed, 16)).sample(range(1, N + 1), n)

in that order (``redraw``). Seeding ``random.Random`` with an integer is stable across
Python versions, unlike hashing a string. Unit k (1..N) counts cartons in order, so it is
in carton ⌈k / per_carton⌉ at place ((k - 1) mod per_carton) + 1.

Each drawn unit becomes an item of its own (attributes name the lot, the unit number and
its position), queued the same day in drawing order, so its appraisal is an ordinary one.
"""

from __future__ import annotations

import random
import secrets
from datetime import date
from typing import Any

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput
from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals import lines
from appraiser.services.arrivals.entries import add_entry, current_item
from appraiser.services.casework import appraisals
from appraiser.storage.db import Store, Tx

# Item attributes of a drawn unit (besides ``queue_line``, which folds it into its line).
LOT_ATTR, UNIT_ATTR, CARTON_ATTR, PLACE_ATTR = "lot_uid", "lot_unit", "carton", "unit_in_carton"
SEED_BITS = 128
# Unit fields copied from the lot's line: a lot is one batch, so batch and expiry are shared.
_COPIED = (*lines.TEMPLATE_FIELDS, "batch_lot", "expiry")
_POSITION = {
    "en": "carton {carton}, unit {unit}",
    "zh_CN": "第{carton}箱 第{unit}件",
}


def new_seed() -> str:
    """A fresh seed: never derived from anything guessable, so nobody can steer the draw."""
    return secrets.token_hex(SEED_BITS // 8)


def redraw(seed: str, quantity: int, sample_size: int) -> list[int]:
    """The unit numbers (1..quantity) drawn with ``seed``, in drawing order; all of them
    (in a random order) when the sample is as large as the lot."""
    if quantity < 1 or sample_size < 1:
        raise InvalidInput(f"cannot draw {sample_size} of {quantity} units")
    try:
        number = int(seed, 16)
    except (TypeError, ValueError):
        raise InvalidInput(f"a seed is hex digits, not {seed!r}") from None
    return random.Random(number).sample(range(1, quantity + 1), min(sample_size, quantity))


def position(unit_no: int, per_carton: int) -> tuple[int, int]:
    """(carton, place in carton) of unit ``unit_no``, both counted from 1."""
    if unit_no < 1 or per_carton < 1:
        raise InvalidInput(f"no position for unit {unit_no} at {per_carton} per carton")
    return (unit_no - 1) // per_carton + 1, (unit_no - 1) % per_carton + 1


def position_text(carton: int, unit: int, lang: str = "en") -> str:
    """Where to find a unit, in the words the appraiser reads ("carton 3, unit 7")."""
    return _POSITION.get(lang, _POSITION["en"]).format(carton=carton, unit=unit)


def draw(tx: Tx, session: Session, day: date, lot: dict[str, Any]) -> list[str]:
    """Create (and queue) an item for every unit drawn for ``lot``, in drawing order, with
    its ``lot_samples`` row; returns the new item uids."""
    line = tx.store.one("SELECT * FROM queue_entries WHERE item_uid = ?", (lot["line_uid"],))
    template = current_item(tx, lot["line_uid"])
    common = {k: template[k] for k in _COPIED if template.get(k)}
    drawn = redraw(lot["seed"], lot["quantity"], lot["sample_size"])
    return [_unit(tx, session, day, lot, line, common, k) for k in drawn]


def _unit(
    tx: Tx,
    session: Session,
    day: date,
    lot: dict[str, Any],
    line: dict[str, Any],
    common: dict[str, Any],
    unit_no: int,
) -> str:
    carton, place = position(unit_no, lot["units_per_carton"])
    attributes = {
        lines.QUEUE_LINE: lot["line_uid"], LOT_ATTR: lot["uid"], UNIT_ATTR: unit_no,
        CARTON_ATTR: carton, PLACE_ATTR: place,
    }  # fmt: skip
    uid = add_entry(
        tx, session, day, {**common, "attributes": attributes}, source=line["source"],
        inbound_list=line.get("inbound_list"), row_no=line.get("row_no"),
    )  # fmt: skip
    sample = {
        "lot_uid": lot["uid"], "unit_no": unit_no, "carton": carton, "unit_in_carton": place,
        "item_uid": uid, "created": now_iso(), "created_by": session.user_id,
    }  # fmt: skip
    tx.insert("lot_samples", sample, action="lot.unit_drawn", lot=lot["uid"], unit=unit_no)
    return uid


_SAMPLES_SQL = """
SELECT s.unit_no, s.carton, s.unit_in_carton, s.item_uid, i.serial
FROM lot_samples s JOIN items_current i ON i.uid = s.item_uid
WHERE s.lot_uid = ? ORDER BY s.id
"""


def units(store: Store, lot_uid: str) -> list[dict[str, Any]]:
    """The lot's units to appraise, in drawing order, each with ``unit_no``, ``carton``,
    ``unit_in_carton``, ``position`` (English; ``position_text`` for zh_CN), ``item_uid``,
    its latest appraisal (``appraisal_uid``, ``state``: None before one is started) and the
    verdict in force (``verdict``: None until signed).

    A sampled lot lists its drawn units. An every-unit lot has no drawing: its units are
    the line's items in the order they were taken (the line's own item first), numbered
    1.. in that order, without a carton position, and there are fewer than N of them until
    every unit has been taken.
    """
    lot = store.one("SELECT * FROM lots WHERE uid = ?", (lot_uid,))
    if lot is None:
        return []
    if lot["policy"] == "sampling":
        rows = store.query(_SAMPLES_SQL, (lot_uid,))
    else:
        rows = _every_unit_rows(store, lot)
    return _with_results(store, rows)


def _every_unit_rows(store: Store, lot: dict[str, Any]) -> list[dict[str, Any]]:
    taken = lines.units(store, date.fromisoformat(lot["day"]), lot["line_uid"])
    return [
        {"unit_no": n, "carton": None, "unit_in_carton": None, "item_uid": u["uid"],
         "serial": u["serial"]}
        for n, u in enumerate(taken, start=1)
    ]  # fmt: skip


def _with_results(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest = lines.latest_appraisals(store, [r["item_uid"] for r in rows])
    for row in rows:
        case = latest.get(row["item_uid"]) or {}
        verdict = appraisals.current_verdict(store, case["uid"]) if case else None
        placed = row["carton"] is not None
        row.update(
            position=position_text(row["carton"], row["unit_in_carton"]) if placed else None,
            appraisal_uid=case.get("uid"),
            state=case.get("state"),
            verdict=verdict["verdict"] if verdict else None,
        )
    return rows


def progress(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How far the units are: drawn (or taken), appraised (done or awaiting review)."""
    return {
        "units": len(rows),
        "appraised": sum(1 for r in rows if r["state"] in lines.APPRAISED),
        "verdicts": sum(1 for r in rows if r["verdict"]),
    }
