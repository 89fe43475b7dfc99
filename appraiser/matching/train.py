"""Train the global-descriptor model on synthetic products and write it to resources.

``python -m appraiser.matching.train [--products N]``. Seeds are drawn from a range the
demo, the tests and the benchmark never use, so the benchmark measures unseen products.
The whitening is learned from (artwork, photo) pairs: it shrinks the directions in which
a photo differs from its own artwork and keeps those that separate products.
"""

from __future__ import annotations

import argparse
import sys

import cv2
import numpy as np

from appraiser.library import synthetic
from appraiser.matching import features, globaldesc
from appraiser.matching.globaldesc import DIM, VladModel

TRAIN_SEED_BASE = 900_000_000
DESC_DIM = 64
WORDS = 64


def _samples(products: int) -> list[tuple[np.ndarray, list[np.ndarray]]]:
    out = []
    for i in range(products):
        spec = synthetic.make_spec(TRAIN_SEED_BASE + i, "bags", synthetic.REGIONS[i % 8])
        art = synthetic.render(spec)
        shots = [synthetic.photograph(art, TRAIN_SEED_BASE + 7 * i + j)[0] for j in range(2)]
        out.append(
            (
                features.extract(art).root,
                [features.extract_query(s).root for s in shots],
            )
        )
        if i % 100 == 0:
            print(f"features {i}/{products}", file=sys.stderr, flush=True)
    return out


def _kmeans(data: np.ndarray, k: int) -> np.ndarray:
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 50, 1e-4)
    cv2.setRNGSeed(1)
    _, _, centres = cv2.kmeans(data.astype(np.float32), k, None, criteria, 3, cv2.KMEANS_PP_CENTERS)
    return centres


def _inv_sqrt(cov: np.ndarray, shrink: float) -> np.ndarray:
    values, vectors = np.linalg.eigh(cov)
    values = np.maximum(values, 0) + shrink * values.mean()
    return vectors @ np.diag(values**-0.5) @ vectors.T


def train(products: int) -> VladModel:
    samples = _samples(products)
    pool = np.concatenate([a for a, _ in samples] + [s[0] for _, s in samples])
    rng = np.random.default_rng(0)
    pool = pool[rng.choice(len(pool), min(len(pool), 150_000), replace=False)]
    mean = pool.mean(0)
    _, _, vt = np.linalg.svd(pool - mean, full_matrices=False)
    proj = vt[:DESC_DIM].T.astype(np.float32)
    words = _kmeans((pool - mean) @ proj, WORDS)
    partial = VladModel(mean, proj, words, np.zeros(1), np.zeros(1))

    def vlad(root: np.ndarray) -> np.ndarray:
        return globaldesc.raw_vlad(words, globaldesc.reduce(partial, root))

    arts = np.stack([vlad(a) for a, _ in samples])
    shots = [np.stack([vlad(s) for s in group]) for _, group in samples]
    vmean = arts.mean(0)
    diffs = np.concatenate([group - art for art, group in zip(arts, shots, strict=True)])
    within = _inv_sqrt(diffs.T @ diffs / len(diffs), shrink=0.2)
    spread = (arts - vmean) @ within
    _, _, vt2 = np.linalg.svd(spread, full_matrices=False)
    vproj = (within @ vt2[:DIM].T).astype(np.float32)
    return VladModel(mean.astype(np.float32), proj, words, vmean.astype(np.float32), vproj)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=1500)
    parser.add_argument("--out", default=str(globaldesc.MODEL_PATH))
    args = parser.parse_args()
    model = train(args.products)
    from pathlib import Path

    model.save(Path(args.out))
    print(f"model written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
