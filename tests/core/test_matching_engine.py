"""Identification, sibling discrimination and the aligned comparison on synthetic photos."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest

from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs, version_id
from appraiser.matching.engine import Matcher
from appraiser.services.admin.station import Station
from appraiser.services.reference import library

VERSIONS = 8


def demo_matcher(root: Path, versions: int) -> Iterator[Matcher]:
    """A matcher over a fresh station holding the demo library of ``versions`` versions."""
    station = Station.open(root / "station")
    pack = build_demo_pack(root / "pack", versions=versions)
    library.import_pack(station.store, station.data, pack, "test")
    yield Matcher(station.store, station.data)
    station.close()


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matcher]:
    yield from demo_matcher(tmp_path_factory.mktemp("match"), VERSIONS)


def _photo(spec: synthetic.ProductSpec, seed: int):
    return synthetic.photograph(synthetic.render(spec), seed)[0]


def test_empty_library_gives_no_match(station: Station) -> None:
    spec = demo_specs(1, 7)[0]
    result = Matcher(station.store, station.data).match(_photo(spec, 1))
    line = result.as_dict()
    assert line["suggestion"] == "no_match"
    assert line["candidates"] == [] and line["deviation"] is None
    assert line["reference_image"] is None


@pytest.mark.parametrize("index", range(VERSIONS))
def test_genuine_photos_are_identified_and_consistent(matcher: Matcher, index: int) -> None:
    spec = demo_specs(VERSIONS, 7)[index]
    line = matcher.match(_photo(spec, 100 + index)).as_dict()
    assert line["candidates"][0]["version_id"] == version_id(spec)
    assert line["suggestion"] == "consistent"
    assert 0 <= line["deviation"] < 0.5
    assert line["reference_image"] == f"images/{version_id(spec)}/front.png"


def test_regional_siblings_are_told_apart(matcher: Matcher) -> None:
    specs = demo_specs(VERSIONS, 7)
    siblings = [s for s in specs if s.brand == specs[0].brand and s.model == specs[0].model]
    assert len(siblings) >= 2
    for n, spec in enumerate(siblings):
        best = matcher.match(_photo(spec, 300 + n)).as_dict()["candidates"]
        assert best[0]["version_id"] == version_id(spec)
        assert best[0]["score"] > best[1]["score"]


@pytest.mark.parametrize(
    "defect", ["missing_mark", "typo", "emblem_scale", "colour_shift", "font_swap"]
)
def test_counterfeits_deviate_where_the_defect_is(matcher: Matcher, defect: str) -> None:
    spec = demo_specs(VERSIONS, 7)[3]
    genuine = synthetic.render(spec)
    fake = synthetic.render(synthetic.counterfeit(spec, defect, 5))
    x, y, w, h = synthetic.defect_box(genuine, fake)
    line = matcher.match(synthetic.photograph(fake, 78)[0]).as_dict()
    honest = matcher.match(synthetic.photograph(genuine, 78)[0]).as_dict()
    # the decision threshold is calibrated on the tuning worlds (issue 13), whose genuine
    # photos are noisier than this generator's: a one-letter typo or a slightly larger
    # emblem is always ranked above the genuine photo and boxed, but only the larger
    # defects are flagged outright
    assert line["deviation"] > honest["deviation"] and honest["suggestion"] == "consistent"
    if defect not in ("typo", "emblem_scale"):
        assert line["suggestion"] == "deviates" and line["deviation"] >= 0.5
    top = line["regions"][0]
    assert top["x"] <= x + w + 4 and x <= top["x"] + top["w"] + 4
    assert top["y"] <= y + h + 4 and y <= top["y"] + top["h"] + 4


def test_version_restriction_compares_with_that_version_only(matcher: Matcher) -> None:
    specs = demo_specs(VERSIONS, 7)
    photo = _photo(specs[0], 11)
    line = matcher.match(photo, version_id=version_id(specs[1])).as_dict()
    assert {c["version_id"] for c in line["candidates"]} <= {version_id(specs[1])}
    by_gtin = matcher.match(photo, gtin=specs[0].gtin).as_dict()
    assert [c["version_id"] for c in by_gtin["candidates"]] == [version_id(specs[0])]


def test_removed_versions_are_not_matched(tmp_path: Path) -> None:
    station = Station.open(tmp_path / "s")
    try:
        pack = build_demo_pack(tmp_path / "pack", versions=3)
        library.import_pack(station.store, station.data, pack, "test")
        spec = demo_specs(3, 7)[2]
        library.remove_version(station.store, station.data, version_id(spec), "test", "gone")
        line = Matcher(station.store, station.data).match(_photo(spec, 5)).as_dict()
        assert version_id(spec) not in {c["version_id"] for c in line["candidates"]}
    finally:
        station.close()


@pytest.mark.parametrize("index", [0, 5])
def test_a_greyscale_photo_of_a_genuine_item_is_consistent(matcher: Matcher, index: int) -> None:
    """A monochrome bench camera (or a photo saved as greyscale) shows no colour: the
    colours of the reference cannot be compared, and their absence is no deviation."""
    spec = demo_specs(VERSIONS, 7)[index]
    grey = cv2.cvtColor(_photo(spec, 40 + index), cv2.COLOR_BGR2GRAY)
    photo = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    line = matcher.match(photo).as_dict()
    assert line["candidates"][0]["version_id"] == version_id(spec)
    assert line["suggestion"] == "consistent", line["regions"][:2]


def test_a_greyscale_photo_still_shows_a_missing_mark(matcher: Matcher) -> None:
    spec = demo_specs(VERSIONS, 7)[3]
    fake = synthetic.render(synthetic.counterfeit(spec, "missing_mark", 5))
    grey = cv2.cvtColor(synthetic.photograph(fake, 78)[0], cv2.COLOR_BGR2GRAY)
    line = matcher.match(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)).as_dict()
    assert line["suggestion"] == "deviates"
