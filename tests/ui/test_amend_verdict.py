"""Amending a signed verdict from the supervisor page of the real window (issue 14, slice H):
the rule book (DESIGN §3.4) decides in the service — a supervisor amends another's verdict,
never their own — and the GUI offers the action only to a role that may amend, shows what
will follow (the label revoked), and shows a refusal in the dialog with nothing lost."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from appraiser.labels import ids
from appraiser.services.casework import appraisals, outcome, verdicts
from appraiser.services.labelling import labels
from tests.ui import bench_flow_support as flow
from ui.dialogs.amend_dialog import AmendDialog
from ui.widgets.supervisor_signed import SignedAppraisals


def _signed_genuine(station, session, password) -> tuple[str, str]:
    """A genuine verdict signed by ``session`` with its label issued: (uid, serial)."""
    uid = flow.case_at(station, session, flow.support.BAG_GTIN, "bags", "verdict")
    verdicts.sign(station.store, session, uid, "genuine", password)
    serial = outcome.follow_up(station, session, uid, with_report=False)["label"]
    return uid, serial


def _signed_list(qtbot, controller) -> SignedAppraisals:
    """The supervisor page, its "Signed appraisals" tab opened with the mouse."""
    window = controller.window
    window.show_page("supervisor")
    page = window.pages["supervisor"]
    qtbot.waitUntil(lambda: page.signed.model.rowCount() == 1, timeout=20000)
    flow.quiet(qtbot)
    bar = page.tabs.tabBar()
    index = page.tabs.indexOf(page.signed)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(page.signed.table.isVisible)
    return page.signed


def _open_dialog(qtbot, signed: SignedAppraisals) -> AmendDialog:
    flow.click_row(qtbot, signed.table, 0)
    assert signed.amend_button.isVisible() and signed.amend_button.isEnabled()
    qtbot.mouseClick(signed.amend_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: signed.amend_dialog is not None and signed.amend_dialog.isVisible())
    return flow.back_to(qtbot, signed.amend_dialog)


def tick(qtbot, button) -> None:
    """Click a check box or radio button on its indicator: a wide grid cell's centre lies
    beside a short (Chinese) text, where a click does nothing."""
    middle = button.height() // 2
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))


def _fill(qtbot, dialog: AmendDialog, verdict: str, codes: list[str], reason: str, password):
    """The choices made with the mouse and the keyboard, then "Sign the amendment"."""
    tick(qtbot, dialog.choices[verdict])
    for code in codes:
        tick(qtbot, dialog.reasons[code])
    for field, text in ((dialog.reason, reason), (dialog.password, password)):
        flow.focus(qtbot, field)
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def test_a_supervisor_amends_anothers_genuine_to_counterfeit(
    qtbot, station, appraiser_session, supervisor, password, controller
):
    """issue 14 finding 1/9 in the GUI: the station had no way to amend at all; now the
    amendment revokes the label (a scan says NOT VALID) and quarantines the item."""
    uid, serial = _signed_genuine(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, supervisor)
    signed = _signed_list(qtbot, controller)
    assert signed.model.row(0)["id"] == uid and signed.model.row(0)["label_state"] == "issued"
    dialog = _open_dialog(qtbot, signed)
    _fill(qtbot, dialog, "counterfeit", [], "Stitching wrong on second look", password)
    assert "needs at least one reason code" in dialog.error.text()  # nothing sent yet
    assert appraisals.current_verdict(station.store, uid)["verdict"] == "genuine"
    tick(qtbot, dialog.reasons["NOT_AUTHENTIC"])
    assert f"The label {ids.group(serial)} will be revoked" in dialog.effects.text()
    assert "quarantine" in dialog.effects.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # the password is still there
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    verdict = appraisals.current_verdict(station.store, uid)
    assert verdict["verdict"] == "counterfeit" and verdict["signed_by"] == supervisor.user_id
    assert labels.state_of(station.store, serial) == "revoked"
    held = station.store.one(
        "SELECT COUNT(*) AS n FROM quarantine_records WHERE appraisal_uid = ?", (uid,)
    )
    assert held["n"] == 1
    qtbot.waitUntil(
        lambda: signed.model.rowCount() == 1 and signed.model.row(0)["label_state"] == "revoked"
    )


def test_a_supervisors_own_verdict_is_refused_in_the_dialog(
    qtbot, station, supervisor, password, controller
):
    """Four eyes (DESIGN §3.4): the service refuses, audited; the dialog says why and keeps
    what was typed but the password."""
    uid, serial = _signed_genuine(station, supervisor, password)
    flow.sign_in(qtbot, controller, supervisor)
    dialog = _open_dialog(qtbot, _signed_list(qtbot, controller))
    _fill(qtbot, dialog, "inconclusive", [], "Second thoughts", password)
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and "own" in dialog.error.text())
    assert "You signed this verdict" in dialog.error.text()
    assert dialog.isVisible() and dialog.reason.text() == "Second thoughts"
    assert dialog.choices["inconclusive"].isChecked() and dialog.password.text() == ""
    assert appraisals.current_verdict(station.store, uid)["verdict"] == "genuine"
    assert labels.state_of(station.store, serial) == "issued"
    refused = station.store.one(
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'rules.refused' AND actor = ?",
        (supervisor.username,),
    )
    assert refused["n"] == 1


def test_an_appraiser_is_not_offered_the_amendment(
    qtbot, ctx, station, appraiser_session, password, controller
):
    """Appraisers never amend (DESIGN §3.4): no supervisor page, no "Amend verdict…" anywhere
    in the window, and the list itself hides the action for their role."""
    _signed_genuine(station, appraiser_session, password)
    flow.sign_in(qtbot, controller, appraiser_session)
    window = controller.window
    assert "supervisor" not in window.pages
    buttons = [b for b in window.findChildren(QPushButton) if b.objectName() == "amendVerdict"]
    assert not [b for b in buttons if b.isVisible()]
    ctx.set_session(appraiser_session)
    alone = SignedAppraisals(ctx, str)
    qtbot.addWidget(alone)
    alone.show()
    alone.load(flow.queue.local_day(station.settings.tz()))
    qtbot.waitUntil(lambda: alone.model.rowCount() == 1)
    assert not alone.amend_button.isVisible()
