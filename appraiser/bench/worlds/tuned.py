"""World 0, "tuned": the project's own generator (``appraiser.library.synthetic``), the
one the engine's vocabulary, calibration and thresholds were fitted on.

Shown in the benchmark for comparison, NEVER counted as a result. Its artwork and photos
come only from ``appraiser.library.synthetic``; no other world shares a code path for
artwork with it. It has no occluder ground truth (its photos have none to speak of).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from appraiser.bench.worlds.base import Entry, Query, World
from appraiser.domain.enums import Category
from appraiser.library import synthetic
from appraiser.library.demo import write_pack

CATEGORIES = [c.value for c in Category]


class Tuned(World):
    name = "tuned"
    role = "tuned"
    about = "appraiser.library.synthetic: the generator the engine was tuned on"
    seed_base = 20_000_000
    defects = synthetic.DEFECTS

    def catalogue(self, count: int, seed: int) -> tuple[list[Entry], list[Entry]]:
        rng = np.random.default_rng(seed)
        library: list[Entry] = []
        unknown: list[Entry] = []
        product = 0
        while len(library) < count:
            spec = synthetic.make_spec(
                self.seed_base + seed * 1_000_003 + product,
                CATEGORIES[product % len(CATEGORIES)],
                "EU",
            )
            size = min(int(rng.choice([1, 1, 1, 1, 2, 3])), count - len(library))
            regions = rng.choice(synthetic.REGIONS, size, replace=False)
            versions = [
                Entry(
                    f"P{product:06d}-{r}",
                    s.brand,
                    s.model,
                    s.category,
                    s.region,
                    s.gtin,
                    s,
                    "flat",
                    product,
                    size,
                )
                for r, s in (
                    (str(r), synthetic.sibling(spec, str(r), i)) for i, r in enumerate(regions)
                )
            ]
            if product % 7 == 6:
                unknown.append(versions[0])
            else:
                library.extend(versions)
            product += 1
        if not unknown:
            spec = synthetic.make_spec(self.seed_base + seed * 1_000_003 + product, "bags", "EU")
            unknown.append(
                Entry(
                    f"P{product:06d}-EU",
                    spec.brand,
                    spec.model,
                    spec.category,
                    "EU",
                    spec.gtin,
                    spec,
                    "flat",
                    product,
                    1,
                )
            )
        return library, unknown

    def reference(self, entry: Entry) -> np.ndarray:
        return synthetic.render(entry.design)

    def photograph(self, item, surface: str, seed: int, hard: float = 1.0):
        photo, _ = synthetic.photograph(synthetic.render(item), seed, hard)
        return photo, [], "synthetic"

    def queries(self, library, unknown, counts, seed, hard: float = 1.0) -> list[Query]:
        genuine, fakes, strangers = counts
        rng = np.random.default_rng(seed)
        with_sibs = [v for v in library if v.siblings > 1] or library
        out: list[Query] = []
        for i in range(genuine):
            v = (with_sibs if i % 2 else library)[
                int(rng.integers(len(with_sibs if i % 2 else library)))
            ]
            photo, _, _ = self.photograph(v.design, "flat", seed * 7919 + i, hard)
            out.append(Query("genuine", v.id, v.siblings > 1, None, None, photo, [], "synthetic"))
        for i in range(fakes):
            v = library[int(rng.integers(len(library)))]
            defect = self.defects[i % len(self.defects)]
            art = synthetic.render(v.design)
            fake = synthetic.render(synthetic.counterfeit(v.design, defect, seed + i))
            photo, _ = synthetic.photograph(fake, seed * 104_729 + i, hard)
            box = synthetic.defect_box(art, fake)
            out.append(
                Query("counterfeit", v.id, v.siblings > 1, defect, box, photo, [], "synthetic")
            )
        for i in range(strangers if unknown else 0):
            v = unknown[int(rng.integers(len(unknown)))]
            photo, _, _ = self.photograph(v.design, "flat", seed * 31 + i, hard)
            out.append(Query("unknown", None, False, None, None, photo, [], "synthetic"))
        return out

    def write_pack(self, folder: Path, entries: list[Entry]) -> Path:
        return write_pack(
            folder, [e.design for e in entries], name="world tuned", ids=[e.id for e in entries]
        )
