"""A day at the bench, in the real main window, by keyboard and mouse only.

Sign in; appraise a bag (scan, intake, capture every required view with the simulated
camera, compare, checklist, sign with the password) and print its label to a real CUPS
queue; appraise a second bag straight after and find nothing of the first on any step;
sign out from the menu, sign in as a colleague to an empty bench, lock with Ctrl+L and
unlock. The assertions are what a person sees on the screen, plus the spooled job.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser.services.casework import appraisals
from tests.ui import bench_flow_support as flow
from ui.dialogs.login_dialog import LoginDialog, UnlockDialog

FIRST_BAG = flow.support.BAG_GTIN  # AURELIA Famon 51, EU
SECOND_BAG = "8517510102329"  # AURELIA Famon 51, CN


def test_a_day_at_the_bench(
    qtbot, station, appraiser_session, second_appraiser, password, controller, cups_queue
):
    flow.cups_visible(cups_queue.name)
    window = controller.window
    _sign_in(qtbot, controller, "appraiser1", password)

    first = _appraise(qtbot, window, FIRST_BAG, password, verdict="genuine")
    page = window.pages["appraisal"]
    qtbot.waitUntil(page.outcome.print_button.isVisible)
    serial_text = page.outcome.details.text()
    flow.press(page.outcome, "Ctrl+P")
    dialog = flow.print_dialog(qtbot, window)
    flow.print_to_queue(qtbot, dialog, cups_queue.name)
    qtbot.waitUntil(lambda: "All labels printed (1)" in dialog.status.text(), timeout=60000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    job = flow.wait_for_job(qtbot, cups_queue)
    assert job.stat().st_size > 0
    flow.back_to(qtbot, window)
    flow.press(page.outcome, "Ctrl+Return")  # next item
    qtbot.waitUntil(lambda: window.current_page() is window.pages["queue"])

    second = _appraise(qtbot, window, SECOND_BAG, password, verdict="counterfeit",
                       earlier=first)  # fmt: skip
    assert "Quarantine record" in page.outcome.details.text()
    assert page.outcome.details.text() != serial_text
    assert not page.outcome.print_button.isVisible()
    flow.press(page.outcome, "Ctrl+Return")

    _label_state_shown(qtbot, window, first, "Printed")

    flow.choose_menu(qtbot, window, window.menu_station, window.act_sign_out)
    qtbot.waitUntil(lambda: not window.isVisible())
    _sign_in(qtbot, controller, "appraiser2", password)
    assert controller.ctx.session.username == "appraiser2"
    window.show_page("appraisal")
    qtbot.waitUntil(lambda: window.current_page() is page)
    assert page.stack.currentWidget() is page.empty and page.case is None

    flow.press(window.focusWidget() or window, "Ctrl+L")
    qtbot.waitUntil(lambda: isinstance(controller.dialog, UnlockDialog))
    unlock = flow.back_to(qtbot, controller.dialog)
    assert not page.isVisible() and window.lock_cover.isVisible()
    _type_password(qtbot, unlock, password)
    qtbot.waitUntil(lambda: not unlock.isVisible())
    qtbot.waitUntil(page.isVisible)
    assert window.current_page() is page and not window.lock_cover.isVisible()
    assert appraisals.current(station.store, second)["data"]["compare"]["reading"] == "consistent"


# --- one appraisal, as typed at the bench ------------------------------------------------------


def _appraise(qtbot, window, gtin: str, password: str, *, verdict: str, earlier=None) -> str:
    page = flow.open_by_scan(qtbot, window, gtin)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.intake)
    qtbot.waitUntil(lambda: "Known in the library" in page.intake.library.text())
    field = page.intake.edits["merchant"]
    flow.focus(qtbot, field)
    qtbot.keyClicks(field, "Bonded Store No. 3")
    flow.press(field, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.case is not None and page.case.item.get("gtin", "").endswith(gtin))
    uid = page.case.uid
    _capture(qtbot, page, fresh=earlier is not None)
    flow.press(page.capture.capture.shots, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.compare)
    _compare(qtbot, page, uid, station=window.ctx.station, fresh=earlier is not None)
    _checklist(qtbot, page)
    _sign(qtbot, window, page, password, verdict)
    return uid


def _capture(qtbot, page, *, fresh: bool) -> None:
    widget = page.capture.capture
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.capture)
    qtbot.waitUntil(lambda: widget.uid == page.case.uid)
    if fresh:  # nothing of the last case: no tick, no thumbnail, no way on
        assert widget.thumbs.count() == 0
        assert page.capture.missing() == list(widget.checklist.required_views)
        assert not page.capture.next.isEnabled()
        assert "still to shoot" in page.capture.status.text()
    qtbot.waitUntil(
        lambda: widget.camera.running and widget.camera.latest_frame() is not None, timeout=20000
    )
    flow.focus(qtbot, widget.shots)
    while page.capture.missing():  # a still the gate refuses is simply taken again
        missing = len(page.capture.missing())
        flow.press(widget.shots, "Space")
        qtbot.waitUntil(
            lambda m=missing: (
                len(page.capture.missing()) < m or widget.gate.retake_button.isVisible()
            ),
            timeout=20000,
        )
    qtbot.waitUntil(page.capture.next.isEnabled)
    assert widget.thumbs.count() == len(widget.checklist.required_views)


def _compare(qtbot, page, uid: str, *, station, fresh: bool) -> None:
    engine, consistent = page.compare.engine, page.compare.buttons["consistent"]
    photos = {
        str(station.store.media.path(m["media_sha256"]))
        for m in appraisals.media_of(station.store, uid, "still")
    }
    if fresh:  # only ever this case's photo and score
        shown = engine.result()
        assert shown is None or shown["image"] in photos
    qtbot.waitUntil(consistent.isEnabled, timeout=60000)
    assert engine.result()["image"] in photos
    assert engine.scores.text().startswith("Match score")
    flow.focus(qtbot, page.compare.version)
    flow.press(page.compare.version, "Alt+Y")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.checks)


def _checklist(qtbot, page) -> None:
    table = page.checks.table
    flow.focus(qtbot, table)
    for row in range(table.rowCount()):
        qtbot.waitUntil(lambda r=row: table.currentRow() == r)
        qtbot.keyClick(table, Qt.Key.Key_P)
    qtbot.waitUntil(page.checks.next.isEnabled)
    flow.press(table, "Ctrl+Return")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.verdict)


def _sign(qtbot, window, page, password: str, verdict: str) -> None:
    note = page.verdict.note
    flow.focus(qtbot, note)
    flow.press(note, {"genuine": "Alt+G", "counterfeit": "Alt+C"}[verdict])
    qtbot.waitUntil(lambda: page.verdict.verdict() == verdict)
    if verdict == "counterfeit":
        flow.press(note, "Ctrl+1")  # not authentic
    qtbot.keyClicks(note, "Checked against the reference.")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    flow.press(note, "Ctrl+S")
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    dialog = flow.back_to(qtbot, page.sign_dialog)
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.outcome, timeout=30000)
    qtbot.waitUntil(lambda: page.outcome.headline.text() != "", timeout=30000)
    flow.back_to(qtbot, window)


# --- the station -------------------------------------------------------------------------------


def _sign_in(qtbot, controller, username: str, password: str) -> None:
    if not isinstance(controller.dialog, LoginDialog) or not controller.dialog.isVisible():
        controller.ask_sign_in()
    dialog = flow.back_to(qtbot, controller.dialog)
    flow.focus(qtbot, dialog.username)
    qtbot.keyClicks(dialog.username, username)
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(controller.window.isVisible)
    controller.window.resize(1366, 768)
    flow.back_to(qtbot, controller.window)


def _type_password(qtbot, dialog, password: str) -> None:
    flow.focus(qtbot, dialog.password)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _label_state_shown(qtbot, window, uid: str, state: str) -> None:
    """The Labels page (F10) lists the case's label in the state a person reads there."""
    flow.press(window.focusWidget() or window, "F10")
    labels_page = window.pages["labels"]
    qtbot.waitUntil(lambda: window.current_page() is labels_page)
    model = labels_page.model
    columns = {model.column_key(c): c for c in range(model.columnCount())}

    def shown_state() -> str | None:
        for row in range(model.rowCount()):
            if model.row(row)["appraisal_uid"] == uid:
                return model.index(row, columns["state"]).data()
        return None

    qtbot.waitUntil(lambda: shown_state() == state, timeout=10000)
