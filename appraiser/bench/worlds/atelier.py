"""World "atelier" (TUNING): luxury hang tags, gift boxes and care labels.

Layout engine: centred, symmetric compositions on a portrait or landscape card with a
double border, a hole punch, a monogram crest in hot foil, the brand in tracked serif
capitals, the model in italics, material lines and a small price block per region.
Fonts: URW base35 serifs (C059, P052, Nimbus Roman, URW Bookman, Z003) and DejaVu Serif.
Palettes: cream, ivory, black, navy, burgundy with gold or silver foil. Print: foil on
offset board. Surfaces: flat (tags, box lids). Cameras: a mirrorless camera and a good
phone under warm shop light. Brand-mates share the crest, header and palette; regional
siblings differ in the price/market block, the care-language line and the GTIN.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from appraiser.bench.worlds.base import World, gtin13, regional_entries
from appraiser.bench.worlds.camera import Camera
from appraiser.bench.worlds.design import Design, Element
from appraiser.bench.worlds.scene import Stage

SERIFS = ("C059", "P052", "Nimbus Roman", "URW Bookman", "DejaVu Serif")
ITALICS = ("P052 Italic", "Nimbus Roman Italic", "DejaVu Serif Italic", "Z003")
GROUNDS = ((246, 240, 226), (250, 248, 242), (24, 24, 28), (22, 34, 66), (92, 20, 34))
FOILS = ((212, 170, 60), (200, 160, 40), (190, 190, 196))
SYLLABLES = (
    "val",
    "ent",
    "ino",
    "mar",
    "cel",
    "lys",
    "dor",
    "sai",
    "ber",
    "tier",
    "gio",
    "ran",
    "ves",
    "sol",
    "aure",
    "fon",
    "lac",
    "roy",
)
MATERIALS = (
    "100% calfskin",
    "Lambskin leather",
    "Silk twill 90x90",
    "Cashmere 70% wool 30%",
    "Canvas and leather",
    "Stainless steel 316L",
    "Sterling silver 925",
    "Saffiano leather",
    "Cotton 100%",
    "Nylon gabardine",
)
ORIGINS = (
    "Made in Italy",
    "Made in France",
    "Fabriqué en France",
    "Made in Spain",
    "Made in Portugal",
    "Swiss made",
)
MARKETS = {
    "EU": ("Prix TTC", "EUR", "Entretien: nettoyer à sec"),
    "US": ("Price", "USD", "Care: dry clean only"),
    "CN": ("零售价", "CNY", "洗涤: 专业干洗"),
    "JP": ("価格 税込", "JPY", "お手入れ: ドライクリーニング"),
    "UK": ("Price inc. VAT", "GBP", "Care: dry clean only"),
    "KR": ("판매가", "KRW", "세탁: 드라이클리닝"),
}
CJK_FONT = {"CN": "Noto Serif CJK SC", "JP": "Noto Sans CJK JP", "KR": "Noto Sans CJK KR"}
CATEGORIES = ("bags", "apparel", "jewelry", "watches", "gifts", "eyewear")


def _word(rng, parts=2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def crest(draw: ImageDraw.ImageDraw, w: int, h: int, p: dict, colour) -> None:
    """A monogram crest: shield, laurel ring or double circle around two letters."""
    cx, cy, r = w / 2, h / 2, min(w, h) * 0.46
    shape = p["shape"]
    width = max(2, int(r * 0.07))
    if shape == "shield":
        pts = [
            (cx - r * 0.8, cy - r),
            (cx + r * 0.8, cy - r),
            (cx + r * 0.8, cy + r * 0.1),
            (cx, cy + r),
            (cx - r * 0.8, cy + r * 0.1),
        ]
        draw.polygon(pts, outline=colour, width=width)
    elif shape == "laurel":
        for k in range(14):
            a = np.deg2rad(110 + k * 23)
            lx, ly = cx + r * 0.85 * np.cos(a), cy + r * 0.85 * np.sin(a)
            draw.ellipse((lx - r * 0.1, ly - r * 0.18, lx + r * 0.1, ly + r * 0.18), fill=colour)
    else:
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
        draw.ellipse(
            (cx - r * 0.82, cy - r * 0.82, cx + r * 0.82, cy + r * 0.82),
            outline=colour,
            width=max(1, width // 2),
        )
    from appraiser.bench.worlds import fonts

    face = fonts.font(p["font"], int(r * 0.95))
    a, b = p["letters"]
    draw.text((cx - r * 0.55, cy - r * 0.62), a, font=face, fill=colour)
    draw.text((cx - r * 0.05, cy - r * 0.38), b, font=face, fill=colour)
    for k in range(p["stars"]):
        sx = cx + (k - (p["stars"] - 1) / 2) * r * 0.3
        draw.regular_polygon((sx, cy - r * 1.0 + r * 0.12, r * 0.07), 5, fill=colour)


class Atelier(World):
    name = "atelier"
    role = "tuning"
    about = "luxury hang tags and boxes: serif type, foil crests, warm shop light"
    seed_base = 31_000_000
    cameras = (
        Camera(
            "mirrorless",
            (640, 480),
            (0.02, 0.12),
            (0.1, 0.35),
            (0.0, 0.002),
            (0.0, 3.0),
            (0.0, 0.9),
            (0.002, 0.01),
            (2.0, 2.3),
            (80, 95),
        ),
        Camera(
            "phone-pro",
            (720, 540),
            (0.03, 0.15),
            (0.15, 0.4),
            (0.0005, 0.003),
            (0.0, 4.0),
            (0.2, 1.1),
            (0.004, 0.015),
            (2.1, 2.5),
            (75, 92),
        ),
    )
    stage = Stage(
        backgrounds=("leather", "wood", "fabric"),
        clutter=(2, 6),
        clutter_text=("Nimbus Roman", "C059"),
        fill=(0.6, 0.88),
        rotation=20,
        tilt=0.06,
        wrap=(90, 120),
        hand=0.3,
        glare=0.3,
        partial=0.15,
    )

    def brands(self, rng, count):
        out = []
        for b in range(count):
            name = _word(rng, int(rng.integers(2, 4))).upper()
            ground = GROUNDS[int(rng.integers(len(GROUNDS)))]
            dark = sum(ground) < 300
            out.append(
                {
                    "name": name,
                    "index": b,
                    "ground": ground,
                    "ink": (236, 230, 214) if dark else (30, 26, 24),
                    "foil": FOILS[int(rng.integers(len(FOILS)))],
                    "serif": SERIFS[int(rng.integers(len(SERIFS)))],
                    "italic": ITALICS[int(rng.integers(len(ITALICS)))],
                    "crest": {
                        "shape": str(rng.choice(["shield", "laurel", "ring"])),
                        "letters": name[0] + name[-1],
                        "stars": int(rng.integers(0, 4)),
                        "font": SERIFS[int(rng.integers(len(SERIFS)))],
                    },
                    "tracking": float(rng.uniform(0.12, 0.35)),
                    "landscape": bool(rng.random() < 0.35),
                    "category": CATEGORIES[b % len(CATEGORIES)],
                    "prefix": f"{int(rng.integers(300, 380))}{int(rng.integers(0, 10))}",
                }
            )
        return out

    def product(self, rng, brand, index):
        model = f"{_word(rng).capitalize()} {int(rng.integers(1, 99))}"
        lines = [
            str(rng.choice(MATERIALS)),
            str(rng.choice(ORIGINS)),
            f"Art. {int(rng.integers(1000, 9999))}-{chr(65 + int(rng.integers(26)))}",
        ]
        gtin = gtin13(rng, brand["prefix"])
        accent = tuple(int(c) for c in rng.integers(40, 220, 3))
        price = int(rng.integers(3, 90)) * 50
        regions = list(rng.choice(list(MARKETS), int(rng.choice([1, 1, 2, 3])), replace=False))
        tag = f"AT-{brand['name'][:6]}-{index:05d}"

        def layout(region: str, code: str) -> Design:
            return self._layout(brand, model, lines, accent, price, region, code, index)

        return regional_entries(
            tag, brand["name"], brand["category"], model, gtin, regions, "flat", index, layout
        )

    def _layout(self, brand, model, lines, accent, price, region, gtin, index) -> Design:
        g, ink, foil = brand["ground"], brand["ink"], brand["foil"]
        panel = tuple(min(255, int(c * 0.9 + a * 0.1)) for c, a in zip(g, accent, strict=True))
        label, currency, care = MARKETS[region]
        cjk = CJK_FONT.get(region, brand["serif"])
        if brand["landscape"]:  # box lid: crest left, words right
            w, h = 460, 320
            crest_box, text_x, text_w, y = (34, 40, 130, 130), 180, 250, 40
        else:  # hang tag: everything centred under the hole
            w, h = 320, 460
            crest_box, text_x, text_w, y = (w // 2 - 55, 50, 110, 110), 24, w - 48, 172
        frame = [
            Element("ground", "rect", (0, 0, w, h), g),
            Element("frame", "rect", (8, 8, w - 16, h - 16), foil, {"hollow": True, "width": 2}),
            Element("frame2", "rect", (14, 14, w - 28, h - 28), ink, {"hollow": True, "width": 1}),
            Element(
                "hole",
                "ellipse",
                (w // 2 - 9, 20, 18, 18),
                (120, 120, 120),
                {"hollow": True, "width": 3},
            ),
            Element("logo", "emblem", crest_box, foil, brand["crest"]),
        ]
        words = [
            Element(
                "brand",
                "text",
                (text_x, y, text_w, 40),
                ink,
                {
                    "text": brand["name"],
                    "font": brand["serif"],
                    "size": 30,
                    "align": "centre",
                    "tracking": brand["tracking"],
                },
            ),
            Element("panel", "rect", (text_x + 6, y + 50, text_w - 12, 96), panel, {"radius": 6}),
            Element(
                "model",
                "text",
                (text_x + 12, y + 54, text_w - 24, 30),
                ink,
                {"text": model, "font": brand["italic"], "size": 22, "align": "centre"},
            ),
            Element(
                "body",
                "lines",
                (text_x + 20, y + 86, text_w - 40, 60),
                ink,
                {"lines": lines, "font": brand["serif"], "size": 12, "align": "centre"},
            ),
            Element(
                "region",
                "lines",
                (30, h - 112, w // 2 - 30, 60),
                ink,
                {"lines": [f"{label} {currency}", f"{price:,}", care], "font": cjk, "size": 12},
            ),
            Element(
                "barcode",
                "barcode",
                (w // 2 + 8, h - 112, w // 2 - 40, 64),
                (20, 20, 20),
                {"gtin": gtin},
            ),
            Element(
                "mark", "mark", (w - 60, h - 44, 26, 26), ink, {"text": "R", "font": brand["serif"]}
            ),
        ]
        return Design(w, h, tuple(frame + words), crest, "foil", index)
