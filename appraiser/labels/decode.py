"""Reading label QR codes from photos, files and camera frames with zxing-cpp."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, UnidentifiedImageError

from appraiser.errors import InvalidInput


def decode_array(frame: np.ndarray) -> list[str]:
    """Texts of every QR code in a greyscale or RGB/BGR frame (order as found)."""
    results = zxingcpp.read_barcodes(
        frame,
        formats=zxingcpp.BarcodeFormat.QRCode,
        try_rotate=True,
        try_downscale=True,
        text_mode=zxingcpp.TextMode.Plain,
    )
    return [r.text for r in results if r.valid]


def decode_file(path: Path) -> list[str]:
    """QR texts found in an image file; ``InvalidInput`` if it is not an image or has none."""
    try:
        with Image.open(path) as image:
            frame = np.asarray(image.convert("L"))
    except (UnidentifiedImageError, OSError) as exc:
        raise InvalidInput(f"{path} is not an image that can be read.") from exc
    texts = decode_array(frame)
    if not texts:
        raise InvalidInput(
            f"No QR code found in {path.name}.",
            hint="Photograph the label straight on, in focus and well lit.",
        )
    return texts
