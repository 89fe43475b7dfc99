"""World "apothecary" (TUNING): beauty and pharmacy bottles, jars, tubes and cartons.

Layout engine: wide wrap-around labels (left-aligned grid: emblem | brand stack |
barcode column, a colour band, multilingual ingredient lines) and upright cartons.
Fonts: sans faces (Nimbus Sans, URW Gothic, DejaVu Sans Condensed, Liberation Sans where
installed) with Noto Sans CJK JP/KR/SC for Asian markets. Palettes: pastels with one
strong accent. Print: offset litho (misregistration, dot gain). Surfaces: three in four
items are cylinders (label wrapped 110–170°), the rest flat cartons. Cameras: two phones
(strong processing, chromatic aberration) under cool pharmacy light, glare stripes.
Brand-mates share the emblem, band and type; regional siblings differ in the regulatory
block, the second-language line and the GTIN.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from appraiser.bench.worlds import fonts
from appraiser.bench.worlds.base import World, gtin13, regional_entries
from appraiser.bench.worlds.camera import Camera
from appraiser.bench.worlds.design import Design, Element
from appraiser.bench.worlds.scene import Stage

SANS = (
    "Nimbus Sans Bold",
    "URW Gothic Demi",
    "DejaVu Sans Condensed",
    "Liberation Sans",
    "Nimbus Sans Narrow",
    "DejaVu Sans Bold",
)
PASTELS = (
    (236, 244, 240),
    (250, 236, 238),
    (238, 240, 250),
    (252, 248, 232),
    (244, 244, 244),
    (230, 244, 250),
)
ACCENTS = (
    (20, 120, 110),
    (200, 60, 90),
    (40, 70, 160),
    (230, 140, 30),
    (110, 60, 140),
    (70, 140, 60),
    (30, 30, 30),
)
SYLLABLES = (
    "lu",
    "mi",
    "na",
    "vea",
    "der",
    "ma",
    "ce",
    "ra",
    "so",
    "phy",
    "ta",
    "ki",
    "o",
    "bel",
    "xa",
    "ne",
    "ri",
)
PRODUCTS = (
    "Hydra Serum",
    "Night Cream",
    "Clear Toner",
    "Sun Fluid SPF50",
    "Repair Balm",
    "Gentle Cleanser",
    "Eye Contour",
    "Body Lotion",
    "Vitamin C Drops",
    "Hand Cream",
    "Micellar Water",
    "Scalp Tonic",
)
INGREDIENTS = (
    "AQUA, GLYCERIN, NIACINAMIDE, PANTHENOL",
    "BUTYLENE GLYCOL, SQUALANE, TOCOPHEROL",
    "CETEARYL ALCOHOL, ALLANTOIN, CERAMIDE NP",
    "SODIUM HYALURONATE, BETAINE",
    "ZINC OXIDE, TITANIUM DIOXIDE, DIMETHICONE",
    "ASCORBIC ACID, FERULIC ACID",
)
REGULATORY = {
    "EU": (["CPNP 4471-2093", "Made in France · 12M"], "Nimbus Sans"),
    "US": (["Dist. by Apothecary Labs NY", "Net wt 1.7 oz / 50 g"], "Nimbus Sans"),
    "CN": (["国妆备进字 J20261837", "进口商: 上海美妆贸易有限公司"], "Noto Sans CJK SC"),
    "JP": (["医薬部外品 販売名: 薬用クリーム", "製造販売元: 東京化粧品"], "Noto Sans CJK JP"),
    "KR": (["화장품책임판매업자: 서울코스메틱", "제조번호 참조"], "Noto Sans CJK KR"),
    "ME": (["Halal certified · GSO 1943", "Made in UAE"], "DejaVu Sans"),
}
SECOND = {"CN": "保湿精华", "JP": "保湿美容液", "KR": "수분 세럼"}
CATEGORIES = ("beauty", "beauty", "beauty", "food", "gifts")


def _word(rng, parts=3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def botanical(draw: ImageDraw.ImageDraw, w: int, h: int, p: dict, colour) -> None:
    """Leaf, drop, flower or hexagon emblem, with an optional initial."""
    cx, cy, r = w / 2, h / 2, min(w, h) * 0.45
    shape = p["shape"]
    if shape == "flower":
        for k in range(p["petals"]):
            a = 2 * np.pi * k / p["petals"]
            px, py = cx + r * 0.5 * np.cos(a), cy + r * 0.5 * np.sin(a)
            draw.ellipse((px - r * 0.42, py - r * 0.42, px + r * 0.42, py + r * 0.42), fill=colour)
        draw.ellipse((cx - r * 0.3, cy - r * 0.3, cx + r * 0.3, cy + r * 0.3), fill=(255, 255, 255))
    elif shape == "drop":
        draw.ellipse((cx - r * 0.7, cy - r * 0.2, cx + r * 0.7, cy + r), fill=colour)
        draw.polygon(
            [(cx, cy - r), (cx - r * 0.66, cy + r * 0.25), (cx + r * 0.66, cy + r * 0.25)],
            fill=colour,
        )
    elif shape == "leaf":
        pts = [
            (cx + r * np.sin(t) * np.sin(t / 2) * 1.2, cy - r * np.cos(t))
            for t in np.linspace(0, 2 * np.pi, 40)
        ]
        draw.polygon(pts, fill=colour)
        draw.line([(cx, cy - r), (cx, cy + r)], fill=(255, 255, 255), width=max(2, int(r * 0.06)))
    else:
        draw.regular_polygon(
            (cx, cy, r), 6, rotation=30, outline=colour, width=max(3, int(r * 0.12))
        )
        draw.line(
            [(cx - r * 0.5, cy + r * 0.3), (cx + r * 0.5, cy - r * 0.3)],
            fill=colour,
            width=max(3, int(r * 0.1)),
        )
    if p.get("letter"):
        face = fonts.font(p["font"], int(r * 0.8))
        tw = face.getlength(p["letter"])
        draw.text((cx - tw / 2, cy - r * 0.45), p["letter"], font=face, fill=(255, 255, 255))


class Apothecary(World):
    name = "apothecary"
    role = "tuning"
    about = "beauty/pharmacy bottles and cartons: sans type, offset print, curved labels"
    seed_base = 47_000_000
    cameras = (
        Camera(
            "phone-a",
            (640, 480),
            (0.05, 0.2),
            (0.2, 0.5),
            (0.001, 0.004),
            (0.0, 5.0),
            (0.3, 1.2),
            (0.005, 0.02),
            (2.2, 2.6),
            (70, 90),
        ),
        Camera(
            "phone-b",
            (800, 600),
            (0.05, 0.18),
            (0.15, 0.45),
            (0.001, 0.005),
            (0.0, 6.0),
            (0.4, 1.5),
            (0.006, 0.025),
            (2.0, 2.4),
            (65, 88),
        ),
    )
    stage = Stage(
        backgrounds=("tiles", "fabric", "wood"),
        clutter=(3, 8),
        clutter_text=("Nimbus Sans", "DejaVu Sans", "Noto Sans CJK JP"),
        fill=(0.55, 0.85),
        rotation=12,
        tilt=0.05,
        wrap=(110, 170),
        hand=0.35,
        glare=0.35,
        partial=0.15,
    )

    def brands(self, rng, count):
        out = []
        for b in range(count):
            name = _word(rng, int(rng.integers(2, 4))).capitalize()
            font = SANS[int(rng.integers(len(SANS)))]
            out.append(
                {
                    "name": name,
                    "font": font,
                    "light": "Nimbus Sans" if "Nimbus" not in font else "DejaVu Sans",
                    "ground": PASTELS[int(rng.integers(len(PASTELS)))],
                    "accent": ACCENTS[int(rng.integers(len(ACCENTS)))],
                    "emblem": {
                        "shape": str(rng.choice(["flower", "drop", "leaf", "hex"])),
                        "petals": int(rng.integers(5, 9)),
                        "letter": name[0] if rng.random() < 0.5 else "",
                        "font": font,
                    },
                    "upper": bool(rng.random() < 0.5),
                    "category": CATEGORIES[b % len(CATEGORIES)],
                    "prefix": f"{int(rng.integers(400, 440))}{int(rng.integers(0, 10))}",
                }
            )
        return out

    def product(self, rng, brand, index):
        model = f"{rng.choice(PRODUCTS)} {int(rng.integers(2, 9)) * 10}"
        volume = f"{int(rng.choice([15, 30, 50, 100, 150, 200]))} mL"
        ingredients = list(rng.choice(INGREDIENTS, 3, replace=False))
        surface = "cylinder" if rng.random() < 0.75 else "flat"
        gtin = gtin13(rng, brand["prefix"])
        regions = list(rng.choice(list(REGULATORY), int(rng.choice([1, 2, 2, 3])), replace=False))
        tag = f"AP-{brand['name'][:6].upper()}-{index:05d}"

        def layout(region: str, code: str) -> Design:
            args = (brand, model, volume, ingredients, region, code, index)
            return self._label(*args) if surface == "cylinder" else self._carton(*args)

        return regional_entries(
            tag, brand["name"], brand["category"], model, gtin, regions, surface, index, layout
        )

    def _texts(self, brand, model, volume, ingredients, region, gtin, x, y, w):
        name = brand["name"].upper() if brand["upper"] else brand["name"]
        reg, reg_font = REGULATORY[region]
        second = SECOND.get(region, "")
        ink = (40, 40, 44)
        return [
            Element(
                "brand",
                "text",
                (x, y, w, 38),
                brand["accent"],
                {"text": name, "font": brand["font"], "size": 30},
            ),
            Element(
                "model",
                "text",
                (x, y + 40, w, 26),
                ink,
                {"text": model, "font": brand["light"], "size": 19},
            ),
            Element(
                "second",
                "text",
                (x, y + 68, w, 22),
                ink,
                {
                    "text": second or volume,
                    "font": reg_font if second else brand["light"],
                    "size": 15,
                },
            ),
            Element(
                "body",
                "lines",
                (x, y + 96, w, 44),
                (90, 90, 96),
                {"lines": ingredients, "font": "DejaVu Sans Condensed", "size": 9, "leading": 2},
            ),
            Element(
                "region",
                "lines",
                (x, y + 142, w, 34),
                ink,
                {"lines": reg, "font": reg_font, "size": 11},
            ),
        ]

    def _label(self, brand, model, volume, ingredients, region, gtin, index) -> Design:
        w, h = 560, 250
        els = [
            Element("ground", "rect", (0, 0, w, h), brand["ground"]),
            Element("panel", "rect", (0, 0, w, 26), brand["accent"]),
            Element("band2", "rect", (0, h - 14, w, 14), brand["accent"]),
            Element("logo", "emblem", (60, 58, 110, 110), brand["accent"], brand["emblem"]),
            *self._texts(brand, model, volume, ingredients, region, gtin, 200, 36, 220),
            Element("barcode", "barcode", (440, 140, 100, 80), (20, 20, 20), {"gtin": gtin}),
            Element(
                "volume",
                "text",
                (440, 40, 100, 30),
                brand["accent"],
                {"text": volume, "font": brand["font"], "size": 20},
            ),
            Element(
                "mark",
                "mark",
                (450, 86, 34, 34),
                (60, 60, 60),
                {"text": "℮", "font": "DejaVu Sans"},
            ),
        ]
        return Design(w, h, tuple(els), botanical, "offset", index)

    def _carton(self, brand, model, volume, ingredients, region, gtin, index) -> Design:
        w, h = 300, 430
        els = [
            Element("ground", "rect", (0, 0, w, h), brand["ground"]),
            Element("panel", "rect", (0, 0, w, 150), brand["accent"], {"radius": 0}),
            Element(
                "logo", "emblem", (w // 2 - 55, 20, 110, 110), (255, 255, 255), brand["emblem"]
            ),
            *self._texts(brand, model, volume, ingredients, region, gtin, 24, 160, w - 48),
            Element("barcode", "barcode", (24, h - 82, 150, 70), (20, 20, 20), {"gtin": gtin}),
            Element(
                "mark",
                "mark",
                (w - 70, h - 70, 40, 40),
                (60, 60, 60),
                {"text": "℮", "font": "DejaVu Sans", "shape": "box"},
            ),
        ]
        return Design(w, h, tuple(els), botanical, "offset", index)
