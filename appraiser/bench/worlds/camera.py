"""Camera models: what the sensor, lens and encoder do to the scene.

A :class:`Camera` is a family of devices (a world draws one per photo, jittered by the
seed): white balance, exposure, vignetting, lateral chromatic aberration, motion blur and
defocus, shot and read noise, a tone curve (gamma) and JPEG. The scene comes in as linear
RGB float32 in [0, 1]; the photo leaves as BGR uint8 (what OpenCV and the engine read).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Camera:
    name: str
    size: tuple[int, int]  # width, height of the photo
    wb: tuple[float, float]  # range of the red/blue gain error (1 = perfect)
    vignette: tuple[float, float]  # corner darkening range
    aberration: tuple[float, float]  # lateral CA: red/blue magnification difference
    motion: tuple[float, float]  # motion blur length range, pixels
    defocus: tuple[float, float]  # Gaussian sigma range
    noise: tuple[float, float]  # read noise sigma range (shot noise scales with it)
    gamma: tuple[float, float]  # encoding gamma range
    jpeg: tuple[int, int]  # JPEG quality range


def harsher(camera: Camera, level: float = 1.0) -> Camera:
    """The same device on a bad day, every fault wide open: a stress condition any world
    can be shot under (small, shaken, defocused, grainy, heavily compressed photos)."""
    return dataclasses.replace(
        camera,
        wb=(0.05, 0.05 + 0.2 * level),
        vignette=(0.2, 0.2 + 0.5 * level),
        aberration=(0.001, 0.001 + 0.005 * level),
        motion=(0.0, 3.0 + 6.0 * level),
        defocus=(0.3, 0.6 + 1.4 * level),
        noise=(0.005, 0.01 + 0.03 * level),
        gamma=(1.8, 2.7),
        jpeg=(int(85 - 30 * level), 92),
    )


def _vignette(img: np.ndarray, strength: float) -> np.ndarray:
    h, w = img.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((xs - w / 2) / (w / 2)) ** 2 + ((ys - h / 2) / (h / 2)) ** 2
    return img * (1.0 - strength * r2 / 2.0)[..., None]


def _aberration(img: np.ndarray, amount: float) -> np.ndarray:
    h, w = img.shape[:2]
    out = img.copy()
    for channel, scale in ((0, 1.0 + amount), (2, 1.0 - amount)):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), 0, scale)
        out[..., channel] = cv2.warpAffine(
            img[..., channel], m, (w, h), borderMode=cv2.BORDER_REFLECT
        )
    return out


def _motion(img: np.ndarray, length: float, angle: float) -> np.ndarray:
    if length < 1.5:
        return img
    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    kernel[size // 2, :] = 1.0
    m = cv2.getRotationMatrix2D((size / 2 - 0.5, size / 2 - 0.5), angle, 1.0)
    kernel = cv2.warpAffine(kernel, m, (size, size))
    return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))


def shoot(scene: np.ndarray, camera: Camera, rng: np.random.Generator, hard: float = 1.0):
    """The photo (BGR uint8, JPEG-decoded) of a linear RGB ``scene`` of ``camera.size``."""

    def pick(lo_hi: tuple[float, float], skew: float = 1.0) -> float:
        """A value in the range; ``skew`` > 1 makes the bad end rarer (most bench
        photos are sharp, a few are not)."""
        lo, hi = lo_hi
        return float(lo + (hi - lo) * min(1.0, rng.random() ** skew * hard))

    img = scene * np.float32(rng.uniform(0.8, 1.15))  # exposure
    gains = np.float32(
        [1 + rng.choice([-1, 1]) * pick(camera.wb), 1.0, 1 + rng.choice([-1, 1]) * pick(camera.wb)]
    )
    img = img * gains
    img = _vignette(img, pick(camera.vignette))
    img = _aberration(img, pick(camera.aberration))
    img = _motion(img, pick(camera.motion, 2.0), float(rng.uniform(0, 180)))
    sigma = pick(camera.defocus, 2.0)
    if sigma > 0.3:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    read = pick(camera.noise)
    shot = np.sqrt(np.clip(img, 0, None)) * read * 2.0
    img = img + rng.normal(0, 1, img.shape).astype(np.float32) * (shot + read)
    img = np.clip(img, 0, 1) ** (1.0 / pick(camera.gamma))
    bgr = (img[..., ::-1] * 255.0 + 0.5).astype(np.uint8)
    quality = int(
        camera.jpeg[1] - (camera.jpeg[1] - camera.jpeg[0]) * min(1.0, rng.random() * hard)
    )
    _, data = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(data, cv2.IMREAD_COLOR)
