"""Declaration plausibility (issue 16 item 5): does a lot's declared quantity fit what the
producer can make?

Checked once, when the lot is created, inside the transaction that creates it
(``check_lot(tx, lot_uid)``), against the figures ``capacity.lookup`` finds:

- *batch size*: earlier lots of the same GTIN + batch, plus this one, total more units
  than one batch holds (a batch number re-used, or one batch declared twice); batch
  numbers compared as ``domain.batch.batch_key`` (case, width, dashes and spaces folded);
- *yearly capacity*: the producer's lots of this calendar year (the lot's local day),
  plus this one, total more than it makes in a year — summed over what the capacity
  figure covers (the producer, the product, or the producer's product).

A flag names its numbers ("declared 60,000; capacity 18,000/year; 0 seen before this
year"). It never changes the lot; it keeps the lot's unit labels from being released
(``blocking_flags``) until a supervisor acknowledges it with a note. Flags and
acknowledgements are append-only rows with their audit events.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from appraiser.clock import now_iso
from appraiser.domain.batch import batch_key
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.lots.capacity import Known, gtin_key, lookup, producer_key
from appraiser.storage.db import Store, Tx

MAX_NOTE = 2_000

# A lot with the brand of the line it came from (the producer: items.brand).
_LOT_SQL = """
SELECT l.*, i.brand FROM lots l
LEFT JOIN items i ON i.uid = l.line_uid
     AND i.revision = (SELECT MAX(x.revision) FROM items x WHERE x.uid = l.line_uid)
WHERE l.uid = ?
"""
_FLAGS_SQL = """
SELECT f.*, a.note AS ack_note, a.acknowledged_at, u.username AS acknowledged_by
FROM lot_flags f
LEFT JOIN lot_flag_acks a ON a.flag_uid = f.uid
LEFT JOIN users u ON u.id = a.acknowledged_by
"""


@dataclass
class Flag:
    uid: str
    lot_uid: str
    kind: str
    message: str
    figures: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    ack_note: str | None = None

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "open": self.open}

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Flag:
        names = cls.__dataclass_fields__
        values = {k: v for k, v in row.items() if k in names}
        values["figures"] = json.loads(row.get("figures") or "{}")
        return cls(**values)


def check_lot(tx: Tx, lot_uid: str) -> list[Flag]:
    """Raise the flags a just-created lot deserves, in the caller's transaction (slice L2's
    lot creation calls this once, after inserting the lot row)."""
    lot = _lot(tx.conn, lot_uid)
    known = lookup(tx.conn, lot["brand"], lot["gtin"])
    found = [_batch_flag(tx.conn, lot, known), _annual_flag(tx.conn, lot, known)]
    return [_raise(tx, lot, kind, figures) for kind, figures in filter(None, found)]


def _lot(conn, lot_uid: str) -> dict[str, Any]:
    cursor = conn.execute(_LOT_SQL, (lot_uid,))
    row = cursor.fetchone()
    if row is None:
        raise NotFound(f"no lot {lot_uid}")
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def _batch_flag(conn, lot: dict[str, Any], known: dict[str, Known]):
    """Earlier lots of this GTIN + batch plus this one, against the batch size."""
    size = known.get("batch_size")
    if size is None or not (lot["batch_lot"] or "").strip() or not gtin_key(lot["gtin"]):
        return None
    earlier = conn.execute(
        "SELECT quantity, batch_lot FROM lots WHERE uid != ? AND ltrim(gtin, '0') = ? AND id < ?",
        (lot["uid"], gtin_key(lot["gtin"]), lot["id"]),
    ).fetchall()
    batch = batch_key(lot["batch_lot"])  # 'w2', 'Ｗ２', 'W2 ' are batch W2 (finding 6)
    same = [quantity for quantity, written in earlier if batch_key(written) == batch]
    seen, lots = sum(same), len(same)
    if seen + lot["quantity"] <= size.value:
        return None
    return "batch_size", {
        "declared": lot["quantity"], "batch_size": size.value, "seen_before": seen,
        "earlier_lots": lots, "batch": lot["batch_lot"].strip(), "gtin": lot["gtin"],
        "source": size.source,
    }  # fmt: skip


def _annual_flag(conn, lot: dict[str, Any], known: dict[str, Known]):
    """This calendar year's lots of what the capacity covers, plus this one."""
    cap = known.get("annual_capacity")
    if cap is None:
        return None
    year = str(lot["day"])[:4]
    rows = conn.execute(
        "SELECT l.quantity, i.brand, l.gtin FROM lots l LEFT JOIN items i ON i.uid = l.line_uid "
        "AND i.revision = (SELECT MAX(x.revision) FROM items x WHERE x.uid = l.line_uid) "
        "WHERE l.uid != ? AND l.id < ? AND substr(l.day, 1, 4) = ?",
        (lot["uid"], lot["id"], year),
    ).fetchall()
    covered = [qty for qty, brand, gtin in rows if _covers(cap.scope, lot, brand, gtin)]
    seen, lots = sum(covered), len(covered)
    if seen + lot["quantity"] <= cap.value:
        return None
    return "annual_capacity", {
        "declared": lot["quantity"], "annual_capacity": cap.value, "seen_before": seen,
        "earlier_lots": lots, "year": year, "producer": lot["brand"] or "",
        "gtin": lot["gtin"], "scope": cap.scope, "source": cap.source,
    }  # fmt: skip


def _covers(scope: str, lot: dict[str, Any], brand: str | None, gtin: str | None) -> bool:
    """Whether an earlier lot counts towards what a capacity figure covers (compared in
    Python: SQLite's lower() folds ASCII only, and brands are often not)."""
    same_producer = producer_key(brand) == producer_key(lot["brand"])
    same_product = gtin_key(gtin) == gtin_key(lot["gtin"])
    if scope == "producer":
        return same_producer
    if scope == "gtin":
        return same_product
    return same_producer and same_product


def category_conflict(tx: Tx, lot_uid: str, listed: str, library: str) -> Flag:
    """The inbound list named another category than the reference library knows for the
    GTIN (issue 16 finding N1): the lot is inspected as the library's category, and the
    supervisor sees what the list claimed (it keeps the unit labels until acknowledged)."""
    lot = _lot(tx.conn, lot_uid)
    figures = {"listed": listed, "library": library, "gtin": lot["gtin"]}
    return _raise(tx, lot, "category", figures)


def describe(kind: str, figures: dict[str, Any]) -> str:
    """The flag's sentence, naming its numbers (stored, and shown on the lot)."""
    if kind == "category":
        return (
            f"the inbound list says {figures['listed']}, the reference library says "
            f"{figures['library']} for GTIN {figures['gtin']}: inspected as {figures['library']}"
        )
    declared, seen = f"{figures['declared']:,}", f"{figures['seen_before']:,}"
    if kind == "batch_size":
        return (
            f"batch {figures['batch']} of GTIN {figures['gtin']}: declared {declared}; "
            f"batch size {figures['batch_size']:,}; {seen} seen before in "
            f"{figures['earlier_lots']} earlier lot(s) ({figures['source']})"
        )
    return (
        f"declared {declared}; capacity {figures['annual_capacity']:,}/year; {seen} seen "
        f"before this year ({figures['year']}, {figures['earlier_lots']} earlier lot(s); "
        f"{figures['scope']}, {figures['source']})"
    )


def _raise(tx: Tx, lot: dict[str, Any], kind: str, figures: dict[str, Any]) -> Flag:
    row = {
        "uid": "LF-" + secrets.token_hex(6).upper(),
        "lot_uid": lot["uid"],
        "kind": kind,
        "message": describe(kind, figures),
        "figures": figures,
        "created": now_iso(),
        "created_by": lot["created_by"],
    }
    tx.insert("lot_flags", row, action="lot.flag.raised", lot=lot["uid"], flag=row["uid"])
    return Flag.from_row({**row, "figures": json.dumps(figures)})


def flags(store: Store, lot_uid: str | None = None, *, open_only: bool = False) -> list[Flag]:
    """A lot's flags (or every flag), oldest first, each with its acknowledgement."""
    where = ["1 = 1"] + (["f.lot_uid = ?"] if lot_uid else [])
    where += ["a.id IS NULL"] if open_only else []
    rows = store.query(
        f"{_FLAGS_SQL} WHERE {' AND '.join(where)} ORDER BY f.id", (lot_uid,) if lot_uid else ()
    )
    return [Flag.from_row(r) for r in rows]


def blocking_flags(store: Store, lot_uid: str) -> list[Flag]:
    """The open flags that keep a lot from being released (its unit labels): empty means
    no doubt is left unanswered. Slice L4 calls this before issuing unit labels."""
    return flags(store, lot_uid, open_only=True)


def acknowledge(store: Store, session: Session | None, flag_uid: str, note: str) -> Flag:
    """A supervisor answers a flag with a note (what was checked, why the lot may go)."""
    rules.require(store, session, Action.SUPERVISE, flag=flag_uid, acknowledge=True)
    assert session is not None
    text = " ".join((note or "").split())
    if not text:
        raise InvalidInput("the acknowledgement needs a note", hint="Say what you checked.")
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"the note is longer than {MAX_NOTE:,} characters")
    found = store.query(f"{_FLAGS_SQL} WHERE f.uid = ?", ((flag_uid or "").strip().upper(),))
    if not found:
        raise NotFound(f"no plausibility flag {flag_uid}", hint="appraiser lots flags lists them.")
    flag = Flag.from_row(found[0])
    if not flag.open:
        raise InvalidInput(
            f"flag {flag.uid} was acknowledged by {flag.acknowledged_by} at {flag.acknowledged_at}"
        )
    row = {
        "flag_uid": flag.uid,
        "note": text,
        "acknowledged_by": session.user_id,
        "acknowledged_at": now_iso(),
    }
    with store.atomic(session.actor) as tx:
        tx.insert(
            "lot_flag_acks", row, action="lot.flag.acknowledged", lot=flag.lot_uid, flag=flag.uid
        )
    return next(f for f in flags(store, flag.lot_uid) if f.uid == flag.uid)
