"""The global index: persistence, incremental segments, removals, the inverted file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from appraiser.matching import index as index_module
from appraiser.matching.globaldesc import DIM
from appraiser.matching.index import GlobalIndex


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_search_finds_itself_and_survives_reopening(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = _unit(rng, 300)
    index = GlobalIndex.open(tmp_path)
    index.add(np.arange(100), np.arange(100) // 2, vectors[:100])
    index.add(np.arange(100, 300), np.arange(100, 300) // 2, vectors[100:])
    assert len(list(tmp_path.glob("seg-*.npz"))) == 2  # one segment per import
    reopened = GlobalIndex.open(tmp_path)
    assert len(reopened) == 300
    hits = reopened.search(vectors[250], k=5)
    assert hits[0].image_id == 250 and hits[0].version_row == 125
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-2)


def test_removed_versions_disappear_and_come_back(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 50)
    index = GlobalIndex.open(tmp_path)
    index.add(np.arange(50), np.arange(50), vectors)
    index.set_removed({7}, removed=True)
    assert 7 not in {h.version_row for h in GlobalIndex.open(tmp_path).search(vectors[7], 10)}
    index.set_removed({7}, removed=False)
    assert GlobalIndex.open(tmp_path).search(vectors[7], 1)[0].version_row == 7


def test_inverted_file_keeps_true_neighbours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "IVF_MIN", 2000)
    rng = np.random.default_rng(2)
    vectors = _unit(rng, 4000)
    index = GlobalIndex.open(tmp_path)
    index.add(np.arange(4000), np.arange(4000), vectors)
    assert index.centres is not None
    queries = vectors[:50] + 0.05 * _unit(rng, 50)
    found = [index.search(q, 8)[0].image_id == i for i, q in enumerate(queries)]
    assert np.mean(found) >= 0.9
    reopened = GlobalIndex.open(tmp_path)
    assert reopened.centres is not None and len(reopened) == 4000
    assert len(list(tmp_path.glob("seg-*.npz"))) == 1  # compacted after training


def test_empty_index_returns_nothing(tmp_path: Path) -> None:
    assert GlobalIndex.open(tmp_path).search(np.ones(DIM, np.float32), 5) == []


def test_an_index_of_another_descriptor_model_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors = _unit(np.random.default_rng(3), 20)
    GlobalIndex.open(tmp_path).add(np.arange(20), np.arange(20), vectors)
    assert len(GlobalIndex.open(tmp_path)) == 20  # same model: kept
    monkeypatch.setattr(index_module, "model_id", lambda: "another-model")
    reopened = GlobalIndex.open(tmp_path)
    assert len(reopened) == 0 and not list(tmp_path.glob("seg-*.npz"))
    reopened.add(np.arange(5), np.arange(5), vectors[:5])
    assert len(GlobalIndex.open(tmp_path)) == 5


def test_open_index_rebuilds_a_dropped_index_from_stored_features(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from appraiser.library import store as lib_store
    from appraiser.library.demo import build_demo_pack
    from appraiser.services.admin.station import Station
    from appraiser.services.reference import library

    station = Station.open(tmp_path / "station")
    try:
        library.import_pack(station.store, station.data, build_demo_pack(tmp_path / "p", 3), "t")
        folder = lib_store.index_folder(station.data)
        before = library.open_index(station.store, station.data)
        monkeypatch.setattr(index_module, "model_id", lambda: "another-model")
        rebuilt = library.open_index(station.store, station.data)
        assert len(rebuilt) == len(before) == 3
        assert sorted(rebuilt.image_ids.tolist()) == sorted(before.image_ids.tolist())
        assert len(list(folder.glob("seg-*.npz"))) == 1
    finally:
        station.close()


def test_an_index_from_before_models_were_recorded_is_dropped(tmp_path: Path) -> None:
    GlobalIndex.open(tmp_path).add(np.arange(4), np.arange(4), _unit(np.random.default_rng(4), 4))
    (tmp_path / "meta.json").write_text('{"removed": [], "trained_at": 0, "dim": 128}')
    assert len(GlobalIndex.open(tmp_path)) == 0


def test_segments_without_meta_are_from_an_older_model(tmp_path: Path) -> None:
    GlobalIndex.open(tmp_path).add(np.arange(4), np.arange(4), _unit(np.random.default_rng(5), 4))
    assert (tmp_path / "meta.json").exists()
    (tmp_path / "meta.json").unlink()
    assert len(GlobalIndex.open(tmp_path)) == 0
