"""The global index: one 128-D float16 vector per reference image, in RAM.

Persisted in ``library/index`` as append-only segments (one per import) plus a small
file of removed versions, so an import writes only its own vectors. Below
``IVF_MIN`` vectors the search is exhaustive (a few ms); above it an inverted file
(k-means coarse cells, a handful probed per query) keeps the shortlist within 5 ms at
600,000 versions. The probed copy is float32, sorted by cell, so a probe is a slice and
one BLAS product: 460 MB at 600,000 (float16 halves that but each probe must then
convert, which costs more than the product). The coarse cells are retrained when the
index has grown fourfold.
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from appraiser.fsio import write_atomic
from appraiser.matching.globaldesc import DIM, model_id

log = logging.getLogger(__name__)

IVF_MIN = 40_000
NPROBE = 24
GROWTH_RETRAIN = 4.0


@dataclass
class Hit:
    image_id: int
    version_row: int
    similarity: float


def _npz(**arrays: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


class GlobalIndex:
    """Vectors, their image and version rows, removed versions, optional IVF cells."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.vectors = np.zeros((0, DIM), np.float16)
        self.image_ids = np.zeros(0, np.int64)
        self.version_rows = np.zeros(0, np.int64)
        self.removed: set[int] = set()
        self.centres: np.ndarray | None = None
        self.cells = np.zeros(0, np.int32)
        self._trained_at = 0
        self._alive = np.zeros(0, bool)
        self._order = np.zeros(0, np.int64)
        self._offsets = np.zeros(1, np.int64)
        self._sorted = np.zeros((0, DIM), np.float32)
        self._dense = np.zeros((0, DIM), np.float32)
        self._sorted_alive = np.zeros(0, bool)

    # -- persistence -----------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path) -> GlobalIndex:
        """Load the index; one built by another descriptor model is dropped (its vectors
        cannot be compared with new ones) and rebuilt from the stored features by
        ``services.library.open_index``."""
        index = cls(folder)
        folder.mkdir(parents=True, exist_ok=True)
        meta = index._meta()
        # The meta is written before the first segment, so segments without a meta, or a
        # meta without a model, come from before models were recorded: another model.
        has_segments = any(folder.glob("seg-*.npz"))
        recorded = meta.get("model") if meta else None
        if has_segments and recorded != model_id():
            log.warning("index built by descriptor model %s; rebuilding", recorded)
            index._discard()
            meta = {}
        index.removed = set(meta.get("removed", []))
        index._trained_at = int(meta.get("trained_at", 0))
        if (folder / "coarse.npy").exists():
            index.centres = np.load(folder / "coarse.npy")
        parts = [np.load(p) for p in sorted(folder.glob("seg-*.npz"))]
        if parts:
            index.vectors = np.concatenate([p["vectors"] for p in parts])
            index.image_ids = np.concatenate([p["image_ids"] for p in parts])
            index.version_rows = np.concatenate([p["version_rows"] for p in parts])
            if index.centres is not None:
                index.cells = np.concatenate([p["cells"] for p in parts]).astype(np.int32)
        index._refresh()
        return index

    def _meta(self) -> dict:
        path = self.folder / "meta.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def _write_meta(self) -> None:
        meta = {
            "removed": sorted(self.removed),
            "trained_at": self._trained_at,
            "dim": DIM,
            "model": model_id(),
        }
        write_atomic(self.folder / "meta.json", json.dumps(meta).encode())

    def _discard(self) -> None:
        """Remove every file of the index, the meta last: after a crash midway it still
        names the old model, so the next start discards what is left."""
        for path in sorted(self.folder.glob("seg-*.npz")):
            path.unlink()
        for name in ("coarse.npy", "meta.json"):
            (self.folder / name).unlink(missing_ok=True)

    def _next_segment(self) -> Path:
        existing = sorted(self.folder.glob("seg-*.npz"))
        number = int(existing[-1].stem.split("-")[1]) + 1 if existing else 1
        return self.folder / f"seg-{number:06d}.npz"

    # -- changes ---------------------------------------------------------------------
    def add(self, image_ids: np.ndarray, version_rows: np.ndarray, vectors: np.ndarray) -> None:
        """Append one import's vectors as a new segment (durable before it is used)."""
        if len(image_ids) == 0:
            return
        vectors = np.asarray(vectors, np.float16).reshape(-1, DIM)
        cells = self._assign(vectors) if self.centres is not None else np.zeros(0, np.int32)
        payload = _npz(
            vectors=vectors,
            image_ids=np.asarray(image_ids, np.int64),
            version_rows=np.asarray(version_rows, np.int64),
            cells=cells,
        )
        if not (self.folder / "meta.json").exists():
            self._write_meta()  # first: which descriptor model makes these vectors
        write_atomic(self._next_segment(), payload)
        self.vectors = np.concatenate([self.vectors, vectors])
        self.image_ids = np.concatenate([self.image_ids, image_ids]).astype(np.int64)
        self.version_rows = np.concatenate([self.version_rows, version_rows]).astype(np.int64)
        if self.centres is not None:
            self.cells = np.concatenate([self.cells, cells])
        self._maybe_train()
        self._refresh()

    def set_removed(self, version_rows: set[int], removed: bool) -> None:
        self.removed = self.removed | version_rows if removed else self.removed - version_rows
        self._write_meta()
        self._refresh()

    def compact(self) -> None:
        """Rewrite all segments as one (after retraining the coarse cells)."""
        old = sorted(self.folder.glob("seg-*.npz"))
        payload = _npz(
            vectors=self.vectors,
            image_ids=self.image_ids,
            version_rows=self.version_rows,
            cells=self.cells,
        )
        target = self._next_segment()
        write_atomic(target, payload)
        for path in old:
            path.unlink()

    # -- the inverted file -----------------------------------------------------------
    def _maybe_train(self) -> None:
        count = len(self.vectors)
        if count < IVF_MIN or (self._trained_at and count < GROWTH_RETRAIN * self._trained_at):
            return
        self.train(count)

    def train(self, count: int | None = None) -> None:
        """k-means on a sample gives the coarse cells; every vector is then assigned."""
        count = count or len(self.vectors)
        cells = int(min(2048, max(64, 2 ** round(np.log2(np.sqrt(count) * 1.3)))))
        rng = np.random.default_rng(0)
        sample = self.vectors[rng.choice(count, min(count, 40 * cells), replace=False)]
        criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 12, 1e-3)
        cv2.setRNGSeed(0)
        _, _, centres = cv2.kmeans(
            sample.astype(np.float32),
            cells,
            None,
            criteria,
            1,
            cv2.KMEANS_PP_CENTERS if cells <= 256 else cv2.KMEANS_RANDOM_CENTERS,
        )
        self.centres = centres / (np.linalg.norm(centres, axis=1, keepdims=True) + 1e-7)
        self.cells = self._assign(self.vectors)
        self._trained_at = count
        np.save(self.folder / "coarse.npy", self.centres)
        self.compact()
        self._write_meta()

    def _assign(self, vectors: np.ndarray) -> np.ndarray:
        assert self.centres is not None
        out = np.empty(len(vectors), np.int32)
        for start in range(0, len(vectors), 65536):
            chunk = vectors[start : start + 65536].astype(np.float32)
            out[start : start + 65536] = (chunk @ self.centres.T).argmax(1)
        return out

    def _refresh(self) -> None:
        if self.removed:
            self._alive = ~np.isin(self.version_rows, np.fromiter(self.removed, np.int64))
        else:
            self._alive = np.ones(len(self.version_rows), bool)
        # float16 -> float32 is slow in numpy; exhaustive search keeps a float32 copy.
        self._dense = (
            self.vectors.astype(np.float32)
            if self.centres is None
            else np.zeros((0, DIM), np.float32)
        )
        if self.centres is not None:
            # Keep each cell's vectors contiguous: a probe is then a slice, not a gather.
            self._order = np.argsort(self.cells, kind="stable")
            self._sorted = self.vectors[self._order].astype(np.float32)
            self._sorted_alive = self._alive[self._order]
            counts = np.bincount(self.cells, minlength=len(self.centres))
            self._offsets = np.concatenate([[0], np.cumsum(counts)])

    # -- queries ---------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._alive.sum())

    def ram_bytes(self) -> int:
        arrays = [
            self.vectors,
            self.image_ids,
            self.version_rows,
            self.cells,
            self._alive,
            self._order,
            self._offsets,
            self._sorted,
            self._sorted_alive,
            self._dense,
        ]
        extra = self.centres.nbytes if self.centres is not None else 0
        return int(sum(a.nbytes for a in arrays) + extra)

    def _probe(self, query: np.ndarray, nprobe: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and similarities of the live vectors in the ``nprobe`` nearest cells: one
        small matrix-vector product per cell, on float32 slices (no copy, no cast)."""
        assert self.centres is not None
        near = np.argpartition(-(self.centres @ query), min(nprobe, len(self.centres) - 1))
        spans = [slice(self._offsets[c], self._offsets[c + 1]) for c in near[:nprobe]]
        sims = np.concatenate([self._sorted[s] @ query for s in spans])
        rows = np.concatenate([self._order[s] for s in spans])
        keep = np.concatenate([self._sorted_alive[s] for s in spans])
        return rows[keep], sims[keep]

    def search(self, query: np.ndarray, k: int = 20, nprobe: int = NPROBE) -> list[Hit]:
        """The ``k`` most similar live images, best first."""
        query = np.asarray(query, np.float32)
        if self.centres is not None:
            rows, sims = self._probe(query, nprobe)
        else:
            sims = self._dense @ query if len(self._dense) else np.zeros(0)
            rows = np.arange(len(sims))
            keep = self._alive[rows]
            rows, sims = rows[keep], sims[keep]
        if len(rows) > k:
            top = np.argpartition(-sims, k)[:k]
            rows, sims = rows[top], sims[top]
        order = np.argsort(-sims)
        return [
            Hit(int(self.image_ids[r]), int(self.version_rows[r]), float(s))
            for r, s in zip(rows[order], sims[order], strict=True)
        ]
