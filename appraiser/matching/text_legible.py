"""Whether a changed letter read under glare or shadow is the print's or the light's.

Glare and a deep shadow take contrast away: they can wash out a stroke (the spur of a G,
the tail of a Q) and fake a changed letter, never draw one. So a line they cover is
still evidence where the photo shows the changed letter whole: every vertical third of
its cell as contrasted as the line's well-shown letters and nowhere clipped white. Round
a bottle the glare is a band down the label, usually across the brand word: on the
apothecary tuning world 11 of 15 typos were read right (0.92-0.9999) under such a band
and thrown away, the counterfeit reading consistent.
"""

from __future__ import annotations

import difflib
import itertools

import cv2
import numpy as np

# A third of a changed letter's cell must show at least this share of the contrast of the
# line's well-shown letters (their upper quartile): a washed-out stroke leaves its third
# near the paper's own grain.
LEGIBLE = 0.6
CLIPPED, CLIPPED_SHARE = 250, 0.03  # grey level, and share of a third that may reach it
WIDEN = 0.25  # a letter's cell reaches this share of a letter beyond its even share


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


def _contrast(patch: np.ndarray) -> float:
    if patch.size == 0:
        return 0.0
    low, high = np.percentile(patch, (5, 95))
    return float(high - low)


def shown_whole(
    crop: np.ndarray, line: tuple[float, float, float, float], reference: str, reading: str
) -> bool:
    """Whether ``crop`` (BGR, the line upright) shows each letter the reading changes
    whole. ``line`` is the line's box in crop pixels; its letters are taken as evenly
    spaced, the cell widened by WIDEN a side for proportional type."""
    letters = changed_letters(reference, reading)
    n = len(reference)
    if not letters or n == 0:
        return False
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY) if crop.ndim == 3 else crop
    x, y, w, h = line
    top, bottom = max(0, round(y)), min(gray.shape[0], round(y + h))
    band = gray[top:bottom].astype(np.float32)
    pitch = w / n

    def cell(i: float, j: float) -> np.ndarray:
        a = max(0, round(x + i * pitch))
        b = min(band.shape[1], round(x + j * pitch))
        return band[:, a:b]

    shown = [_contrast(cell(i, i + 1)) for i, ch in enumerate(reference) if not ch.isspace()]
    if not shown:
        return False
    well = float(np.percentile(shown, 75))
    if well <= 0:
        return False
    for i in letters:
        start, stop = max(0.0, i - WIDEN), min(float(n), i + 1 + WIDEN)  # within the word
        edges = np.linspace(start, stop, 4)
        for a, b in itertools.pairwise(edges):
            third = cell(a, b)
            if third.size == 0 or _contrast(third) < LEGIBLE * well:
                return False
            if float(np.mean(third >= CLIPPED)) > CLIPPED_SHARE:
                return False
    return True
