"""Whether a changed letter the OCR reads in the photo is the print's, or the light's or a
finger's.

Glare and a deep shadow take contrast away: they can wash a stroke out (the spur of a G,
the leg of an R, the bottom bar of an E) and fake a changed letter, never draw one. A
finger over a stroke does the same. So a changed letter is evidence only where the
photo shows it whole: nothing listed as not inspected over the letter itself, no part
of it lit beyond the line's paper (a lamp's spot too small to be listed) and, under
listed glare or shadow, every vertical third of it as contrasted as the line's
well-shown letters. Round a bottle the glare is a band down the label, usually across
the brand word: on the apothecary tuning world 8 of 15 typos lay under such a band,
read right at 0.99-0.9999 and thrown away, and 5 of those counterfeits read consistent.

What it cannot tell: under listed glare, a distinguishing stroke washed out completely
(a G's spur, the paper showing through as bright as the paper beside it) is read as the
other letter; so is a stroke an unlisted spot washes to the paper's own brightness. A
black-box tester's attack world has both (1 of 30 and 15 of 30 genuine photos).

Letters are placed along the line by their usual advance (a capital wider than an i),
not evenly: a G's spur sits past an even share of "Grenolia".
"""

from __future__ import annotations

import difflib
import itertools

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x, y, w, h in reference pixels

# A third of a changed letter's cell must show at least this share of the contrast of the
# line's well-shown letters (their upper quartile): a washed-out stroke leaves its third
# near the paper's own grain.
LEGIBLE = 0.6
# Added light the matcher did not list: more than this share of a changed letter's cell
# brighter by BRIGHTER grey levels than anything just beside it (the 99th percentile of
# NEAR cell widths either side, whichever of print and ground is the lighter).
BRIGHTER, BRIGHTER_SHARE, NEAR = 12.0, 0.03, 1.5
WIDEN = 0.25  # a letter's cell reaches this share of its own width beyond its advance

_NARROW = set("iIjlft!|.,:;'`()[]-")
_WIDE = set("mwMW@%")


def _advance(ch: str) -> float:
    """A letter's usual advance, in ems (a sans serif's, roughly): enough to find which
    part of a line a letter takes, whatever the typeface."""
    if ord(ch) >= 0x2E80:
        return 1.0  # CJK and full-width forms: square
    if ch.isspace():
        return 0.3
    if ch in _NARROW:
        return 0.3
    if ch in _WIDE:
        return 0.9
    if ch.isupper():
        return 0.7
    return 0.55


def changed_letters(reference: str, reading: str) -> list[int]:
    """Indices of ``reference``'s letters the reading replaces or drops; a letter the
    reading adds is blamed on both neighbours."""
    out: set[int] = set()
    matcher = difflib.SequenceMatcher(None, reference, reading, autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i2 > i1:
            out.update(range(i1, i2))
        else:
            out.update(i for i in (i1 - 1, i1) if 0 <= i < len(reference))
    return sorted(out)


def _spans(reference: str) -> list[tuple[float, float]]:
    """Each letter's share of the line, as (start, stop) fractions of its width."""
    edges = np.cumsum([0.0] + [_advance(ch) for ch in reference])
    edges /= edges[-1] if edges[-1] > 0 else 1.0
    return list(itertools.pairwise(edges.tolist()))


def changed_cells(reference: str, reading: str) -> list[tuple[float, float]]:
    """Where the changed letters lie along the line, as fractions of its width, each
    widened by WIDEN of its own width (the advance is a guess), within the line."""
    spans = _spans(reference)
    out = []
    for i in changed_letters(reference, reading):
        a, b = spans[i]
        pad = WIDEN * (b - a)
        out.append((max(0.0, a - pad), min(1.0, b + pad)))
    return out


def letters_under(box: Box, reference: str, reading: str, areas: list[Box]) -> bool:
    """Whether any of ``areas`` (reference pixels) reaches a letter the reading changes."""
    x, y, w, h = box
    for a, b in changed_cells(reference, reading):
        x0, x1 = x + a * w, x + b * w
        for ax, ay, aw, ah in areas:
            if ax < x1 and x0 < ax + aw and ay < y + h and y < ay + ah:
                return True
    return False


def lit_beyond_paper(
    crop: np.ndarray, line: tuple[float, float, float, float], reference: str, reading: str
) -> bool:
    """Whether light the matcher did not list falls on a letter the reading changes: part
    of its cell brighter than the paper just beside it (a lamp's spot or a bottle's
    stripe too small to be listed). ``line`` is the line's box in ``crop`` pixels."""
    band = _band(crop, line)
    if band.size == 0:
        return False
    x, _y, w, _h = line
    cells = [(round(x + a * w), round(x + b * w)) for a, b in changed_cells(reference, reading)]
    for a, b in cells:
        a, b = max(0, a), min(band.shape[1], b)
        reach = NEAR * (b - a)  # the paper just beside: a lamp's gradient along the line cancels
        near = np.zeros(band.shape[1], bool)
        near[max(0, round(a - reach)) : min(band.shape[1], round(b + reach))] = True
        near[a:b] = False
        if b <= a or not near.any():
            continue
        lightest = float(np.percentile(band[:, near], 99))  # ground, or light print on dark
        if float(np.mean(band[:, a:b] > lightest + BRIGHTER)) > BRIGHTER_SHARE:
            return True
    return False


def _contrast(patch: np.ndarray) -> float:
    if patch.size == 0:
        return 0.0
    low, high = np.percentile(patch, (5, 95))
    return float(high - low)


def shown_whole(
    crop: np.ndarray, line: tuple[float, float, float, float], reference: str, reading: str
) -> bool:
    """Whether ``crop`` (BGR, the line upright) shows each letter the reading changes
    whole under glare or shadow: each vertical third of the letter's cell contrasted
    like the line's well-shown letters. ``line`` is the line's box in crop pixels."""
    cells = changed_cells(reference, reading)
    if not cells:
        return False
    band = _band(crop, line)
    x, _y, w, _h = line

    def cell(a: float, b: float) -> np.ndarray:
        return band[:, max(0, round(x + a * w)) : min(band.shape[1], round(x + b * w))]

    spans = zip(_spans(reference), reference, strict=True)
    shown = [_contrast(cell(a, b)) for (a, b), ch in spans if not ch.isspace()]
    well = float(np.percentile(shown, 75)) if shown else 0.0
    if well <= 0:
        return False
    for a, b in cells:
        for lo, hi in itertools.pairwise(np.linspace(a, b, 4)):
            if _contrast(cell(lo, hi)) < LEGIBLE * well:
                return False
    return True


def _band(crop: np.ndarray, line: tuple[float, float, float, float]) -> np.ndarray:
    """The line's rows of ``crop``, grey, as float32."""
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    _x, y, _w, h = line
    return gray[max(0, round(y)) : min(gray.shape[0], round(y + h))].astype(np.float32)
