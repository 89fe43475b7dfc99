"""The Verify page and the Review list read times on the station's clock: a verdict signed,
a scan made and a case waiting since a known UTC instant show as Asia/Shanghai time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from appraiser import clock
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import verdicts, workflow
from tests.ui import workflow_support as bench

INSTANT = datetime(2026, 12, 5, 6, 3, 27, tzinfo=UTC)
SHANGHAI = "2026-12-05 14:03"


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch) -> None:
    """Every stored time in these tests is INSTANT (before the window opens)."""
    monkeypatch.setattr(clock, "utcnow", lambda: INSTANT)


def test_signing_and_scan_times_read_on_the_station_clock(
    qtbot, station, appraiser_session, password, controller
):
    payload = bench.genuine_label(station, appraiser_session, password)
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    window.show_page("verify")
    verify = window.pages["verify"]
    qtbot.waitUntil(lambda: window.current_page() is verify)
    verify.input.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is verify.input)
    verify.input.setText(payload)
    qtbot.keyClick(verify.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.last is not None, timeout=10000)
    form = verify.result.form
    shown = [form.itemAt(i).widget().text() for i in range(form.count()) if form.itemAt(i).widget()]
    signed = shown[shown.index("Signed") + 1]
    assert signed.startswith(SHANGHAI)
    scans = verify.result.scan_model
    assert scans.rowCount() == 1
    assert scans.index(0, 0).data().startswith(SHANGHAI)


def test_the_review_list_says_since_when_on_the_station_clock(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    store, tz = station.store, station.settings.tz()
    day = queue.local_day(tz)
    item, _ = queue.add_scan(store, appraiser_session, day, scanning.parse(bench.BAG_GTIN))
    uid = workflow.begin(store, appraiser_session, "BW-01", tz, item, "bags")
    verdicts.sign(store, appraiser_session, uid, "inconclusive", password)
    bench.open_window(qtbot, controller, supervisor)
    window = controller.window
    window.show_page("review")
    review = window.pages["review"]
    qtbot.waitUntil(lambda: review.model.rowCount() == 1)
    assert review.model.index(0, 1).data() == SHANGHAI
