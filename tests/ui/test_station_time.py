"""One station time zone wherever a person reads a time: a known UTC instant appears as the
station's wall-clock time (Asia/Shanghai by default, or what Settings say) in the sign
dialog and in the bench's "held since" message."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from appraiser import clock
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import workflow
from tests.ui import bench_flow_support as flow
from tests.ui import workflow_support as bench

INSTANT = datetime(2026, 12, 5, 6, 3, 27, tzinfo=UTC)
SHANGHAI, NEW_YORK = "2026-12-05 14:03", "2026-12-05 01:03"
BAG14 = "0" + bench.BAG_GTIN


@pytest.fixture
def pinned(monkeypatch) -> datetime:
    """Every "now" of the core is the known instant."""
    monkeypatch.setattr(clock, "utcnow", lambda: INSTANT)
    return INSTANT


def _in_new_york(station) -> None:
    station.settings = dataclasses.replace(station.settings, timezone="America/New_York")


def _queued(station, session) -> str:
    day = queue.local_day(station.settings.tz())
    return queue.add_scan(station.store, session, day, scanning.parse(BAG14))[0]


def _open_first_row(qtbot, window):
    view = window.pages["queue"]
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.selectRow(0)
    qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None)
    return page


@pytest.mark.parametrize("zone", ["default", "new-york"])
def test_the_sign_dialog_shows_the_station_time(
    qtbot, station, appraiser_session, controller, pinned, zone
):
    if zone == "new-york":
        _in_new_york(station)
    store, tz = station.store, station.settings.tz()
    uid = workflow.begin(
        store, appraiser_session, "BW-01", tz, _queued(station, appraiser_session), "bags"
    )
    flow.shoot_required(station, appraiser_session, uid)
    for step in ("capture", "compare", "checklist"):
        workflow.save_step(store, appraiser_session, uid, step, {"done": True})
    bench.open_window(qtbot, controller, appraiser_session)
    page = _open_first_row(qtbot, controller.window)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.verdict)
    genuine = page.verdict.choices["genuine"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is genuine)
    qtbot.keyClick(genuine, Qt.Key.Key_Space)
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    dialog = page.sign_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.when.text() == (SHANGHAI if zone == "default" else NEW_YORK)
    dialog.reject()


def test_a_held_item_says_since_when_in_station_time(
    qtbot, station, appraiser_session, second_appraiser, controller, pinned
):
    item = _queued(station, appraiser_session)
    bench.open_window(qtbot, controller, second_appraiser)
    page = _open_first_row(qtbot, controller.window)
    qtbot.waitUntil(page.intake.start.isEnabled)
    workflow.begin(station.store, appraiser_session, "BW-01", station.settings.tz(), item, "bags")
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)  # too late: it is held
    qtbot.waitUntil(lambda: "held by" in page.message.text())
    assert f"since {SHANGHAI}" in page.message.text() and "UTC" not in page.message.text()
