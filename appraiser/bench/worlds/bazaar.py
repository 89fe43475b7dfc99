"""World "bazaar" (HELD OUT — never used to tune or train anything; see __init__.py):
consumer electronics, toys and snacks in printed boxes and cans for Chinese markets.

Layout engine: poster-like and asymmetric — a sunburst ground from one corner, a
slanted colour banner, a big CJK wordmark with its Latin name under it, a product
picture built from shapes, Chinese selling points, certification marks and a voltage or
market line. Fonts: WenQuanYi Micro Hei, Noto Sans CJK SC Bold, Noto Serif CJK SC Bold
for Chinese; Nimbus Mono and DejaVu Sans Mono for codes. Palettes: saturated primaries.
Print: CMYK halftone screens (flexo/offset boxes). Surfaces: boxes flat, a third of the
items are cans (cylinders). Cameras: a cheap webcam and an old phone (heavy JPEG,
vignetting, wrong white balance, motion blur). Stage: newspaper and cluttered tables,
fingers holding the item, partial framing. Brand-mates share the wordmark, badge and
sunburst; regional siblings differ in the market line, the mark set and the GTIN.
"""

from __future__ import annotations

import numpy as np
from PIL import ImageDraw

from appraiser.bench.worlds import fonts
from appraiser.bench.worlds.base import World, gtin13, regional_entries
from appraiser.bench.worlds.camera import Camera
from appraiser.bench.worlds.design import Design, Element
from appraiser.bench.worlds.scene import Stage

CJK = ("WenQuanYi Micro Hei", "Noto Sans CJK SC Bold", "Noto Serif CJK SC Bold")
HANZI = "华美佳福康乐天龙星光明金宝彩云海新东方盛泰安达信诚鑫宏源丰顺恒嘉禾瑞祥凯锐智"
PINYIN = (
    "hua",
    "mei",
    "jia",
    "fu",
    "kang",
    "le",
    "tian",
    "long",
    "xing",
    "guang",
    "ming",
    "jin",
    "bao",
    "cai",
    "yun",
    "hai",
    "xin",
    "dong",
    "fang",
    "sheng",
)
PRIMARIES = (
    (220, 30, 40),
    (250, 200, 20),
    (20, 90, 200),
    (20, 160, 70),
    (240, 120, 20),
    (130, 40, 160),
    (0, 170, 200),
    (230, 60, 140),
)
GOODS = (
    "蓝牙耳机",
    "充电宝",
    "电动牙刷",
    "积木玩具",
    "遥控汽车",
    "坚果礼盒",
    "果汁饮料",
    "智能手表",
    "保温杯",
    "电风扇",
    "数据线",
    "辣条零食",
)
POINTS = (
    "超长续航",
    "快速充电",
    "安全无毒",
    "精选原料",
    "高清音质",
    "防水防尘",
    "一年保修",
    "无添加剂",
    "轻巧便携",
    "节能环保",
    "儿童适用",
    "正品保证",
)
MARKETS = {
    "CN": (["中国大陆版", "220V~ 50Hz"], ("CCC", "CE")),
    "HK": (["香港版 Hong Kong", "220V~ 50Hz"], ("CE",)),
    "TW": (["台灣版", "110V~ 60Hz"], ("BSMI",)),
    "EX": (["Export version", "110-240V~"], ("CE", "FC")),
    "SG": (["Singapore", "230V~ 50Hz"], ("SG",)),
}
CATEGORIES = ("gifts", "sports", "food", "gifts", "food")


def badge(draw: ImageDraw.ImageDraw, w: int, h: int, p: dict, colour) -> None:
    """A star, a zigzag seal or a pennant with one Chinese character."""
    cx, cy, r = w / 2, h / 2, min(w, h) * 0.47
    if p["shape"] == "star":
        pts = []
        for k in range(2 * p["points"]):
            rad = r if k % 2 == 0 else r * 0.55
            a = np.pi * k / p["points"] - np.pi / 2
            pts.append((cx + rad * np.cos(a), cy + rad * np.sin(a)))
        draw.polygon(pts, fill=colour)
    elif p["shape"] == "seal":
        pts = []
        for k in range(4 * p["points"]):
            rad = r if k % 2 == 0 else r * 0.86
            a = np.pi * k / (2 * p["points"])
            pts.append((cx + rad * np.cos(a), cy + rad * np.sin(a)))
        draw.polygon(pts, fill=colour)
        draw.ellipse(
            (cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7),
            outline=(255, 255, 255),
            width=max(2, int(r * 0.05)),
        )
    else:
        draw.polygon(
            [
                (cx - r, cy - r * 0.7),
                (cx + r, cy - r * 0.7),
                (cx + r * 0.8, cy + r * 0.2),
                (cx, cy + r),
                (cx - r * 0.8, cy + r * 0.2),
            ],
            fill=colour,
        )
    face = fonts.font(p["font"], int(r * 0.9))
    tw = face.getlength(p["char"])
    draw.text((cx - tw / 2, cy - r * 0.62), p["char"], font=face, fill=(255, 255, 255))


def _picture(rng) -> list[tuple]:
    """A product picture from shapes: (kind, relative box, colour)."""
    out = []
    for _ in range(int(rng.integers(3, 7))):
        x, y = rng.uniform(0, 0.7, 2)
        w, h = rng.uniform(0.2, 0.5, 2)
        out.append(
            (
                str(rng.choice(["rect", "ellipse"])),
                (x, y, w, h),
                tuple(int(c) for c in rng.integers(0, 256, 3)),
            )
        )
    return out


class Bazaar(World):
    name = "bazaar"
    role = "held_out"
    about = "CJK electronics/toy/snack boxes and cans: halftone, sunbursts, cheap cameras"
    seed_base = 59_000_000
    cameras = (
        Camera(
            "webcam",
            (640, 480),
            (0.1, 0.3),
            (0.3, 0.7),
            (0.002, 0.006),
            (0.0, 6.0),
            (0.3, 1.3),
            (0.008, 0.03),
            (1.8, 2.6),
            (50, 80),
        ),
        Camera(
            "old-phone",
            (800, 600),
            (0.08, 0.25),
            (0.25, 0.6),
            (0.002, 0.006),
            (0.0, 6.0),
            (0.3, 1.4),
            (0.01, 0.035),
            (2.0, 2.8),
            (55, 85),
        ),
    )
    stage = Stage(
        backgrounds=("paper", "wood", "tiles", "fabric"),
        clutter=(5, 12),
        clutter_text=("WenQuanYi Micro Hei", "Noto Serif CJK SC", "DejaVu Sans Mono"),
        fill=(0.5, 0.9),
        rotation=30,
        tilt=0.08,
        wrap=(120, 170),
        hand=0.45,
        glare=0.3,
        partial=0.25,
    )

    def brands(self, rng, count):
        out = []
        for b in range(count):
            chars = "".join(rng.choice(list(HANZI), int(rng.integers(2, 4)), replace=False))
            a, c = rng.choice(len(PRIMARIES), 2, replace=False)
            out.append(
                {
                    "name": chars,
                    "latin": "".join(rng.choice(PINYIN, 2)).upper(),
                    "font": CJK[int(rng.integers(len(CJK)))],
                    "mono": str(rng.choice(["Nimbus Mono", "DejaVu Sans Mono"])),
                    "main": PRIMARIES[a],
                    "second": PRIMARIES[c],
                    "rays": int(rng.integers(8, 18)),
                    "corner": int(rng.integers(4)),
                    "badge": {
                        "shape": str(rng.choice(["star", "seal", "pennant"])),
                        "points": int(rng.integers(5, 9)),
                        "char": chars[0],
                        "font": CJK[int(rng.integers(len(CJK)))],
                    },
                    "category": CATEGORIES[b % len(CATEGORIES)],
                    "prefix": f"69{int(rng.integers(10, 99))}",
                }
            )
        return out

    def product(self, rng, brand, index):
        goods = str(rng.choice(GOODS))
        model = f"{goods} {chr(65 + int(rng.integers(26)))}{int(rng.integers(10, 999))}"
        points = list(rng.choice(POINTS, 3, replace=False))
        picture = _picture(rng)
        surface = "cylinder" if rng.random() < 0.33 else "flat"
        gtin = gtin13(rng, brand["prefix"])
        regions = list(rng.choice(list(MARKETS), int(rng.choice([1, 2, 2, 3])), replace=False))
        tag = f"BZ-{brand['latin'][:6]}-{index:05d}"

        def layout(region: str, code: str) -> Design:
            return self._layout(brand, model, points, picture, region, code, index, surface)

        return regional_entries(
            tag, brand["latin"], brand["category"], model, gtin, regions, surface, index, layout
        )

    def _layout(self, brand, model, points, picture, region, gtin, index, surface) -> Design:
        w, h = (520, 300) if surface == "cylinder" else (400, 400)
        corners = ((0, 0), (w, 0), (w, h), (0, h))
        main, second = brand["main"], brand["second"]
        market, marks = MARKETS[region]
        px, py, pw, ph = (w * 0.52, h * 0.36, w * 0.42, h * 0.38)
        els = [
            Element(
                "ground",
                "rays",
                (0, 0, w, h),
                main,
                {
                    "centre": corners[brand["corner"]],
                    "count": brand["rays"],
                    "second": tuple(min(255, c + 40) for c in main),
                },
            ),
            Element("logo", "emblem", (14, 10, 90, 90), second, brand["badge"]),
            Element(
                "brand",
                "text",
                (110, 14, w - 124, 56),
                (255, 255, 255),
                {"text": brand["name"], "font": brand["font"], "size": 44},
            ),
            Element(
                "latin",
                "text",
                (112, 70, w - 130, 22),
                (255, 255, 255),
                {"text": brand["latin"], "font": brand["mono"], "size": 16, "tracking": 0.3},
            ),
            Element("panel", "rect", (0, int(h * 0.3), int(w * 0.5), int(h * 0.16)), second),
            Element(
                "model",
                "text",
                (10, int(h * 0.3) + 6, int(w * 0.48), int(h * 0.16) - 10),
                (255, 255, 255),
                {"text": model, "font": "WenQuanYi Micro Hei", "size": 22},
            ),
            Element(
                "body",
                "lines",
                (14, int(h * 0.5), int(w * 0.46), int(h * 0.24)),
                (255, 255, 255),
                {
                    "lines": [f"★ {p}" for p in points],
                    "font": "Noto Sans CJK SC",
                    "size": 15,
                    "leading": 4,
                },
            ),
            Element(
                "picframe",
                "rect",
                (int(px), int(py), int(pw), int(ph)),
                (255, 255, 255),
                {"radius": 10},
            ),
        ]
        for kind, (rx, ry, rw, rh), colour in picture:
            box = (
                int(px + rx * pw * 0.8) + 4,
                int(py + ry * ph * 0.8) + 4,
                int(rw * pw * 0.6),
                int(rh * ph * 0.6),
            )
            els.append(Element("picture", "ellipse" if kind == "ellipse" else "rect", box, colour))
        els += [
            Element(
                "region",
                "lines",
                (14, h - 66, int(w * 0.4), 40),
                (255, 255, 255),
                {"lines": market, "font": "Noto Sans CJK SC", "size": 13},
            ),
            Element(
                "barcode",
                "barcode",
                (w - 170, h - 84, 150, 70),
                (10, 10, 10),
                {"gtin": gtin, "font": brand["mono"]},
            ),
        ]
        for k, m in enumerate(marks):
            els.append(
                Element(
                    "mark",
                    "mark",
                    (int(w * 0.42) + k * 40, h - 60, 34, 34),
                    (255, 255, 255),
                    {"text": m, "font": "DejaVu Sans Bold", "shape": "box"},
                )
            )
        return Design(w, h, tuple(els), badge, "halftone", index)
