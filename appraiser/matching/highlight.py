"""A highlight baked into the reference: a studio photo's sheen on a glossy box or tag.

A reference that is a photograph, not the artwork, carries the light of its own studio:
a soft white band where the lamp caught the varnish. Under it the print fades toward
white; the bench photo, lit another way, shows that print at full strength, and every
stroke under the band read as deviating (a black-box tester's studio-photo references
had their top region on it in most genuine photos). Worse, the band's lifted ground
pulled the light model's gains down everywhere else, and the whole item deviated.

Such a highlight is a veil: each reference pixel is ``(1 - a)`` of the print plus ``a``
of white, with ``a`` smooth across the item. On the item's ground (its commonest flat
colour) ``a`` can be read off the reference itself: a veiled ground pixel lies on the
line from the ground colour to white, ``a`` of the way along. The photo is asked only
whether the lift is the reference's alone: a printed gradient or a lighter panel shows
in the photo too, and stays. Between ground pixels ``a`` is interpolated (the print
under the band), and :func:`lifted` takes the veil off: ``(ref - a * white) / (1 - a)``.

What a veil cannot make stays a difference: it only lightens, it is white, and it is
read from the ground, never from the print a counterfeit changes. Where it leaves less
than ``HIDDEN_ABOVE`` of the print's contrast, the reference no longer shows the print:
that part is not inspected (glare)."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from appraiser.matching.photometry import (
    channel_max,
    channel_min,
    commonest_colours,
    weighted_mean,
)

WHITE = 250.0  # reference grey a studio highlight fades print toward
SPAN = 60.0  # grey levels (RMS over channels) between the ground and white for a veil to show
OFF_LINE = 14.0  # grey levels a veiled ground pixel may stray from the ground-white line
FAINTEST = 0.06  # of white: a ground pixel lifted less is the ground
SHOWN = 0.5  # of the reference's lift the photo may show too for it to be the reference's
GROUND_REACH = 15.0  # work pixels: the photo's ground colour is measured this locally
NEAR_SUPPORT = 0.2  # share of bare ground round a pixel for its local colour to hold alone
REACH = 3.0  # work pixels: how far the veil read on the ground is carried over print
BLOWN = 1.05  # of the way to white: a core up to this bright (clipped to 255) is highlight
STRONGEST = 0.95  # of white: past this the division taking the veil off is all noise
HIDDEN_ABOVE = 0.75  # of white: the reference keeps too little of its print to judge
WHITE_PRINT = 235  # reference grey (every channel) of white print
MIN_WHITE = 30  # white print pixels needed to measure how the camera shows white
BRIGHTEST = 99  # percentile of the item's brightness taken for white without white print
MIN_LIFTED = 50  # veiled ground pixels (work scale) below which there is no highlight
STEP = 2  # the veil is read at 1 / STEP of the work scale
FADES = 0.15  # of white: how much a highlight's strength must vary across it
RIM = 0.15  # of white: the median strength a highlight may have along its own edge
RIM_WIDTH = 2  # pixels (half scale): the edge a piece's rim is read on
GROUNDS = 3  # flat colours a highlight is read on
GROUND_SHARE = 0.05  # of the flat pixels: a colour rarer is no ground
GROUND_NEAR = 12.0  # grey levels (any channel) from a ground colour: that ground
SMOOTH = 2.0  # work pixels: a sheen's lift is smooth at this scale
MIN_SHARE = 0.01  # of the visible item: a piece of sheen smaller is print
STEEPEST = 0.08  # of the way to white per work pixel: steeper is print's edge, not sheen


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def _white_of(ref: np.ndarray, photo: np.ndarray, clear: np.ndarray) -> np.ndarray:
    """What the photo shows where the reference is white (one colour): what a highlight
    fades print toward, as this camera sees it. Measured on the reference's own white
    print where ``clear`` (the visible item), else the brightest the item shows: a light
    model fitted on a dark tag's ground says little of how its white lettering comes
    out (on a black tag it put white anywhere from 0 to far past 255)."""
    # away from their edges: a thin white stroke's blur in the photo pulls it to the ground
    white = (channel_min(ref) >= WHITE_PRINT).astype(np.uint8)
    whites = clear & cv2.erode(white, np.ones((3, 3), np.uint8)).astype(bool)
    if whites.sum() >= MIN_WHITE:
        return np.median(photo[whites].astype(np.float32), axis=0)
    return np.percentile(photo[clear].astype(np.float32), BRIGHTEST, axis=0)


@dataclass
class Veil:
    """The reference's highlight: ``share`` of white at each work pixel, and the
    reference with it taken off (``ref``)."""

    share: np.ndarray
    ref: np.ndarray

    def washed(self) -> np.ndarray:
        """Where the reference keeps too little of its print to judge."""
        return self.share >= HIDDEN_ABOVE


def _grounds(values: np.ndarray) -> list[np.ndarray]:
    """The reference's commonest flat colours (a tag's ground, a panel on it) dark enough
    for a veil to move them: a light ground is left out, a veil barely moves it, nor the
    light fitted on it."""
    out = []
    for ground in commonest_colours(values, GROUNDS, GROUND_SHARE):
        span = WHITE - ground
        if float(np.sqrt(np.mean(span * span))) >= SPAN:
            out.append(ground.astype(np.float32))
    return out


def _unveiled(
    grounds: list[np.ndarray],
    ref: np.ndarray,
    p: np.ndarray,
    p_white: np.ndarray,
    visible: np.ndarray,
) -> list[np.ndarray]:
    """``grounds`` less those that are an earlier ground faded toward white where the
    photo shows that ground as it is: a wide highlight's flank is common enough to pass
    for a ground of its own, and read on it the veil came out too weak."""
    r = ref.astype(np.float32)
    nears = [visible & (channel_max(np.abs(r - g)) < GROUND_NEAR) for g in grounds]
    kept: list[int] = []
    for k, ground in enumerate(grounds):
        veiled = False
        for j in kept:
            under = grounds[j]
            span = WHITE - under
            t = float((ground - under) @ span) / float(span @ span)
            stray = float(np.linalg.norm(ground - under - t * span))
            if t < FAINTEST or stray > OFF_LINE or not nears[k].any() or not nears[j].any():
                continue
            shown, base = np.median(p[nears[k]], axis=0), np.median(p[nears[j]], axis=0)
            p_span = p_white - base
            p_t = float((shown - base) @ p_span) / max(float(p_span @ p_span), 1.0)
            veiled |= p_t < SHOWN * t
        if not veiled:
            kept.append(k)
    return [grounds[k] for k in kept]


def _along(ref: np.ndarray, ground: np.ndarray, visible: np.ndarray):
    """How far each pixel is along the line from ``ground`` to white, and where that
    holds: close to the line, and lifted gently. A sheen ramps over many pixels; the
    edge of white print on the ground blends the two in one or two (and a pixel's
    misalignment lifts it), and a thin stroke of a lighter tint stands off its own
    surroundings."""
    span = WHITE - ground
    off = ref.astype(np.float32) - ground
    t = ((off @ span) / float(span @ span)).astype(np.float32)
    stray = np.linalg.norm(off - t[..., None] * span, axis=2)
    # a core blown past the highlight's white is all highlight: nothing of the print is
    # left there to restore, which its share (STRONGEST, washed out) says
    within = t <= BLOWN
    t = np.minimum(t, 1.0)
    gx = cv2.Sobel(t, cv2.CV_32F, 1, 0, ksize=3) / 8
    gy = cv2.Sobel(t, cv2.CV_32F, 0, 1, ksize=3) / 8
    steep = STEEPEST * STEP  # per pixel of the half-scale image
    smooth = np.abs(t - _blur(t, SMOOTH / STEP)) <= STEEPEST / 2
    gentle = (np.hypot(gx, gy) <= steep) & smooth
    return t, visible & gentle & within & (stray <= OFF_LINE)


def lifted(
    ref: np.ndarray, photo: np.ndarray, flat: np.ndarray, visible: np.ndarray
) -> Veil | None:
    """The reference's own highlight, taken off, or None when it has none the photo
    lacks. ``photo``: aligned to ``ref`` (work frame); ``flat``: the reference's visible
    flat pixels (its ground colour is their commonest); ``visible``: the item the photo
    shows. The veil is smooth, so it is read at half the work scale (a quarter of the
    cost on every comparison) and taken off at full scale."""
    if np.count_nonzero(flat) < 100:
        return None
    h, w = flat.shape
    size = (max(1, w // STEP), max(1, h // STEP))

    def small(img: np.ndarray) -> np.ndarray:
        return cv2.resize(img, size, interpolation=cv2.INTER_AREA)

    def mask(m: np.ndarray) -> np.ndarray:
        return small(m.astype(np.float32)) > 0.5

    share = _share(small(ref), small(photo), mask(flat), mask(visible))
    if share is None:
        return None
    share = cv2.resize(share, (w, h), interpolation=cv2.INTER_LINEAR)
    share[share < FAINTEST / 2] = 0.0
    a = share[..., None]
    clean = (ref.astype(np.float32) - a * WHITE) / (1.0 - a)
    return Veil(share, np.clip(clean, 0, 255).astype(ref.dtype))


def _share(
    ref: np.ndarray, photo: np.ndarray, flat: np.ndarray, visible: np.ndarray
) -> np.ndarray | None:
    """The veil's share of white at each pixel of these (half-scale) images, or None."""
    values = ref[flat]
    if len(values) < 100:
        return None
    least = max(MIN_LIFTED / STEP**2, MIN_SHARE * np.count_nonzero(visible))
    p = photo.astype(np.float32)
    t_own = np.full(flat.shape, np.inf, np.float32)
    nearest = np.zeros(flat.shape, np.float32)  # how much of its ground surrounds a pixel
    bare = np.zeros(flat.shape, bool)
    p_white = _white_of(ref, photo, visible)
    for ground in _unveiled(_grounds(values), ref, p, p_white, visible):
        t, on_line = _along(ref, ground, visible)
        lift = on_line & (t >= FAINTEST)
        below = on_line & (t < FAINTEST / 2)
        bare |= below
        if below.sum() < least or _largest(lift) < least:
            continue  # no piece of lifted ground as large as a highlight
        # how far the photo lifts the same pixels from its own ground, as lit nearby
        p_ground, support = weighted_mean(p, below.astype(np.float32), GROUND_REACH / STEP)
        # far inside a wide highlight no bare ground is near: the ground as the photo
        # shows it anywhere stands in
        mix = np.clip(support / NEAR_SUPPORT, 0.0, 1.0)[..., None]
        p_ground = mix * p_ground + (1 - mix) * np.median(p[below], axis=0)
        p_span = p_white - p_ground
        p_t = ((p - p_ground) * p_span).sum(axis=2) / np.maximum((p_span * p_span).sum(axis=2), 1.0)
        mine = lift & (p_t < SHOWN * t)
        # a tint of the ground (a lighter panel) under the veil: the photo says how far
        # along the line the print itself is, the rest is the veil's
        shown = np.clip(p_t, 0.0, 0.9)
        t = (t - shown) / (1.0 - shown)
        # a pixel on two grounds' lines (a panel printed a tint of the tag) is read on the
        # ground that surrounds it
        closer = mine & (support > nearest)
        t_own = np.where(closer, t, t_own)
        nearest = np.where(closer, support, nearest)
    own = _soft(np.isfinite(t_own) & ~bare, bare, t_own, least)
    if not own.any():
        return None
    weight = (own | bare).astype(np.float32)
    t = np.where(own, t_own, 0.0).astype(np.float32)
    share, cover = weighted_mean(t, weight, REACH / STEP)
    share = np.where(cover > 1e-3, share, 0.0)
    return np.clip(share, 0.0, STRONGEST).astype(np.float32)


def _soft(own: np.ndarray, bare: np.ndarray, t: np.ndarray, least: float) -> np.ndarray:
    """The pieces of ``own`` that are a highlight: as large as one, and fading. A sheen
    rises from nothing at its edge toward its core; a mark printed a lighter tint of
    the ground is as light at its edge as in its middle, all one tint, and when a
    counterfeit leaves it out the photo shows only the ground there, just as under a
    highlight (a bottle's emblem removed was taken off the reference with it). The edge
    is read where the piece meets bare ground, not where print cuts across it."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(own.astype(np.uint8), 8)
    keep = np.zeros(count, bool)
    # where it meets the bare ground (not where print interrupts it)
    beside = cv2.dilate(bare.astype(np.uint8), np.ones((3, 3), np.uint8), iterations=RIM_WIDTH)
    rim = own & beside.astype(bool)
    for k in range(1, count):
        if stats[k, cv2.CC_STAT_AREA] < least:
            continue
        piece = labels == k
        lo, hi = np.percentile(t[piece], [10, 90])
        edge = t[piece & rim]
        keep[k] = hi - lo >= FADES and (edge.size == 0 or float(np.median(edge)) <= RIM)
    return keep[labels]


def _largest(mask: np.ndarray) -> int:
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), 8)
    return int(stats[1:, cv2.CC_STAT_AREA].max()) if len(stats) > 1 else 0
