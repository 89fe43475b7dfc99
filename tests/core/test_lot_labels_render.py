"""Batch rendering for 60,000-unit lots (issue 16): the fast paths draw the same dots."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from appraiser import fonts
from appraiser.labels import ids, layouts, png, zpl, zpl_format
from appraiser.labels.content import LabelContent

STOCKS = ("2.25x1.25in", "40x30", "50x30", "60x40", "62x29")


def _content(serial: str) -> LabelContent:
    uri = f"https://verify.example.com/01/04006381333931/21/{serial}?d=20261122&h=AAAA"
    return LabelContent(uri, serial, "2026-11-22", "BW-01", "Château Exemple 红酒")


def _drawn_in_order(layout, content, dpi, bilevel):
    """The label drawn the plain way: QR, then every text."""
    image = Image.new("1" if bilevel else "L", layout.dots(dpi), 1 if bilevel else 255)
    png._draw_qr(image, layout, content.payload, dpi)
    draw = ImageDraw.Draw(image)
    for spec in layout.texts:
        png.draw_text(draw, spec, content.text(spec.field), fonts.register_reportlab(), dpi)
    return image


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("dpi", [203, 300])
def test_the_shared_layer_gives_the_same_dots(stock, dpi):
    layout = layouts.load(stock)
    for bilevel in (True, False):
        for _ in range(3):  # the second and third reuse the first one's shared layer
            content = _content(ids.new_serial())
            plain = _drawn_in_order(layout, content, dpi, bilevel)
            assert png.render(layout, content, dpi, bilevel=bilevel).tobytes() == plain.tobytes()


def _row_by_row(rows: np.ndarray) -> str:
    out, previous = [], b""
    for row in rows:
        raw = row.tobytes()
        out.append(":" if raw == previous else zpl._compress_row(raw.hex().upper()))
        previous = raw
    return "".join(out)


def test_vectorised_compression_matches_the_rules_row_by_row():
    rng = np.random.default_rng(16)
    for _ in range(2000):
        shape = (int(rng.integers(1, 8)), int(rng.integers(1, 60)))
        rows = rng.choice(np.array([0, 15, 240, 255, 1, 128], np.uint8), size=shape)
        if rng.random() < 0.3:
            rows = rng.integers(0, 256, shape).astype(np.uint8)
        if shape[0] > 1 and rng.random() < 0.3:
            rows[1] = rows[0]
        assert zpl.compress(rows) == _row_by_row(rows)
    image = png.render(layouts.load("50x30"), _content(ids.new_serial()), 203, bilevel=True)
    field = zpl.graphic(image)
    assert field.startswith("^GFA,") and ":" in field


def test_the_render_pool_returns_each_job_as_rendered_in_process_in_order():
    """Jobs rendered in worker processes (``unit_render``) are the bytes the parent would
    have rendered, and come back in submission order (job k is job k's serials)."""
    from appraiser.services.lots import unit_render

    jobs = [[_content(ids.new_serial()) for _ in range(3)] for _ in range(5)]
    with unit_render.Renderer("50x30", "zpl", 203, workers=2) as renderer:
        assert renderer.pool is not None
        pooled = list(renderer.ordered((job, "t") for job in jobs))
    plain = [zpl_format.render(layouts.load("50x30"), job, 203) for job in jobs]
    assert pooled == plain
    serials = [ids.group(job[0].serial) for job in jobs]
    assert [doc[0].split("^FX label ")[1].split("\n")[0] for doc in pooled] == [
        zpl.field_data(s) for s in serials
    ]
