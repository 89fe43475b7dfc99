"""Light that falls unevenly across the item: a shadow cast over part of it, a lamp that
lights one end more than the other.

``photometry.camera_view`` lights the reference with one smooth quadratic gain per
channel: white balance, exposure, a lamp's fall-off. A shadow cast across a tag (an arm,
the camera's stand, a box beside it) darkens a band with soft edges, which no quadratic
follows: the print under it read as deviating, the light part beside it as glare.

The shade is measured on the item's ground only, the pixels that print its commonest
flat colour (the paper of a tag, a carton's field colour): a shadow darkens the ground
with everything on it, a counterfeit's darker ink changes its own strokes and leaves the
ground around it as it was. The field is interpolated between ground pixels, so an
emblem inside a shadow is lit as the ground around it is. It may only darken: a glare
spot is never explained as light (``occlusion.glare`` must still see it)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from appraiser.matching import photometry

BLOCK = 8  # work pixels: the field is measured per block, the median of its ground
FIELD_SIGMA = 1.5  # blocks: how softly the field follows a shadow's edge
FAR_SIGMA = 6.0  # blocks: where the ground is far, the field is interpolated this widely
GROUND_SPREAD = 24  # grey levels (any channel) from the commonest flat colour: ground
MIN_GROUND = 0.05  # of the item: with less ground the shade is not measured
MIN_BLOCK = 8  # ground pixels a block needs for its median
FINE_SIGMA = 2.5  # work pixels: near ground the field follows the ground itself
FINE_SUPPORT = 0.5  # share of ground around a pixel for the fine field to hold alone
SHADED_SHARE = 0.02  # of the judged pixels in shade before the lamp is fitted again
IN_LIGHT = 0.9  # of the full light: the part of the item the lamp's gains are fitted on


@dataclass
class View:
    """The reference as the camera saw it: ``seen`` with the shade, ``lit`` in the item's
    full light (what a shadow's depth is measured against), ``shade`` = seen / lit."""

    seen: np.ndarray
    lit: np.ndarray
    shade: np.ndarray
    tone: photometry.Tone = photometry.NO_TONE  # the camera's (``photometry.lit_view``)


def view(
    ref: np.ndarray, photo: np.ndarray, judged: np.ndarray, tone: photometry.Tone | None = None
) -> View:
    """The lit reference (``photometry.camera_view``) with the shade cast over it. The
    lamp's gains are fitted again on the fully lit part alone, so a shadow over a third
    of the item no longer pulls them down everywhere."""
    seen, tone = photometry.lit_view(ref, photo, judged, tone)
    ground = _ground(ref, judged)
    if ground.mean() < MIN_GROUND:
        return View(seen, seen, np.ones(judged.shape, np.float32), tone)
    field = _field(seen, photo, ground)
    in_light = judged & (field >= IN_LIGHT)
    shaded = judged.sum() - in_light.sum()
    if shaded >= SHADED_SHARE * judged.sum() and in_light.sum() >= MIN_GROUND * judged.size:
        seen, _ = photometry.lit_view(ref, photo, in_light, tone)
        field = _field(seen, photo, ground)
    return View(seen * field[..., None], seen, field, tone)


def _gray(img: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(img.astype(np.float32), cv2.COLOR_BGR2GRAY)


def _ground(ref: np.ndarray, judged: np.ndarray) -> np.ndarray:
    """Flat pixels of the reference's commonest flat colour."""
    flat = ref[judged]
    if len(flat) < 100:
        return np.zeros(judged.shape, bool)
    mode = photometry.commonest_colours(flat)[0]
    near = photometry.channel_max(np.abs(ref.astype(np.float32) - mode)) < GROUND_SPREAD
    return judged & near


def _field(seen: np.ndarray, photo: np.ndarray, ground: np.ndarray) -> np.ndarray:
    """Photo / lit reference on the ground, per block (median), interpolated between
    blocks and capped at the item's full light: only darkening is a shade."""
    ratio = (_gray(photo) + 4.0) / (_gray(seen) + 4.0)
    h, w = ground.shape
    rows, cols = -(-h // BLOCK), -(-w // BLOCK)
    padded = np.full((rows * BLOCK, cols * BLOCK), np.nan, np.float32)
    padded[:h, :w] = np.where(ground, ratio, np.nan)
    blocks = padded.reshape(rows, BLOCK, cols, BLOCK).transpose(0, 2, 1, 3).reshape(rows, cols, -1)
    counted = np.isfinite(blocks).sum(axis=2) >= MIN_BLOCK
    medians = np.zeros((rows, cols), np.float32)
    if counted.any():
        medians[counted] = np.nanmedian(blocks[counted], axis=1)
    else:
        return np.ones(ground.shape, np.float32)
    # the lamp's gains (a robust fit) are the full light: a wide soft spot they took for
    # lamp light stays theirs, and nothing brighter than them is ever shade
    full = 1.0
    weight = counted.astype(np.float32)
    near = _spread(medians * weight, weight, FIELD_SIGMA)
    far = _spread(medians * weight, weight, FAR_SIGMA)
    support = cv2.GaussianBlur(weight, (0, 0), FIELD_SIGMA)
    mix = np.clip(support / 0.3, 0, 1)
    grid = np.where(np.isfinite(far), far, full)
    grid = np.where(np.isfinite(near), mix * near + (1 - mix) * grid, grid)
    grid = np.minimum(grid, full).astype(np.float32)
    field = cv2.resize(grid, (cols * BLOCK, rows * BLOCK), interpolation=cv2.INTER_LINEAR)[:h, :w]
    if FINE_SIGMA > 0:
        # where ground is near, follow a shadow's edge as sharply as the ground shows it
        weight = ground.astype(np.float32)
        clipped = np.clip(np.where(ground, ratio, 0), 0, full) * weight
        fine = _spread(clipped, weight, FINE_SIGMA)
        support = cv2.GaussianBlur(weight, (0, 0), FINE_SIGMA)
        mix = np.clip(support / FINE_SUPPORT, 0, 1)
        field = np.where(np.isfinite(fine), mix * fine + (1 - mix) * field, field)
    return np.clip(np.minimum(field, full), 0.05, None).astype(np.float32)


def _spread(values: np.ndarray, weight: np.ndarray, sigma: float) -> np.ndarray:
    """The weighted mean of ``values`` around each block, NaN where nothing is near."""
    mean, support = photometry.weighted_mean(values, weight, sigma)
    return np.where(support > 1e-3, mean, np.nan).astype(np.float32)
