"""Library import speed (issue 13 item 6) without changing what the matcher reads.

The importer keeps the features it makes while validating in memory and builds the
global vectors and the voting index from them instead of reading the stored files back.
These tests hold it to the bar: the library it builds is the one the stored files give,
and it matches photos exactly as a library rebuilt from those files does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from appraiser.imaging import load_image
from appraiser.library import store as lib_store
from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs
from appraiser.matching import features, globaldesc, votes
from appraiser.matching.engine import Matcher
from appraiser.matching.index import GlobalIndex
from appraiser.services.admin.station import Station
from appraiser.services.reference import library

VERSIONS = 6


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=VERSIONS)


def _photos() -> list[np.ndarray]:
    specs = demo_specs(VERSIONS, 7)
    return [synthetic.photograph(synthetic.render(s), 40 + n)[0] for n, s in enumerate(specs)]


def _lines(station: Station, photos: list[np.ndarray]) -> list[dict]:
    matcher = Matcher(station.store, station.data)
    lines = [matcher.match(p, top=5).as_dict() for p in photos]
    for line in lines:
        line.pop("ms")  # the only field that may differ between two runs
    return lines


def _local_files(station: Station) -> tuple[bytes, bytes]:
    folder = lib_store.index_folder(station.data) / "local"
    return (folder / "index.faiss").read_bytes(), (folder / "meta.json").read_bytes()


def test_an_import_reads_no_feature_file_back(
    station: Station, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each fresh image's features are made once and used from memory for its global
    vector and the voting index (the importer used to load every file twice)."""
    loads: list[Path] = []
    real = features.load

    def counting(path: Path) -> features.Features:
        loads.append(path)
        return real(path)

    monkeypatch.setattr(features, "load", counting)
    report = library.import_pack(station.store, station.data, pack, "test")
    assert report.images == VERSIONS
    assert loads == []


@pytest.mark.parametrize("flat_max", [votes.FLAT_MAX, 1000], ids=["flat", "ivf"])
def test_the_imported_library_is_the_one_its_stored_files_give(
    station: Station, pack: Path, monkeypatch: pytest.MonkeyPatch, flat_max: int
) -> None:
    """Features, global vectors and the voting index (exact and IVF) are byte for byte
    what the stored files give, and photos match the same way on either."""
    monkeypatch.setattr(votes, "FLAT_MAX", flat_max)
    library.import_pack(station.store, station.data, pack, "test")
    photos = _photos()
    imported, lines = _local_files(station), _lines(station, photos)
    rows = station.store.query("SELECT id, file, sha256 FROM reference_images ORDER BY id")
    root = lib_store.features_root(station.data)
    index = GlobalIndex.open(lib_store.index_folder(station.data))
    for row in rows:
        stored = features.load(features.feature_path(root, row["sha256"]))
        made = features.extract(load_image((pack / row["file"]).read_bytes()))
        assert np.array_equal(stored.raw, made.raw) and np.array_equal(stored.points, made.points)
        vector = index.vectors[list(index.image_ids).index(row["id"])]
        assert np.array_equal(vector, globaldesc.describe(stored.root).astype(np.float16))
    shutil.rmtree(lib_store.index_folder(station.data) / "local")
    rebuilt = votes.open_local(station.store, station.data)  # from the stored files only
    assert rebuilt.index.ntotal > 0
    assert _local_files(station) == imported
    assert _lines(station, photos) == lines
    assert {line["candidates"][0]["version_id"] for line in lines} == {
        r["version_id"] for r in station.store.query("SELECT version_id FROM reference_versions")
    }
