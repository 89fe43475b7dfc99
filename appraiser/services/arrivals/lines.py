"""Queue lines with a quantity: each unit is its own item, appraised on its own.

An inbound line says "24 of this product under this declaration". Until lots arrive, every
unit taken from a line becomes its own item (its own lot, expiry and serial, appraisal,
label and report), linked to the line by the ``queue_line`` attribute and queued the same
day; the line item itself is the first unit. The line is done when N units are appraised
and the queue shows "k of N appraised" until then. An item scanned before the inbound list
that names it was imported joins that line the same way, so it is never listed twice.

Lots (issue 16, ``appraiser.services.lots``): a line of a *sampled* lot hands out only the
units drawn for it, in drawing order, and is done when the n drawn units are appraised
(its own item is the lot's header, never appraised); a *pending* lot (category not known
yet) hands out only its first unit until intake confirms the category and plans it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from appraiser.services.admin.accounts import Session
from appraiser.services.arrivals.entries import add_entry, current_item, revise_item
from appraiser.services.casework.appraisals import ITEM_FIELDS
from appraiser.storage.db import Store, Tx

QUEUE_LINE = "queue_line"
PENDING_LOT = "lot_pending"  # attribute of a line item whose lot waits for its category
APPRAISED = ("done", "awaiting_review")
ACTIVE = ("open", "interrupted")
UNIT_FIELDS = ("batch_lot", "expiry", "serial")  # what differs from unit to unit
TEMPLATE_FIELDS = tuple(f for f in ITEM_FIELDS if f not in UNIT_FIELDS)
_LINE_ATTR = f"json_extract(i.attributes, '$.{QUEUE_LINE}')"

_UNITS_SQL = f"""
SELECT q.item_uid AS uid, i.serial FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
WHERE q.day = ? AND (q.item_uid = ? OR {_LINE_ATTR} = ?) ORDER BY q.id
"""
_LINES_SQL = f"""
SELECT q.* FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
WHERE q.day = ? AND ltrim(i.gtin, '0') = ltrim(?, '0') AND {_LINE_ATTR} IS NULL ORDER BY q.id
"""
_UNLISTED_SQL = f"""
SELECT q.item_uid FROM queue_entries q JOIN items_current i ON i.uid = q.item_uid
WHERE q.day = ? AND q.source IN ('scan', 'manual') AND q.item_uid != ?
  AND ltrim(i.gtin, '0') = ltrim(?, '0') AND {_LINE_ATTR} IS NULL
  AND (i.declaration_no IS NULL OR i.declaration_no = ?)
ORDER BY q.id LIMIT ?
"""


def latest_appraisals(store: Store, item_uids: list[str]) -> dict[str, dict[str, Any]]:
    """Each item's most recently started appraisal (an abandoned one may be followed by a
    fresh start)."""
    if not item_uids:
        return {}
    marks = ", ".join("?" for _ in item_uids)
    rows = store.query(
        f"SELECT uid, item_uid, state, appraiser_id, started FROM appraisals_current "
        f"WHERE item_uid IN ({marks}) ORDER BY started, id",
        item_uids,
    )
    return {row["item_uid"]: row for row in rows}


def units(store: Store, day: date, line_uid: str) -> list[dict[str, Any]]:
    """The line's units in queue order, each with its latest appraisal (or none)."""
    rows = store.query(_UNITS_SQL, (day.isoformat(), line_uid, line_uid))
    latest = latest_appraisals(store, [r["uid"] for r in rows])
    for row in rows:
        case = latest.get(row["uid"]) or {}
        row.update(
            state=case.get("state"),
            appraisal_uid=case.get("uid"),
            appraiser_id=case.get("appraiser_id"),
        )
    return rows


def _used(unit: dict[str, Any]) -> bool:
    return unit["state"] not in (None, "abandoned")


def lines_for(store: Store, day: date, gtin: str) -> list[dict[str, Any]]:
    """The day's lines (queue entries that are not units of another) with this GTIN."""
    return store.query(_LINES_SQL, (day.isoformat(), gtin))


def sampled_lot(store: Store, line_uid: str) -> dict[str, Any] | None:
    """The sampled lot planned for this line, if any (uid, sample_size)."""
    return store.one(
        "SELECT uid, sample_size FROM lots WHERE line_uid = ? AND policy = 'sampling'",
        (line_uid,),
    )


def drawn_units(store: Store, lot_uid: str) -> list[dict[str, Any]]:
    """A sampled lot's drawn units in drawing order, each with its latest appraisal."""
    rows = store.query(
        "SELECT s.item_uid AS uid, i.serial FROM lot_samples s JOIN items_current i "
        "ON i.uid = s.item_uid WHERE s.lot_uid = ? ORDER BY s.id",
        (lot_uid,),
    )
    latest = latest_appraisals(store, [r["uid"] for r in rows])
    for row in rows:
        row["state"] = (latest.get(row["uid"]) or {}).get("state")
    return rows


def _pending(tx: Tx, line_uid: str) -> bool:
    """A lot waiting for its category: only its first unit may be taken meanwhile."""
    if not current_item(tx, line_uid)["attributes"].get(PENDING_LOT):
        return False
    return tx.store.one("SELECT 1 AS x FROM lots WHERE line_uid = ?", (line_uid,)) is None


def take_unit(
    tx: Tx, session: Session, day: date, line: dict[str, Any], scanned: dict[str, str]
) -> str | None:
    """The unit of ``line`` a scan (or an appraiser opening the line) stands for: the free
    unit with the scanned serial, else a free unit without one, else a new unit while fewer
    than the line's quantity are taken; None when the line is complete. A sampled lot's
    line hands out only its drawn units; a pending lot's only its first."""
    lot = sampled_lot(tx.store, line["item_uid"])
    if lot is not None:
        return _take_drawn(tx, session, drawn_units(tx.store, lot["uid"]), scanned)
    found = units(tx.store, day, line["item_uid"])
    if _pending(tx, line["item_uid"]):
        found = found[:1]
    free = [u for u in found if not _used(u)]
    serial = scanned.get("serial")
    chosen = next((u for u in free if serial and u["serial"] == serial), None)
    chosen = chosen or next((u for u in free if not u["serial"]), None)
    if chosen is not None:
        revise_item(tx, session, chosen["uid"], _unit_fields(scanned), reason="scan")
        return chosen["uid"]
    taken = sum(1 for u in found if _used(u) or u["serial"])
    if taken >= line["quantity"] or _pending(tx, line["item_uid"]):
        return None
    return _new_unit(tx, session, day, line, scanned)


def _take_drawn(
    tx: Tx, session: Session, drawn: list[dict[str, Any]], scanned: dict[str, str]
) -> str | None:
    """The drawn unit a scan stands for (its serial, else the next free one in drawing
    order); None when every drawn unit is taken."""
    free = [u for u in drawn if not _used(u)]
    serial = scanned.get("serial")
    chosen = next((u for u in free if serial and u["serial"] == serial), None)
    chosen = chosen or next((u for u in free if not u["serial"]), None)
    if chosen is None:
        return None
    revise_item(tx, session, chosen["uid"], _unit_fields(scanned), reason="scan")
    return chosen["uid"]


def _unit_fields(scanned: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in scanned.items() if k in UNIT_FIELDS and v}


def _new_unit(
    tx: Tx, session: Session, day: date, line: dict[str, Any], scanned: dict[str, str]
) -> str:
    template = current_item(tx, line["item_uid"])
    fields = {k: template[k] for k in TEMPLATE_FIELDS if template.get(k)}
    fields.update(_unit_fields(scanned), attributes={QUEUE_LINE: line["item_uid"]})
    return add_entry(
        tx, session, day, fields, source=line["source"],
        inbound_list=line.get("inbound_list"), row_no=line.get("row_no"),
    )  # fmt: skip


def adopt_scanned(
    tx: Tx, session: Session, day: date, line_uid: str, row: dict[str, Any], quantity: int
) -> int:
    """Items scanned or added by hand today, before the inbound list named them, join the
    new line (up to its quantity) and take the list's details; returns how many joined."""
    if not row.get("gtin"):
        return 0
    found = tx.store.query(
        _UNLISTED_SQL, (day.isoformat(), line_uid, row["gtin"], row["declaration_no"], quantity)
    )
    listed = {k: row.get(k) for k in TEMPLATE_FIELDS if row.get(k)}
    for unit in found:
        have = current_item(tx, unit["item_uid"])
        missing = {k: v for k, v in listed.items() if not have.get(k)}
        revise_item(
            tx, session, unit["item_uid"], missing, reason="inbound list",
            attributes={QUEUE_LINE: line_uid},
        )  # fmt: skip
    return len(found)


def line_state(
    line: dict[str, Any], members: list[dict[str, Any]], target: int | None = None
) -> tuple[str, dict]:
    """The state a line shows and the unit whose case the row shows (``members`` are the
    day-list rows of the units that count, each with ``appraisal_state``); the line is
    done when ``target`` of them (default: its quantity) are appraised."""
    target = line["quantity"] if target is None else target
    appraised = sum(1 for m in members if m["appraisal_state"] in APPRAISED)
    active = [m for m in members if m["appraisal_state"] in ACTIVE]
    started = [m for m in members if m["appraisal_state"]]
    shown = active[-1] if active else (started[-1] if started else line)
    if active:
        state = shown["appraisal_state"]
    elif appraised >= target:
        reviewing = any(m["appraisal_state"] == "awaiting_review" for m in members)
        state = "awaiting_review" if reviewing else "done"
    elif appraised:
        state = "open"  # partly appraised: more units to take
    else:
        state = shown["appraisal_state"] or "waiting"
    return state, shown


CASE_KEYS = (
    "appraisal_uid", "appraisal_state", "step", "category", "appraiser_id", "appraiser",
    "appraiser_name", "verdict", "label_serial", "label_state",
)  # fmt: skip


def _counted(row: dict[str, Any], units: list[dict[str, Any]]) -> tuple[list[dict], int]:
    """The rows whose appraisals count for a line, and how many must be appraised: a
    sampled lot counts its n drawn units (its own item is the header), any other line its
    own item and units against its quantity."""
    if row.get("lot_policy") == "sampling":
        return units, row["lot_sample_size"]
    return [row, *units], row["quantity"]


def fold(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per line: its units' rows are folded into it (``appraised`` = k of N)."""
    present = {r["item_uid"] for r in rows}
    members: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row.get("line_uid") in present:
            members[row["line_uid"]].append(row)
    out = []
    for row in rows:
        if row.get("line_uid") in present:
            continue
        group, target = _counted(row, members.get(row["item_uid"], []))
        state, shown = line_state(row, group, target)
        appraised = sum(1 for m in group if m["appraisal_state"] in APPRAISED)
        out.append({**row, **{k: shown.get(k) for k in CASE_KEYS}, "state": state,
                    "appraised": appraised, "target": target, "next_unit": _next(row, group),
                    "units": [m["item_uid"] for m in group]})  # fmt: skip
    return out


def _next(row: dict[str, Any], group: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A sampled lot's next drawn unit to pull (drawing order = queue order), else None."""
    if row.get("lot_policy") != "sampling":
        return None
    free = (m for m in group if m["appraisal_state"] in (None, "abandoned"))
    unit = next(free, None)
    if unit is None:
        return None
    return {"unit_no": unit.get("lot_unit"), "carton": unit.get("lot_carton"),
            "unit_in_carton": unit.get("lot_place"), "item_uid": unit["item_uid"]}  # fmt: skip
