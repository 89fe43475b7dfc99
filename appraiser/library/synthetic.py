"""Synthetic products for the demo library, the tests and the matching benchmark.

A product is a :class:`ProductSpec` (pure data, seeded); :func:`render` draws its
artwork: a patterned ground, an emblem with initials, the brand name, a text block, a
barcode, a small regulatory mark and a regional block. Regional siblings share every
parameter except the regional block. :func:`counterfeit` seeds one subtle defect and
:func:`photograph` shoots any artwork as a bench camera would.
"""

from __future__ import annotations

import dataclasses
import zlib
from dataclasses import dataclass, field

import cv2
import numpy as np

ART_W, ART_H = 256, 336
PHOTO_W, PHOTO_H = 480, 360
# Four faces that render differently in OpenCV 4 and 5 (5 draws some Hershey names
# alike), paired so that a font swap (index + 2) always changes the look; the last one is
# the fine print.
FONTS = (
    cv2.FONT_HERSHEY_SIMPLEX,
    cv2.FONT_HERSHEY_DUPLEX,
    cv2.FONT_HERSHEY_COMPLEX_SMALL,
    cv2.FONT_HERSHEY_PLAIN,
    cv2.FONT_HERSHEY_PLAIN,
)
DEFECTS = (
    "font_swap",
    "spacing",
    "emblem_scale",
    "emblem_rotation",
    "colour_shift",
    "typo",
    "missing_mark",
    "blurred_reprint",
)
REGIONS = ("EU", "US", "CN", "JP", "UK", "KR", "AU", "ME")
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "to",
    "va",
    "shi",
    "an",
    "el",
    "or",
    "ben",
    "tas",
    "qu",
    "ix",
    "no",
    "ra",
    "de",
    "lu",
    "zen",
    "fa",
    "po",
    "gri",
    "sel",
    "mon",
)
_REGION_TEXT = {
    "EU": "CE  Made for EU market",
    "US": "Dist. in USA  FDA reg.",
    "CN": "Import CN  GB 18401",
    "JP": "JP import  PSE",
    "UK": "UKCA  UK market",
    "KR": "KC  Korea import",
    "AU": "RCM  AU/NZ market",
    "ME": "GCC  Gulf market",
}


def word(rng: np.random.Generator, syllables: int = 3) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables))


def _colour(rng: np.random.Generator, dark: bool) -> tuple[int, int, int]:
    base = rng.integers(0, 110, 3) if dark else rng.integers(150, 256, 3)
    return tuple(int(v) for v in base)


@dataclass
class ProductSpec:
    """Everything that decides how one version's artwork looks."""

    seed: int
    brand: str
    model: str
    category: str
    region: str
    gtin: str
    ground: tuple[int, int, int]
    ink: tuple[int, int, int]
    accent: tuple[int, int, int]
    pattern: int
    pattern_step: int
    emblem_sides: int
    emblem_scale: float = 1.0
    emblem_angle: float = 0.0
    brand_font: int = 0
    brand_spacing: int = 1
    text_font: int = 0
    text_lines: list[str] = field(default_factory=list)
    mark: bool = True
    blur: float = 0.0
    layout: int = 0


def make_spec(seed: int, category: str, region: str, brand: str | None = None) -> ProductSpec:
    """A random product; the same seed (and region) always gives the same artwork."""
    rng = np.random.default_rng(seed)
    brand = brand or word(rng, 2).upper()
    gtin_body = "".join(str(d) for d in rng.integers(0, 10, 12))
    return ProductSpec(
        seed=seed,
        brand=brand,
        model=f"{word(rng, 2).title()} {rng.integers(10, 99)}",
        category=category,
        region=region,
        gtin=gtin_body + str(gtin_check_digit(gtin_body)),
        ground=_colour(rng, False),
        ink=_colour(rng, True),
        accent=_colour(rng, True),
        pattern=int(rng.integers(0, 4)),
        pattern_step=int(rng.integers(9, 22)),
        emblem_sides=int(rng.integers(0, 8)),
        brand_font=int(rng.integers(0, 4)),
        brand_spacing=int(rng.integers(0, 3)),
        text_font=int(rng.integers(0, 4)),
        text_lines=[" ".join(word(rng, 2) for _ in range(3)) for _ in range(4)],
        layout=int(rng.integers(0, 2)),
    )


def gtin_check_digit(body: str) -> int:
    """GS1 mod-10 check digit of a GTIN body (weights 3,1 from the right)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def sibling(spec: ProductSpec, region: str, index: int) -> ProductSpec:
    """The same product for another market: only the regional block and GTIN differ."""
    body = spec.gtin[:-2] + str((int(spec.gtin[-2]) + index) % 10)
    return dataclasses.replace(
        spec,
        region=region,
        gtin=body + str(gtin_check_digit(body)),
        text_lines=list(spec.text_lines),
    )


def _text(img, text, org, font, scale, colour, thick, spacing=0):
    """Draw text glyph by glyph so letter spacing is a real parameter."""
    x, y = org
    for ch in text:
        cv2.putText(img, ch, (x, y), FONTS[font], scale, colour, thick, cv2.LINE_AA)
        (w, _), _ = cv2.getTextSize(ch, FONTS[font], scale, thick)
        x += w + spacing
    return x


def _pattern(img: np.ndarray, spec: ProductSpec) -> None:
    step, col = spec.pattern_step, tuple(int(c * 0.85) for c in spec.ground)
    h, w = img.shape[:2]
    if spec.pattern == 0:
        for x in range(-h, w, step):
            cv2.line(img, (x, 0), (x + h, h), col, 2, cv2.LINE_AA)
    elif spec.pattern == 1:
        for y in range(step // 2, h, step):
            for x in range(step // 2, w, step):
                cv2.circle(img, (x, y), max(2, step // 5), col, -1, cv2.LINE_AA)
    elif spec.pattern == 2:
        for y in range(0, h, step):
            for x in range((y // step) % 2 * step, w, 2 * step):
                cv2.rectangle(img, (x, y), (x + step - 1, y + step - 1), col, -1)
    else:
        xs = np.arange(w)
        for y0 in range(0, h, step):
            ys = (y0 + 4 * np.sin(xs / step * 1.7)).astype(np.int32)
            cv2.polylines(img, [np.stack([xs, ys], 1)], False, col, 1, cv2.LINE_AA)


def _emblem(img: np.ndarray, spec: ProductSpec, centre: tuple[int, int]) -> None:
    radius = 34 * spec.emblem_scale
    cx, cy = centre
    if spec.emblem_sides < 3:
        cv2.circle(img, centre, int(radius), spec.accent, -1, cv2.LINE_AA)
        cv2.circle(img, centre, int(radius * 0.78), spec.ground, 2, cv2.LINE_AA)
    else:
        angles = np.deg2rad(spec.emblem_angle) + np.arange(spec.emblem_sides) * (
            2 * np.pi / spec.emblem_sides
        )
        pts = np.stack([cx + radius * np.sin(angles), cy - radius * np.cos(angles)], 1)
        cv2.fillPoly(img, [np.round(pts * 16).astype(np.int32)], spec.accent, cv2.LINE_AA, 4)
    initials = spec.brand[:2]
    scale = 1.1 * spec.emblem_scale
    (tw, th), _ = cv2.getTextSize(initials, FONTS[spec.brand_font], scale, 2)
    canvas = np.zeros((int(radius * 2 + 8),) * 2, np.uint8)
    c = canvas.shape[0] // 2
    cv2.putText(
        canvas,
        initials,
        (c - tw // 2, c + th // 2),
        FONTS[spec.brand_font],
        scale,
        255,
        2,
        cv2.LINE_AA,
    )
    rot = cv2.getRotationMatrix2D((c, c), -spec.emblem_angle, 1.0)
    canvas = cv2.warpAffine(canvas, rot, canvas.shape[::-1])
    y0, x0 = cy - c, cx - c
    region = img[y0 : y0 + canvas.shape[0], x0 : x0 + canvas.shape[1]]
    alpha = canvas[: region.shape[0], : region.shape[1], None] / 255.0
    region[:] = (region * (1 - alpha) + np.array(spec.ground) * alpha).astype(np.uint8)


def _barcode(img: np.ndarray, gtin: str, x: int, y: int) -> None:
    rng = np.random.default_rng(int(gtin))
    widths = rng.integers(1, 4, 40)
    for i, bw in enumerate(widths):
        if i % 2 == 0:
            cv2.rectangle(img, (x, y), (x + int(bw) - 1, y + 34), (20, 20, 20), -1)
        x += int(bw) + 1
    cv2.putText(img, gtin, (x - 118, y + 46), FONTS[4], 0.75, (20, 20, 20), 1, cv2.LINE_AA)


def render(spec: ProductSpec) -> np.ndarray:
    """Draw the artwork (``ART_H`` × ``ART_W`` BGR) of a spec."""
    img = np.empty((ART_H, ART_W, 3), np.uint8)
    img[:] = spec.ground
    _pattern(img, spec)
    cv2.rectangle(img, (6, 6), (ART_W - 7, ART_H - 7), spec.ink, 2, cv2.LINE_AA)
    ex = 60 if spec.layout == 0 else ART_W - 60
    _emblem(img, spec, (ex, 58))
    cv2.rectangle(img, (14, 108), (ART_W - 15, 146), spec.ground, -1)
    _text(img, spec.brand, (22, 138), spec.brand_font, 1.05, spec.ink, 2, spec.brand_spacing)
    cv2.putText(img, spec.model, (22, 166), FONTS[spec.text_font], 0.6, spec.accent, 1, cv2.LINE_AA)
    cv2.rectangle(img, (14, 176), (ART_W - 15, 252), (245, 245, 245), -1)
    for i, line in enumerate(spec.text_lines):
        cv2.putText(
            img, line, (20, 194 + 17 * i), FONTS[spec.text_font], 0.42, (30, 30, 30), 1, cv2.LINE_AA
        )
    cv2.rectangle(img, (14, 262), (150, 322), (255, 255, 255), -1)
    _barcode(img, spec.gtin, 20, 266)
    if spec.mark:
        cv2.circle(img, (ART_W - 84, 282), 11, spec.ink, 2, cv2.LINE_AA)
        cv2.putText(img, "R", (ART_W - 90, 288), FONTS[0], 0.45, spec.ink, 1, cv2.LINE_AA)
    _region_block(img, spec)
    if spec.blur:
        img = cv2.GaussianBlur(img, (0, 0), spec.blur)
        img = cv2.addWeighted(img, 0.82, np.full_like(img, 128), 0.18, 0)
    return img


def _region_block(img: np.ndarray, spec: ProductSpec) -> None:
    x0, y0 = ART_W - 98, 270
    cv2.rectangle(img, (x0 + 24, y0 - 4), (ART_W - 16, y0 + 22), spec.ink, 1)
    cv2.putText(img, spec.region, (x0 + 38, y0 + 14), FONTS[1], 0.5, spec.ink, 1, cv2.LINE_AA)
    words = _REGION_TEXT.get(spec.region, spec.region).split()
    cv2.putText(
        img, " ".join(words[:2]), (x0 - 2, y0 + 38), FONTS[4], 0.8, spec.ink, 1, cv2.LINE_AA
    )
    cv2.putText(
        img, " ".join(words[2:]), (x0 - 2, y0 + 50), FONTS[4], 0.8, spec.ink, 1, cv2.LINE_AA
    )


ROIS = {  # where the pack's ROIs sit on every synthetic artwork (x, y, w, h)
    "emblem": (14, 10, ART_W - 28, 96),
    "brand": (14, 108, ART_W - 28, 66),
    "text": (14, 176, ART_W - 28, 77),
    "barcode": (14, 262, 136, 60),
    "region": (ART_W - 102, 262, 88, 66),
}


def counterfeit(spec: ProductSpec, defect: str, seed: int) -> ProductSpec:
    """A copy of ``spec`` with one subtle defect of the named kind."""
    rng = np.random.default_rng(seed)
    change: dict = {}
    if defect == "font_swap":
        change["text_font"] = (spec.text_font + 2) % 4  # sans <-> serif
    elif defect == "spacing":
        change["brand_spacing"] = spec.brand_spacing + int(rng.choice([-1, 2, 3]))
    elif defect == "emblem_scale":
        change["emblem_scale"] = float(rng.choice([0.8, 1.2]))
    elif defect == "emblem_rotation":
        change["emblem_angle"] = float(rng.choice([-14.0, 14.0]))
    elif defect == "colour_shift":
        change["accent"] = _hue_shift(spec.accent, int(rng.choice([-1, 1])) * 60)
    elif defect == "typo":
        change.update(_typo(spec, rng))
    elif defect == "missing_mark":
        change["mark"] = False
    elif defect == "blurred_reprint":
        change["blur"] = 1.6
    else:
        raise ValueError(f"unknown defect {defect!r}")
    return dataclasses.replace(spec, **change)


def _hue_shift(bgr: tuple[int, int, int], degrees: int) -> tuple[int, int, int]:
    pixel = np.uint8([[bgr]])
    hsv = cv2.cvtColor(pixel, cv2.COLOR_BGR2HSV).astype(np.int32)
    hsv[..., 0] = (hsv[..., 0] + degrees // 2) % 180
    hsv[..., 1] = np.maximum(hsv[..., 1], 160)
    hsv[..., 2] = np.maximum(hsv[..., 2], 120)
    out = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2BGR)[0, 0]
    return tuple(int(v) for v in out)


def _typo(spec: ProductSpec, rng: np.random.Generator) -> dict:
    letters = "AEIOURSTNX"
    brand = list(spec.brand)
    pos = int(rng.integers(1, len(brand)))
    brand[pos] = next(c for c in rng.permutation(list(letters)) if c != brand[pos])
    return {"brand": "".join(brand), "text_lines": list(spec.text_lines)}


def defect_box(genuine: np.ndarray, fake: np.ndarray) -> tuple[int, int, int, int] | None:
    """The box (x, y, w, h) around every pixel the defect changed, in artwork pixels."""
    diff = cv2.absdiff(genuine, fake).max(axis=2) > 24
    ys, xs = np.nonzero(diff)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)


def photograph(art: np.ndarray, seed: int, hard: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Shoot ``art`` on a cluttered bench; returns the JPEG-decoded photo and the
    homography from artwork to photo pixels."""
    rng = np.random.default_rng(seed)
    photo = _clutter(rng)
    h_art = _pose(rng, art.shape, hard)
    warped = cv2.warpPerspective(art, h_art, (PHOTO_W, PHOTO_H), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full(art.shape[:2], 255, np.uint8), h_art, (PHOTO_W, PHOTO_H))
    photo[mask > 128] = warped[mask > 128]
    photo = _lighting(photo.astype(np.float32), rng, hard)
    sigma = rng.uniform(0.0, 1.1 * hard)
    if sigma > 0.3:
        photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    photo += rng.normal(0, rng.uniform(1.5, 5.0 * hard), photo.shape).astype(np.float32)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    quality = int(rng.integers(int(92 - 32 * hard), 93))
    _, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR), h_art


def _clutter(rng: np.random.Generator) -> np.ndarray:
    base = rng.integers(60, 200, 3)
    photo = np.empty((PHOTO_H, PHOTO_W, 3), np.uint8)
    photo[:] = base
    for _ in range(int(rng.integers(6, 14))):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = int(rng.integers(0, PHOTO_W)), int(rng.integers(0, PHOTO_H))
        if rng.random() < 0.5:
            cv2.circle(photo, (x, y), int(rng.integers(8, 50)), colour, -1, cv2.LINE_AA)
        else:
            cv2.line(
                photo,
                (x, y),
                (int(rng.integers(0, PHOTO_W)), int(rng.integers(0, PHOTO_H))),
                colour,
                int(rng.integers(2, 10)),
                cv2.LINE_AA,
            )
    for _ in range(3):
        cv2.putText(
            photo,
            word(rng, 3),
            (int(rng.integers(0, PHOTO_W - 80)), int(rng.integers(20, PHOTO_H))),
            FONTS[int(rng.integers(0, 4))],
            0.7,
            (20, 20, 20),
            1,
            cv2.LINE_AA,
        )
    return photo


def _pose(rng: np.random.Generator, shape: tuple, hard: float) -> np.ndarray:
    h, w = shape[:2]
    scale = rng.uniform(0.8, 0.98) * PHOTO_H / h
    angle = np.deg2rad(rng.uniform(-25, 25) * hard)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]]) - [w / 2, h / 2]
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    target = (corners @ rot.T) * scale
    target += rng.uniform(-0.07, 0.07, target.shape) * h * scale * hard
    target += [PHOTO_W / 2 + rng.uniform(-50, 50), PHOTO_H / 2 + rng.uniform(-8, 8)]
    src = (corners + np.float32([w / 2, h / 2])).astype(np.float32)
    return cv2.getPerspectiveTransform(src, target.astype(np.float32))


def _lighting(photo: np.ndarray, rng: np.random.Generator, hard: float) -> np.ndarray:
    yy, xx = np.mgrid[0:PHOTO_H, 0:PHOTO_W].astype(np.float32)
    direction = rng.uniform(-1, 1, 2)
    ramp = (xx / PHOTO_W - 0.5) * direction[0] + (yy / PHOTO_H - 0.5) * direction[1]
    gain = 1.0 + 0.45 * hard * ramp + rng.uniform(-0.12, 0.12)
    balance = 1.0 + rng.uniform(-0.12, 0.12, 3) * hard
    return photo * gain[..., None] * balance[None, None, :]


def stable_seed(*parts: object) -> int:
    """A seed derived from text, stable across runs and Python hash randomisation."""
    return zlib.crc32("|".join(str(p) for p in parts).encode())
