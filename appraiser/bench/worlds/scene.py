"""The bench scene: the printed item placed flat or wrapped round a cylinder (bottles,
jars, cans), posed in perspective, partly framed, on a cluttered surface, held by a hand,
with glare. Returns the linear-light scene for :func:`camera.shoot` and the ground truth
of what hides the item: boxes in photo pixels and in reference (artwork) pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from appraiser.bench.worlds import fonts

SKIN = ((224, 172, 140), (198, 134, 100), (141, 85, 57), (240, 200, 170), (173, 118, 84))


@dataclass(frozen=True)
class Stage:
    backgrounds: tuple[str, ...]  # wood, leather, tiles, paper, fabric
    clutter: tuple[int, int]  # how many other objects lie around
    clutter_text: tuple[str, ...]  # fonts of the printed matter lying around
    fill: tuple[float, float]  # item height as a share of the photo height
    rotation: float  # max in-plane rotation, degrees
    tilt: float  # perspective: corner jitter as a share of the item size
    wrap: tuple[float, float]  # label wrap angle on a cylinder, degrees
    hand: float  # chance of a hand holding the item
    glare: float  # chance of a glare spot
    partial: float  # chance that part of the item is out of frame


@dataclass
class Shot:
    scene: np.ndarray  # linear RGB float32
    occluders: list[dict]  # {"kind", "photo_box", "reference_box"}


def _srgb_to_linear(img: np.ndarray) -> np.ndarray:
    return (img.astype(np.float32) / 255.0) ** 2.2


def _noise(rng, h, w, scale) -> np.ndarray:
    small = rng.normal(0, 1, (max(2, h // scale), max(2, w // scale))).astype(np.float32)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)


def _background(style: str, rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    if style == "wood":
        base = np.float32(rng.uniform([0.25, 0.12, 0.05], [0.5, 0.3, 0.15]))
        grain = np.sin(ys / rng.uniform(3, 7) + 4 * _noise(rng, h, w, 40)) * 0.15 + 1
        img = base * grain[..., None]
    elif style == "leather":
        base = np.float32(rng.uniform([0.02, 0.02, 0.02], [0.2, 0.12, 0.1]))
        img = base * (1 + 0.25 * _noise(rng, h, w, 3) + 0.2 * _noise(rng, h, w, 25))[..., None]
    elif style == "tiles":
        base = np.float32(rng.uniform(0.5, 0.85, 3))
        step = rng.uniform(50, 110)
        grout = ((xs % step) < 3) | ((ys % step) < 3)
        img = (
            np.where(grout[..., None], base * 0.5, base)
            * (1 + 0.04 * _noise(rng, h, w, 8))[..., None]
        )
    elif style == "fabric":
        base = np.float32(rng.uniform(0.1, 0.7, 3))
        weave = np.sin(xs * rng.uniform(0.8, 1.4)) * np.sin(ys * rng.uniform(0.8, 1.4)) * 0.1 + 1
        img = base * weave[..., None]
    else:  # paper: a newspaper page, printed text included
        img = np.full((h, w, 3), rng.uniform(0.55, 0.8), np.float32)
    return np.clip(img, 0, 1).astype(np.float32)


def _clutter(img: np.ndarray, stage: Stage, rng: np.random.Generator, style: str) -> np.ndarray:
    h, w = img.shape[:2]
    canvas = Image.fromarray((np.clip(img, 0, 1) ** (1 / 2.2) * 255).astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    lines = 14 if style == "paper" else 0
    for _ in range(int(rng.integers(*stage.clutter)) + lines):
        kind = rng.choice(["box", "disc", "cable", "print"]) if lines == 0 else "print"
        lines = max(0, lines - 1)
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        x, y = int(rng.integers(-40, w)), int(rng.integers(-40, h))
        if kind == "box":
            draw.rectangle(
                (x, y, x + int(rng.integers(40, 180)), y + int(rng.integers(30, 140))), fill=colour
            )
        elif kind == "disc":
            r = int(rng.integers(10, 60))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=(30, 30, 30))
        elif kind == "cable":
            pts = [(x, y)] + [(int(rng.integers(0, w)), int(rng.integers(0, h))) for _ in range(3)]
            draw.line(pts, fill=colour, width=int(rng.integers(3, 9)), joint="curve")
        else:
            family = stage.clutter_text[int(rng.integers(len(stage.clutter_text)))]
            face = fonts.font(family, int(rng.integers(10, 24)))
            text = (
                "".join(chr(int(c)) for c in rng.integers(0x4E00, 0x4FFF, 8))
                if "CJK" in family or "WenQuanYi" in family
                else "".join(chr(int(c)) for c in rng.integers(97, 123, 10))
            )
            draw.text((x, y), text, font=face, fill=tuple(int(c * 0.3) for c in colour))
    return _srgb_to_linear(np.asarray(canvas))


def _geometry(art_w, art_h, surface, stage, rng, w, h):
    """Photo → artwork maps (float32), the item mask, shading and the cylinder angle."""
    wrap = np.deg2rad(rng.uniform(*stage.wrap)) if surface == "cylinder" else 0.0
    radius = art_w / wrap if wrap else 0.0
    plane_w = 2 * radius * np.sin(wrap / 2) if wrap else art_w
    scale = rng.uniform(*stage.fill) * h / art_h
    scale = min(scale, 0.95 * w / plane_w)
    corners = np.float32(
        [
            [-plane_w / 2, -art_h / 2],
            [plane_w / 2, -art_h / 2],
            [plane_w / 2, art_h / 2],
            [-plane_w / 2, art_h / 2],
        ]
    )
    a = np.deg2rad(rng.uniform(-stage.rotation, stage.rotation))
    rot = np.float32([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    quad = (corners @ rot.T) * scale
    quad += rng.uniform(-stage.tilt, stage.tilt, quad.shape) * art_h * scale
    centre = np.float32(
        [w / 2 + rng.uniform(-0.08, 0.08) * w, h / 2 + rng.uniform(-0.06, 0.06) * h]
    )
    if rng.random() < stage.partial:  # push the item partly out of frame
        side = rng.integers(4)
        push = rng.uniform(0.15, 0.3)
        extent = quad.max(axis=0) - quad.min(axis=0)
        centre += np.float32([[push, 0], [-push, 0], [0, push], [0, -push]][side]) * extent
    quad = (quad + centre).astype(np.float32)
    hom = cv2.getPerspectiveTransform(corners, quad)
    inv = np.linalg.inv(hom)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    den = inv[2, 0] * xs + inv[2, 1] * ys + inv[2, 2]
    u = (inv[0, 0] * xs + inv[0, 1] * ys + inv[0, 2]) / den
    v = (inv[1, 0] * xs + inv[1, 1] * ys + inv[1, 2]) / den
    if wrap:
        s = np.clip(u / radius, -1.5, 1.5)
        inside = np.abs(s) <= np.sin(wrap / 2)
        theta = np.arcsin(np.clip(s, -1, 1))
        bend = rng.uniform(-0.08, 0.08) * radius
        map_x = art_w / 2 + radius * theta
        map_y = v + art_h / 2 - bend * (1 - np.cos(theta))
        spec_at = rng.uniform(-0.5, 0.5)
        specular = 0.9 * np.exp(-(((theta - spec_at) / 0.06) ** 2)) * inside
        shade = (0.45 + 0.55 * np.cos(theta) ** 0.8) + specular
    else:
        inside = np.ones_like(u, bool)
        map_x, map_y = u + art_w / 2, v + art_h / 2
        shade = 1.0 + 0.15 * (xs / w - 0.5) * rng.uniform(-1, 1)
        specular = np.zeros_like(u)
    mask = inside & (map_x >= 0) & (map_x < art_w - 1) & (map_y >= 0) & (map_y < art_h - 1)
    forward = (hom, radius, wrap, plane_w, specular > 0.35)
    return map_x.astype(np.float32), map_y.astype(np.float32), mask, np.float32(shade), forward


def _visible_art(art_w, art_h, forward, w, h) -> np.ndarray:
    """Which artwork pixels land inside the photo (sampled every 2 px)."""
    hom, radius, wrap = forward[:3]
    ys, xs = np.mgrid[0:art_h:2, 0:art_w:2].astype(np.float32)
    u = radius * np.sin((xs - art_w / 2) / radius) if wrap else xs - art_w / 2
    v = ys - art_h / 2
    pts = cv2.perspectiveTransform(np.stack([u, v], -1).reshape(-1, 1, 2), hom).reshape(
        (*xs.shape, 2)
    )
    return (pts[..., 0] >= 0) & (pts[..., 0] < w) & (pts[..., 1] >= 0) & (pts[..., 1] < h)


def _box(mask: np.ndarray, step: int = 1) -> list[int] | None:
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    return [
        int(xs.min()) * step,
        int(ys.min()) * step,
        int(xs.max() - xs.min() + 1) * step,
        int(ys.max() - ys.min() + 1) * step,
    ]


def _ref_box(occluder: np.ndarray, item: np.ndarray, map_x, map_y) -> list[int] | None:
    sel = occluder & item
    if not sel.any():
        return None
    xs, ys = map_x[sel], map_y[sel]
    return [
        int(xs.min()),
        int(ys.min()),
        int(xs.max() - xs.min()) + 1,
        int(ys.max() - ys.min()) + 1,
    ]


def _hand(rng, item: np.ndarray, w: int, h: int):
    """A hand holding the item from one side: palm off the item, fingers across its edge."""
    ys, xs = np.nonzero(item)
    side = rng.integers(3)
    if side == 0:  # from the left
        i = np.argmin(xs + rng.normal(0, 5, xs.size))
    elif side == 1:
        i = np.argmax(xs + rng.normal(0, 5, xs.size))
    else:
        i = np.argmax(ys + rng.normal(0, 5, ys.size))
    edge = np.float32([xs[i], ys[i]])
    centre = np.float32([xs.mean(), ys.mean()])
    inward = (centre - edge) / max(np.linalg.norm(centre - edge), 1.0)
    size = h * rng.uniform(0.13, 0.2)
    mask = np.zeros((h, w), np.uint8)
    palm = edge - inward * size * 0.9
    axes = (int(size), int(size * 0.75))
    angle = float(np.degrees(np.arctan2(inward[1], inward[0])))
    cv2.ellipse(mask, tuple(int(v) for v in palm), axes, angle, 0, 360, 255, -1, cv2.LINE_AA)
    normal = np.float32([-inward[1], inward[0]])
    for k in range(int(rng.integers(1, 5))):
        base = palm + normal * (k - 1.5) * size * 0.42 + inward * size * 0.5
        tip = base + inward * size * rng.uniform(0.9, 1.5)
        thick = int(size * 0.34)
        cv2.line(
            mask, tuple(int(v) for v in base), tuple(int(v) for v in tip), 255, thick, cv2.LINE_AA
        )
        cv2.circle(mask, tuple(int(v) for v in tip), thick // 2, 255, -1, cv2.LINE_AA)
    soft = cv2.GaussianBlur(mask.astype(np.float32) / 255.0, (0, 0), 1.2)
    dist = cv2.distanceTransform((mask > 127).astype(np.uint8), cv2.DIST_L2, 3)
    relief = 0.7 + 0.3 * np.clip(dist / max(dist.max(), 1), 0, 1) ** 0.5
    skin = _srgb_to_linear(np.uint8(SKIN[int(rng.integers(len(SKIN)))]))
    return soft, skin * relief[..., None], mask > 127


def compose(
    art: np.ndarray, surface: str, stage: Stage, size: tuple[int, int], rng: np.random.Generator
) -> Shot:
    """Place the printed ``art`` (RGB uint8) in a bench scene of ``size`` (w, h)."""
    w, h = size
    style = stage.backgrounds[int(rng.integers(len(stage.backgrounds)))]
    scene = _clutter(_background(style, rng, w, h), stage, rng, style)
    art_h, art_w = art.shape[:2]
    map_x, map_y, item, shade, forward = _geometry(art_w, art_h, surface, stage, rng, w, h)
    pixels = cv2.remap(_srgb_to_linear(art), map_x, map_y, cv2.INTER_LINEAR)
    alpha = cv2.GaussianBlur(item.astype(np.float32), (0, 0), 0.7)[..., None]
    shadow = cv2.GaussianBlur(np.roll(item, (6, 6), (0, 1)).astype(np.float32), (0, 0), 6)
    scene = scene * (1 - 0.45 * shadow[..., None])
    light = np.float32(rng.uniform(0.7, 1.1))
    scene = scene * (1 - alpha) + pixels * shade[..., None] * light * alpha
    occluders: list[dict] = []
    stripe = forward[4] & item  # the bottle's specular highlight
    if stripe.sum() > 50:
        occluders.append(
            {
                "kind": "glare",
                "photo_box": _box(stripe),
                "reference_box": _ref_box(stripe, item, map_x, map_y),
            }
        )
    if rng.random() < stage.hand and item.any():
        soft, skin, hand = _hand(rng, item, w, h)
        scene = scene * (1 - soft[..., None]) + skin * light * soft[..., None]
        occluders.append(
            {
                "kind": "hand",
                "photo_box": _box(hand),
                "reference_box": _ref_box(hand, item, map_x, map_y),
            }
        )
    if rng.random() < stage.glare and item.any():
        ys, xs = np.nonzero(item)
        j = int(rng.integers(xs.size))
        blob = np.zeros((h, w), np.float32)
        axes = (int(rng.uniform(0.04, 0.12) * w), int(rng.uniform(0.03, 0.08) * h))
        cv2.ellipse(
            blob, (int(xs[j]), int(ys[j])), axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1
        )
        blob = cv2.GaussianBlur(blob, (0, 0), max(axes) / 3) * rng.uniform(1.0, 2.0)
        scene = scene + blob[..., None]
        spot = (blob > 0.35) & item
        if spot.any():
            occluders.append(
                {
                    "kind": "glare",
                    "photo_box": _box(spot),
                    "reference_box": _ref_box(spot, item, map_x, map_y),
                }
            )
    seen = _visible_art(art_w, art_h, forward, w, h)
    if not seen.all():
        occluders.append(
            {"kind": "out_of_frame", "photo_box": None, "reference_box": _box(~seen, 2)}
        )
    return Shot(np.clip(scene, 0, 4).astype(np.float32), occluders)
