"""First start in the core: administrator + settings in one go, key backup, test label."""

from __future__ import annotations

import os
import stat
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives import serialization

from appraiser import config
from appraiser.errors import InvalidInput, PermissionDenied, PrinterError
from appraiser.keys import StationKeys, decrypt_private, key_id
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


PASSPHRASE = "lock it away, please"


def test_the_private_key_backup_is_encrypted_owner_only_and_audited(station, tmp_path):
    """Issue 14 finding 12: the set-up wizard's key backup leaves the station only encrypted
    with the administrator's passphrase (it was a byte-exact copy of the plain PEM)."""
    target = tmp_path / "key.pem"
    setup.save_private_key(station, target, PASSPHRASE)
    data = target.read_bytes()
    assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert data != StationKeys(station.data.keys).private_path.read_bytes()
    with pytest.raises(TypeError):  # "private key is encrypted": no passphrase, no key
        serialization.load_pem_private_key(data, password=None)
    with pytest.raises(InvalidInput):
        decrypt_private(data, PASSPHRASE + "x")
    keys = StationKeys(station.data.keys)
    assert key_id(decrypt_private(data, PASSPHRASE).public_key()) == keys.current_key_id()
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    event = station.store.one(
        "SELECT * FROM audit_events WHERE action = 'keys.exported_private' ORDER BY seq DESC"
    )
    assert event is not None and keys.current_key_id() in event["data"]
    kid = setup.save_public_key(station, tmp_path / "pub.pem")
    assert kid == keys.current_key_id()


def test_a_short_passphrase_writes_nothing(station, tmp_path):
    """Issue 14 finding 12: at least 12 characters, as for `keys export-private`."""
    target = tmp_path / "key.pem"
    with pytest.raises(InvalidInput):
        setup.save_private_key(station, target, "short-one")
    assert not target.exists()


def test_after_set_up_only_an_administrator_saves_the_key(
    station, admin, appraiser_session, tmp_path
):
    """Issue 14 finding 12: with no session the wizard's save works only while the station
    has no administrator yet; later it is the rule book's KEYS action (audited refusal)."""
    target = tmp_path / "key.pem"
    for session in (None, appraiser_session):
        with pytest.raises(PermissionDenied):
            setup.save_private_key(station, target, PASSPHRASE, session)
    assert not target.exists()
    setup.save_private_key(station, target, PASSPHRASE, admin)
    assert decrypt_private(target.read_bytes(), PASSPHRASE)


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
