"""The reference as the bench camera saw it, and where the photo's colour departs from it.

A bench photo differs from the genuine reference artwork by lighting (a smooth gain
across the item), exposure and white balance (a gain per channel), clipping where the
photo is blown out, and blur. :func:`camera_view` fits, per channel, a smooth quadratic
gain field on flat pixels (robustly reweighted so a recoloured part cannot steer it) and
renders the reference through it. Whatever that model cannot explain on flat pixels is a
colour difference: a recoloured emblem, a different ink.

A free offset per channel is deliberately left out: with one, a fit dominated by a
light ground can turn a dark grey emblem into a red one by trading gain for offset.
"""

from __future__ import annotations

import cv2
import numpy as np

FLAT_SIDE = 7  # a pixel is flat when its 7x7 neighbourhood in the reference is one colour
FLAT_SPREAD = 14  # grey levels of spread still counted as one colour
SMOOTH = 1.0  # blur applied to both before colours are compared (noise, JPEG blocks)
CLIPPED = 248  # photo values at or above this are clipped: their true value is unknown
TOLERANCE = 10.0  # grey levels of colour error always allowed (noise, compression)
RELATIVE = 0.08  # plus this share of the expected value (gain model error)
FIT_SAMPLES = 6000
IRLS_ROUNDS = 3
SHIFT = 2  # pixels of fringe forgiven around every edge


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def channel_max(img: np.ndarray) -> np.ndarray:
    """Maximum over the last axis; numpy's own reduction there is several times slower."""
    return np.maximum(np.maximum(img[..., 0], img[..., 1]), img[..., 2])


def flat(ref: np.ndarray) -> np.ndarray:
    """Pixels whose neighbourhood in the clean reference is one colour: there blur,
    JPEG and a pixel of misregistration cannot change the colour the camera records."""
    kernel = np.ones((FLAT_SIDE, FLAT_SIDE), np.uint8)
    spread = channel_max(cv2.dilate(ref, kernel) - cv2.erode(ref, kernel))
    return spread < FLAT_SPREAD


def _basis(shape: tuple[int, int], ys: np.ndarray, xs: np.ndarray) -> np.ndarray:
    y = ys / shape[0] - 0.5
    x = xs / shape[1] - 0.5
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y], axis=1)


def _fit_gain(design: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Least squares, reweighted so that a minority of outlying pixels loses its pull."""
    weight = np.ones(len(target), np.float32)
    coef = np.zeros(design.shape[1], np.float32)
    for _ in range(IRLS_ROUNDS):
        weighted = design * (weight * weight)[:, None]
        normal = weighted.T @ design + 1e-3 * np.eye(design.shape[1], dtype=np.float32)
        coef = np.linalg.solve(normal, weighted.T @ target)
        resid = np.abs(design @ coef - target)
        spread = 1.4826 * np.median(resid) + 1.0
        weight = 1.0 / np.maximum(1.0, resid / (2.5 * spread))
    return coef


def camera_view(ref: np.ndarray, photo: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """``ref`` (BGR, the photo's frame) rendered with the photo's lighting and clipping,
    as float32. ``judged`` marks the flat, visible pixels the gains are fitted on."""
    r = ref.astype(np.float32)
    rb = _blur(r, SMOOTH)
    q = _blur(photo.astype(np.float32), SMOOTH)
    height, width = ref.shape[:2]
    x = (np.arange(width, dtype=np.float32) / width - 0.5)[None, :]
    y = (np.arange(height, dtype=np.float32) / height - 0.5)[:, None]
    out = np.empty_like(r)
    for ch in range(3):
        ys, xs = np.nonzero(judged & (photo[..., ch] < CLIPPED) & (rb[..., ch] > 8))
        coef = np.float32([1, 0, 0, 0, 0, 0])
        if len(ys) >= 200:
            step = max(1, len(ys) // FIT_SAMPLES)
            ys, xs = ys[::step], xs[::step]
            basis = _basis((height, width), ys.astype(np.float32), xs.astype(np.float32))
            coef = _fit_gain(basis * rb[..., ch][ys, xs, None], q[..., ch][ys, xs])
        # the quadratic field of _basis, by broadcasting (no H·W×6 design matrix)
        c = [float(v) for v in coef]
        gain = c[0] + c[1] * x + c[2] * y + c[3] * x * x + c[4] * x * y + c[5] * y * y
        out[..., ch] = gain * r[..., ch]
    return np.clip(out, 0, 255)


def colour_difference(seen: np.ndarray, photo: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """Per-pixel colour departure in [0, 1] on flat pixels; 0 where a channel is clipped
    in the photo (its true value is unknown) and away from flat pixels."""
    expected = _blur(seen, SMOOTH)
    actual = _blur(photo.astype(np.float32), SMOOTH)
    clipped = _blur((photo >= CLIPPED).astype(np.float32), 2.0) > 0.05
    # a colour the reference has within SHIFT pixels is no departure: chromatic
    # aberration and a pixel of misregistration fringe every edge with its neighbour
    window = np.ones((2 * SHIFT + 1, 2 * SHIFT + 1), np.uint8)
    lo, hi = cv2.erode(expected, window), cv2.dilate(expected, window)
    outside = np.maximum(np.maximum(lo - actual, actual - hi), 0)
    error = channel_max(outside / (TOLERANCE + RELATIVE * expected) * ~clipped)
    weight = judged.astype(np.float32)
    support = _blur(weight, 1.5)
    spread = _blur(error * weight, 1.5) / (support + 1e-3)
    return np.clip(spread - 1.0, 0, 1) * (support > 0.25)
