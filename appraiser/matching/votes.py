"""The shortlist by local-feature voting: every reference descriptor in one faiss index.

Why not the global VLAD vector alone: its codebook and whitening were fitted on the
project's own generator, and on photos of other kinds of artwork the true version fell
out of its shortlist (issue 13). Here each RootSIFT descriptor of the photo looks up its
``K`` nearest reference descriptors and votes for their images; nothing is learned from
any generator (RootSIFT is a fixed transform; the coarse cells of a large index are
fitted on the library's own descriptors when it is built).

A vote weighs how much closer the neighbour is than the ``K+1``-th one (Jégou et al.'s
kNN voting): a descriptor every brand-mate shares (a border, a house font) has many
equally close neighbours and gives almost nothing, a distinctive one gives a lot. Each
photo descriptor votes once per image (its best neighbour there), and an image's sum is
divided by the square root of its descriptor count so busy artworks do not win by size.

The neighbours are kept on the :class:`Votes` result: the decision reuses them to tell
which verified inliers are distinctive (``engine``).

The index lives in ``library/index/local/``: a faiss index whose ids are image ids, plus
the list of image ids it holds. It is a cache of the stored features: ``sync`` adds any
image the database has and it lacks; inactive versions are filtered when voting.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from appraiser.fsio import write_atomic
from appraiser.library import store as lib_store
from appraiser.matching import features, threads
from appraiser.paths import DataDir
from appraiser.storage.db import Store

log = logging.getLogger(__name__)

K = 10  # neighbours per photo descriptor; the K+1-th is the "background" distance
DIM = 128
# Descriptors: exact search below (a few small libraries), an inverted file above. At
# 200 versions (~90,000 descriptors) exact search costs seconds per photo; the IVF ~20 ms
# with the same shortlist (tuning worlds).
FLAT_MAX = 20_000
NPROBE = 12
# Past ~100,000 versions the cells hold 4-bit product-quantised codes scanned with SIMD
# (faiss "fast scan", 16 bytes a descriptor instead of SQ8's 128, which would need >5 GB
# of RAM there). Not sooner: at 1,000 versions with clustered distractors fast scan voted
# in 22 instead of 69 ms CPU with the true image still shortlisted, but its approximate
# distances blur "nearest to this product, not a brand-mate" (``distinct``): 60 % of
# genuine photos answered no_match instead of 10 % (``python -m appraiser.bench scale``).
PQ_MIN = 40_000_000
RETRAIN_GROWTH = 4.0  # the IVF cells are refitted when the index has grown this much
LAYOUT = "local1"  # bump when the stored layout or descriptor transform changes


@dataclass
class Votes:
    """Per-image scores and the photo descriptors' neighbours (image ids, distances)."""

    scores: dict[int, float]
    neighbours: np.ndarray  # (n, K+1) image ids, -1 where none
    distances: np.ndarray  # (n, K+1) squared L2

    def ranked(self, limit: int) -> list[int]:
        return [i for i, _ in sorted(self.scores.items(), key=lambda kv: -kv[1])[:limit]]


def rootsift(raw: np.ndarray) -> np.ndarray:
    desc = raw.astype(np.float32)
    desc /= desc.sum(axis=1, keepdims=True) + 1e-7
    return np.ascontiguousarray(np.sqrt(desc))


def _flat() -> faiss.Index:
    return faiss.IndexIDMap2(faiss.IndexFlatL2(DIM))


def _ivf(sample: np.ndarray, total: int) -> faiss.Index:
    """An IVF with scalar-quantised vectors (product-quantised past ``PQ_MIN``), its
    cells fitted on the library's own descriptors (about 3·sqrt(n) cells, 32 training
    points each: fitting dominates an import's indexing time, and 4·sqrt(n) with 40
    points shortlisted no better on the tuning worlds)."""
    cells = int(min(65_536, max(256, 3 * np.sqrt(total))))
    codes = "PQ32x4fs" if total >= PQ_MIN else "SQ8"
    index = faiss.index_factory(DIM, f"IVF{cells},{codes}")
    clustering = faiss.extract_index_ivf(index).cp
    clustering.niter = 10
    # 32 points per cell is the plan; faiss would print a warning on every import for
    # fewer than its default 39 (only a warning: the clustering is the same)
    clustering.min_points_per_centroid = 1
    rng = np.random.default_rng(0)
    take = min(len(sample), cells * 32)
    index.train(sample[rng.choice(len(sample), take, replace=False)])
    faiss.extract_index_ivf(index).nprobe = NPROBE
    return index


class LocalIndex:
    """Every reference descriptor, voted on by a photo's descriptors."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index: faiss.Index = _flat()
        self.image_ids: set[int] = set()
        self.counts: dict[int, int] = {}
        self.active: set[int] | None = None  # None: every indexed image may be voted for
        self.trained_at = 0  # descriptors when the IVF cells were fitted
        self._lock = threading.Lock()

    # -- persistence -------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path) -> LocalIndex:
        out = cls(folder)
        meta_path, index_path = folder / "meta.json", folder / "index.faiss"
        if meta_path.exists() and index_path.exists():
            meta = json.loads(meta_path.read_text())
            if meta.get("layout") == LAYOUT:
                out.index = faiss.read_index(str(index_path))
                out.counts = {int(k): int(v) for k, v in meta["counts"].items()}
                out.trained_at = int(meta.get("trained_at", 0))
                out.image_ids = set(out.counts)
                if isinstance(out.index, faiss.IndexIVF) or faiss.try_extract_index_ivf(out.index):
                    faiss.extract_index_ivf(out.index).nprobe = NPROBE
        return out

    def save(self) -> None:
        """The index file first, then the meta naming what it holds (both atomic)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f"index.{os.getpid()}.{threading.get_ident()}.tmp"
        faiss.write_index(self.index, str(temp))
        os.replace(temp, self.folder / "index.faiss")
        meta = {
            "layout": LAYOUT,
            "trained_at": self.trained_at,
            "counts": {str(k): v for k, v in self.counts.items()},
        }
        write_atomic(self.folder / "meta.json", json.dumps(meta).encode())

    # -- building ----------------------------------------------------------------------
    def add(self, image_ids: list[int], feats: list[features.Features], expected: int = 0) -> None:
        """Add images; past ``FLAT_MAX`` descriptors the whole index becomes an IVF, its
        cells sized for ``expected`` descriptors when more are about to follow."""
        descs = [rootsift(f.raw) for f in feats]
        if not descs:
            return
        vectors = np.concatenate(descs)
        ids = np.concatenate(
            [np.full(len(d), i, np.int64) for i, d in zip(image_ids, descs, strict=True)]
        )
        with self._lock:
            total = self.index.ntotal + len(vectors)
            if not faiss.try_extract_index_ivf(self.index) and total > FLAT_MAX:
                self._become_ivf(vectors, ids, max(total, expected))
            else:
                self.index.add_with_ids(vectors, ids)
            for image_id, d in zip(image_ids, descs, strict=True):
                self.counts[int(image_id)] = len(d)
                self.image_ids.add(int(image_id))

    def _become_ivf(self, vectors: np.ndarray, ids: np.ndarray, total: int) -> None:
        old = self.index
        old_vectors = old.index.reconstruct_n(0, old.ntotal) if old.ntotal else vectors[:0]
        old_ids = faiss.vector_to_array(old.id_map) if old.ntotal else ids[:0]
        every = np.concatenate([old_vectors, vectors])
        self.index = _ivf(every, total)
        self.trained_at = total
        self.index.add_with_ids(every, np.concatenate([old_ids, ids]))

    # -- voting ------------------------------------------------------------------------
    def _active_sorted(self) -> np.ndarray:
        key = id(self.active)
        if getattr(self, "_active_key", None) != key:
            self._active_key = key
            self._active_array = np.sort(np.fromiter(self.active or (), np.int64))
        return self._active_array

    def vote(self, raw: np.ndarray) -> Votes:
        """Score every image the photo's descriptors reach (see the module docstring)."""
        if self.index.ntotal == 0 or len(raw) == 0:
            empty = np.zeros((0, K + 1))
            return Votes({}, empty.astype(np.int64), empty.astype(np.float32))
        threads.limit_kernels()  # this thread may not be the one that opened the index
        dist, ids = self.index.search(rootsift(raw), K + 1)
        if self.active is not None:
            ids = np.where(np.isin(ids, self._active_sorted()), ids, -1)
        background = dist[:, K : K + 1]
        weight = np.maximum(background - dist[:, :K], 0.0).ravel()
        owner = ids[:, :K].ravel()
        row = np.repeat(np.arange(len(ids)), K)
        keep = (owner >= 0) & (weight > 0)
        owner, weight, row = owner[keep], weight[keep], row[keep]
        if not len(owner):  # nothing distinctive reached any image
            return Votes({}, ids, dist)
        # one vote per (photo descriptor, image): the best neighbour there
        order = np.lexsort((-weight, owner, row))
        owner, weight, row = owner[order], weight[order], row[order]
        first = np.r_[True, (row[1:] != row[:-1]) | (owner[1:] != owner[:-1])]
        images, inverse = np.unique(owner[first], return_inverse=True)
        sums = np.bincount(inverse, weights=weight[first])
        scores = {
            int(i): float(s) / np.sqrt(self.counts.get(int(i), 1))
            for i, s in zip(images, sums, strict=True)
        }
        return Votes(scores, ids, dist)


Known = dict[str, features.Features]  # features already in memory, by image SHA-256


def _load(
    rows: list[dict], features_root: Path, known: Known | None = None
) -> list[tuple[int, features.Features]]:
    """The features of ``rows``: from ``known`` when the caller still holds them (an
    import that just made them), else from their stored files."""
    known = known or {}
    out = []
    for r in rows:
        feats = known.get(r["sha256"])
        if feats is None:
            path = features.feature_path(features_root, r["sha256"])
            if not path.exists():
                continue
            feats = features.load(path)
        out.append((int(r["id"]), feats))
    return out


def _add_all(index: LocalIndex, loaded: list[tuple[int, features.Features]]) -> None:
    expected = index.index.ntotal + sum(len(f) for _, f in loaded)
    for start in range(0, len(loaded), 2000):
        part = loaded[start : start + 2000]
        index.add([i for i, _ in part], [f for _, f in part], expected)


def sync(
    index: LocalIndex, rows: list[dict], features_root: Path, known: Known | None = None
) -> int:
    """Add the images of ``rows`` (id, sha256, active) the index lacks and set the active
    filter; refit the IVF cells from scratch once the index has grown ``RETRAIN_GROWTH``
    times since they were fitted. ``known`` holds features the caller has in memory
    (the same arrays their files hold). Returns how many images were added (the caller
    saves when any were)."""
    missing = [r for r in rows if int(r["id"]) not in index.image_ids]
    loaded = _load(missing, features_root, known)
    _add_all(index, loaded)
    if index.trained_at and index.index.ntotal > RETRAIN_GROWTH * index.trained_at:
        log.info("local index grew %.0fx since its cells were fitted; refitting", RETRAIN_GROWTH)
        fresh = LocalIndex(index.folder)
        _add_all(fresh, _load(rows, features_root, known))
        index.index, index.counts = fresh.index, fresh.counts
        index.image_ids, index.trained_at = fresh.image_ids, fresh.trained_at
        loaded = loaded or [(0, None)]  # saved by the caller
    active = {int(r["id"]) for r in rows if r["active"]}
    index.active = None if active >= index.image_ids else active
    return len(loaded)


def open_local(store: Store, data: DataDir, known: Known | None = None) -> LocalIndex:
    """The local-descriptor index, brought up to date with the library and saved when it
    changed (an import calls this, with the features it just made as ``known``, so the
    first photo after it does not pay for it). Whoever opens it is about to match:
    kernels run single-threaded (``threads``)."""
    threads.limit_kernels()
    index = LocalIndex.open(lib_store.index_folder(data) / "local")
    rows = store.query(
        "SELECT i.id, i.sha256, v.active FROM reference_images i"
        " JOIN reference_versions v ON v.id = i.version_row"
    )
    if sync(index, rows, lib_store.features_root(data), known):
        index.save()
    return index
