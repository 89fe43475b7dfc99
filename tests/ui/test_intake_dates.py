"""Intake refuses an expiry that is not YYYY-MM-DD, says so, and starts no case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from appraiser.services.arrivals import intake
from tests.ui import workflow_support as bench
from ui import tasks
from ui.app import Controller


@pytest.fixture
def controller(qtbot, station, tmp_path, monkeypatch) -> Iterator[Controller]:
    bench.prepare_station(station)
    bench.with_bench_pages(monkeypatch)
    made = Controller(station, tmp_path / "log")
    qtbot.addWidget(made.window)
    yield made
    page = made.window.pages.get("appraisal")
    if page is not None:
        page.capture.capture.shutdown()
    tasks.runner().wait_idle()


def test_a_day_first_expiry_is_refused_with_the_form_to_use(
    qtbot, station, appraiser_session, controller
):
    bench.open_window(qtbot, controller, appraiser_session)
    bench.scan(qtbot, controller.window.pages["queue"].scan_field, bench.BAG_GTIN)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and page.intake.start.isEnabled())
    expiry = page.intake.edits["expiry"]
    expiry.setFocus()
    qtbot.keyClicks(expiry, "30/06/2027")
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "YYYY-MM-DD" in page.message.text())
    assert "30/06/2027" in page.message.text() and page.case is None
    assert intake.item(station.store, page.item["uid"])["expiry"] is None
    expiry.clear()
    qtbot.keyClicks(expiry, "2027-06-30")
    qtbot.waitUntil(page.intake.start.isEnabled)
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case is not None)
    assert page.case.item["expiry"] == "2027-06-30"
