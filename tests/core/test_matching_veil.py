"""A soft lamp spot over a band of colour with white lettering in it (issue 13; found by a
black-box tester's glare world, atk12): the sheen whitens the band toward a pale tint of
its own hue, which the camera's gamma makes uneven across channels, and there is no open
paper under it to show the lift of the ground. Genuine labels under it deviated; a band
reprinted paler must still deviate."""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import deviation, veil

H, W = 200, 280
PAPER = (228, 236, 240)  # BGR, a warm white label
BAND = (170, 100, 30)  # BGR, a strong blue
BAND_ROWS = slice(50, 110)
WHITE = np.float32([246, 252, 255])
SPOT = (110, 80)  # x, y: inside the band, over its lettering


def _label() -> np.ndarray:
    ref = np.full((H, W, 3), PAPER, np.uint8)
    ref[BAND_ROWS, 20:260] = BAND
    for x in range(40, 240, 26):  # white lettering in the band
        ref[64:96, x : x + 6] = (250, 250, 250)
        ref[64:70, x : x + 18] = (250, 250, 250)
    for row in range(3):  # dark small print on the paper below
        y = 130 + row * 16
        for x in range(30, 250, 9):
            ref[y : y + 7, x : x + 5] = (60, 55, 50)
    return ref


def _sheen(img: np.ndarray, peak: float) -> np.ndarray:
    """A lamp's soft spot: the surface blended toward the lamp's white, strongest in the
    middle and fading out over about a band's height."""
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    d2 = ((xx - SPOT[0]) / 42) ** 2 + ((yy - SPOT[1]) / 30) ** 2
    a = (peak * np.exp(-1.2 * d2))[..., None]
    return img.astype(np.float32) * (1 - a) + WHITE * a


def _paler_band(ref: np.ndarray, share: float) -> np.ndarray:
    """A reprint whose band ink is thinner: the whole band, edge to edge, paler."""
    forged = ref.astype(np.float32)
    band = np.zeros((H, W), bool)
    band[BAND_ROWS, 20:260] = True
    band &= ref.min(axis=2) < 200  # the ink, not the white lettering
    forged[band] = forged[band] * (1 - share) + WHITE * share
    return forged


def _camera(img: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noisy = cv2.GaussianBlur(img.astype(np.float32), (0, 0), 0.7) + rng.normal(0, 1.5, img.shape)
    return np.clip(noisy, 0, 255).astype(np.float32)


def _veiled(photo: np.ndarray, ref: np.ndarray) -> np.ndarray:
    inside = np.ones((H, W), bool)
    soft = cv2.GaussianBlur(photo, (0, 0), 2.0)
    return veil.veil(photo, soft, ref.astype(np.float32), inside, 60).mask


def test_a_soft_lamp_spot_over_a_coloured_band_is_a_veil() -> None:
    ref = _label()
    photo = _camera(_sheen(ref, 0.65), 1)
    found = _veiled(photo, ref)
    assert found[SPOT[1] - 6 : SPOT[1] + 6, SPOT[0] - 10 : SPOT[0] + 10].mean() > 0.8
    assert not found[:, :40].any() and not found[:, 200:].any()  # the rest is inspected
    assert not found[125:, :].any()  # and so is the small print below the band


def test_the_spots_whitening_is_uneven_in_encoded_values_and_even_in_linear_light() -> None:
    """Why the sRGB test alone missed it: the red channel of the blue band gains far more
    grey levels than its blue channel, yet in linear light the gains are alike."""
    ref = _label()
    photo = _sheen(ref, 0.65)[SPOT[1], SPOT[0] - 20]  # on the band's ink, not a letter
    seen = ref[SPOT[1], SPOT[0] - 20].astype(np.float32)
    encoded = photo - seen
    assert encoded.max() - encoded.min() > 0.6 * encoded.mean() + veil.UNEVEN_FLOOR_SRGB
    lin = veil.linear(photo) - veil.linear(seen)
    assert lin.max() - lin.min() < veil.UNEVEN * lin.mean()


def test_a_band_reprinted_paler_is_no_veil() -> None:
    ref = _label()
    photo = _camera(_paler_band(ref, 0.35), 2)
    assert not _veiled(photo, ref)[BAND_ROWS].any()


def _photographed(art: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """On a grey mat, turned a little and enlarged: (photo, reference -> photo)."""
    rng = np.random.default_rng(seed)
    turn = cv2.getRotationMatrix2D((W / 2, H / 2), rng.uniform(-6, 6), rng.uniform(1.6, 1.8))
    turn[:, 2] += (400 - W / 2, 300 - H / 2)
    homography = np.vstack([turn, [0, 0, 1]])
    photo = np.full((600, 800, 3), (110, 115, 120), np.float32) + rng.normal(0, 3, (600, 800, 3))
    seen = cv2.warpPerspective(art.astype(np.float32), homography, (800, 600))
    there = cv2.warpPerspective(np.ones((H, W), np.float32), homography, (800, 600))
    photo = photo * (1 - there[..., None]) + seen * there[..., None]
    return np.clip(cv2.GaussianBlur(photo, (0, 0), 0.8), 0, 255).astype(np.uint8), homography


def test_the_genuine_label_under_the_spot_is_consistent_and_the_paler_reprint_deviates() -> None:
    ref = _label()
    genuine, homography = _photographed(_sheen(ref, 0.65), 3)
    result = deviation.compare(ref, genuine, homography)
    assert result.deviation < deviation.FLAG_AT
    glare = [a for a in result.not_inspected if a.reason == "glare"]
    assert glare and any(a.x <= SPOT[0] <= a.x + a.w and a.y <= SPOT[1] <= a.y + a.h for a in glare)
    forged, homography = _photographed(_paler_band(ref, 0.35), 4)
    result = deviation.compare(ref, forged, homography)
    assert result.deviation >= deviation.FLAG_AT
    assert not [a for a in result.not_inspected if a.reason == "glare"]


def test_a_letter_changed_under_the_spot_still_deviates() -> None:
    """The sheen hides the band's colour, not its print: a letter whose stem was cut away
    under the spot read consistent while the whole spot went uninspected as glare."""
    ref = _label()
    forged = ref.copy()
    forged[70:96, 118:124] = BAND  # the letter at x=118 loses its stem below the top bar
    photo, homography = _photographed(_sheen(forged, 0.65), 3)
    result = deviation.compare(ref, photo, homography)
    assert result.deviation >= deviation.FLAG_AT
    top = result.regions[0]
    assert top.x <= 121 <= top.x + top.w and top.y <= 85 <= top.y + top.h
    glare = [a for a in result.not_inspected if a.reason == "glare"]
    assert any(a.x <= SPOT[0] <= a.x + a.w and a.y <= SPOT[1] <= a.y + a.h for a in glare)


def test_the_reference_veiled_as_the_spot_veils_it_matches_the_print_but_not_a_change() -> None:
    """The spot's strength, read off the band's ink and smoothed, reproduces the photo's
    faded print; a changed stroke is too few odd pixels to be explained as light."""
    ref = _label()
    forged = ref.copy()
    forged[64:70, 124:136] = BAND
    seen_g = cv2.cvtColor(ref, cv2.COLOR_BGR2GRAY).astype(np.float32)
    photo_g = cv2.cvtColor(
        np.clip(_sheen(forged, 0.65), 0, 255).astype(np.uint8), cv2.COLOR_BGR2GRAY
    )
    photo_g = photo_g.astype(np.float32)
    sheens = np.zeros((H, W), bool)
    sheens[55:105, 70:150] = True
    veiled = veil.as_veiled(seen_g, photo_g, sheens)
    miss = np.abs(veiled - photo_g)
    assert np.median(miss[BAND_ROWS, 70:150]) < 4.0  # the faded band and lettering
    assert np.abs(seen_g - photo_g)[BAND_ROWS, 70:150].mean() > 30  # which the sheen moved
    assert miss[65:69, 126:134].mean() > 40  # the cut arm is still a difference


def test_a_white_stroke_added_to_a_letter_in_the_band_is_no_veil() -> None:
    """An N made an M: the new stroke whitens band ink as light would, but it draws an
    edge where the reference's ink is flat, and added light draws none."""
    ref = _label()
    forged = ref.copy()
    cv2.line(forged, (140, 66), (154, 94), (250, 250, 250), 7)  # a bold stroke, between letters
    photo = _camera(forged, 5)
    assert not _veiled(photo, ref)[BAND_ROWS, 120:175].any()


def test_a_pale_fingertip_over_the_band_is_no_veil() -> None:
    """A fingertip, near white under the lamp, is no sheen: it hides the lettering under it,
    where a sheen leaves the lettering's edges fainter but there."""
    ref = _label()
    tip = ref.astype(np.float32)
    mask = np.zeros((H, W), np.float32)
    cv2.ellipse(mask, SPOT, (16, 26), 0, 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), 2.0)[..., None]
    shade = np.linspace(1.0, 0.9, H, dtype=np.float32)[:, None, None]  # rounded, lit above
    tip = tip * (1 - mask) + np.float32([225, 232, 245]) * shade * mask
    photo = _camera(tip, 6)
    assert not _veiled(photo, ref)[BAND_ROWS, 80:140].any()


def test_an_emblem_the_camera_shows_evenly_paler_is_no_veil() -> None:
    """A green emblem came out far paler than its lit reference in a genuine apothecary
    photo (the camera's processing): lifted evenly to its own edge, it is no sheen, and
    listing it as glare left too little inspected (the photo read retake)."""
    ref = np.full((H, W, 3), PAPER, np.uint8)
    cv2.circle(ref, (140, 100), 34, (40, 140, 30), -1)
    cv2.circle(ref, (140, 100), 9, PAPER, -1)
    paler = ref.astype(np.float32)
    ink = ref.min(axis=2) < 100
    paler[ink] = paler[ink] * 0.55 + WHITE * 0.45
    photo = _camera(paler, 7)
    assert not _veiled(photo, ref).any()
