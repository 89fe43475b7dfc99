"""Small JPEG renditions of photos for reports, and the deviation map overlay.

Full-resolution stills are decoded at a reduced scale (libjpeg's DCT scaling) and re-encoded
small, which keeps the report PDF under a few hundred milliseconds and a few hundred KB.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

MAX_EDGE = 900


_REDUCED = (
    (8, cv2.IMREAD_REDUCED_COLOR_8),
    (4, cv2.IMREAD_REDUCED_COLOR_4),
    (2, cv2.IMREAD_REDUCED_COLOR_2),
)


def load_small(path: Path, max_edge: int = MAX_EDGE) -> np.ndarray | None:
    """Decode at the strongest JPEG reduction that still gives about ``max_edge`` pixels
    (one decode, a fraction of the work), then shrink to fit."""
    data = np.fromfile(str(path), dtype=np.uint8)
    if data.size == 0:
        return None
    size = image_size(path)
    flag = cv2.IMREAD_COLOR
    if size:
        for factor, reduced in _REDUCED:
            if max(size) / factor >= max_edge * 0.75:
                flag = reduced
                break
    image = cv2.imdecode(data, flag)
    if image is None:
        return None
    scale = max_edge / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return image


def jpeg(image: np.ndarray, quality: int = 82) -> bytes:
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return encoded.tobytes()


def thumbnail(path: Path, max_edge: int = MAX_EDGE) -> bytes | None:
    image = load_small(path, max_edge)
    return jpeg(image) if image is not None else None


def heat_overlay(
    reference: Path,
    regions: list[dict[str, Any]],
    full_size: tuple[int, int],
    max_edge: int = MAX_EDGE,
) -> bytes | None:
    """The reference image with the deviating regions glowing (JET colour map).

    ``regions`` are in the pixel coordinates of the full-size reference image (DESIGN §3.1);
    ``full_size`` is that image's (width, height).
    """
    base = load_small(reference, max_edge)
    if base is None or not regions:
        return None
    height, width = base.shape[:2]
    sx, sy = width / max(full_size[0], 1), height / max(full_size[1], 1)
    heat = np.zeros((height, width), np.float32)
    for region in regions:
        x0, y0 = int(region["x"] * sx), int(region["y"] * sy)
        x1, y1 = int((region["x"] + region["w"]) * sx), int((region["y"] + region["h"]) * sy)
        heat[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = np.maximum(
            heat[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)], float(region.get("score", 1.0))
        )
    sigma = max(width, height) / 60
    heat = cv2.GaussianBlur(heat, (0, 0), sigma)
    if heat.max() > 0:
        heat /= heat.max()
    colour = cv2.applyColorMap((heat * 255).astype(np.uint8), cv2.COLORMAP_JET)
    alpha = (0.6 * heat)[..., None]
    blended = (base * (1 - alpha) + colour * alpha).astype(np.uint8)
    return jpeg(blended)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) read from the file header, without decoding the pixels."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError):
        return None
