"""The Labels page of the real window obeys the rule book (issue 14 finding 9): a supervisor
cannot approve their own reprint (the refusal is shown in the dialog), the name is not
filled in with their own, and labels are offered for issue only to the genuine verdict's
signer or a supervisor; administrators see no label actions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.casework import outcome, verdicts
from appraiser.services.labelling import label_printing, labels
from tests.ui import bench_flow_support as flow
from tests.ui.test_reprint_refusals import _approve, _refused, _reprint_dialog


def _printed(station, appraiser_session, password) -> str:
    uid = flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "verdict")
    verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    serial = outcome.follow_up(station, appraiser_session, uid, with_report=False)["label"]
    job, compact = label_printing.start_job(
        station, appraiser_session, [serial], label_printing.Target("system"), "50x30", "raster"
    )
    label_printing.record_printed(station, appraiser_session, job, compact)
    return serial


def test_a_supervisor_cannot_approve_their_own_reprint(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    """issue 14 finding 9: the dialog filled in the supervisor's own name, and the core took
    their own password as the approval of their own request."""
    serial = _printed(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, supervisor)
    dialog = _reprint_dialog(qtbot, controller)
    assert dialog.supervisor.text() == ""
    _approve(qtbot, dialog, "supervisor", password)
    assert "own" in _refused(qtbot, dialog)
    assert labels.state_of(station.store, serial) == "printed"
    refused = station.store.query("SELECT actor FROM audit_events WHERE action = 'rules.refused'")
    assert [r["actor"] for r in refused] == ["supervisor"]


def test_issue_is_offered_for_own_genuine_verdicts_only(
    qtbot, station, appraiser_session, second_appraiser, password, controller
):
    """issue 14 finding 9: any signed-in user could issue a label for anyone's appraisal."""
    uid = flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "verdict")
    verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    flow.sign_in(qtbot, controller, second_appraiser)
    window = controller.window
    window.show_page("labels")
    page = window.pages["labels"]
    flow.quiet(qtbot)
    assert page.issue_button.isVisible()
    assert page.awaiting.count() == 0 and not page.issue_button.isEnabled()
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    flow.quiet(qtbot)
    assert labels.live_label(station.store, uid) is None


def test_administrators_see_no_label_actions(qtbot, station, admin, controller):
    """issue 14 finding 9: admins do not appraise or label (DESIGN §3.4)."""
    flow.sign_in(qtbot, controller, admin)
    window = controller.window
    window.show_page("labels")
    page = window.pages["labels"]
    flow.quiet(qtbot)
    for button in (page.issue_button, page.print_button, page.reprint_button, page.void_button):
        assert not button.isVisible()
