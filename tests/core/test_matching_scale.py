"""Speed and scale (issue 13 item 6): single-threaded matching kernels, and distractor
libraries for the scale bench that cluster like real ones (brands × near-identical
products × regional siblings), not Gaussian noise."""

from __future__ import annotations

import itertools
import threading

import faiss
import numpy as np
from threadpoolctl import threadpool_info

from appraiser.bench import matching_distractors as distractors
from appraiser.matching import threads
from appraiser.matching.features import Features


def test_matching_kernels_run_on_one_thread_each() -> None:
    threads.limit_kernels()
    blas = [p for p in threadpool_info() if p["user_api"] == "blas"]
    assert blas and all(p["num_threads"] == 1 for p in blas)
    assert faiss.omp_get_max_threads() == 1


def test_every_thread_that_matches_searches_on_one_thread() -> None:
    """OpenMP keeps its thread count per calling thread: the GUI opens the library on
    one worker thread and matches on others, which searched faiss on every core."""
    threads.limit_kernels()
    seen: list[int] = []

    def match() -> None:
        threads.limit_kernels()  # what every vote does first
        seen.append(faiss.omp_get_max_threads())

    worker = threading.Thread(target=match)
    worker.start()
    worker.join()
    assert seen == [1]


def _art(rng: np.random.Generator, n: int = 400) -> Features:
    points = (rng.random((n, 2)) * [600, 400]).astype(np.float32)
    return Features(points, rng.integers(0, 120, (n, 128)).astype(np.uint8), (600, 400))


def _shared(a: Features, b: Features) -> float:
    """Share of a's descriptors with a near copy in b (SIFT noise well under 10/bin)."""
    gap = np.abs(a.raw[:, None, :].astype(np.int16) - b.raw[None, :, :].astype(np.int16)).max(
        axis=2
    )
    return float((gap.min(axis=1) <= 20).mean())


def test_quarter_turns_and_mirrors_are_a_dihedral_group_of_the_descriptor() -> None:
    raw = np.random.default_rng(0).integers(0, 255, (5, 128)).astype(np.uint8)
    four = raw
    for _ in range(4):
        four = distractors._turn(four, 1)
    assert np.array_equal(four, raw)
    assert np.array_equal(distractors._turn(distractors._turn(raw, 4), 4), raw)
    assert not np.array_equal(distractors._turn(raw, 1), raw)
    assert sorted(distractors._turn(raw, 6)[0]) == sorted(raw[0])  # a permutation


def test_distractors_cluster_by_brand_and_siblings_nearly_match() -> None:
    rng = np.random.default_rng(3)
    bases = [distractors.Base(f"{i:064x}", _art(rng)) for i in range(12)]
    made = list(distractors.generate(bases, 120, seed=7))
    assert len(made) == 120
    assert len({d.version_id for d in made}) == 120
    brand = [d for d in made if d.brand == made[0].brand]
    products = {}
    for d in brand:
        products.setdefault(d.model, []).append(d)
    mates = [group[0] for group in products.values()]
    assert len(mates) >= 10  # a brand has many products
    # brand-mates share the house style's descriptors outside the product's own area
    pairs = [_shared(a.feats, b.feats) for a, b in itertools.pairwise(mates)]
    assert 0.25 < np.mean(pairs) < 0.8
    siblings = next(g for g in products.values() if len(g) > 1)
    # regional siblings differ only in a small block
    assert _shared(siblings[0].feats, siblings[1].feats) > 0.85
    # other brands share little
    stranger = next(d for d in made if d.brand != made[0].brand and d.base is not made[0].base)
    assert _shared(mates[0].feats, stranger.feats) < 0.1


def test_distractors_are_the_same_for_the_same_seed() -> None:
    rng = np.random.default_rng(4)
    bases = [distractors.Base(f"{i:064x}", _art(rng, 100)) for i in range(4)]
    one = [d.feats.raw for d in distractors.generate(bases, 30, seed=2)]
    two = [d.feats.raw for d in distractors.generate(bases, 30, seed=2)]
    assert all(np.array_equal(a, b) for a, b in zip(one, two, strict=True))
