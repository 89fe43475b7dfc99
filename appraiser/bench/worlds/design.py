"""Artwork as data: a :class:`Design` is a list of :class:`Element`\\ s that a world's
layout engine places; :func:`render` draws it with Pillow (TrueType fonts, supersampled).

Counterfeits are made by changing one element of the design (``defects.py``), so the
defect is a real difference in the artwork and its box comes from the two renders.
Nothing here is shared with ``appraiser.library.synthetic`` (the tuned world).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from appraiser.bench.worlds import fonts

RGB = tuple[int, int, int]
Box = tuple[int, int, int, int]  # x, y, w, h
SS = 2  # supersampling factor for anti-aliased shapes and text

# An emblem painter draws into an RGBA layer of the element's (supersampled) size.
Painter = Callable[[ImageDraw.ImageDraw, int, int, dict, RGB], None]


@dataclass(frozen=True)
class Element:
    role: str  # ground, panel, logo, brand, model, body, region, mark, barcode, picture, rule
    kind: str  # rect, ellipse, text, emblem, barcode, mark, lines
    box: Box
    colour: RGB
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def with_params(self, **changes) -> Element:
        return dataclasses.replace(self, params={**self.params, **changes})


@dataclass(frozen=True)
class Design:
    width: int
    height: int
    elements: tuple[Element, ...]
    painter: Painter  # the world's emblem painter
    print_process: str = "digital"  # digital, offset, halftone, foil (see printing.py)
    seed: int = 0

    def replace(self, role: str, element: Element) -> Design:
        """The design with the first element of ``role`` replaced (or removed if None)."""
        out, done = [], False
        for e in self.elements:
            if not done and e.role == role:
                done = True
                if element is not None:
                    out.append(element)
                continue
            out.append(e)
        return dataclasses.replace(self, elements=tuple(out))

    def first(self, role: str) -> Element | None:
        return next((e for e in self.elements if e.role == role), None)


def render(design: Design) -> np.ndarray:
    """The artwork as an RGB uint8 array (``height`` × ``width``)."""
    img = Image.new("RGB", (design.width * SS, design.height * SS), (255, 255, 255))
    for element in design.elements:
        _DRAW[element.kind](img, element, design)
    return np.asarray(img.resize((design.width, design.height), Image.LANCZOS))


def _sbox(box: Box) -> tuple[int, int, int, int]:
    x, y, w, h = box
    return x * SS, y * SS, (x + w) * SS - 1, (y + h) * SS - 1


def _rect(img: Image.Image, e: Element, _d: Design) -> None:
    draw = ImageDraw.Draw(img)
    radius = e.params.get("radius", 0) * SS
    outline = e.params.get("outline")
    width = e.params.get("width", 0) * SS
    fill = None if e.params.get("hollow") else e.colour
    draw.rounded_rectangle(
        _sbox(e.box),
        radius,
        fill=fill,
        outline=outline or (e.colour if fill is None else None),
        width=width or (SS if fill is None else 0),
    )


def _ellipse(img: Image.Image, e: Element, _d: Design) -> None:
    draw = ImageDraw.Draw(img)
    if e.params.get("hollow"):
        draw.ellipse(_sbox(e.box), outline=e.colour, width=e.params.get("width", 1) * SS)
    else:
        draw.ellipse(_sbox(e.box), fill=e.colour)


def text_layer(text: str, family: str, size: int, colour: RGB, tracking: float = 0.0):
    """One line of text on a transparent layer, ``tracking`` extra em between letters."""
    face = fonts.font(family, size * SS)
    gap = tracking * size * SS
    widths = [face.getlength(ch) for ch in text]
    total = int(sum(widths) + gap * max(len(text) - 1, 0)) + 2 * SS
    ascent, descent = face.getmetrics()
    layer = Image.new("RGBA", (max(total, 1), ascent + descent + SS), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x = float(SS)
    for ch, w in zip(text, widths, strict=True):
        draw.text((x, 0), ch, font=face, fill=(*colour, 255))
        x += w + gap
    return layer


def _text(img: Image.Image, e: Element, _d: Design) -> None:
    p = e.params
    x0, y0, x1, y1 = _sbox(e.box)
    layer = text_layer(p["text"], p["font"], p["size"], e.colour, p.get("tracking", 0.0))
    bw, bh = x1 - x0, y1 - y0
    if layer.width > bw:  # squeeze to the box rather than overflow it
        layer = layer.resize((bw, layer.height), Image.LANCZOS)
    align = p.get("align", "left")
    x = x0 + {"left": 0, "centre": (bw - layer.width) // 2, "right": bw - layer.width}[align]
    y = y0 + max(0, (bh - layer.height) // 2)
    img.paste(layer, (x, y), layer)


def _lines(img: Image.Image, e: Element, d: Design) -> None:
    """A block of body text: ``params['lines']`` one under the other."""
    p = e.params
    for i, line in enumerate(p["lines"]):
        step = p["size"] + p.get("leading", 3)
        sub = (e.box[0], e.box[1] + i * step, e.box[2], step)
        if sub[1] + step > e.box[1] + e.box[3] + 2:
            break
        _text(img, Element(e.role, "text", sub, e.colour, {**p, "text": line}), d)


def _emblem(img: Image.Image, e: Element, d: Design) -> None:
    p = e.params
    x0, y0, x1, y1 = _sbox(e.box)
    w, h = x1 - x0, y1 - y0
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d.painter(ImageDraw.Draw(layer), w, h, p, e.colour)
    scale = p.get("scale", 1.0)
    if scale != 1.0:
        sw, sh = max(1, int(w * scale)), max(1, int(h * scale))
        scaled = layer.resize((sw, sh), Image.LANCZOS)
        layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        layer.paste(scaled, ((w - sw) // 2, (h - sh) // 2))
    if p.get("rotation"):
        layer = layer.rotate(p["rotation"], resample=Image.BICUBIC)
    if p.get("blur"):
        layer = layer.filter(ImageFilter.GaussianBlur(p["blur"] * SS))
    img.paste(layer, (x0, y0), layer)


# EAN-13: L, G and R codes of each digit and the parity of the first digit.
_L = (
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
)
_PARITY = (
    "LLLLLL",
    "LLGLGG",
    "LLGGLG",
    "LLGGGL",
    "LGLLGG",
    "LGGLLG",
    "LGGGLL",
    "LGLGLG",
    "LGLGGL",
    "LGGLGL",
)


def ean13_modules(gtin13: str) -> str:
    """The 95 modules (1 = bar) of an EAN-13 symbol."""
    first, left, right = gtin13[0], gtin13[1:7], gtin13[7:]
    bits = "101"
    for digit, parity in zip(left, _PARITY[int(first)], strict=True):
        code = _L[int(digit)]
        bits += code if parity == "L" else "".join("1" if c == "0" else "0" for c in code)[::-1]
    bits += "01010"
    for digit in right:
        bits += "".join("1" if c == "0" else "0" for c in _L[int(digit)])
    return bits + "101"


def _barcode(img: Image.Image, e: Element, _d: Design) -> None:
    x0, y0, x1, y1 = _sbox(e.box)
    bits = ean13_modules(e.params["gtin"][-13:])
    widths = e.params.get("widths")  # a counterfeit's misprinted module widths
    unit = (x1 - x0) / len(bits)
    draw = ImageDraw.Draw(img)
    draw.rectangle((x0, y0, x1, y1), fill=(255, 255, 255))
    x, digits_h = float(x0), int((y1 - y0) * 0.2)
    for i, bit in enumerate(bits):
        step = unit * (widths[i] if widths else 1.0)
        if bit == "1":
            draw.rectangle((int(x), y0, int(x + step) - 1, y1 - digits_h), fill=e.colour)
        x += step
    face = fonts.font(e.params.get("font", "DejaVu Sans Mono"), max(6, digits_h // SS) * SS)
    draw.text((x0 + SS, y1 - digits_h), e.params["gtin"][-13:], font=face, fill=e.colour)


def _mark(img: Image.Image, e: Element, d: Design) -> None:
    """A small certification mark: a ring or box with one to three letters."""
    x0, y0, x1, y1 = _sbox(e.box)
    draw = ImageDraw.Draw(img)
    if e.params.get("shape", "ring") == "ring":
        draw.ellipse((x0, y0, x1, y1), outline=e.colour, width=max(SS, (x1 - x0) // 12))
    else:
        draw.rectangle((x0, y0, x1, y1), outline=e.colour, width=max(SS, (x1 - x0) // 12))
    face = fonts.font(e.params.get("font", "DejaVu Sans Bold"), int((y1 - y0) * 0.45))
    label = e.params.get("text", "R")
    tw = face.getlength(label)
    draw.text(((x0 + x1 - tw) / 2, y0 + (y1 - y0) * 0.22), label, font=face, fill=e.colour)


def _rays(img: Image.Image, e: Element, _d: Design) -> None:
    """A sunburst: ``params['count']`` wedges from ``params['centre']`` in two colours."""
    draw = ImageDraw.Draw(img)
    x0, y0, x1, y1 = _sbox(e.box)
    draw.rectangle((x0, y0, x1, y1), fill=e.colour)
    cx, cy = (v * SS for v in e.params["centre"])
    reach = 4 * max(x1 - x0, y1 - y0)
    count = e.params["count"]
    for k in range(0, 2 * count, 2):
        a0, a1 = np.pi * k / count, np.pi * (k + 1) / count
        pts = [
            (cx, cy),
            (cx + reach * np.cos(a0), cy + reach * np.sin(a0)),
            (cx + reach * np.cos(a1), cy + reach * np.sin(a1)),
        ]
        draw.polygon(pts, fill=e.params["second"])
    img.paste(e.colour, (0, 0, img.width, y0)) if y0 > 0 else None


_DRAW = {
    "rays": _rays,
    "rect": _rect,
    "ellipse": _ellipse,
    "text": _text,
    "lines": _lines,
    "emblem": _emblem,
    "barcode": _barcode,
    "mark": _mark,
}
