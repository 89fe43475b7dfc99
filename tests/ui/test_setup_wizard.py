"""The first-run wizard, driven page by page as warehouse IT would."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard

from appraiser import config
from appraiser.keys import StationKeys, decrypt_private, key_id
from appraiser.services.admin import accounts
from ui import i18n, tasks
from ui.dialogs.setup_wizard import SetupWizard
from ui.dialogs.wizard_accounts import KeyPage

PASSWORD = "bench-admin-1"
PASSPHRASE = "usb drive in the safe"


@pytest.fixture
def wizard(qtbot, station):
    shown = SetupWizard(station)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.camera_page.release()
    tasks.runner().wait_idle()  # no widget may lose its last reference on a worker thread


def finish_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def type_passphrase(qtbot, page: KeyPage, first: str, second: str) -> None:
    """Type the backup passphrase twice into the key page, as IT would."""
    for field, text in ((page.passphrase, first), (page.passphrase_again, second)):
        field.clear()
        qtbot.keyClicks(field, text)


def fill_station(wizard: SetupWizard, resolver: str = "verify.acme.cn") -> None:
    form = wizard.station_page.form
    form.station_code.setText("BW-09")
    form.warehouse.setText("Yangshan Bonded Zone")
    form.timezone.setCurrentText("Asia/Hong_Kong")
    form.resolver_domain.setText(resolver)
    form.language.setCurrentIndex(form.language.findData("en"))


def test_every_page_in_turn_sets_the_station_up(qtbot, wizard, station, tmp_path):
    assert wizard.currentPage() is wizard.welcome
    wizard.next()
    fill_station(wizard, resolver="no-dot")
    wizard.next()
    assert wizard.currentPage() is wizard.station_page
    assert "domain" in wizard.station_page.error.text()
    fill_station(wizard)
    wizard.next()

    camera = wizard.camera_page
    assert wizard.currentPage() is camera
    camera.choice.setCurrentIndex(camera.choice.findData("simulated"))
    qtbot.waitUntil(lambda: not camera.preview.image.isNull(), timeout=10000)
    qtbot.waitUntil(lambda: "ready" in camera.status.text(), timeout=10000)
    wizard.next()
    assert camera.camera.worker is None  # the camera is released when the page is left

    printer = wizard.printer_page
    printer.kind.setCurrentIndex(printer.kind.findData("system"))
    target = tmp_path / "test-label.pdf"
    printer.printer.setCurrentText(str(target))
    qtbot.waitUntil(lambda: printer.preview.pixmap() is not None and
                    not printer.preview.pixmap().isNull())  # fmt: skip
    printer.test_button.click()
    qtbot.waitUntil(lambda: "sent" in printer.status.text(), timeout=10000)
    assert target.read_bytes().startswith(b"%PDF")
    wizard.next()

    admin = wizard.admin_page
    admin.username.setText("itadmin")
    admin.display_name.setText("Wang Li")
    admin.password.setText(PASSWORD)
    admin.confirm.setText(PASSWORD + "x")
    wizard.next()
    assert wizard.currentPage() is admin and "differ" in admin.error.text()
    admin.confirm.setText(PASSWORD)
    wizard.next()

    keys = wizard.key_page
    assert wizard.currentPage() is keys and not finish_enabled(wizard)
    qtbot.waitUntil(lambda: "Key id" in keys.key_id.text())
    keys.ask_path = lambda _title, name: tmp_path / name
    keys.public_button.click()
    qtbot.waitUntil(lambda: "Public key saved" in keys.status.text())
    type_passphrase(qtbot, keys, PASSPHRASE, PASSPHRASE)
    keys.private_button.click()
    qtbot.waitUntil(keys.stored.isEnabled)
    private = next(tmp_path.glob("*PRIVATE*.pem"))
    assert decrypt_private(private.read_bytes(), PASSPHRASE)
    if os.name != "nt":
        assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert next(tmp_path.glob("*-public.pem")).read_bytes().startswith(b"-----BEGIN PUBLIC")
    keys.stored.setChecked(True)
    assert finish_enabled(wizard)

    with qtbot.waitSignal(wizard.signed_in, timeout=20000) as signed:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    session = signed.args[0]
    assert session.username == "itadmin" and session.role == "admin"
    assert not accounts.needs_first_admin(station.store)
    saved = config.load(station.data.config)
    assert (saved.station_code, saved.timezone, saved.camera) == ("BW-09", "Asia/Hong_Kong",
                                                                  "simulated")  # fmt: skip
    assert (saved.resolver_domain, saved.printer, saved.language) == (
        "verify.acme.cn", str(target), "en")  # fmt: skip
    assert not wizard.isVisible()


def test_an_unwritable_key_folder_is_reported_on_the_page(qtbot, wizard, tmp_path):
    for _ in range(5):
        wizard.next()
    keys = wizard.key_page
    keys.ask_path = lambda _title, name: tmp_path / "missing-folder" / name
    type_passphrase(qtbot, keys, PASSPHRASE, PASSPHRASE)
    keys.private_button.click()
    qtbot.waitUntil(lambda: "Could not save" in keys.status.text())
    assert not keys.stored.isEnabled() and not finish_enabled(wizard)


def test_the_private_key_backup_needs_a_passphrase_typed_twice(qtbot, wizard, station, tmp_path):
    """Issue 14 finding 12: the wizard saved the private key unencrypted. Now the save
    button waits for a passphrase of 12+ characters typed twice, and the file is encrypted
    PKCS#8 (0600) that only that passphrase opens; the export is audited."""
    for _ in range(4):
        wizard.next()
    admin = wizard.admin_page
    assert wizard.currentPage() is admin
    for field, text in ((admin.username, "itadmin"), (admin.password, PASSWORD),
                        (admin.confirm, PASSWORD)):  # fmt: skip
        qtbot.keyClicks(field, text)
    wizard.next()
    keys = wizard.key_page
    assert wizard.currentPage() is keys and not keys.private_button.isEnabled()
    keys.ask_path = lambda _title, name: tmp_path / name
    type_passphrase(qtbot, keys, "too-short", "too-short")
    assert not keys.private_button.isEnabled() and "12" in keys.passphrase_hint.text()
    type_passphrase(qtbot, keys, PASSPHRASE, PASSPHRASE + "!")
    assert not keys.private_button.isEnabled() and "differ" in keys.passphrase_hint.text()
    type_passphrase(qtbot, keys, PASSPHRASE, PASSPHRASE)
    assert keys.private_button.isEnabled()
    qtbot.mouseClick(keys.private_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(keys.stored.isEnabled)
    saved = next(tmp_path.glob("*PRIVATE*.pem")).read_bytes()
    assert saved.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    plain = StationKeys(station.data.keys).private_path.read_bytes()
    assert plain not in saved and saved != plain
    current = StationKeys(station.data.keys).current_key_id()
    assert key_id(decrypt_private(saved, PASSPHRASE).public_key()) == current
    if os.name != "nt":
        assert stat.S_IMODE(next(tmp_path.glob("*PRIVATE*.pem")).stat().st_mode) == 0o600
    assert keys.passphrase.text() == "" and keys.passphrase_again.text() == ""
    assert station.store.one(
        "SELECT 1 AS x FROM audit_events WHERE action = 'keys.exported_private'"
    )


def test_a_test_print_to_an_offline_network_printer_says_why(qtbot, wizard):
    for _ in range(3):
        wizard.next()
    printer = wizard.printer_page
    printer.kind.setCurrentIndex(printer.kind.findData("tcp9100"))
    printer.printer.setCurrentText("127.0.0.1:1")  # nothing listens on port 1
    printer.test_button.click()
    qtbot.waitUntil(lambda: "failed" in printer.status.text(), timeout=15000)
    assert printer.test_button.isEnabled()


def test_choosing_chinese_on_the_first_page_rebuilds_the_wizard_in_chinese(qtbot, wizard):
    welcome = wizard.welcome
    welcome.language.setCurrentIndex(welcome.language.findData("zh_CN"))
    welcome.language.activated.emit(welcome.language.currentIndex())
    assert wizard.welcome is not welcome and wizard.currentPage() is wizard.welcome
    assert wizard.station_page.title() == "本工作站"
    assert wizard.windowTitle() == "设置本工作站"
    assert wizard.station_page.form.language.currentData() == "zh_CN"
    assert len(wizard.pageIds()) == 6


def test_the_camera_page_names_the_simulated_camera_in_chinese(qtbot, wizard):
    i18n.install("zh_CN")
    wizard.next()
    fill_station(wizard)
    wizard.next()
    camera = wizard.camera_page
    camera.choice.setCurrentIndex(camera.choice.findData("simulated"))
    qtbot.waitUntil(lambda: "摄像头就绪" in camera.status.text(), timeout=10000)
    assert "模拟摄像头" in camera.status.text()
    assert "Simulated" not in camera.status.text()


def test_esc_does_not_leave_the_first_set_up(qtbot, wizard):
    fill_station(wizard)
    rejected = []
    wizard.rejected.connect(lambda: rejected.append(True))
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible() and not rejected  # QDialog rejects on Esc synchronously
