"""Loading untrusted image files safely: judged by content, never by name.

Every image that enters the station (reference packs, bench photos, files given to the
CLI) passes through :func:`load_image`. It checks the magic bytes, reads the pixel size
from the header *before* decoding so a pixel bomb never allocates, and turns every
decoder failure into an :class:`InvalidInput` with a message a person can act on.
"""

from __future__ import annotations

import struct
from pathlib import Path

import cv2
import numpy as np

from appraiser import limits
from appraiser.errors import InvalidInput
from appraiser.fsio import read_regular

# Decoder complaints about damaged files become InvalidInput; keep them off stderr.
cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)

MAX_PIXELS = limits.MAX_PIXELS  # the reasons for both are in appraiser/limits.py
MAX_FILE_BYTES = limits.MAX_IMAGE_BYTES

_MAGIC = {
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
    b"BM": "bmp",
}


_TIFF = (b"II*\x00", b"MM\x00*")  # little- and big-endian TIFF: named, not taken


def sniff(data: bytes) -> str | None:
    """The image format named by the leading bytes, or None when it is not one we take."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG markers to the first start-of-frame without decoding anything."""
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def _bmp_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 26:
        return None
    width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height)


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def header_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height read from the header, when the format allows it cheaply."""
    reader = {"png": _png_size, "jpeg": _jpeg_size, "bmp": _bmp_size, "webp": _webp_size}.get(kind)
    return reader(data) if reader else None


def _read(source: str | Path | bytes, label: str) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    return read_regular(Path(source), MAX_FILE_BYTES, label)


def check_proportions(
    size: tuple[int, int], label: str, *, min_side: int, max_aspect: float = limits.MAX_ASPECT
) -> None:
    """Refuse a picture too small or too thin to show a product (see limits.py), from its
    header size, before it is decoded."""
    width, height = size
    if min(width, height) < min_side:
        raise InvalidInput(
            f"{label} is {width}×{height} pixels; at least {min_side} px a side is needed."
        )
    if max(width, height) > max_aspect * min(width, height):
        raise InvalidInput(
            f"{label} is {width}×{height} pixels, more than {max_aspect:g}:1; "
            "no photo of a product is that thin."
        )


def check_image_bytes(
    data: bytes, *, label: str = "The image", max_pixels: int = MAX_PIXELS
) -> tuple[str, tuple[int, int] | None]:
    """Refuse empty, non-image and oversized content before any decoder sees it."""
    if not data:
        raise InvalidInput(f"{label} is empty (0 bytes).")
    kind = sniff(data)
    if kind is None and data[:4] in _TIFF:
        raise InvalidInput(
            f"{label} is a TIFF image, which the station does not read.",
            hint="Save it as PNG (16-bit is fine) or JPEG and choose that file.",
        )
    if kind is None:
        raise InvalidInput(
            f"{label} is not an image (JPEG, PNG, WebP or BMP expected).",
            hint="Choose a photo file; the content decides, not the file name.",
        )
    size = header_size(data, kind)
    if size is None:
        raise InvalidInput(f"{label} is damaged: its {kind.upper()} header is unreadable.")
    if size is not None:
        width, height = size
        if width <= 0 or height <= 0:
            raise InvalidInput(f"{label} declares an empty picture ({width}×{height}).")
        if width * height > max_pixels:
            raise InvalidInput(
                f"{label} declares {width}×{height} pixels, over the limit of "
                f"{max_pixels // 1_000_000} MP; it was not opened.",
                hint="Use a normal camera photo; this file may be a decompression bomb.",
            )
    return kind, size


def load_image(
    source: str | Path | bytes,
    max_pixels: int = MAX_PIXELS,
    *,
    label: str | None = None,
    min_side: int | None = None,
    max_aspect: float = limits.MAX_ASPECT,
    over_white: bool = False,
) -> np.ndarray:
    """Decode an image to a BGR ``uint8`` array, or raise :class:`InvalidInput`.

    ``min_side`` (a photo to match, a reference) also refuses pictures too small or too
    thin, judged from the header before decoding. ``over_white`` lays transparency over
    white (a cut-out photo given to ``match``); otherwise the colour stored under it is
    kept, as the library keeper's exporter left it (a reference tag's transparent punch
    hole laid over white read as deviating where the bench shows through it)."""
    label = label or (
        f"The file {Path(source).name}" if isinstance(source, str | Path) else "The image"
    )
    data = _read(source, label)
    kind, size = check_image_bytes(data, label=label, max_pixels=max_pixels)
    if min_side is not None and size is not None:
        check_proportions(size, label, min_side=min_side, max_aspect=max_aspect)
    if kind == "jpeg" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise InvalidInput(f"{label} is truncated (the JPEG has no end marker).")
    buffer = np.frombuffer(data, dtype=np.uint8)
    # PNG and WebP may carry transparency: read it, so what is see-through is not taken
    # for the black (or any) colour its pixels happen to hold
    flags = cv2.IMREAD_UNCHANGED if kind in ("png", "webp") else cv2.IMREAD_COLOR
    try:
        image = cv2.imdecode(buffer, flags)
    except cv2.error as exc:  # a decoder assertion on hostile content is bad input
        raise InvalidInput(f"{label} is damaged and cannot be decoded as {kind.upper()}.") from exc
    if image is None or image.size == 0:
        raise InvalidInput(f"{label} is damaged and cannot be decoded as {kind.upper()}.")
    image = _bgr8(image, over_white)
    if image.shape[0] * image.shape[1] > max_pixels:
        raise InvalidInput(f"{label} has more than {max_pixels // 1_000_000} MP.")
    decoded = (image.shape[1], image.shape[0])
    # OpenCV turns a JPEG upright by its EXIF orientation: a phone held upright stores
    # landscape pixels and "rotate 90", so the picture comes out with its sides swapped
    if decoded != size and not (kind == "jpeg" and size is not None and decoded == size[::-1]):
        raise InvalidInput(f"{label} is damaged: its size does not match its header.")
    return image


def _bgr8(image: np.ndarray, over_white: bool) -> np.ndarray:
    """Any decoded PNG or WebP as 8-bit BGR: 16-bit samples scaled down, grey spread to
    three channels, transparency laid over white when asked (how a cut-out product photo
    is shown on a shop page; the black its transparent pixels often hold would read as
    print) or dropped."""
    if image.dtype == np.uint16:
        image = (image >> 8).astype(np.uint8)
    elif image.dtype != np.uint8:
        image = np.clip(image, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    if image.shape[2] == 3:
        return image
    if image.shape[2] == 2:  # grey and alpha
        image = cv2.cvtColor(image[..., 0], cv2.COLOR_GRAY2BGR), image[..., 1]
    else:
        image = image[..., :3], image[..., 3]
    colour, alpha = image
    if not over_white:
        return colour
    opaque = alpha.astype(np.float32)[..., None] / 255.0
    white = np.float32(255.0) * (1.0 - opaque)
    return np.round(colour.astype(np.float32) * opaque + white).astype(np.uint8)


def encode(image: np.ndarray, kind: str = ".png", quality: int = 92) -> bytes:
    """Encode for storage; JPEG quality only applies to ``.jpg``."""
    params = [cv2.IMWRITE_JPEG_QUALITY, quality] if kind in (".jpg", ".jpeg") else []
    ok, buffer = cv2.imencode(kind, image, params)
    if not ok:
        raise InvalidInput(f"Cannot encode the image as {kind}.")
    return buffer.tobytes()
