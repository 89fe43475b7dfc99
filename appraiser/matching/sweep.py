"""The sweep of a studio photograph, which is backdrop, not item (:mod:`backdrop`).

A library keeper shoots goods on a paper sweep: lit from above, it darkens toward one
end and the corners, carries the camera's grain, and the item casts a soft shadow on
it. No one colour fills it, so :mod:`backdrop`'s corner fill misses it, and the item
often takes under half the frame. Found as the pixels near a smooth surface fitted to
the image's border band, with the item's shadow, stopping at the item's outline, and
only when what is left is one item.
"""

from __future__ import annotations

import cv2
import numpy as np

RING = 0.02  # of the shorter side: the border band a sweep's light is fitted on
SWEEP_NEAR = 8.0  # grey levels per channel from the fitted sweep (beyond its grain)
SWEEP_GRAIN = 3.0  # the most grain (residual sigma, grey levels) a plain sweep has
SWEEP_RING = 0.6  # the sweep holds at least this share of the border band
SWEEP_AREA = 0.97  # and at most this share of the image
SWEEP_ITEM = 0.03  # the item it encloses is at least this share of the image
SHADE_DEEPEST = 0.45  # a soft shadow on the sweep keeps at least this share of its light
SHADE_LIGHTEST = 1.0  # ...and is darker than this: paler is the sweep, or a pale item
SHADE_FADE = 0.02  # the shade's depth changes by this share across 5 px (at SWEEP_SIDE)
SHADE_TINT = 0.06  # ...and its colour: channels dimmed alike, within this share
SHADE_STEP = 24  # grey levels across 3 px (at SWEEP_SIDE): the item's outline, not shade
OUTLINE_STEP = 4  # grey levels across 3 px (at SWEEP_SIDE): an outline the fill stops at
OUTLINE_GRAIN = 3.0  # ...or this many times the sweep's grain, whichever is more
# the border band's fit, pass by pass: the surface's order and the grey levels it keeps
PEEL = (
    (0, 3 * SWEEP_NEAR),
    (1, 2.5 * SWEEP_NEAR),
    (2, 1.5 * SWEEP_NEAR),
    (3, SWEEP_NEAR),
    (3, SWEEP_NEAR),
)
SWEEP_SIDE = 256  # pixels: the longest side the sweep is looked for at
ONE_PIECE = 0.95  # the item: this share of what a backdrop leaves is one piece
_DEPTH = np.ones((9, 9), np.uint8)  # a backdrop reaches at least this far in somewhere
_NICK = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))  # seepage closed over


def find(smooth: np.ndarray) -> np.ndarray:
    """The sweep of a studio photograph: pixels within SWEEP_NEAR of a cubic surface
    (per channel) fitted to the image's border band, joined to that band, where the fit
    leaves no more than SWEEP_GRAIN of grain. Flat artwork has no grain or light falloff
    and is left to :func:`backdrop.mask`'s own rules (a label's plain ground is the item)."""
    full = smooth.shape[1], smooth.shape[0]
    shrink = min(1.0, SWEEP_SIDE / max(full))
    if shrink < 1.0:  # the surface is smooth: a small copy finds it as well, and fast
        smooth = cv2.resize(smooth, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    found = _sweep_found(smooth)
    if shrink < 1.0 and found.any():
        found = cv2.resize(found.astype(np.uint8), full, interpolation=cv2.INTER_NEAREST) > 0
    return found if found.any() else np.zeros(full[::-1], bool)


def _sweep_found(smooth: np.ndarray) -> np.ndarray:
    h, w = smooth.shape[:2]
    none = np.zeros((h, w), bool)
    band = max(3, round(RING * min(h, w)))
    ring = np.ones((h, w), bool)
    ring[band:-band, band:-band] = False
    img = smooth.astype(np.float32)
    fitted = _sweep_model(img, ring)
    if fitted is None:
        return none
    model, grain = fitted
    # the fill stops at the item's outline, a step of OUTLINE_STEP: a pale label on a
    # pale sweep is still an item, its outline the one faint edge between the two
    near_step = cv2.morphologyEx(smooth, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8))
    outline = (near_step > max(OUTLINE_STEP, OUTLINE_GRAIN * grain)).any(axis=2)
    near = (np.abs(img - model).max(axis=2) <= SWEEP_NEAR) & ~outline
    shade = _shade(img, model)
    # with the item's soft shadow if that leaves one item; a pale item darker than the
    # sweep passes for shade too, and then only print is left: the sweep alone is taken
    for fill in (near | shade, near):
        found = _one_item_around(fill, outline, ring)
        if found is not None:
            return found
    return none


def _sweep_model(img: np.ndarray, ring: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The sweep's light over the whole image, fitted on the border band (the item may
    reach the border: fitted again without it), and its grain; None when the band is not
    mostly a smooth plain surface with a photograph's grain or falloff."""
    h, w = ring.shape
    ys, xs = np.nonzero(ring)
    terms = _surface(xs / w, ys / h)
    keep = np.ones(len(ys), bool)
    # the item may run along the border (a dark band near it, its own ground where it
    # is cut by the frame): a flexible surface fitted at once weaves through both. Each
    # pass bends more and keeps only what lies nearer the last one, so the first, a
    # plain colour, settles on the sweep as the band's commonest colour
    for order, near in PEEL:
        used = terms[:, : (order + 1) * (order + 2) // 2]
        if keep.sum() < used.shape[1] * 4:
            return None
        coef, *_ = np.linalg.lstsq(used[keep], img[ys[keep], xs[keep]], rcond=None)
        off = np.abs(img[ys, xs] - used @ coef).max(axis=1)
        keep = off <= near
    grain = float(np.median(off[keep])) * 1.5 + 0.5 if keep.any() else np.inf
    if keep.mean() < SWEEP_RING or grain > SWEEP_GRAIN:
        return None
    if grain < 0.75 and np.ptp(used[keep] @ coef, axis=0).max() < 2:
        return None  # one exact colour: artwork, whose ground is the item's
    yy, xx = np.mgrid[0:h, 0:w]
    return (_surface(xx.ravel() / w, yy.ravel() / h) @ coef).reshape(h, w, 3), grain


def _one_item_around(fill: np.ndarray, outline: np.ndarray, ring: np.ndarray) -> np.ndarray | None:
    """The part of ``fill`` joined to the border band, when it encloses one item (the
    SWEEP_* limits); None otherwise."""
    _, labels = cv2.connectedComponents(fill.astype(np.uint8), connectivity=4)
    touching = np.unique(labels[ring & fill])
    found = np.isin(labels, touching[touching > 0])
    # the outline's step marks a pixel on either side: the sweep's side is backdrop
    found |= (cv2.dilate(found.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0) & outline
    if not found.any() or found.mean() > SWEEP_AREA:
        return None
    item = one_item(found)
    if item is None or item.sum() < SWEEP_ITEM * found.size:
        return None  # not one item on it: print on a plain ground
    # the shade may seep a pixel or two into the item where its outline is faint: the
    # item is one solid piece, so its outline is closed over such nicks and holes
    one = cv2.morphologyEx(item.astype(np.uint8), cv2.MORPH_CLOSE, _NICK)
    _, around = cv2.connectedComponents(1 - one, connectivity=4)
    outside = np.unique(around[ring & (one == 0)])
    found &= np.isin(around, outside[outside > 0])
    return found if reaches_in(found) else None


def one_item(found: np.ndarray) -> np.ndarray | None:
    """What ``found`` (a backdrop) leaves, when it is one item: its largest piece, if
    that is ONE_PIECE of the rest; None when there is nothing else or many pieces."""
    pieces, labels, stats, _ = cv2.connectedComponentsWithStats(
        (~found).astype(np.uint8), connectivity=8
    )
    if pieces < 2:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    if areas.max() < ONE_PIECE * areas.sum():
        return None
    return labels == 1 + int(np.argmax(areas))


def reaches_in(found: np.ndarray) -> bool:
    """Whether a backdrop reaches a few pixels in somewhere: a hairline margin round a
    printed frame is not one, and its outline is not judged."""
    return bool(cv2.erode(found.astype(np.uint8), _DEPTH).any())


def _shade(img: np.ndarray, model: np.ndarray) -> np.ndarray:
    """The item's soft shadow on the sweep: the sweep's own colour dimmed (every channel
    by one share, SHADE_DEEPEST at most) and changing gently, where the item's outline
    is a step. Left out, the bench photo shows the bench in that band round the item,
    which read as the item turning away out of the frame."""
    ratio = (img + 1.0) / (model + 1.0)
    mean = ratio.mean(axis=2)
    tinted = np.abs(ratio - mean[..., None]).max(axis=2) > SHADE_TINT * mean
    square = np.ones((3, 3), np.uint8)
    grey = cv2.cvtColor(np.clip(img, 0, 255).astype(np.uint8), cv2.COLOR_BGR2GRAY)
    steep = cv2.morphologyEx(grey, cv2.MORPH_GRADIENT, square) > SHADE_STEP
    # a shadow dims every channel alike, so its hue holds; a cream tag's edge on a white
    # sweep is a step of hue however faint it is in grey
    hue = img / (img.mean(axis=2, keepdims=True) + 1.0)
    turns = cv2.morphologyEx(hue, cv2.MORPH_GRADIENT, square).max(axis=2) > SHADE_TINT / 2
    # and a soft shadow fades: across a few pixels its depth changes, where a grey
    # tag's plain margin beside it is dimmed by one share throughout
    fades = cv2.morphologyEx(mean, cv2.MORPH_GRADIENT, np.ones((5, 5), np.uint8)) > SHADE_FADE
    dimmed = (mean >= SHADE_DEEPEST) & (mean < SHADE_LIGHTEST)
    return dimmed & fades & ~tinted & ~steep & ~turns


def _surface(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    # cubic: the light falling off toward one end and the corners, and the tail of the
    # item's shadow where it runs off the frame, bend the border band past a quadratic
    terms = [np.ones_like(x), x, y, x * x, x * y, y * y, x**3, x * x * y, x * y * y, y**3]
    return np.stack(terms, axis=1).astype(np.float32)
