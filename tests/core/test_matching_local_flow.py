"""On a flat item the local flow no longer moves print back into place: smoothed over
twelve pixels and allowed eight, it turned a turned emblem back, grew a shrunk one and
closed up a wider typeface, so a black-box tester's counterfeit tags with an emblem at
85 % read consistent in 7 of 8 photos. A flat item's bend is the surface polynomial's
to follow; round a bottle the local flow still helps where the label turns away."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds import defects, design
from appraiser.bench.worlds.base import Entry
from appraiser.matching import deviation
from appraiser.matching.engine import Matcher
from tests.core.world_station import counterfeit_photo, picture_matcher

WORLD = worlds.WORLDS["atelier"]  # a tuning world: flat tags and boxes


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    root = tmp_path_factory.mktemp("local-flow")
    with picture_matcher(root, WORLD, 6, 17) as made:
        yield made


def _overlaps(region: dict, box: tuple[int, int, int, int]) -> bool:
    x, y, w, h = box
    across = region["x"] < x + w and x < region["x"] + region["w"]
    return across and region["y"] < y + h and y < region["y"] + region["h"]


@pytest.mark.parametrize(("index", "defect", "seed"), [(1, "emblem_scale", s) for s in (3, 7)])
def test_a_shrunk_emblem_on_a_flat_tag_deviates_where_it_is(
    station: tuple[Matcher, list[Entry]], index: int, defect: str, seed: int
) -> None:
    matcher, entries = station
    entry = entries[index]
    assert entry.surface == "flat"
    genuine, _, _ = WORLD.photograph(entry.design, entry.surface, seed)
    assert matcher.match(genuine).as_dict()["suggestion"] == "consistent"
    fake, photo = counterfeit_photo(WORLD, entry, defect, 8 + seed, seed)
    line = matcher.match(photo).as_dict()
    assert line["candidates"][0]["version_id"] == entry.id
    assert line["deviation"] >= deviation.FLAG_AT, line["regions"][:3]
    assert line["suggestion"] == "deviates"
    box = defects.defect_box(design.render(entry.design), design.render(fake))
    assert box is not None and _overlaps(line["regions"][0], box)


def test_a_swapped_typeface_on_a_flat_tag_deviates(
    station: tuple[Matcher, list[Entry]],
) -> None:
    matcher, entries = station
    fake, photo = counterfeit_photo(WORLD, entries[0], "font_swap", 11, 3)
    entry = entries[0]
    line = matcher.match(photo).as_dict()
    assert line["suggestion"] == "deviates", line["regions"][:3]
    box = defects.defect_box(design.render(entry.design), design.render(fake))
    assert box is not None and any(_overlaps(r, box) for r in line["regions"][:2])


def test_no_local_correction_on_a_flat_item_and_most_at_a_bottles_sides() -> None:
    assert deviation.flow_cap(None) == 0.0
    facing = np.array([[1.0, deviation.FLOW_SQUARE, 0.6, deviation.TURNED_SLOPE, 0.1]])
    cap = deviation.flow_cap(facing)
    assert cap[0, 0] == 0.0 and cap[0, 1] == 0.0
    assert 0.0 < cap[0, 2] < deviation.FLOW_CAP
    assert cap[0, 3] == pytest.approx(deviation.FLOW_CAP) and cap[0, 4] == deviation.FLOW_CAP
