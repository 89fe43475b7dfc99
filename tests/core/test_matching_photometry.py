"""The camera model behind the colour map, and the sibling discriminator."""

from __future__ import annotations

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
