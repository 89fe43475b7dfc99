"""Stills from files: a DSLR's or a microscope camera's output folder, or single files.

Files are judged by their content, never by their name: Pillow must recognise one of the
photo formats, and the header's pixel count must stay under a limit before anything is
decoded (a crafted 60000x60000 PNG would otherwise take the station's memory).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 80_000_000  # above any current full-frame or medium-format sensor
MIME = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "TIFF": "image/tiff",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
}


@dataclass(frozen=True)
class Candidate:
    """A file offered for import: either readable (``image`` set) or refused with why."""

    path: Path
    image: np.ndarray | None = None  # BGR, orientation applied
    data: bytes = b""  # the original bytes, stored unchanged
    mime: str = ""
    refused: str = ""


def load_still(path: Path, max_pixels: int = MAX_PIXELS) -> Candidate:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Candidate(path, refused=f"cannot read the file ({exc.strerror or exc})")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format or "", probe.size
            if kind not in MIME:
                return Candidate(path, refused=f"{kind or 'unknown'} is not a photo format")
            if width * height > max_pixels:
                return Candidate(path, refused=f"{width}x{height} exceeds the pixel limit")
            probe.load()
            upright = ImageOps.exif_transpose(probe).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        return Candidate(path, refused="not an image")
    image = cv2.cvtColor(np.asarray(upright), cv2.COLOR_RGB2BGR)
    return Candidate(path, image, data, MIME[kind])


def scan(paths: list[Path], max_pixels: int = MAX_PIXELS) -> list[Candidate]:
    """Every file under ``paths`` (folders searched recursively), in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not p.name.startswith(".")
            )
        else:
            files.append(path)
    return [load_still(f, max_pixels) for f in files]
