"""What goes on one label, and the geometry every renderer shares (QR matrix, text fit)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from appraiser.labels import ids
from appraiser.labels.layouts import PT_PER_MM, TextSpec

MARK_ZH = "正品鉴别"
MARK_EN = "Authenticated"
ELLIPSIS = "…"
# Text may use at most this share of its box height (ascenders and descenders need room).
HEIGHT_SHARE = 0.82


@dataclass(frozen=True)
class LabelContent:
    payload: str
    serial: str  # compact form
    date: str  # YYYY-MM-DD as printed
    station: str
    brand_model: str = ""

    def text(self, field: str) -> str:
        return {
            "mark_zh": MARK_ZH,
            "mark_en": MARK_EN,
            "serial": ids.group(self.serial),
            "date": self.date,
            "station": self.station,
            "brand_model": self.brand_model,
        }[field]


def qr_matrix(payload: str) -> np.ndarray:
    """Dark modules (True) of the payload's QR symbol, no quiet zone. Level M survives
    scuffed labels; zxing-cpp encodes in C++, ~25x faster than pure-Python encoders."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return np.asarray(code.to_image(scale=1, add_quiet_zones=False)) == 0


def dark_runs(matrix: np.ndarray) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length): fewer shapes to draw."""
    padded = np.pad(matrix.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    runs = []
    for r in range(matrix.shape[0]):
        starts = np.flatnonzero(edges[r] == 1)
        ends = np.flatnonzero(edges[r] == -1)
        runs += [(r, int(a), int(b - a)) for a, b in zip(starts, ends, strict=True)]
    return runs


def fit_text(text: str, spec: TextSpec, font_name: str) -> tuple[str, float]:
    """The largest size up to ``spec.size`` at which ``text`` fits its box; below the
    minimum size the text is cut with an ellipsis instead of shrinking further."""
    width_pt = spec.box.w * PT_PER_MM
    size = min(spec.size, spec.box.h * PT_PER_MM * HEIGHT_SHARE)
    natural = stringWidth(text, font_name, size)
    if natural > width_pt:
        size = max(spec.min_size, size * width_pt / natural * 0.999)  # float slack
    while text and stringWidth(text, font_name, size) > width_pt:
        text = text[:-2] + ELLIPSIS if len(text) > 1 else ""
    return text, size


def baseline_mm(spec: TextSpec, size_pt: float, font_name: str) -> float:
    """Baseline (mm from the top) that centres the font's ascent-descent span in the box."""
    face = getFont(font_name).face
    ascent, descent = face.ascent / 1000, face.descent / 1000  # descent is negative
    return spec.box.y + spec.box.h / 2 + (ascent + descent) / 2 * size_pt / PT_PER_MM


def aligned_x(spec: TextSpec, text_width_mm: float) -> float:
    """Left edge (mm) of a line of the given width inside its box."""
    if spec.align == "center":
        return spec.box.x + (spec.box.w - text_width_mm) / 2
    if spec.align == "right":
        return spec.box.x + spec.box.w - text_width_mm
    return spec.box.x
