"""A greyscale photo of a coloured item (a monochrome bench camera, or a photo saved
grey). A black-box tester's grey carton was reported two-thirds hidden by a hand and
answered retake: balanced channel by channel against the coloured reference, its greys
took on every hue, skin among them."""

from __future__ import annotations

from collections.abc import Iterator

import cv2
import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds.base import Entry
from appraiser.matching.engine import Matcher
from tests.core.world_station import picture_matcher

WORLD = worlds.WORLDS["atelier"]


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    with picture_matcher(tmp_path_factory.mktemp("greyscale"), WORLD, 6, 17) as made:
        yield made


def _grey(photo: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(cv2.cvtColor(photo, cv2.COLOR_BGR2GRAY), cv2.COLOR_GRAY2BGR)


@pytest.mark.parametrize("index", [2, 3, 4])
def test_a_greyscale_photo_shows_no_hand_that_is_not_there(
    station: tuple[Matcher, list[Entry]], index: int
) -> None:
    matcher, entries = station
    entry = entries[index]
    photo, occluders, _ = WORLD.photograph(entry.design, entry.surface, 3)
    assert not occluders, "the colour photo has no hand either"
    line = matcher.match(_grey(photo)).as_dict()
    assert line["candidates"][0]["version_id"] == entry.id
    assert [a for a in line["not_inspected"] if a["reason"] == "hand"] == []
    assert line["suggestion"] == "consistent"


def test_a_hand_in_a_colour_photo_of_the_same_tag_is_still_found(
    station: tuple[Matcher, list[Entry]],
) -> None:
    matcher, entries = station
    entry = entries[2]
    photo, _, _ = WORLD.photograph(entry.design, entry.surface, 3)
    held = photo.copy()
    h, w = held.shape[:2]
    # a flat skin-toned thumb entering from the lower edge over the tag's middle
    cv2.ellipse(held, (w // 2, h), (w // 10, h // 3), 0, 0, 360, (120, 160, 215), -1)
    line = matcher.match(held).as_dict()
    assert any(a["reason"] == "hand" for a in line["not_inspected"])
