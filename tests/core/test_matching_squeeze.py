"""The bottle squeeze: reference columns found in a photo squeezed toward its sides."""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import deviation, local_contrast, squeeze


def _label(width: int = 360, height: int = 160) -> np.ndarray:
    """Bars and blocks of varied widths: every column has its own vertical profile."""
    rng = np.random.default_rng(5)
    img = np.full((height, width), 235, np.uint8)
    x = 0
    while x < width:
        w = int(rng.integers(4, 18))
        top, bottom = sorted(int(v) for v in rng.integers(0, height, 2))
        img[top : bottom + 8, x : x + w] = int(rng.integers(20, 160))
        x += w + int(rng.integers(3, 12))
    return cv2.GaussianBlur(img, (0, 0), 0.8).astype(np.float32)


def _wrapped(img: np.ndarray, wrap_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """``img`` round a cylinder seen head-on, filling the same width: the photo, and for
    each photo column the reference column it shows."""
    w = img.shape[1]
    half = np.deg2rad(wrap_deg) / 2
    u = np.linspace(-1, 1, w) * np.sin(half)  # photo columns, as the sine of the angle
    source = (np.arcsin(u) / half + 1) / 2 * (w - 1)
    xs = np.repeat(source[None, :].astype(np.float32), img.shape[0], axis=0)
    ys = np.repeat(np.arange(img.shape[0], dtype=np.float32)[:, None], w, axis=1)
    return cv2.remap(img, xs, ys, cv2.INTER_LINEAR), source


def test_a_squeezed_label_is_unsqueezed_column_by_column() -> None:
    ref = _label()
    photo, source = _wrapped(ref, 150)
    flow = squeeze.columns_and_rows(local_contrast.normalise(ref), local_contrast.normalise(photo))
    assert flow is not None
    where = np.arange(ref.shape[1]) + flow[0, :, 0]  # photo column of each reference column
    truth = np.interp(np.arange(ref.shape[1]), source, np.arange(ref.shape[1]))
    middle = slice(40, -40)  # the edges are squeezed to a few pixels: nothing to place
    assert np.median(np.abs(where[middle] - truth[middle])) < 2.0
    assert np.abs(where[middle] - truth[middle]).max() < 6.0


def test_a_flat_label_is_left_alone() -> None:
    ref = _label()
    rng = np.random.default_rng(1)
    photo = ref + rng.normal(0, 4, ref.shape).astype(np.float32)
    assert (
        squeeze.columns_and_rows(local_contrast.normalise(ref), local_contrast.normalise(photo))
        is None
    )


def test_the_sides_a_bottle_turns_away_are_not_inspected() -> None:
    """Wrapped 170 degrees, the label's outer columns face the camera at more than 70
    degrees: pressed below TURNED_SLOPE of their width they are too thin to inspect.
    The middle, facing the camera, never is."""
    ref = _label()
    photo, _ = _wrapped(ref, 170)
    flow = squeeze.columns_and_rows(local_contrast.normalise(ref), local_contrast.normalise(photo))
    assert flow is not None
    thin = squeeze.turned_away(flow, deviation.TURNED_SLOPE)
    assert thin.shape == ref.shape and (thin == thin[:1]).all()  # whole columns
    columns = np.nonzero(thin[0])[0]
    width = ref.shape[1]
    # cos(theta) < 0.35 beyond 0.82 of the half-width: the outer 9 % of each side
    assert set(range(8)) | set(range(width - 8, width)) <= set(columns)
    assert all(c < 0.15 * width or c >= 0.85 * width for c in columns)
