"""The app shell: first start, sign-in, role-based navigation, idle lock, language, settings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWizard,
)

from appraiser import config
from appraiser.domain.enums import Role
from appraiser.services.admin import accounts
from ui import i18n, tasks
from ui.app import Controller
from ui.dialogs.login_dialog import LoginDialog, UnlockDialog
from ui.dialogs.setup_wizard import SetupWizard


@pytest.fixture
def controller(qtbot, station, tmp_path) -> Iterator[Controller]:
    made = Controller(station, tmp_path / "log")
    qtbot.addWidget(made.window)
    yield made
    if made.dialog is not None:  # a sign-in dialog left open (application modal) would
        made.dialog.hide()  # block the keys and clicks of every later test's window
    tasks.runner().wait_idle()


def _fill(dialog, **values: str) -> None:
    for name, text in values.items():
        dialog.findChild(QLineEdit, name).setText(text)


def _press_ok(qtbot, dialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_runs_the_setup_wizard_then_shows_the_main_window(
    qtbot, station, controller, tmp_path
):
    controller.ask_sign_in()
    wizard = controller.dialog
    assert isinstance(wizard, SetupWizard)
    wizard.next()
    wizard.station_page.form.resolver_domain.setText("v.acme.cn")
    wizard.next()
    wizard.camera_page.choice.setCurrentIndex(wizard.camera_page.choice.findData("simulated"))
    wizard.next()
    wizard.next()
    admin = wizard.admin_page
    for field, text in (
        (admin.username, "chief"),
        (admin.display_name, "Chief"),
        (admin.password, "long-pass-1"),
        (admin.confirm, "long-pass-1"),
    ):
        field.setText(text)
    wizard.next()
    key_page = wizard.key_page
    key_page.ask_path = lambda _title, name: tmp_path / name
    for field in (key_page.passphrase, key_page.passphrase_again):
        qtbot.keyClicks(field, "usb drive in the safe")  # the backup is sealed (issue 14 #12)
    key_page.private_button.click()
    qtbot.waitUntil(key_page.stored.isEnabled)
    key_page.stored.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(controller.window.isVisible, timeout=10000)
    assert controller.ctx.session.role == Role.ADMIN
    assert controller.ctx.settings.resolver_domain == "v.acme.cn"
    keys = [
        controller.window.nav.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(controller.window.nav.count())
    ]
    assert keys[0] == "queue" and "settings" in keys
    assert "supervisor" not in keys  # the dashboard is for the supervisor role only


def test_wrong_password_is_refused_with_a_message(qtbot, station, admin, controller):
    controller.ask_sign_in()
    dialog = controller.dialog
    assert isinstance(dialog, LoginDialog)
    _fill(dialog, username="admin", password="not-the-password")
    _press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: bool(dialog.error.text()))
    assert "wrong password" in dialog.error.text()
    assert not controller.window.isVisible()


def test_appraiser_does_not_see_settings(qtbot, station, appraiser_session, controller):
    controller.signed_in(appraiser_session)
    keys = [
        controller.window.nav.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(controller.window.nav.count())
    ]
    assert "queue" in keys and "settings" not in keys


def test_idle_lock_needs_the_password_to_continue(qtbot, station, admin, password, controller):
    controller.signed_in(admin)
    controller.window.idle.timer.setInterval(10)
    controller.window.idle.timer.start()
    qtbot.waitUntil(lambda: isinstance(controller.dialog, UnlockDialog))
    controller.window.idle.set_minutes(5)  # no second lock after this one: it would outlive
    dialog = controller.dialog  # the test and block every later window
    dialog.reject()  # Esc on the lock screen must not unlock
    assert dialog.isVisible()
    _fill(dialog, password=password)
    _press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert controller.ctx.session == admin


def test_language_switch_translates_navigation(qtbot, station, admin, controller):
    controller.signed_in(admin)
    i18n.install("zh_CN")
    QApplication.processEvents()
    assert controller.window.nav.item(0).text().startswith("今日")
    i18n.install("en")
    QApplication.processEvents()
    assert controller.window.nav.item(0).text().startswith("Today")


def test_settings_page_saves_config_toml(qtbot, station, admin, controller):
    controller.signed_in(admin)
    controller.window.show_page("settings")
    page = controller.window.pages["settings"]
    page.form.station_code.setText("SH-07")
    page.form.timezone.setCurrentText("Asia/Hong_Kong")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.text() == "Saved.")
    saved = config.load(station.data.config)
    assert (saved.station_code, saved.timezone) == ("SH-07", "Asia/Hong_Kong")
    status = controller.window.statusBar().findChild(QLabel, "statusStation")
    assert "SH-07" in status.text()


def test_settings_page_rejects_an_unknown_time_zone(qtbot, station, admin, controller):
    controller.signed_in(admin)
    controller.window.show_page("settings")
    page = controller.window.pages["settings"]
    page.form.timezone.setCurrentText("Mars/Olympus")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "time zone" in page.status.text()
    assert not station.data.config.exists()


def test_admin_adds_an_account(qtbot, station, admin, controller):
    controller.signed_in(admin)
    controller.window.show_page("settings")
    users = controller.window.pages["settings"].users
    users.username.setText("wang")
    users.name.setText("王芳")
    users.password.setText("another-pass-1")
    users.role.setCurrentIndex(users.role.findData(Role.SUPERVISOR))
    qtbot.mouseClick(users.findChild(QPushButton, "addUser"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: users.model.rowCount() == 2)
    assert {u["username"] for u in accounts.list_users(station.store)} == {"admin", "wang"}
