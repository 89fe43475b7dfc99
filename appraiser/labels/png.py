"""Raster labels with Pillow: the on-screen preview, and pages for raster print paths.

Same geometry as the PDF (shared layout, text fitting and QR matrix), drawn at any
resolution so the preview is what the printer will produce. Modules snap to whole pixels
only through rounding of their edges, so a 203 dpi render reads like a 203 dpi printout.
"""

from __future__ import annotations

import io
import threading

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from appraiser import fonts
from appraiser.labels.content import (
    LabelContent,
    aligned_x,
    baseline_mm,
    dark_runs,
    fit_text,
    qr_matrix,
)
from appraiser.labels.layouts import MM_PER_INCH, PT_PER_MM, Layout

_local = threading.local()


def font_px(size_px: int) -> ImageFont.FreeTypeFont:
    """One FreeType face per thread and size: a face must not be used by two threads at
    once, and the preview and a print job render concurrently."""
    cache = _local.__dict__.setdefault("fonts", {})
    if size_px not in cache:
        found = fonts.cjk_font()
        cache[size_px] = ImageFont.truetype(str(found.path), size_px, index=found.index)
    return cache[size_px]


def render(layout: Layout, content: LabelContent, dpi: int = 203) -> Image.Image:
    """One label as a 1-bit-looking greyscale image at ``dpi`` (white background)."""
    scale = dpi / MM_PER_INCH  # pixels per mm
    width, height = layout.dots(dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    _draw_qr(draw, layout, content.payload, scale)
    rl_font = fonts.register_reportlab()
    for spec in layout.texts:
        text, size = fit_text(content.text(spec.field), spec, rl_font)
        if not text:
            continue
        size_px = max(1, round(size / PT_PER_MM * scale))
        width_mm = stringWidth(text, rl_font, size) / PT_PER_MM
        x = aligned_x(spec, width_mm) * scale
        y = baseline_mm(spec, size, rl_font) * scale
        draw.text((x, y), text, fill=0, font=font_px(size_px), anchor="ls")
    return image


def _draw_qr(draw: ImageDraw.ImageDraw, layout: Layout, payload: str, scale: float) -> None:
    matrix = qr_matrix(payload)
    box, quiet = layout.qr.box, layout.qr.quiet
    module = box.w / (matrix.shape[0] + 2 * quiet) * scale
    left = box.x * scale + quiet * module
    top = box.y * scale + quiet * module
    for row, col, length in dark_runs(matrix):
        x0, y0 = round(left + col * module), round(top + row * module)
        x1, y1 = round(left + (col + length) * module), round(top + (row + 1) * module)
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=0)


def render_png(layout: Layout, content: LabelContent, dpi: int = 203) -> bytes:
    out = io.BytesIO()
    image = render(layout, content, dpi)
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
