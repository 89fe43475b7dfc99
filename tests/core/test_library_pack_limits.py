"""Hostile reference packs are refused whole with the offending entry or file named, never
a crash and never a read outside the pack (issue 14 finding 16)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.library.demo import build_demo_pack
from appraiser.library.pack import PackError
from appraiser.services.admin.station import Station
from appraiser.services.reference import library


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=2)


@pytest.fixture
def pack(demo_pack: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(demo_pack, tmp_path / "pack"))


def _manifest(pack: Path) -> dict:
    return json.loads((pack / "manifest.json").read_text())


def _edit(pack: Path, change: Callable[[dict], None]) -> None:
    manifest = _manifest(pack)
    change(manifest)
    (pack / "manifest.json").write_text(json.dumps(manifest))


def _refused(station: Station, pack: Path, pattern: str) -> None:
    with pytest.raises(PackError, match=pattern):
        library.import_pack(station.store, station.data, pack, "test")
    assert station.store.one("SELECT COUNT(*) AS n FROM reference_versions")["n"] == 0


def test_a_manifest_nested_100000_deep_is_refused(station: Station, pack: Path) -> None:
    """issue 14 finding 16: RecursionError (exit 70) from json."""
    _edit(pack, lambda m: m["versions"][0].update(attributes={"x": "DEEP"}))
    text = (pack / "manifest.json").read_text()
    deep = "[" * 100_000 + "]" * 100_000
    (pack / "manifest.json").write_text(text.replace('"DEEP"', deep))
    _refused(station, pack, "nested")


def test_a_manifest_nested_past_the_limit_is_refused(station: Station, pack: Path) -> None:
    def deep(m: dict) -> None:
        value: list = []
        for _ in range(40):
            value = [value]
        m["versions"][0]["attributes"] = {"x": value}

    _edit(pack, deep)
    _refused(station, pack, "nested more than 32 levels")


def test_a_5000_digit_integer_is_refused(station: Station, pack: Path) -> None:
    """issue 14 finding 16: int max str digits raised ValueError (exit 70)."""
    text = (
        (pack / "manifest.json").read_text().replace('"version": 1', '"version": ' + "9" * 5000, 1)
    )
    (pack / "manifest.json").write_text(text)
    _refused(station, pack, "5,000 digits")
    (pack / "manifest.json").write_text(text.replace("9" * 5000, "NaN"))
    _refused(station, pack, "NaN is not a JSON number")


def test_a_symlink_leading_outside_the_pack_is_not_followed(
    station: Station, pack: Path, tmp_path: Path
) -> None:
    """issue 14 finding 16: symlinks in a pack folder were followed outside it."""
    secret = tmp_path / "outside.png"
    image = next((pack / "images").rglob("*.png"))
    shutil.copy(image, secret)
    image.unlink()
    image.symlink_to(secret)
    _refused(station, pack, "leads outside the pack")
    manifest = pack / "manifest.json"
    outside = tmp_path / "manifest.json"
    shutil.move(manifest, outside)
    manifest.symlink_to(outside)
    _refused(station, pack, "leads outside the pack")


def test_a_fifo_or_device_in_a_pack_is_never_read(station: Station, pack: Path) -> None:
    image = next((pack / "images").rglob("*.png"))
    image.unlink()
    os.mkfifo(image)
    _refused(station, pack, "not a regular file")
    image.unlink()
    image.symlink_to("/dev/zero")
    _refused(station, pack, "leads outside the pack")


@pytest.mark.parametrize(("shape", "why"), [((1, 1), "at least 64 px"), ((64, 5000), "20:1")])
def test_tiny_or_thin_references_are_refused(
    station: Station, pack: Path, shape: tuple[int, int], why: str
) -> None:
    """issue 14 finding 16: 1-pixel references were accepted (and matched nothing)."""
    image = next((pack / "images").rglob("*.png"))
    cv2.imwrite(str(image), np.full((*shape, 3), 128, np.uint8))
    _refused(station, pack, rf"versions\[\d\] \(id .*\)\.images\[0\].*{why}")


@pytest.mark.parametrize("bad", ["EVIL\x1b[2J", "A\u202eB", "x" * 200, "line\nbreak"])
def test_version_ids_with_control_codes_are_refused(station: Station, pack: Path, bad) -> None:
    """issue 14 finding 16: version ids with escape codes were accepted."""

    def change(m: dict) -> None:
        m["versions"][1]["id"] = bad

    _edit(pack, change)
    _refused(station, pack, r"versions\[1\]: \"id\"")


def test_wrong_types_for_publisher_are_refused(station: Station, pack: Path) -> None:
    def change(m: dict) -> None:
        m["publisher"] = {"nested": [1, 2]}

    _edit(pack, change)
    _refused(station, pack, '"publisher" must be a non-empty string')
