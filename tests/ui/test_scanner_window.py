"""The hand-held scanner in the real window: capitals, GS separators and Digital Link
URLs scanned outside the scan field; a fast person typing a checklist note is not a scan;
a banner never follows the appraiser to the next step; the Verify page keeps its scans."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import workflow
from tests.ui import bench_flow_support as flow
from tests.ui import workflow_support as bench
from tests.ui.scanner_support import GS, KeyClock, type_burst
from ui import scanner

BAG14 = "0" + bench.BAG_GTIN
LOT_BURST = "01" + BAG14 + "17271231" + "10LOT2412"
GS_BURST = "01" + BAG14 + "10LOT2412" + GS + "21SN0001" + GS + "17271231"
LINK = f"https://id.gs1.org/01/{BAG14}/10/LOT2412/21/SN0001?17=271231"
SCANNER_MS, PERSON_MS = 4, 15


@pytest.fixture
def clock(qapp) -> Iterator[KeyClock]:
    """The application's scanner filter times keys by this clock during the test."""
    app_filter = scanner.install(qapp)
    before = app_filter.clock
    app_filter.clock = made = KeyClock()
    yield made
    app_filter.clock = before


def _focused(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _case_at_checklist(station, session) -> str:
    store, tz = station.store, station.settings.tz()
    item, _ = queue.add_scan(store, session, queue.local_day(tz), scanning.parse(BAG14))
    uid = workflow.begin(store, session, "BW-01", tz, item, "bags")
    flow.shoot_required(station, session, uid)
    workflow.save_step(store, session, uid, "capture", {"stills": 8})
    workflow.save_step(store, session, uid, "compare", {"reading": "consistent"})
    return uid


def _open_first_row(qtbot, window, step: str = "checklist"):
    queue_view = window.pages["queue"]
    qtbot.waitUntil(lambda: queue_view.model.rowCount() == 1)
    queue_view.table.selectRow(0)
    qtbot.mouseClick(queue_view.open_button, Qt.MouseButton.LeftButton)
    page = window.pages["appraisal"]
    qtbot.waitUntil(
        lambda: page.case is not None and page.stack.currentWidget() is page.steps[step]
    )
    return page


@pytest.mark.parametrize(
    ("code", "suffix"),
    [(LOT_BURST, Qt.Key.Key_Return), (GS_BURST, Qt.Key.Key_Tab), (LINK, Qt.Key.Key_Enter)],
    ids=["capitals-enter", "gs-tab", "digital-link"],
)
def test_a_scan_with_capitals_outside_the_scan_field_opens_the_item(
    qtbot, station, appraiser_session, controller, clock, code, suffix
):
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    queue_view = window.pages["queue"]
    _focused(qtbot, queue_view.table)
    type_burst(queue_view.table, code, clock, SCANNER_MS, suffix)
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and window.current_page() is page)
    qtbot.waitUntil(lambda: page.intake.edits["batch_lot"].text() == "LOT2412")
    assert page.intake.edits["expiry"].text() == "2027-12-31"
    assert page.intake.edits["gtin"].text() == BAG14


def test_a_fast_typist_in_the_verdict_note_is_not_a_scanner(
    qtbot, station, appraiser_session, controller, clock
):
    uid = _case_at_checklist(station, appraiser_session)
    workflow.save_step(
        station.store, appraiser_session, uid, "checklist", {"points": {}, "done": True}
    )
    bench.open_window(qtbot, controller, appraiser_session)
    page = _open_first_row(qtbot, controller.window, "verdict")
    note = page.verdict.note
    _focused(qtbot, note)
    type_burst(note, "stitching even, logo ok", clock, PERSON_MS, Qt.Key.Key_Return)
    type_burst(note, "zip pull worn", clock, PERSON_MS, Qt.Key.Key_Return)
    assert note.toPlainText() == "stitching even, logo ok\nzip pull worn\n"
    assert page.message.isHidden() or page.message.text() == ""
    assert controller.window.pages["queue"].message.text() == ""


def test_a_scan_banner_is_cleared_on_the_next_step(
    qtbot, station, appraiser_session, controller, clock
):
    _case_at_checklist(station, appraiser_session)
    bench.open_window(qtbot, controller, appraiser_session)
    page = _open_first_row(qtbot, controller.window)
    _focused(qtbot, page.actions.handover)
    type_burst(page.actions.handover, "5901234123457", clock, SCANNER_MS, Qt.Key.Key_Return)
    assert "NOT the item on the bench" in page.message.text() and page.message.isVisible()
    QApplication.focusWidget().clearFocus()
    _focused(qtbot, page.checks.table)
    qtbot.keyClick(page.checks.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.case.step == "capture")
    assert page.message.isHidden()


def test_a_queue_error_does_not_wait_for_the_appraiser_to_come_back(
    qtbot, station, appraiser_session, controller, clock
):
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    queue_view = window.pages["queue"]
    _focused(qtbot, queue_view.table)
    type_burst(queue_view.table, "5901234123458", clock, SCANNER_MS, Qt.Key.Key_Return)
    assert "wrong check digit" in queue_view.message.text()
    type_burst(queue_view.table, LOT_BURST, clock, SCANNER_MS, Qt.Key.Key_Return)
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.item is not None and window.current_page() is page)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.current_page() is queue_view)
    assert queue_view.message.text() == ""


def test_a_bad_scan_on_another_page_is_explained_on_today(
    qtbot, station, appraiser_session, controller, clock
):
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    window.show_page("appraisal")
    page = window.pages["appraisal"]
    qtbot.waitUntil(lambda: window.current_page() is page)
    _focused(qtbot, window.nav)  # the page list: no text field has focus
    type_burst(window.nav, "5901234123458", clock, SCANNER_MS, Qt.Key.Key_Return)
    queue_view = window.pages["queue"]
    qtbot.waitUntil(lambda: window.current_page() is queue_view)
    assert "wrong check digit" in queue_view.message.text()


def test_a_label_scanned_into_the_verify_field_is_verified_not_queued(
    qtbot, station, appraiser_session, password, controller, clock
):
    payload = bench.genuine_label(station, appraiser_session, password)
    bench.open_window(qtbot, controller, appraiser_session)
    window = controller.window
    window.show_page("verify")
    verify = window.pages["verify"]
    qtbot.waitUntil(lambda: window.current_page() is verify)
    _focused(qtbot, verify.input)
    type_burst(verify.input, payload, clock, SCANNER_MS, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: verify.last is not None, timeout=10000)
    assert verify.result.banner.text() == "GENUINE LABEL"
    assert window.current_page() is verify
    assert queue.list_day(station.store, queue.local_day(station.settings.tz())) == []
