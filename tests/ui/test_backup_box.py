"""The settings page's backup box: backup and staged restore, off the UI thread."""

from __future__ import annotations

import pytest

from appraiser.services.admin import backup
from ui import tasks
from ui.pages.settings_page import SettingsPage
from ui.widgets.backup_box import BackupBox


@pytest.fixture
def box(qtbot, signed_in_ctx):
    """Held until every background job is gone: a widget whose last reference dies with a
    finished job on a worker thread is deleted there, which crashes Qt."""
    widget = BackupBox(signed_in_ctx)
    qtbot.addWidget(widget)
    yield widget
    tasks.runner().wait_idle()


def test_backup_then_restore_is_staged_for_the_next_start(qtbot, box, signed_in_ctx, tmp_path):
    archive = tmp_path / "station.zip"
    box.ask_save_path = lambda: archive
    box.backup_button.click()
    qtbot.waitUntil(lambda: "verified" in box.status.text())
    assert archive.is_file() and box.backup_button.isEnabled()

    asked, restarted = [], []
    box.ask_open_path = lambda: archive
    box.confirm_restore = lambda manifest: asked.append(manifest) or True
    box.after_restore = lambda: restarted.append(True)
    with qtbot.waitSignal(box.restore_staged, timeout=20000):
        box.restore_button.click()
    root = signed_in_ctx.station.data.root
    assert asked[0].station_code == signed_in_ctx.settings.station_code
    assert restarted == [True]
    assert (backup.pending_path(root) / "appraiser.db").is_file()


def test_a_foreign_file_is_refused_with_its_reason(qtbot, box, tmp_path):
    foreign = tmp_path / "notes.zip"
    foreign.write_bytes(b"not a zip at all")
    box.ask_open_path = lambda: foreign
    box.confirm_restore = lambda manifest: True
    box.restore_button.click()
    qtbot.waitUntil(lambda: "not a backup" in box.status.text())
    assert box.restore_button.isEnabled() and box.busy.isHidden()


@pytest.fixture
def keep():
    """Widgets kept alive until background jobs are gone (see ``box``)."""
    kept: list = []
    yield kept
    tasks.runner().wait_idle()


def test_only_an_admin_sees_the_box(qtbot, ctx, admin, supervisor, keep):
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    keep.append(page)
    ctx.set_session(supervisor)
    page.activated()
    assert page.backup.isHidden()
    ctx.set_session(admin)
    page.activated()
    assert not page.backup.isHidden()
