"""What is not the item is not inspected (issue 13 item 4): the demo's hand, glare, the
parts out of frame are listed in ``not_inspected`` and never read as deviation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from test_matching_engine import demo_matcher

from appraiser.capture.simulated import SimulatedCamera
from appraiser.cli.main import main
from appraiser.library import synthetic
from appraiser.library.demo import demo_specs, version_id
from appraiser.matching import occlusion
from appraiser.matching.engine import Matcher

VERSIONS = 6
FPS = 30.0


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matcher]:
    yield from demo_matcher(tmp_path_factory.mktemp("occl"), VERSIONS)


def _held_frame(artwork: np.ndarray, seed: int) -> np.ndarray:
    """The demo's simulated bench camera filming ``artwork`` at the moment its hand
    reaches furthest over the item (the hand cycle is 8 s, widest 1.5 s in)."""
    camera = SimulatedCamera(seed=seed, realtime=False)
    camera.show_item(artwork)
    camera.open()
    try:
        index = round(((1.5 - camera._phase) % 8) * FPS)
        return camera.render(index)
    finally:
        camera.close()


@pytest.mark.parametrize("index", [0, 3])
def test_the_demo_genuine_item_held_by_a_hand_reads_consistent(
    matcher: Matcher, index: int
) -> None:
    spec = demo_specs(VERSIONS, 7)[index]
    artwork = synthetic.render(spec)
    frame = _held_frame(artwork, seed=index)
    skin = cv2.inRange(frame, (120, 150, 190), (160, 190, 240))
    assert skin.mean() > 5  # the hand is in the frame
    line = matcher.match(frame).as_dict()
    assert line["candidates"][0]["version_id"] == version_id(spec)
    assert line["suggestion"] == "consistent", line
    hands = [a for a in line["not_inspected"] if a["reason"] == "hand"]
    assert hands, line["not_inspected"]
    x, y, w, h = hands[0]["box"]
    assert x + w >= artwork.shape[1] * 0.95  # the hand reaches in from the right
    assert 0.01 < hands[0]["share"] < 0.5
    for region in line["regions"]:  # no region inside the hand
        cx, cy = region["x"] + region["w"] / 2, region["y"] + region["h"] / 2
        assert not (x <= cx <= x + w and y <= cy <= y + h)


def test_skin_of_several_tones_is_skin_and_artwork_colours_are_not() -> None:
    tones = np.uint8([[[140, 172, 224], [100, 134, 198], [57, 85, 141], [170, 200, 240]]])
    assert occlusion.skin(tones).all()
    others = np.uint8([[[60, 160, 200], [40, 40, 200], [200, 120, 40], [128, 128, 128]]])
    assert not occlusion.skin(others).any()


def test_not_inspected_is_in_the_json_line(matcher: Matcher, tmp_path: Path) -> None:
    spec = demo_specs(VERSIONS, 7)[1]
    photo = synthetic.photograph(synthetic.render(spec), 11)[0]
    line = matcher.match(photo).as_dict()
    assert isinstance(line["not_inspected"], list)
    for area in line["not_inspected"]:
        assert area["reason"] in occlusion.REASONS
        assert len(area["box"]) == 4 and 0 < area["share"] <= 1


def test_the_command_line_names_what_was_not_inspected(
    matcher: Matcher, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "held.png"
    cv2.imwrite(str(path), _held_frame(synthetic.render(demo_specs(VERSIONS, 7)[0]), seed=0))
    root = str(matcher.data.root)
    assert main(["--data-dir", root, "match", str(path), "--json"]) == 0
    line = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [a["reason"] for a in line["not_inspected"]] == ["hand"]
    assert main(["--data-dir", root, "match", str(path)]) == 0
    assert "\n  not inspected: hand " in capsys.readouterr().out


def test_strips_a_bottle_turns_away_are_listed_apart() -> None:
    """Left and right strips joined by a band off the photo along the top: one bounding
    box would cover the whole label and tell the appraiser nothing was inspected."""
    mask = np.zeros((200, 150), bool)
    mask[:, :20] = mask[:, -20:] = True  # turned away on both sides
    mask[:8] = True  # the top edge off the photo
    areas = occlusion._areas(mask, "out_of_frame", 1.0, mask.size)
    assert len(areas) >= 3
    assert all(a.w < 75 or a.h < 20 for a in areas)  # no box spans the label
    assert sum(a.share for a in areas) == pytest.approx(mask.mean())


def test_pieces_of_one_strip_are_one_area_and_opposite_strips_stay_apart() -> None:
    """A strip cut into pieces (by the side each pixel is nearest, by a gap of a few
    pixels) was listed as up to sixteen boxes: one area each side, never one box over
    the label."""
    mask = np.zeros((300, 200), bool)
    mask[5:295, :24] = True  # the left strip...
    mask[:85, :6] = mask[218:, :6] = True  # ...with its corners cut off by the sides
    mask[20:280, 180:] = True  # the right strip, in two pieces a few pixels apart
    mask[100:104, 180:] = False
    areas = occlusion._merged(occlusion._areas(mask, "out_of_frame", 1.0, mask.size))
    assert len(areas) == 2
    left, right = sorted(areas, key=lambda a: a.x)
    assert left.x == 0 and left.w <= 24 and right.x >= 180
    assert sum(a.share for a in areas) == pytest.approx(mask.mean())
