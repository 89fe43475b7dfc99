"""The aligned comparison: where does the bench photo differ from the genuine reference?

The photo is warped into the reference frame, then both are made comparable: local
mean/contrast normalisation removes lighting gradients and exposure, a common blur
absorbs noise, defocus and JPEG, a fitted chromaticity map absorbs white balance. What
survives is structure (an SSIM-style correlation, tolerant to a pixel of misregistration)
and colour that truly differ. Blobs of the map become scored regions; pack ROIs weigh in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WORK_SIDE = 360
# Contrast below this (grey levels) is not trusted: faint patterns wash out under
# over-exposure, noise and JPEG, so they must not read as differences.
NOISE_FLOOR = 8.0
ECC_ITERATIONS = 30
REGION_LEVEL = 0.30
ROI_WEIGHT = 1.25
# Logistic calibration of the raw peak score (fitted on synthetic genuine/counterfeit
# photos by the matching benchmark): genuine photos sit well below 0.5.
CAL_CENTRE = 0.70
CAL_WIDTH = 0.05
FLAG_AT = 0.5


@dataclass
class Region:
    x: int
    y: int
    w: int
    h: int
    score: float
    roi: str | None = None

    def as_dict(self) -> dict:
        return {
            "x": self.x,
            "y": self.y,
            "w": self.w,
            "h": self.h,
            "score": round(float(self.score), 4),
        }


@dataclass
class Comparison:
    deviation: float
    raw: float
    regions: list[Region]
    heatmap: np.ndarray  # float32 in [0, 1], reference frame at work scale
    aligned: np.ndarray  # the photo warped into the reference frame (work scale, BGR)
    scale: float  # work pixels per reference pixel
    coverage: float  # share of the reference visible in the photo
    extra: dict = field(default_factory=dict)


def _blur(img: np.ndarray, sigma: float) -> np.ndarray:
    return cv2.GaussianBlur(img, (0, 0), sigma)


def _normalise(gray: np.ndarray) -> np.ndarray:
    g = _blur(gray.astype(np.float32), 1.1)
    mean = _blur(g, 10)
    std = np.sqrt(np.maximum(_blur((g - mean) ** 2, 10), 0))
    return (g - mean) / (std + NOISE_FLOOR)


def _structure(ref: np.ndarray, qry: np.ndarray) -> np.ndarray:
    """1 - best local correlation over ±1 px shifts (SSIM's contrast-structure term)."""
    sigma, c = 2.0, 0.08
    mu_r = _blur(ref, sigma)
    var_r = _blur(ref * ref, sigma) - mu_r**2
    best = np.full(ref.shape, -1.0, np.float32)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            q = np.roll(qry, (dy, dx), axis=(0, 1))
            mu_q = _blur(q, sigma)
            var_q = _blur(q * q, sigma) - mu_q**2
            cov = _blur(ref * q, sigma) - mu_r * mu_q
            best = np.maximum(best, (2 * cov + c) / (var_r + var_q + c))
    return np.clip(1.0 - best, 0, 1)


def _chroma(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    f = img.astype(np.float32) + 1.0
    total = f.sum(axis=2)
    return np.stack([f[..., 0] / total, f[..., 2] / total], axis=2), total


def _flat(gray: np.ndarray) -> np.ndarray:
    """Pixels away from edges: JPEG chroma subsampling and blur smear colour at edges."""
    g = _blur(gray.astype(np.float32), 2.5)
    mag = np.abs(cv2.Sobel(g, cv2.CV_32F, 1, 0)) + np.abs(cv2.Sobel(g, cv2.CV_32F, 0, 1))
    return cv2.erode((mag < 20).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0


def _colour(ref: np.ndarray, qry: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Chromaticity difference on flat areas after a per-channel linear fit (white balance
    absorbed), spread back by normalised convolution."""
    cr, tr = _chroma(_blur(ref, 3.0))
    cq, tq = _chroma(_blur(qry, 3.0))
    usable = valid & (tr > 60) & (tq > 60) & _flat(cv2.cvtColor(ref, cv2.COLOR_BGR2GRAY))
    out = np.zeros(ref.shape[:2], np.float32)
    if usable.sum() < 50:
        return out
    for ch in range(2):
        x, y = cq[..., ch][usable], cr[..., ch][usable]
        xm, ym = x.mean(), y.mean()
        a = float(((x - xm) * (y - ym)).sum() / (((x - xm) ** 2).sum() + 1e-9))
        b = ym - a * xm
        out += np.abs(a * cq[..., ch] + b - cr[..., ch])
    weight = usable.astype(np.float32)
    out = _blur(out * weight, 3.0) / (_blur(weight, 3.0) + 1e-3)
    # Chromaticity of dark pixels is noisy (noise / brightness): the tolerance grows there.
    tolerance = 0.03 + 8.0 / np.minimum(tr, tq)
    return np.clip((out - tolerance) / 0.05, 0, 1) * (_blur(weight, 3.0) > 0.3)


def _regions(
    dev: np.ndarray, rois: list[tuple[str, tuple[int, int, int, int]]], scale: float
) -> list[Region]:
    mask = (dev > REGION_LEVEL).astype(np.uint8)
    # Opening drops hairline blobs (sub-pixel misregistration of barcodes and fine print);
    # real defects (a letter, a mark, an emblem) are thicker than that.
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((4, 4), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found = []
    for i in range(1, count):
        x, y, w, h, area = stats[i]
        if area < 30:
            continue
        values = dev[labels == i]
        score = float(np.percentile(values, 90)) * min(1.0, (area / 60.0) ** 0.35)
        roi = _roi_at(rois, x + w / 2, y + h / 2)
        if roi:
            score = min(1.0, score * ROI_WEIGHT)
        found.append(
            Region(
                int(x / scale),
                int(y / scale),
                max(1, int(w / scale)),
                max(1, int(h / scale)),
                score,
                roi,
            )
        )
    return sorted(found, key=lambda r: -r.score)


def _roi_at(rois, cx: float, cy: float) -> str | None:
    for name, (x, y, w, h) in rois:
        if x <= cx <= x + w and y <= cy <= y + h:
            return name
    return None


def _refine(ref: np.ndarray, aligned: np.ndarray) -> np.ndarray | None:
    """Sub-pixel correction of the feature homography by ECC (Evangelidis & Psarakis):
    misregistration at the corners otherwise reads as deviation in fine print."""
    template = _blur(cv2.cvtColor(ref, cv2.COLOR_BGR2GRAY).astype(np.float32), 1.0)
    moving = _blur(cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY).astype(np.float32), 1.0)
    warp = np.eye(3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, ECC_ITERATIONS, 1e-4)
    try:
        score, warp = cv2.findTransformECC(
            template, moving, warp, cv2.MOTION_HOMOGRAPHY, criteria, None, 3
        )
    except cv2.error:
        return None
    shift = cv2.perspectiveTransform(
        np.float32([[[0, 0]], [[ref.shape[1], ref.shape[0]]]]), warp
    ) - np.float32([[[0, 0]], [[ref.shape[1], ref.shape[0]]]])
    if score < 0.3 or np.abs(shift).max() > 6:  # not a refinement: keep the features' warp
        return None
    return warp.astype(np.float64)


def calibrate(raw: float) -> float:
    return float(1.0 / (1.0 + np.exp(-(raw - CAL_CENTRE) / CAL_WIDTH)))


def compare(
    ref: np.ndarray, photo: np.ndarray, homography: np.ndarray, rois: list[dict] | None = None
) -> Comparison:
    """Compare ``photo`` with ``ref`` given the homography reference -> photo pixels."""
    scale = min(1.0, WORK_SIDE / max(ref.shape[:2]))
    size = (round(ref.shape[1] * scale), round(ref.shape[0] * scale))
    small = cv2.resize(ref, size, interpolation=cv2.INTER_AREA) if scale < 1 else ref
    to_photo = homography @ np.diag([1 / scale, 1 / scale, 1.0])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    aligned = cv2.warpPerspective(
        photo, to_photo, size, flags=flags, borderMode=cv2.BORDER_REPLICATE
    )
    refined = _refine(small, aligned)
    if refined is not None:
        to_photo = to_photo @ refined
        aligned = cv2.warpPerspective(
            photo, to_photo, size, flags=flags, borderMode=cv2.BORDER_REPLICATE
        )
    inside = cv2.warpPerspective(np.ones(photo.shape[:2], np.uint8), to_photo, size, flags=flags)
    valid = cv2.erode(inside, np.ones((13, 13), np.uint8)) > 0
    margin = max(2, round(9 * scale))  # the product outline meets the bench there
    valid[:margin] = valid[-margin:] = False
    valid[:, :margin] = valid[:, -margin:] = False
    structure = _structure(
        _normalise(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)),
        _normalise(cv2.cvtColor(aligned, cv2.COLOR_BGR2GRAY)),
    )
    # Where the photo is blown out (two channels saturated) faint print cannot show:
    # structure there is discounted rather than read as a difference.
    blown = _blur(((aligned >= 250).sum(axis=2) >= 2).astype(np.float32), 3.0)
    structure = structure * (1.0 - 0.8 * np.clip(blown * 1.5, 0, 1))
    dev = np.maximum(_blur(structure, 1.0), _colour(small, aligned, valid)) * valid
    scaled_rois = [
        (r["name"], tuple(int(v * scale) for v in (r["x"], r["y"], r["w"], r["h"])))
        for r in rois or []
    ]
    regions = _regions(dev, scaled_rois, scale)
    raw = (
        regions[0].score
        if regions
        else float(np.percentile(dev[valid], 99) * 0.5 if valid.any() else 1.0)
    )
    coverage = float(valid.mean())
    if coverage < 0.6:  # much of the reference is outside the photo: cannot vouch for it
        raw = max(raw, 0.6)
    return Comparison(
        calibrate(raw), raw, regions, dev.astype(np.float32), aligned, scale, coverage
    )
