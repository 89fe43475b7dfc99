"""Glare the camera's lighting fit swallows, told from a removed mark (issue 13 item 4).

A wide soft spot of lamp light is smooth enough for the lighting fit to take it for
lamp light, so the lit reference is as bright as the spot and nothing looks added; the
print under its blown-out core is gone and used to read as deviating. A sheen over bare
paper lifts no print, so the veil's print test never passed it either.
"""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import occlusion

H, W = 160, 240
PAPER = (235, 226, 214)  # a pale tinted label, BGR


def _label() -> np.ndarray:
    """Pale paper with four rows of small dark print in the middle."""
    ref = np.zeros((H, W, 3), np.uint8)
    ref[:] = PAPER
    for row in range(4):
        y = 50 + row * 16
        for x in range(40, 200, 9):
            ref[y : y + 7, x : x + 5] = (60, 55, 50)
    return ref


def _exposed(ref: np.ndarray, gain: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noisy = ref.astype(np.float32) * gain + rng.normal(0, 1.5, ref.shape)
    return np.clip(noisy, 0, 255).astype(np.float32)


def _spot(photo: np.ndarray, centre: tuple[int, int], radius: float) -> np.ndarray:
    """Added white light, a Gaussian that blows out its core."""
    yy, xx = np.mgrid[0:H, 0:W]
    light = 110 * np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * radius**2))
    return np.clip(photo + light[..., None], 0, 255)


def _clipped(photo: np.ndarray) -> np.ndarray:
    soft = cv2.GaussianBlur(photo, (0, 0), 1.0)
    return soft.min(axis=2) >= occlusion.CLIPPED_CORE


def test_a_blown_out_spot_over_print_is_glare() -> None:
    ref = _label()
    photo = _spot(_exposed(ref, 0.95, 1), (118, 76), 22)
    inside = np.ones((H, W), bool)
    clipped = _clipped(photo)
    assert clipped[76, 118] and not clipped[10, 10]  # the core is blown out, the rest not
    found = occlusion._blown(photo, ref, clipped, inside, 40)
    assert found[76, 118] and found[73:80, 112:125].mean() > 0.8
    assert not found[:, :40].any()  # the paper beside the spot is inspected


def test_paper_exposed_to_the_clip_is_not_glare_where_a_mark_was_removed() -> None:
    """A bright exposure clips the paper here and there; a mark removed from it shows
    paper exactly as bright as the paper around it, so it stays inspected (a deviation)."""
    ref = _label()
    forged = ref.copy()
    forged[66:89, 112:140] = PAPER  # the counterfeit lacks a block of print
    photo = _exposed(forged, 1.145, 2)
    inside = np.ones((H, W), bool)
    clipped = _clipped(photo)
    assert clipped[70:85, 115:135].mean() > 0.5  # the removed mark's paper clips, like paper
    assert not occlusion._blown(photo, ref, clipped, inside, 40)[66:89, 112:140].any()


def test_a_sheen_over_bare_paper_is_glare() -> None:
    """A lamp's stripe on a blank stretch of a bottle lifts the paper well above the
    light around it; there is no print under it for a reprint to have changed."""
    ref = np.zeros((H, W, 3), np.uint8)
    ref[:] = (200, 195, 190)
    photo = ref.astype(np.float32)
    xx = np.arange(W)[None, :, None]
    photo = np.clip(photo + 50 * np.exp(-((xx - 120) ** 2) / (2 * 6.0**2)), 0, 255)
    seen = ref.astype(np.float32)
    inside = np.ones((H, W), bool)
    soft = cv2.GaussianBlur(photo, (0, 0), 2.0)
    veiled = occlusion.veil(photo, soft, seen, inside, 40)
    assert veiled[:, 118:123].mean() > 0.9
    assert not veiled[:, :90].any() and not veiled[:, 150:].any()


def test_a_white_patch_printed_on_the_label_is_not_glare() -> None:
    """A counterfeiter's white patch (or a sticker) over a removed block of print is as
    bright as a lamp's core, but its edge is sharp: the paper beside it is not lit."""
    ref = _label()
    forged = _exposed(ref, 0.95, 3)
    forged[62:92, 100:140] = 255  # pure white, sharp-edged, over the print
    photo = cv2.GaussianBlur(forged, (0, 0), 0.8)
    inside = np.ones((H, W), bool)
    clipped = _clipped(photo)
    assert clipped[70:85, 105:135].all()
    assert not occlusion._blown(photo, ref, clipped, inside, 40).any()
