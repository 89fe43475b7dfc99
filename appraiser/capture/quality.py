"""The still quality gate: is this photo good enough to appraise from?

Three checks, each with a number a person can act on: sharpness (variance of the
Laplacian inside the object, measured at a fixed working width so it does not depend on
the camera resolution), exposure (share of clipped pixels on the object = glare, or an
object too dark to read), and fill (how much of the frame the object covers, found as the
largest region that differs from the colour of the frame border, i.e. the bench mat).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

WORK_WIDTH = 960


@dataclass(frozen=True)
class Thresholds:
    min_sharpness: float = 25.0
    max_clipped: float = 0.02  # share of object pixels at 250 or above
    min_brightness: float = 45.0  # mean luma of the object, 0..255
    min_fill: float = 0.20  # object bounding box / frame area


@dataclass(frozen=True)
class Reason:
    """Why a still failed: a stable ``code`` for translation and the English sentence."""

    code: str  # blurry | glare | too_dark | too_small | no_object
    message: str
    value: float
    limit: float


@dataclass(frozen=True)
class GateResult:
    passed: bool
    reasons: tuple[Reason, ...]
    metrics: dict[str, float] = field(default_factory=dict)
    box: tuple[int, int, int, int] | None = None  # object x, y, w, h in the input image

    @property
    def summary(self) -> str:
        return "Passed" if self.passed else "; ".join(r.message for r in self.reasons)


def _object_box(small: np.ndarray) -> tuple[int, int, int, int] | None:
    """Bounding box of the largest region unlike the frame border (the background)."""
    lab = cv2.cvtColor(small, cv2.COLOR_BGR2LAB).astype(np.int16)
    border = np.concatenate(
        [
            lab[:8].reshape(-1, 3),
            lab[-8:].reshape(-1, 3),
            lab[:, :8].reshape(-1, 3),
            lab[:, -8:].reshape(-1, 3),
        ]
    )
    background = np.median(border, axis=0)
    distance = np.abs(lab - background).sum(axis=2)
    mask = (distance > 30).astype(np.uint8) * 255
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    if count <= 1:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = (int(v) for v in stats[best])
    return (x, y, w, h) if area >= 0.01 * mask.size else None


def measure(image: np.ndarray) -> tuple[dict[str, float], tuple[int, int, int, int] | None]:
    """Sharpness, clipped share, brightness and fill of a BGR image (any size)."""
    scale = WORK_WIDTH / image.shape[1]
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    box = _object_box(small)
    x, y, w, h = box or (0, 0, small.shape[1], small.shape[0])
    gray = cv2.cvtColor(small[y : y + h, x : x + w], cv2.COLOR_BGR2GRAY)
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)  # keep sensor noise out of "sharpness"
    metrics = {
        "sharpness": float(cv2.Laplacian(smooth, cv2.CV_64F).var()),
        "clipped": float((small[y : y + h, x : x + w].max(axis=2) >= 250).mean()),
        "brightness": float(gray.mean()),
        "fill": (w * h) / (small.shape[0] * small.shape[1]) if box else 0.0,
    }
    full_box = tuple(round(v / scale) for v in (x, y, w, h)) if box else None
    return metrics, full_box  # type: ignore[return-value]


def check(image: np.ndarray, limits: Thresholds | None = None) -> GateResult:
    """Pass/fail with every failed check named, worst first in reading order."""
    limits = limits or Thresholds()
    metrics, box = measure(image)
    reasons: list[Reason] = []
    if box is None:
        reasons.append(
            Reason(
                "no_object", "No item found in the frame: put it on the mat.", 0.0, limits.min_fill
            )
        )
    elif metrics["fill"] < limits.min_fill:
        reasons.append(
            Reason(
                "too_small",
                f"The item fills only {metrics['fill']:.0%} of the frame "
                f"(needs {limits.min_fill:.0%}): move the camera closer.",
                metrics["fill"],
                limits.min_fill,
            )
        )
    if metrics["sharpness"] < limits.min_sharpness:
        reasons.append(
            Reason(
                "blurry",
                f"The photo is blurry (sharpness {metrics['sharpness']:.0f}, needs "
                f"{limits.min_sharpness:.0f}): hold still and refocus.",
                metrics["sharpness"],
                limits.min_sharpness,
            )
        )
    if metrics["clipped"] > limits.max_clipped:
        reasons.append(
            Reason(
                "glare",
                f"Glare: {metrics['clipped']:.1%} of the item is blown out (at most "
                f"{limits.max_clipped:.0%}): tilt the item or dim the light.",
                metrics["clipped"],
                limits.max_clipped,
            )
        )
    if metrics["brightness"] < limits.min_brightness:
        reasons.append(
            Reason(
                "too_dark",
                f"Too dark (brightness {metrics['brightness']:.0f}, needs "
                f"{limits.min_brightness:.0f}): add light.",
                metrics["brightness"],
                limits.min_brightness,
            )
        )
    return GateResult(not reasons, tuple(reasons), metrics, box)
