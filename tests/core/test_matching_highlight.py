"""A reference that is a studio photograph carries its own highlight: a soft white band
where the lamp caught a glossy tag. The bench photo does not have it, and every stroke
under it read as deviating; on a dark tag the lifted ground also pulled the light model
down everywhere (a black-box tester's studio-photo references; on a tuning world with
such highlights no genuine dark tag read consistent). The highlight is taken off the
reference where the photo shows the ground as it is; a counterfeit under it still
deviates, and a gradient the artwork prints stays."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds.base import Entry
from appraiser.matching import deviation, highlight, photometry
from appraiser.matching.engine import Matcher
from tests.core.world_station import counterfeit_photo, picture_matcher

WORLD = worlds.WORLDS["atelier"]  # a tuning world; its first tag here is navy
CAMERAS = (121, 133)  # photograph seeds of that tag, whole and without glare of their own


def _glossed(img: np.ndarray, peak: float = 0.7, cx: float = 0.45) -> np.ndarray:
    """``img`` with a studio highlight: a soft upright ellipse fading it toward white,
    ``peak`` of the way at its core, ``cx`` of the way across."""
    h, w = img.shape[:2]
    cy = 0.5
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    veil = peak * np.exp(-(((xs - cx * w) / (0.12 * w)) ** 2 + ((ys - cy * h) / (0.3 * h)) ** 2))
    out = img.astype(np.float32) * (1 - veil[..., None]) + 250.0 * veil[..., None]
    return np.clip(out, 0, 255).astype(np.uint8)


def _studio(world, peak: float = 0.7):
    """``world`` whose references are studio photos with a highlight."""
    shot = copy.copy(world)
    plain = world.reference
    shot.reference = lambda entry: _glossed(plain(entry), peak)
    return shot


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    with picture_matcher(tmp_path_factory.mktemp("highlight"), _studio(WORLD), 3, 23) as made:
        yield made


@pytest.fixture(scope="module")
def blown(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    root = tmp_path_factory.mktemp("blown")
    with picture_matcher(root, _studio(WORLD, 0.95), 3, 23) as made:
        yield made


def _left_or_right(entry: Entry) -> float:
    """Where a sibling's studio shot has its highlight: each was shot on its own."""
    return 0.3 if entry.id.endswith(("-CN", "-EU")) else 0.65


@pytest.fixture(scope="module")
def siblings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Matcher, list[Entry]]]:
    shot = copy.copy(WORLD)
    plain = WORLD.reference
    shot.reference = lambda entry: _glossed(plain(entry), cx=_left_or_right(entry))
    with picture_matcher(tmp_path_factory.mktemp("siblings"), shot, 6, 23) as made:
        yield made


def _dark(entry: Entry) -> bool:
    return float(WORLD.reference(entry).mean()) < 100


@pytest.mark.parametrize("camera", CAMERAS)
def test_a_dark_tag_photographed_with_a_studio_highlight_reads_consistent(
    station: tuple[Matcher, list[Entry]], camera: int
) -> None:
    matcher, entries = station
    entry = entries[0]
    assert _dark(entry), "the case is a dark tag, whose ground the highlight lifts most"
    photo, _, _ = WORLD.photograph(entry.design, entry.surface, camera)
    found = matcher.match(photo).as_dict()
    assert found["candidates"][0]["version_id"] == entry.id
    assert found["deviation"] < deviation.FLAG_AT, found["regions"][:3]
    assert found["suggestion"] == "consistent"


def test_a_turned_emblem_under_the_highlight_still_deviates(
    station: tuple[Matcher, list[Entry]],
) -> None:
    matcher, entries = station
    entry = entries[0]
    _, photo = counterfeit_photo(WORLD, entry, "emblem_rotation", 8, CAMERAS[0])
    found = matcher.match(photo)
    assert found.best is not None and found.best.version_id == entry.id
    assert found.best.comparison.deviation >= deviation.FLAG_AT
    x, y, w, h = entry.design.first("logo").box
    top = found.best.comparison.regions[0]
    assert top.x < x + w and x < top.x + top.w
    assert top.y < y + h and y < top.y + top.h


def test_where_the_highlight_washed_the_print_out_it_is_not_inspected(
    blown: tuple[Matcher, list[Entry]],
) -> None:
    matcher, entries = blown
    entry = entries[0]
    photo, _, _ = WORLD.photograph(entry.design, entry.surface, CAMERAS[0])
    found = matcher.match(photo).as_dict()
    assert found["candidates"][0]["version_id"] == entry.id
    glare = [a for a in found["not_inspected"] if a["reason"] == "glare"]
    assert glare, found["not_inspected"]
    h, w = WORLD.reference(entry).shape[:2]
    x, y, bw, bh = glare[0]["box"]
    assert x < 0.45 * w < x + bw and y < 0.5 * h < y + bh, "on the highlight's core"
    assert found["suggestion"] == "consistent", found["regions"][:3]


@pytest.mark.parametrize(("which", "camera"), [(0, 121), (0, 140), (2, 133), (4, 133)])
def test_regional_siblings_shot_with_highlights_in_different_places_are_told_apart(
    siblings: tuple[Matcher, list[Entry]], which: int, camera: int
) -> None:
    matcher, entries = siblings
    entry = entries[which]
    product = entry.id.rsplit("-", 1)[0]
    assert sum(e.id.startswith(product) for e in entries) >= 2, "it has a sibling here"
    photo, _, _ = WORLD.photograph(entry.design, entry.surface, camera)
    found = matcher.match(photo).as_dict()
    assert found["candidates"][0]["version_id"] == entry.id, found["candidates"][:3]


def _tag() -> np.ndarray:
    """A navy tag (work size) with white lettering and a gold bar."""
    tag = np.zeros((240, 180, 3), np.uint8)
    tag[:] = (90, 40, 20)
    tag[40:50, 20:160] = 250
    tag[100:112, 30:150] = (40, 170, 210)
    tag[150:156, 20:120] = 250
    return tag


def test_the_reference_is_restored_where_the_highlight_was() -> None:
    clean = _tag()
    glossed = _glossed(clean)
    seen = np.ones(clean.shape[:2], bool)
    photo = np.clip(clean.astype(np.float32) * 0.85 + 6, 0, 255).astype(np.uint8)
    veil = highlight.lifted(glossed, photo, photometry.flat(glossed), seen)
    assert veil is not None
    lifted = np.abs(glossed.astype(int) - clean.astype(int)).max(axis=2) > 20
    before = np.abs(glossed.astype(int) - clean.astype(int)).max(axis=2)[lifted].mean()
    after = np.abs(veil.ref.astype(int) - clean.astype(int)).max(axis=2)[lifted].mean()
    assert before > 60 and after < 12, (before, after)
    outside = ~np.isin(np.arange(clean.shape[1]), np.arange(40, 130))
    assert np.array_equal(veil.ref[:, outside], glossed[:, outside]), "nothing else changes"


def test_a_core_blown_to_pure_white_is_all_highlight() -> None:
    clean = _tag()
    h, w = clean.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    lamp = 1.3 * np.exp(-(((xs - 0.45 * w) / (0.12 * w)) ** 2 + ((ys - 0.5 * h) / (0.3 * h)) ** 2))
    blown = np.clip(clean + lamp[..., None] * (255.0 - clean), 0, 255).astype(np.uint8)
    assert (blown == 255).all(axis=2).sum() > 500, "a core clipped to white"
    photo = np.clip(clean.astype(np.float32) * 0.85 + 6, 0, 255).astype(np.uint8)
    seen = np.ones(clean.shape[:2], bool)
    veil = highlight.lifted(blown, photo, photometry.flat(blown), seen)
    assert veil is not None
    core = (blown == 255).all(axis=2)
    assert veil.washed()[core].mean() > 0.9, "the blown core is not inspected"


def test_a_gradient_the_photo_shows_too_is_the_artwork() -> None:
    printed = _glossed(_tag())  # a printed sheen: the item itself has it
    photo = np.clip(printed.astype(np.float32) * 0.85 + 6, 0, 255).astype(np.uint8)
    seen = np.ones(printed.shape[:2], bool)
    assert highlight.lifted(printed, photo, photometry.flat(printed), seen) is None


def test_a_removed_mark_printed_a_tint_of_the_ground_is_no_highlight() -> None:
    tag = _tag()
    genuine = tag.copy()
    genuine[170:225, 40:140] = (0.65 * tag[0, 0] + 0.35 * 250).astype(np.uint8)  # a paler emblem
    photo = np.clip(tag.astype(np.float32) * 0.85 + 6, 0, 255).astype(np.uint8)  # left out
    seen = np.ones(tag.shape[:2], bool)
    veil = highlight.lifted(genuine, photo, photometry.flat(genuine), seen)
    assert veil is None or not veil.share[170:225, 40:140].any()
