"""First start in the core: administrator + settings in one go, key backup, test label."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import pytest

from appraiser import config
from appraiser.errors import PermissionDenied, PrinterError
from appraiser.keys import StationKeys
from appraiser.labels import layouts, payload, zpl
from appraiser.services.admin import accounts, setup
from tests.core.fake_printer import FakePrinter


def test_complete_creates_the_admin_saves_settings_and_makes_the_key(station):
    settings = replace(station.settings, station_code="BW-22", resolver_domain="v.acme.cn")
    session = setup.complete(station, setup.Answers(settings, "it", "IT", "long-password-1"))
    assert session.role == "admin" and not accounts.needs_first_admin(station.store)
    assert config.load(station.data.config).station_code == "BW-22"
    assert StationKeys(station.data.keys).private_path.is_file()
    assert station.store.verify_audit().ok


def test_complete_refuses_a_second_first_admin(station, admin):
    answers = setup.Answers(station.settings, "other", "Other", "long-password-1")
    with pytest.raises(PermissionDenied):
        setup.complete(station, answers)


def test_the_private_key_copy_is_exact_and_owner_only(station, tmp_path):
    target = tmp_path / "key.pem"
    setup.save_private_key(station, target)
    assert target.read_bytes() == StationKeys(station.data.keys).private_path.read_bytes()
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    kid = setup.save_public_key(station, tmp_path / "pub.pem")
    assert kid == StationKeys(station.data.keys).current_key_id()


def test_a_print_check_label_can_never_pass_for_a_real_one(station):
    content = setup.print_check_label(station.settings)
    assert content.text("mark_en") == "TEST - NOT VALID" and "测试" in content.text("mark_zh")
    with pytest.raises(Exception):  # noqa: B017  (any refusal will do: it is not a payload)
        payload.parse(content.payload)


def test_a_print_check_reaches_a_network_printer_as_zpl(station):
    printer = FakePrinter()
    settings = replace(station.settings, printer_kind="tcp9100", printer=printer.address)
    assert setup.send_print_check(settings) == f"tcp9100:{printer.address}"
    printer.done.wait(10)
    layout = layouts.load(settings.label_stock)
    expected = zpl.render_label(layout, setup.print_check_label(settings), 203)
    assert printer.formats == [expected.rstrip("\n")]  # the "NOT VALID" test label


def test_an_offline_network_printer_is_a_printer_error(station):
    settings = replace(station.settings, printer_kind="tcp9100", printer="127.0.0.1:1")
    with pytest.raises(PrinterError):
        setup.send_print_check(settings)
