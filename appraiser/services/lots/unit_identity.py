"""A unit of a lot is the lot's product (issue 16 finding N2).

A drawn unit (or a unit of an every-unit lot) is inspected *as a unit of the lot*: its
GTIN, category, batch/lot, brand, model, merchant and declaration number are the lot's,
fixed when the lot was planned. Intake may not re-key them — a re-keyed unit would be
appraised against another product's reference and checklist and still count for the lot.
When the physical unit is not the lot's product (another product in the carton), that is
a finding, not an edit: the appraiser signs it counterfeit with ``NOT_AS_DESCRIBED``, and
it counts as a defect of the lot.

``check_fixed`` is intake's guard (``intake.confirm_item``, before any write);
``carries_lot_product`` is the evaluation's: a unit whose item no longer carries the
lot's GTIN (changed before this guard existed, or by another door) never counts as
conforming.
"""

from __future__ import annotations

from typing import Any

from appraiser.errors import InvalidInput
from appraiser.storage.db import Store

FIXED = ("gtin", "category", "batch_lot", "brand", "model", "merchant", "declaration_no")
LABELS = {
    "gtin": "GTIN", "category": "category", "batch_lot": "batch/lot", "brand": "brand",
    "model": "model", "merchant": "merchant", "declaration_no": "declaration number",
}  # fmt: skip
HINT = (
    "If the unit in the carton is not the lot's product, sign it counterfeit with reason "
    "NOT_AS_DESCRIBED: it then counts as a defect of the lot."
)


def gtin_key(gtin: Any) -> str:
    """GTIN-13 and GTIN-14 of one product compare equal (leading zeros ignored)."""
    return str(gtin or "").strip().lstrip("0")


def _same(field: str, a: Any, b: Any) -> bool:
    if field == "gtin":
        return gtin_key(a) == gtin_key(b)
    return str(a or "").strip() == str(b or "").strip()


def lot_of_unit(store: Store, item_uid: str) -> dict[str, Any] | None:
    """The planned lot this item is a unit of (drawn, or taken from an every-unit line —
    its line item included), with the line's brand and model; None otherwise (an ordinary
    item, or a pending line whose category intake may still confirm)."""
    from appraiser.services.lots import lots  # lots builds on intake, which calls us

    found = lots.of_item(store, item_uid)
    if found is None:
        return None
    return lots.get(store, found["uid"])


def unit_of(store: Store, item: dict[str, Any]) -> dict[str, Any] | None:
    """For intake's screen: the lot (``lot_uid``, ``unit_no``, ``fixed`` field names) an
    item is a unit of, or None."""
    lot = lot_of_unit(store, item["uid"])
    if lot is None:
        return None
    fixed = [k for k, v in fixed_values(lot).items() if v is not None]
    return {"lot_uid": lot["uid"], "unit_no": item["attributes"].get("lot_unit"), "fixed": fixed}


def fixed_values(lot: dict[str, Any]) -> dict[str, Any]:
    """The lot's values of the fixed fields (None where the lot names none)."""
    return {k: lot.get(k) for k in FIXED}


def check_fixed(store: Store, item: dict[str, Any], changes: dict[str, Any]) -> None:
    """Refuse intake ``changes`` to a lot unit's fixed fields that contradict the lot,
    naming the lot and each field (a field the lot leaves empty may be filled in)."""
    touched = [k for k in FIXED if k in changes]
    if not touched:
        return
    lot = lot_of_unit(store, item["uid"])
    if lot is None:
        return
    fixed = fixed_values(lot)
    wrong = [k for k in touched if fixed[k] is not None and not _same(k, changes[k], fixed[k])]
    if not wrong:
        return
    unit = item["attributes"].get("lot_unit")
    who = f"Unit {unit} of lot {lot['uid']}" if unit else f"This unit of lot {lot['uid']}"
    said = "; ".join(f"{LABELS[k]} {fixed[k]} (not {changes[k]})" for k in wrong)
    raise InvalidInput(
        f"{who} is the lot's product: its {', '.join(LABELS[k] for k in wrong)} "
        f"cannot be changed ({said}).",
        hint=HINT,
    )


def carries_lot_product(store: Store, lot: dict[str, Any], item_uid: str) -> str | None:
    """None when the unit's item still carries the lot's GTIN; else why it does not."""
    if not lot.get("gtin"):
        return None
    row = store.one("SELECT gtin FROM items_current WHERE uid = ?", (item_uid,))
    gtin = row["gtin"] if row else None
    if _same("gtin", gtin, lot["gtin"]):
        return None
    return f"appraised as GTIN {gtin or '(none)'}, not the lot's product {lot['gtin']}"
