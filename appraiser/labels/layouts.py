"""Label layouts: data files in ``resources/labels/<stock>.toml``, validated on load.

A layout places the QR code and a few text fields on one label stock. Positions are in
millimetres from the top-left corner, so the PDF, ZPL and PNG renderers share one geometry
and a new stock is a new file, not new code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from appraiser.errors import InvalidInput
from appraiser.paths import resource

MM_PER_INCH = 25.4
PT_PER_MM = 72 / MM_PER_INCH
FIELDS = ("mark_zh", "mark_en", "serial", "date", "station", "brand_model")
ALIGNS = ("left", "center", "right")
QUIET_MODULES = 4  # ISO/IEC 18004 quiet zone around a QR symbol, in modules
MAX_LINES = 3
_UNITS = {"mm": 1.0, "in": MM_PER_INCH}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return not (
            self.x + self.w <= other.x
            or other.x + other.w <= self.x
            or self.y + self.h <= other.y
            or other.y + other.h <= self.y
        )


@dataclass(frozen=True)
class TextSpec:
    field: str
    box: Box
    size: float  # largest point size; shrunk to fit the box width
    min_size: float
    align: str
    lines: int = 1  # a long text wraps onto up to this many lines before it is cut


@dataclass(frozen=True)
class QrSpec:
    box: Box
    quiet: int  # quiet-zone modules around the symbol, inside the box


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    width_mm: float
    height_mm: float
    margin_mm: float
    qr: QrSpec
    texts: tuple[TextSpec, ...]

    @property
    def size_pt(self) -> tuple[float, float]:
        return self.width_mm * PT_PER_MM, self.height_mm * PT_PER_MM

    def dots(self, dpi: int) -> tuple[int, int]:
        """Width and height in printer dots at ``dpi``."""
        return mm_to_dots(self.width_mm, dpi), mm_to_dots(self.height_mm, dpi)


def mm_to_dots(mm: float, dpi: int) -> int:
    return round(mm * dpi / MM_PER_INCH)


def folder() -> Path:
    return resource("labels")


def available() -> list[str]:
    """Stock keys (file stems) of every layout shipped, sorted."""
    return sorted(p.stem for p in folder().glob("*.toml"))


@cache
def load(key: str) -> Layout:
    path = folder() / f"{key}.toml"
    if not path.is_file():
        raise InvalidInput(f"Unknown label stock {key!r}; known: {', '.join(available())}.")
    return parse_file(path)


def parse_file(path: Path) -> Layout:
    """Read and check one layout file; a bad file names itself and the problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        layout = _build(path.stem, raw)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"Label layout {path.name} is invalid: {exc!r}") from exc
    _check(layout, path.name)
    return layout


def _build(key: str, raw: dict) -> Layout:
    scale = _UNITS[raw.get("unit", "mm")]
    qr = raw["qr"]
    texts = tuple(
        TextSpec(
            t["field"],
            Box(float(t["x"]), float(t["y"]), float(t["w"]), float(t["h"])),
            float(t["size"]),
            float(t.get("min_size", min(4.0, t["size"]))),
            t.get("align", "left"),
            int(t.get("lines", 1)),
        )
        for t in raw["text"]
    )
    box = Box(float(qr["x"]), float(qr["y"]), float(qr["size"]), float(qr["size"]))
    return Layout(
        key,
        str(raw["title"]),
        float(raw["width"]) * scale,
        float(raw["height"]) * scale,
        float(raw.get("margin_mm", 1.0)),
        QrSpec(box, int(qr.get("quiet", QUIET_MODULES))),
        texts,
    )


def _check(layout: Layout, name: str) -> None:
    problems = []
    boxes = [("qr", layout.qr.box)] + [(t.field, t.box) for t in layout.texts]
    m = layout.margin_mm
    for label, b in boxes:
        if (
            b.x < m
            or b.y < m
            or b.x + b.w > layout.width_mm - m + 1e-6
            or b.y + b.h > layout.height_mm - m + 1e-6
        ):
            problems.append(f"{label} leaves the printable area")
    for i, (a_name, a) in enumerate(boxes):
        problems += [f"{a_name} overlaps {b_name}" for b_name, b in boxes[i + 1 :] if a.overlaps(b)]
    for t in layout.texts:
        if t.field not in FIELDS or t.align not in ALIGNS or not 0 < t.min_size <= t.size:
            problems.append(f"text {t.field!r} has a bad field, align or size")
        if not 1 <= t.lines <= MAX_LINES:
            problems.append(f"text {t.field!r} may have 1 to {MAX_LINES} lines")
    if layout.qr.quiet < QUIET_MODULES:
        problems.append(f"the QR quiet zone must be at least {QUIET_MODULES} modules")
    if "serial" not in {t.field for t in layout.texts} or "mark_zh" not in {
        t.field for t in layout.texts
    }:
        problems.append("a label must show the serial and the service mark")
    if problems:
        raise InvalidInput(f"Label layout {name} is invalid: {'; '.join(problems)}.")
