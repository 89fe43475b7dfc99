"""Index-only scale run: the global index at 600,000 versions.

Rendering and importing 600k products is out of reach on a bench PC, so the index is
filled with the library's real vectors plus distractors drawn from the same distribution
(Gaussian with the real vectors' mean and covariance, re-normalised). The real photos' vectors are
then searched: shortlist latency, whether the true image survives the shortlist, RAM.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from appraiser.bench.matching_metrics import percentiles
from appraiser.matching.engine import SHORTLIST_MAX
from appraiser.matching.index import GlobalIndex

TOP = 8  # the engine verifies the shortlist best first and rarely goes past this


def _distractors(real: np.ndarray, count: int, seed: int) -> np.ndarray:
    """Vectors with the mean and covariance of the real ones: other products, as far from
    any real reference as real products are from each other."""
    rng = np.random.default_rng(seed)
    data = real.astype(np.float64)
    mean = data.mean(0)
    cov = np.cov(data - mean, rowvar=False) + 1e-6 * np.eye(data.shape[1])
    factor = np.linalg.cholesky(cov)
    out = np.empty((count, real.shape[1]), np.float16)
    for start in range(0, count, 50_000):
        n = min(50_000, count - start)
        draw = mean + rng.normal(size=(n, real.shape[1])) @ factor.T
        out[start : start + n] = draw / np.linalg.norm(draw, axis=1, keepdims=True)
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
