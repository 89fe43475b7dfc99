"""A hand is skin entering from the edge, not the outline's blend with the bench.

A clean photo of a dark red tag on an olive mat listed a "hand" as a ring round the whole
tag (a tuning-world photo): where the camera blurs the mat into the tag's edge the mix is
a skin tone, all the way round.
"""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import occlusion

RED_TAG = (40, 30, 120)  # BGR
OLIVE_MAT = (60, 160, 170)
SKIN = (120, 160, 210)
SIZE = (250, 360)  # work frame, height x width


def _tag() -> np.ndarray:
    ref = np.full((*SIZE, 3), RED_TAG, np.uint8)
    cv2.putText(ref, "SOLDOR", (120, 60), cv2.FONT_HERSHEY_SIMPLEX, 1.4, (235, 235, 235), 3)
    cv2.rectangle(ref, (40, 150), (320, 210), (245, 245, 245), -1)
    return ref


def _blended_outline(photo: np.ndarray, width: int) -> np.ndarray:
    """The mat mixed into the tag's outermost ``width`` pixels, half and half at the edge."""
    out = photo.astype(np.float32)
    h, w = SIZE
    ys, xs = np.mgrid[0:h, 0:w]
    depth = np.minimum(np.minimum(ys, h - 1 - ys), np.minimum(xs, w - 1 - xs))
    mix = np.clip(0.5 * (1 - depth / width), 0, 1)[..., None]
    out = out * (1 - mix) + np.float32(OLIVE_MAT) * mix
    return np.clip(out, 0, 255).astype(np.uint8)


def _hands(ref: np.ndarray, photo: np.ndarray) -> np.ndarray:
    inside = np.ones(SIZE, bool)
    own = occlusion.balanced(photo, ref, inside)
    min_area = round(occlusion.MIN_SHARE * inside.size)
    return occlusion.hands(photo, own, ref, inside, min_area)


def test_the_bench_blurred_into_the_outline_is_not_a_hand() -> None:
    ref = _tag()
    photo = _blended_outline(ref, 5)
    mixed = photo[2, 180].astype(int)  # what the edge shows: a skin tone
    assert occlusion.skin(mixed[None, None].astype(np.float32))[0, 0], mixed
    assert not _hands(ref, photo).any()


def test_a_hand_entering_past_the_blended_outline_is_still_a_hand() -> None:
    ref = _tag()
    photo = _blended_outline(ref, 5)
    cv2.ellipse(photo, (0, 120), (45, 28), 0, 0, 360, SKIN, -1)  # from the left edge
    found = _hands(ref, photo)
    assert found[120, 30], "the hand's inner part"
    assert not found[120, 200:].any(), "nothing far from it"


def test_a_narrow_finger_along_the_edge_is_still_a_hand() -> None:
    ref = _tag()
    photo = _blended_outline(ref, 5)
    cv2.rectangle(photo, (0, 100), (22, 160), SKIN, -1)  # 22 px in, along the left side
    assert _hands(ref, photo)[130, 15]
