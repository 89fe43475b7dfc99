"""Library use cases: import, list, export and remove reference versions; open the index.

Writers take a Session, held to the rule book (DESIGN §3.4: supervisors and administrators
import and remove versions), and leave an audit event for every change. A plain actor name
is for jobs the station runs itself in-process (the demo library at first start, tests); no
front end passes one: the command line signs in like the GUI.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from appraiser.clock import now_iso
from appraiser.errors import InvalidInput, KnownError, NotFound
from appraiser.library import importer
from appraiser.library import store as lib_store
from appraiser.library.importer import ImportReport, Progress
from appraiser.library.pack import FORMAT, FORMAT_VERSION
from appraiser.matching import features, globaldesc
from appraiser.matching.index import GlobalIndex
from appraiser.paths import DataDir
from appraiser.services.admin import rules
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.rules import Action
from appraiser.services.arrivals import scanning
from appraiser.storage.db import Store

__all__ = [
    "ImportReport",
    "export_pack",
    "import_pack",
    "list_versions",
    "no_match_photo",
    "no_match_queue",
    "open_index",
    "queue_no_match",
    "remove_version",
    "version_images",
]


def _actor(store: Store, session_or_actor: Session | str, **detail: Any) -> str:
    if isinstance(session_or_actor, Session):
        return rules.require(store, session_or_actor, Action.LIBRARY, **detail).actor
    return session_or_actor


def import_pack(
    store: Store,
    data: DataDir,
    pack: Path,
    session_or_actor: Session | str,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a pack folder or .zip (supervisors and admins; a plain actor for system jobs)."""
    actor = _actor(store, session_or_actor, pack=Path(pack).name)
    return importer.import_pack(store, data, Path(pack), actor, progress)


@dataclass
class VersionRow:
    row: int
    version_id: str
    brand: str
    model: str
    category: str
    region: str | None
    gtin: str | None
    images: int
    pack_name: str
    created: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _gtin_digits(search: str) -> str | None:
    """The significant digits of a GTIN-like search (padding zeros dropped), else None."""
    text = search.strip()
    if not text.isdigit():
        try:
            text = scanning.parse(text).gtin
        except KnownError:
            return None
    return text.lstrip("0") or None


def list_versions(
    store: Store, search: str = "", *, limit: int | None = None, include_removed: bool = False
) -> list[VersionRow]:
    """Versions whose brand, model, GTIN, region or id contains ``search`` (any case).

    A GTIN matches in any of its forms (GTIN-8/12/13/14, bracketed GS1), because packs
    store the number as printed while the bench shows the 14-digit form everywhere.
    """
    where = [
        "(? = '' OR v.brand LIKE ? OR v.model LIKE ? OR v.gtin LIKE ? OR v.region LIKE ?"
        " OR v.version_id LIKE ? OR (? IS NOT NULL AND ltrim(v.gtin, '0') LIKE ?))"
    ]
    like = f"%{search.strip()}%"
    number = _gtin_digits(search)
    params: list[Any] = [search.strip(), like, like, like, like, like, number, f"%{number}%"]
    if not include_removed:
        where.append("v.active = 1")
    sql = (
        "SELECT v.id AS row, v.version_id, v.brand, v.model, v.category, v.region, v.gtin,"
        " v.pack_name, v.created, (SELECT COUNT(*) FROM reference_images i"
        " WHERE i.version_row = v.id) AS images FROM reference_versions v WHERE "
        + " AND ".join(where)
        + " ORDER BY v.brand, v.model, v.region, v.version_id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [VersionRow(**r) for r in store.query(sql, params)]


def version_images(store: Store, data: DataDir, row: int) -> list[dict[str, Any]]:
    """The images of one version with their stored path and decoded ROIs."""
    images = store.query(
        "SELECT id, position, file, view, sha256, width, height, rois FROM "
        "reference_images WHERE version_row = ? ORDER BY position",
        (row,),
    )
    for image in images:
        image["rois"] = json.loads(image["rois"])
        image["path"] = str(lib_store.images(data).path(image["sha256"]))
    return images


def _version(store: Store, version_id: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM reference_versions WHERE version_id = ?", (version_id,))
    if row is None:
        raise NotFound(f"No reference version {version_id!r} in the library.")
    return row


def remove_version(
    store: Store, data: DataDir, version_id: str, session_or_actor: Session | str, reason: str = ""
) -> None:
    """Take a version out of matching; the record stays (audited, restorable by re-import)."""
    actor = _actor(store, session_or_actor, version_id=version_id)
    row = _version(store, version_id)
    if not row["active"]:
        raise InvalidInput(f"The version {version_id!r} was already removed.")
    with store.atomic(actor) as tx:
        tx.update(
            "reference_versions",
            row["id"],
            {"active": 0, "changed": now_iso(), "reason": reason or "removed"},
            action="library.version_removed",
            version_id=version_id,
            reason=reason,
        )
    GlobalIndex.open(lib_store.index_folder(data)).set_removed({row["id"]}, removed=True)


def export_pack(
    store: Store, data: DataDir, target: Path, search: str = "", name: str = "Exported library"
) -> Path:
    """Write the active versions (optionally filtered) as a pack folder that re-imports."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise InvalidInput(f"The export folder {target} is not empty.")
    entries = []
    written: dict[str, str] = {}  # file name (case-folded) -> the content written there
    for version in list_versions(store, search):
        full = _version(store, version.version_id)
        images = []
        for image in version_images(store, data, version.row):
            file = _export_name(image["file"], image["sha256"], written)
            (target / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image["path"], target / file)
            images.append({"file": file, "view": image["view"], "rois": image["rois"]})
        entries.append(
            {
                "id": version.version_id,
                "brand": version.brand,
                "model": version.model,
                "category": version.category,
                "region": version.region,
                "gtin": version.gtin,
                "attributes": json.loads(full["attributes"]),
                "images": images,
            }
        )
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": name,
        "publisher": None,
        "created": now_iso(),
        "versions": entries,
    }
    target.mkdir(parents=True, exist_ok=True)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return target


def _export_name(file: str, sha256: str, written: dict[str, str]) -> str:
    """The pack file name of one image: its own where free; where another version's
    different picture already has that name (every pack calls its pictures
    ``front.png``), the same name under a folder named by its content."""
    name = file
    if written.get(name.casefold(), sha256) != sha256:
        path = Path(file)
        name = str(path.parent / sha256[:16] / path.name)
    written[name.casefold()] = sha256
    return name


def open_index(store: Store, data: DataDir) -> GlobalIndex:
    """Load the index and add any image the database holds but the index lacks (a crash
    between commit and index write), so the two always agree."""
    index = GlobalIndex.open(lib_store.index_folder(data))
    known = set(index.image_ids.tolist())
    rows = store.query("SELECT i.id, i.version_row, i.sha256 FROM reference_images i")
    missing = [r for r in rows if r["id"] not in known]
    if missing:
        vectors = []
        for r in missing:
            path = features.feature_path(lib_store.features_root(data), r["sha256"])
            if not path.exists():
                from appraiser.imaging import load_image

                features.save(
                    features.extract(load_image(lib_store.images(data).path(r["sha256"]))), path
                )
            vectors.append(globaldesc.describe(features.load(path).root))
        index.add(
            np.array([r["id"] for r in missing]),
            np.array([r["version_row"] for r in missing]),
            np.stack(vectors),
        )
    inactive = {r["id"] for r in store.query("SELECT id FROM reference_versions WHERE active = 0")}
    if inactive != index.removed:
        index.set_removed(index.removed - inactive, removed=False)
        index.set_removed(inactive, removed=True)
    return index


def queue_no_match(
    store: Store,
    session_or_actor: Session | str,
    *,
    gtin: str | None = None,
    brand: str | None = None,
    model: str | None = None,
    appraisal_uid: str | None = None,
    image_sha256: str | None = None,
    note: str = "",
) -> int:
    """Record a product the library could not identify, for the library keeper to source.

    Any signed-in role may report one; a product is queued once while its entry is open —
    the same rule as the bench's (``intake.no_match_entry``), so the shell and the bench
    agree on what is listed."""
    from appraiser.services.arrivals.intake import no_match_entry

    actor = session_or_actor.actor if isinstance(session_or_actor, Session) else session_or_actor
    known = no_match_entry(store, gtin=gtin, brand=brand, model=model, appraisal_uid=appraisal_uid)
    if known:
        return known
    row = {
        "gtin": gtin,
        "brand": brand,
        "model": model,
        "appraisal_uid": appraisal_uid,
        "image_sha256": image_sha256,
        "note": note,
        "created": now_iso(),
        "actor": actor,
    }
    with store.atomic(actor) as tx:
        return tx.insert("library_no_match", row, action="library.no_match_queued", gtin=gtin)


def no_match_photo(store: Store, entry: dict[str, Any]) -> str | None:
    """The bench photo the keeper sources an entry's product from: the entry's own (the
    compare step's), else the newest front-first still of a case of its GTIN — the intake
    lists a product before any photo of it exists, and the compare step then shows it as
    listed rather than listing it twice."""
    if entry.get("image_sha256") or not entry.get("gtin"):
        return entry.get("image_sha256")
    found = store.one(
        "SELECT m.media_sha256 FROM appraisal_media m"
        " JOIN appraisals_current a ON a.uid = m.appraisal_uid"
        " JOIN items_current i ON i.uid = a.item_uid"
        " WHERE m.role = 'still' AND ltrim(i.gtin, '0') = ltrim(?, '0')"
        " ORDER BY a.id DESC, m.view != 'front', m.id LIMIT 1",
        (entry["gtin"],),
    )
    return found["media_sha256"] if found else None


def no_match_queue(store: Store) -> list[dict[str, Any]]:
    """Queued products the library has not answered yet, oldest first: no active version
    with the entry's GTIN was imported since (``intake.NO_MATCH_OPEN``), so a no_match of a
    GTIN the library already had (new packaging) stays on the keeper's list."""
    from appraiser.services.arrivals.intake import NO_MATCH_OPEN

    return store.query(f"SELECT q.* FROM library_no_match q WHERE {NO_MATCH_OPEN} ORDER BY q.id")
