"""The administrator's accounts box with real input: a row chosen with the mouse, the
button clicked, the dialog typed in (issue 14 finding 13)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from appraiser import clock
from appraiser.clock import utcnow
from appraiser.errors import AuthError
from appraiser.services.admin import account_admin, accounts, clock_guard
from tests.ui.bench_flow_support import click_row, settle, sign_in
from tests.ui.busy_station import go_to


def _box(qtbot, controller, admin):
    sign_in(qtbot, controller, admin)
    page = go_to(qtbot, controller.window, "settings")
    box = page.users
    qtbot.waitUntil(lambda: box.model.rowCount() >= 2)
    return box


def _row_of(box, username: str) -> int:
    return next(r for r in range(box.model.rowCount()) if box.model.row(r)["username"] == username)


def _state(box, username: str) -> str:
    return box.model.row(_row_of(box, username))["state"]


def _click(qtbot, button) -> None:
    qtbot.waitUntil(button.isEnabled)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _accept(qtbot, box) -> None:
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible())
    qtbot.mouseClick(box.dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)


def test_admin_unlocks_a_locked_supervisor(qtbot, controller, station, admin, supervisor):
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(AuthError):
            accounts.check_password(station.store, "supervisor", "wrong-password")
    box = _box(qtbot, controller, admin)
    assert box.model.data(box.model.index(_row_of(box, "supervisor"), 3)) == "Locked"
    click_row(qtbot, box.table, _row_of(box, "supervisor"))
    _click(qtbot, box.unlock_button)
    qtbot.waitUntil(lambda: _state(box, "supervisor") == "active")
    assert accounts.check_password(station.store, "supervisor", "test-password-1")


def test_deactivate_asks_first_then_reactivate(qtbot, controller, station, admin, supervisor):
    box = _box(qtbot, controller, admin)
    click_row(qtbot, box.table, _row_of(box, "supervisor"))
    assert box.active_button.text() == "Deactivate…"
    _click(qtbot, box.active_button)
    _accept(qtbot, box)
    qtbot.waitUntil(lambda: _state(box, "supervisor") == "deactivated")
    qtbot.waitUntil(lambda: box.active_button.text() == "Reactivate")
    with pytest.raises(AuthError):
        accounts.check_password(station.store, "supervisor", "test-password-1")
    _click(qtbot, box.active_button)
    qtbot.waitUntil(lambda: _state(box, "supervisor") == "active")


def test_reset_password_is_typed_twice(qtbot, controller, station, admin, appraiser_session):
    box = _box(qtbot, controller, admin)
    click_row(qtbot, box.table, _row_of(box, "appraiser1"))
    _click(qtbot, box.reset_button)
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible())
    dialog = box.dialog
    qtbot.keyClicks(dialog.first, "temporary-77")
    qtbot.keyClicks(dialog.second, "temporary-78")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "The two passwords differ." and dialog.isVisible()
    qtbot.keyClicks(dialog.second, "temporary-77")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    settle(qtbot)
    qtbot.waitUntil(lambda: _state(box, "appraiser1") == "password_reset")
    session = accounts.check_password(station.store, "appraiser1", "temporary-77", allow_reset=True)
    assert session.must_change_password


def test_change_role_and_never_ones_own(qtbot, controller, station, admin, appraiser_session):
    box = _box(qtbot, controller, admin)
    click_row(qtbot, box.table, _row_of(box, "admin"))
    assert not box.role_button.isEnabled() and not box.active_button.isEnabled()
    click_row(qtbot, box.table, _row_of(box, "appraiser1"))
    _click(qtbot, box.role_button)
    qtbot.waitUntil(lambda: box.dialog is not None and box.dialog.isVisible())
    qtbot.keyClick(box.dialog.role, Qt.Key.Key_Down)
    assert box.dialog.chosen() == "supervisor"
    _accept(qtbot, box)
    qtbot.waitUntil(lambda: box.model.row(_row_of(box, "appraiser1"))["role"] == "supervisor")


def test_the_admin_confirms_a_clock_set_back(
    qtbot, controller, station, admin, appraiser_session, monkeypatch
):
    """The bench is blocked while the clock reads behind; the admin sees why and confirms."""
    behind = utcnow() - timedelta(days=1)
    monkeypatch.setattr(clock, "utcnow", lambda: behind)  # the station's clock, set back
    monkeypatch.setattr(clock_guard, "utcnow", lambda: behind)
    box = _box(qtbot, controller, admin)
    qtbot.waitUntil(box.clock_button.isVisible)
    assert "signing and labels are blocked" in box.clock_text.text()
    _click(qtbot, box.clock_button)
    _accept(qtbot, box)
    qtbot.waitUntil(lambda: not box.clock_button.isVisible())
    assert station.store.one("SELECT actor FROM audit_events WHERE action = 'clock.confirmed'")
    clock_guard.check(station.store)


def test_after_a_reset_the_sign_in_asks_for_a_new_password(
    qtbot, controller, station, admin, appraiser_session
):
    """issue 14 finding 13: the temporary password opens the station only to choose one's
    own; the sign-in dialog asks for it before the window opens."""
    account_admin.reset_password(station.store, admin, "appraiser1", "temporary-77")
    controller.ask_sign_in()
    login = controller.dialog
    qtbot.waitExposed(login)
    qtbot.keyClicks(login.username, "appraiser1")
    qtbot.keyClicks(login.password, "temporary-77")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(login, "new_password", None) is not None)
    asked = login.new_password
    qtbot.waitExposed(asked)
    assert controller.ctx.session is None
    qtbot.keyClicks(asked.first, "my-own-pw-12")
    qtbot.keyClicks(asked.second, "my-own-pw-12")
    qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.ctx.session is not None)
    assert controller.ctx.session.username == "appraiser1"
    assert not controller.ctx.session.must_change_password
    assert accounts.check_password(station.store, "appraiser1", "my-own-pw-12")
