"""Local features: SIFT keypoints with RootSIFT descriptors, saved per reference image.

Reference features are computed once at import and kept on disk (``library/features``)
so a query only reads the few it verifies. Descriptors are stored as the raw ``uint8``
SIFT values (half the size of float) and turned into RootSIFT when loaded.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FEATURES_VERSION = "sift1"
WORK_SIDE = 640  # longest side SIFT sees for a reference; larger images are reduced first
# A bench photo is reduced further: OpenCV's SIFT doubles its input before the first
# octave, so a 400 px photo already yields keypoints finer than the reference's print,
# at under two thirds of the cost of a 480 px one.
QUERY_SIDE = 400
REF_FEATURES = 700
QUERY_FEATURES = 1500
_LOCAL = threading.local()


@dataclass
class Features:
    """Keypoint positions (in the original image's pixels) and their descriptors."""

    points: np.ndarray  # (n, 2) float32
    raw: np.ndarray  # (n, 128) uint8
    size: tuple[int, int]  # (width, height) of the image they came from

    @property
    def root(self) -> np.ndarray:
        """RootSIFT (Arandjelović & Zisserman): Hellinger kernel via L1 norm + sqrt."""
        desc = self.raw.astype(np.float32)
        desc /= desc.sum(axis=1, keepdims=True) + 1e-7
        return np.sqrt(desc)

    def __len__(self) -> int:
        return len(self.points)


def extract_query(image: np.ndarray) -> Features:
    return extract(image, QUERY_FEATURES, QUERY_SIDE)


def _sift(limit: int) -> cv2.SIFT:
    cache = getattr(_LOCAL, "sift", None)
    if cache is None:
        cache = _LOCAL.sift = {}
    if limit not in cache:
        cache[limit] = cv2.SIFT_create(nfeatures=limit, contrastThreshold=0.03)
    return cache[limit]


def to_gray(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image


def extract(image: np.ndarray, limit: int = REF_FEATURES, side: int = WORK_SIDE) -> Features:
    """SIFT on a copy reduced to ``side``; points scaled back to the input's pixels."""
    gray = to_gray(image)
    height, width = gray.shape
    scale = min(1.0, side / max(height, width))
    if scale < 1.0:
        gray = cv2.resize(
            gray, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    keypoints, desc = _sift(limit).detectAndCompute(gray, None)
    if desc is None or not keypoints:
        return Features(np.zeros((0, 2), np.float32), np.zeros((0, 128), np.uint8), (width, height))
    points = np.float32([kp.pt for kp in keypoints]) / scale
    raw = np.clip(np.round(desc), 0, 255).astype(np.uint8)
    return Features(points, raw, (width, height))


def feature_path(root: Path, sha256: str) -> Path:
    return root / FEATURES_VERSION / sha256[:2] / f"{sha256}.npz"


def save(features: Features, path: Path) -> None:
    """Write atomically: a crash leaves either no file or a whole one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    np.savez(
        buffer,
        points=features.points.astype(np.float32),
        raw=features.raw,
        size=np.int32(features.size),
    )
    temp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    temp.write_bytes(buffer.getvalue())
    os.replace(temp, path)


def load(path: Path) -> Features:
    with np.load(path) as data:
        return Features(data["points"], data["raw"], tuple(int(v) for v in data["size"]))
