"""A bench photo of an item cut from its reference, and a studio photograph of an item
on a sweep: the tests of what a reference shows round its item share them."""

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


def on_a_sweep(
    art: np.ndarray,
    seed: int,
    sweep: tuple[int, int, int] = (246, 247, 245),
    shadow: tuple[int, int, float, float] = (8, 5, 6.0, 0.3),
    falloff: float = 0.13,
    lift: float = 0.08,
    frame: tuple[float, float] = (1.6, 1.5),
) -> tuple[np.ndarray, np.ndarray]:
    """``art`` shot on a sweep: lit from above, falling off to the corners, grain, and a
    soft shadow down and to the right (``shadow``: its offset down and right, blur and
    depth; ``falloff``: how much darker the corners are; ``lift``: how much brighter
    the bottom is than the top; ``frame``: the photo's height
    and width as multiples of the item's). Returns the photograph and the item's pixels."""
    rng = np.random.default_rng(seed)
    ah, aw = art.shape[:2]
    h, w = int(ah * frame[0]), int(aw * frame[1])
    y0, x0 = int((h - ah) * 0.45), int((w - aw) * 0.5)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    corners = ((xs - w / 2) / w) ** 2 + ((ys - h / 2) / h) ** 2
    light = (0.9 + lift * ys / h) * (1 - falloff * corners)
    shot = light[..., None] * np.float32(sweep)
    down, right, blur, depth = shadow
    shade = np.zeros((h, w), np.float32)
    shade[y0 + down : y0 + ah + down, x0 + right : x0 + aw + right] = 1
    shot *= 1 - depth * cv2.GaussianBlur(shade, (0, 0), blur)[..., None]
    shot[y0 : y0 + ah, x0 : x0 + aw] = art * 0.97
    shot += rng.normal(0, 1.5, shot.shape)
    item = np.zeros((h, w), bool)
    item[y0 : y0 + ah, x0 : x0 + aw] = True
    return np.clip(shot, 0, 255).astype(np.uint8), item
