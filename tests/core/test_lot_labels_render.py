"""Batch rendering for 60,000-unit lots (issue 16): the fast paths draw the same dots."""

from __future__ import annotations

import os

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


def test_a_pdf_batch_draws_its_shared_texts_once_as_a_form_with_the_same_dots(tmp_path):
    """Pages of a batch place one Form XObject of the shared texts (issue 16 L4c); poppler
    rasterises each page to the dots of the page drawn the plain way (``draw_label``)."""
    import io
    import subprocess

    from reportlab.pdfgen.canvas import Canvas

    from appraiser.labels import pdf

    layout = layouts.load("50x30")
    batch = [_content(ids.new_serial()) for _ in range(3)]
    batch.append(LabelContent(batch[0].payload, batch[0].serial, "2026-11-23", "BW-01", "X"))
    document = pdf.render(layout, batch, dpi=203)
    assert document.count(b"/Subtype /Form") == 2  # one per distinct set of shared texts
    font = fonts.register_reportlab()
    plain = io.BytesIO()
    canvas = Canvas(plain, pagesize=layout.size_pt, invariant=1, initialFontName=font)
    for content in batch:
        pdf.draw_label(canvas, layout, content, font, 203)
        canvas.showPage()
    canvas.save()
    pages = {}
    for name, data in (("form", document), ("plain", plain.getvalue())):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-r", "203", "-gray", "-png", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, timeout=60)  # fmt: skip
        pages[name] = sorted(tmp_path.glob(f"{name}-*.png"))
    assert len(pages["form"]) == len(pages["plain"]) == 4
    for mine, theirs in zip(pages["form"], pages["plain"], strict=True):
        a = np.asarray(Image.open(mine).convert("L")) < 128
        b = np.asarray(Image.open(theirs).convert("L")) < 128
        assert a.any() and (a == b).all()


def test_dark_runs_are_each_rows_runs_in_order():
    """The vectorised runs (the PDF's QR rectangles) are the plain row-by-row ones."""
    from appraiser.labels.content import dark_runs

    rng = np.random.default_rng(4)
    for _ in range(300):
        matrix = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 30)))) < 0.5
        plain = []
        for r, row in enumerate(matrix.tolist()):
            c = 0
            while c < len(row):
                if row[c]:
                    start = c
                    while c < len(row) and row[c]:
                        c += 1
                    plain.append((r, start, c - start))
                else:
                    c += 1
        assert dark_runs(matrix) == plain


def test_native_zpl_renders_in_process_and_pdf_in_a_pool():
    """A 60,000-unit lot's ZPL needs no worker processes (a recall per label); PDF does."""
    from appraiser.services.lots import unit_render
    from appraiser.services.records.export_child import can_fork

    assert unit_render.workers_for(60_000, "zpl") == 0
    cores = max(1, os.cpu_count() or 1) if can_fork() else 0
    assert unit_render.workers_for(60_000, "pdf") == cores
