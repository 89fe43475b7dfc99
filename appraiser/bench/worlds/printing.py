"""Print processes: what the artwork looks like once printed on the physical item.

The reference pack holds the clean artwork (what a brand hands over); the item on the
bench is printed, so every photo crosses this gap. Deterministic by the design's seed
(one printing per item), applied before the camera.
"""

from __future__ import annotations

import cv2
import numpy as np


def apply(art: np.ndarray, process: str, seed: int) -> np.ndarray:
    """``art`` (RGB uint8) as printed by ``process``."""
    rng = np.random.default_rng(seed)
    return _PROCESSES[process](art, rng)


def _paper(shape: tuple[int, int], rng: np.random.Generator, strength: float) -> np.ndarray:
    """A fibrous paper texture around 1.0."""
    noise = rng.normal(0, 1, (shape[0] // 2 + 1, shape[1] // 2 + 1)).astype(np.float32)
    noise = cv2.resize(noise, (shape[1], shape[0]))
    noise = cv2.GaussianBlur(noise, (0, 0), 0.8)
    return 1.0 + strength * noise[..., None]


def _digital(art: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Toner or inkjet on coated stock: slight softening and paper grain."""
    out = cv2.GaussianBlur(art.astype(np.float32), (0, 0), 0.5) * _paper(art.shape, rng, 0.02)
    return np.clip(out, 0, 255).astype(np.uint8)


def _offset(art: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Offset litho: plates slightly misregistered, ink spread, dot gain in the mid-tones."""
    out = art.astype(np.float32)
    for c in range(3):
        dx, dy = rng.uniform(-1.2, 1.2, 2)
        m = np.float32([[1, 0, dx], [0, 1, dy]])
        out[..., c] = cv2.warpAffine(
            out[..., c], m, (art.shape[1], art.shape[0]), borderMode=cv2.BORDER_REPLICATE
        )
    out = 255.0 * (out / 255.0) ** rng.uniform(1.05, 1.2)  # dot gain darkens mid-tones
    out = cv2.GaussianBlur(out, (0, 0), 0.7) * _paper(art.shape, rng, 0.03)
    return np.clip(out, 0, 255).astype(np.uint8)


def _halftone(art: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """CMYK amplitude-modulated screens at the classic angles (cheap flexo/offset boxes)."""
    rgb = art.astype(np.float32) / 255.0
    k = 1.0 - rgb.max(axis=2)
    cmy = (1.0 - rgb - k[..., None]) / np.maximum(1.0 - k[..., None], 1e-3)
    h, w = k.shape
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    period = rng.uniform(2.6, 3.4)
    inks = []
    for coverage, angle in zip(
        (cmy[..., 0], cmy[..., 1], cmy[..., 2], k), (15, 75, 0, 45), strict=True
    ):
        a = np.deg2rad(angle + rng.uniform(-2, 2))
        u = xs * np.cos(a) + ys * np.sin(a)
        v = -xs * np.sin(a) + ys * np.cos(a)
        screen = (np.cos(2 * np.pi * u / period) + np.cos(2 * np.pi * v / period)) / 4 + 0.5
        inks.append((coverage > screen).astype(np.float32))
    c, m, y, kk = (cv2.GaussianBlur(i, (0, 0), 0.6) for i in inks)
    out = np.stack([(1 - c) * (1 - kk), (1 - m) * (1 - kk), (1 - y) * (1 - kk)], axis=2)
    out = out * _paper(art.shape, rng, 0.04)
    return np.clip(out * 255.0, 0, 255).astype(np.uint8)


def _foil(art: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Hot foil on board: metallic areas (saturated gold/silver-ish, marked by the layout
    with near-pure yellows/greys) get a brushed sheen; the rest is offset."""
    out = _offset(art, rng).astype(np.float32)
    hsv = cv2.cvtColor(art, cv2.COLOR_RGB2HSV)
    metal = ((hsv[..., 0] > 15) & (hsv[..., 0] < 35) & (hsv[..., 1] > 90)).astype(np.float32)
    if metal.any():
        h, w = metal.shape
        streak = rng.normal(0, 1, (h, 1)).astype(np.float32)
        streak = cv2.GaussianBlur(np.repeat(streak, w, axis=1), (0, 0), 3) * 0.25 + 1.05
        out = out * (1 - metal[..., None]) + out * streak[..., None] * metal[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


_PROCESSES = {"digital": _digital, "offset": _offset, "halftone": _halftone, "foil": _foil}
