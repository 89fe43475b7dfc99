"""The naive peer: brute-force SIFT + RANSAC against every reference, no index.

Timed on a small subset of references and extrapolated linearly to the library size
(its cost is exactly linear in the number of references; nothing is cached between
references except the query's own features)."""

from __future__ import annotations

import time

import cv2
import numpy as np

from appraiser.matching import features


def _match_one(matcher, qdesc, qpts, ref: features.Features) -> int:
    pairs = matcher.knnMatch(qdesc, ref.raw.astype(np.float32), k=2)
    good = [m for m, n in (p for p in pairs if len(p) == 2) if m.distance < 0.8 * n.distance]
    if len(good) < 8:
        return 0
    src = ref.points[[m.trainIdx for m in good]].reshape(-1, 1, 2)
    dst = qpts[[m.queryIdx for m in good]].reshape(-1, 1, 2)
    _, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
    return int(mask.sum()) if mask is not None else 0


def run_peer(
    photos: list[np.ndarray],
    truths: list[str],
    refs: dict[str, features.Features],
    library_size: int,
) -> dict:
    """Per-query time against ``len(refs)`` references, extrapolated to ``library_size``."""
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    per_ref, extract_ms, hits = [], [], 0
    for photo, truth in zip(photos, truths, strict=True):
        started = time.perf_counter()
        query = features.extract_query(photo)
        qdesc = query.raw.astype(np.float32)
        extract_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        scores = {vid: _match_one(matcher, qdesc, query.points, ref) for vid, ref in refs.items()}
        per_ref.append((time.perf_counter() - started) * 1000 / len(refs))
        hits += max(scores, key=scores.get) == truth
    ms_per_ref = float(np.median(per_ref))
    return {
        "subset_refs": len(refs),
        "queries": len(photos),
        "ms_per_reference": round(ms_per_ref, 2),
        "subset_recall_at_1": round(hits / len(photos), 4),
        "extrapolated_ms_per_query": round(
            float(np.median(extract_ms)) + ms_per_ref * library_size, 1
        ),
    }
