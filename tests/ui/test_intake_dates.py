"""Intake refuses an expiry that is not YYYY-MM-DD, says so, and starts no case."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.arrivals import intake
from tests.ui import workflow_support as bench


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
