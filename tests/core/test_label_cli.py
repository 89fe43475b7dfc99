"""``appraiser label …`` commands beyond render/verify: issue, stocks, keys, clone flags."""

from __future__ import annotations

import io
import json

import pytest
from fake_printer import FakePrinter
from label_support import genuine_appraisal, stored_payload

from appraiser.cli.main import main
from appraiser.domain.enums import Role
from appraiser.keys import StationKeys
from appraiser.services.admin import accounts
from appraiser.services.admin.station import Station


@pytest.fixture
def typed_password(monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    """A script pipes the password: one line on stdin per command that signs in."""
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{password}\n" * 10))


def test_issue_then_flags(station, appraiser_session, password, typed_password, capsys) -> None:
    uid = genuine_appraisal(station, appraiser_session, password)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "label", "issue", uid, "--user", "appraiser1"]) == 0
    (grouped,) = capsys.readouterr().out.split()
    assert len(grouped) == 22
    uri = stored_payload(root, grouped)
    assert main(["--data-dir", root, "label", "issue", uid, "--user", "appraiser1"]) == 2
    assert "already has a label" in capsys.readouterr().err
    outbound = ["label", "verify", uri, "--purpose", "outbound", "--user", "appraiser1"]
    for _ in range(2):  # outbound scans are signed (issue 14 breaker M-2)
        assert main(["--data-dir", root, *outbound]) in (0, 1)
    out = capsys.readouterr().out
    assert "PROBABLE CLONE" in out
    assert main(["--data-dir", root, "label", "flags", "--json"]) == 0
    flag = json.loads(capsys.readouterr().out)
    assert flag["grouped"] == grouped and flag["rule"] == "outbound_repeat"


def test_counterfeit_gets_no_label(
    station, appraiser_session, password, typed_password, capsys
) -> None:
    uid = genuine_appraisal(station, appraiser_session, password, verdict="counterfeit")
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "label", "issue", uid, "--user", "appraiser1"]) == 2
    assert "only genuine items" in capsys.readouterr().err


def test_render_without_label_explains(
    station, appraiser_session, password, typed_password, tmp_path, capsys
) -> None:
    uid = genuine_appraisal(station, appraiser_session, password)
    root = str(station.data.root)
    station.close()
    out = tmp_path / "x.pdf"
    render = ["--data-dir", root, "label", "render", uid, "--user", "appraiser1"]
    assert main([*render, "--out", str(out)]) == 2
    assert "has no label: only a genuine verdict" in capsys.readouterr().err
    assert not out.exists()
    assert main([*render, "--stock", "99x99", "--out", str(out)]) == 2


def test_stocks_and_key_exchange(tmp_path, password, typed_password, capsys) -> None:
    """Trusting a key needs an administrator and its fingerprint (issue 14 finding 4)."""
    assert main(["--data-dir", str(tmp_path / "a"), "label", "stocks"]) == 0
    listed = capsys.readouterr().out
    assert all(key in listed for key in ("50x30", "40x30", "60x40", "2.25x1.25in", "62x29"))
    assert main(["--data-dir", str(tmp_path / "a"), "label", "export-key"]) == 0
    pem = capsys.readouterr().out
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    (tmp_path / "a.pem").write_text(pem)
    other = Station.open(tmp_path / "b")
    accounts.create_user(other.store, "admin", "Admin", Role.ADMIN, password, by=None)
    other.close()
    trust = ["--data-dir", str(tmp_path / "b"), "label", "trust-key", "--user", "admin"]
    assert main([*trust, str(tmp_path / "a.pem")]) == 2  # the fingerprint is shown first
    shown = capsys.readouterr().err.split("fingerprint ")[1][:79]
    assert main([*trust, str(tmp_path / "a.pem"), "--fingerprint", shown]) == 0
    kid = capsys.readouterr().out.strip()
    other = Station.open(tmp_path / "b")
    try:
        assert kid in StationKeys(other.data.keys, other.store).public_keys()  # the ledger (H3)
    finally:
        other.close()
    (tmp_path / "junk.pem").write_text("not a key")
    assert main([*trust, str(tmp_path / "junk.pem"), "--fingerprint", shown]) == 2


def test_rotate_key_is_admin_only_and_old_labels_still_verify(
    station, appraiser_session, admin, password, typed_password, capsys
) -> None:
    uid = genuine_appraisal(station, appraiser_session, password)
    root = str(station.data.root)
    old_kid = StationKeys(station.data.keys).current_key_id()
    station.close()
    assert main(["--data-dir", root, "label", "issue", uid, "--user", "appraiser1"]) == 0
    uri = stored_payload(root, capsys.readouterr().out.split()[0])
    assert main(["--data-dir", root, "label", "rotate-key", "--user", "appraiser1"]) == 2
    assert main(["--data-dir", root, "label", "rotate-key", "--user", "admin"]) == 0
    new_kid = capsys.readouterr().out.strip()
    assert new_kid != old_kid
    assert main(["--data-dir", root, "label", "verify", uri, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["key_id"] == old_kid


def test_print_to_a_printer_that_never_answers_status(
    station, appraiser_session, password, typed_password, capsys
) -> None:
    """It used to stall 15 s and stop after the first label with exit 1."""
    for _ in range(3):
        genuine_appraisal(station, appraiser_session, password)
    root = str(station.data.root)
    station.close()
    fake = FakePrinter(silent=True)
    try:
        args = ["label", "print", "LOT-1", "--kind", "tcp9100", "--printer", fake.address]
        assert main(["--data-dir", root, *args, "--user", "appraiser1"]) == 0
        fake.done.wait(10)
    finally:
        fake.close()
    out, err = capsys.readouterr()
    assert out.count("printed ") == 3 and "NOT printed" not in out
    assert len(fake.formats) == 3
    assert "does not answer status queries" in err and "Check that each one came out" in err


def test_issue_prints_the_serial_never_the_payload(
    station, appraiser_session, password, typed_password, capsys
) -> None:
    """Issue 14 finding 3: ``label issue`` printed the signed payload on stdout, so the issuer
    held a printable label that no print record knows of. Only a recorded print carries it."""
    uid = genuine_appraisal(station, appraiser_session, password)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "label", "issue", uid, "--user", "appraiser1"]) == 0
    out = capsys.readouterr().out
    assert out.split() and len(out.split()[0]) == 22
    assert "https://" not in out and "s=" not in out
