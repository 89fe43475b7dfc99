"""Native ZPL for lot batches (issue 16, ``zpl_format``): a stored format per job, a recall per
label — proven by an independent renderer (zplkit) and two QR readers (zxing-cpp, ZBar)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zplkit
from label_raster import find_symbol, signed_content, zbar_texts, zxing_texts
from zplkit.rendering import Limits

from appraiser.keys import StationKeys
from appraiser.labels import ids, layouts, png, qr, zpl, zpl_format
from appraiser.labels.content import LabelContent
from appraiser.labels.layouts import mm_to_dots

STOCKS = layouts.available()
WIDEST = "WWWWWWWWWWWWWWWWMM"  # the widest Crockford symbols in the resident font


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> StationKeys:
    return StationKeys(tmp_path_factory.mktemp("keys"))


def _inks(program: str, layout: layouts.Layout, dpi: int) -> list[np.ndarray]:
    """Every label of a ZPL stream as the printer would burn it (zplkit)."""
    width, height = layout.dots(dpi)
    options = zplkit.Options(dpi=dpi, width=width, height=height)
    document = zplkit.render(program, options, limits=Limits(graphic_bytes=99_999))
    out = []
    for label in document.labels:
        raster = label.rasterize()
        grey = np.frombuffer(raster.pixels, np.uint8).reshape(raster.height, raster.width)
        out.append(grey < 128)
    return out


def _box(spec_box, dpi: int) -> tuple[int, int, int, int]:
    x, y = mm_to_dots(spec_box.x, dpi), mm_to_dots(spec_box.y, dpi)
    return x, y, x + mm_to_dots(spec_box.w, dpi), y + mm_to_dots(spec_box.h, dpi)


def _batch(keys: StationKeys) -> list[LabelContent]:
    first = signed_content(keys, "Château Exemple 红酒 Rouge 2024")
    widest = LabelContent(
        first.payload.replace(first.serial, WIDEST), WIDEST, first.date, first.station,
        first.brand_model,
    )  # fmt: skip
    return [first, widest, signed_content(keys, "Château Exemple 红酒 Rouge 2024")]


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", STOCKS)
def test_each_recalled_label_reads_back_and_keeps_the_raster_layout(
    stock: str, dpi: int, keys: StationKeys, tmp_path: Path
) -> None:
    layout = layouts.load(stock)
    batch = _batch(keys)
    program = zpl_format.render(layout, batch, dpi)
    assert program[0].startswith("^XA\n^DF") and all(p.count("^DF") == 0 for p in program[1:])
    inks = _inks("".join(program), layout, dpi)
    assert len(inks) == len(batch)
    serial_box = _box(next(t for t in layout.texts if t.field == "serial").box, dpi)
    qr_box = _box(layout.qr.box, dpi)
    for content, ink in zip(batch, inks, strict=True):
        assert zxing_texts(ink) == [content.payload]
        assert zbar_texts(ink, tmp_path) == [content.payload]
        place = qr.place(layout, qr.matrix(content.payload).shape[0], dpi)
        symbol = find_symbol(ink)  # zxing-cpp's own measure: same size and place as raster
        assert symbol.modules == place.modules
        assert abs(symbol.x - place.x) <= 1 and abs(symbol.y - place.y) <= 1
        assert round(symbol.module) == place.module
        shared = zpl_format.shared_texts(layout, content)
        art = np.asarray(png.static_layer(layout, dpi, shared).convert("L")) < 128
        outside = np.ones_like(ink)
        for x0, y0, x1, y1 in (serial_box, qr_box):
            outside[y0:y1, x0:x1] = False
        # outside the QR and serial boxes: exactly the raster label's shared texts
        assert not (ink ^ art)[outside].any(), "ink outside the boxes differs from the art"
        x0, y0, x1, y1 = serial_box
        serial_ink = ink[y0:y1, x0:x1]
        assert serial_ink.sum() > 200, "the serial is blank"
        cols = np.flatnonzero(serial_ink.any(axis=0))
        assert cols[0] > 0 and cols[-1] < x1 - x0 - 1, "the serial touches its box's edge"
        # the symbol's ink stays in its square: the quiet zone is intact
        qr_ink = ink[qr_box[1] : qr_box[3], qr_box[0] : qr_box[2]]
        ys, xs = np.nonzero(qr_ink)
        assert (
            xs.min() + qr_box[0] >= place.x - 1 and xs.max() + qr_box[0] < place.x + place.size + 1
        )
        assert (
            ys.min() + qr_box[1] >= place.y - 1 and ys.max() + qr_box[1] < place.y + place.size + 1
        )


def test_a_recall_is_short_and_names_its_serial(keys: StationKeys) -> None:
    layout = layouts.load("50x30")
    batch = _batch(keys)
    program = zpl_format.render(layout, batch, 203)
    for content, text in zip(batch[1:], program[1:], strict=True):
        assert text.startswith(f"^XA^XF{zpl_format.FORMAT_NAME}")
        assert f"^FX label {ids.group(content.serial)}" in text
        assert len(text) < len(content.payload) + 120
    assert len(zpl.render_label(layout, batch[0], 203)) > 10 * len(program[1])


def test_a_new_day_or_product_stores_a_new_format(keys: StationKeys) -> None:
    layout = layouts.load("50x30")
    first, second = signed_content(keys), signed_content(keys)
    later = LabelContent(second.payload, second.serial, "2026-11-23", "BW-01", first.brand_model)
    program = zpl_format.render(layout, [first, second, later], 203)
    assert [p.count("^DF") for p in program] == [1, 0, 1]
    inks = _inks("".join(program), layout, 203)
    date = _box(next(t for t in layout.texts if t.field == "date").box, 203)
    assert not (inks[0] ^ inks[1])[date[1] : date[3], date[0] : date[2]].any()
    assert (inks[1] ^ inks[2])[date[1] : date[3], date[0] : date[2]].any()


def test_a_payload_zpl_would_read_as_commands_prints_as_a_raster(keys: StationKeys) -> None:
    layout = layouts.load("50x30")
    good = signed_content(keys)
    odd = LabelContent(good.payload + "^x", good.serial, good.date, good.station, "")
    program = zpl_format.render(layout, [odd, good], 203)
    assert program[0] == zpl.render_label(layout, odd, 203)
    assert program[1].startswith("^XA\n^DF")
    assert zxing_texts(_inks("".join(program), layout, 203)[1]) == [good.payload]
