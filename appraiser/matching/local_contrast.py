"""Print compared by its local contrast: each side normalised by the mean and spread of
its neighbourhood, so a lamp's gain, the camera's exposure and a sheen's fading cancel
and what remains is where the strokes are. The deviation map's *structure* half
(:mod:`deviation`)."""

from __future__ import annotations

import numpy as np

from appraiser.matching import photometry, veil
from appraiser.matching.masks import blur as _blur
from appraiser.matching.masks import gray

# Contrast below this (grey levels) is not trusted: faint patterns wash out under
# over-exposure, noise and JPEG, so they must not read as differences.
NOISE_FLOOR = 8.0
# The photo's own texture (grain, screen moire) in robust sigmas: chosen on the tuning
# worlds printed as they are and reprinted halftone (3 / 4.5 / 6: halftone atelier
# genuine -> consistent 54 / 89 / 89 %, normal prints' balanced accuracy 0.75 / 0.74 / 0.72).
TEXTURE_WIDTHS = 4.5
# The photo's blur is matched by blurring the reference (work pixels), sharpest first:
# the search stops once a blur fits worse than the last (the error falls, then rises),
# so a sharp photo pays for two or three. A small, shaken or defocused photo needs 2-3
# px. The blur is fitted on the whole item, so a logo blurred by a reprint stays blurrier.
PHOTO_BLURS = (0.0, 0.7, 1.1, 1.6, 2.2, 3.0)
STRUCTURE_SIGMA = 2.0  # the neighbourhood a difference is averaged over
STRUCTURE_FLOOR = 0.15  # normalised difference left by noise, JPEG and resampling
STRUCTURE_SPAN = 0.6  # difference above the floor that reads as fully deviating


def normalise(gray: np.ndarray, floor: float = NOISE_FLOOR) -> np.ndarray:
    g = _blur(gray.astype(np.float32), 1.1)
    mean = photometry.wide_blur(g, 10)
    std = np.sqrt(np.maximum(photometry.wide_blur((g - mean) ** 2, 10), 0))
    return (g - mean) / (std + floor)


def texture_floor(gray: np.ndarray, flat: np.ndarray) -> float:
    """The contrast floor for this photo: what it shows where the reference is one flat
    colour is its own texture (sensor grain, paper fibre, the moire a halftone screen
    makes with the camera's pixels), and a difference of that size is no evidence.
    Robust sigma of the fine detail there, as the structure map sees it, times
    TEXTURE_WIDTHS; never below NOISE_FLOOR."""
    if flat.sum() < 200:
        return NOISE_FLOOR
    g = _blur(gray.astype(np.float32), 1.1)
    detail = np.abs(g - _blur(g, 3.0))[flat]
    return max(NOISE_FLOOR, TEXTURE_WIDTHS * 1.4826 * float(np.median(detail)))


def difference(ref: np.ndarray, qry: np.ndarray) -> np.ndarray:
    """Smallest local mean absolute difference over ±1 px shifts, in units of local
    contrast: a swapped letter differs along its whole stroke, a pixel of
    misregistration is forgiven."""
    best = None
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            shifted = np.roll(qry, (dy, dx), axis=(0, 1))
            diff = _blur(np.abs(ref - shifted), STRUCTURE_SIGMA)
            best = diff if best is None else np.minimum(best, diff)
    return np.clip((best - STRUCTURE_FLOOR) / STRUCTURE_SPAN, 0, 1)


def photo_blur(
    ref_gray: np.ndarray, photo_n: np.ndarray, valid: np.ndarray, floor: float = NOISE_FLOOR
) -> float:
    """How much to blur the reference to look like the photo (defocus, shake, JPEG)."""
    if not valid.any():
        return 0.0
    best, best_err = 0.0, np.inf
    for sigma in PHOTO_BLURS:
        candidate = normalise(_blur(ref_gray, sigma) if sigma else ref_gray, floor)
        err = float(np.abs(candidate - photo_n)[valid].mean())
        if err >= best_err:
            break
        best, best_err = sigma, err
    return best


def blurred_n(ref_gray: np.ndarray, sigma: float, floor: float = NOISE_FLOOR) -> np.ndarray:
    return normalise(_blur(ref_gray, sigma) if sigma else ref_gray, floor)


def through_sheen(
    structure: np.ndarray,
    seen: np.ndarray,
    aligned: np.ndarray,
    sheens: np.ndarray,
    under: np.ndarray,
    blur: tuple[float, float],
) -> np.ndarray:
    """The structure map ``under`` the sheens read against the reference veiled as they
    veil it (:func:`veil.as_veiled`): a sheen fades the print within a normalisation
    window unevenly, which the plain map reads as changed print."""
    sigma, floor = blur
    photo_gray = gray(aligned)
    veiled = veil.as_veiled(gray(seen), photo_gray, sheens)
    through = difference(blurred_n(veiled, sigma, floor), normalise(photo_gray, floor))
    return np.where(under, through, structure)
