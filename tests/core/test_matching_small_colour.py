"""A black-and-white label whose only colour is a small emblem (issue 13; a black-box
tester's world, atk14): the emblem recoloured black to red read consistent, because
less than 1 % of the photo showed any colour and the whole photo was taken for a
greyscale one, whose colour is never judged."""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import deviation, photometry

H, W = 240, 360
EMBLEM = (50, 50)  # centre, reference pixels


def _label(emblem: tuple[int, int, int]) -> np.ndarray:
    ref = np.full((H, W, 3), 250, np.uint8)
    # a striped disc, strokes a few pixels wide, no flat patch of its colour
    disc = np.zeros((H, W), np.uint8)
    cv2.circle(disc, EMBLEM, 14, 1, -1)
    disc[np.arange(H) % 6 >= 4, :] = 0
    ref[disc.astype(bool)] = emblem
    cv2.putText(ref, "OBERLINE", (80, 62), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (25, 25, 25), 3)
    for i in range(40):  # barcode bars
        x = 180 + i * 4
        ref[110:200, x : x + 1 + i % 3] = 20
    cv2.putText(ref, "Chef Knife 21 cm", (20, 130), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (30, 30, 30), 1)
    return ref


def _photographed(art: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    turn = cv2.getRotationMatrix2D((W / 2, H / 2), rng.uniform(-4, 4), 2.2)
    turn[:, 2] += (500 - W / 2, 380 - H / 2)
    homography = np.vstack([turn, [0, 0, 1]])
    photo = np.full((760, 1000, 3), (95, 110, 125), np.float32)
    seen = cv2.warpPerspective(art.astype(np.float32), homography, (1000, 760))
    there = cv2.warpPerspective(np.ones((H, W), np.float32), homography, (1000, 760))
    photo = photo * (1 - there[..., None]) + seen * there[..., None]
    photo = cv2.GaussianBlur(photo, (0, 0), 0.9) + rng.normal(0, 2.0, photo.shape)
    # saved as a camera saves it: JPEG halves the colour's resolution and smooths its grain
    _ok, jpeg = cv2.imencode(".jpg", np.clip(photo, 0, 255).astype(np.uint8))
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), homography


def test_a_photo_with_a_small_coloured_emblem_is_no_greyscale_photo() -> None:
    photo, homography = _photographed(_label((40, 30, 170)), 1)
    label = cv2.warpPerspective(np.ones((H, W), np.uint8), homography, photo.shape[1::-1])
    inside = cv2.erode(label, np.ones((9, 9), np.uint8)).astype(bool)  # the label alone
    assert not photometry.monochrome(photo, inside)
    grey = cv2.cvtColor(cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)
    assert photometry.monochrome(grey, inside)


def test_a_black_emblem_printed_red_deviates_and_the_genuine_one_does_not() -> None:
    ref = _label((20, 20, 20))
    photo, homography = _photographed(_label((40, 30, 170)), 2)
    forged = deviation.compare(ref, photo, homography)
    assert forged.deviation >= deviation.FLAG_AT
    top = forged.regions[0]
    assert top.x <= EMBLEM[0] <= top.x + top.w and top.y <= EMBLEM[1] <= top.y + top.h
    photo, homography = _photographed(ref, 3)
    assert deviation.compare(ref, photo, homography).deviation < deviation.FLAG_AT
