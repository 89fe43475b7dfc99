"""A bad pack is refused whole, naming the offending entry; nothing of it is imported."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from appraiser.library.demo import build_demo_pack
from appraiser.library.pack import PackError, gtin_valid, parse_manifest
from appraiser.services.admin.station import Station
from appraiser.services.reference import library


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=4)


@pytest.fixture
def pack(demo_pack: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_pack, tmp_path / "pack"))


def _edit(pack: Path, change: Callable[[dict], None]) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    change(manifest)
    (pack / "manifest.json").write_text(json.dumps(manifest))


def _refused(station: Station, pack: Path, pattern: str) -> None:
    with pytest.raises(PackError, match=pattern):
        library.import_pack(station.store, station.data, pack, "test")
    assert station.store.one("SELECT COUNT(*) AS n FROM reference_versions")["n"] == 0
    assert station.store.one("SELECT COUNT(*) AS n FROM reference_images")["n"] == 0


def test_malformed_manifest_is_refused(station: Station, pack: Path) -> None:
    (pack / "manifest.json").write_text("{not json")
    _refused(station, pack, "not valid UTF-8 JSON")


def test_missing_manifest_is_refused(station: Station, pack: Path) -> None:
    (pack / "manifest.json").unlink()
    _refused(station, pack, "no manifest.json")


def test_missing_image_file_names_the_entry(station: Station, pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    victim = manifest["versions"][2]
    (pack / victim["images"][0]["file"]).unlink()
    _refused(station, pack, rf'versions\[2\] \(id "{victim["id"]}"\).*missing')


def test_duplicate_ids_are_refused(station: Station, pack: Path) -> None:
    def dup(m: dict) -> None:
        m["versions"][3]["id"] = m["versions"][1]["id"]

    _edit(pack, dup)
    _refused(station, pack, r"versions\[3\].*duplicate id.*versions\[1\]")


@pytest.mark.parametrize(
    "roi, pattern",
    [
        ({"name": "logo", "x": -1, "y": 0, "w": 10, "h": 10}, "positive size"),
        ({"name": "logo", "x": 0, "y": 0, "w": 0, "h": 10}, "positive size"),
        ({"name": "logo", "x": 250, "y": 0, "w": 50, "h": 10}, "outside the"),
        ({"name": "logo", "x": "a", "y": 0, "w": 5, "h": 10}, "whole number"),
    ],
)
def test_bad_roi_is_refused(station: Station, pack: Path, roi: dict, pattern: str) -> None:
    _edit(pack, lambda m: m["versions"][1]["images"][0]["rois"].append(roi))
    _refused(station, pack, rf"versions\[1\].*rois\[\d\].*{pattern}")


def test_non_image_file_is_refused_by_content(station: Station, pack: Path) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    (pack / manifest["versions"][0]["images"][0]["file"]).write_bytes(b"not a picture")
    _refused(station, pack, r"versions\[0\].*not an image")


def test_path_outside_the_pack_is_refused(station: Station, pack: Path) -> None:
    _edit(pack, lambda m: m["versions"][0]["images"][0].update(file="../../etc/passwd"))
    _refused(station, pack, "outside the pack")


def test_bad_gtin_and_category_are_refused(station: Station, pack: Path) -> None:
    _edit(pack, lambda m: m["versions"][0].update(gtin="1234567890123"))
    _refused(station, pack, "not a valid GTIN")
    _edit(pack, lambda m: m["versions"][0].update(gtin=None, category="cars"))
    _refused(station, pack, 'unknown category "cars"')


def test_parse_accepts_null_gtin_and_absent_rois() -> None:
    doc = {
        "format": "appraiser.reference-pack",
        "version": 1,
        "name": "x",
        "versions": [
            {
                "id": "a",
                "brand": "B",
                "model": "M",
                "category": "bags",
                "region": None,
                "gtin": None,
                "images": [{"file": "images/a.png", "view": "front"}],
            }
        ],
    }
    manifest = parse_manifest(json.dumps(doc).encode())
    assert manifest.versions[0].gtin is None
    assert manifest.versions[0].images[0].rois == ()


def test_gtin_check_digit() -> None:
    assert gtin_valid("4006381333931")
    assert not gtin_valid("4006381333932")
    assert not gtin_valid("40063813339a1")
