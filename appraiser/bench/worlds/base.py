"""What every world shares: catalogue entries, queries with ground truth, the query mix,
the reference pack writer (DESIGN §3.2, imported by the real importer) and photographing
a physical item (print → scene → camera).

A world subclass supplies the parts in which worlds differ: brands and their layout
engine (``product``), print processes, surfaces, the stage and the cameras.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from appraiser.bench.worlds import camera as cameras
from appraiser.bench.worlds import defects, design, printing, scene
from appraiser.library.pack import FORMAT, FORMAT_VERSION

Box = tuple[int, int, int, int]
UNKNOWN_EVERY = 7  # every 7th product is kept out of the library: the unknown products


@dataclass
class Entry:
    """One product version (a reference in the library, or an unknown product)."""

    id: str
    brand: str
    model: str
    category: str
    region: str
    gtin: str
    design: design.Design
    surface: str = "flat"  # or "cylinder"
    group: int = 0  # the product: versions of one group are regional siblings
    siblings: int = 1


@dataclass
class Query:
    """A bench photo and its ground truth.

    ``kind``: genuine | counterfeit | unknown (a product not in the library: the right
    answer is ``no_match``). ``truth`` is the version id (None for unknown). ``defect_box``
    is in reference pixels; each occluder has ``kind`` (hand, glare, out_of_frame),
    ``photo_box`` (photo pixels, None when out of frame) and ``reference_box``.
    """

    kind: str
    truth: str | None
    sibling: bool
    defect: str | None
    defect_box: Box | None
    photo: np.ndarray
    occluders: list[dict] = field(default_factory=list)
    camera: str = ""

    @property
    def box(self) -> Box | None:  # the name the older bench code reads
        return self.defect_box


@dataclass
class Planned:
    """One bench photo a world will take: its kind, the version shown and the seeds."""

    kind: str  # genuine | counterfeit | unknown
    entry: Entry
    photo_seed: int
    defect: str | None = None
    fake_seed: int = 0


class World:
    """A synthetic world; subclasses set the class attributes and ``product``."""

    name = "world"
    role = "tuning"  # tuning | held_out | tuned (world 0: shown, never counted)
    about = ""
    cameras: tuple[cameras.Camera, ...] = ()
    stage: scene.Stage
    defects: tuple[str, ...] = defects.DEFECTS
    seed_base = 0

    # -- the parts a world supplies ----------------------------------------------------
    def brands(self, rng: np.random.Generator, count: int) -> list[dict]:
        raise NotImplementedError

    def product(self, rng: np.random.Generator, brand: dict, index: int) -> list[Entry]:
        """All regional versions of one product of ``brand`` (first one is the base)."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------------
    def catalogue(self, count: int, seed: int) -> tuple[list[Entry], list[Entry]]:
        """``count`` library versions and the unknown products (brand-mates kept out)."""
        rng = np.random.default_rng(self.seed_base + seed)
        brands = self.brands(rng, max(3, count // 12))
        library: list[Entry] = []
        unknown: list[Entry] = []
        index = 0
        while len(library) < count:
            versions = self.product(rng, brands[index % len(brands)], index)
            if index % UNKNOWN_EVERY == UNKNOWN_EVERY - 1:
                unknown.append(versions[0])
            else:
                versions = versions[: count - len(library)]
                for v in versions:
                    v.siblings = len(versions)
                library.extend(versions)
            index += 1
        if not unknown:  # a small library still gets one unknown product (a brand-mate)
            unknown.append(self.product(rng, brands[index % len(brands)], index)[0])
        return library, unknown

    def reference(self, entry: Entry) -> np.ndarray:
        """The reference image of the pack (BGR): the brand's clean artwork."""
        return cv2.cvtColor(design.render(entry.design), cv2.COLOR_RGB2BGR)

    def photograph(self, item: design.Design, surface: str, seed: int, hard: float = 1.0):
        """Print ``item``, place it in a scene, shoot it: (photo BGR, occluders)."""
        rng = np.random.default_rng(seed)
        printed = printing.apply(design.render(item), item.print_process, seed)
        cam = self.cameras[int(rng.integers(len(self.cameras)))]
        stage = self.stage
        if hard != 1.0:  # hard conditions: more hands, glare and partial framing too
            stage = dataclasses.replace(
                stage,
                hand=min(1.0, stage.hand * hard),
                glare=min(1.0, stage.glare * hard),
                partial=min(1.0, stage.partial * hard),
            )
        shot = scene.compose(printed, surface, stage, cam.size, rng)
        art_h, art_w = printed.shape[:2]
        for occ in shot.occluders:
            occ["reference_box"] = clip_box(occ["reference_box"], art_w, art_h)
            occ["photo_box"] = clip_box(occ["photo_box"], *cam.size)
        shot.occluders = [o for o in shot.occluders if o["reference_box"]]
        return cameras.shoot(shot.scene, cam, rng, hard), shot.occluders, cam.name

    def harsher(self, level: float = 1.0) -> World:
        """This world shot under stress: every camera at its worst (:func:`camera.harsher`),
        items smaller, more rotated and tilted, on newspaper too. The artwork, library and
        photo plan stay the same, so a photo can be told apart from its usual shot."""
        out = copy.copy(self)
        out.cameras = tuple(cameras.harsher(c, level) for c in self.cameras)
        out.stage = dataclasses.replace(
            self.stage,
            backgrounds=tuple(dict.fromkeys((*self.stage.backgrounds, "paper"))),
            fill=(0.45, 0.75),
            rotation=30,
            tilt=0.1,
        )
        return out

    def plan(
        self,
        library: list[Entry],
        unknown: list[Entry],
        counts: tuple[int, int, int],
        seed: int,
    ) -> list[Planned]:
        """What :meth:`queries` photographs, in its order, without rendering anything: a
        test can shoot one photo of a world exactly as the benchmark does."""
        genuine, fakes, strangers = counts
        rng = np.random.default_rng(self.seed_base + seed * 7919 + 1)
        with_sibs = [v for v in library if v.siblings > 1] or library
        out: list[Planned] = []
        for i in range(genuine):
            pool = with_sibs if i % 2 else library
            v = pool[int(rng.integers(len(pool)))]
            out.append(Planned("genuine", v, int(rng.integers(2**31))))
        for i in range(fakes):
            v = library[int(rng.integers(len(library)))]
            defect = self.defects[i % len(self.defects)]
            fake_seed = int(rng.integers(2**31))
            out.append(Planned("counterfeit", v, int(rng.integers(2**31)), defect, fake_seed))
        for _ in range(strangers if unknown else 0):
            v = unknown[int(rng.integers(len(unknown)))]
            out.append(Planned("unknown", v, int(rng.integers(2**31))))
        return out

    def shoot(self, planned: Planned, hard: float = 1.0) -> Query:
        """The bench photo of one planned query, with its ground truth."""
        v = planned.entry
        truth = None if planned.kind == "unknown" else v.id
        sibling = planned.kind != "unknown" and v.siblings > 1
        item, box = v.design, None
        if planned.defect:
            item = defects.counterfeit(v.design, planned.defect, planned.fake_seed)
            box = defects.defect_box(design.render(v.design), design.render(item))
        photo, occ, cam = self.photograph(item, v.surface, planned.photo_seed, hard)
        return Query(planned.kind, truth, sibling, planned.defect, box, photo, occ, cam)

    def queries(
        self,
        library: list[Entry],
        unknown: list[Entry],
        counts: tuple[int, int, int],
        seed: int,
        hard: float = 1.0,
    ) -> list[Query]:
        """``counts`` = (genuine, counterfeit, unknown) photos; half the genuine ones of
        versions with regional siblings, counterfeits cycling through every defect. ``hard`` >
        1 pushes every camera setting toward its bad end and makes hands, glare and partial
        framing more frequent (hard conditions)."""
        return [self.shoot(p, hard) for p in self.plan(library, unknown, counts, seed)]

    def write_pack(self, folder: Path, entries: list[Entry]) -> Path:
        """A reference pack folder (manifest + PNG per version) for ``entries``."""
        folder = Path(folder)
        rows = []
        for e in entries:
            file = f"images/{e.id}/front.png"
            (folder / file).parent.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(folder / file), self.reference(e))
            rows.append(_manifest_entry(e, file))
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "name": f"world {self.name}",
            "publisher": "appraiser.bench.worlds",
            "created": "2026-11-20T08:00:00Z",
            "versions": rows,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        return folder


def clip_box(box, width: int, height: int) -> list[int] | None:
    """``box`` (x, y, w, h) cut to the image, or None when nothing of it is inside."""
    if not box:
        return None
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = min(width, box[0] + box[2]), min(height, box[1] + box[3])
    return [x0, y0, x1 - x0, y1 - y0] if x1 > x0 and y1 > y0 else None


def _manifest_entry(e: Entry, file: str) -> dict:
    rois = [
        {"name": el.role, "x": el.box[0], "y": el.box[1], "w": el.box[2], "h": el.box[3]}
        for el in e.design.elements
        if el.role in ("logo", "brand", "barcode")
    ]
    return {
        "id": e.id,
        "brand": e.brand,
        "model": e.model,
        "category": e.category,
        "region": e.region,
        "gtin": e.gtin,
        "attributes": {"synthetic": True, "surface": e.surface},
        "images": [{"file": file, "view": "front", "rois": rois}],
    }


def gtin13(rng: np.random.Generator, prefix: str) -> str:
    body = prefix + "".join(str(int(d)) for d in rng.integers(0, 10, 12 - len(prefix)))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def regional_gtin(gtin: str, index: int) -> str:
    body = gtin[:-3] + f"{(int(gtin[-3:-1]) + 7 * index) % 100:02d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def regional_entries(
    tag: str,
    name: str,
    category: str,
    model: str,
    gtin: str,
    regions: list,
    surface: str,
    index: int,
    layout: Callable[[str, str], design.Design],
) -> list[Entry]:
    """One version of a product per region (``tag-<region>``): the regional siblings share
    the product group ``index`` and differ by regional GTIN and by the artwork ``layout``
    draws for (region, GTIN). Draws no random numbers, so a world's stream is unchanged."""
    out = []
    for i, region in enumerate(regions):
        code = regional_gtin(gtin, i)
        art = layout(str(region), code)
        out.append(
            Entry(f"{tag}-{region}", name, model, category, str(region), code, art, surface, index)
        )
    return out
