"""The label's QR symbol and where it sits, in whole printer dots, for every renderer.

Thermal printers burn whole dots, so a module of 2.6 dots prints as a mix of 2- and 3-dot
modules that phones misread; a module under ~0.33 mm smears on thermal paper. So the module
is a whole number of dots (at 203 dpi at least 3, at 300 dpi at least 4) and the symbol's
origin lies on the dot grid. Around it, ISO/IEC 18004 asks for a quiet zone of 4 modules;
the layout's QR box must hold symbol and zone inside the printable area. When a payload is
too big for a stock at that quality we refuse with a clear message instead of shrinking the
modules until the label no longer scans.

The symbol is always byte mode, error correction level M (survives a scuffed label), and its
version is the smallest that holds the payload in byte mode, so the size does not depend on
an encoder's segmentation choices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import zxingcpp

from appraiser.errors import InvalidInput
from appraiser.labels.layouts import MM_PER_INCH, QUIET_MODULES, Layout

MIN_MODULE_MM = 0.33
EC_LEVEL = "M"
# Bytes a level-M symbol holds in byte mode, versions 1..20 (ISO/IEC 18004, table 7).
BYTE_CAPACITY_M = (
    14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
)  # fmt: skip


@dataclass(frozen=True)
class Placement:
    """The symbol without its quiet zone, in dots from the label's top-left corner."""

    x: int
    y: int
    module: int  # dots per module
    modules: int  # modules per side

    @property
    def size(self) -> int:
        return self.module * self.modules

    @property
    def quiet(self) -> int:
        """Width of the smallest quiet zone allowed, in dots."""
        return QUIET_MODULES * self.module


def version_for(payload: str) -> int:
    """The smallest level-M version that holds ``payload`` in byte mode."""
    length = len(payload.encode("utf-8"))
    for version, capacity in enumerate(BYTE_CAPACITY_M, start=1):
        if length <= capacity:
            return version
    raise InvalidInput(f"A label payload of {length} bytes is too long for a label QR code.")


@lru_cache(maxsize=64)
def _matrix(payload: str) -> np.ndarray:
    code = zxingcpp.create_barcode(
        payload, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL, version=version_for(payload)
    )
    matrix = np.asarray(code.to_image(scale=1, add_quiet_zones=False)) == 0
    matrix.setflags(write=False)
    return matrix


def matrix(payload: str) -> np.ndarray:
    """Dark modules (True) of the payload's symbol, without quiet zone (read-only, cached:
    the PDF, the preview and the print job of one label all ask for it)."""
    return _matrix(payload)


def min_module_dots(dpi: int) -> int:
    return math.ceil(MIN_MODULE_MM * dpi / MM_PER_INCH - 1e-9)


def _span(start_mm: float, length_mm: float, dpi: int) -> tuple[int, int]:
    """The whole dots that lie inside [start, start + length] mm."""
    scale = dpi / MM_PER_INCH
    return math.ceil(start_mm * scale - 1e-9), math.floor((start_mm + length_mm) * scale + 1e-9)


def place(layout: Layout, modules: int, dpi: int) -> Placement:
    """The largest whole-dot module for which symbol and quiet zone fit the layout's QR box,
    the symbol centred in it; ``InvalidInput`` when not even the minimum module fits."""
    box = layout.qr.box
    x0, x1 = _span(box.x, box.w, dpi)
    y0, y1 = _span(box.y, box.h, dpi)
    room = min(x1 - x0, y1 - y0)
    module = room // (modules + 2 * layout.qr.quiet)
    if module < min_module_dots(dpi):
        raise InvalidInput(_too_small(layout, modules, dpi))
    size = module * modules
    return Placement(x0 + (x1 - x0 - size) // 2, y0 + (y1 - y0 - size) // 2, module, modules)


def _too_small(layout: Layout, modules: int, dpi: int) -> str:
    need = (modules + 2 * QUIET_MODULES) * min_module_dots(dpi) * MM_PER_INCH / dpi
    return (
        f"The label QR code ({modules}×{modules} modules) needs {need:.1f} mm with "
        f"{MIN_MODULE_MM} mm modules and a {QUIET_MODULES}-module quiet zone, but the "
        f"{layout.title} stock has {layout.qr.box.w:g} mm at {dpi} dpi. Use a larger label "
        "stock or a shorter resolver domain."
    )


def place_payload(layout: Layout, payload: str, dpi: int) -> tuple[Placement, np.ndarray]:
    """Matrix and placement of one payload on one stock at one resolution."""
    dark = matrix(payload)
    return place(layout, dark.shape[0], dpi), dark


def dot_image(dark: np.ndarray, module: int) -> np.ndarray:
    """The symbol as a boolean dot array, ``module`` dots per module."""
    return dark.repeat(module, axis=0).repeat(module, axis=1)
