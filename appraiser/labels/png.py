"""Raster labels with Pillow: the on-screen preview, raster print paths and ZPL's bitmap.

Same geometry as the PDF (shared layout, text fitting, QR placement): the QR symbol is
placed in whole dots of ``dpi`` with whole-dot modules, so a 203 dpi render is exactly what a
203 dpi printer burns. ``bilevel`` renders black-or-white dots with unsmoothed text, as a
thermal head prints them (the ZPL renderer sends that image).
"""

from __future__ import annotations

import io
import threading

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from appraiser import fonts
from appraiser.labels import qr
from appraiser.labels.content import LabelContent, aligned_x, baselines_mm, fit_lines
from appraiser.labels.layouts import MM_PER_INCH, PT_PER_MM, Layout, TextSpec

_local = threading.local()


def font_px(size_px: int) -> ImageFont.FreeTypeFont:
    """One FreeType face per thread and size: a face must not be used by two threads at
    once, and the preview and a print job render concurrently."""
    cache = _local.__dict__.setdefault("fonts", {})
    if size_px not in cache:
        found = fonts.cjk_font()
        cache[size_px] = ImageFont.truetype(str(found.path), size_px, index=found.index)
    return cache[size_px]


def render(
    layout: Layout, content: LabelContent, dpi: int = 203, *, bilevel: bool = False
) -> Image.Image:
    """One label at ``dpi``: greyscale (white background), or 1-bit when ``bilevel``."""
    shared = tuple(
        (spec, content.text(spec.field)) for spec in layout.texts if spec.field not in PER_LABEL
    )
    image = _shared_layer(layout, dpi, bilevel, shared).copy()
    _draw_qr(image, layout, content.payload, dpi)
    draw = ImageDraw.Draw(image)
    font = fonts.register_reportlab()
    for spec in layout.texts:
        if spec.field in PER_LABEL:
            draw_text(draw, spec, content.text(spec.field), font, dpi)
    return image


# Fields that differ from one label to the next of a batch; the rest (mark, date, station,
# product) is drawn once per batch. Layout boxes never overlap (``layouts._check``), so
# drawing the shared texts first gives the same dots (issue 16: 60,000-unit lots).
PER_LABEL = frozenset({"serial"})
_SHARED_KEPT = 8


def static_layer(layout: Layout, dpi: int, shared: tuple) -> Image.Image:
    """The 1-bit label with only its shared texts (``shared``: (spec, text) pairs) drawn:
    the art a batch's stored ZPL format carries once (``zpl_format``). Do not modify it."""
    return _shared_layer(layout, dpi, True, shared)


def _shared_layer(layout: Layout, dpi: int, bilevel: bool, shared: tuple) -> Image.Image:
    """The label with only its shared texts drawn, kept per thread for the next label."""
    cache = _local.__dict__.setdefault("layers", {})
    key = (layout, dpi, bilevel, shared)
    if key not in cache:
        if len(cache) >= _SHARED_KEPT:
            cache.pop(next(iter(cache)))
        image = Image.new("1" if bilevel else "L", layout.dots(dpi), 1 if bilevel else 255)
        draw = ImageDraw.Draw(image)
        font = fonts.register_reportlab()
        for spec, text in shared:
            draw_text(draw, spec, text, font, dpi)
        cache[key] = image
    return cache[key]


def _draw_qr(image: Image.Image, layout: Layout, payload: str, dpi: int) -> None:
    place, dark = qr.place_payload(layout, payload, dpi)
    dots = qr.dot_image(dark, place.module)
    symbol = Image.fromarray(np.where(dots, 0, 255).astype(np.uint8)).convert(image.mode)
    image.paste(symbol, (place.x, place.y))


def draw_text(draw: ImageDraw.ImageDraw, spec: TextSpec, text: str, font: str, dpi: int) -> None:
    """``text`` fitted to its box (wrapped where the layout allows), baseline-anchored."""
    lines, size = fit_lines(text, spec, font)
    scale = dpi / MM_PER_INCH  # dots per mm
    face = font_px(max(1, round(size / PT_PER_MM * scale)))
    for line, baseline in zip(lines, baselines_mm(spec, size, font, len(lines)), strict=True):
        x = aligned_x(spec, stringWidth(line, font, size) / PT_PER_MM) * scale
        draw.text((x, baseline * scale), line, fill=0, font=face, anchor="ls")


def render_png(layout: Layout, content: LabelContent, dpi: int = 203) -> bytes:
    out = io.BytesIO()
    image = render(layout, content, dpi)
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()
