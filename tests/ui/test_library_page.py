"""The library page: search, thumbnails, ROIs drawn, import with progress, removal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from appraiser.library.demo import build_demo_pack
from appraiser.services.admin.accounts import Session
from appraiser.services.reference import library
from ui.context import AppContext
from ui.pages.library_page import LibraryPage
from ui.widgets.library_import import ImportDialog


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return build_demo_pack(tmp_path / "pack", versions=4)


@pytest.fixture
def filled(ctx: AppContext, pack: Path) -> AppContext:
    library.import_pack(ctx.station.store, ctx.station.data, pack, "test")
    return ctx


def test_search_lists_versions_with_thumbnails_and_rois(qtbot, filled: AppContext) -> None:
    page = LibraryPage(filled)
    qtbot.addWidget(page)
    page.activated()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    qtbot.waitUntil(lambda: page.canvas.box_count() == 5)  # the demo pack's five ROIs
    qtbot.waitUntil(lambda: page.model._thumbs != {})
    page.search_box.setText("CN")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0)["region"] == "CN"
    assert "4 version" not in page.count.text()


def test_import_buttons_only_for_supervisors(
    qtbot, ctx: AppContext, appraiser_session: Session, admin: Session
) -> None:
    page = LibraryPage(ctx)
    qtbot.addWidget(page)
    ctx.set_session(appraiser_session)
    assert page.import_button.isHidden()
    ctx.set_session(admin)
    assert not page.import_button.isHidden()


def test_import_dialog_reports_progress_and_result(
    qtbot, ctx: AppContext, admin: Session, pack: Path
) -> None:
    ctx.set_session(admin)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(pack))
    with qtbot.waitSignal(dialog.imported, timeout=60000) as blocker:
        dialog.start()
    assert blocker.args[0].added == 4
    assert dialog.bar.value() == dialog.bar.maximum() == 4
    assert "4 added" in dialog.status.text()


def test_import_dialog_shows_a_refused_pack(
    qtbot, ctx: AppContext, admin: Session, pack: Path
) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    manifest["versions"][1]["id"] = manifest["versions"][0]["id"]
    (pack / "manifest.json").write_text(json.dumps(manifest))
    ctx.set_session(admin)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(pack))
    dialog.start()
    qtbot.waitUntil(lambda: "Nothing was imported" in dialog.status.text(), timeout=30000)
    assert "duplicate id" in dialog.status.text()
    assert library.list_versions(ctx.station.store) == []
