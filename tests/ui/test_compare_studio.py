"""The Compare page with references that are studio photographs, each tag on a sweep
(issue 13): the engine judges the tag on its own box and places its maps back over the
whole reference, so a genuine tag reads consistent with nothing hatched, and a changed
name glows where the name is, not beside it."""

from __future__ import annotations

import copy
from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.bench import worlds
from appraiser.bench.worlds import design
from appraiser.services.reference import library
from tests.core.bench_photo_support import on_a_sweep
from tests.ui.test_compare_other_product import _open

WORLD = worlds.WORLDS["atelier"]  # a tuning world
OTHER = "Xoryn 58"


def _shot(entry) -> np.ndarray:
    art = cv2.cvtColor(design.render(entry.design), cv2.COLOR_RGB2BGR)
    return on_a_sweep(art, 3)[0]


@pytest.fixture
def studio(station, tmp_path: Path):
    """Four tags in the library, each photographed on a sweep, and the first one's entry."""
    entries, _ = WORLD.catalogue(4, 11)
    world = copy.copy(WORLD)
    world.reference = _shot
    world.write_pack(tmp_path / "pack", entries)
    library.import_pack(station.store, station.data, tmp_path / "pack", "test")
    return entries[0]


def _photo(tmp_path: Path, entry, item: design.Design) -> Path:
    path = tmp_path / "bench.png"
    cv2.imwrite(str(path), WORLD.photograph(item, entry.surface, 5)[0])
    return path


def test_a_genuine_tag_reads_consistent_with_nothing_hatched(
    qtbot, controller, appraiser_session, studio, tmp_path, monkeypatch
) -> None:
    photo = _photo(tmp_path, studio, studio.design)
    page = _open(qtbot, controller, appraiser_session, photo, monkeypatch)
    result = page.compare.result()
    assert result["candidates"][0]["version_id"] == studio.id
    assert result["suggestion"] == "consistent", result["regions"][:2]
    assert result["not_inspected"] == []
    assert not page.compare.reference_view.has_hatch()


def test_a_changed_name_glows_over_the_name_in_the_reference(
    qtbot, controller, appraiser_session, studio, tmp_path, monkeypatch
) -> None:
    model = studio.design.first("model")
    renamed = studio.design.replace("model", model.with_params(text=OTHER))
    photo = _photo(tmp_path, studio, renamed)
    page = _open(qtbot, controller, appraiser_session, photo, monkeypatch, studio.id)
    assert page.compare.result()["suggestion"] == "deviates"
    # where the tag sits in its studio photograph: the sweep's light is not the tag's
    art_h, art_w = design.render(studio.design).shape[:2]
    ref = page.compare.analysis.reference
    left, top = (ref.shape[1] - art_w) // 2, int((ref.shape[0] - art_h) * 0.45)
    heat = page.compare.analysis.heatmap[..., 3]  # the overlay's opacity: the deviation
    assert heat.shape == ref.shape[:2]
    y, x = np.unravel_index(np.argmax(heat), heat.shape)
    bx, by, bw, bh = model.box
    assert left + bx - 10 <= x <= left + bx + bw + 10 and top + by - 10 <= y <= top + by + bh + 10
