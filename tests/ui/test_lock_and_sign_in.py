"""The lock says why it is there (a person's Ctrl+L or the idle timer), and Esc on the
sign-in dialog never quits the station, at start or after Sign out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui import bench_flow_support as flow
from ui.dialogs.login_dialog import LoginDialog, UnlockDialog


@pytest.fixture
def quits(monkeypatch) -> list[bool]:
    """Records QApplication.quit instead of ending the test session."""
    called: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda *a: called.append(True))
    return called


def _shown(qtbot, controller, kind):
    qtbot.waitUntil(lambda: isinstance(controller.dialog, kind) and controller.dialog.isVisible())
    return controller.dialog


def test_ctrl_l_says_who_locked_the_station_not_inactivity(
    qtbot, station, appraiser_session, controller
):
    flow.sign_in(qtbot, controller, appraiser_session)
    flow.press(controller.window.nav, "Ctrl+L")
    dialog = _shown(qtbot, controller, UnlockDialog)
    text = dialog.heading.text()
    assert "inactivity" not in text
    assert f"Station locked by {appraiser_session.display_name}." in text


def test_the_idle_lock_still_says_inactivity(qtbot, station, appraiser_session, controller):
    flow.sign_in(qtbot, controller, appraiser_session)
    controller.window.idle.timer.setInterval(10)
    controller.window.idle.timer.start()
    dialog = _shown(qtbot, controller, UnlockDialog)
    controller.window.idle.set_minutes(5)  # no second lock outliving the test
    assert dialog.heading.text().startswith("Locked after inactivity.")


def test_esc_on_the_first_sign_in_does_not_quit(qtbot, station, admin, controller, quits):
    controller.ask_sign_in()
    dialog = _shown(qtbot, controller, LoginDialog)
    flow.focus(qtbot, dialog.username)
    QTest.keyClick(dialog.username, Qt.Key.Key_Escape)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and quits == []


def test_esc_on_the_sign_in_after_sign_out_does_not_quit(
    qtbot, station, appraiser_session, controller, quits
):
    flow.sign_in(qtbot, controller, appraiser_session)
    flow.press(controller.window.nav, "Ctrl+L")
    lock = _shown(qtbot, controller, UnlockDialog)
    sign_out = next(b for b in lock.buttons.buttons() if b.text() == "Sign out")
    qtbot.mouseClick(sign_out, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isinstance(controller.dialog, UnlockDialog))
    dialog = _shown(qtbot, controller, LoginDialog)
    flow.focus(qtbot, dialog.password)
    QTest.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.isVisible() and quits == []
