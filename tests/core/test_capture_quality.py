"""The still quality gate passes good photos and names what is wrong with bad ones."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from appraiser.capture import quality
from appraiser.capture.simulated import SimulatedCamera

SHARP_FRAME = 200  # no lamp flash, the product centred


@pytest.fixture(scope="module")
def camera() -> SimulatedCamera:
    cam = SimulatedCamera(1280, 720, 30, realtime=False, seed=3)
    cam.open()
    return cam


def codes(result: quality.GateResult) -> set[str]:
    return {r.code for r in result.reasons}


def test_a_sharp_well_lit_still_passes(camera) -> None:
    result = quality.check(camera.render(SHARP_FRAME))
    assert result.passed, result.summary
    assert result.box is not None
    assert result.summary == "Passed"


def test_a_defocused_still_is_rejected_as_blurry(camera) -> None:
    camera.set_control("focus", 0.9)
    try:
        result = quality.check(camera.render(SHARP_FRAME))
    finally:
        camera.set_control("focus", 0.5)
    assert not result.passed
    assert codes(result) == {"blurry"}
    assert "refocus" in result.reasons[0].message


def test_glare_is_rejected(camera) -> None:
    image = camera.render(SHARP_FRAME).copy()
    x, y, w, h = quality.check(image).box
    cv2.circle(image, (x + w // 2, y + h // 2), h // 4, (255, 255, 255), -1)
    result = quality.check(image)
    assert "glare" in codes(result)


def test_a_small_item_is_rejected_as_too_small(camera) -> None:
    small = cv2.resize(camera.render(SHARP_FRAME), (320, 180))
    canvas = np.full((720, 1280, 3), camera._mat[5, 5], np.uint8)
    canvas[270:450, 480:800] = small
    result = quality.check(cv2.GaussianBlur(canvas, (1, 1), 0))
    assert "too_small" in codes(result)


def test_an_empty_mat_has_no_object() -> None:
    empty = np.full((720, 1280, 3), (70, 92, 48), np.uint8)
    assert "no_object" in codes(quality.check(empty))


def test_a_dark_still_is_rejected(camera) -> None:
    dark = (camera.render(SHARP_FRAME) // 5).astype(np.uint8)
    assert "too_dark" in codes(quality.check(dark))


def test_thresholds_are_adjustable(camera) -> None:
    strict = quality.Thresholds(min_sharpness=10_000)
    assert codes(quality.check(camera.render(SHARP_FRAME), strict)) == {"blurry"}
