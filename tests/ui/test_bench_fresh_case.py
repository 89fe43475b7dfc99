"""Nothing of one case survives into the next on the bench: the capture step starts with
the new case's own shot list, Compare shows only the new case's photo and score, and
Continue / Consistent stay shut until this case has its own photos."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from appraiser.services.casework import appraisals
from tests.ui import bench_flow_support as flow
from ui.widgets import compare_widget

CN_BAG_GTIN = "8517510102329"  # AURELIA FAMON51 (CN): a second bag in the demo library


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """Holds every comparison on its worker until the test opens the gate."""
    opened = threading.Event()
    real = compare_widget.analyse

    def held(*args, **kwargs):
        opened.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(compare_widget, "analyse", held)
    yield opened
    opened.set()


def _leave_to_queue(qtbot, window) -> None:
    flow.press(window.current_page(), "F2")
    qtbot.waitUntil(lambda: window.current_page() is window.pages["queue"])


def test_capture_of_the_next_case_starts_with_nothing_shot(
    qtbot, station, appraiser_session, controller
):
    first = flow.begin(station, appraiser_session, flow.support.BAG_GTIN, "bags")
    flow.shoot_required(station, appraiser_session, first)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, flow.support.BAG_GTIN, "capture")
    qtbot.waitUntil(page.capture.next.isEnabled)  # every view of the first case is shot
    _leave_to_queue(qtbot, window)

    page = flow.open_by_scan(qtbot, window, CN_BAG_GTIN)
    qtbot.waitUntil(lambda: page.intake.start.isEnabled())
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case is not None and page.case.uid != first)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.capture)
    widget = page.capture.capture
    qtbot.waitUntil(lambda: widget.shots.count() > 0 and widget.uid == page.case.uid)
    assert page.capture.missing() == list(widget.checklist.required_views)
    assert not page.capture.next.isEnabled()
    assert "still to shoot" in page.capture.status.text()
    assert "All required views" not in widget.status.text()
    assert widget.thumbs.count() == 0
    flow.press(widget, "Ctrl+Return")
    flow.settle(qtbot)
    assert appraisals.current(station.store, page.case.uid)["step"] == "capture"


def test_compare_of_the_next_case_shows_nothing_of_the_last(
    qtbot, station, appraiser_session, controller, gate
):
    flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "compare")
    second = flow.case_at(station, appraiser_session, CN_BAG_GTIN, "bags", "compare")
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, flow.support.BAG_GTIN, "compare")
    engine = page.compare.engine
    gate.set()
    qtbot.waitUntil(lambda: engine.result() is not None, timeout=60000)
    qtbot.waitUntil(page.compare.buttons["consistent"].isEnabled)
    assert engine.scores.text() and engine.photo_view.has_image
    _leave_to_queue(qtbot, window)

    gate.clear()  # the second case's comparison waits: what shows meanwhile?
    page = flow.open_case(qtbot, window, CN_BAG_GTIN, "compare")
    assert page.case.uid == second
    assert engine.result() is None and engine.scores.text() == ""
    assert not engine.photo_view.has_image and not engine.reference_view.has_image
    assert engine.regions.count() == 0
    assert not page.compare.buttons["consistent"].isEnabled()
    assert not page.compare.buttons["deviates"].isEnabled()
    flow.focus(qtbot, page.compare.version)
    flow.press(page.compare.version, "Alt+Y")
    qtbot.mouseClick(page.compare.buttons["consistent"], Qt.MouseButton.LeftButton)
    flow.settle(qtbot)
    assert appraisals.current(station.store, second)["step"] == "compare"

    gate.set()
    qtbot.waitUntil(page.compare.buttons["consistent"].isEnabled, timeout=60000)
    qtbot.mouseClick(page.compare.buttons["consistent"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case.step == "checklist")
    stored = appraisals.current(station.store, second)["data"]["compare"]
    photos = {
        str(station.store.media.path(m["media_sha256"]))
        for m in appraisals.media_of(station.store, second, "still")
    }
    assert stored["engine"]["image"] in photos


def test_a_half_answered_failure_does_not_follow_into_the_next_checklist(
    qtbot, station, appraiser_session, controller
):
    flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "checklist")
    second = flow.case_at(station, appraiser_session, CN_BAG_GTIN, "bags", "checklist")
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, flow.support.BAG_GTIN, "checklist")
    table = page.checks.table
    flow.focus(qtbot, table)
    table.setCurrentCell(3, 2)
    qtbot.keyClick(table, Qt.Key.Key_F)  # fail: the note opens for typing…
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Escape)  # …and is left unwritten
    _leave_to_queue(qtbot, window)

    page = flow.open_case(qtbot, window, CN_BAG_GTIN, "checklist")
    assert page.case.uid == second
    assert table.currentRow() == 0  # the first open point of this case
    table.setCurrentCell(3, 2)
    flow.focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # edit the note of a point not yet answered
    qtbot.waitUntil(lambda: table.state() == table.State.EditingState)
    qtbot.keyClicks(table.focusWidget(), "looks fine")
    qtbot.keyClick(table.focusWidget(), Qt.Key.Key_Return)
    flow.settle(qtbot)
    point = page.checks.point_key(3)
    assert page.checks.answers.get(point, {}).get("result") is None


def test_the_intake_of_the_next_item_offers_no_case_actions(
    qtbot, station, appraiser_session, controller
):
    """Hand over / Abandon of the last case stayed on the next item's intake; Abandon
    there raised AttributeError (no case) instead of doing nothing."""
    flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "compare")
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    page = flow.open_case(qtbot, window, flow.support.BAG_GTIN, "compare")
    assert page.actions.isVisible()
    _leave_to_queue(qtbot, window)
    page = flow.open_by_scan(qtbot, window, "5901234123457")  # not in the library
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.intake)
    assert page.case is None
    assert not page.actions.isVisible()
