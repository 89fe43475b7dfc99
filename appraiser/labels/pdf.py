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
from appraiser.labels.png import PER_LABEL

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
    contents = list(labels)
    if not contents:
        raise ValueError("no labels to render")
    if len(contents) == 1:
        draw_label(canvas, layout, contents[0], font, dpi)
        canvas.showPage()
    else:
        _draw_batch(canvas, layout, contents, font, dpi)
    canvas.save()
    return out.getvalue()


def _draw_batch(canvas: Canvas, layout: Layout, contents: list[LabelContent], font, dpi) -> None:
    """Pages whose shared texts (mark, date, station, product) are one Form XObject drawn
    once per document and placed on every page (issue 16: 60,000-unit lots); only the QR
    and the serial are drawn per page. A new day or product makes another form."""
    forms: dict[tuple, str] = {}
    for content in contents:
        shared = tuple(
            (spec, content.text(spec.field)) for spec in layout.texts if spec.field not in PER_LABEL
        )
        name = forms.get(shared)
        if name is None:
            name = forms[shared] = f"shared{len(forms)}"
            canvas.beginForm(name)
            _draw_texts(canvas, layout, shared, font)
            canvas.endForm()
        canvas.doForm(name)
        _draw_qr(canvas, layout, content.payload, dpi)
        mine = [
            (spec, content.text(spec.field)) for spec in layout.texts if spec.field in PER_LABEL
        ]
        _draw_texts(canvas, layout, mine, font)
        canvas.showPage()


def draw_label(
    canvas: Canvas, layout: Layout, content: LabelContent, font: str, dpi: int = 203
) -> None:
    _draw_qr(canvas, layout, content.payload, dpi)
    _draw_texts(canvas, layout, [(spec, content.text(spec.field)) for spec in layout.texts], font)


def _draw_texts(canvas: Canvas, layout: Layout, texts, font: str) -> None:
    """Each (spec, text) fitted to its box, black."""
    canvas.setFillColorRGB(0, 0, 0)
    for spec, text in texts:
        lines, size = fit_lines(text, spec, font)
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
