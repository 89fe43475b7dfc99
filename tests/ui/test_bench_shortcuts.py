"""Every shortcut the bench prints on a button or box works in the real window, pressed
as keys, from where a person's focus is on that step (a text field included)."""

from __future__ import annotations

import pytest

from appraiser.domain.enums import ReasonCode
from appraiser.services.casework import appraisals, checklist, outcome, verdicts
from tests.ui import bench_flow_support as flow
from ui.dialogs.print_labels import PrintLabelsDialog

BAG = flow.support.BAG_GTIN


@pytest.fixture
def bench(qtbot, controller, appraiser_session):
    """The signed-in window; ``bench(gtin, step)`` opens that case by scanning it."""
    flow.sign_in(qtbot, controller, appraiser_session)
    return lambda gtin, step: flow.open_case(qtbot, controller.window, gtin, step)


def _step(station, uid: str) -> str:
    return appraisals.current(station.store, uid)["step"]


# --- Ctrl+Enter: on to the next step ---------------------------------------------------------


@pytest.mark.parametrize("keypad", [False, True], ids=["return", "keypad-enter"])
def test_ctrl_enter_starts_the_appraisal_from_a_field(
    qtbot, station, appraiser_session, controller, bench, keypad
):
    page = flow.open_by_scan(qtbot, controller.window, BAG)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.intake)
    field = page.intake.edits["merchant"]
    flow.focus(qtbot, field)
    qtbot.keyClicks(field, "Shanghai Import Co.")
    if keypad:
        flow.press_keypad_enter(field)
    else:
        flow.press(field, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.case is not None and page.case.step == "capture")
    assert page.case.item["merchant"] == "Shanghai Import Co."


def test_ctrl_enter_continues_from_capture(qtbot, station, appraiser_session, bench):
    uid = flow.begin(station, appraiser_session, BAG, "bags")
    flow.shoot_required(station, appraiser_session, uid)
    page = bench(BAG, "capture")
    qtbot.waitUntil(page.capture.next.isEnabled)
    flow.press(page.capture.capture.shots, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.case.step == "compare")
    assert _step(station, uid) == "compare"


def test_ctrl_enter_continues_from_the_checklist(qtbot, station, appraiser_session, bench):
    uid = flow.case_at(station, appraiser_session, BAG, "bags", "checklist")
    for point in flow.checklists.load("bags").checkpoints:
        checklist.record_point(station.store, appraiser_session, uid, point.key, "pass")
    page = bench(BAG, "checklist")
    qtbot.waitUntil(page.checks.next.isEnabled)
    flow.press(page.checks.table, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.case.step == "verdict")


def test_ctrl_enter_on_the_outcome_goes_to_the_next_item(
    qtbot, station, appraiser_session, password, controller
):
    uid, _serial = _signed_genuine(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_from_queue(qtbot, controller.window, uid)
    qtbot.waitUntil(page.outcome.next_button.isVisible)
    flow.press(page.outcome, "Ctrl+Return")
    qtbot.waitUntil(lambda: controller.window.current_page() is controller.window.pages["queue"])
    assert page.case is None


# --- the other step keys -----------------------------------------------------------------------


def test_space_captures_a_still(qtbot, station, appraiser_session, bench):
    uid = flow.begin(station, appraiser_session, BAG, "bags")
    page = bench(BAG, "capture")
    widget = page.capture.capture
    qtbot.waitUntil(lambda: widget.camera.running and widget.camera.latest_frame() is not None,
                    timeout=20000)  # fmt: skip
    qtbot.waitUntil(lambda: widget.shots.current_key() is not None)
    flow.focus(qtbot, widget.shots)
    flow.press(widget.shots, "Space")
    qtbot.waitUntil(lambda: widget.gate.verdict.text() != "Checking the photo…", timeout=20000)
    qtbot.waitUntil(lambda: bool(appraisals.media_of(station.store, uid, "still")) or
                    widget.gate.retake_button.isVisible(), timeout=20000)  # fmt: skip


@pytest.mark.parametrize(
    ("keys", "reading"),
    [("Alt+Y", "consistent"), ("Alt+D", "deviates"), ("Alt+R", "no_reference")],
)
def test_compare_keys_record_the_reading(qtbot, station, appraiser_session, bench, keys, reading):
    uid = flow.case_at(station, appraiser_session, BAG, "bags", "compare")
    page = bench(BAG, "compare")
    qtbot.waitUntil(page.compare.buttons[reading].isEnabled, timeout=60000)
    flow.focus(qtbot, page.compare.version)
    flow.press(page.compare.version, keys)
    qtbot.waitUntil(lambda: page.case.step == "checklist")
    assert appraisals.current(station.store, uid)["data"]["compare"]["reading"] == reading


def test_ctrl_d_saves_the_label_facts_from_a_field(qtbot, station, appraiser_session, bench):
    uid = flow.case_at(station, appraiser_session, flow.FOOD_GTIN, "food", "checklist")
    page = bench(flow.FOOD_GTIN, "checklist")
    facts = page.checks.dated
    qtbot.waitUntil(facts.isVisible)
    flow.focus(qtbot, facts.production)
    qtbot.keyClicks(facts.production, "2026-01-01")
    flow.focus(qtbot, facts.licence)
    qtbot.keyClicks(facts.licence, "SC10631011500012")
    flow.press(facts.licence, "Ctrl+D")
    flow.settle(qtbot)
    dated = appraisals.current(station.store, uid)["data"]["checklist"]["dated"]
    assert dated["production_date"] == "2026-01-01"
    assert dated["licence_no"] == "SC10631011500012"


@pytest.mark.parametrize(
    ("keys", "verdict"),
    [("Alt+G", "genuine"), ("Alt+C", "counterfeit"), ("Alt+I", "inconclusive")],
)
def test_alt_keys_choose_the_verdict(qtbot, station, appraiser_session, bench, keys, verdict):
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    page = bench(BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, keys)
    qtbot.waitUntil(lambda: page.verdict.verdict() == verdict)


@pytest.mark.parametrize("number", range(1, len(ReasonCode) + 1))
def test_ctrl_number_ticks_a_reason_code(qtbot, station, appraiser_session, bench, number):
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    page = bench(BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+C")
    code = list(page.verdict.reasons)[number - 1]
    assert page.verdict.reasons[code].text().startswith(f"Ctrl+{number} ")
    was = page.verdict.reasons[code].isChecked()
    flow.press(page.verdict.note, f"Ctrl+{number}")
    qtbot.waitUntil(lambda: page.verdict.reasons[code].isChecked() is not was)


def test_ctrl_s_opens_signing_from_the_note(qtbot, station, appraiser_session, bench):
    flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    page = bench(BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    qtbot.keyClicks(page.verdict.note, "all as the reference")
    flow.press(page.verdict.note, "Ctrl+S")
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    qtbot.waitUntil(page.sign_dialog.isVisible)
    page.sign_dialog.reject()


def test_ctrl_p_opens_printing_of_the_label(
    qtbot, station, appraiser_session, password, controller, cups_scheduler
):
    uid, serial = _signed_genuine(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_from_queue(qtbot, controller.window, uid)
    qtbot.waitUntil(page.outcome.print_button.isVisible)
    flow.press(page.outcome, "Ctrl+P")
    qtbot.waitUntil(lambda: controller.window.findChild(PrintLabelsDialog) is not None)
    dialog = controller.window.findChild(PrintLabelsDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.serials == [serial]
    dialog.reject()


@pytest.mark.parametrize("number", [2, 3, 4, 5])
def test_alt_number_returns_to_an_earlier_step(qtbot, station, appraiser_session, bench, number):
    uid = flow.case_at(station, appraiser_session, BAG, "bags", "verdict")
    page = bench(BAG, "verdict")
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, f"Alt+{number}")
    step = flow.workflow.STEPS[number - 1]
    qtbot.waitUntil(lambda: page.case.step == step)
    assert _step(station, uid) == step
    assert page.header.steps[step].text().startswith(f"Alt+{number} ")


def _signed_genuine(station, session, password) -> tuple[str, str]:
    uid = flow.case_at(station, session, BAG, "bags", "verdict")
    verdicts.sign(station.store, session, uid, "genuine", password)
    return uid, outcome.follow_up(station, session, uid, with_report=False)["label"]
