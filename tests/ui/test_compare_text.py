"""The compare view names a changed letter of the printed text in its region, in English
and in Chinese (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from appraiser.bench import worlds
from appraiser.services.reference import library
from ui import i18n
from ui.context import AppContext
from ui.widgets.compare_widget import CompareWidget

WORLD = worlds.WORLDS["atelier"]


@pytest.fixture
def misspelt(ctx: AppContext, tmp_path: Path) -> tuple[Path, str, str]:
    """A library of four labels and a photo of the first one with its brand misspelt."""
    entries, _ = WORLD.catalogue(4, 11)
    WORLD.write_pack(tmp_path / "pack", entries)
    library.import_pack(ctx.station.store, ctx.station.data, tmp_path / "pack", "test")
    brand = entries[0].design.first("brand")
    word = brand.params["text"]
    changed = word[:2] + ("P" if word[2] != "P" else "R") + word[3:]
    fake = entries[0].design.replace("brand", brand.with_params(text=changed))
    photo = WORLD.photograph(fake, entries[0].surface, 5)[0]
    path = tmp_path / "bench.png"
    cv2.imwrite(str(path), photo)
    return path, changed, word


def _region_lines(qtbot, ctx: AppContext, photo: Path) -> list[str]:
    widget = CompareWidget(ctx)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.analysed, timeout=120000):
        widget.set_photo(photo)
    return [widget.regions.item(i).text() for i in range(widget.regions.count())]


def test_the_region_names_both_readings(qtbot, ctx: AppContext, misspelt) -> None:
    photo, changed, genuine = misspelt
    lines = _region_lines(qtbot, ctx, photo)
    assert lines[0].startswith("Region 1 — deviation")
    assert lines[0].endswith(f"\nreads “{changed}”, genuine “{genuine}”")
    assert sum("reads" in line for line in lines) == 1


def test_the_readings_in_chinese(qtbot, ctx: AppContext, misspelt) -> None:
    photo, changed, genuine = misspelt
    i18n.install("zh_CN")
    try:
        lines = _region_lines(qtbot, ctx, photo)
    finally:
        i18n.install("en")
    assert lines[0].startswith("区域 1 — 差异")
    assert lines[0].endswith(f"\n印刷文字识读为“{changed}”，正品为“{genuine}”")
