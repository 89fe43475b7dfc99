"""The local-feature voting shortlist (issue 13): votes, persistence, the IVF switch,
and the active filter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appraiser.matching import votes
from appraiser.matching.features import Features


def _features(rng: np.random.Generator, n: int = 300) -> Features:
    raw = rng.integers(0, 60, (n, 128)).astype(np.uint8)
    return Features(rng.random((n, 2)).astype(np.float32) * 500, raw, (500, 500))


def _noisy(feats: Features, rng: np.random.Generator, keep: int = 150) -> np.ndarray:
    """A 'photo' of an image: half its descriptors, each slightly disturbed."""
    pick = rng.choice(len(feats.raw), keep, replace=False)
    noise = rng.integers(-3, 4, (keep, 128))
    return np.clip(feats.raw[pick].astype(int) + noise, 0, 255).astype(np.uint8)


def _library(rng: np.random.Generator, count: int) -> dict[int, Features]:
    return {100 + i: _features(rng) for i in range(count)}


def test_the_photographed_image_gets_the_most_votes(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    lib = _library(rng, 30)
    index = votes.LocalIndex(tmp_path)
    index.add(list(lib), list(lib.values()))
    for image_id in (100, 117, 129):
        assert index.vote(_noisy(lib[image_id], rng)).ranked(1) == [image_id]


def test_descriptors_every_image_shares_carry_no_weight(tmp_path: Path) -> None:
    """A brand element printed on every artwork must not pull a photo toward any one."""
    rng = np.random.default_rng(2)
    shared = _features(rng, 200).raw
    lib = {}
    for i in range(12):
        own = _features(rng, 100)
        lib[i + 1] = Features(own.points, np.vstack([shared, own.raw]), own.size)
    index = votes.LocalIndex(tmp_path)
    index.add(list(lib), list(lib.values()))
    only_shared = index.vote(shared[:150])
    mixed = index.vote(np.vstack([shared[:150], _noisy(lib[5], rng, keep=30)]))
    assert mixed.ranked(1) == [5]
    assert max(only_shared.scores.values(), default=0) < 0.2 * mixed.scores[5]


def test_the_index_survives_a_restart_and_becomes_an_ivf_when_large(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(votes, "FLAT_MAX", 3000)
    rng = np.random.default_rng(3)
    lib = _library(rng, 40)  # 12,000 descriptors: past the (patched) flat limit
    index = votes.LocalIndex(tmp_path)
    ids = list(lib)
    index.add(ids[:5], [lib[i] for i in ids[:5]])
    index.add(ids[5:], [lib[i] for i in ids[5:]])
    index.save()
    reopened = votes.LocalIndex.open(tmp_path)
    assert reopened.index.ntotal == 12_000
    assert reopened.trained_at >= 12_000
    assert reopened.image_ids == set(ids)
    hits = [reopened.vote(_noisy(lib[i], rng)).ranked(1) == [i] for i in ids[::4]]
    assert all(hits)


def test_inactive_images_get_no_votes(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    lib = _library(rng, 6)
    index = votes.LocalIndex(tmp_path)
    index.add(list(lib), list(lib.values()))
    photo = _noisy(lib[102], rng)
    assert index.vote(photo).ranked(1) == [102]
    index.active = set(lib) - {102}
    assert 102 not in index.vote(photo).scores


def test_an_empty_index_votes_for_nothing(tmp_path: Path) -> None:
    result = votes.LocalIndex(tmp_path).vote(np.zeros((5, 128), np.uint8))
    assert result.scores == {} and result.ranked(3) == []


def test_a_large_index_holds_fast_scan_codes_and_still_votes_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 item 6: past PQ_MIN descriptors the cells hold 4-bit PQ codes (16 bytes a
    descriptor), reopened as such, and the photographed image still gets the most votes."""
    import faiss

    monkeypatch.setattr(votes, "FLAT_MAX", 3000)
    monkeypatch.setattr(votes, "PQ_MIN", 6000)
    rng = np.random.default_rng(5)
    lib = _library(rng, 40)  # 12,000 descriptors
    index = votes.LocalIndex(tmp_path)
    index.add(list(lib), list(lib.values()))
    index.save()
    reopened = votes.LocalIndex.open(tmp_path)
    ivf = faiss.downcast_index(faiss.extract_index_ivf(reopened.index))
    assert isinstance(ivf, faiss.IndexIVFPQFastScan)
    assert ivf.code_size == 16
    hits = [reopened.vote(_noisy(lib[i], rng)).ranked(1) == [i] for i in list(lib)[::4]]
    assert all(hits)


def test_fitting_the_cells_prints_no_warning(capfd: pytest.CaptureFixture[str]) -> None:
    """Black-box tester's finding: every import printed faiss's "WARNING clustering …
    please provide at least …" on stderr, because the cells are fitted on 32 points each
    by design."""
    rng = np.random.default_rng(2)
    sample = rng.normal(size=(256 * 32, votes.DIM)).astype(np.float32)
    index = votes._ivf(sample, total=7000)
    assert index.is_trained
    assert "WARNING" not in capfd.readouterr().err
