"""What the bench screen loads in one go, off the UI thread: an item with its library
prefill and case, the comparison material, the checklist answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from appraiser.errors import KnownError, NotFound
from appraiser.imaging import load_image
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import intake
from appraiser.services.arrivals.intake import Prefill
from appraiser.services.casework import appraisals, workflow
from appraiser.storage.db import Store


@dataclass(frozen=True)
class Opened:
    item: dict[str, Any]
    prefill: Prefill
    case: workflow.Case | None
    # The lot this item is a unit of (uid, unit_no): intake shows its product fields
    # read-only (issue 16 finding N2); None for an ordinary item.
    lot_unit: dict[str, Any] | None = None


def open_item(station: Station, item_uid: str, appraisal_uid: str | None = None) -> Opened:
    """The item and, if it has one, its latest case (an appraisal uid alone also works)."""
    store = station.store
    if appraisal_uid:
        case = workflow.load(store, appraisal_uid)
        return Opened(case.item, intake.lookup(store, case.item.get("gtin")), case)
    item = intake.item(store, item_uid)
    latest = store.one(
        "SELECT uid FROM appraisals WHERE item_uid = ? ORDER BY id DESC LIMIT 1", (item_uid,)
    )
    case = workflow.load(store, latest["uid"]) if latest else None
    if case is not None and case.state == "abandoned":
        case = None  # an abandoned case stays in the record; the item is appraised afresh
    from appraiser.services.lots import unit_identity  # lots build on casework

    lot_unit = unit_identity.unit_of(store, item)
    return Opened(item, intake.lookup(store, item.get("gtin")), case, lot_unit)


def references(station: Station, case: workflow.Case) -> list[dict[str, Any]]:
    """Candidate genuine versions for the compare step: by GTIN, else by brand and model."""
    store = station.store
    if not store.one("SELECT 1 AS x FROM sqlite_master WHERE name = 'reference_versions'"):
        return []
    rows = intake.lookup(store, case.item.get("gtin")).versions
    if not rows and case.item.get("brand"):
        rows = store.query(
            "SELECT version_id, brand, model, category, region FROM reference_versions "
            "WHERE active = 1 AND brand = ? AND (? IS NULL OR model = ?) LIMIT 12",
            (case.item["brand"], case.item.get("model"), case.item.get("model")),
        )
    for row in rows:
        row["image"] = _first_image(station, row["version_id"])
    return rows


def _first_image(station: Station, version_id: str) -> str | None:
    found = station.store.one(
        "SELECT i.sha256 FROM reference_images i JOIN reference_versions v "
        "ON v.id = i.version_row WHERE v.version_id = ? ORDER BY i.position LIMIT 1",
        (version_id,),
    )
    if found is None:
        return None
    try:
        from appraiser.library import store as lib_store

        return str(lib_store.images(station.data).path(found["sha256"]))
    except (ImportError, NotFound):
        return None


def item_artwork(station: Station, case: workflow.Case) -> np.ndarray | None:
    """The genuine reference the case claims to be, for a simulated camera to film."""
    for ref in references(station, case):
        if ref.get("image"):
            try:
                return load_image(ref["image"])
            except KnownError:
                continue
    return None


def item_photo(station: Station, uid: str) -> Path | None:
    """The first still of the case (the front view when there is one)."""
    sha = item_still(station.store, uid)
    return station.store.media.path(sha) if sha else None


def item_still(store: Store, uid: str) -> str | None:
    """The SHA-256 of the still the compare step compares (``item_photo``)."""
    stills = appraisals.media_of(store, uid, "still")
    stills.sort(key=lambda m: (m["view"] != "front", m["id"]))
    return stills[0]["media_sha256"] if stills else None
