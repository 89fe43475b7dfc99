"""Glare the camera's lighting fit swallows, told from a removed mark (issue 13 item 4).

A wide soft spot of lamp light is smooth enough for the lighting fit to take it for
lamp light, so the lit reference is as bright as the spot and nothing looks added; the
print under its blown-out core is gone and used to read as deviating. A sheen over bare
paper lifts no print, so the veil's print test never passed it either.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from appraiser.matching import deviation, occlusion, veil

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
    veiled = veil.veil(photo, soft, seen, inside, 40).mask
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


def _carton() -> np.ndarray:
    """A pale carton with a large dark emblem: its middle is farther from the paper than
    ABOVE_REACH."""
    ref = np.full((360, 280, 3), (200, 225, 230), np.uint8)
    ref[:70] = (90, 110, 40)
    cv2.putText(ref, "Linny 55", (50, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (40, 60, 160), 2)
    cv2.circle(ref, EMBLEM, 37, (110, 90, 40), -1)
    return ref


EMBLEM = (200, 250)


def _photographed(art: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """On a mat, turned and enlarged a little: (photo, reference -> photo homography)."""
    rng = np.random.default_rng(seed)
    turn = cv2.getRotationMatrix2D((140, 180), rng.uniform(-10, 10), rng.uniform(1.2, 1.4))
    turn[:, 2] += (480 - 140, 360 - 180)
    homography = np.vstack([turn, [0, 0, 1]])
    photo = np.full((720, 960, 3), (70, 120, 60), np.float32) + rng.normal(0, 4, (720, 960, 3))
    seen = cv2.warpPerspective(art, homography, (960, 720)).astype(np.float32)
    there = cv2.warpPerspective(np.ones(art.shape[:2], np.float32), homography, (960, 720))
    photo = photo * (1 - there[..., None]) + seen * there[..., None]
    return cv2.GaussianBlur(np.clip(photo, 0, 255).astype(np.uint8), (0, 0), 0.8), homography


def test_a_large_emblem_removed_is_a_deviation_not_glare() -> None:
    """The paper the removed emblem shows is as bright as the paper round it; only
    farther away than ABOVE_REACH from its middle (a black-box tester's counterfeit)."""
    ref = _carton()
    forged = ref.copy()
    cv2.circle(forged, EMBLEM, 38, (200, 225, 230), -1)
    photo, homography = _photographed(forged, 1)
    result = deviation.compare(ref, photo, homography)
    assert [a for a in result.not_inspected if a.reason == "glare"] == []
    assert result.deviation >= deviation.FLAG_AT
    top = result.regions[0]
    assert top.x <= EMBLEM[0] <= top.x + top.w and top.y <= EMBLEM[1] <= top.y + top.h


def test_a_glare_spot_on_the_large_emblem_is_still_glare() -> None:
    ref = _carton()
    photo, homography = _photographed(ref, 1)
    centre = homography @ np.array([*EMBLEM, 1.0])
    yy, xx = np.mgrid[0 : photo.shape[0], 0 : photo.shape[1]]
    spot = np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * 30.0**2))
    lit = np.clip(photo.astype(np.float32) + 120 * spot[..., None], 0, 255).astype(np.uint8)
    result = deviation.compare(ref, lit, homography)
    assert any(a.reason == "glare" for a in result.not_inspected)
    assert result.deviation < deviation.FLAG_AT, result.regions[:2]


@pytest.mark.parametrize(("radius", "paper"), [(4, False), (20, True)])
def test_only_a_blob_beyond_the_reach_of_paper_is_taken_for_paper_shown(
    radius: int, paper: bool
) -> None:
    """Glare that lifts a stroke to the paper's grey is a small blob, paper within reach
    of all of it (a black-box tester's bottle: a 10 x 7 px spot on a letter was taken for
    a removed mark, and the genuine bottle deviated); a removed emblem's middle is not."""
    seen = np.full((120, 160, 3), 160.0, np.float32)  # paper under dim light
    if paper:
        cv2.circle(seen, (80, 60), 30, (70.0, 70.0, 70.0), -1)  # a large emblem's ink
    else:
        seen[56:65] = 70.0  # a stroke of print
    soft = seen.copy()
    cv2.circle(soft, (80, 60), radius, (160.0, 160.0, 160.0), -1)  # shows paper's grey
    blob = np.zeros((120, 160), np.uint8)
    cv2.circle(blob, (80, 60), radius, 1, -1)
    inside = np.ones((120, 160), bool)
    seen_soft = cv2.GaussianBlur(seen, (0, 0), 2.0)
    assert occlusion._shows_paper(blob.astype(bool), soft, seen_soft, inside) is paper
