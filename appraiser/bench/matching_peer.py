"""The naive peer: brute-force SIFT + RANSAC against every reference, no index.

Two uses. :func:`run_peer` times it on a small subset and extrapolates linearly to the
library size (its cost is exactly linear in the number of references). :class:`Peer`
answers like ``match --json`` on a whole world library (identification by the most
RANSAC inliers, ``no_match`` under :data:`MIN_INLIERS`, and a plain comparison: the
reference warped onto the photo, locally normalised difference, its largest blob as the
region), so the worlds table shows what a straightforward method gets on the same data.
Its constants are fixed here and were never fitted on any world.
"""

from __future__ import annotations

import time

import cv2
import numpy as np

from appraiser.matching import features

MIN_INLIERS = 15  # fewer RANSAC inliers than this: no_match
DEVIATION_SCALE = 0.35  # normalised difference that maps to deviation 0.63
FLAG_AT = 0.5
TOP = 10


def _match_one(matcher, qdesc, qpts, ref: features.Features):
    """(inliers, homography reference → photo) of one reference."""
    if len(ref.raw) < 2 or len(qdesc) < 2:
        return 0, None
    pairs = matcher.knnMatch(qdesc, ref.raw.astype(np.float32), k=2)
    good = [m for m, n in (p for p in pairs if len(p) == 2) if m.distance < 0.8 * n.distance]
    if len(good) < 8:
        return 0, None
    src = ref.points[[m.trainIdx for m in good]].reshape(-1, 1, 2)
    dst = qpts[[m.queryIdx for m in good]].reshape(-1, 1, 2)
    hom, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
    return (int(mask.sum()), hom) if mask is not None and hom is not None else (0, None)


def _normalised(gray: np.ndarray) -> np.ndarray:
    g = gray.astype(np.float32)
    mean = cv2.GaussianBlur(g, (0, 0), 6)
    std = np.sqrt(np.maximum(cv2.GaussianBlur(g * g, (0, 0), 6) - mean * mean, 0)) + 12.0
    return (g - mean) / std


def compare(photo: np.ndarray, reference: np.ndarray, hom: np.ndarray):
    """(deviation, regions in reference pixels) of the reference warped onto the photo."""
    h, w = photo.shape[:2]
    warped = cv2.warpPerspective(features.to_gray(reference), hom, (w, h))
    inside = cv2.warpPerspective(np.full(reference.shape[:2], 255, np.uint8), hom, (w, h))
    inside = cv2.erode(inside, np.ones((7, 7), np.uint8)) > 0
    if inside.sum() < 400:
        return 1.0, []
    diff = np.abs(_normalised(features.to_gray(photo)) - _normalised(warped))
    diff = cv2.GaussianBlur(diff, (0, 0), 2) * inside
    level = float(np.percentile(diff[inside], 99.5))
    deviation = 1.0 - float(np.exp(-level / DEVIATION_SCALE / 3.0))
    blobs = (diff > max(0.8, np.percentile(diff[inside], 99))).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs)
    regions = []
    inv = np.linalg.inv(hom)
    for i in sorted(range(1, count), key=lambda i: -stats[i, cv2.CC_STAT_AREA])[:3]:
        x, y, bw, bh = (int(v) for v in stats[i, :4])
        corners = np.float32([[x, y], [x + bw, y], [x + bw, y + bh], [x, y + bh]])
        ref_pts = cv2.perspectiveTransform(corners.reshape(-1, 1, 2), inv).reshape(-1, 2)
        x0, y0 = ref_pts.min(axis=0)
        x1, y1 = ref_pts.max(axis=0)
        regions.append({"x": int(x0), "y": int(y0), "w": int(x1 - x0), "h": int(y1 - y0)})
    return deviation, regions


class Peer:
    """Brute force over a whole library: ``refs`` = version id → (features, image BGR)."""

    def __init__(self, refs: dict[str, tuple[features.Features, np.ndarray]]) -> None:
        self.refs = refs
        self.matcher = cv2.BFMatcher(cv2.NORM_L2)

    def match(self, photo: np.ndarray) -> dict:
        started = time.perf_counter()
        query = features.extract_query(photo)
        qdesc = query.raw.astype(np.float32)
        scored = []
        for vid, (feats, _) in self.refs.items():
            inliers, hom = _match_one(self.matcher, qdesc, query.points, feats)
            scored.append((inliers, vid, hom))
        scored.sort(key=lambda s: -s[0])
        best_inliers, best, hom = scored[0]
        deviation, regions, suggestion = None, [], "no_match"
        if best_inliers >= MIN_INLIERS:
            deviation, regions = compare(photo, self.refs[best][1], hom)
            suggestion = "deviates" if deviation >= FLAG_AT else "consistent"
        return {
            "ms": (time.perf_counter() - started) * 1000,
            "candidates": [
                {"version_id": v, "score": round(n / (n + 25.0), 4), "inliers": n}
                for n, v, _ in scored[:TOP]
                if n > 0
            ],
            "deviation": deviation,
            "regions": regions,
            "suggestion": suggestion,
        }


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
        scores = {
            vid: _match_one(matcher, qdesc, query.points, ref)[0] for vid, ref in refs.items()
        }
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
