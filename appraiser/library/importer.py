"""Importing a reference pack: validate everything, then store, then commit, then index.

All-or-nothing: every entry, file and ROI is checked before anything is written. Image
files and features are content-addressed, so work done before a failed commit is
harmless; the rows and their audit events go in one transaction; the index segment is
written after the commit and reconciled on open if the program stopped in between.
Re-importing the same pack finds every version unchanged and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from appraiser import heap, limits
from appraiser.clock import now_iso
from appraiser.imaging import load_image
from appraiser.library import store as lib_store
from appraiser.library.pack import (
    Manifest,
    PackError,
    PackSource,
    PackVersion,
    open_pack,
    read_manifest,
)
from appraiser.matching import features, globaldesc, threads, votes
from appraiser.matching.index import GlobalIndex
from appraiser.paths import DataDir
from appraiser.storage.db import Store

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    pack: str
    versions: int = 0
    added: int = 0
    unchanged: int = 0
    reactivated: int = 0
    images: int = 0
    seconds: float = 0.0
    added_ids: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Versions handled per second."""
        return self.versions / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {
            "pack": self.pack,
            "versions": self.versions,
            "added": self.added,
            "unchanged": self.unchanged,
            "reactivated": self.reactivated,
            "images": self.images,
            "seconds": round(self.seconds, 3),
            "versions_per_s": round(self.rate, 1),
        }


@dataclass
class _Checked:
    version: PackVersion
    digest: str
    shas: list[str]
    sizes: list[tuple[int, int]]


def _quiet(done: int, total: int, stage: str) -> None:
    return None


Prepare = Callable[[str, np.ndarray], None]


def _check_version(
    source: PackSource, version: PackVersion, index: int, prepare: Prepare | None = None
) -> _Checked:
    """Every file present and a real image; every ROI inside its image. ``prepare``
    gets each valid image's SHA-256 and pixels while they are decoded (the importer
    computes its features then, so no image is decoded twice)."""
    shas, sizes = [], []
    for j, image in enumerate(version.images):
        where = f"{version.where(index)}.images[{j}]"
        if not source.exists(image.file):
            raise PackError(f'{where}: file "{image.file}" is missing from the pack.')
        data = source.read(image.file)
        try:
            pixels = load_image(  # a 1-pixel "reference" would match nothing, for ever
                data,
                label=f'{where} file "{image.file}"',
                min_side=limits.MIN_REFERENCE_SIDE,
                max_aspect=limits.MAX_REFERENCE_ASPECT,
            )
        except PackError:
            raise
        except Exception as exc:  # InvalidInput from imaging, re-raised naming the entry
            raise PackError(str(getattr(exc, "message", exc))) from exc
        height, width = pixels.shape[:2]
        for k, roi in enumerate(image.rois):
            if roi.x + roi.w > width or roi.y + roi.h > height:
                raise PackError(
                    f'{where}.rois[{k}] ("{roi.name}") lies outside the {width}×{height} image.'
                )
        sha = hashlib.sha256(data).hexdigest()
        if prepare is not None:
            prepare(sha, pixels)
        shas.append(sha)
        sizes.append((width, height))
    return _Checked(version, _digest(version, shas), shas, sizes)


def _digest(version: PackVersion, shas: list[str]) -> str:
    """What a version *is*: its fields and its images' content, not the pack's file names."""
    doc = {
        "id": version.id,
        "brand": version.brand,
        "model": version.model,
        "category": version.category,
        "region": version.region,
        "gtin": version.gtin,
        "attributes": version.attributes,
        "images": [
            {"sha": s, "view": i.view, "rois": [r.as_dict() for r in i.rois]}
            for s, i in zip(shas, version.images, strict=True)
        ],
    }
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _existing(store: Store, ids: list[str]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.query(
            f"SELECT id, version_id, digest, active FROM reference_versions "
            f"WHERE version_id IN ({marks})",
            chunk,
        ):
            found[row["version_id"]] = row
    return found


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def validate(
    source: PackSource, progress: Progress = _quiet, prepare: Prepare | None = None
) -> tuple[Manifest, list[_Checked]]:
    """Check every entry, on a thread pool (decoding and SIFT release the GIL); the first
    bad entry *in pack order* is the one reported, and pending checks are cancelled."""
    manifest = read_manifest(source)
    total = len(manifest.versions)
    checked = []
    pool = ThreadPoolExecutor(_workers())
    try:
        jobs = pool.map(
            lambda pair: _check_version(source, pair[1], pair[0], prepare),
            enumerate(manifest.versions),
        )
        for i, item in enumerate(jobs):
            checked.append(item)
            if i % 25 == 0 or i + 1 == total:
                progress(i + 1, total, "validating")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return manifest, checked


class _Made:
    """Features (and global vectors) of the images this import described, kept in memory
    for the global index and the voting index: the importer used to read every fresh
    image's feature file back twice (~4 % of an import's CPU at 1,000 versions; issue 13
    item 6). Keyed by SHA-256 like the files, so versions sharing an image share it. The
    voting index holds all these descriptors anyway, so memory peaks no higher."""

    def __init__(self, data: DataDir) -> None:
        self.root = lib_store.features_root(data)
        self.feats: dict[str, features.Features] = {}
        self.vectors: dict[str, np.ndarray] = {}
        self.created: list[Path] = []  # files this import wrote, until its versions commit
        self._lock = threading.Lock()

    def wrote(self, path: Path) -> None:
        with self._lock:
            self.created.append(path)

    def discard(self) -> None:
        """Remove what an import that failed before committing wrote (a full disk left
        hundreds of orphan feature files that nothing else would ever remove)."""
        for path in self.created:
            path.unlink(missing_ok=True)
        self.created.clear()

    def prepare(self, sha: str, pixels: np.ndarray) -> None:
        """Features of an image the library has none for, saved as soon as it is decoded
        (content-addressed: harmless should the pack be refused later)."""
        target = features.feature_path(self.root, sha)
        if sha in self.feats or target.exists():
            return
        feats = features.extract(pixels)
        self.wrote(target)
        features.save(feats, target)
        self.vectors[sha] = globaldesc.describe(feats.root)
        self.feats[sha] = feats

    def vector(self, sha: str, raw: bytes) -> np.ndarray:
        """The image's global vector: made while validating, else from its stored
        features (an image the library already had), else from ``raw`` afresh."""
        known = self.vectors.get(sha)
        if known is not None:
            return known
        target = features.feature_path(self.root, sha)
        if target.exists():
            feats = features.load(target)
        else:
            feats = features.extract(load_image(raw))
            self.wrote(target)
            features.save(feats, target)
        return globaldesc.describe(feats.root)


def _store_files(
    data: DataDir, source: PackSource, item: _Checked, made: _Made
) -> list[np.ndarray]:
    """Copy the images into the library; returns their global vectors."""
    vectors = []
    image_store = lib_store.images(data)
    for image, sha in zip(item.version.images, item.shas, strict=True):
        raw = source.read(image.file)
        if not image_store.exists(sha):
            made.wrote(image_store.path(sha))
            image_store.put_bytes(raw)
        vectors.append(made.vector(sha, raw))
    return vectors


def _store_all(
    data: DataDir, source: PackSource, fresh: list[_Checked], made: _Made, progress: Progress
) -> list[list[np.ndarray]]:
    """Copying on threads (features and vectors were made while validating)."""
    out = []
    with ThreadPoolExecutor(_workers()) as pool:
        jobs = pool.map(lambda c: _store_files(data, source, c, made), fresh)
        for n, vectors in enumerate(jobs):
            out.append(vectors)
            if n % 10 == 0 or n + 1 == len(fresh):
                progress(n + 1, len(fresh), "importing")
    return out


def import_pack(
    store: Store, data: DataDir, pack: Path, actor: str, progress: Progress | None = None
) -> ImportReport:
    """Import a pack folder or .zip; see the module docstring for the guarantees."""
    progress = progress or _quiet
    threads.limit_kernels()  # parallel by images on the pool below, not inside each one
    heap.keep_freed_memory()  # SIFT's buffers are reused, not faulted in again per image
    started = time.perf_counter()
    made = _Made(data)
    try:
        staged = _stage(store, data, pack, made, progress)
        rows = _commit(store, staged, actor) if staged.fresh or staged.revive else []
    except BaseException:
        made.discard()  # nothing of this import is in the database: leave no files either
        raise
    if staged.fresh or staged.revive:
        index = GlobalIndex.open(lib_store.index_folder(data))
        _index_new(index, store, rows, staged.vectors)
        if staged.revive:
            index.set_removed({r["id"] for r in staged.revive}, removed=False)
        # the voting shortlist's index (issue 13), fed the features still in memory
        votes.open_local(store, data, known=made.feats)
    checked = staged.checked
    report = ImportReport(
        staged.manifest.name,
        versions=len(checked),
        added=len(staged.fresh),
        unchanged=len(checked) - len(staged.fresh) - len(staged.revive),
        reactivated=len(staged.revive),
        added_ids=[c.version.id for c in staged.fresh],
    )
    report.images = sum(len(c.shas) for c in staged.fresh)
    report.seconds = time.perf_counter() - started
    progress(len(checked), len(checked), "done")
    return report


@dataclass
class _Staged:
    """A validated pack whose new files are in the library, not yet in the database."""

    manifest: Manifest
    checked: list[_Checked]
    fresh: list[_Checked]
    revive: list[dict]
    vectors: list[list[np.ndarray]]


def _stage(store: Store, data: DataDir, pack: Path, made: _Made, progress: Progress) -> _Staged:
    with open_pack(Path(pack)) as source:
        manifest, checked = validate(source, progress, made.prepare)
        existing = _existing(store, [c.version.id for c in checked])
        for i, item in enumerate(checked):
            old = existing.get(item.version.id)
            if old and old["digest"] != item.digest:
                raise PackError(
                    f"{item.version.where(i)}: the library already holds a "
                    "different version under this id; remove it first."
                )
        fresh = [c for c in checked if c.version.id not in existing]
        revive = [
            existing[c.version.id]
            for c in checked
            if c.version.id in existing and not existing[c.version.id]["active"]
        ]
        vectors = _store_all(data, source, fresh, made, progress)
    return _Staged(manifest, checked, fresh, revive, vectors)


def _commit(store: Store, staged: _Staged, actor: str) -> list[int]:
    manifest, fresh, revive = staged.manifest, staged.fresh, staged.revive
    now = now_iso()
    rows = []
    with store.atomic(actor) as tx:
        for item in fresh:
            v = item.version
            row = tx.insert(
                "reference_versions",
                {
                    "version_id": v.id,
                    "brand": v.brand,
                    "model": v.model,
                    "category": v.category,
                    "region": v.region,
                    "gtin": v.gtin,
                    "attributes": v.attributes,
                    "pack_name": manifest.name,
                    "publisher": manifest.publisher,
                    "digest": item.digest,
                    "active": 1,
                    "created": now,
                    "actor": actor,
                    "changed": now,
                },
                action="library.version_added",
                version_id=v.id,
            )
            rows.append(row)
            for pos, (image, sha, size) in enumerate(
                zip(v.images, item.shas, item.sizes, strict=True)
            ):
                tx.insert(
                    "reference_images",
                    {
                        "version_row": row,
                        "position": pos,
                        "file": image.file,
                        "view": image.view,
                        "sha256": sha,
                        "width": size[0],
                        "height": size[1],
                        "rois": [r.as_dict() for r in image.rois],
                        "created": now,
                    },
                    action="library.image_added",
                )
        for old in revive:
            tx.update(
                "reference_versions",
                old["id"],
                {"active": 1, "changed": now, "reason": "re-imported"},
                action="library.version_restored",
                version_id=old["version_id"],
            )
        tx.event(
            "library.pack_imported",
            pack=manifest.name,
            publisher=manifest.publisher,
            added=len(fresh),
            restored=len(revive),
        )
    return rows


def _index_new(
    index: GlobalIndex, store: Store, rows: list[int], vectors: list[list[np.ndarray]]
) -> None:
    if not rows:
        return
    image_rows = store.query(
        "SELECT id, version_row FROM reference_images WHERE version_row >= ? AND "
        "version_row <= ? ORDER BY version_row, position",
        (min(rows), max(rows)),
    )
    by_version: dict[int, list[int]] = {}
    for r in image_rows:
        by_version.setdefault(r["version_row"], []).append(r["id"])
    ids, versions, vecs = [], [], []
    for row, group in zip(rows, vectors, strict=True):
        for image_id, vec in zip(by_version[row], group, strict=True):
            ids.append(image_id)
            versions.append(row)
            vecs.append(vec)
    index.add(np.array(ids), np.array(versions), np.stack(vecs))
