"""The export dialog exports as the signed-in supervisor (issue 14, finding 2's --user
rule): its child process acts through a one-time hand-off, the audit trail names the
person, and a session the rule book refuses gets a refusal shown in place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from appraiser.clock import utcnow
from appraiser.reports.sample import SAMPLE_PASSWORD, SUPERVISOR, populate_day
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.records.exports import verify_exports
from ui.context import AppContext
from ui.dialogs.export_dialog import ExportDialog


@pytest.fixture
def day_ctx(ctx: AppContext) -> AppContext:
    station = ctx.station
    today = utcnow().astimezone(station.settings.tz()).date()
    populate_day(station.store, today, station.settings.tz(), 12, seed=4)
    return ctx


def _dialog(qtbot, ctx: AppContext, folder: Path) -> ExportDialog:
    today = utcnow().astimezone(ctx.station.settings.tz()).date()
    dialog = ExportDialog(ctx, today)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.clear()
    qtbot.keyClicks(dialog.folder, str(folder))
    return dialog


def test_the_dialog_exports_as_the_signed_in_supervisor(
    qtbot, day_ctx: AppContext, tmp_path: Path
) -> None:
    """issue 14 finding 2: exports take the signed-in session, never a fixed actor name."""
    store = day_ctx.station.store
    day_ctx.set_session(accounts.check_password(store, SUPERVISOR[0], SAMPLE_PASSWORD))
    dialog = _dialog(qtbot, day_ctx, tmp_path)
    qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30000)
    assert verify_exports(day_ctx.station, tmp_path).ok
    event = store.one(
        "SELECT actor, data FROM audit_events WHERE action = 'export.daily' ORDER BY seq DESC"
    )
    assert event["actor"] == SUPERVISOR[0]
    assert json.loads(event["data"])["file"] == dialog.result.path.name
    assert store.one("SELECT COUNT(*) AS n FROM session_handoffs")["n"] == 0  # spent


def test_a_session_the_rule_book_refuses_is_told_in_place(
    qtbot, day_ctx: AppContext, appraiser_session: Session, tmp_path: Path
) -> None:
    """issue 14 finding 2: an appraiser's session gets the rule book's refusal, no file."""
    day_ctx.set_session(appraiser_session)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    dialog = _dialog(qtbot, day_ctx, tmp_path)
    qtbot.mouseClick(dialog.run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not exported:"), timeout=30000)
    assert "needs a supervisor" in dialog.status.text()
    assert dialog.result is None and not any(tmp_path.iterdir())
