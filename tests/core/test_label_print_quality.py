"""Labels on real printers: QR modules of whole dots ≥ 0.33 mm, a 4-module quiet zone on every
side, legible Chinese, every font embedded — checked on the geometry and on renders that
independent tools rasterise (zplkit, pdftoppm) and decode (zxing-cpp, zbarimg)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from label_raster import (
    Symbol,
    dots,
    find_symbol,
    ink_rows,
    render_ink,
    run_lengths,
    signed_content,
    tool,
    zbar_texts,
    zpl_ink,
    zxing_texts,
)

from appraiser import fonts
from appraiser.errors import InvalidInput
from appraiser.keys import StationKeys
from appraiser.labels import layouts, pdf, png, qr, zpl
from appraiser.labels.content import fit_lines
from appraiser.labels.layouts import Box

STOCKS = layouts.available()
DPIS = (203, 300)
FORMATS = ("zpl", "pdf", "png")
MIN_MODULE_MM = 0.33
QUIET = 4
CJK_MIN_MM = 2.5
# The longest resolver domain whose payload still fits a version 10 symbol (213 bytes; the
# 18-symbol serials of issue 14 took one byte from the 17-symbol ones).
LONGEST_V10_RESOLVER = "verify.bondedwarehouse.asia"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> StationKeys:
    return StationKeys(tmp_path_factory.mktemp("keys"))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("stock", STOCKS)
def test_render_reads_back_with_two_decoders(
    stock: str, dpi: int, fmt: str, keys: StationKeys, tmp_path: Path
) -> None:
    content = signed_content(keys)
    ink = render_ink(fmt, layouts.load(stock), content, dpi, tmp_path)
    assert zxing_texts(ink) == [content.payload]
    assert zbar_texts(ink, tmp_path) == [content.payload]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("stock", STOCKS)
def test_modules_are_whole_even_dots_of_at_least_a_third_mm(
    stock: str, dpi: int, fmt: str, keys: StationKeys, tmp_path: Path
) -> None:
    content = signed_content(keys)
    ink = render_ink(fmt, layouts.load(stock), content, dpi, tmp_path)
    symbol = find_symbol(ink)
    module = round(symbol.module)
    assert symbol.width == module * symbol.modules, "modules are not whole dots"
    assert module * 25.4 / dpi >= MIN_MODULE_MM
    _assert_runs_are_whole_modules(ink, symbol, module)


def _assert_runs_are_whole_modules(ink, symbol: Symbol, module: int) -> None:
    """Every run of dark or light modules, across and down, spans a whole number of
    modules of exactly ``module`` dots: no 2-dot/3-dot mix."""
    area = ink[
        symbol.y : symbol.y + symbol.modules * module, symbol.x : symbol.x + symbol.modules * module
    ]
    for line in [*area, *area.T]:
        odd = [n for n in run_lengths(line) if n % module]
        assert not odd, f"runs of {odd} dots with {module}-dot modules"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("stock", STOCKS)
def test_quiet_zone_is_four_clear_modules_on_every_side(
    stock: str, dpi: int, fmt: str, keys: StationKeys, tmp_path: Path
) -> None:
    ink = render_ink(fmt, layouts.load(stock), signed_content(keys), dpi, tmp_path)
    symbol = find_symbol(ink)
    module, size = round(symbol.module), round(symbol.width)
    left, top = symbol.x - QUIET * module, symbol.y - QUIET * module
    right, bottom = symbol.x + size + QUIET * module, symbol.y + size + QUIET * module
    height, width = ink.shape
    assert left >= 0 and top >= 0 and right <= width and bottom <= height, "zone leaves label"
    zone = ink[top:bottom, left:right].copy()
    zone[QUIET * module : QUIET * module + size, QUIET * module : QUIET * module + size] = False
    assert not zone.any(), "ink inside the quiet zone"


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("stock", STOCKS)
def test_quiet_zone_geometry_from_the_layout(stock: str, dpi: int, keys: StationKeys) -> None:
    """Computed, not rendered: the symbol and its 4-module zone stay inside the printable
    area, away from every text box."""
    layout = layouts.load(stock)
    place = qr.place(layout, qr.matrix(signed_content(keys).payload).shape[0], dpi)
    assert place.module * 25.4 / dpi >= MIN_MODULE_MM
    mm = 25.4 / dpi
    ring = QUIET * place.module
    zone = Box((place.x - ring) * mm, (place.y - ring) * mm, (place.size + 2 * ring) * mm, 0)
    zone = Box(zone.x, zone.y, zone.w, zone.w)
    margin = layout.margin_mm
    assert zone.x >= margin - 1e-9 and zone.y >= margin - 1e-9
    assert zone.x + zone.w <= layout.width_mm - margin + 1e-9
    assert zone.y + zone.h <= layout.height_mm - margin + 1e-9
    assert not [t.field for t in layout.texts if t.box.overlaps(zone)]


@pytest.mark.parametrize("dpi", DPIS)
@pytest.mark.parametrize("stock", STOCKS)
def test_every_stock_carries_the_longest_version_10_payload(
    stock: str, dpi: int, keys: StationKeys
) -> None:
    content = signed_content(keys, resolver=LONGEST_V10_RESOLVER)
    assert len(content.payload) == 213
    program = zpl.render_label(layouts.load(stock), content, dpi)
    assert zxing_texts(zpl_ink(program, layouts.load(stock), dpi)) == [content.payload]


def test_a_payload_too_big_for_the_stock_is_refused_not_shrunk(keys: StationKeys) -> None:
    content = signed_content(keys, resolver="verify." + "very-long-resolver-name." * 3 + "cn")
    with pytest.raises(InvalidInput, match=r"0\.33 mm.*40 × 30 mm"):
        zpl.render_label(layouts.load("40x30"), content, 203)
    with pytest.raises(InvalidInput):
        png.render(layouts.load("40x30"), content, 203)
    assert zxing_texts(render_ink("zpl", layouts.load("60x40"), content, 203, Path())) == [
        content.payload
    ]


CHINESE_BRANDS = ("路易威登经典手提包", "Gucci 马蒙特手袋", "爱马仕")


@pytest.mark.parametrize("brand", CHINESE_BRANDS)
@pytest.mark.parametrize("stock", STOCKS)
def test_chinese_on_zpl_stays_at_least_2_5_mm_tall(
    stock: str, brand: str, keys: StationKeys
) -> None:
    layout = layouts.load(stock)
    ink = zpl_ink(zpl.render_label(layout, signed_content(keys, brand), 203), layout, 203)
    for field in ("mark_zh", "brand_model"):
        box = next(t.box for t in layout.texts if t.field == field)
        area = ink[
            round(dots(box.y, 203)) : round(dots(box.y + box.h, 203)),
            round(dots(box.x, 203)) : round(dots(box.x + box.w, 203)),
        ]
        tallest = max(ink_rows(area), default=0)
        assert tallest * 25.4 / 203 >= CJK_MIN_MM, f"{field}: {tallest} dots"


def test_a_long_chinese_brand_wraps_before_it_shrinks(keys: StationKeys) -> None:
    layout = layouts.load("50x30")
    brand = "路易威登经典手提包"

    spec = next(t for t in layout.texts if t.field == "brand_model")
    lines, size = fit_lines(brand, spec, fonts.register_reportlab())
    assert "".join(lines) == brand and len(lines) == 2
    assert size >= 8


@pytest.mark.parametrize("stock", STOCKS)
def test_label_pdf_embeds_every_font(stock: str, keys: StationKeys, tmp_path: Path) -> None:
    document = tmp_path / "label.pdf"
    document.write_bytes(pdf.render(layouts.load(stock), [signed_content(keys)]))
    assert fonts_not_embedded(document) == []


def fonts_not_embedded(document: Path) -> list[str]:
    """Names of the fonts ``pdffonts`` lists as not embedded (the table's 'emb' column)."""
    out = subprocess.run(
        [tool("pdffonts"), str(document)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert len(out) >= 3, "pdffonts lists no font"
    header = out[0]
    column = header.index("emb")
    rows = out[2:]
    return [re.split(r"\s+", row)[0] for row in rows if row[column : column + 3].strip() != "yes"]
