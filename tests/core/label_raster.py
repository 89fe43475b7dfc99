"""Labels as a printer would make them, read back by tools that are not ours.

ZPL is rasterised by zplkit (an independent ZPL renderer), PDF by poppler's ``pdftoppm`` at
the printer's resolution, PNG is our own raster. Each raster is then measured (where the QR
symbol sits, how wide its modules are, what is around it) and decoded by two unrelated QR
readers: zxing-cpp and ZBar's ``zbarimg``.
"""

from __future__ import annotations

import hashlib
import itertools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zplkit
import zxingcpp
from PIL import Image
from zplkit.rendering import Limits

from appraiser.keys import StationKeys
from appraiser.labels import ids, layouts, payload, pdf, png, zpl
from appraiser.labels.content import LabelContent

MM_PER_INCH = 25.4


def tool(name: str) -> str:
    """A Debian tool the checks rely on; named clearly when missing, never installed here."""
    found = shutil.which(name)
    assert found, f"{name} is missing: install poppler-utils and zbar-tools"
    return found


def signed_content(
    keys: StationKeys, brand: str = "Gucci GG Marmont 手袋", resolver: str = "verify.example.com"
) -> LabelContent:
    claim = payload.make_claim(
        resolver,
        ids.new_serial(),
        "4006381333931",
        hashlib.sha256(b"a").hexdigest(),
        "20261122",
        keys.current_key_id(),
    )
    uri = payload.build(claim, keys.sign(payload.canonical(claim))[1])
    return LabelContent(uri, claim.serial, "2026-11-22", "BW-01", brand)


def zpl_ink(program: str, layout: layouts.Layout, dpi: int) -> np.ndarray:
    """Dots the printer would burn (True) for one ZPL format, drawn by zplkit."""
    width, height = layout.dots(dpi)
    options = zplkit.Options(dpi=dpi, width=width, height=height)
    # zplkit's own default cap (25 kB) is below what ZPL allows in one ^GF (99,999 bytes).
    document = zplkit.render(program, options, limits=Limits(graphic_bytes=99_999))
    raster = document.labels[0].rasterize()
    grey = np.frombuffer(raster.pixels, np.uint8).reshape(raster.height, raster.width)
    return grey < 128


def pdf_ink(document: bytes, dpi: int, folder: Path) -> np.ndarray:
    """First page of a PDF rasterised by poppler at ``dpi``, as ink (True)."""
    source = folder / "render.pdf"
    source.write_bytes(document)
    command = [tool("pdftoppm"), "-r", str(dpi), "-gray", "-png", "-singlefile", "-f", "1"]
    subprocess.run(
        [*command, "-l", "1", str(source), str(folder / "render")],
        check=True,
        timeout=60,
    )
    return np.asarray(Image.open(folder / "render.png").convert("L")) < 128


def png_ink(layout: layouts.Layout, content: LabelContent, dpi: int) -> np.ndarray:
    return np.asarray(png.render(layout, content, dpi).convert("L")) < 128


def render_ink(
    fmt: str, layout: layouts.Layout, content: LabelContent, dpi: int, folder: Path
) -> np.ndarray:
    if fmt == "zpl":
        return zpl_ink(zpl.render_label(layout, content, dpi), layout, dpi)
    if fmt == "pdf":
        return pdf_ink(pdf.render(layout, [content], dpi=dpi), dpi, folder)
    return png_ink(layout, content, dpi)


def as_image(ink: np.ndarray) -> np.ndarray:
    return np.where(ink, 0, 255).astype(np.uint8)


def zbar_texts(ink: np.ndarray, folder: Path) -> list[str]:
    path = folder / "zbar.png"
    Image.fromarray(as_image(ink)).save(path)
    done = subprocess.run(
        [tool("zbarimg"), "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.stdout.decode("utf-8").splitlines()


@dataclass(frozen=True)
class Symbol:
    """Where the QR symbol (no quiet zone) lies in a raster, in pixels."""

    x: int
    y: int
    modules: int
    width: float  # pixels from the left edge of the first to the right of the last module

    @property
    def module(self) -> float:
        return self.width / self.modules


def find_symbol(ink: np.ndarray) -> Symbol:
    """The symbol zxing-cpp finds, measured by its corners (its own reading, not ours)."""
    found = zxingcpp.read_barcodes(as_image(ink), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1 and found[0].valid, "zxing-cpp found no QR code"
    corner = found[0].position
    modules = 17 + 4 * int(found[0].extra["Version"])
    width = corner.top_right.x - corner.top_left.x
    return Symbol(corner.top_left.x, corner.top_left.y, modules, width)


def zxing_texts(ink: np.ndarray) -> list[str]:
    found = zxingcpp.read_barcodes(as_image(ink), formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in found if r.valid]


def run_lengths(line: np.ndarray) -> list[int]:
    """Lengths of the runs of equal values along a 1-D boolean array."""
    edges = np.flatnonzero(np.diff(line.astype(np.int8))) + 1
    bounds = np.concatenate(([0], edges, [len(line)]))
    return [int(b - a) for a, b in itertools.pairwise(bounds)]


def ink_rows(ink: np.ndarray) -> list[int]:
    """Heights (pixels) of the bands of rows that carry ink, top to bottom."""
    rows = ink.any(axis=1)
    return [n for n, on in zip(run_lengths(rows), _run_values(rows), strict=True) if on]


def _run_values(line: np.ndarray) -> list[bool]:
    edges = np.flatnonzero(np.diff(line.astype(np.int8))) + 1
    return [bool(line[i]) for i in np.concatenate(([0], edges))]


def dots(mm: float, dpi: int) -> float:
    return mm * dpi / MM_PER_INCH
