"""Distractor versions for the scale runs, synthesised from real rendered artwork.

Rendering and importing 100,000 products takes hours on a bench PC, so the scale runs
import a few hundred real versions from the tuning worlds (rendered, photographed,
imported with the real importer) and fill the library up to its size with distractors
made from their *features*. Distractors cluster the way real libraries do, not like
Gaussian noise:

* a **brand** takes one real artwork as its house style (header, emblem, border, font),
  its descriptors under one of eight flips/quarter-turns (below), so one in eight brands
  built on a bench photo's own artwork shares it exactly;
* each of its **products** keeps the house style's keypoints and descriptors except in
  one rectangle (30–60 % of the area), where another real artwork's features are pasted
  in (the product's own picture and text), their descriptors under one of the eight
  flips and quarter-turns of SIFT's 4×4×8 layout (the descriptors of that patch mirrored
  or rotated: a few hundred real artworks then give thousands of distinct products);
* each product has 1–3 **regional siblings** that differ again only in one small
  rectangle (5–10 % of the area), like a region's legal text or barcode;
* every copy gets a little descriptor noise (SIFT values ±3) and keypoint jitter, as two
  prints of one design differ.

So the true version of a bench photo competes with distractors that share most of its
artwork: brand-mates built on its own house style, siblings of those. What is *not*
real: a distractor has no image of its own — its reference image is a hard link to its
house style's image, so should one ever win it is compared against that. Rows go into
the database without audit events (bench data only; ``audit verify`` would flag them).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from appraiser.library import store as lib_store
from appraiser.matching import features
from appraiser.paths import DataDir
from appraiser.storage.db import Store

NOISE = 3.0  # SIFT units (values run to ~150): two prints of one design
JITTER_PX = 0.7


@dataclass
class Base:
    """A real reference image: its features and where its image lives."""

    sha256: str
    feats: features.Features


@dataclass
class Distractor:
    version_id: str
    brand: str
    model: str
    region: str
    base: Base  # the house style (its image stands in for the distractor's)
    feats: features.Features


def _rect(rng: np.random.Generator, size: tuple[int, int], share: float) -> np.ndarray:
    """A random rectangle covering about ``share`` of the image: (x0, y0, x1, y1)."""
    w, h = size
    aspect = rng.uniform(0.5, 2.0)
    rw = min(w, np.sqrt(share * w * h * aspect))
    rh = min(h, share * w * h / max(rw, 1.0))
    x0, y0 = rng.uniform(0, w - rw), rng.uniform(0, h - rh)
    return np.array([x0, y0, x0 + rw, y0 + rh])


def _inside(points: np.ndarray, rect: np.ndarray) -> np.ndarray:
    return (
        (points[:, 0] >= rect[0])
        & (points[:, 0] < rect[2])
        & (points[:, 1] >= rect[1])
        & (points[:, 1] < rect[3])
    )


def _turn(raw: np.ndarray, variant: int) -> np.ndarray:
    """SIFT descriptors (4×4 cells × 8 orientation bins) of the patch turned by
    ``variant % 4`` quarter-turns, mirrored when ``variant >= 4``."""
    grid = raw.reshape(-1, 4, 4, 8)
    turns = variant % 4
    grid = np.rot90(grid, turns, axes=(1, 2))
    grid = np.roll(grid, 2 * turns, axis=3)
    if variant >= 4:
        grid = grid[:, :, ::-1, :]
        grid = grid[:, :, :, (8 - np.arange(8)) % 8]
    return np.ascontiguousarray(grid.reshape(-1, 128))


def _paste(
    rng: np.random.Generator, host: features.Features, donor: features.Features, share: float
) -> features.Features:
    """The host's features with one rectangle's replaced by the donor's (donor keypoints
    scaled into the host's frame)."""
    rect = _rect(rng, host.size, share)
    variant = int(rng.integers(8))
    keep = ~_inside(host.points, rect)
    scale = np.float32([host.size[0] / donor.size[0], host.size[1] / donor.size[1]])
    moved = donor.points * scale
    take = _inside(moved, rect)
    points = np.concatenate([host.points[keep], moved[take]])
    raw = np.concatenate([host.raw[keep], _turn(donor.raw[take], variant)])
    return features.Features(points.astype(np.float32), raw, host.size)


def _print_copy(rng: np.random.Generator, feats: features.Features) -> features.Features:
    """One print of a design: descriptor noise and keypoint jitter."""
    raw = feats.raw.astype(np.float32) + rng.normal(0, NOISE, feats.raw.shape)
    points = feats.points + rng.normal(0, JITTER_PX, feats.points.shape)
    return features.Features(
        points.astype(np.float32), np.clip(np.round(raw), 0, 255).astype(np.uint8), feats.size
    )


def generate(bases: list[Base], count: int, seed: int) -> Iterator[Distractor]:
    """``count`` distractors: brands of 10–40 products of 1–3 regional versions each."""
    rng = np.random.default_rng(seed)
    made = 0
    brand = 0
    while made < count:
        house = bases[int(rng.integers(len(bases)))]
        style = features.Features(
            house.feats.points, _turn(house.feats.raw, int(rng.integers(8))), house.feats.size
        )
        for product in range(int(rng.integers(10, 41))):
            donor = bases[int(rng.integers(len(bases)))]
            art = _paste(rng, style, donor.feats, rng.uniform(0.3, 0.6))
            for region in range(int(rng.integers(1, 4))):
                if made >= count:
                    return
                other = bases[int(rng.integers(len(bases)))]
                local = _paste(rng, art, other.feats, rng.uniform(0.05, 0.1)) if region else art
                yield Distractor(
                    f"D{seed}-{brand:05d}-{product:02d}-{region}",
                    f"Distractor {seed}-{brand}",
                    f"Product {product}",
                    ("EU", "CN", "US")[region],
                    house,
                    _print_copy(rng, local),
                )
                made += 1
        brand += 1


def _fake_sha(version_id: str) -> str:
    return hashlib.sha256(f"distractor:{version_id}".encode()).hexdigest()


def write(store: Store, data: DataDir, items: list[Distractor]) -> list[tuple[int, str]]:
    """Feature files, image hard links and database rows for ``items``; returns their
    (image id, sha256) pairs. One transaction per call."""
    images = lib_store.images(data)
    root = lib_store.features_root(data)
    shas = []
    for item in items:
        sha = _fake_sha(item.version_id)
        features.save(item.feats, features.feature_path(root, sha))
        target = images.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(images.path(item.base.sha256), target)
        shas.append(sha)
    return _insert_rows(store, items, shas)


def _insert_rows(store: Store, items: list[Distractor], shas: list[str]) -> list[tuple[int, str]]:
    now = "2026-12-01T00:00:00Z"
    out = []
    conn = store.conn
    with store._lock:  # bench data: plain rows, no audit events (module docstring)
        conn.execute("BEGIN")
        for item, sha in zip(items, shas, strict=True):
            row = conn.execute(
                "INSERT INTO reference_versions (version_id, brand, model, category, region,"
                " gtin, attributes, pack_name, digest, active, created, changed)"
                " VALUES (?, ?, ?, 'gifts', ?, NULL, '{}', 'distractors', ?, 1, ?, ?)",
                (item.version_id, item.brand, item.model, item.region, sha, now, now),
            ).lastrowid
            image = conn.execute(
                "INSERT INTO reference_images (version_row, position, file, view, sha256,"
                " width, height, rois, created) VALUES (?, 0, ?, 'front', ?, ?, ?, '[]', ?)",
                (row, f"distractors/{item.version_id}.png", sha, *item.feats.size, now),
            ).lastrowid
            out.append((int(image), sha))
        conn.execute("COMMIT")
    return out
