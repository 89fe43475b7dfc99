"""The compact global descriptor: VLAD over reduced RootSIFT, PCA-whitened to 128-D.

One 128-D float16 vector per reference image is 256 bytes, so 600,000 versions fit in
~160 MB of RAM. The model (descriptor PCA, a 64-word codebook, VLAD PCA-whitening, 1 MB)
is trained by ``python -m appraiser.matching.train`` on 1,500 synthetic products and
shipped in ``resources/matching/vlad.npz``; its fingerprint is recorded in the index.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from appraiser.paths import resource

DIM = 128
MODEL_PATH = resource("matching", "vlad.npz")


@dataclass(frozen=True)
class VladModel:
    mean: np.ndarray  # (128,) RootSIFT mean
    proj: np.ndarray  # (128, d) descriptor PCA
    words: np.ndarray  # (k, d) codebook
    vmean: np.ndarray  # (k*d,) VLAD mean
    vproj: np.ndarray  # (k*d, DIM) PCA-whitening

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> VladModel:
        with np.load(path) as data:
            return cls(
                *(
                    data[name].astype(np.float32)
                    for name in ("mean", "proj", "words", "vmean", "vproj")
                )
            )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            mean=self.mean,
            proj=self.proj,
            words=self.words,
            vmean=self.vmean,
            vproj=self.vproj.astype(np.float16),
        )


@functools.cache
def default_model() -> VladModel:
    return VladModel.load()


@functools.cache
def model_id(path: Path = MODEL_PATH) -> str:
    """A fingerprint of the shipped model: vectors made by another model are not
    comparable, so an index records the one its vectors came from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def reduce(model: VladModel, root: np.ndarray) -> np.ndarray:
    return (root - model.mean) @ model.proj


def raw_vlad(words: np.ndarray, reduced: np.ndarray) -> np.ndarray:
    """Residual sums per word, intra-normalised, signed square root, L2 (Jégou/Arandjelović)."""
    k, d = words.shape
    vlad = np.zeros((k, d), np.float32)
    if len(reduced):
        dist = (reduced**2).sum(1)[:, None] - 2 * reduced @ words.T + (words**2).sum(1)[None]
        nearest = dist.argmin(1)
        np.add.at(vlad, nearest, reduced - words[nearest])
    vlad /= np.linalg.norm(vlad, axis=1, keepdims=True) + 1e-7
    vlad = np.sign(vlad) * np.sqrt(np.abs(vlad))
    flat = vlad.ravel()
    return flat / (np.linalg.norm(flat) + 1e-7)


def describe(root: np.ndarray, model: VladModel | None = None) -> np.ndarray:
    """The 128-D unit vector of one image from its RootSIFT descriptors."""
    model = model or default_model()
    vlad = raw_vlad(model.words, reduce(model, root))
    out = (vlad - model.vmean) @ model.vproj
    return (out / (np.linalg.norm(out) + 1e-7)).astype(np.float32)
