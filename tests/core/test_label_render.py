"""Every stock layout as PDF, PNG and ZPL: the printed QR reads back as the signed payload."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from label_raster import zpl_ink
from PIL import Image
from support.tools import require

from appraiser import fonts
from appraiser.keys import StationKeys
from appraiser.labels import decode, ids, layouts, payload, pdf, png, zpl
from appraiser.labels.content import LabelContent, fit_text

STOCKS = layouts.available()


@pytest.fixture(scope="session")
def pdftoppm() -> str:
    return require("pdftoppm")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> StationKeys:
    return StationKeys(tmp_path_factory.mktemp("keys"))


def _content(keys: StationKeys, brand: str = "Gucci GG Marmont 手袋") -> LabelContent:
    claim = payload.make_claim(
        "verify.example.com",
        ids.new_serial(),
        "4006381333931",
        hashlib.sha256(b"a").hexdigest(),
        "20261122",
        keys.current_key_id(),
    )
    uri = payload.build(claim, keys.sign(payload.canonical(claim))[1])
    return LabelContent(uri, claim.serial, "2026-11-22", "BW-01", brand)


def test_every_stock_has_the_expected_size() -> None:
    sizes = {key: (layouts.load(key).width_mm, layouts.load(key).height_mm) for key in STOCKS}
    assert sizes == {
        "50x30": (50, 30),
        "40x30": (40, 30),
        "60x40": (60, 40),
        "2.25x1.25in": (pytest.approx(57.15), pytest.approx(31.75)),
        "62x29": (62, 29),
    }


@pytest.mark.parametrize("stock", STOCKS)
def test_pdf_at_203_dpi_reads_back_as_the_payload(
    stock: str, keys: StationKeys, pdftoppm: str, tmp_path: Path
) -> None:
    layout = layouts.load(stock)
    content = _content(keys)
    document = tmp_path / "label.pdf"
    document.write_bytes(pdf.render(layout, [content]))
    subprocess.run(
        [pdftoppm, "-r", "203", "-png", "-singlefile", str(document), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    image = Image.open(tmp_path / "page.png")
    assert image.size == layout.dots(203)
    texts = decode.decode_file(tmp_path / "page.png")
    assert texts == [content.payload]
    assert payload.verify(texts[0], keys.public_keys()).ok


@pytest.mark.parametrize("stock", STOCKS)
def test_pdf_page_size_and_embedded_cjk_font(stock: str, keys: StationKeys, tmp_path: Path) -> None:
    layout = layouts.load(stock)
    data = pdf.render(layout, [_content(keys), _content(keys)])
    boxes = re.findall(rb"/MediaBox \[ *0 0 ([0-9.]+) ([0-9.]+) *\]", data)
    assert len(boxes) == 2
    for width, height in boxes:
        assert float(width) == pytest.approx(layout.size_pt[0], abs=0.01)
        assert float(height) == pytest.approx(layout.size_pt[1], abs=0.01)
    assert b"/FontFile2" in data  # an embedded TrueType program
    assert re.search(rb"/BaseFont /[A-Z]{6}\+", data)  # ... as a subset


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("dpi", [203, 300])
def test_png_preview_reads_back(stock: str, dpi: int, keys: StationKeys) -> None:
    content = _content(keys)
    image = png.render(layouts.load(stock), content, dpi)
    assert image.size == layouts.load(stock).dots(dpi)
    assert decode.decode_array(np.asarray(image)) == [content.payload]


def test_long_brand_is_shortened_not_overflowing(keys: StationKeys) -> None:
    long_name = "Maison Extraordinairement Longue Collection Automne-Hiver 2026 限量版"
    image = png.render(layouts.load("40x30"), _content(keys, long_name), 300)
    assert image.size == layouts.load("40x30").dots(300)


def _zpl_commands(text: str) -> list[str]:
    return [c for c in re.split(r"(?=\^)", text.replace("\n", "")) if c]


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("dpi", [203, 300])
def test_zpl_structure_fits_the_stock(stock: str, dpi: int, keys: StationKeys) -> None:
    """One format per label: stock size in dots, the label as one graphic field whose byte
    count matches the raster, the serial named in a comment."""
    layout = layouts.load(stock)
    content = _content(keys)
    program = zpl.render_label(layout, content, dpi)
    commands = _zpl_commands(program)
    assert commands[0] == "^XA" and commands[-1] == "^XZ"
    width, height = layout.dots(dpi)
    assert f"^PW{width}" in commands and f"^LL{height}" in commands
    graphic = re.fullmatch(r"\^GFA,(\d+),(\d+),(\d+),[0-9A-Za-z,:!]+", commands[-3])
    assert commands[-4] == "^FO0,0" and graphic is not None
    total, _, row_bytes = (int(v) for v in graphic.groups())
    assert row_bytes == (width + 7) // 8 and total == row_bytes * height
    assert f"^FX label {zpl.field_data(ids.group(content.serial))}" in commands


@pytest.mark.parametrize("stock", STOCKS)
@pytest.mark.parametrize("dpi", [203, 300])
def test_zpl_prints_exactly_the_bilevel_preview(stock: str, dpi: int, keys: StationKeys) -> None:
    """zplkit (an independent ZPL renderer) draws our compressed graphic field dot for dot
    as the 1-bit preview."""
    layout = layouts.load(stock)
    content = _content(keys)
    printed = zpl_ink(zpl.render_label(layout, content, dpi), layout, dpi)
    preview = np.asarray(png.render(layout, content, dpi, bilevel=True).convert("L")) < 128
    assert printed.shape == preview.shape and (printed == preview).all()


def _unescape(text: str) -> str:
    return re.sub(r"\\([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), text)


def test_zpl_escapes_command_characters() -> None:
    assert zpl.field_data("a^b~c\\d") == "a\\5Eb\\7Ec\\5Cd"
    assert _unescape(zpl.field_data("x~$*=y")) == "x~$*=y"


def test_zpl_compression_codes() -> None:
    rows = np.array([[0xFF, 0, 0], [0xFF, 0, 0], [0xF0, 0xF0, 0], [0xFF] * 3, [0] * 3], np.uint8)
    assert zpl.compress(rows) == "HF,:F0F,!,"
    assert zpl._count(1) == "" and zpl._count(19) == "Y" and zpl._count(42) == "hH"


@pytest.mark.parametrize("stock", STOCKS)
def test_serial_is_shrunk_to_fit_never_cut(stock: str) -> None:
    """Scaling to the box width must leave float slack, or the ellipsis would eat the last
    symbols of some serials (seen with Helvetica metrics on the 62x29 stock)."""
    spec = next(t for t in layouts.load(stock).texts if t.field == "serial")
    font = fonts.register_reportlab()
    for _ in range(500):
        grouped = ids.group(ids.new_serial())
        assert fit_text(grouped, spec, font)[0] == grouped
