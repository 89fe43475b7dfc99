"""A sheet of added light: the stripe a lamp leaves along a bottle, a sheen over a glossy
label. It need not clip anywhere, yet the print under it fades toward white, and read as
deviation a genuine label under a soft lamp looked reprinted.

Told from a reprint that differs by what added light does and a changed print does not:

* it brightens more than the lighting around it (judged against the lift of the
  surroundings, so an imperfect fit of the lamp's gradient does not count);
* the light is white: every channel gains alike (or the photo turns white);
* it lifts the print *and* the ground: a recoloured ground leaves its text as dark as
  before, a removed mark or a shrunk emblem shows paper no brighter than the paper
  around it.

Over a band of colour with only light lettering in it there is no open paper for the
last test, and the gains are alike only in linear light: the camera's gamma lifts a
dark channel more than a light one, so a sheen whitens a blue band toward a pale blue
(a black-box tester's soft lamp spots over brand bands: 12 of 30 genuine photos
deviated). There a sheen must also fade: smoothly, from its middle outward, toward an
edge that crosses the print rather than following it (a band reprinted paler is as
pale at its edge as in its middle, and its edge is the band's own); and it only
washes: it draws no edge on the band's flat ink and leaves the lettering's edges fainter
but there, where a pale fingertip hides them and a stroke added to a white letter draws
a new one.

A sheen hides the band's colour, not its print (:func:`as_veiled`): the reference is
faded as the sheen fades it, its strength read off the band's ink, and the lettering
under it is compared with that; a letter changed under a lamp's spot is still a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import cv2
import numpy as np

from appraiser.matching.masks import blur, components, disk, gray, grow, joined, radius
from appraiser.matching.photometry import channel_max, channel_min, wide_blur

LIFT = 15.0  # grey levels of added light under which print washes out
SIGMA = 2.0  # work pixels: a stripe of sheen can be a few pixels wide
AROUND = 30.0  # work pixels: the lighting around a stripe of added light
INK = 150  # lit reference grey below this is print, above it ground
GROUND = 0.15  # share of a veil on open ground (added light lifts the paper too)
BARE = 0.8  # a veil this much on open ground, with no print under it, is a sheen
GRAZE = 0.02  # print under that much of a veil is the edge of print beside it
UNEVEN = 0.6  # channel gains may differ by this share of their mean and still be white
UNEVEN_FLOOR_SRGB = 8.0  # grey levels of channel spread always allowed (noise, JPEG)
UNEVEN_FLOOR_LINEAR = 0.01  # the same in linear light (0..1)
# The print's lift well inside a veil (CORE work pixels in from its edge), its 10th
# percentile against its 90th: a sheen fades from its middle outward; ink the camera shows
# paler than the lit reference, or a band reprinted paler, is lifted evenly. Tuning: four
# soft lamp spots over coloured bands (atk12) 0.52-0.64; a genuine apothecary emblem the
# camera paled evenly 0.91.
FADES_TO = 0.8
CORE = 3
# The lift's departure from its own local mean over the print (SMOOTH work pixels), its
# median against the strongest lift: a sheen is smooth (atk12 0.03-0.07); lift that is
# high on some bars and nil on the next (a counterfeit barcode's moved bars) is not.
SMOOTH = 3.0
ROUGH = 0.12
# Share of a veil's edge on the reference's own print edges: a reprinted panel's veil
# ends where the panel does; a lamp's spot crosses the band (atk12: 0.34-0.49).
FOLLOWS_PRINT = 0.6
PRINT_EDGE = 60.0  # Sobel magnitude of the lit reference: an edge of the print
MIN_EDGE = 10  # edge pixels on print below which a veil's fading cannot be judged
TAIL = 0.3  # of LIFT: a fading sheen's tail is followed while it lifts this much
# Fine detail (grey levels off a 3 px blur) where the reference's print is flat (FLAT) or
# drawn (DRAWN). Over the reference's flat ink a sheen draws nothing: the photo's detail
# there stays within DRAWS times that of the flat ink just around it (atk12 sheens
# 0.9-1.9; a fingertip 3.2, a white stroke added to a letter 20). Over its drawn print a
# sheen keeps KEEPS of the detail, against the same ratio around (sheens 0.48-0.72; an
# opaque fingertip 0.26).
FLAT, DRAWN = 2.0, 4.0
DRAWS = 2.5
KEEPS = 0.4
MIN_DETAIL = 20  # pixels of flat or drawn print, in and around, to judge the detail
RING = (4, 20)  # work pixels: the ring round a veil its detail is judged against
# A sheen's print is compared through it (``as_veiled``) unless more than BLOWN_SHARE of
# it is clipped (CLIPPED, every channel) where the lit reference is not white print
# (WHITE_PRINT): soft lamp spots over bands 0-0.5 %, a hard lamp's bloom round a white
# emblem (apothecary, hard light) 16-38 %.
CLIPPED = 250
WHITE_PRINT = 235
BLOWN_SHARE = 0.05


def linear(bgr: np.ndarray) -> np.ndarray:
    """sRGB-encoded grey levels (0..255) as linear light (0..1): white light adds
    alike to each channel there, not in the encoded values."""
    x = np.clip(bgr, 0, 255).astype(np.float32) / 255.0
    return np.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _white_light(photo: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where what the photo adds over the lit reference is white: every channel gains
    alike in the encoded values (a pale ground, where the camera's curve is near
    straight), and where it does so in linear light (a colour the curve lifts unevenly)."""
    wide = blur(photo.astype(np.float32), SIGMA) - blur(seen, SIGMA)
    even = (
        channel_max(wide) - channel_min(wide)
        < UNEVEN * np.maximum(wide.mean(axis=2), 0) + UNEVEN_FLOOR_SRGB
    )
    lin = blur(linear(photo), SIGMA) - blur(linear(seen), SIGMA)
    even_lin = (
        channel_max(lin) - channel_min(lin)
        < UNEVEN * np.maximum(lin.mean(axis=2), 0) + UNEVEN_FLOOR_LINEAR
    )
    return even, even_lin


class Veil(NamedTuple):
    """What added light veils (work frame masks). ``sheens`` fade across print whose
    lettering still shows (``_only_washes``) and clip nowhere: their colour cannot be
    judged, their print can. ``sheets`` may wash print out entirely."""

    sheets: np.ndarray
    sheens: np.ndarray

    @property
    def mask(self) -> np.ndarray:
        return self.sheets | self.sheens


def veil(
    photo: np.ndarray, soft: np.ndarray, seen: np.ndarray, inside: np.ndarray, min_area: int
) -> Veil:
    """The veiled area: sheets of added light, then sheens fading across a
    band of colour, with their tail (fainter than LIFT, still white light). The sheets
    are told white in the encoded values alone, as they always were: a light ground is
    where a reprint's paler colour passes for white light in linear terms, and only the
    fading test guards against that. ``seen`` is the reference as lit; ``soft`` is the
    photo blurred by 2 px, as :func:`occlusion.glare` already has it."""
    photo_g, seen_g = gray(photo), gray(seen)
    lift = blur(photo_g, SIGMA) - blur(seen_g, SIGMA)
    weight = wide_blur(inside.astype(np.float32), AROUND) + 1e-3
    around = wide_blur(lift * inside, AROUND) / weight
    extra = lift - np.maximum(around, 0)
    whitened = channel_min(soft) >= 235
    even, even_lin = _white_light(photo, seen)

    def veiled(white: np.ndarray) -> np.ndarray:
        mask = (extra > LIFT) & white & inside
        return cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, disk(2)) > 0

    ink = seen_g < INK
    # the print's own darkness, each side's darkest pixel nearby: a blur would mix a thin
    # stroke with the ground around it and report the ground's lift as the print's
    core = np.ones((3, 3), np.uint8)
    print_lift = cv2.erode(photo_g, core) - cv2.erode(seen_g, core)
    # ground away from any print: where a removed mark was, only the blur's spill lifts
    # the paper, so a missing mark's blob holds none of it
    ground = ~grow(ink, 3)
    out = np.zeros(ink.shape, bool)
    for blob in components(veiled(even | whitened), min_area):
        dark, open_ground = blob & ink, blob & ground
        # bare: a stripe of sheen may graze a few pixels of print beside the paper
        if dark.sum() < _grazed(blob):
            if open_ground.sum() >= BARE * blob.sum():
                out |= blob  # a sheen on bare paper: there is no print for a reprint to change
            continue
        if float(np.median(print_lift[dark])) >= LIFT and open_ground.sum() >= max(
            20, GROUND * blob.sum()
        ):
            out |= blob
    white = even | even_lin | whitened
    fading = np.zeros(ink.shape, bool)
    views = _Views(photo_g, seen_g, inside)
    # light that clips the camera where the print is not white: there the print is gone
    # and the glow spreads beyond a smooth veil (a hard lamp's bloom round an emblem)
    blown = (channel_min(photo) >= CLIPPED) & (channel_min(seen) < WHITE_PRINT)
    for blob in components(veiled(white) & ~out, min_area):
        dark = blob & ink
        if dark.sum() < _grazed(blob) or float(np.median(print_lift[dark])) < LIFT:
            continue
        if _fades(blob, dark, views):
            found = _with_tail(blob, lift > TAIL * LIFT, white & inside)
            if float(blown[found].mean()) > BLOWN_SHARE:
                out |= found
            else:
                fading |= found
    return Veil(out, fading & ~out)


def _grazed(blob: np.ndarray) -> float:
    """Print pixels a veil may hold and still be bare: a stripe of sheen grazes a few
    pixels of the print beside the paper."""
    return max(10, GRAZE * blob.sum())


def _with_tail(blob: np.ndarray, lifted: np.ndarray, white: np.ndarray) -> np.ndarray:
    """The fading sheen with its tail: the white light joined to it that fades on below
    LIFT, out to about the sheen's own radius (past that a lift is something else's)."""
    tail = joined((lifted & white) | blob, blob)
    return blob | (tail & grow(blob, max(4, radius(blob))))


@dataclass
class _Views:
    """The whole-frame views the fading tests read: each made once per photo, and only
    when some blob gets that far."""

    photo_g: np.ndarray
    seen_g: np.ndarray
    inside: np.ndarray

    @cached_property
    def lift(self) -> np.ndarray:
        return blur(self.photo_g, 1.0) - blur(self.seen_g, 1.0)

    @cached_property
    def edges(self) -> np.ndarray:
        """Sobel magnitude of the lit reference: where its print has edges."""
        g = self.seen_g
        return np.hypot(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))

    @cached_property
    def inner(self) -> np.ndarray:
        """The item away from its own outline."""
        return cv2.erode(self.inside.astype(np.uint8), disk(3)).astype(bool)

    @cached_property
    def detail_photo(self) -> np.ndarray:
        return np.abs(self.photo_g - blur(self.photo_g, 3.0))

    @cached_property
    def detail_seen(self) -> np.ndarray:
        return np.abs(self.seen_g - blur(self.seen_g, 3.0))


def _fades(blob: np.ndarray, dark: np.ndarray, views: _Views) -> bool:
    """The veil over print fades from its middle (FADES_TO) toward an edge that crosses
    the print (FOLLOWS_PRINT). Only the edge inside the item counts: where the item ends,
    every veil ends on an edge of the reference. The fading is read away from the edge:
    any blob cut from a lift at a threshold is near that threshold along its edge."""
    core = cv2.erode(blob.astype(np.uint8), disk(CORE)).astype(bool) & dark
    rim = blob & ~cv2.erode(blob.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    rim &= views.inner
    if core.sum() < MIN_DETAIL or (rim & dark).sum() < MIN_EDGE:
        return False
    lift = views.lift
    faintest, strongest = np.percentile(lift[core], [10, 90])
    if float(faintest) > FADES_TO * float(strongest):
        return False
    # smoothly: light has no edges of its own (a barcode's bars moved lift in stripes)
    weight = blur(dark.astype(np.float32), SMOOTH)
    local = blur(lift * dark, SMOOTH) / np.maximum(weight, 1e-3)
    if float(np.median(np.abs(lift - local)[core])) > ROUGH * float(strongest):
        return False
    if float((views.edges[rim] > PRINT_EDGE).mean()) > FOLLOWS_PRINT:
        return False
    return _only_washes(blob, views)


def _only_washes(blob: np.ndarray, views: _Views) -> bool:
    """Light added smoothly draws no edge on flat ink and leaves the print's edges
    fainter but there: an opaque fingertip hides the print, a stroke added to a white
    letter draws one. Both judged against the ring just round the veil, so the camera's
    own noise and blur cancel."""
    detail_p, detail_r = views.detail_photo, views.detail_seen
    ring = grow(blob, RING[1]) & ~grow(blob, RING[0]) & views.inside
    flat = (detail_r <= FLAT) & (views.seen_g < INK)
    drawn = detail_r > DRAWN
    flat_in, flat_out = blob & flat, ring & flat
    drawn_in, drawn_out = blob & drawn, ring & drawn
    if min(flat_in.sum(), flat_out.sum(), drawn_in.sum(), drawn_out.sum()) < MIN_DETAIL:
        return False
    noise = float(np.median(detail_p[flat_out]))
    if float(np.median(detail_p[flat_in])) > DRAWS * max(noise, 0.5):
        return False
    kept_in = float(detail_p[drawn_in].mean()) / float(detail_r[drawn_in].mean())
    kept_out = float(detail_p[drawn_out].mean()) / float(detail_r[drawn_out].mean())
    return kept_in >= KEEPS * kept_out


# How much of the way to white a sheen takes the lit reference, read on its ink.
SHEEN_INK = 60.0  # grey levels below white: ink the sheen's strength is read on
SHEEN_SIGMA = 5.0  # work pixels: the strength is smooth at this scale
SHEEN_REACH = 15  # work pixels round the sheen its strength is carried
SHEEN_ODD = 0.08  # of the way to white: a pixel this far off its neighbours is print
SHEEN_ROUNDS = 2


def as_veiled(seen_g: np.ndarray, photo_g: np.ndarray, sheens: np.ndarray) -> np.ndarray:
    """The lit reference (grey) as the sheens show it: each pixel ``a`` of the way to
    white, ``a`` read off the photo over the reference's ink and smoothed, so the print
    under a sheen can be compared at the contrast the sheen left it. A letter changed
    under the sheen is a few pixels of odd strength among its neighbours: weighted down,
    it is not explained away."""
    near = grow(sheens, SHEEN_REACH)
    room = 255.0 - seen_g
    ink = near & (room > SHEEN_INK)
    strength = np.clip((photo_g - seen_g) / np.maximum(room, 1.0), 0.0, 1.0)
    weight = ink.astype(np.float32)
    smooth = np.zeros_like(strength)
    for _ in range(SHEEN_ROUNDS):
        support = blur(weight, SHEEN_SIGMA)
        smooth = blur(strength * weight, SHEEN_SIGMA) / np.maximum(support, 1e-3)
        odd = np.abs(strength - smooth) / SHEEN_ODD
        weight = ink / (1.0 + odd * odd)
    reach = blur(near.astype(np.float32), SHEEN_SIGMA)
    a = np.clip(smooth, 0.0, STRONGEST) * reach * (blur(ink.astype(np.float32), SHEEN_SIGMA) > 0.02)
    return seen_g + a * room


STRONGEST = 0.95  # of the way to white: past this the sheen leaves no print to compare
