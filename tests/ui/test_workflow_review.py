"""Counterfeit → quarantine, and inconclusive → blind review by a second appraiser,
through the real window (the review screen never shows the first verdict)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, quarantine, verdicts, workflow
from appraiser.services.labelling import labels
from tests.ui import bench_flow_support as flow
from tests.ui import workflow_support as bench
from ui import tasks
from ui.app import Controller

FOOD_GTIN = "7491766914787"  # TERRANOVA POSHI66 (food) in the demo library


@pytest.fixture
def controller(qtbot, station, tmp_path, monkeypatch) -> Iterator[Controller]:
    bench.prepare_station(station)
    bench.with_bench_pages(monkeypatch)
    made = Controller(station, tmp_path / "log")
    qtbot.addWidget(made.window)
    yield made
    if made.dialog is not None:  # a sign-in dialog left open would block the next tests
        made.dialog.hide()
    made.window.pages["appraisal"].capture.capture.shutdown()
    tasks.runner().wait_idle()


def _case_at_verdict(station, session) -> str:
    """A case whose capture, compare and checklist are done (the bench test drives those)."""
    day = queue.local_day(station.settings.tz())
    item, _ = queue.add_scan(station.store, session, day, scanning.parse(bench.BAG_GTIN))
    uid = workflow.begin(station.store, session, "BW-01", station.settings.tz(), item, "bags")
    flow.shoot_required(station, session, uid)
    for step, data in (("capture", {"stills": 8}), ("compare", {"reading": "deviates"})):
        workflow.save_step(station.store, session, uid, step, data)
    workflow.save_step(station.store, session, uid, "checklist", {"done": True})
    return uid


def _open(qtbot, controller, uid):
    page = controller.window.pages["queue"]
    page.open_item("", uid)
    bench_page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: bench_page.case is not None and bench_page.case.step == "verdict")
    return bench_page


def test_counterfeit_needs_reasons_and_goes_to_quarantine(
    qtbot, station, appraiser_session, password, controller
):
    uid = _case_at_verdict(station, appraiser_session)
    bench.open_window(qtbot, controller, appraiser_session)
    page = _open(qtbot, controller, uid)
    page.verdict.choose("counterfeit")
    assert not page.verdict.sign.isEnabled()  # no reason code yet
    qtbot.waitUntil(lambda: page.verdict.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    assert page.verdict.codes() == ["NOT_AUTHENTIC"]
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    bench.sign(qtbot, page, "wrong-password")
    dialog = page.sign_dialog
    qtbot.waitUntil(lambda: "wrong password" in dialog.error.text())
    assert dialog.isVisible() and appraisals.current_verdict(station.store, uid) is None
    bench.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: "Quarantine record" in page.outcome.details.text(), timeout=20000)
    held = quarantine.of_appraisal(station.store, uid)
    assert held[0]["reason_codes"] == ["NOT_AUTHENTIC"]
    assert labels.live_label(station.store, uid) is None
    assert station.store.verify_audit().ok


def test_inconclusive_goes_to_a_blind_review(
    qtbot, station, appraiser_session, second_appraiser, password, controller
):
    uid = _case_at_verdict(station, appraiser_session)
    bench.open_window(qtbot, controller, appraiser_session)
    page = _open(qtbot, controller, uid)
    page.verdict.choose("inconclusive", note="serial font looks off")
    page.verdict.leaning.setCurrentIndex(page.verdict.leaning.findData("counterfeit"))
    qtbot.mouseClick(page.verdict.sign, Qt.MouseButton.LeftButton)
    bench.sign(qtbot, page, password)
    qtbot.waitUntil(lambda: "review queue" in page.outcome.details.text(), timeout=20000)
    assert appraisals.current(station.store, uid)["state"] == "awaiting_review"

    controller.sign_out()
    bench.open_window(qtbot, controller, second_appraiser)
    controller.window.show_page("review")
    review = controller.window.pages["review"]
    qtbot.waitUntil(lambda: review.model.rowCount() == 1)
    review.table.selectRow(0)
    review.open_case(review.model.row(0)["uid"])
    qtbot.waitUntil(lambda: review.uid == uid)
    shown = " ".join(
        w.text() for w in (review.item, review.findings, review.heading, review.message)
    )
    assert "serial font looks off" not in shown and "inconclusive" not in shown.lower()
    assert "counterfeit" not in shown.lower()
    assert not review.verdict.choices["inconclusive"].isVisible()
    review.verdict.choose("genuine", note="serial matches the brand's register")
    qtbot.mouseClick(review.verdict.sign, Qt.MouseButton.LeftButton)
    bench.sign(qtbot, review, password)
    qtbot.waitUntil(lambda: "Review signed" in review.message.text(), timeout=20000)
    assert "Label" in review.message.text()
    decision = station.store.one("SELECT * FROM review_decisions WHERE appraisal_uid = ?", (uid,))
    assert (decision["first_leaning"], decision["decision"], decision["agrees"]) == (
        "counterfeit",
        "genuine",
        0,
    )
    assert [v["kind"] for v in verdicts.history(station.store, uid)] == ["initial", "review"]
    assert labels.live_label(station.store, uid) is not None
    assert station.store.verify_audit().ok


def test_food_checklist_computes_the_remaining_shelf_life(
    qtbot, station, appraiser_session, controller
):
    day, tz = queue.local_day(station.settings.tz()), station.settings.tz()
    item, _ = queue.add_scan(station.store, appraiser_session, day, scanning.parse(FOOD_GTIN))
    uid = workflow.begin(station.store, appraiser_session, "BW-01", tz, item, "food")
    flow.shoot_required(station, appraiser_session, uid)
    workflow.save_step(station.store, appraiser_session, uid, "capture", {"stills": 9})
    workflow.save_step(station.store, appraiser_session, uid, "compare", {"reading": "consistent"})
    bench.open_window(qtbot, controller, appraiser_session)
    controller.window.pages["queue"].open_item("", uid)
    page = controller.window.pages["appraisal"]
    qtbot.waitUntil(lambda: page.case is not None and page.case.step == "checklist")
    facts = page.checks.dated
    assert facts.isVisible()
    facts.production.setText("2020-01-01")
    facts.months.setValue(12)
    facts.licence.setText("SC10631011500012")
    qtbot.mouseClick(facts.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "EXPIRED" in facts.remaining.text())
    dated = appraisals.current(station.store, uid)["data"]["checklist"]["dated"]
    assert dated["expired"] and dated["computed_expiry"] == "2021-01-01"
    assert dated["licence_no"] == "SC10631011500012"
    qtbot.mouseClick(page.checks.next, Qt.MouseButton.LeftButton)  # disabled: points open
    assert page.case.step == "checklist"
