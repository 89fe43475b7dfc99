"""Labels as PDF: one page per label at the stock's exact size, vector QR, embedded CJK font.

The QR is drawn as filled rectangles (one per horizontal run of dark modules), so it stays
sharp at any printer resolution; reportlab embeds only the glyphs used from the CJK font.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from appraiser import fonts
from appraiser.labels.content import (
    LabelContent,
    aligned_x,
    baseline_mm,
    dark_runs,
    fit_text,
    qr_matrix,
)
from appraiser.labels.layouts import Layout

# Compressed streams stay binary: ASCII85 on top only makes PDFs bigger and, without
# reportlab's optional C accelerator, costs more time than drawing the labels.
rl_config.useA85 = 0


def render(layout: Layout, labels: Iterable[LabelContent], *, title: str = "Labels") -> bytes:
    """A PDF with one page per label, in order."""
    font = fonts.register_reportlab()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=layout.size_pt, pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setAuthor("appraiser")
    count = 0
    for content in labels:
        draw_label(canvas, layout, content, font)
        canvas.showPage()
        count += 1
    if count == 0:
        raise ValueError("no labels to render")
    canvas.save()
    return out.getvalue()


def draw_label(canvas: Canvas, layout: Layout, content: LabelContent, font: str) -> None:
    _draw_qr(canvas, layout, content.payload)
    canvas.setFillColorRGB(0, 0, 0)
    for spec in layout.texts:
        text, size = fit_text(content.text(spec.field), spec, font)
        if not text:
            continue
        width_mm = canvas.stringWidth(text, font, size) / mm
        x = aligned_x(spec, width_mm)
        baseline = baseline_mm(spec, size, font)
        canvas.setFont(font, size)
        canvas.drawString(x * mm, (layout.height_mm - baseline) * mm, text)


def _draw_qr(canvas: Canvas, layout: Layout, payload: str) -> None:
    """Fill one rectangle per run of dark modules, written in module units under a single
    transform: whole-number operands keep the stream small and fast to produce."""
    matrix = qr_matrix(payload)
    box, quiet = layout.qr.box, layout.qr.quiet
    module = box.w / (matrix.shape[0] + 2 * quiet) * mm
    left = box.x * mm + quiet * module
    top = (layout.height_mm - box.y) * mm - quiet * module
    rects = " ".join(f"{col} {row} {length} 1 re" for row, col, length in dark_runs(matrix))
    canvas.addLiteral(f"q 0 g {module:.4f} 0 0 {-module:.4f} {left:.4f} {top:.4f} cm {rects} f Q")
