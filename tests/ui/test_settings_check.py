"""The Settings page when config.toml was changed outside the app (issue 14 H4): the
difference is shown, an administrator confirms it or puts the recorded values back with a
click, a supervisor sees it and the settings but changes nothing (rule book: admin only)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from appraiser import config
from appraiser.services.admin import settings as recorded

EVIL = 'resolver_domain = "verify.evil-example.net"\nstation_code = "BW-02"\n'


def _edited_outside(station) -> None:
    """config.toml changed with an editor, then the station opened (it reads the file)."""
    station.data.config.write_text(EVIL)
    station.settings = config.load(station.data.config)


def _settings_page(qtbot, controller, session):
    controller.signed_in(session)
    controller.window.show_page("settings")
    page = controller.window.pages["settings"]
    qtbot.waitUntil(lambda: page.check.isVisible())
    return page


def test_admin_confirms_the_outside_change_with_a_click(qtbot, station, admin, controller):
    """issue 14 H4: the page names the new domain and the recorded one; Save waits; the
    administrator's Confirm records the file's values and labels may go on."""
    _edited_outside(station)
    page = _settings_page(qtbot, controller, admin)
    text = page.check.text.text()
    assert "Label domain: verify.evil-example.net in config.toml, recorded: verify.example.com" \
        in text  # fmt: skip
    assert "Station code: BW-02 in config.toml, recorded: BW-01" in text
    assert not page.save_button.isEnabled()
    qtbot.mouseClick(page.check.confirm_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.check.isVisible())
    last = recorded.latest(station.store)
    assert (last.how, last.by, last.values["resolver_domain"]) == (
        "confirmed", "admin", "verify.evil-example.net")  # fmt: skip
    assert recorded.differences(station) == []
    assert page.save_button.isEnabled()


def test_admin_puts_the_recorded_values_back(qtbot, station, admin, controller):
    """issue 14 H4: Put back writes the recorded domain and code into config.toml."""
    _edited_outside(station)
    page = _settings_page(qtbot, controller, admin)
    qtbot.mouseClick(page.check.put_back_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.check.isVisible())
    on_disk = config.load(station.data.config)
    assert (on_disk.resolver_domain, on_disk.station_code) == ("verify.example.com", "BW-01")
    assert page.form.resolver_domain.text() == "verify.example.com"


def test_a_supervisor_sees_but_cannot_change_settings(qtbot, station, supervisor, controller):
    """issue 14 H4 / rule book: the README said supervisors save settings; the rule book
    says only administrators do. A supervisor sees the form and the difference, but the
    form is read-only, Save and the confirmation buttons are not offered."""
    _edited_outside(station)
    page = _settings_page(qtbot, controller, supervisor)
    assert "verify.evil-example.net" in page.check.text.text()
    assert "an administrator confirms" in page.check.text.text()
    assert not page.check.confirm_button.isVisible()
    assert not page.check.put_back_button.isVisible()
    assert not page.save_button.isVisible()
    assert not page.form.resolver_domain.isEnabled()
    qtbot.keyClicks(page.form.resolver_domain, "x")
    assert page.form.resolver_domain.text() == "verify.evil-example.net"
    assert recorded.latest(station.store).how == "first_open"


def test_the_difference_reads_in_chinese(qtbot, station, admin, controller):
    """issue 14 H4: a zh_CN station names the outside change in Chinese."""
    from ui import i18n

    _edited_outside(station)
    i18n.install("zh_CN")
    page = _settings_page(qtbot, controller, admin)
    text = page.check.text.text()
    assert "标签域名：config.toml 中为 verify.evil-example.net，已记录：verify.example.com" in text
    assert page.check.confirm_button.text() == "确认新值"
    assert page.check.title.text() == "config.toml 在本程序之外被修改"
