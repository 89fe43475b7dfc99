"""Synthetic data for the matching benchmark: a catalogue with regional siblings, its
pack (cached under /tmp between runs) and bench photos of genuine and counterfeit items."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from appraiser.domain.enums import Category
from appraiser.library import synthetic
from appraiser.library.demo import write_pack
from appraiser.library.synthetic import ProductSpec

CACHE = Path("/tmp/appraiser-bench-cache")
SEED_BASE = 20_000_000
CATEGORIES = [c.value for c in Category]


@dataclass
class Version:
    id: str
    spec: ProductSpec
    group: int  # products sharing a group are regional siblings
    siblings: int  # how many versions the group has


@dataclass
class Query:
    kind: str  # "genuine" or "counterfeit"
    truth: str
    sibling: bool
    defect: str | None
    box: tuple[int, int, int, int] | None  # defect box in reference pixels
    photo: np.ndarray


def catalogue(count: int, seed: int) -> list[Version]:
    """``count`` versions; about a third of the products come in 2-3 regional variants."""
    rng = np.random.default_rng(seed)
    out: list[Version] = []
    product = 0
    while len(out) < count:
        spec = synthetic.make_spec(
            SEED_BASE + seed * 1_000_003 + product, CATEGORIES[product % len(CATEGORIES)], "EU"
        )
        size = int(rng.choice([1, 1, 1, 1, 2, 3]))
        size = min(size, count - len(out))
        regions = rng.choice(synthetic.REGIONS, size, replace=False)
        for i, region in enumerate(regions):
            variant = (
                synthetic.sibling(spec, str(region), i)
                if i
                else synthetic.sibling(spec, str(region), 0)
            )
            out.append(Version(f"P{product:06d}-{region}", variant, product, size))
        product += 1
    return out


def cached(folder: Path, render: Callable[[Path], object]) -> Path:
    """``folder`` (a pack with its ``manifest.json``), rendered by ``render`` once and
    reused. It is written under a name of this process's own and moved into place
    whole, so two benchmark runs at once never write into one folder or read a half
    one; whichever finishes second drops its copy (one seed renders one pack)."""
    if (folder / "manifest.json").exists():
        return folder
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.part")
    shutil.rmtree(tmp, ignore_errors=True)
    render(tmp)
    try:
        tmp.rename(folder)
    except OSError:  # another run put the same pack in place first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def pack(versions: list[Version], seed: int) -> Path:
    """The pack folder for this catalogue, rendered once and reused from the cache."""

    def render(target: Path) -> None:
        print(f"rendering pack of {len(versions)} versions", file=sys.stderr, flush=True)
        write_pack(
            target,
            [v.spec for v in versions],
            name=f"bench {len(versions)}",
            ids=[v.id for v in versions],
        )

    return cached(CACHE / f"pack-{len(versions)}-{seed}", render)


def queries(versions: list[Version], genuine: int, fakes: int, seed: int) -> list[Query]:
    """Genuine photos (half of them of versions with siblings) and seeded counterfeits."""
    rng = np.random.default_rng(seed)
    with_sibs = [v for v in versions if v.siblings > 1]
    out = []
    for i in range(genuine):
        pool = with_sibs if (i % 2 and with_sibs) else versions
        v = pool[int(rng.integers(len(pool)))]
        photo, _ = synthetic.photograph(synthetic.render(v.spec), seed * 7919 + i)
        out.append(Query("genuine", v.id, v.siblings > 1, None, None, photo))
    for i in range(fakes):
        v = versions[int(rng.integers(len(versions)))]
        defect = synthetic.DEFECTS[i % len(synthetic.DEFECTS)]
        art = synthetic.render(v.spec)
        fake = synthetic.render(synthetic.counterfeit(v.spec, defect, seed + i))
        photo, _ = synthetic.photograph(fake, seed * 104_729 + i)
        out.append(
            Query(
                "counterfeit", v.id, v.siblings > 1, defect, synthetic.defect_box(art, fake), photo
            )
        )
    return out
