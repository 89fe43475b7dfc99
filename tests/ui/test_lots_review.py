"""The Lots page's last gaps (issue 16 L6c), in the real window with real clicks and keys:
a decided lot whose unit verdict was amended reads "under review" with why (in words built
from the review, in English and Chinese), offers neither signing nor printing, and a second
supervisor ends the review through Override; an every-unit lot offers no lot unit labels
(each bag carries its own); the page's message does not follow a person to another tab."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from appraiser.clock import now_iso
from appraiser.domain.enums import Role, Verdict
from appraiser.services.admin import accounts
from appraiser.services.arrivals import queue
from appraiser.services.arrivals.entries import add_entry
from appraiser.services.arrivals.lines import QUEUE_LINE
from appraiser.services.casework import verdicts, workflow
from appraiser.services.lots import decisions, lot_review, samples, unit_labels
from tests.ui import bench_flow_support as flow
from tests.ui import busy_station
from tests.ui.test_lots_actions import _accepted_lot
from tests.ui.test_lots_page import _cell, _lots_page
from ui.widgets.lot_table import LOT_COLUMNS


def _second_supervisor(station, admin, password):
    accounts.create_user(station.store, "supervisor2", "Supervisor Two", Role.SUPERVISOR,
                         password, by=admin)  # fmt: skip
    return accounts.check_password(station.store, "supervisor2", password)


def _amend_first_unit(station, lot_uid: str, by, password: str, verdict=Verdict.COUNTERFEIT):
    unit = samples.units(station.store, lot_uid)[0]
    codes = ["NOT_AUTHENTIC"] if verdict == Verdict.COUNTERFEIT else None
    verdicts.amend(station.store, by, unit["appraisal_uid"], verdict, password, "lab result",
                   reason_codes=codes)  # fmt: skip


def _under_review(station, appraiser_session, supervisor, password, tmp_path) -> str:
    """An accepted lot of 60 with its unit labels issued; then a supervisor amends a drawn
    unit to counterfeit: the lot now reads rejected, its labels are revoked."""
    uid = _accepted_lot(station, appraiser_session, password, tmp_path, quantity=60)
    unit_labels.issue_units(station, appraiser_session, uid)
    _amend_first_unit(station, uid, supervisor, password)
    assert lot_review.open_review(station.store, uid)["now"] == "reject"
    return uid


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_a_lot_under_review_says_why_and_a_second_supervisor_ends_it(
    qtbot, station, appraiser_session, supervisor, admin, password, controller, tmp_path
):
    uid = _under_review(station, appraiser_session, supervisor, password, tmp_path)
    second = _second_supervisor(station, admin, password)
    flow.sign_in(qtbot, controller, second)
    page = _lots_page(qtbot, controller.window)
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "Under review")
    state = page.detail.state.text()
    assert "the units now read Rejected (before: Accepted)" in state
    assert "60 unit labels revoked" in state and "quarantine" in state
    buttons = page.detail.buttons
    assert not buttons["labels"].isEnabled() and not buttons["decide"].isEnabled()
    assert page.detail.why.text().startswith("Under review:")
    override = buttons["override"]
    qtbot.waitUntil(lambda: override.isVisible() and override.isEnabled())
    qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    dialog = page.lot_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Confirm or change the lot decision"
    assert dialog.decision.currentData() == "reject"  # what the units now read
    qtbot.keyClicks(dialog.reason, "unit 1 confirmed counterfeit by the lab")
    qtbot.keyClicks(dialog.password, password)
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "Overridden")
    assert lot_review.open_review(station.store, uid) is None
    signed = decisions.current(station.store, uid)
    assert (signed["decision"], signed["kind"]) == ("reject", "override")
    qtbot.waitUntil(lambda: "now read" not in page.detail.state.text())


def test_the_review_reads_in_chinese(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    _under_review(station, appraiser_session, supervisor, password, tmp_path)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "Under review")
    busy_station.switch_language(qtbot, controller.window, "zh_CN")
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "复核中")
    state = page.detail.state.text()
    assert "复核中" in state and "已吊销 60 个单件标签。本批已隔离。" in state  # no space run-on
    assert "now read" not in state and "Rejected" not in state
    assert "复核" in page.detail.why.text()


def _every_unit_lot(station, session, password, quantity: int = 3) -> str:
    """Today's every-unit lot of ``quantity`` bags, each taken, appraised genuine and
    labelled as a single item would be; its lot decision signed."""
    day = queue.local_day(station.settings.tz())
    lot_uid = "LOT-" + uuid.uuid4().hex[:10].upper()
    fields = {"gtin": "5901234123457", "category": "bags", "brand": "Atelier", "model": "Sac 9"}
    with station.store.atomic(session.actor) as tx:
        line = add_entry(tx, session, day, fields, source="manual")
        items = [line] + [
            add_entry(tx, session, day, {**fields, "attributes": {QUEUE_LINE: line}},
                      source="manual")
            for _ in range(quantity - 1)
        ]  # fmt: skip
        tx.insert("lots", {
            "uid": lot_uid, "line_uid": line, "day": day.isoformat(), "category": "bags",
            "gtin": fields["gtin"], "quantity": quantity, "policy": "every_unit",
            "sample_size": quantity, "plan": "{}", "created": now_iso(),
            "created_by": session.user_id,
        }, action="lot.planned", uid=lot_uid)  # fmt: skip
    tz = station.settings.tz()
    for item in items:
        uid = workflow.begin(station.store, session, "BW-01", tz, item, "bags")
        verdicts.sign(station.store, session, uid, "genuine", password)
    decisions.decide(station, session, password, lot_uid)
    return lot_uid


def test_an_every_unit_lot_offers_no_lot_unit_labels(
    qtbot, station, appraiser_session, password, controller
):
    _every_unit_lot(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "Accepted")
    assert not page.detail.buttons["labels"].isEnabled()
    assert "its own appraisal" in page.detail.why.text()


def test_the_report_message_stays_on_the_lots_tab(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path, monkeypatch
):
    from tests.ui.test_lots_actions import _click, _save_as

    _accepted_lot(station, appraiser_session, password, tmp_path)
    _save_as(monkeypatch, tmp_path / "report.pdf")
    flow.sign_in(qtbot, controller, supervisor)
    page = _lots_page(qtbot, controller.window)
    _click(qtbot, page.detail.buttons["report"])
    qtbot.waitUntil(lambda: "Lot report saved" in page.message.text(), timeout=30_000)
    tab = page.tabs.tabBar()
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(1).center())
    qtbot.waitUntil(page.scorecard.isVisible)
    assert page.message.text() == ""
