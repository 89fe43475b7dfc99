"""The plain backdrop a reference was photographed on is not the item.

A library keeper photographs a rounded leather patch, a zipper pull or a die-cut tag on
a white sweep; the reference image is a rectangle, so its corners (and the sides past a
pull's rounded ends) are backdrop. In a bench photo those pixels show the bench, the
appraiser's glove or the next box, which the comparison read as deviation, as a hand or
as the item being out of frame (a black-box tester's rounded patches: a "hand" in each
corner of a clean photo, genuine patches flagged with their corners as regions). The
backdrop is the near-uniform region that the image's corners share, grown inward from
them; it is only taken for backdrop when the region is small and either the item still
reaches most of the image's edge or the region is a margin all round one item (a
reference cut out a little wide: a black-box tester's cartons kept a white border the
bench photo shows as bench, and deviated along their sides). A full-bleed label whose
ground runs to its edges keeps all of it, and so does a patterned one whose squares
meet the edge. A hole punched through a die-cut item (a hang tag's string hole) shows
the backdrop's colour inside the item, and the bench in a bench photo: a small, round,
solid patch of that colour, where the colour is rare on the item, is backdrop too.

A studio photograph is not flat artwork: its sweep darkens toward one end and the
corners, and carries the camera's grain, so no one colour fills it and the item often
takes less than half the frame (a black-box tester's goods shot on white were listed
out of frame or held by a hand on most clean bench photos). Such a sweep is found as
the pixels near a smooth surface fitted to the image's border (:mod:`sweep`), and may
hold most of the image as long as it encloses one item.
"""

from __future__ import annotations

import hashlib
import threading

import cv2
import numpy as np

from appraiser.matching import sweep

CORNER = 5  # pixels of each corner sampled for the backdrop's colour
SAME = 14  # grey levels per channel: the corners share one colour, and so does the fill
MOST_EDGE = 0.6  # the backdrop may hold at most this share of the image's edge pixels
MOST_AREA = 0.3  # and at most this share of the image
FRAME_EDGE = 0.98  # a margin all round: this share of the edge pixels is backdrop, round
# one item (sweep.one_item)
GROW = 2  # work pixels the backdrop is widened by: JPEG and anti-aliasing at its edge
# A hole punched through the item: this share of the image at least and at most, this
# solid (its area over its convex hull's) and at most this much longer than wide.
HOLE_SHARE = (0.0005, 0.03)
HOLE_SOLID = 0.9
HOLE_LONG = 2.0
HOLE_RARE = 0.05  # of the item: the backdrop's colour inside it, holes and all, at most
KEEP = 32  # references whose backdrop is kept (a reference's image is under a megabyte)
_KNOWN: dict[tuple, np.ndarray] = {}
_KNOWN_LOCK = threading.Lock()
ITEM_MARGIN = 0.02  # of the longer side: the sweep kept round the item's box
ITEM_WORTH = 0.85  # the item's box is compared alone when its longer side is under this


def mask(image: np.ndarray) -> np.ndarray:
    """Pixels of ``image`` (BGR) that are backdrop, not item; all False when it has
    none (full bleed, or corners that are not one plain colour). Read-only: it is kept
    for the next photo of the same reference (a sweep takes ~10 ms to find)."""
    key = (image.shape, hashlib.blake2b(np.ascontiguousarray(image).data, digest_size=16).digest())
    with _KNOWN_LOCK:
        found = _KNOWN.pop(key, None)
    if found is None:
        found = _mask(image)
        found.setflags(write=False)
    with _KNOWN_LOCK:  # matching runs on worker threads
        _KNOWN[key] = found  # the newest last
        while len(_KNOWN) > KEEP:
            del _KNOWN[next(iter(_KNOWN))]
    return found


def _mask(image: np.ndarray) -> np.ndarray:
    if min(image.shape[:2]) < 4 * CORNER:
        return np.zeros(image.shape[:2], bool)
    smooth = cv2.medianBlur(image, 3)
    found = _corner_fill(smooth)
    if found is not None:
        found |= _holes(smooth, found)
    # a lit sweep (which refuses flat artwork) where it reaches further: the corner fill
    # takes one colour, so on a photograph it stops where the light falls off (four
    # corner patches of a vignetted sweep), or gives up where the item comes close to
    # the frame's edge and the fill runs along most of it
    swept = sweep.find(smooth)
    return found if found is not None and found.sum() >= swept.sum() else swept


def _corner_fill(smooth: np.ndarray) -> np.ndarray | None:
    """The plain region the image's corners share, when it passes for a backdrop."""
    h, w = smooth.shape[:2]
    corners = [
        smooth[:CORNER, :CORNER],
        smooth[:CORNER, -CORNER:],
        smooth[-CORNER:, :CORNER],
        smooth[-CORNER:, -CORNER:],
    ]
    colours = np.array([np.median(c.reshape(-1, 3), axis=0) for c in corners])
    spreads = [int(np.ptp(c.reshape(-1, 3), axis=0).max()) for c in corners]
    if max(spreads) > SAME or np.ptp(colours, axis=0).max() > SAME:
        return None  # not one plain colour in every corner
    filled = np.zeros((h + 2, w + 2), np.uint8)
    flags = 4 | cv2.FLOODFILL_MASK_ONLY | cv2.FLOODFILL_FIXED_RANGE | (1 << 8)
    # every corner is filled from the corners' common colour, not its own pixel
    probe = smooth.copy()
    seeds = ((0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1))
    for x, y in seeds:
        probe[y, x] = colours.mean(axis=0).astype(np.uint8)
    reach = (SAME,) * 3
    for x, y in seeds:
        if not filled[y + 1, x + 1]:
            cv2.floodFill(probe, filled, (x, y), 0, reach, reach, flags)
    found = filled[1:-1, 1:-1] > 0
    edge = np.concatenate([found[0], found[-1], found[:, 0], found[:, -1]])
    if found.mean() > MOST_AREA:
        return None  # most of the picture: the item's ground
    if edge.mean() > MOST_EDGE and not _frame(found, edge):
        return None  # the "backdrop" runs round the whole item: it is the item's ground
    if not sweep.reaches_in(found):
        return None  # a hairline margin round a printed frame: the outline is not judged
    if max(_runs(side) for side in (found[0], found[-1], found[:, 0], found[:, -1])) > 2:
        return None  # it comes and goes along an edge: a pattern's squares, not a backdrop
    return found


def _holes(smooth: np.ndarray, found: np.ndarray) -> np.ndarray:
    """Holes punched through a die-cut item (a hang tag's string hole): inside it, the
    backdrop's own colour in a small, round, solid patch. The bench photo shows the
    bench through them, which read as a deviation on every clean photo of a black-box
    tester's hang tags. Only where that colour is rare on the item: a letter's counter
    on a label whose ground is the backdrop's colour is a round solid patch of it too.
    A line of the backdrop's colour printed on the item is neither solid and round nor
    that small a part of it."""
    colour = np.median(smooth[found], axis=0).astype(np.int16)
    near = (np.abs(smooth.astype(np.int16) - colour).max(axis=2) <= SAME) & ~found
    h, w = found.shape
    out = np.zeros_like(found)
    if near.sum() > HOLE_RARE * (h * w - found.sum()):
        return out
    count, labels, stats, _ = cv2.connectedComponentsWithStats(near.astype(np.uint8), 4)
    for i in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + bw == w or y + bh == h:
            continue  # reaches the edge: not enclosed by the item
        if not HOLE_SHARE[0] * h * w <= area <= HOLE_SHARE[1] * h * w:
            continue
        piece = (labels[y : y + bh, x : x + bw] == i).astype(np.uint8)
        contours, _ = cv2.findContours(piece, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        hull = cv2.contourArea(cv2.convexHull(np.concatenate(contours)))
        (_, _), (a, b), _ = cv2.minAreaRect(np.concatenate(contours))
        if hull <= 0 or area / hull < HOLE_SOLID or max(a, b) > HOLE_LONG * max(min(a, b), 1):
            continue
        out[y : y + bh, x : x + bw] |= piece.astype(bool)
    return out


def _frame(found: np.ndarray, edge: np.ndarray) -> bool:
    """A plain margin all round one item: a reference cut out a little wide, or shot on
    a sweep with the item wholly inside. Every edge pixel is backdrop and what it
    encloses is one piece, the item; a label whose own ground runs round its print
    leaks that ground into the fill and fails MOST_AREA first."""
    return bool(edge.mean() >= FRAME_EDGE) and sweep.one_item(found) is not None


def _runs(line: np.ndarray) -> int:
    """Stretches of True along ``line``: a backdrop meets an edge from its two corners."""
    return int(np.count_nonzero(np.diff(line.astype(np.int8)) == 1) + int(line[0]))


def item_box(found: np.ndarray) -> tuple[int, int, int, int] | None:
    """The box (x0, y0, x1, y1) round what ``found`` leaves of the image, with a margin
    of ITEM_MARGIN, when the item takes clearly less of the image than all of it: a
    studio photograph's sweep wastes the comparison's resolution on what is not judged
    (a letter changed on a tag that filled half the frame went unseen)."""
    if not found.any():
        return None
    ys, xs = np.nonzero(~found)
    if not len(ys):
        return None
    h, w = found.shape
    margin = max(2, round(ITEM_MARGIN * max(h, w)))
    x0, y0 = max(0, int(xs.min()) - margin), max(0, int(ys.min()) - margin)
    x1, y1 = min(w, int(xs.max()) + 1 + margin), min(h, int(ys.max()) + 1 + margin)
    if max(x1 - x0, y1 - y0) > ITEM_WORTH * max(h, w):
        return None  # the item spans the image: no resolution to win
    return x0, y0, x1, y1


def at_work_scale(image_mask: np.ndarray, size: tuple[int, int], grow: int = GROW) -> np.ndarray:
    """``image_mask`` resized to the work frame (width, height), widened by ``grow``."""
    small = cv2.resize(image_mask.astype(np.uint8), size, interpolation=cv2.INTER_AREA) > 0
    kernel = np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)
    return cv2.dilate(small.astype(np.uint8), kernel) > 0


def enclosed(found: np.ndarray) -> np.ndarray:
    """The parts of a backdrop mask that reach no edge of the image: holes through the
    item (:func:`_holes`), judged photo by photo (:func:`backdrop_seen.open_holes`)."""
    count, labels = cv2.connectedComponents(found.astype(np.uint8), connectivity=4)
    if count <= 2:
        return np.zeros_like(found)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    return (labels > 0) & ~np.isin(labels, edge)
