"""The plain backdrop a reference was photographed on is not the item: a black-box
tester's rounded patches and zipper pulls, shot on white, read as deviating or hidden by
a "hand" in each corner, where the bench photo shows the bench."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from bench_photo_support import on_the_bench

from appraiser.library import demo, synthetic
from appraiser.matching import backdrop, backdrop_seen, deviation

WHITE = (246, 246, 246)


def _patch(ground=(70, 60, 52), size=(300, 420), radius=100) -> tuple[np.ndarray, np.ndarray]:
    """A rounded rubber patch on a white sweep, and its silhouette."""
    h, w = size
    shape = np.zeros((h, w), np.uint8)
    cv2.rectangle(shape, (radius, 0), (w - radius, h - 1), 255, -1)
    cv2.rectangle(shape, (0, radius), (w - 1, h - radius), 255, -1)
    for cx, cy in ((radius, radius), (w - radius, radius), (radius, h - radius)):
        cv2.circle(shape, (cx, cy), radius, 255, -1)
    cv2.circle(shape, (w - radius, h - radius), radius, 255, -1)
    ref = np.full((h, w, 3), WHITE, np.uint8)
    ref[shape > 0] = ground
    cv2.circle(ref, (w // 2, 95), 42, (40, 150, 240), -1)  # an orange sun
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(ref, "MIREUX", (88, 200), font, 1.5, (235, 235, 235), 3)
    cv2.putText(ref, "Taan 91   REF 1725 UK", (80, 250), font, 0.6, (225, 225, 225), 1)
    return ref, shape > 0


def test_the_corners_of_a_rounded_patch_are_backdrop_and_its_ground_is_not() -> None:
    ref, item = _patch()
    found = backdrop.mask(ref)
    assert found[0, 0] and found[-1, -1] and found[0, -1] and found[-1, 0]
    assert not (found & item).any()
    assert found.sum() > 0.8 * (~item).sum()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_genuine_rounded_patch_on_the_bench_is_consistent_and_nothing_is_hidden(
    seed: int,
) -> None:
    ref, item = _patch()
    photo, homography = on_the_bench(ref, item, seed)
    result = deviation.compare(ref, photo, homography)
    assert result.deviation < deviation.FLAG_AT, result.regions[:2]
    assert not result.not_inspected, result.not_inspected
    assert not result.retake


def test_a_changed_letter_on_the_patch_still_deviates() -> None:
    ref, item = _patch()
    fake = ref.copy()
    fake[170:210, 88:300] = (70, 60, 52)
    cv2.putText(fake, "MIRAUX", (88, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (235, 235, 235), 3)
    _deviates_within(ref, fake, item, (88, 300), (160, 215))


def _deviates_within(
    ref: np.ndarray, fake: np.ndarray, item: np.ndarray, xs: tuple[int, int], ys: tuple[int, int]
) -> None:
    """The counterfeit on the bench deviates, its strongest region centred in the box."""
    photo, homography = on_the_bench(fake, item, 1)
    result = deviation.compare(ref, photo, homography)
    assert result.deviation >= deviation.FLAG_AT
    top = result.regions[0]
    assert xs[0] <= top.x + top.w / 2 <= xs[1] and ys[0] <= top.y + top.h / 2 <= ys[1]


@pytest.mark.parametrize(
    "ground",
    [WHITE, (200, 215, 225)],
    ids=["white label to its edges", "cream label to its edges"],
)
def test_a_full_bleed_label_keeps_all_of_its_ground(ground: tuple[int, int, int]) -> None:
    label = np.full((300, 420, 3), ground, np.uint8)
    cv2.putText(label, "ORVELLE", (60, 160), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (30, 30, 30), 4)
    assert not backdrop.mask(label).any()


def test_corners_that_are_print_or_texture_are_no_backdrop() -> None:
    rng = np.random.default_rng(4)
    grain = np.clip(rng.normal(120, 30, (300, 420, 3)), 0, 255).astype(np.uint8)
    assert not backdrop.mask(grain).any()


def test_a_checked_ground_whose_squares_meet_the_edge_is_no_backdrop() -> None:
    """The demo's bag tags: a checked ground runs to the edges past their frame line, so
    the corners' squares meet the edge again and again."""
    spec = demo.demo_specs(24, 7)[17]  # AURELIA Ixzen 64, EU
    assert not backdrop.mask(synthetic.render(spec)).any()


def _carton_cut_wide(margin: int = 14) -> tuple[np.ndarray, np.ndarray]:
    """A carton's front cut out with a white margin all round: the item touches no edge."""
    h, w = 360, 280
    ref = np.full((h, w, 3), (252, 252, 252), np.uint8)
    item = np.zeros((h, w), bool)
    item[margin : h - margin, margin : w - margin] = True
    ref[item] = (200, 225, 230)  # a pale green-grey carton
    ref[margin : margin + 70, margin : w - margin] = (90, 110, 40)  # its header band
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(ref, "MEILU", (70, margin + 50), font, 1.2, (250, 250, 250), 3)
    cv2.putText(ref, "Linny 55", (50, 160), font, 1.0, (40, 60, 160), 2)
    cv2.circle(ref, (200, 250), 36, (110, 90, 40), -1)
    return ref, item


def test_a_margin_all_round_a_carton_cut_out_wide_is_backdrop() -> None:
    ref, item = _carton_cut_wide()
    found = backdrop.mask(ref)
    assert found[0].all() and found[-1].all() and found[:, 0].all() and found[:, -1].all()
    assert (found & item).sum() < 0.001 * item.sum()  # a corner pixel of the median at most
    assert found.sum() > 0.9 * (~item).sum()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_genuine_carton_cut_out_wide_is_consistenton_the_bench(seed: int) -> None:
    """The bench photo shows the carton alone: where the reference has its white margin
    the photo has the mat, which read as deviation along every side."""
    ref, item = _carton_cut_wide()
    photo, homography = on_the_bench(ref, item, seed)
    result = deviation.compare(ref, photo, homography)
    assert result.deviation < deviation.FLAG_AT, result.regions[:2]
    assert not result.not_inspected, result.not_inspected  # all of it is in frame


def test_on_a_carton_cut_out_wide_a_changed_name_still_deviates() -> None:
    ref, item = _carton_cut_wide()
    fake = ref.copy()
    fake[130:170, 40:240] = (200, 225, 230)
    cv2.putText(fake, "Linmy 55", (50, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (40, 60, 160), 2)
    _deviates_within(ref, fake, item, (50, 200), (130, 170))


def test_a_margin_that_is_most_of_the_picture_is_the_items_ground() -> None:
    ref, _ = _carton_cut_wide(margin=70)
    assert not backdrop.mask(ref).any()


@pytest.mark.parametrize("bench", [False, True], ids=["own margin in a shadow", "bench"])
def test_a_margin_is_set_aside_only_where_the_photo_shows_something_else(bench: bool) -> None:
    """The margin is judged by the light of the item beside it: a label half in shadow
    has its own printed margin darkened with it (one gain for the whole photo called
    that bench); a mat where the reference has white is something else."""
    ref, item = _carton_cut_wide()
    light = np.linspace(1.0, 0.4, item.shape[0], dtype=np.float32)[
        :, None, None
    ]  # darker downwards
    photo = np.clip(ref.astype(np.float32) * light, 0, 255)
    if bench:
        photo[~item] = (70, 120, 60)
    shown = backdrop_seen.shows_backdrop(ref, photo.astype(np.uint8), ~item, item)
    assert shown is bench


def _punched(hole: float = 13, dot: tuple[int, int, int] | None = None) -> tuple:
    """A kraft hang tag with a string hole of radius ``hole`` punched near its top (none
    at 0), on a white sweep; the silhouette leaves the hole out, so the bench shows
    through it. ``dot``: a round dot of that colour printed lower on the tag."""
    ref, item = _patch(ground=(126, 168, 198), size=(420, 260), radius=40)
    if hole:
        cv2.circle(ref, (130, 34), 13, WHITE, -1)  # the genuine hole, as the reference has it
        item[np.hypot(*np.mgrid[-34:386, -130:130]) <= hole] = False
    if dot is not None:
        cv2.circle(ref, (200, 330), 10, dot, -1)
    return ref, item


def _compared(ref: np.ndarray, art: np.ndarray, item: np.ndarray, seed: int):
    photo, homography = on_the_bench(art, item, seed)
    return deviation.compare(ref, photo, homography)


def test_a_hole_punched_through_a_tag_is_backdrop_and_a_letters_counter_is_not() -> None:
    ref, item = _punched()
    found = backdrop.mask(ref)
    assert found[34, 130] and found[34, 120]  # the hole
    assert not (found & item).any()  # and nothing of the tag round it
    dark, _ = _patch(ground=(70, 60, 52), size=(300, 420), radius=100)
    cv2.putText(dark, "O", (300, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, (40, 150, 240), 9)
    assert not backdrop.mask(dark)[100, 300:340].any()  # the O's white counter is print


@pytest.mark.parametrize("seed", [1, 2])
def test_a_genuine_tag_with_the_bench_showing_through_its_hole_is_consistent(seed: int) -> None:
    ref, item = _punched()
    photo, homography = on_the_bench(ref, item, seed)
    result = deviation.compare(ref, photo, homography)
    assert result.deviation < deviation.FLAG_AT, result.regions[:2]
    # what shows through the hole is never reported: it is not the tag
    assert not [
        a for a in result.not_inspected if a.x <= 130 <= a.x + a.w and a.y <= 34 <= a.y + a.h
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_tag_without_its_hole_or_with_it_punched_wider_deviates(seed: int) -> None:
    """The hole is set aside only where the photo shows it open, as the genuine one is:
    a counterfeit tag without it, or with it punched wider, read consistent on any bench
    but a white one (a black-box tester's attack)."""
    ref, _ = _punched()
    art, solid = _punched(0)
    art[np.hypot(*np.mgrid[-34:386, -130:130]) <= 14] = (126, 168, 198)  # no hole printed
    result = _compared(ref, art, solid, seed)
    assert result.deviation >= deviation.FLAG_AT
    assert any(r.x <= 130 <= r.x + r.w and r.y <= 34 <= r.y + r.h for r in result.regions)
    _, wide = _punched(22)
    result = _compared(ref, ref, wide, seed)
    assert result.deviation >= deviation.FLAG_AT


def test_a_white_dot_on_the_tag_is_still_print() -> None:
    """A round white dot printed on a kraft tag looks to the reference like a hole; the
    photo shows it white, or red where a counterfeit reprinted it, never the bench."""
    ref, item = _punched(dot=WHITE)
    assert backdrop.mask(ref)[330, 200]  # taken for a hole in the reference alone
    assert _compared(ref, ref, item, 1).deviation < deviation.FLAG_AT
    red, _ = _punched(dot=(40, 30, 200))
    result = _compared(ref, red, item, 1)
    assert result.deviation >= deviation.FLAG_AT
    assert any(r.x <= 200 <= r.x + r.w and r.y <= 330 <= r.y + r.h for r in result.regions)
