"""Every stock layout as PDF, PNG and ZPL: the printed QR reads back as the signed payload."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from support.tools import require

from appraiser import fonts
from appraiser.keys import StationKeys
from appraiser.labels import decode, ids, layouts, payload, pdf, png, zpl
from appraiser.labels.content import LabelContent, fit_text, qr_matrix

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
    """No ZPL renderer is installed here: check the program against the stock instead."""
    layout = layouts.load(stock)
    content = _content(keys)
    program = zpl.render_label(layout, content, dpi)
    commands = _zpl_commands(program)
    assert commands[0] == "^XA" and commands[-1] == "^XZ" and "^CI28" in commands
    width, height = layout.dots(dpi)
    assert f"^PW{width}" in commands and f"^LL{height}" in commands
    qr = re.search(r"\^FO(\d+),(\d+)\^BQN,2,(\d+)\^FH\\\^FDMA,(.*?)\^FS", program)
    assert qr is not None
    x, y, magnification = (int(v) for v in qr.groups()[:3])
    modules = qr_matrix(content.payload).shape[0]
    assert 2 <= magnification <= 10
    assert magnification * 25.4 / dpi >= 0.25  # modules of at least 0.25 mm
    box = layout.qr.box
    assert layouts.mm_to_dots(box.x, dpi) <= x
    assert x + modules * magnification <= layouts.mm_to_dots(box.x + box.w, dpi)
    assert y + modules * magnification <= height
    assert _unescape(qr.group(4)) == content.payload
    assert "^GFA," in program  # the Chinese service mark as a bitmap
    assert "^FDAuthenticated^FS" in program
    assert f"^FD{zpl.field_data(ids.group(content.serial))}^FS" in program


def _unescape(text: str) -> str:
    return re.sub(r"\\([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), text)


def test_zpl_escapes_command_characters() -> None:
    assert zpl.field_data("a^b~c\\d") == "a\\5Eb\\7Ec\\5Cd"
    assert _unescape(zpl.field_data("x~$*=y")) == "x~$*=y"


@pytest.mark.parametrize("stock", STOCKS)
def test_zpl_qr_simulated_at_its_magnification_reads_back(stock: str, keys: StationKeys) -> None:
    """Draw the ^BQ symbol as a 203 dpi printer would (magnification dots per module)."""
    content = _content(keys)
    placement = zpl.qr_placement(layouts.load(stock), content.payload, 203)
    matrix = qr_matrix(content.payload)
    dots = np.kron(matrix, np.ones((placement.magnification,) * 2, dtype=bool))
    page = np.full((placement.size + 40, placement.size + 40), 255, np.uint8)
    page[20:-20, 20:-20][dots] = 0
    found = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [r.text for r in found] == [content.payload]


def test_service_mark_bitmap_has_ink(keys: StationKeys) -> None:
    program = zpl.render_label(layouts.load("50x30"), _content(keys), 203)
    hexdata = re.search(r"\^GFA,(\d+),\d+,(\d+),([0-9A-F]+)", program)
    assert hexdata is not None
    raw = bytes.fromhex(hexdata.group(3))
    assert len(raw) == int(hexdata.group(1))
    assert 0.05 < sum(bin(b).count("1") for b in raw) / (len(raw) * 8) < 0.6


@pytest.mark.parametrize("stock", STOCKS)
def test_serial_is_shrunk_to_fit_never_cut(stock: str) -> None:
    """Scaling to the box width must leave float slack, or the ellipsis would eat the last
    symbols of some serials (seen with Helvetica metrics on the 62x29 stock)."""
    spec = next(t for t in layouts.load(stock).texts if t.field == "serial")
    for font in (fonts.register_reportlab(), zpl.ZPL_TEXT_FONT):
        for _ in range(500):
            grouped = ids.group(ids.new_serial())
            assert fit_text(grouped, spec, font)[0] == grouped
