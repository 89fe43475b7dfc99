"""A shadow cast across the item (an arm, the camera's stand, a box beside it) is light,
not print: a black-box tester's genuine tags under a soft diagonal band read deviating
in 13 of 14 photos, with the band's edges and the print under it as the regions. The
shade is measured on the item's ground and the reference lit by it; a counterfeit's
change under the shade is still seen."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds.base import Entry
from appraiser.matching import deviation, photometry, shading
from appraiser.matching.engine import Matcher
from tests.core.world_station import counterfeit_photo, picture_matcher

WORLD = worlds.WORLDS["atelier"]  # a tuning world: tags on paper ground
CLEAN_SEEDS = (3, 5)  # camera seeds whose photos show the whole label, nothing over it


def _band(shape: tuple[int, ...], depth: float, offset: float) -> np.ndarray:
    """A diagonal band ``depth`` as bright as the light around it, with soft edges."""
    h, w = shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    across = (xs + ys - offset * (w + h)) / np.hypot(1.0, 1.0)
    half, soft = 0.12 * min(h, w), 0.03 * min(h, w)
    inside = np.clip((half - np.abs(across)) / soft + 0.5, 0.0, 1.0)
    return 1.0 - (1.0 - depth) * inside


def _shaded(photo: np.ndarray, band: np.ndarray) -> np.ndarray:
    return np.clip(photo.astype(np.float32) * band[..., None], 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    root = tmp_path_factory.mktemp("shadow")
    with picture_matcher(root, WORLD, 4, 17) as made:
        yield made


@pytest.mark.parametrize("seed", CLEAN_SEEDS)
@pytest.mark.parametrize("offset", [0.35, 0.5, 0.65])
def test_a_genuine_tag_under_a_cast_shadow_reads_consistent(
    station: tuple[Matcher, list[Entry]], seed: int, offset: float
) -> None:
    matcher, entries = station
    entry = entries[0]
    photo, _, _ = WORLD.photograph(entry.design, entry.surface, seed)
    clear = matcher.match(photo).as_dict()
    assert clear["suggestion"] == "consistent", "the photo without the shadow is clean"
    line = matcher.match(_shaded(photo, _band(photo.shape, 0.55, offset))).as_dict()
    assert line["candidates"][0]["version_id"] == entry.id
    assert line["deviation"] < deviation.FLAG_AT, line["regions"][:3]
    assert line["suggestion"] == "consistent"


def test_a_turned_emblem_under_the_shadow_still_deviates(
    station: tuple[Matcher, list[Entry]],
) -> None:
    matcher, entries = station
    entry = entries[0]
    _, photo = counterfeit_photo(WORLD, entry, "emblem_rotation", 8, CLEAN_SEEDS[0])
    clear = matcher.match(photo)
    assert clear.best is not None and clear.best.comparison.deviation >= deviation.FLAG_AT
    x, y, w, h = entry.design.first("logo").box
    centre = clear.best.homography @ np.array([x + w / 2, y + h / 2, 1.0])
    px, py = centre[:2] / centre[2]
    offset = (px + py) / (photo.shape[0] + photo.shape[1])  # the band runs over the emblem
    line = matcher.match(_shaded(photo, _band(photo.shape, 0.6, offset))).as_dict()
    assert line["deviation"] >= deviation.FLAG_AT
    top = line["regions"][0]
    assert top["x"] < x + w and x < top["x"] + top["w"]
    assert top["y"] < y + h and y < top["y"] + top["h"]


def _ground_artwork() -> tuple[np.ndarray, np.ndarray]:
    art = np.full((240, 320, 3), (215, 228, 236), np.uint8)
    art[40:90, 30:140] = (40, 40, 150)  # an emblem
    art[150:170, 40:280] = (30, 30, 30)  # a line of print
    return art, photometry.flat(art)


def test_the_shade_follows_a_band_and_never_brightens() -> None:
    art, judged = _ground_artwork()
    band = _band(art.shape, 0.5, 0.5)
    photo = _shaded(art, band)
    photo[100:130, 200:240] = 255  # a glare spot on the ground
    view = shading.view(art, photo, judged)
    assert float(view.shade.max()) <= 1.0 + 1e-6
    ground = judged & (np.abs(art.astype(int) - (215, 228, 236)).max(axis=2) < 10)
    ground[90:140, 190:250] = False
    error = np.abs(view.seen.mean(axis=2) - photo.astype(np.float32).mean(axis=2))[ground]
    assert float(np.percentile(error, 95)) < 12.0
    # the glare is not explained as light: the lit view stays well below it
    assert float(view.seen[110:120, 210:230].mean()) < 240.0


def test_with_no_ground_to_measure_the_shade_is_left_alone() -> None:
    art = (np.random.default_rng(3).integers(0, 255, (120, 160, 3))).astype(np.uint8)
    judged = photometry.flat(art)
    view = shading.view(art, art, judged)
    assert np.all(view.shade == 1.0)
