"""What in the aligned photo is not the item, so the comparison must not judge it.

A bench photo shows more than the item: the fingers that hold it, a lamp's glare, the
shadow of a hand, parts of the item outside the frame, something lying across it. None of
that is evidence about the item; read as deviation it makes a genuine item look forged.
:func:`detect` finds such areas in the reference frame (at the comparison's work scale)
from what the comparison already has: the clean reference, the photo warped onto it and
the reference rendered as the camera saw it (:mod:`photometry`). They become *not
inspected*: left out of the deviation maps and the regions, and reported with a reason.

The cues are deliberately relative to the reference, never absolute colours alone:

* ``hand`` — skin-coloured after undoing the camera's white balance, where the reference
  is not, in a blob that enters from the item's edge (hands hold items from outside;
  a recoloured logo in the middle of the artwork stays a deviation), grown into the dark
  shadow the hand casts beside it.
* ``glare`` — clipped or nearly white where the reference, as lit, is darker and brighter
  than any paper it has nearby (a removed mark shows only the paper around it), with the
  soft halo of added light around it or a blown-out core (a lamp's stripe along a
  bottle); and the veil of a sheen (:mod:`veil`): white added light that lifts print and
  ground alike, or fades across a band of colour (``Hidden.washed``: there only the
  colour is left out, the print under it is still compared).
* ``shadow`` — a hard luminance drop with the reference's chroma and texture kept.
* ``out_of_frame`` — reference pixels the homography maps outside the photo, and thin
  strips along the item's border that show none of the reference (a label turning away
  round a bottle).
* ``occluded`` — a large area entering from the edge where the photo's structure has
  nothing of the reference's (something lying across the item).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import cv2
import numpy as np

from appraiser.matching import shading, veil
from appraiser.matching.backdrop import GROW as BACKDROP_GROW
from appraiser.matching.masks import blur, components, disk, gray, grow, joined, radius
from appraiser.matching.photometry import channel_max, channel_min, monochrome

REASONS = ("hand", "glare", "shadow", "out_of_frame", "occluded")
# Above this share of the reference not inspected, the photo cannot vouch for the item
# either way: the suggestion is "retake" (DESIGN §3.1), not consistent or deviates.
RETAKE_SHARE = 0.5
MIN_SHARE = 0.004  # smaller blobs are noise, or a defect: never hidden
MERGE_GAP = 8  # reference pixels between two areas of one reason listed as one
MERGE_FILL = 0.6  # ...when their boxes fill this much of the joined box
EDGE_BAND = 0.04  # a hand or occluder blob must reach this close to the visible edge
# Of the longest side: how far in the photo blurs the bench into the item's outline. A dark
# red tag on an olive mat mixes to skin tones there, all round (a clean photo listed a
# "hand" as a ring round the tag); a hand reaches well past it.
OUTLINE_BLEND = 0.02
GLARE_LIFT = 28.0  # grey levels brighter than the lit reference: added light
CLIPPED_CORE = 245  # every channel at least this bright: blown out
ABOVE_LIT = 10.0  # grey levels above the brightest lit reference nearby
ABOVE_REACH = 14  # work pixels: "nearby" reaches past a removed mark or emblem
GLARE_KEEPS = 0.25  # of the print's fine detail (relative to around) glare that is not white keeps
# Blown out, the paper under a lamp's spot is this much brighter (against the
# reference's own paper) than the photo's paper around it; a removed mark shows paper
# exposed like the paper nearby. Tuning worlds: 1.08 missed a wide spot whose halo
# lifts the paper around it too (1.06 against 1.00).
BLOWN_ABOVE = 1.05
BLOWN_HALO = 0.25  # the paper just beside the core keeps this share of its lift
HALO_STEPS = 1  # how many times a spot's halo is followed out by the spot's own radius
PAPER_SAME = 14.0  # grey levels a channel: a removed mark shows the paper around it
PAPER_EVEN = 18.0  # grey levels between its 10th and 90th percentile: it shows it evenly
INK_BELOW = 40.0  # grey levels under the paper: the reference has a mark there to remove
HALO_LIFT = 8.0  # the mean lift around a glare seed: light spreads, a missing mark does not
SHADOW_RATIO = 0.72  # photo / expected luminance below this: a hard shadow
SHADOW_LIT = 60.0  # grey level the item must show in full light for a shadow to be told
CHROMA_KEPT = 0.045  # normalised-chroma change still counted as the same surface
TURNED_DEPTH = 0.12  # of the reference's side: how far a strip turned away may reach in
TURNED_STRUCTURE = 0.5  # mean structure difference there: the photo shows something else
OCCLUDED_SHARE = 0.08  # occluders smaller than this are left to the deviation map
OCCLUDED_STRUCTURE = 0.55  # mean structure difference: the photo shows something else


@dataclass
class Area:
    """One not-inspected area, in reference pixels (the ``match --json`` form)."""

    reason: str
    x: int
    y: int
    w: int
    h: int
    share: float  # of the reference

    def as_dict(self) -> dict:
        return {
            "reason": self.reason,
            "box": [self.x, self.y, self.w, self.h],
            "share": round(float(self.share), 4),
        }


@dataclass
class Hidden:
    """The not-inspected mask (work frame) and its areas; ``share`` is of the reference."""

    mask: np.ndarray
    areas: list[Area]
    share: float
    shadow: np.ndarray | None = None  # the part of ``mask`` hidden by a deep shadow
    backdrop: np.ndarray | None = None  # the reference's backdrop, in ``mask``, not item
    # the part of ``mask`` under a sheen that leaves the print showing: its colour is not
    # inspected, its print is (a letter changed under a lamp's spot is still a change)
    washed: np.ndarray | None = None

    def lighting(self, visible: np.ndarray) -> np.ndarray:
        """Where the light may still be measured: the ``visible`` item minus what is not
        it (a hand, glare, the bench beyond its edge), shadows included: their depth is
        the light."""
        other = self.mask if self.shadow is None else self.mask & ~self.shadow
        grown = cv2.dilate(other.astype(np.uint8), np.ones((13, 13), np.uint8))
        return visible & ~grown.astype(bool)

    @property
    def print_hidden(self) -> np.ndarray:
        """``mask`` less the sheens: where the print itself cannot be judged."""
        return self.mask if self.washed is None else self.mask & ~self.washed

    @property
    def on_item(self) -> np.ndarray:
        """``mask`` less the backdrop: what of the item itself was not inspected (what
        the reference was shot on is no part of it, and is never shown as hidden)."""
        return self.mask if self.backdrop is None else self.mask & ~self.backdrop

    @property
    def retake(self) -> bool:
        return self.share > RETAKE_SHARE


def balanced(photo: np.ndarray, ref: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The photo with the camera's overall per-channel gain undone (float32 BGR): its
    colours in the reference's terms, so a skin test does not depend on the lamp or the
    white balance. One robust gain per channel (a median of ratios), not the smooth gain
    field of :mod:`photometry`: a large hand bends that field until it explains the hand."""
    use = inside & (channel_min(ref) > 30) & (channel_max(photo) < 250)
    if use.sum() < 50:
        return photo.astype(np.float32)
    step = max(1, int(use.sum()) // 4000)  # a median needs no more samples than that
    ratio = photo[use][::step].astype(np.float32) / ref[use][::step].astype(np.float32)
    gain = np.clip(np.median(ratio, axis=0), 0.2, 5.0)
    return photo.astype(np.float32) / gain


def _chroma(bgr: np.ndarray) -> np.ndarray:
    img = blur(bgr.astype(np.float32), 1.5)
    return img / (img.sum(axis=2, keepdims=True) + 12.0)


def recoloured(actual: np.ndarray, expected: np.ndarray, level: float) -> np.ndarray:
    """Where the balanced photo's chroma (``actual``) is more than ``level`` from every
    chroma the reference has within two pixels (``expected``: a thin line a pixel off is
    not a new colour)."""
    lo = cv2.erode(expected, np.ones((5, 5), np.uint8))
    hi = cv2.dilate(expected, np.ones((5, 5), np.uint8))
    return channel_max(np.maximum(lo - actual, actual - hi)) > level


def skin(bgr: np.ndarray) -> np.ndarray:
    """Skin of any tone, by the ratios every tone shares (red over green over blue, with
    green nearer blue than red in a band), not by one colour; dark noise is never skin."""
    b, g, r = (bgr[..., i].astype(np.float32) for i in range(3))
    red = r + 1e-3
    span = r - b + 1e-3
    return (
        (r > 70)
        & (r - b > 25)
        & (g > b)
        & ((r - b) / red < 0.8)
        & ((r - g) / red > 0.07)
        & ((r - g) / red < 0.56)
        & ((g - b) / span > 0.15)
        & ((g - b) / span < 0.68)
    )


def _from_edge(blobs: np.ndarray, edge: np.ndarray, min_area: int) -> np.ndarray:
    """The blobs of ``blobs`` that reach the ``edge`` band (they enter from outside)."""
    out = np.zeros(blobs.shape, bool)
    for blob in components(blobs, min_area):
        if (blob & edge).any():
            out |= blob
    return out


def _edge_band(inside: np.ndarray) -> np.ndarray:
    """Where the visible item ends: the frame of the reference and the photo's edge."""
    return inside & ~_deep(inside, _reach(inside, EDGE_BAND))


def _reach(inside: np.ndarray, share: float) -> int:
    """``share`` of the work frame's longest side, in pixels (at least 2)."""
    return max(2, round(share * max(inside.shape)))


def _deep(inside: np.ndarray, reach: int) -> np.ndarray:
    """``inside`` more than ``reach`` pixels from its outline (the photo's edge included)."""
    padded = cv2.copyMakeBorder(inside.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, 0)
    return cv2.erode(padded, disk(reach))[1:-1, 1:-1] > 0


def hands(
    photo: np.ndarray, own: np.ndarray, ref: np.ndarray, inside: np.ndarray, min_area: int
) -> np.ndarray:
    """Skin that the reference does not have, entering from the edge, with its shadow."""
    looks = skin(blur(photo.astype(np.float32), 1.0)) | skin(blur(own, 1.0))
    candidate = looks & ~skin(ref) & recoloured(_chroma(own), _chroma(ref), 0.04) & inside
    blend = _reach(inside, OUTLINE_BLEND)
    seen_deep = candidate & _deep(inside, blend)
    candidate = cv2.morphologyEx(candidate.astype(np.uint8), cv2.MORPH_CLOSE, disk(3)) > 0
    edge, found = _edge_band(inside), np.zeros(candidate.shape, bool)
    for blob in components(candidate, min_area):
        core = blob & seen_deep
        # entering from outside, and not only the outline's blend; of the blend, only the
        # hand's own way in, not the ring round the item that closing joined to it
        if (blob & edge).any() and core.sum() >= min_area // 4:
            found |= blob & grow(core, blend + 2)
    if not found.any():
        return found
    darker = gray(own) < 0.6 * gray(ref)  # the shadow cast beside the hand
    near = grow(found, max(3, round(0.03 * max(ref.shape[:2]))))
    return grow(found | (darker & near & inside), 4)


def _saturation(bgr: np.ndarray) -> np.ndarray:
    top = channel_max(bgr)
    return (top - channel_min(bgr)) / (top + 1.0)


class Glare(NamedTuple):
    """The glare (work frame) and the part of it under a sheen, where the print still
    shows (:class:`veil.Veil`)."""

    mask: np.ndarray
    washed: np.ndarray


def glare(
    photo: np.ndarray,
    own: np.ndarray,
    ref: np.ndarray,
    seen: np.ndarray,
    inside: np.ndarray,
    min_area: int,
) -> Glare:
    """Added light: near-white where the reference is not white and, with the camera's
    overall gain undone, darker, brighter than any paper the lit reference has within
    ABOVE_REACH, with a halo around or a blown-out core; then the veil (:func:`veil.veil`).
    Glare is judged blurred: the white gaps of a barcode or of fine print are not glare."""
    own = blur(own, 2.0)
    soft = blur(photo.astype(np.float32), 2.0)
    lift = blur(gray(own) - gray(ref), 2.0)
    # added light is white: it lifts every channel, so the colour pales as it brightens
    whitish = (channel_min(soft) > 150) & (
        _saturation(own) < 0.8 * _saturation(blur(ref.astype(np.float32), 2.0)) + 0.04
    )
    # brighter than anything the lit reference has nearby: a removed mark shows the paper
    # around it, never more light than that paper gets
    seen_soft = blur(seen, 2.0)
    lit = cv2.dilate(gray(seen_soft), disk(ABOVE_REACH))
    above = gray(soft) > lit + ABOVE_LIT
    clipped = channel_min(blur(photo.astype(np.float32), 1.0)) >= CLIPPED_CORE
    # on a pale ground added light has little room to lift: blown out is enough there
    seeds = ((lift > GLARE_LIFT) | clipped) & whitish & above & inside
    spots = np.zeros(seeds.shape, bool)  # soft spots of light, with a halo
    stripes = np.zeros(seeds.shape, bool)  # specular stripes, blown out and sharp-edged
    # against the lit reference (smooth lighting already in it), so a lamp's gradient
    # is no halo
    sharp_lift = blur(gray(photo) - gray(seen), 1.0)
    can_lift = gray(ref) < 200  # paper already white cannot show added light
    for blob in components(seeds, max(4, min_area // 4)):
        if _shows_paper(blob, soft, seen_soft, inside):
            continue
        # the halo, measured beyond the blur's reach: a removed mark has none
        ring = grow(blob, 12) & ~grow(blob, 5) & inside & can_lift
        if ring.sum() >= 20 and float(sharp_lift[ring].mean()) > HALO_LIFT:
            spots |= blob
        # a specular stripe along a bottle has sharp edges and no halo, but its core is
        # blown out white, brighter than any paper nearby (which a removed mark is not)
        elif float(clipped[blob].mean()) >= 0.3:
            stripes |= blob
    stripes |= _blown(photo, ref, clipped & whitish & inside & ~(spots | stripes), inside, min_area)
    out = _halo(spots, stripes, lift > GLARE_LIFT / 3, inside)
    veiled = veil.veil(photo, soft, seen, inside, min_area)
    kept = _print_kept(out | veiled.mask, photo, seen, soft, inside)
    sheens = kept & veiled.sheens
    return Glare(grow(kept, 2), grow(sheens, 2) & ~(kept & ~sheens))


def _shows_paper(
    blob: np.ndarray, soft: np.ndarray, seen_soft: np.ndarray, inside: np.ndarray
) -> bool:
    """The blob shows the colour of the lit paper around it, evenly, where the reference
    has ink: a mark or emblem removed from the item, not light added to it. Paper is
    sought within the blob's own radius (ABOVE_REACH alone is too near for the middle of
    a large emblem, where every pixel within reach is the emblem's ink: a carton's
    removed 37-px emblem read as a glare spot there, its ring still inside the emblem
    read as a halo, and the counterfeit was consistent). Added light on ink lifts it
    short of the paper's colour or beyond it, and unevenly, brightest at its core; over
    paper nothing was removed, and the glare tests decide as before."""
    if radius(blob) < ABOVE_REACH / 2:
        return False  # paper was within ABOVE_REACH of all of it: the seed test saw it
    ring = grow(blob, radius(blob) + ABOVE_REACH) & ~grow(blob, 3) & inside
    if ring.sum() < 20:
        return False
    luma = np.float32([0.114, 0.587, 0.299])  # BGR
    lit = seen_soft  # the lit reference, blurred as ``soft`` is (2 px)
    bright = lit[ring] @ luma
    paper = lit[ring][bright >= np.percentile(bright, 80)]
    if float(np.median(lit[blob] @ luma)) > float(np.median(paper @ luma)) - INK_BELOW:
        return False  # the reference has paper there too: nothing was removed to show it
    shown = soft[blob]
    gap = float(np.abs(np.median(shown, axis=0) - np.median(paper, axis=0)).max())
    low, high = np.percentile(shown @ luma, [10, 90])
    return gap <= PAPER_SAME and float(high - low) <= PAPER_EVEN


def _print_kept(
    found: np.ndarray, photo: np.ndarray, seen: np.ndarray, soft: np.ndarray, inside: np.ndarray
) -> np.ndarray:
    """The glare blobs under which the print is washed out, not gone. Added light lifts
    print and ground alike, so their difference stays (the camera's gamma shrinks it
    toward the highlights) unless the light blows the photo out white; a patch of paper
    printed or stuck over a mark leaves a flat field. Fine detail in the blob, short of
    its white core, over the reference's, against the same ratio just around it (so the
    camera's own blur and noise cancel), must keep GLARE_KEEPS."""
    if not found.any():
        return found
    detail_p = np.abs(gray(photo) - blur(gray(photo), 3.0))
    detail_r = np.abs(gray(seen) - blur(gray(seen), 3.0))
    white = channel_min(soft) >= 235
    out = found.copy()
    for blob in components(found, 1):
        # judged where the light leaves the photo short of white: in a blown-out core
        # nothing of the print can show
        textured = blob & ~white & (detail_r > 4) & inside
        ring = grow(blob, 20) & ~grow(blob, 4) & ~found & inside & (detail_r > 4)
        if textured.sum() < 30 or ring.sum() < 30:
            continue
        within = float(detail_p[textured].mean()) / float(detail_r[textured].mean())
        around = float(detail_p[ring].mean()) / float(detail_r[ring].mean())
        if within < GLARE_KEEPS * max(around, 0.1):
            out &= ~blob
    return out


def _blown(
    photo: np.ndarray, ref: np.ndarray, clipped: np.ndarray, inside: np.ndarray, min_area: int
) -> np.ndarray:
    """Blown-out blobs whose paper is brighter than the photo's paper around them. When
    the camera's lighting fit takes a wide soft spot for lamp light, the lit reference
    is as bright as the spot and nothing looks *added*; but the paper beside the spot,
    exposed as the photo exposes paper, is darker, and a removed mark would show paper
    exactly like it. Judged against the reference's own paper, so a white panel beside a
    tinted one is no glare."""
    photo_g, ref_g = gray(photo), gray(ref)
    paper = (ref_g > 150) & inside
    ratio = (photo_g + 1) / (ref_g + 1)
    out = np.zeros(clipped.shape, bool)
    for blob in components(clipped, max(4, min_area // 4)):
        own = blob & paper
        near = grow(blob, 8) & ~grow(blob, 3) & paper & ~clipped
        ring = grow(blob, 30) & ~grow(blob, 12) & paper & ~clipped
        if own.sum() < 10 or near.sum() < 20 or ring.sum() < 40:
            continue
        core, beside, around = (float(np.median(ratio[m])) for m in (own, near, ring))
        # light fades out round its core; a white patch printed or stuck on the item
        # (which can hide a removed mark) ends at its edge, the paper beside it unlit
        if core >= BLOWN_ABOVE * around and beside - around >= BLOWN_HALO * (core - around):
            out |= blob
    return out


def _halo(
    spots: np.ndarray, stripes: np.ndarray, lifting: np.ndarray, inside: np.ndarray
) -> np.ndarray:
    """The glare with its halo, followed while the photo is lifted (``lifting``): light
    fades out over about the glare's own radius; a soft spot's halo goes on, so it is
    followed again from there (HALO_STEPS), while a stripe's edge is sharp and its lift
    stops at once."""
    out = spots | stripes
    if not out.any():
        return out
    lifted = joined(lifting & inside, out)
    reach = max(4, round(0.04 * max(out.shape)), radius(out))
    out |= lifted & grow(out, reach)
    step = max(4, radius(spots))
    spots = out & grow(spots, reach)
    for _ in range(HALO_STEPS if spots.any() else 0):
        wider = spots | (lifted & grow(spots, step))
        if wider.sum() == spots.sum():
            break
        spots = wider
    return out | spots


def shadows(
    photo: np.ndarray,
    own: np.ndarray,
    ref: np.ndarray,
    lit: shading.View,
    structure: np.ndarray,
    inside: np.ndarray,
    min_area: int,
) -> np.ndarray:
    """A hard drop of luminance over the same surface (chroma and texture kept), against
    the item in its full light: the deviation maps compare the print with the shade taken
    into account, but where it is this deep the print is too dim to judge."""
    full = blur(gray(lit.lit), 1.5)
    ratio = (blur(gray(photo), 1.5) + 6) / (full + 6)
    same = channel_max(np.abs(_chroma(own) - _chroma(ref))) < CHROMA_KEPT
    # a dark ground has too little light to lose: its noise and the camera's black
    # level move it by more than a shadow's share (a carton's whole dark field was one)
    drop = (ratio < SHADOW_RATIO) & same & (structure < 0.35) & inside & (full > SHADOW_LIT)
    drop = cv2.morphologyEx(drop.astype(np.uint8), cv2.MORPH_OPEN, disk(1)) > 0
    out = np.zeros(drop.shape, bool)
    for blob in components(drop, min_area):
        out |= blob
    return out


def occluders(structure: np.ndarray, inside: np.ndarray, min_area: int) -> np.ndarray:
    """Large areas entering from the edge where the photo shows none of the reference."""
    wrong = blur(structure, 3.0) > OCCLUDED_STRUCTURE
    wrong = cv2.morphologyEx(wrong.astype(np.uint8), cv2.MORPH_CLOSE, disk(4)) > 0
    big = round(OCCLUDED_SHARE * inside.size)
    return _from_edge(wrong & inside, _edge_band(inside), max(min_area, big))


def turned_away(
    structure: np.ndarray, inside: np.ndarray, min_area: int, plain: np.ndarray | None = None
) -> np.ndarray:
    """Strips along the item's own border where the photo shows none of the reference:
    a label wrapped round a bottle turns away from the camera at both sides, a box's lid
    tilts out of view. The homography still maps those parts into the photo, onto the
    item's limb or the bench behind it; nothing there can be inspected. Only thin strips
    that start at the border count, so a defect inside the artwork is never taken."""
    wrong = blur(structure, 2.0) > TURNED_STRUCTURE
    wrong = cv2.morphologyEx(wrong.astype(np.uint8), cv2.MORPH_CLOSE, disk(3)) > 0
    # the item's own frame: a reference cut out with a margin has its sides inset
    ys, xs = np.nonzero(~plain) if plain is not None and plain.any() else (None, None)
    top, left = (ys.min(), xs.min()) if ys is not None else (0, 0)
    bottom, right = (ys.max() + 1, xs.max() + 1) if ys is not None else inside.shape
    rows, cols = bottom - top, right - left
    dy, dx = max(3, round(TURNED_DEPTH * rows)), max(3, round(TURNED_DEPTH * cols))
    edge = max(2, round(0.02 * max(rows, cols))) + (BACKDROP_GROW if ys is not None else 0)
    strip = np.zeros(inside.shape, bool)
    border = np.zeros(inside.shape, bool)
    strip[top:bottom, left:right] = True
    strip[top + dy : bottom - dy, left + dx : right - dx] = False
    border[top:bottom, left:right] = True
    border[top + edge : bottom - edge, left + edge : right - edge] = False
    return _from_edge(wrong & strip & inside, border, min_area)


def with_turned(hidden: Hidden, turned: np.ndarray, scale: float) -> Hidden:
    """``hidden`` plus the parts of a label found turned away once the bend was fitted."""
    return with_area(hidden, turned, "out_of_frame", scale)


def with_area(hidden: Hidden, more: np.ndarray, reason: str, scale: float) -> Hidden:
    """``hidden`` plus ``more``, found after :func:`detect`, not inspected for ``reason``."""
    plain = hidden.backdrop if hidden.backdrop is not None else np.zeros_like(more)
    more = more & ~plain & ~hidden.mask
    mask = hidden.mask | more
    total = _item_pixels(plain)
    extra = [a for a in _areas(more, reason, scale, total) if a.share >= MIN_SHARE]
    areas = _merged(hidden.areas + extra)
    share = _hidden_share(mask, plain)
    return Hidden(mask, areas, share, hidden.shadow, hidden.backdrop, hidden.washed)


def _item_pixels(backdrop: np.ndarray) -> int:
    return max(1, int(backdrop.size - np.count_nonzero(backdrop)))


def _hidden_share(mask: np.ndarray, backdrop: np.ndarray) -> float:
    """The share of the item (the reference less its backdrop) that ``mask`` hides."""
    return float(np.count_nonzero(mask & ~backdrop)) / _item_pixels(backdrop)


def _merged(areas: list[Area]) -> list[Area]:
    """Areas of one reason joined where their boxes touch or nearly (MERGE_GAP) and the
    joined box is mostly theirs (MERGE_FILL): the pieces of one strip or one hand, cut
    by the side they are nearest or by a gap of a few pixels, read as one area, while
    strips on opposite sides of the label stay apart. Largest first."""
    out = list(areas)
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(out):
            for j in range(i + 1, len(out)):
                b = out[j]
                if a.reason != b.reason or _gap(a, b) > MERGE_GAP:
                    continue
                x0, y0 = min(a.x, b.x), min(a.y, b.y)
                x1, y1 = max(a.x + a.w, b.x + b.w), max(a.y + a.h, b.y + b.h)
                if a.w * a.h + b.w * b.h < MERGE_FILL * (x1 - x0) * (y1 - y0):
                    continue
                out[i] = Area(a.reason, x0, y0, x1 - x0, y1 - y0, a.share + b.share)
                del out[j]
                joined = True
                break
            if joined:
                break
    return sorted(out, key=lambda a: -a.share)


def _gap(a: Area, b: Area) -> int:
    """Pixels between two boxes (0 when they touch or overlap)."""
    dx = max(0, max(a.x, b.x) - min(a.x + a.w, b.x + b.w))
    dy = max(0, max(a.y, b.y) - min(a.y + a.h, b.y + b.h))
    return max(dx, dy)


def _by_side(mask: np.ndarray) -> list[np.ndarray]:
    """``mask`` cut by the border each pixel is nearest: the strips a bottle turns away
    on its left and right, joined through a band off the photo along the top, are three
    areas, not one box over the whole label."""
    h, w = mask.shape
    yy, xx = np.mgrid[0:h, 0:w]
    side = np.argmin(np.stack([xx, w - 1 - xx, yy, h - 1 - yy]), axis=0)
    return [mask & (side == k) for k in range(4)]


def _areas(mask: np.ndarray, reason: str, scale: float, total: int) -> list[Area]:
    out = []
    parts = _by_side(mask) if reason == "out_of_frame" else [mask]
    for blob in (b for part in parts for b in components(part, 1)):
        ys, xs = np.nonzero(blob)
        x0, y0 = int(xs.min() / scale), int(ys.min() / scale)
        x1, y1 = int(np.ceil((xs.max() + 1) / scale)), int(np.ceil((ys.max() + 1) / scale))
        out.append(Area(reason, x0, y0, x1 - x0, y1 - y0, float(blob.sum()) / total))
    return out


def detect(
    ref: np.ndarray,
    photo: np.ndarray,
    lit: shading.View,
    structure: np.ndarray,
    inside: np.ndarray,
    scale: float,
    flat: np.ndarray,
    backdrop: np.ndarray | None = None,
) -> Hidden:
    """Everything not inspected, first reason wins where they overlap (out of frame, then
    hand, glare, occluded, shadow). All arrays are in the reference's work frame;
    ``inside`` marks reference pixels the photo shows, ``scale`` work px per reference px,
    ``flat`` the reference's flat pixels (:func:`photometry.flat`), ``backdrop`` what the
    reference shows round the item (:mod:`backdrop`): never inspected, never reported,
    and no part of the shares."""
    plain = np.zeros_like(inside) if backdrop is None else backdrop
    total = _item_pixels(plain)
    min_area = max(12, round(MIN_SHARE * total))
    taken = ~inside | plain
    masks = {"out_of_frame": ~inside & ~plain}
    inside = inside & ~plain
    own = balanced(photo, ref, inside)
    # a greyscale photo has no skin colour to tell a hand by: balanced against a
    # coloured reference, its greys turn every hue, skin among them (a black-box tester's
    # greyscale carton read as two-thirds hand and got retake)
    masks["hand"] = np.zeros_like(inside)
    if not monochrome(photo, inside):
        masks["hand"] = hands(photo, own, ref, inside, min_area) & ~taken
    taken |= masks["hand"]
    if masks["hand"].any():
        # the lamp's gain field was fitted with the hand in it, which bends it dark round
        # the hand and makes the paper there look lit from nowhere: fit it again without
        judged = flat & inside & ~grow(masks["hand"], 6)
        lit = shading.view(ref, photo, judged, lit.tone)
    found = glare(photo, own, ref, lit.seen, inside, min_area)
    masks["glare"] = found.mask & ~taken
    washed = found.washed & masks["glare"]
    taken |= masks["glare"]
    masks["out_of_frame"] |= turned_away(structure, inside & ~taken, min_area, plain) & ~taken
    taken |= masks["out_of_frame"]
    masks["occluded"] = occluders(structure, inside & ~taken, min_area) & ~taken
    taken |= masks["occluded"]
    masks["shadow"] = shadows(photo, own, ref, lit, structure, inside & ~taken, min_area) & ~taken
    taken |= masks["shadow"]
    areas = []
    for reason in REASONS:
        areas += [a for a in _areas(masks[reason], reason, scale, total) if a.share >= MIN_SHARE]
    share = _hidden_share(taken, plain)
    return Hidden(taken, _merged(areas), share, masks["shadow"], backdrop, washed)
