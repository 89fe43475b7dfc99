"""Counterfeit defects as changes to a design: one element changed, everything else as
the genuine artwork. The defect box is where the two renders differ (reference pixels)."""

from __future__ import annotations

import colorsys

import numpy as np

from appraiser.bench.worlds.design import Box, Design, Element

DEFECTS = (
    "blurred_logo",
    "emblem_scale",
    "typo",
    "logo_colour",
    "emblem_rotation",
    "barcode_widths",
    "font_swap",
    "background_colour",
    "missing_mark",
    "letter_spacing",
)
# Letters a counterfeiter (or an OCR) confuses; CJK strings swap one character.
_LOOKALIKE = {
    "R": "P",
    "P": "R",
    "O": "Q",
    "Q": "O",
    "I": "L",
    "L": "I",
    "E": "F",
    "F": "E",
    "N": "M",
    "M": "N",
    "C": "G",
    "G": "C",
    "U": "V",
    "V": "U",
    "B": "8",
    "S": "5",
    "A": "4",
    "T": "Y",
    "Y": "T",
    "D": "O",
    "H": "K",
    "K": "H",
    "Z": "2",
    "W": "VV",
}
_CJK_SWAP = "未末己已土士日曰人入天夭大太"
# Fonts a counterfeiter reaches for instead of the brand's own.
_SWAP_FONT = {"serif": "DejaVu Sans", "sans": "Nimbus Roman", "cjk": "Noto Serif CJK SC"}


def hue_shift(rgb: tuple[int, int, int], degrees: float) -> tuple[int, int, int]:
    h, s, v = colorsys.rgb_to_hsv(*(c / 255.0 for c in rgb))
    if s < 0.15:  # a grey has no hue to shift: make it tinted instead
        s = 0.45
    r, g, b = colorsys.hsv_to_rgb((h + degrees / 360.0) % 1.0, s, max(v, 0.35))
    return int(r * 255), int(g * 255), int(b * 255)


def distinct(rgb, rng: np.random.Generator, lo: float, hi: float, least: int = 45):
    """A hue-shifted ``rgb`` that differs by at least ``least`` in some channel (dark
    and pale colours barely move with hue alone, so they are lightened or darkened too)."""
    sign = rng.choice([-1, 1])
    shifted = hue_shift(rgb, rng.uniform(lo, hi) * sign)
    if max(abs(a - b) for a, b in zip(rgb, shifted, strict=True)) >= least:
        return shifted
    lift = 70 if sum(rgb) < 384 else -70
    return tuple(int(np.clip(c + lift, 0, 255)) for c in shifted)


def _typo(text: str, rng: np.random.Generator) -> str:
    spots = [i for i, ch in enumerate(text) if ch.upper() in _LOOKALIKE or ord(ch) > 0x2E80]
    if not spots:
        return text[::-1] if len(text) > 1 else text + "I"
    i = spots[int(rng.integers(len(spots)))]
    ch = text[i]
    if ord(ch) > 0x2E80:
        new = _CJK_SWAP[int(rng.integers(len(_CJK_SWAP)))]
        new = new if new != ch else "末"
    else:
        new = _LOOKALIKE[ch.upper()]
        new = new if ch.isupper() else new.lower()
    return text[:i] + new + text[i + 1 :]


def _font_kind(family: str) -> str:
    if "CJK" in family or "WenQuanYi" in family:
        return "cjk"
    serif = ("Serif", "Roman", "C059", "P052", "Bookman", "Z003")
    return "serif" if any(s in family for s in serif) else "sans"


def counterfeit(design: Design, defect: str, seed: int) -> Design:
    """``design`` with ``defect`` seeded (one element changed)."""
    rng = np.random.default_rng(seed)
    logo, brand = design.first("logo"), design.first("brand")
    if defect == "blurred_logo":
        return design.replace("logo", logo.with_params(blur=rng.uniform(1.6, 2.6)))
    if defect == "emblem_scale":
        factor = rng.choice([rng.uniform(0.72, 0.84), rng.uniform(1.16, 1.25)])
        return design.replace("logo", logo.with_params(scale=float(factor)))
    if defect == "emblem_rotation":
        angle = rng.choice([-1, 1]) * rng.uniform(9, 16)
        return design.replace("logo", logo.with_params(rotation=float(angle)))
    if defect == "logo_colour":
        shifted = distinct(logo.colour, rng, 40, 90)
        return design.replace("logo", Element(logo.role, logo.kind, logo.box, shifted, logo.params))
    if defect == "typo":
        return design.replace("brand", brand.with_params(text=_typo(brand.params["text"], rng)))
    if defect == "font_swap":
        swap = _SWAP_FONT[_font_kind(brand.params["font"])]
        return design.replace("brand", brand.with_params(font=swap))
    if defect == "letter_spacing":
        tracking = brand.params.get("tracking", 0.0) + rng.choice([-1, 1]) * rng.uniform(0.12, 0.2)
        return design.replace("brand", brand.with_params(tracking=float(max(-0.05, tracking))))
    if defect == "barcode_widths":
        code = design.first("barcode")
        widths = np.ones(95)
        widths[rng.choice(np.arange(3, 92), 14, replace=False)] = rng.uniform(1.6, 2.2)
        return design.replace("barcode", code.with_params(widths=(widths / widths.mean()).tolist()))
    if defect == "background_colour":
        panel = design.first("panel")
        shifted = distinct(panel.colour, rng, 25, 50)
        return design.replace(
            "panel", Element("panel", panel.kind, panel.box, shifted, panel.params)
        )
    if defect == "missing_mark":
        return design.replace("mark", None)
    raise ValueError(f"unknown defect {defect!r}")


def defect_box(genuine: np.ndarray, fake: np.ndarray, threshold: int = 40) -> Box | None:
    """Bounding box (x, y, w, h) of the pixels where the two renders differ."""
    diff = np.abs(genuine.astype(np.int16) - fake.astype(np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff > threshold)
    if xs.size == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)
