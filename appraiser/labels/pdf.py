"""Labels as PDF: one page per label at the stock's exact size, vector QR, embedded font.

The QR is drawn as filled rectangles (one per horizontal run of dark modules) whose module
size and origin are whole dots of the target printer (``dpi``), so the printer's raster
gives every module the same width. Every font is embedded: the page starts in our TrueType
font (reportlab would otherwise name Helvetica, which is not embedded), and reportlab embeds
only the glyphs used.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from appraiser import fonts
from appraiser.labels import qr
from appraiser.labels.content import (
    LabelContent,
    aligned_x,
    baselines_mm,
    dark_runs,
    fit_lines,
)
from appraiser.labels.layouts import Layout

# Compressed streams stay binary: ASCII85 on top only makes PDFs bigger and, without
# reportlab's optional C accelerator, costs more time than drawing the labels.
rl_config.useA85 = 0


def render(
    layout: Layout, labels: Iterable[LabelContent], *, title: str = "Labels", dpi: int = 203
) -> bytes:
    """A PDF with one page per label, in order, its QR snapped to a ``dpi`` printer."""
    font = fonts.register_reportlab()
    out = io.BytesIO()
    canvas = Canvas(
        out, pagesize=layout.size_pt, pageCompression=1, invariant=1, initialFontName=font
    )
    canvas.setTitle(title)
    canvas.setAuthor("appraiser")
    count = 0
    for content in labels:
        draw_label(canvas, layout, content, font, dpi)
        canvas.showPage()
        count += 1
    if count == 0:
        raise ValueError("no labels to render")
    canvas.save()
    return out.getvalue()


def draw_label(
    canvas: Canvas, layout: Layout, content: LabelContent, font: str, dpi: int = 203
) -> None:
    _draw_qr(canvas, layout, content.payload, dpi)
    canvas.setFillColorRGB(0, 0, 0)
    for spec in layout.texts:
        lines, size = fit_lines(content.text(spec.field), spec, font)
        canvas.setFont(font, size)
        for line, baseline in zip(lines, baselines_mm(spec, size, font, len(lines)), strict=True):
            x = aligned_x(spec, canvas.stringWidth(line, font, size) / mm)
            canvas.drawString(x * mm, (layout.height_mm - baseline) * mm, line)


def _draw_qr(canvas: Canvas, layout: Layout, payload: str, dpi: int) -> None:
    """Fill one rectangle per run of dark modules, written in module units under a single
    transform: whole-number operands keep the stream small and fast to produce."""
    place, dark = qr.place_payload(layout, payload, dpi)
    dot = 72 / dpi  # points per printer dot
    module = place.module * dot
    left = place.x * dot
    top = layout.size_pt[1] - place.y * dot
    rects = " ".join(f"{col} {row} {length} 1 re" for row, col, length in dark_runs(dark))
    canvas.addLiteral(f"q 0 g {module:.5f} 0 0 {-module:.5f} {left:.5f} {top:.5f} cm {rects} f Q")
