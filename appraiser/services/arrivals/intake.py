"""Intake: what the reference library knows about a GTIN, and the item details confirmed.

A known GTIN prefills brand, model and category (the category picks the checklist); an
unknown one means manual intake, and the product can be put on the library's "no match"
queue so the library keeper sources a genuine version of it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from appraiser.clock import now_iso
from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput, NotFound
from appraiser.services.admin.accounts import Session
from appraiser.services.casework.appraisals import ITEM_FIELDS, check_item_fields
from appraiser.storage.db import Store

EDITABLE = ITEM_FIELDS


@dataclass(frozen=True)
class Prefill:
    """The library's view of a GTIN: ``versions`` is empty for an unknown product."""

    gtin: str | None
    versions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.versions)

    def fields(self) -> dict[str, str]:
        if not self.versions:
            return {}
        best = self.versions[0]
        return {k: best[k] for k in ("brand", "model", "category") if best.get(k)}


def _has_library(store: Store) -> bool:
    return bool(store.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'reference_versions'"))


def lookup(store: Store, gtin: str | None) -> Prefill:
    """Active reference versions with this GTIN (leading zeros ignored), newest first."""
    if not gtin or not _has_library(store):
        return Prefill(gtin)
    rows = store.query(
        """SELECT version_id, brand, model, category, region, gtin, attributes
           FROM reference_versions
           WHERE active = 1 AND ltrim(gtin, '0') = ltrim(?, '0') ORDER BY id DESC""",
        (gtin,),
    )
    for row in rows:
        row["attributes"] = json.loads(row["attributes"] or "{}")
    return Prefill(gtin, rows)


def item(store: Store, uid: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM items_current WHERE uid = ?", (uid,))
    if row is None:
        raise NotFound(f"No item {uid}.")
    row["attributes"] = json.loads(row["attributes"] or "{}")
    return row


def check_category(category: str) -> Category:
    try:
        return Category(category)
    except ValueError:
        raise InvalidInput(
            f"{category!r} is not a category.", hint="Choose one of the listed categories."
        ) from None


def confirm_item(store: Store, session: Session, uid: str, changes: dict[str, Any]) -> int:
    """Store the details the appraiser confirmed as a new item revision (only if changed)."""
    current = item(store, uid)
    changes = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in changes.items()}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"unknown item fields: {', '.join(sorted(unknown))}")
    changes = check_item_fields(changes)
    if changes.get("category"):
        check_category(changes["category"])
    differs = {k: v for k, v in changes.items() if current.get(k) != v}
    if not differs:
        return current["revision"]
    from appraiser.services.lots import unit_identity  # lots build on intake

    unit_identity.check_fixed(store, current, differs)  # a lot's unit is the lot's product
    if differs.get("category"):  # a pending lot's category sets its inspection regime
        from appraiser.services.lots import category_choice  # lots build on intake

        category_choice.confirm_pending(store, session, current, differs)
    row = {k: current[k] for k in ("uid", *ITEM_FIELDS)}
    row.update(differs)
    row.update(
        revision=current["revision"] + 1,
        supersedes=current["id"],
        attributes=current["attributes"],
        created=now_iso(),
        created_by=session.user_id,
        reason="intake",
    )
    with store.atomic(session.actor) as tx:
        tx.insert("items", row, action="item.revised", uid=uid, fields=sorted(differs))
        if differs.get("category"):
            from appraiser.services.lots import lots  # lots build on intake, not the reverse

            lots.plan_pending(tx, session, uid, differs["category"])  # a pending lot's plan
    return row["revision"]


# An entry of the "no match" list stays open until the library gains (or re-imports) an
# active version with the entry's GTIN after the entry was made: a no_match of a known
# GTIN (new packaging, say) is news the keeper must see, an old version is not an answer.
NO_MATCH_OPEN = (
    "NOT EXISTS (SELECT 1 FROM reference_versions v WHERE v.active = 1"
    " AND ltrim(v.gtin, '0') = ltrim(q.gtin, '0') AND v.changed >= q.created)"
)


def no_match_entry(
    store: Store,
    *,
    gtin: str | None,
    brand: str | None = None,
    model: str | None = None,
    appraisal_uid: str | None = None,
) -> int | None:
    """The open entry of the "no match" list that already names this product — by GTIN,
    else by brand and model — or this case; None when it is not listed (so the intake and
    the compare step show one state for one item)."""
    if not _has_library(store):
        return None
    if appraisal_uid:
        found = store.one(
            "SELECT id FROM library_no_match WHERE appraisal_uid = ? LIMIT 1", (appraisal_uid,)
        )
        if found:
            return int(found["id"])
    if gtin:
        where, params = "ltrim(q.gtin, '0') = ltrim(?, '0')", (gtin,)
    elif brand or model:
        where = "q.gtin IS NULL AND lower(q.brand) IS lower(?) AND lower(q.model) IS lower(?)"
        params = (brand, model)
    else:
        return None  # nothing names the product: never taken for another unnamed one
    found = store.one(
        f"SELECT q.id FROM library_no_match q WHERE {where} AND {NO_MATCH_OPEN}"
        " ORDER BY q.id LIMIT 1",
        params,
    )
    return int(found["id"]) if found else None


def offer_no_match(
    store: Store,
    session: Session,
    *,
    gtin: str | None,
    brand: str | None,
    model: str | None,
    appraisal_uid: str | None = None,
    image_sha256: str | None = None,
    note: str = "",
) -> int | None:
    """Put an unidentified product on the library's no-match queue, once while it is open
    (``no_match_entry``); None when it already is. The intake offers it for an unknown GTIN,
    the compare step (``offer_case_no_match``) for a photo the engine matched to nothing."""
    if not _has_library(store):
        raise InvalidInput("This station has no reference library yet.")
    if no_match_entry(store, gtin=gtin, brand=brand, model=model, appraisal_uid=appraisal_uid):
        return None
    row = {
        "gtin": gtin,
        "brand": brand,
        "model": model,
        "appraisal_uid": appraisal_uid,
        "image_sha256": image_sha256,
        "note": note or "unknown GTIN at intake",
        "created": now_iso(),
        "actor": session.actor,
    }
    with store.atomic(session.actor) as tx:
        return tx.insert("library_no_match", row, action="library.no_match", gtin=gtin)


def case_product(store: Store, appraisal_uid: str) -> dict[str, Any]:
    """The GTIN, brand and model of the item a case appraises (what names it on the list)."""
    row = store.one(
        "SELECT i.gtin, i.brand, i.model FROM appraisals_current a"
        " JOIN items_current i ON i.uid = a.item_uid WHERE a.uid = ?",
        (appraisal_uid,),
    )
    if row is None:
        raise NotFound(f"No appraisal {appraisal_uid}.")
    return row


def case_no_match_entry(store: Store, appraisal_uid: str) -> int | None:
    """The entry that lists a case's item (by the case, its GTIN, or brand and model)."""
    product = case_product(store, appraisal_uid)
    return no_match_entry(store, **product, appraisal_uid=appraisal_uid)


def offer_case_no_match(
    store: Store, session: Session, appraisal_uid: str, candidates: list[dict] | None = None
) -> int | None:
    """The compare step's offer when the engine answered no_match: the case's item, the
    photo that was compared (the keeper sources the product from it) and the engine's
    nearest candidates (what it was confused with) in the note."""
    from appraiser.services.casework import bench  # casework builds on intake

    product = case_product(store, appraisal_uid)
    return offer_no_match(
        store,
        session,
        **product,
        appraisal_uid=appraisal_uid,
        image_sha256=bench.item_still(store, appraisal_uid),
        note=engine_note(candidates or []),
    )


def engine_note(candidates: list[dict]) -> str:
    """ "no_match at the compare step; nearest: V1 (14 points), V2 (9 points)"."""
    nearest = [
        f"{str(c.get('version_id'))[:80]} ({int(c.get('inliers') or 0)} points)"
        for c in candidates[:3]
        if isinstance(c, dict) and c.get("version_id")
    ]
    tail = "nearest: " + ", ".join(nearest) if nearest else "no candidate"
    return f"no_match at the compare step; {tail}"
