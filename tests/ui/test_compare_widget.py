"""The compare view: analysis off the UI thread, overlay, flicker, heatmap, regions."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from appraiser.library import synthetic
from appraiser.library.demo import build_demo_pack, demo_specs, version_id
from appraiser.services.reference import library
from ui.context import AppContext
from ui.pages.compare_page import ComparePage
from ui.widgets.compare_widget import CompareWidget


@pytest.fixture
def filled(ctx: AppContext, tmp_path: Path) -> AppContext:
    pack = build_demo_pack(tmp_path / "pack", versions=3)
    library.import_pack(ctx.station.store, ctx.station.data, pack, "test")
    return ctx


def _photo(tmp_path: Path, defect: str | None = None) -> Path:
    spec = demo_specs(3, 7)[1]
    if defect:
        spec = synthetic.counterfeit(spec, defect, 3)
    path = tmp_path / "bench.jpg"
    cv2.imwrite(str(path), synthetic.photograph(synthetic.render(spec), 9)[0])
    return path


def test_counterfeit_regions_zoom_both_images(qtbot, filled: AppContext, tmp_path: Path) -> None:
    widget = CompareWidget(filled)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.analysed, timeout=60000) as blocker:
        widget.set_photo(_photo(tmp_path, "missing_mark"))
    result = blocker.args[0]
    assert result["suggestion"] == "deviates"
    assert result["candidates"][0]["version_id"] == version_id(demo_specs(3, 7)[1])
    assert widget.regions.count() == len(result["regions"]) > 0
    assert "Advice" in widget.advice.text() and "decision is yours" in widget.advice.text()
    before = widget.reference_view.transform().m11()
    widget.regions.setCurrentRow(0)
    assert widget.reference_view.transform().m11() > before
    assert widget.photo_view.box_count() == widget.reference_view.box_count()
    assert widget.result()["deviation"] == result["deviation"]


def test_overlay_opacity_flicker_and_heatmap(qtbot, filled: AppContext, tmp_path: Path) -> None:
    widget = CompareWidget(filled)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.analysed, timeout=60000):
        widget.set_photo(_photo(tmp_path))
    assert "consistent" in widget.advice.text()
    widget.opacity.setValue(80)
    assert widget.reference_view.overlay_opacity() == pytest.approx(0.8)
    widget.flicker.setChecked(True)
    first = widget.reference_view.overlay_opacity()
    qtbot.waitUntil(lambda: widget.reference_view.overlay_opacity() != first, timeout=3000)
    widget.flicker.setChecked(False)
    assert not widget.timer.isActive()
    widget.heatmap.setChecked(True)
    assert widget.reference_view.overlay_opacity() == pytest.approx(0.85)


def test_empty_library_is_advice_not_an_error(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    page = ComparePage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.compare.analysed, timeout=60000) as blocker:
        page.open_photo(_photo(tmp_path))
    assert blocker.args[0]["suggestion"] == "no_match"
    assert "no genuine reference matched" in page.compare.advice.text()


def test_a_broken_file_is_explained(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    widget = CompareWidget(ctx)
    qtbot.addWidget(widget)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    widget.set_photo(broken)
    qtbot.waitUntil(lambda: "could not run" in widget.advice.text(), timeout=30000)
    assert "broken.jpg" in widget.advice.text()
