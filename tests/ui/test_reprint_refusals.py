"""Reprint from the Labels page of the real window: a refused approval says why (wrong
password, locked out, not a supervisor) and leaves the dialog ready for another try."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from appraiser.services.casework import outcome, verdicts
from appraiser.services.labelling import label_printing, labels
from tests.ui import bench_flow_support as flow
from ui.dialogs.print_reprint import ReprintDialog


@pytest.fixture
def printed(station, appraiser_session, password) -> str:
    """A genuine case whose label was printed: the one to reprint."""
    uid = flow.case_at(station, appraiser_session, flow.support.BAG_GTIN, "bags", "verdict")
    verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    serial = outcome.follow_up(station, appraiser_session, uid, with_report=False)["label"]
    target = label_printing.Target("system")
    job, compact = label_printing.start_job(
        station, appraiser_session, [serial], target, "50x30", "raster"
    )
    label_printing.record_printed(station, appraiser_session, job, compact)
    return serial


def _reprint_dialog(qtbot, controller) -> ReprintDialog:
    window = controller.window
    window.show_page("labels")
    page = window.pages["labels"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    flow.quiet(qtbot)
    flow.click_row(qtbot, page.table, 0)
    qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "reprint_dialog", None) is not None)
    return flow.back_to(qtbot, page.reprint_dialog)


def _approve(qtbot, dialog: ReprintDialog, who: str, password: str) -> None:
    """Reason, supervisor and password typed as a person types them, then Enter."""
    for field, text in (
        (dialog.reason, "Label damaged while applying"),
        (dialog.supervisor, who),
        (dialog.password, password),
    ):
        flow.focus(qtbot, field)
        flow.press(field, "Ctrl+A")
        qtbot.keyClicks(field, text)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _refused(qtbot, dialog: ReprintDialog) -> str:
    """The reason shown once the check is back (the buttons work again)."""
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and bool(dialog.error.text()), timeout=10000)
    assert dialog.isVisible()
    return dialog.error.text()


def test_wrong_password_says_so(qtbot, station, appraiser_session, supervisor, printed, controller):
    flow.sign_in(qtbot, controller, appraiser_session)
    dialog = _reprint_dialog(qtbot, controller)
    _approve(qtbot, dialog, "supervisor", "not-the-password")
    assert "wrong password" in _refused(qtbot, dialog)
    assert dialog.password.text() == "" and dialog.password.hasFocus()
    assert labels.state_of(station.store, printed) == "printed"


def test_a_password_that_looks_like_a_barcode_is_a_password(
    qtbot, station, appraiser_session, supervisor, printed, controller
):
    """Typed fast, a password made of a valid GTIN is still the password (never a scan that
    empties the field, swallows Enter and queues an item)."""
    flow.sign_in(qtbot, controller, appraiser_session)
    items_before = station.store.one("SELECT COUNT(*) AS n FROM items")["n"]
    dialog = _reprint_dialog(qtbot, controller)
    _approve(qtbot, dialog, "supervisor", "5901234123457")
    assert "wrong password" in _refused(qtbot, dialog)
    assert station.store.one("SELECT COUNT(*) AS n FROM items")["n"] == items_before


def test_not_a_supervisor_says_so(
    qtbot, station, appraiser_session, second_appraiser, password, printed, controller
):
    flow.sign_in(qtbot, controller, appraiser_session)
    dialog = _reprint_dialog(qtbot, controller)
    _approve(qtbot, dialog, "appraiser2", password)
    assert "supervisor" in _refused(qtbot, dialog).lower()
    assert labels.state_of(station.store, printed) == "printed"


def test_locked_out_says_for_how_long(
    qtbot, station, appraiser_session, supervisor, password, printed, controller
):
    flow.sign_in(qtbot, controller, appraiser_session)
    dialog = _reprint_dialog(qtbot, controller)
    for attempt in range(12):
        _approve(qtbot, dialog, "supervisor", f"wrong-{attempt}")
        text = _refused(qtbot, dialog)
        if "try again" in text or "locked" in text:
            break
    assert "try again" in text or "locked" in text
    _approve(qtbot, dialog, "supervisor", password)  # right, but still locked out
    assert "try again" in _refused(qtbot, dialog)


def test_the_right_password_reprints_after_a_refusal(
    qtbot, station, appraiser_session, supervisor, password, printed, controller
):
    flow.sign_in(qtbot, controller, appraiser_session)
    dialog = _reprint_dialog(qtbot, controller)
    _approve(qtbot, dialog, "supervisor", "not-the-password")
    _refused(qtbot, dialog)
    _approve(qtbot, dialog, "supervisor", password)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert labels.state_of(station.store, printed) == "voided"
