"""Station menu in the real window: lock (Ctrl+L, the menu, the idle timer) hides the case
behind the lock and unlocking returns to it; sign out ends the session and the bench."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui import bench_flow_support as flow
from ui.dialogs.login_dialog import LoginDialog, UnlockDialog


def _unlock_dialog(qtbot, controller) -> UnlockDialog:
    qtbot.waitUntil(
        lambda: isinstance(controller.dialog, UnlockDialog) and controller.dialog.isVisible()
    )
    return controller.dialog


def _type_password(qtbot, dialog, password: str) -> None:
    flow.focus(qtbot, dialog.password)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _case_on_screen(qtbot, station, appraiser_session, controller):
    flow.case_at(station, appraiser_session, flow.SHOE_GTIN, "shoes", "verdict")
    flow.sign_in(qtbot, controller, appraiser_session)
    return flow.open_case(qtbot, controller.window, flow.SHOE_GTIN, "verdict")


def test_ctrl_l_covers_the_case_and_unlocking_returns_to_it(
    qtbot, station, appraiser_session, password, controller
):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    window = controller.window
    page.verdict.note.setFocus()
    qtbot.keyClicks(page.verdict.note, "half-written note")
    flow.press(page.verdict.note, "Ctrl+L")
    dialog = _unlock_dialog(qtbot, controller)
    assert not page.isVisible() and not page.verdict.note.isVisible()
    assert window.lock_cover.isVisible()
    cover = window.lock_cover.grab().toImage()  # the cover itself is drawn, not see-through
    assert cover.pixelColor(5, 5).name() == "#1f3b57"
    assert window.lock_cover.headline.text() == "Station locked"
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(page.verdict.isVisible)
    assert not window.lock_cover.isVisible()
    assert window.current_page() is page and page.case.step == "verdict"
    assert page.verdict.note.toPlainText() == "half-written note"


def test_a_wrong_password_keeps_the_station_locked(qtbot, station, appraiser_session, controller):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    flow.press(page.verdict.note, "Ctrl+L")
    dialog = _unlock_dialog(qtbot, controller)
    _type_password(qtbot, dialog, "not-the-password")
    qtbot.waitUntil(lambda: dialog.error.text() != "")
    assert dialog.isVisible() and not page.isVisible()


def test_idle_lock_covers_the_case(qtbot, station, appraiser_session, password, controller):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    controller.window.idle.timer.setInterval(50)  # the idle minutes, shortened
    controller.window.idle.timer.start()
    dialog = _unlock_dialog(qtbot, controller)
    controller.window.idle.set_minutes(5)  # back to minutes: no second lock meanwhile
    assert not page.verdict.isVisible()
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(page.verdict.isVisible)


def test_lock_from_the_station_menu(qtbot, station, appraiser_session, password, controller):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    window = controller.window
    flow.choose_menu(qtbot, window, window.menu_station, window.act_lock)
    dialog = _unlock_dialog(qtbot, controller)
    assert not page.isVisible()
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(page.isVisible)


def test_sign_out_from_the_menu_ends_the_session_and_clears_the_bench(
    qtbot, station, appraiser_session, second_appraiser, password, controller
):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    window = controller.window
    flow.choose_menu(qtbot, window, window.menu_station, window.act_sign_out)
    qtbot.waitUntil(lambda: isinstance(controller.dialog, LoginDialog))
    login = controller.dialog
    qtbot.waitUntil(login.isVisible)
    assert controller.ctx.session is None and not window.isVisible()
    assert page.case is None and page.capture.capture.recording is None
    flow.focus(qtbot, login.username)
    qtbot.keyClicks(login.username, "appraiser2")
    _type_password(qtbot, login, password)
    qtbot.waitUntil(window.isVisible)
    qtbot.waitUntil(window.isActiveWindow)  # the keyboard is the window's (no WM needed)
    assert controller.ctx.session.username == "appraiser2"
    assert QApplication.activeModalWidget() is None
    assert page.case is None and page.item is None


def test_the_lock_hides_an_open_dialog_and_unlocking_brings_it_back(
    qtbot, station, appraiser_session, password, controller
):
    page = _case_on_screen(qtbot, station, appraiser_session, controller)
    flow.focus(qtbot, page.verdict.note)
    flow.press(page.verdict.note, "Alt+G")
    qtbot.waitUntil(page.verdict.sign.isEnabled)
    flow.press(page.verdict.note, "Ctrl+S")
    qtbot.waitUntil(lambda: getattr(page, "sign_dialog", None) is not None)
    sign = flow.back_to(qtbot, page.sign_dialog)
    assert "Genuine" in sign.verdict.text()
    controller.window.idle.timer.setInterval(50)  # the idle minutes, shortened
    controller.window.idle.timer.start()
    dialog = _unlock_dialog(qtbot, controller)
    controller.window.idle.set_minutes(5)  # back to minutes: no second lock meanwhile
    assert not sign.isVisible()  # the verdict being signed is not readable either
    _type_password(qtbot, dialog, password)
    qtbot.waitUntil(sign.isVisible)
    qtbot.waitUntil(sign.isActiveWindow)  # and it has the keyboard back
    sign.reject()
