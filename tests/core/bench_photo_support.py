"""A bench photo of an item cut from its reference: the tests of what a reference shows
round its item (a margin, a studio sweep) share it."""

from __future__ import annotations

import cv2
import numpy as np


def on_the_bench(
    ref: np.ndarray, item: np.ndarray, seed: int, scale: tuple[float, float] = (1.2, 1.5)
) -> tuple[np.ndarray, np.ndarray]:
    """The item alone (``item``'s pixels of ``ref``, not what is round it) on a green
    cutting mat, a little turned and scaled by ``scale``; the photo and the homography
    reference -> photo."""
    rng = np.random.default_rng(seed)
    photo = np.full((720, 960, 3), (70, 120, 60), np.float32)
    photo += rng.normal(0, 6, photo.shape)
    angle, size = rng.uniform(-12, 12), rng.uniform(*scale)
    turn = cv2.getRotationMatrix2D((ref.shape[1] / 2, ref.shape[0] / 2), angle, size)
    turn[:, 2] += (480 - ref.shape[1] / 2, 360 - ref.shape[0] / 2)
    homography = np.vstack([turn, [0, 0, 1]])
    frame = (photo.shape[1], photo.shape[0])
    seen = cv2.warpPerspective(ref, homography, frame).astype(np.float32)
    there = cv2.warpPerspective(item.astype(np.float32), homography, frame)[..., None]
    photo = photo * (1 - there) + seen * there + rng.normal(0, 2, photo.shape)
    photo = cv2.GaussianBlur(np.clip(photo, 0, 255).astype(np.uint8), (0, 0), 0.8)
    return photo, homography
