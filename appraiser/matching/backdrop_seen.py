"""What the bench photo shows where the reference has its backdrop (the plain ground or
studio sweep :mod:`backdrop` finds round the item): the bench, set aside and painted
over at the photo's exposure, or the item's own printed border, judged like the rest."""

from __future__ import annotations

import cv2
import numpy as np

from appraiser.matching import photometry

# The reference's backdrop is set aside when the photo shows something else on this
# share of it: a channel off by more than BACKDROP_DIFFERS grey levels once the
# reference is scaled to the photo's exposure.
BACKDROP_DIFFERS, BACKDROP_SHOWN = 40.0, 0.5
LIGHT_REACH = 12.0  # work pixels of the item whose light a backdrop pixel is judged by
BENCH_BAND = 4  # work pixels along the backdrop where the photo may show the bench instead
# A hole through the item is open in the photo when it shows a colour the bench shows:
# BENCH_SHARE of the bench (BENCH_AWAY work pixels from the item) within BENCH_LIKE
# grey levels (every channel) of the hole's median; and no more than HOLE_WIDER of the
# ring HOLE_RING work pixels round it shows that colour too.
BENCH_AWAY = 4
BENCH_LIKE = 25.0
BENCH_SHARE = 0.1
HOLE_RING = 3
HOLE_WIDER = 0.35


def gains(small: np.ndarray, aligned: np.ndarray, where: np.ndarray) -> np.ndarray | None:
    """One gain a channel taking the reference to the photo, a median over ``where``."""
    if where.sum() < 50:
        return None
    ref = small[where].astype(np.float32) + 1.0
    return np.median((aligned[where].astype(np.float32) + 1.0) / ref, axis=0)


def shows_backdrop(
    small: np.ndarray, aligned: np.ndarray, plain: np.ndarray, item: np.ndarray
) -> bool:
    """Whether the photo shows something else where the reference has its plain
    backdrop (the bench, a glove): then it is set aside. A margin all round may as well
    be the item's own printed border, which the photo shows as the reference has it,
    lit as the item beside it is (a tuning world's hang tags; a black-box tester's label
    half in shadow, whose margin a single gain for the whole photo called bench); then
    it is judged like the rest. The light is the item's own, a channel's photo/reference
    ratio smoothed over LIGHT_REACH work pixels of the item round each backdrop pixel."""
    if item.sum() < 50 or plain.sum() < 20:
        return True
    weight = photometry.wide_blur(item.astype(np.float32), LIGHT_REACH)
    near = plain & (weight > 0.05)
    if near.sum() < 20:
        return True
    ref = small.astype(np.float32) + 1.0
    photo = aligned.astype(np.float32) + 1.0
    gain = photometry.wide_blur(photo * item[..., None], LIGHT_REACH) / (
        photometry.wide_blur(ref * item[..., None], LIGHT_REACH) + 1e-3
    )
    expected = ref[near] * gain[near]
    differs = photometry.channel_max(np.abs(photo[near] - expected))
    return float(np.mean(differs > BACKDROP_DIFFERS)) >= BACKDROP_SHOWN


def bench_beside(
    small: np.ndarray, aligned: np.ndarray, off: np.ndarray, item: np.ndarray
) -> np.ndarray:
    """Reference pixels along the backdrop, within BENCH_BAND, where the photo shows the
    bench rather than the item: nearer the bench seen just beside them (a local mean of
    the photo over the backdrop) than the reference at the photo's exposure. A studio
    sweep's darkest shadow hugs the item and stays in it, and a margin's edge is a pixel
    off; there the photo shows the mat, which read as a deviation along a whole side."""
    gain = gains(small, aligned, item)
    if gain is None:
        return np.zeros_like(off)
    ring = np.ones((2 * BENCH_BAND + 1, 2 * BENCH_BAND + 1), np.uint8)
    band = (cv2.dilate(off.astype(np.uint8), ring) > 0) & item
    if not band.any():
        return band
    photo = aligned.astype(np.float32)
    bench, support = photometry.weighted_mean(photo, off.astype(np.float32), BENCH_BAND)
    expected = (small.astype(np.float32) + 1.0) * gain - 1.0
    to_bench = photometry.channel_max(np.abs(photo - bench))
    to_item = photometry.channel_max(np.abs(photo - expected))
    return band & (support > 0.05) & (to_bench < to_item)


def backdrop_filled(
    aligned: np.ndarray, small: np.ndarray, off: np.ndarray, valid: np.ndarray
) -> np.ndarray:
    """The photo with the reference's backdrop painted in where the photo shows the
    bench: the local contrast every map is normalised by reaches ten pixels past the
    item's outline, and a dark mat there against a white sweep made a ring of
    difference all round a carton cut out wide (read as an occluder as large as the
    item). Painted at the photo's exposure: the reference times one gain a channel."""
    gain = gains(small, aligned, valid)
    if gain is None:
        return aligned
    filled = np.clip((small.astype(np.float32) + 1.0) * gain - 1.0, 0, 255)
    return np.where(off[..., None], filled.astype(aligned.dtype), aligned)


def open_holes(
    small: np.ndarray, aligned: np.ndarray, holes: np.ndarray, bench: np.ndarray, item: np.ndarray
) -> np.ndarray:
    """The reference's holes through the item (:func:`backdrop.enclosed`) that the photo
    shows open: in each, a colour the bench shows round the item (``bench``: the
    backdrop's place in the photo), and the item round it not cut back. A missing hole
    shows the item's colour, a printed dot taken for a hole a colour the bench does not
    have, a hole punched wider the bench round it: each is judged like the rest of the
    item (a black-box tester's tags without, with wider and with moved holes, and with
    their white dots reprinted, read consistent). A dark tag on a dark bench cannot show
    whether its hole is there, and is given the benefit of the doubt."""
    out = np.zeros_like(holes)
    away = cv2.erode(bench.astype(np.uint8), np.ones((2 * BENCH_AWAY + 1,) * 2, np.uint8))
    shown_bench = aligned[away.astype(bool)].astype(np.float32)
    if len(shown_bench) < 50:
        return out
    gain = gains(small, aligned, item)
    if gain is None:
        return out
    photo = aligned.astype(np.float32)
    count, labels = cv2.connectedComponents(holes.astype(np.uint8), connectivity=8)
    for i in range(1, count):
        hole = labels == i
        core = cv2.erode(hole.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
        near = cv2.dilate(hole.astype(np.uint8), np.ones((2 * HOLE_RING + 1,) * 2, np.uint8))
        ring = near.astype(bool) & ~hole & item
        if core.sum() < 4 or ring.sum() < 12:
            continue
        shown = np.median(photo[core], axis=0)
        like = photometry.channel_max(np.abs(shown_bench - shown)) < BENCH_LIKE
        if float(like.mean()) < BENCH_SHARE:
            continue  # a colour the bench does not show: print, judged
        # round it the item as the reference has it, or the bench again: punched wider
        # (unless the item there is the bench's colour anyway)
        like_hole = photometry.channel_max(np.abs(photo[ring] - shown)) < BENCH_LIKE
        item_there = np.median(small[ring].astype(np.float32) + 1.0, axis=0) * gain - 1.0
        tells = float(np.abs(item_there - shown).max()) >= BENCH_LIKE
        if tells and float(like_hole.mean()) > HOLE_WIDER:
            continue
        out |= hole
    return out
