"""The whole engine at library scale (``python -m appraiser.bench scale``).

1. *Real part*: the tuning worlds' libraries (never the held-out one) are rendered,
   imported with the real importer (import versions/s, wall and CPU) and photographed.
2. *Distractors* fill the library up to each size (``matching_distractors``: brands ×
   near-identical products × regional siblings made from the real artworks' features).
   The global VLAD index gets the house style's vector for each (the engine does not
   shortlist with it; it only has to be complete so opening the library does not
   recompute it).
3. The voting index is brought up to date the way a station does after an import
   (``votes.open_local``; timed).
4. A *fresh process* (``matching_probe``) opens the library and matches genuine photos of
   the real versions: per-photo wall and CPU ms (p50/p99), recall@1, whether the true
   image was in the voting shortlist, the load average around it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

from appraiser.bench import matching_distractors as distractors
from appraiser.bench import worlds
from appraiser.bench.matching_metrics import percentiles, share
from appraiser.imaging import load_image
from appraiser.library import store as lib_store
from appraiser.library.importer import import_pack
from appraiser.matching import features, globaldesc, votes
from appraiser.matching.engine import SHORTLIST_MAX
from appraiser.matching.index import GlobalIndex
from appraiser.paths import DataDir
from appraiser.storage.db import Store

CHUNK = 2000


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _load() -> list[float]:
    return [round(x, 1) for x in os.getloadavg()]


def import_real(store: Store, data: DataDir, names: list[str], versions: int, seed: int):
    """Import each tuning world's pack; returns (import figures, real libraries)."""
    from appraiser.bench.matching import _pack

    figures, libraries = {}, {}
    for name in names:
        world = worlds.WORLDS[name]
        assert name != worlds.HELD_OUT, "the held-out world is never a scale base"
        library, unknown = world.catalogue(versions, seed)
        pack = _pack(world, library, seed)
        wall, cpu = time.perf_counter(), time.process_time()
        report = import_pack(store, data, pack, "bench")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        figures[name] = {
            "versions": report.versions,
            "seconds": round(wall, 1),
            "cpu_s": round(cpu, 1),
            "versions_per_s": round(report.versions / wall, 1),
            "versions_per_cpu_s": round(report.versions / cpu, 1),
            "load_average": _load(),
        }
        _say(f"[scale] imported {name}: {figures[name]}")
        libraries[name] = (world, library, unknown)
    return figures, libraries


def photograph(libraries: dict, per_world: int, seed: int, work: Path) -> dict:
    """Genuine photos of the real versions, written as JPEG for the fresh process (kept
    in ``work`` and reused by a later run on the same folder)."""
    saved = work / "photos.json"
    if saved.exists():
        return json.loads(saved.read_text())
    photos, truths = [], []
    for name, (world, library, unknown) in libraries.items():
        for i, q in enumerate(world.queries(library, unknown, (per_world, 0, 0), seed + 17)):
            path = work / f"photo-{name}-{i}.jpg"
            cv2.imwrite(str(path), q.photo, [cv2.IMWRITE_JPEG_QUALITY, 92])
            photos.append(str(path))
            truths.append(q.truth)
    saved.write_text(json.dumps({"photos": photos, "truths": truths}))
    return {"photos": photos, "truths": truths}


def _bases(store: Store, data: DataDir) -> list[distractors.Base]:
    root = lib_store.features_root(data)
    rows = store.query(
        "SELECT i.sha256 FROM reference_images i JOIN reference_versions v"
        " ON v.id = i.version_row WHERE v.pack_name != 'distractors' ORDER BY i.id"
    )
    return [
        distractors.Base(r["sha256"], features.load(features.feature_path(root, r["sha256"])))
        for r in rows
    ]


def grow(store: Store, data: DataDir, bases: list, target: int, seed: int) -> dict:
    """Add distractors until the library holds ``target`` versions."""
    have = store.one("SELECT count(*) AS n FROM reference_versions")["n"]
    need = max(0, target - have)
    index = GlobalIndex.open(lib_store.index_folder(data))
    house = {b.sha256: globaldesc.describe(b.feats.root) for b in bases}
    started = time.perf_counter()
    batch: list = []
    for item in distractors.generate(bases, need, seed + target):
        batch.append(item)
        if len(batch) == CHUNK:
            _write(store, data, index, house, batch)
            have += len(batch)
            batch = []
            _say(f"[scale] distractors: library at {have} of {target} versions")
    if batch:
        _write(store, data, index, house, batch)
    return {"distractors_added": need, "generate_s": round(time.perf_counter() - started, 1)}


def _write(store, data, index: GlobalIndex, house: dict, batch: list) -> None:
    rows = distractors.write(store, data, batch)
    vectors = np.stack([house[item.base.sha256] for item in batch])
    version_rows = [
        r["version_row"]
        for r in store.query(
            f"SELECT version_row FROM reference_images WHERE id IN "
            f"({','.join(str(i) for i, _ in rows)}) ORDER BY id"
        )
    ]
    index.add(np.array([i for i, _ in rows]), np.array(version_rows), vectors)


def shortlist_run(store: Store, data: DataDir, job: dict, total: int) -> dict:
    """The global index alone at ``total`` versions: the real images' vectors plus
    clustered distractors (``_distractors``), searched with the photos' vectors."""
    index = GlobalIndex.open(lib_store.index_folder(data))
    rows = store.query(
        "SELECT i.id, v.version_id FROM reference_images i JOIN reference_versions v"
        " ON v.id = i.version_row WHERE v.pack_name != 'distractors'"
    )
    real = np.isin(index.image_ids, [r["id"] for r in rows])
    image_of = {r["version_id"]: r["id"] for r in rows}
    queries = [
        globaldesc.describe(features.extract_query(load_image(p)).root) for p in job["photos"]
    ]
    truths = [image_of[t] for t in job["truths"]]
    return run_scale(index.vectors[real], index.image_ids[real], queries, truths, total)


def reindex(store: Store, data: DataDir) -> dict:
    """The voting index brought up to date as after an import (timed)."""
    wall, cpu = time.perf_counter(), time.process_time()
    local = votes.open_local(store, data)
    return {
        "index_s": round(time.perf_counter() - wall, 1),
        "index_cpu_s": round(time.process_time() - cpu, 1),
        "descriptors": int(local.index.ntotal),
        "index_file_mb": round((local.folder / "index.faiss").stat().st_size / 2**20, 1),
    }


def probe(data: DataDir, job: dict, work: Path) -> dict:
    """Match the photos in a fresh process; its figures."""
    path = work / "job.json"
    path.write_text(json.dumps(job))
    before = _load()
    out = subprocess.run(
        [sys.executable, "-m", "appraiser.bench.matching_probe", str(data.root), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [json.loads(x) for x in out.stdout.splitlines() if x.startswith("{")]
    rows, opened = lines[:-1], lines[-1]
    return {
        **opened,
        "photos": len(rows),
        "wall_ms": percentiles([r["ms"] for r in rows]),
        "cpu_ms": percentiles([r["cpu_ms"] for r in rows]),
        "recall_at_1": share([r["top1"] == r["truth"] for r in rows]),
        "true_image_shortlisted": share([r["shortlisted"] for r in rows]),
        "no_match": share([r["suggestion"] == "no_match" for r in rows]),
        "load_average_before": before,
        "load_average_after": _load(),
    }


# -- index-only: the global index at 600,000 versions (``--shortlist N``) -------------------
TOP = 8  # the engine verifies the shortlist best first and rarely goes past this


def _distractors(real: np.ndarray, count: int, seed: int) -> np.ndarray:
    """Global vectors that cluster like a real library (not Gaussian noise): brands of
    10–40 products of 1–3 regional versions; a product mixes its brand's house style (a
    real image's vector) with another real image's (its own content), a sibling adds a
    little of a third, every copy a little noise. A house style mixes two real images'
    vectors, so each brand has its own (with a few hundred real images, houses copied
    verbatim would put thousands of near-copies around every true image — a library
    made of clones, not a large one)."""
    rng = np.random.default_rng(seed)
    data = real.astype(np.float32)
    out = np.empty((count, real.shape[1]), np.float16)
    made = 0
    while made < count:
        mix = rng.uniform(0.5, 0.8)
        house = mix * data[rng.integers(len(data))] + (1 - mix) * data[rng.integers(len(data))]
        for _ in range(int(rng.integers(10, 41))):
            share = rng.uniform(0.3, 0.6)
            product = (1 - share) * house + share * data[rng.integers(len(data))]
            for region in range(int(rng.integers(1, 4))):
                if made >= count:
                    return out
                vec = product + (0.1 * data[rng.integers(len(data))] if region else 0)
                vec = vec + rng.normal(0, 0.02, vec.shape)
                out[made] = vec / np.linalg.norm(vec)
                made += 1
    return out


def run_scale(
    real_vectors: np.ndarray,
    real_ids: np.ndarray,
    queries: list[np.ndarray],
    truths: list[int],
    total: int,
    seed: int = 5,
) -> dict:
    """Fill an index to ``total`` vectors, train its cells, time the shortlist."""
    with tempfile.TemporaryDirectory(prefix="appraiser-scale-") as folder:
        index = GlobalIndex(Path(folder))
        fill = total - len(real_vectors)
        print(
            f"scale: {fill} distractors + {len(real_vectors)} real vectors",
            file=sys.stderr,
            flush=True,
        )
        vectors = np.concatenate(
            [_distractors(real_vectors, fill, seed), real_vectors.astype(np.float16)]
        )
        ids = np.concatenate([np.arange(fill) + 10**9, real_ids])
        started = time.perf_counter()
        index.add(ids, ids, vectors)  # trains the inverted file on the way
        build_s = time.perf_counter() - started
        latencies, found, found_max, exact = [], [], [], []
        dense = None
        for vector, truth in zip(queries, truths, strict=True):
            t0 = time.perf_counter()
            hits = index.search(vector, SHORTLIST_MAX)
            latencies.append((time.perf_counter() - t0) * 1000)
            found.append(truth in {h.image_id for h in hits[:TOP]})
            found_max.append(truth in {h.image_id for h in hits})
            if dense is None:
                dense = vectors.astype(np.float32)
            sims = dense @ vector
            exact.append(truth in set(ids[np.argpartition(-sims, TOP)[:TOP]]))
        return {
            "versions": total,
            "index_ram_mb": round(index.ram_bytes() / 2**20, 1),
            "cells": 0 if index.centres is None else len(index.centres),
            "build_s": round(build_s, 1),
            "shortlist_ms": percentiles(latencies),
            "true_image_in_shortlist": round(float(np.mean(found)), 4),
            "true_image_in_extended_shortlist": round(float(np.mean(found_max)), 4),
            "true_image_in_exhaustive_top8": round(float(np.mean(exact)), 4),
        }
