"""The demo reference pack: a few brands across categories, with regional siblings,
drawn in code (no binaries in git). ``appraiser demo`` builds it and imports it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import cv2

from appraiser.library import synthetic
from appraiser.library.pack import FORMAT, FORMAT_VERSION
from appraiser.library.synthetic import ProductSpec

DEMO_BRANDS = (
    ("AURELIA", "bags"),
    ("MONTREVE", "watches"),
    ("KESTREL", "shoes"),
    ("LUMEN", "beauty"),
    ("SAKURADA", "eyewear"),
    ("VOLTARI", "apparel"),
    ("ORBELLE", "jewelry"),
    ("TERRANOVA", "food"),
    ("PRISMA", "sports"),
    ("HALCYON", "gifts"),
)
SIBLING_REGIONS = ("EU", "CN", "US")


def version_id(spec: ProductSpec) -> str:
    model = spec.model.upper().replace(" ", "")
    return f"{spec.brand}-{model}-{spec.region}"


def demo_specs(versions: int, seed: int) -> list[ProductSpec]:
    """``versions`` specs; every other product comes in two or three regional variants."""
    specs: list[ProductSpec] = []
    product = 0
    while len(specs) < versions:
        brand, category = DEMO_BRANDS[product % len(DEMO_BRANDS)]
        base = synthetic.make_spec(seed * 100_003 + product, category, "EU", brand=brand)
        specs.append(base)
        siblings = 1 + (product // 2) % 2 if product % 2 == 0 else 0
        for i, region in enumerate(SIBLING_REGIONS[1 : 1 + siblings], start=1):
            if len(specs) < versions:
                specs.append(synthetic.sibling(base, region, i))
        product += 1
    return specs


def _entry(spec: ProductSpec, vid: str, file: str) -> dict:
    rois = [
        {"name": name, "x": x, "y": y, "w": w, "h": h}
        for name, (x, y, w, h) in synthetic.ROIS.items()
    ]
    return {
        "id": vid,
        "brand": spec.brand,
        "model": spec.model,
        "category": spec.category,
        "region": spec.region,
        "gtin": spec.gtin,
        "attributes": {"synthetic": True, "seed": spec.seed},
        "images": [{"file": file, "view": "front", "rois": rois}],
    }


def write_pack(
    target: Path,
    specs: Iterable[ProductSpec],
    name: str,
    publisher: str = "appraiser demo",
    created: str = "2026-11-20T08:00:00Z",
    ids: Iterable[str] | None = None,
) -> Path:
    """Render each spec and write a complete pack folder (manifest + PNG images)."""
    target = Path(target)
    (target / "images").mkdir(parents=True, exist_ok=True)
    specs = list(specs)
    ids = list(ids) if ids is not None else [version_id(s) for s in specs]
    entries = []
    for spec, vid in zip(specs, ids, strict=True):
        file = f"images/{vid}/front.png"
        (target / file).parent.mkdir(parents=True, exist_ok=True)
        cv2.imwrite(str(target / file), synthetic.render(spec))
        entries.append(_entry(spec, vid, file))
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": name,
        "publisher": publisher,
        "created": created,
        "versions": entries,
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return target


def build_demo_pack(target: Path, versions: int = 24, seed: int = 7) -> Path:
    """Write the demo pack folder at ``target`` and return it (the same every time)."""
    return write_pack(target, demo_specs(versions, seed), name="Appraiser demo library")
