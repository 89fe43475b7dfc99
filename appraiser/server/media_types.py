"""Which published media the server will ever serve, and the check that a blob is one.

The consumer page's photos and video segments (``/m/…``) are served from the resolver's
own origin, the origin of the supervisors' ``/site/`` too. A station decides the type it
declares for a blob, so a station (or whoever holds its key) could publish an SVG with
a script, or HTML under any name, and the server would run it on its origin (issue 15
finding N2). So only raster image and video types a bench really produces are served
(stills: JPEG from the camera, PNG/WebP/TIFF/BMP from imported files,
``appraiser.capture.stills``; video: the recorder's MP4, WebM from imported clips), each
with a fixed Content-Type, and only when the blob's first bytes are that type. Anything
else is kept as the station's evidence but never served, and ingest raises an alarm.
"""

from __future__ import annotations

from collections.abc import Callable

# How many leading bytes the magic checks read.
HEAD_BYTES = 16


def _jpeg(head: bytes) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _png(head: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


def _tiff(head: bytes) -> bool:
    return head[:4] in (b"II*\x00", b"MM\x00*")


def _bmp(head: bytes) -> bool:
    return head[:2] == b"BM"


def _iso_media(head: bytes) -> bool:
    """MP4 (ISO base media): a box type at offset 4; a fragment may start with styp/moof."""
    return head[4:8] in (b"ftyp", b"styp", b"moov", b"moof")


def _webm(head: bytes) -> bool:
    return head.startswith(b"\x1a\x45\xdf\xa3")  # EBML


ALLOWED: dict[str, Callable[[bytes], bool]] = {
    "image/jpeg": _jpeg,
    "image/png": _png,
    "image/webp": _webp,
    "image/tiff": _tiff,
    "image/bmp": _bmp,
    "video/mp4": _iso_media,
    "video/webm": _webm,
}


def allowed(declared: object) -> str | None:
    """The allow-listed type ``declared`` names exactly (case and surrounding blanks aside),
    or None: parameters (``video/mp4; x=…``) and every other type are refused."""
    text = str(declared or "").strip().lower()
    return text if text in ALLOWED else None


def servable(declared: object, head: bytes) -> str | None:
    """The fixed Content-Type to serve a blob with, or None when it must not be served:
    the declared type is not on the list or the blob's first bytes are not that type."""
    mime = allowed(declared)
    return mime if mime is not None and ALLOWED[mime](head) else None
