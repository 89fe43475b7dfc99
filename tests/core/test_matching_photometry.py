"""The camera model behind the colour map, and the sibling discriminator."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from appraiser.library import synthetic
from appraiser.matching import deviation, photometry


def _artwork() -> np.ndarray:
    spec = synthetic.make_spec(4242, "bags", "EU")
    return synthetic.render(spec)


def _lit(ref: np.ndarray, balance: tuple[float, float, float]) -> np.ndarray:
    """The artwork under a lighting ramp and a white-balance cast, clipped like a camera."""
    height, width = ref.shape[:2]
    ramp = 0.75 + 0.5 * np.linspace(0, 1, width)[None, :] * np.ones((height, 1))
    lit = ref.astype(np.float32) * ramp[..., None] * np.float32(balance)
    return np.clip(lit, 0, 255).astype(np.uint8)


def _judged(ref: np.ndarray) -> np.ndarray:
    return photometry.flat(ref)


def test_lighting_and_white_balance_are_not_colour_differences() -> None:
    ref = _artwork()
    photo = _lit(ref, (1.15, 1.0, 0.85))
    judged = _judged(ref)
    seen = photometry.camera_view(ref, photo, judged)
    diff = photometry.colour_difference(seen, photo, judged)
    assert judged.mean() > 0.2
    assert float(diff.max()) < 0.2


def test_a_recoloured_part_is_a_colour_difference() -> None:
    ref = _artwork()
    photo = _lit(ref, (1.1, 1.0, 0.9)).copy()
    photo[20:90, 20:90] = photo[20:90, 20:90][..., ::-1]  # swap blue and red there
    judged = _judged(ref)
    seen = photometry.camera_view(ref, photo, judged)
    diff = photometry.colour_difference(seen, photo, judged)
    inside = diff[25:85, 25:85][judged[25:85, 25:85]]
    outside = np.ones_like(judged)
    outside[10:100, 10:100] = False
    assert inside.size and float(np.percentile(inside, 75)) > 0.5
    assert float(diff[outside & judged].max()) < 0.2


def test_clipped_channels_are_not_judged() -> None:
    ref = _artwork()
    photo = _lit(ref, (1.6, 1.6, 1.6))  # most of the ground blows out
    assert (photo >= photometry.CLIPPED).mean() > 0.3
    judged = _judged(ref)
    seen = photometry.camera_view(ref, photo, judged)
    diff = photometry.colour_difference(seen, photo, judged)
    assert float(diff.max()) < 0.2


@pytest.mark.parametrize("truth", [0, 1, 2])
def test_sibling_mismatch_prefers_the_photographed_region(truth: int) -> None:
    spec = synthetic.make_spec(99, "beauty", "EU")
    regions = ("EU", "US", "CN")
    arts = [synthetic.render(synthetic.sibling(spec, r, i)) for i, r in enumerate(regions)]
    photo, homography = synthetic.photograph(arts[truth], 7)
    warp = deviation.align(arts[0], photo, homography)
    mismatch = deviation.sibling_mismatch(arts, photo, warp)
    assert int(np.argmin(mismatch)) == truth
    others = [m for i, m in enumerate(mismatch) if i != truth]
    assert min(others) > 1.5 * mismatch[truth]


def test_sibling_mismatch_needs_one_frame() -> None:
    art = _artwork()
    with pytest.raises(ValueError, match="share their size"):
        deviation.sibling_mismatch([art, art[:-10]], art, np.eye(3))


def _dotted(dot: tuple[int, int, int], seed: int) -> np.ndarray:
    """An emblem of small dots on a dark red ground, printed and shot with a little blur
    and sensor noise: no pixel of a dot has a flat 7x7 neighbourhood."""
    img = np.zeros((120, 160, 3), np.uint8)
    img[:] = (40, 30, 120)
    for y in range(20, 110, 18):
        for x in range(20, 150, 18):
            cv2.circle(img, (x, y), 4, dot, -1)
    if seed < 0:
        return img
    rng = np.random.default_rng(seed)
    shot = cv2.GaussianBlur(img.astype(np.float32), (0, 0), 0.8)
    return np.clip(shot + rng.normal(0, 6, shot.shape), 0, 255).astype(np.uint8)


def _colour(ref: np.ndarray, photo: np.ndarray) -> np.ndarray:
    judged = photometry.flat(ref)
    valid = np.ones(ref.shape[:2], bool)
    seen = photometry.camera_view(ref, photo, judged)
    return photometry.colour_map(seen, photo, judged, valid, 0.7)


def test_a_recoloured_emblem_of_small_dots_is_a_colour_difference() -> None:
    ref = _dotted((200, 200, 200), -1)
    assert not photometry.flat(ref)[ref[..., 0] > 150].any()  # nothing flat to judge on
    genuine = _colour(ref, _dotted((200, 200, 200), 1))
    recoloured = _colour(ref, _dotted((200, 90, 210), 1))  # grey dots turned magenta
    centres = [recoloured[y, x] for y in range(20, 110, 18) for x in range(20, 150, 18)]
    assert float(genuine.max()) < 0.2
    assert min(centres) > 0.5  # every dot (its rim mixes with the ground, as in the photo)


def test_grain_of_a_dim_noisy_photo_is_no_colour_difference() -> None:
    ref = np.zeros((120, 160, 3), np.uint8)
    ref[:] = (60, 50, 170)
    rng = np.random.default_rng(3)
    photo = np.clip(ref * 0.6 + rng.normal(0, 14, ref.shape), 0, 255).astype(np.uint8)
    assert float(_colour(ref, photo).mean()) < 0.01


def _two_inks(second: tuple[int, int, int]) -> np.ndarray:
    """A ground of a deep ink that lacks red altogether (BGR 53, 58, 0) with a panel of
    ``second`` in the middle."""
    ref = np.zeros((120, 160, 3), np.uint8)
    ref[:] = (53, 58, 0)
    ref[30:90, 40:120] = second
    return ref


def test_a_channel_the_ink_lacks_may_read_above_zero() -> None:
    """Photos never show a true zero: the black level, noise that cannot go below zero
    and the camera's tone curve lift it to 10-20 grey levels (the sunburst grounds of the
    tuning worlds once read ``deviates`` for this alone)."""
    ref = _two_inks((200, 210, 220))
    rng = np.random.default_rng(3)
    lifted = ref.astype(np.float32) * 0.8 + np.float32([0, 0, 15])
    photo = np.clip(lifted + rng.normal(0, 3, ref.shape), 0, 255).astype(np.uint8)
    judged = _judged(ref)
    seen = photometry.camera_view(ref, photo, judged)
    diff = photometry.colour_difference(seen, photo, judged)
    assert float((diff > 0.25)[judged].mean()) < 0.01


def test_a_dark_ink_given_a_channel_it_lacks_is_still_a_colour_difference() -> None:
    ref = _two_inks((200, 210, 220))
    photo = (ref.astype(np.float32) * 0.8).astype(np.uint8)
    photo[..., 2] = np.where(photo[..., 2] < 5, 70, photo[..., 2])  # the ground reprinted redder
    judged = _judged(ref)
    seen = photometry.camera_view(ref, photo, judged)
    diff = photometry.colour_difference(seen, photo, judged)
    ground = judged.copy()
    ground[25:95, 35:125] = False
    assert float((diff > 0.25)[ground].mean()) > 0.9


@pytest.mark.parametrize("sigma", [10.0, 12.0, 30.0])
def test_a_wide_blur_at_a_quarter_of_the_resolution_is_the_full_blur(sigma: float) -> None:
    """The shortcut feeds the backdrop's light, the veil's surroundings and the local
    contrast: on a sharp-edged mask and on noise it must stay within a few per cent of
    the full Gaussian, edges and image borders included."""
    rng = np.random.default_rng(3)
    mask = np.zeros((240, 320), np.float32)
    mask[40:200, 60:300] = 1.0
    mask[90:120, 100:140] = 0.0
    noisy = mask * 200 + rng.normal(0, 20, mask.shape).astype(np.float32)
    for img, span in ((mask, 1.0), (noisy, 200.0), (np.dstack([noisy] * 3), 200.0)):
        full = cv2.GaussianBlur(img, (0, 0), sigma)
        quick = photometry.wide_blur(img, sigma)
        assert quick.shape == full.shape
        assert float(np.abs(quick - full).max()) < 0.04 * span
