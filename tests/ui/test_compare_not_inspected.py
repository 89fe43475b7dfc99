"""The compare view hatches what the engine did not inspect (the hand holding the item)
and names it in a legend, in English and in Chinese (issue 13 items 4 and 7)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from appraiser.capture.simulated import SimulatedCamera
from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs
from appraiser.services.reference import library
from ui import i18n
from ui.context import AppContext
from ui.widgets.compare_widget import CompareWidget


@pytest.fixture
def held(ctx: AppContext, tmp_path: Path) -> Path:
    """A demo library and a frame of the demo's simulated camera: a genuine item with
    the bench hand reaching over it."""
    pack = build_demo_pack(tmp_path / "pack", versions=3)
    library.import_pack(ctx.station.store, ctx.station.data, pack, "test")
    camera = SimulatedCamera(seed=0, realtime=False)
    camera.show_item(synthetic.render(demo_specs(3, 7)[0]))
    camera.open()
    frame = camera.render(round(((1.5 - camera._phase) % 8) * 30))
    camera.close()
    path = tmp_path / "held.png"
    cv2.imwrite(str(path), frame)
    return path


def _compare(qtbot, ctx: AppContext, photo: Path) -> CompareWidget:
    widget = CompareWidget(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    with qtbot.waitSignal(widget.analysed, timeout=120000):
        widget.set_photo(photo)
    return widget


def test_the_hand_is_hatched_and_named(qtbot, ctx: AppContext, held: Path) -> None:
    widget = _compare(qtbot, ctx, held)
    result = widget.result()
    assert result["suggestion"] == "consistent"
    assert [a["reason"] for a in result["not_inspected"]] == ["hand"]
    assert widget.reference_view.has_hatch()
    assert widget.not_inspected.text().startswith("Not inspected (hatched): hand ")
    assert widget.not_inspected.text().endswith("\u00a0%")  # never "14" and "%" apart
    assert "consistent" in widget.advice.text()
    # the hatching lies where the hand is (the right of the reference), not elsewhere
    hatch = widget.analysis.hatch
    x, y, w, h = result["not_inspected"][0]["box"]
    inside = hatch[y : y + h, x : x + w, 3] > 0
    outside = hatch[..., 3] > 0
    outside[y : y + h, x : x + w] = False
    assert inside.mean() > 0.3 and not outside.any()
    widget.clear()
    assert not widget.reference_view.has_hatch() and widget.not_inspected.text() == ""


def test_the_legend_in_chinese(qtbot, ctx: AppContext, held: Path) -> None:
    i18n.install("zh_CN")
    try:
        widget = _compare(qtbot, ctx, held)
        legend = widget.not_inspected.text()
    finally:
        i18n.install("en")
    assert legend.startswith("未检查区域（斜线）：手 ")


def test_a_photo_with_nothing_hidden_has_no_legend(qtbot, ctx: AppContext, held: Path) -> None:
    art = synthetic.render(demo_specs(3, 7)[1])  # the whole item in view, nothing over it
    path = held.with_name("clean.png")
    cv2.imwrite(
        str(path), cv2.copyMakeBorder(art, 60, 60, 60, 60, cv2.BORDER_CONSTANT, 0, (90, 110, 70))
    )
    widget = _compare(qtbot, ctx, path)
    assert widget.result()["not_inspected"] == []
    assert widget.not_inspected.text() == "" and not widget.reference_view.has_hatch()
    assert np.all(widget.result()["deviation"] < 0.5)
