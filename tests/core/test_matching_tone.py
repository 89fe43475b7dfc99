"""The camera's tone curve and a lamp's field that is only seen on part of the item
(a black-box tester's flat items): a strong gamma made saturated emblems read as
recoloured, and a carton whose only flat colour is its header got a lamp field
extrapolated from there, which tinted its light-on-dark barcode and called its dark
ground a shadow."""

from __future__ import annotations

import numpy as np
import pytest

from appraiser.matching import photometry

GROUND = (214, 226, 232)
EMBLEM = (40, 40, 170)  # a saturated red (BGR)
PANEL = (120, 110, 100)


def _tag() -> np.ndarray:
    art = np.full((240, 320, 3), GROUND, np.uint8)
    art[30:110, 30:110] = EMBLEM
    art[140:200, 40:280] = PANEL
    art[150:190, 150:160] = 20  # a dark stroke on the panel
    return art


def _camera(art: np.ndarray, gamma: float, gain: float = 1.0) -> np.ndarray:
    """A lamp ramp, a white balance, then the camera's tone curve."""
    h, w = art.shape[:2]
    ramp = 0.85 + 0.3 * np.linspace(0, 1, w)[None, :] * np.ones((h, 1))
    lit = art.astype(np.float32) * ramp[..., None] * np.float32((1.05, 1.0, 0.93)) * gain
    return np.clip(255.0 * (np.clip(lit, 0, 255) / 255.0) ** gamma, 0, 255).astype(np.uint8)


def _colour(art: np.ndarray, photo: np.ndarray) -> np.ndarray:
    judged = photometry.flat(art)
    seen = photometry.camera_view(art, photo, judged)
    return photometry.colour_map(seen, photo, judged, np.ones(judged.shape, bool), 0.0)


@pytest.mark.parametrize("gamma", [0.65, 1.5])
def test_a_camera_tone_curve_is_no_colour_difference(gamma: float) -> None:
    art = _tag()
    colour = _colour(art, _camera(art, gamma))
    assert float(colour[35:105, 35:105].max()) < 0.2  # the emblem
    assert float(np.percentile(colour, 99.5)) < 0.2


@pytest.mark.parametrize("gamma", [0.65, 1.5])
def test_under_a_tone_curve_a_recoloured_emblem_still_differs(gamma: float) -> None:
    art = _tag()
    fake = art.copy()
    fake[30:110, 30:110] = (40, 150, 60)  # green where the genuine is red
    colour = _colour(art, _camera(fake, gamma))
    assert float(np.median(colour[40:100, 40:100])) > 0.5


def _carton() -> np.ndarray:
    """A gold header, the carton's only flat colour, over a dark striped field with
    cream barcode bars: no flat pixel below the header."""
    h, w = 300, 400
    art = np.zeros((h, w, 3), np.uint8)
    ys, xs = np.mgrid[0:h, 0:w]
    stripes = ((xs + ys) // 3) % 2 == 0
    art[stripes] = (44, 38, 36)
    art[~stripes] = (30, 26, 26)
    art[:60] = (80, 160, 200)  # the header
    for i, x in enumerate(range(220, 370, 6)):
        art[200:270, x : x + (2 if i % 3 else 4)] = (200, 225, 235)  # cream bars
    return art


def test_a_lamp_field_seen_on_the_header_alone_is_not_carried_down_the_carton() -> None:
    art = _carton()
    photo = _camera(art, 1.0, gain=0.9)
    judged = photometry.flat(art)
    assert not judged[70:].any() or judged[70:].mean() < 0.02, "only the header is flat"
    seen = photometry.camera_view(art, photo, judged)
    bars = art[..., 2] > 220
    ratio = seen[bars].mean(axis=0) / photo[bars].astype(np.float32).mean(axis=0)
    assert np.all(np.abs(ratio - 1.0) < 0.15), ratio
    colour = photometry.colour_map(seen, photo, judged, np.ones(judged.shape, bool), 0.0)
    assert float(np.percentile(colour[200:270, 220:370], 95)) < 0.2


def _steeper(art: np.ndarray, slope: float) -> np.ndarray:
    """The same lamp and white balance, then an S-shaped curve (a logistic of ``slope``
    stretched to 0..255) instead of a power: a cheap camera's crushed shadows and
    rolled-off highlights."""
    h, w = art.shape[:2]
    ramp = 0.85 + 0.3 * np.linspace(0, 1, w)[None, :] * np.ones((h, 1))
    lit = art.astype(np.float32) * ramp[..., None] * np.float32((1.05, 1.0, 0.93))
    x = np.clip(lit, 0, 255) / 255.0
    lo, hi = 1 / (1 + np.exp(slope / 2)), 1 / (1 + np.exp(-slope / 2))
    return np.clip(255 * (1 / (1 + np.exp(-slope * (x - 0.5))) - lo) / (hi - lo), 0, 255).astype(
        np.uint8
    )


def test_an_s_shaped_camera_curve_is_no_colour_difference() -> None:
    art = _tag()
    colour = _colour(art, _steeper(art, 5.0))
    assert float(np.percentile(colour, 99.5)) < 0.2


def test_under_an_s_shaped_curve_a_recoloured_emblem_still_differs() -> None:
    art = _tag()
    fake = art.copy()
    fake[30:110, 30:110] = (40, 150, 60)
    colour = _colour(art, _steeper(fake, 5.0))
    assert float(np.median(colour[40:100, 40:100])) > 0.5


def test_the_s_curve_is_found_only_over_three_bands_of_tones() -> None:
    """Over two bands a power and the gains already fit any curve: no contrast is added."""
    art = _tag()
    art[140:200, 40:280] = GROUND  # no panel: ground, emblem and one dark stroke
    art[150:190, 150:160] = GROUND
    judged = photometry.flat(art)
    _, tone = photometry.lit_view(art, _steeper(art, 5.0), judged)
    assert tone.contrast == 0.0
    _, tone = photometry.lit_view(_tag(), _steeper(_tag(), 5.0), photometry.flat(_tag()))
    assert tone.contrast > 0
