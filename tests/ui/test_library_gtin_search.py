"""The Library page finds a product by the 14-digit GTIN the rest of the station shows."""

from __future__ import annotations

from pathlib import Path

from appraiser.library.demo import build_demo_pack
from appraiser.services.reference import library
from ui.context import AppContext
from ui.pages.library_page import LibraryPage


def test_typing_the_14_digit_gtin_finds_the_version(qtbot, ctx: AppContext, tmp_path: Path):
    pack = build_demo_pack(tmp_path / "pack", versions=4)
    library.import_pack(ctx.station.store, ctx.station.data, pack, "test")
    wanted = library.list_versions(ctx.station.store)[2]
    page = LibraryPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    page.search_box.setFocus()
    qtbot.keyClicks(page.search_box, "0" + wanted.gtin)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0)["version_id"] == wanted.version_id
