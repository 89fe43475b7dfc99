"""The Lots page in the real window: a sampled lot from an inbound list shows its plan,
progress and drawn positions; the Today table says "lot · k of n sampled appraised" with
the next unit's position; the decision is signed through the signing dialog only once the
sample decides it; a supervisor's override of a lot they appraised in is refused in place."""

from __future__ import annotations

import json
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from appraiser.clock import now_iso
from appraiser.services.arrivals import queue
from appraiser.services.casework import appraisals, verdicts, workflow
from appraiser.services.lots import decisions, lots, samples
from tests.ui import bench_flow_support as flow
from tests.ui import busy_station
from ui.models.queue_rows import line_state
from ui.widgets.lot_table import LOT_COLUMNS, UNIT_COLUMNS

GTIN = "5901234123457"


def _lot(station, session, tmp_path, quantity: int = 500, n: int = 8) -> dict:
    """A sampled lot of today written as rows, as the lot services write them: n drawn
    units, each an ordinary item, 6 units per carton. No merchant, so no switching state is
    tracked (that is slice L1's state machine, not this page's)."""
    day = queue.local_day(station.settings.tz())
    line = queue.add_manual(station.store, session, day, gtin=GTIN, brand="Maison Lune",
                            model="Rouge 24", merchant="Shanghai Trading")  # fmt: skip
    classes = {"critical": {"aql": 0.1, "n": n, "ac": 0, "re": 1},
               "major": {"aql": 1.0, "n": n, "ac": 0, "re": 1}}  # fmt: skip
    uid = "LOT-" + uuid.uuid4().hex[:10].upper()
    row = {
        "uid": uid, "line_uid": line, "day": day.isoformat(), "category": "beauty",
        "gtin": GTIN, "merchant": None, "quantity": quantity,
        "units_per_carton": 6, "policy": "sampling", "level": "II", "severity": "normal",
        "code_letter": "H", "sample_size": n, "plan": json.dumps(classes),
        "counterfeit_rejects": 1, "seed": "00", "created": now_iso(),
        "created_by": session.user_id,
    }  # fmt: skip
    items = [appraisals.register_item(station.store, session, gtin=GTIN, category="beauty")
             for _ in range(n)]  # fmt: skip
    with station.store.atomic(session.actor) as tx:
        tx.insert("lots", row, action="lot.planned", uid=uid)
        for k, item in enumerate(items):
            unit_no = (k * 37) % quantity + 1
            carton, place = (unit_no - 1) // 6 + 1, (unit_no - 1) % 6 + 1
            tx.insert("lot_samples", {
                "lot_uid": uid, "unit_no": unit_no, "carton": carton, "unit_in_carton": place,
                "item_uid": item, "created": now_iso(), "created_by": session.user_id,
            }, action="lot.unit_drawn", lot=uid)  # fmt: skip
    return lots.get(station.store, uid)


def _appraise_units(station, session, password, lot_uid: str, count: int | None = None) -> None:
    tz = station.settings.tz()
    for unit in samples.units(station.store, lot_uid)[:count]:
        uid = workflow.begin(station.store, session, "BW-01", tz, unit["item_uid"], "beauty")
        verdicts.sign(station.store, session, uid, "genuine", password)


def _cell(model, columns, row: int, key: str) -> str:
    return model.index(row, [k for k, _ in columns].index(key)).data()


def _lots_page(qtbot, window):
    page = busy_station.go_to(qtbot, window, "lots")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.detail.units.rowCount() > 0)
    return page


def _scorecard(qtbot, window):
    """The Lots page's scorecard tab, clicked open, once it lists today's one lot."""
    page = _lots_page(qtbot, window)
    tab = page.tabs.tabBar()
    qtbot.mouseClick(tab, Qt.MouseButton.LeftButton, pos=tab.tabRect(1).center())
    card = page.scorecard
    qtbot.waitUntil(lambda: card.isVisible() and card.model.rowCount() == 1)
    return card


def _press_ok(qtbot, dialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_a_sampled_lot_shows_its_plan_progress_positions_and_why_it_waits(
    qtbot, station, appraiser_session, password, controller, tmp_path
):
    lot = _lot(station, appraiser_session, tmp_path)
    n = lot["sample_size"]
    _appraise_units(station, appraiser_session, password, lot["uid"], count=1)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    second = samples.units(station.store, lot["uid"])[1]
    where = f"carton {second['carton']}, unit {second['unit_in_carton']}"
    page = _lots_page(qtbot, window)
    row = {k: _cell(page.model, LOT_COLUMNS, 0, k) for k, _ in LOT_COLUMNS}
    assert (row["gtin"].lstrip("0"), row["quantity"], row["policy"]) == (GTIN, "500", "Sampling")
    assert row["progress"] == f"1/{n} appraised" and row["state"] == "Pending"
    assert row["plan"].startswith(f"{lot['code_letter']} n{n}")
    assert _cell(page.detail.units, UNIT_COLUMNS, 1, "position") == where
    decide = page.detail.buttons["decide"]
    assert not decide.isEnabled()
    assert f"{n - 1} of {n} sampled units still to appraise" in page.detail.why.text()
    assert not page.detail.buttons["override"].isVisible()  # an appraiser never overrides


def test_the_lot_decision_is_signed_in_the_signing_dialog(
    qtbot, station, appraiser_session, password, controller, tmp_path
):
    lot = _lot(station, appraiser_session, tmp_path)
    _appraise_units(station, appraiser_session, password, lot["uid"])
    flow.sign_in(qtbot, controller, appraiser_session)
    page = _lots_page(qtbot, controller.window)
    decide = page.detail.buttons["decide"]
    qtbot.waitUntil(decide.isEnabled)
    qtbot.mouseClick(decide, Qt.MouseButton.LeftButton)
    dialog = page.lot_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.verdict.text() == "<b>Accepted</b>"
    assert dialog.meaning.text() == decisions.MEANING[("computed", "accept")]
    _press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: "Enter your password" in dialog.error.text())  # nothing signed
    assert decisions.current(station.store, lot["uid"]) is None
    qtbot.keyClicks(dialog.password, password)
    _press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: _cell(page.model, LOT_COLUMNS, 0, "state") == "Accepted")
    signed = decisions.current(station.store, lot["uid"])
    assert (signed["decision"], signed["kind"]) == ("accept", "computed")
    qtbot.waitUntil(lambda: "signed by Appraiser1" in page.detail.state.text())
    assert not decide.isEnabled()


def test_an_override_of_ones_own_lot_is_refused_in_place(
    qtbot, station, appraiser_session, supervisor, password, controller, tmp_path
):
    lot = _lot(station, appraiser_session, tmp_path)
    _appraise_units(station, supervisor, password, lot["uid"])  # the supervisor appraised
    decisions.decide(station, appraiser_session, password, lot["uid"])
    flow.sign_in(qtbot, controller, supervisor)
    page = _lots_page(qtbot, controller.window)
    override = page.detail.buttons["override"]
    qtbot.waitUntil(lambda: override.isVisible() and override.isEnabled())
    qtbot.mouseClick(override, Qt.MouseButton.LeftButton)
    dialog = page.lot_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.decision.currentData() == "reject"  # the other decision is offered
    qtbot.keyClicks(dialog.reason, "seal broken on carton 2")
    qtbot.keyClicks(dialog.password, password)
    _press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and "Signing" not in dialog.error.text())
    assert dialog.isVisible() and dialog.error.text()
    assert dialog.reason.toPlainText() == "seal broken on carton 2"  # nothing typed is lost
    assert decisions.current(station.store, lot["uid"])["kind"] == "computed"


def test_a_sampled_lot_line_in_today_counts_drawn_units_and_names_the_next(qtbot):
    row = {"lot_policy": "sampling", "state": "open", "appraised": 3, "target": 13,
           "quantity": 500, "next_unit": {"carton": 3, "unit_in_carton": 7}}  # fmt: skip
    shown = "lot · 3 of 13 sampled appraised — next: carton 3, unit 7"
    assert line_state(row, "In progress", full=True) == shown  # the tooltip
    assert line_state(row, "In progress") == "lot · 3/13 sampled"  # the cell, kept short
    assert line_state({**row, "state": "done"}, "Done") == "Done"
