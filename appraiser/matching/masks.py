"""Pixel and mask helpers the not-inspected detectors share: a grey view, a blur, and the
few morphology steps (grow, components, joined) every cue is built from."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def gray(img: np.ndarray) -> np.ndarray:
    """Luma of a BGR image of any dtype, clipped to 0..255, as float32."""
    return cv2.cvtColor(np.clip(img, 0, 255).astype(np.uint8), cv2.COLOR_BGR2GRAY).astype(
        np.float32
    )


def disk(radius: int) -> np.ndarray:
    side = 2 * max(1, radius) + 1
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side))


def grow(mask: np.ndarray, radius: int) -> np.ndarray:
    return cv2.dilate(mask.astype(np.uint8), disk(radius)) > 0


def components(mask: np.ndarray, min_area: int) -> Iterator[np.ndarray]:
    """Each 8-connected blob of ``mask`` at least ``min_area`` pixels, as its own mask."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_AREA] >= min_area:
            yield labels == i


def joined(mask: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """The 8-connected pieces of ``mask`` that hold a ``seeds`` pixel: how far a lift
    that began at a spot goes on without a break."""
    _, labels = cv2.connectedComponents(mask.astype(np.uint8), connectivity=8)
    keep = np.unique(labels[seeds])
    return np.isin(labels, keep[keep > 0])


def radius(mask: np.ndarray) -> int:
    """The radius of a disc as large as ``mask``."""
    return round(float(np.sqrt(mask.sum() / np.pi)))
