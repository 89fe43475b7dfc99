"""The compare view's background work: plain data in, plain data out (no widgets).

One ``Matcher`` per data folder is kept so the index is loaded once; it is dropped when
the library changes.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from appraiser.imaging import load_image
from appraiser.library import store as lib_store
from appraiser.matching.engine import Matcher
from appraiser.matching.text import ToPhoto, homography_over
from appraiser.services.admin.station import Station
from appraiser.services.casework import bench

_lock = threading.Lock()
_matchers: dict[str, Matcher] = {}


def matcher_for(station: Station) -> Matcher:
    key = str(station.data.root)
    with _lock:
        if key not in _matchers:
            _matchers[key] = Matcher(station.store, station.data)
        return _matchers[key]


def forget(station: Station) -> None:
    with _lock:
        _matchers.pop(str(station.data.root), None)


@dataclass
class Analysis:
    """Everything the compare view shows, computed off the UI thread."""

    result: dict[str, Any]
    photo: np.ndarray
    reference: np.ndarray | None = None
    aligned: np.ndarray | None = None  # photo warped onto the reference, reference size
    heatmap: np.ndarray | None = None  # colour heatmap, reference size
    # reference -> photo pixels: one homography, or the one over a given box (a label
    # round a bottle, ``Candidate.to_photo``)
    homography: ToPhoto | None = None
    version: dict[str, Any] = field(default_factory=dict)
    hatch: np.ndarray | None = None  # BGRA hatching over what was not inspected, reference size

    def photo_box(self, region: dict[str, Any]) -> tuple[float, float, float, float] | None:
        """A reference-space region mapped into the photo (its bounding box)."""
        if self.homography is None:
            return None
        x, y, w, h = (region[k] for k in ("x", "y", "w", "h"))
        corners = np.float32([[x, y], [x + w, y], [x + w, y + h], [x, y + h]]).reshape(-1, 1, 2)
        to_photo = homography_over(self.homography, (x, y, w, h))
        mapped = cv2.perspectiveTransform(corners, to_photo).reshape(-1, 2)
        lo, hi = mapped.min(0), mapped.max(0)
        return float(lo[0]), float(lo[1]), float(hi[0] - lo[0]), float(hi[1] - lo[1])


def analyse(
    station: Station,
    source: Path | np.ndarray,
    version_id: str | None = None,
    gtin: str | None = None,
) -> Analysis:
    """Identify and compare one photo; the heavy lifting of the compare view."""
    matcher = matcher_for(station)
    photo = source if isinstance(source, np.ndarray) else load_image(source, over_white=True)
    match = matcher.match(photo, version_id=version_id or None, gtin=gtin or None)
    result = match.as_dict()
    result["image"] = str(source) if not isinstance(source, np.ndarray) else "<image>"
    best = match.best
    if best is None or best.comparison is None:
        return Analysis(result, photo)
    reference = load_image(lib_store.images(station.data).path(best.image["sha256"]))
    size = (reference.shape[1], reference.shape[0])
    aligned = cv2.resize(best.comparison.aligned, size, interpolation=cv2.INTER_LINEAR)
    heat = (np.clip(best.comparison.heatmap, 0, 1) * 255).astype(np.uint8)
    heat = cv2.resize(heat, size)
    alpha = np.clip(heat.astype(np.float32) * 2.2, 0, 255).astype(np.uint8)
    heatmap = np.dstack([cv2.applyColorMap(heat, cv2.COLORMAP_INFERNO), alpha])
    version = (
        station.store.one(
            "SELECT version_id, brand, model, region, gtin FROM reference_versions WHERE id = ?",
            (best.version_row,),
        )
        or {}
    )
    hidden = best.comparison.hidden
    item = hidden.on_item if hidden is not None else None
    hatch = hatching(item, size) if item is not None and item.any() else None
    return Analysis(result, photo, reference, aligned, heatmap, best.to_photo(), version, hatch)


def hatching(mask: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Diagonal hatching (BGRA) over the not-inspected mask, scaled to ``size`` (w, h):
    the appraiser sees at once which parts of the item the engine did not judge."""
    shown = cv2.resize(mask.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    yy, xx = np.mgrid[0 : size[1], 0 : size[0]]
    stripe = ((xx + yy) // 5) % 3 == 0
    out = np.zeros((size[1], size[0], 4), np.uint8)
    out[shown] = (250, 250, 250, 70)  # a pale veil over the whole area
    out[shown & stripe] = (60, 20, 20, 200)  # and dark diagonal stripes
    return out


def appraisal_photo(station: Station, uid: str) -> tuple[Path | None, str | None]:
    """The photo to compare (the front view when there is one) and the item's GTIN."""
    item = station.store.one(
        "SELECT i.gtin FROM appraisals_current a JOIN items_current i ON i.uid = a.item_uid"
        " WHERE a.uid = ?",
        (uid,),
    )
    return bench.item_photo(station, uid), (item or {}).get("gtin")
