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


def offer_no_match(
    store: Store,
    session: Session,
    *,
    gtin: str | None,
    brand: str | None,
    model: str | None,
    appraisal_uid: str | None = None,
    note: str = "",
) -> int | None:
    """Put an unidentified product on the library's no-match queue (once per GTIN/case)."""
    if not _has_library(store):
        raise InvalidInput("This station has no reference library yet.")
    duplicate = store.one(
        "SELECT id FROM library_no_match WHERE gtin IS ? AND appraisal_uid IS ?",
        (gtin, appraisal_uid),
    )
    if duplicate:
        return None
    row = {
        "gtin": gtin,
        "brand": brand,
        "model": model,
        "appraisal_uid": appraisal_uid,
        "note": note or "unknown GTIN at intake",
        "created": now_iso(),
        "actor": session.actor,
    }
    with store.atomic(session.actor) as tx:
        return tx.insert("library_no_match", row, action="library.no_match", gtin=gtin)
