"""Issue 14 finding 4: who may trust, rotate, revoke and export the station's keys.

Trusting a key is for an administrator who has read its fingerprint aloud with the other
station; a rotation retires the old key for later dates, a revocation for every date; the
private key leaves the station only encrypted with an administrator's passphrase.
"""

from __future__ import annotations

import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from label_support import forged, genuine_appraisal

from appraiser.cli.main import main
from appraiser.clock import utcnow
from appraiser.keys import StationKeys, fingerprint, key_id
from appraiser.services.labelling import labels

PASSPHRASE = "a long admin passphrase"


def pem_of(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def audit_actions(root: str) -> list[str]:
    import sqlite3

    with sqlite3.connect(Path(root) / "appraiser.db") as conn:
        return [r[0] for r in conn.execute("SELECT action FROM audit_events ORDER BY seq")]


def verify_json(root: str, uri: str, capsys) -> tuple[int, dict]:
    code = main(["--data-dir", root, "label", "verify", uri, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.fixture
def attacker(tmp_path: Path) -> tuple[Ed25519PrivateKey, Path]:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "attacker.pem"
    path.write_bytes(pem_of(key))
    return key, path


def test_trusting_a_key_needs_an_admin_and_its_fingerprint(
    station, admin, appraiser_session, password, attacker, typed, capsys
):
    """Issue 14 finding 4a: `label trust-key` needed no login; the attacker's labels then
    verified with exit 0."""
    key, pem = attacker
    root = str(station.data.root)
    station.close()
    label = forged(key, utcnow().strftime("%Y%m%d"))
    trust = ["--data-dir", root, "label", "trust-key", str(pem)]
    typed(password)
    assert (
        main([*trust, "--user", "appraiser1", "--fingerprint", fingerprint(key.public_key())]) == 2
    )
    typed(password)
    assert main([*trust, "--user", "admin"]) == 2  # no fingerprint: shown, nothing trusted
    err = capsys.readouterr().err
    assert fingerprint(key.public_key()) in err and "--fingerprint" in err
    typed(password)
    assert main([*trust, "--user", "admin", "--fingerprint", "AB12 " * 16]) == 2
    assert "does not match" in capsys.readouterr().err
    assert verify_json(root, label, capsys)[0] == 1
    spoken = fingerprint(key.public_key()).lower().replace(" ", ":")  # read aloud, typed loosely
    typed(password)
    assert main([*trust, "--user", "admin", "--fingerprint", spoken]) == 0
    assert key_id(key.public_key()) in capsys.readouterr().out
    assert verify_json(root, label, capsys)[0] == 0
    actions = audit_actions(root)
    assert actions.count("rules.refused") == 1 and "keys.trust_refused" in actions
    assert "keys.trusted" in actions


def test_a_rotated_key_is_retired_for_later_dates(
    station, admin, appraiser_session, password, typed, capsys
):
    """Issue 14 finding 4b: after rotate-key the old key stayed trusted for new dates, so a
    stolen key could never be revoked."""
    uid = genuine_appraisal(station, appraiser_session, password)
    before = labels.issue(station, appraiser_session, uid).payload  # signed before: stays good
    keys = StationKeys(station.data.keys)
    old = keys.signing_key()
    root = str(station.data.root)
    today = utcnow().astimezone(station.settings.tz())
    station.close()
    typed(password)
    assert main(["--data-dir", root, "keys", "rotate", "--user", "admin"]) == 0
    capsys.readouterr()
    assert verify_json(root, before, capsys)[0] == 0
    later = forged(old, (today + timedelta(days=1)).strftime("%Y%m%d"))
    code, report = verify_json(root, later, capsys)
    assert code == 1 and report["outcome"] == "retired_key"
    assert "retired" in report["reason"]
    assert "keys.rotated" in audit_actions(root)


def test_label_rotate_key_still_works_for_scripts_and_retires(
    station, admin, password, typed, capsys
):
    keys = StationKeys(station.data.keys)
    old = keys.signing_key()
    root = str(station.data.root)
    station.close()
    typed(password)
    assert main(["--data-dir", root, "label", "rotate-key", "--user", "admin"]) == 0
    assert capsys.readouterr().out.strip() != key_id(old.public_key())
    code, report = verify_json(root, forged(old, "29991231"), capsys)
    assert code == 1 and report["outcome"] == "retired_key"


def test_a_trusted_key_can_be_revoked_outright(station, admin, password, attacker, typed, capsys):
    """Issue 14 finding 4b: a way to take a trusted key back (every date refused)."""
    key, pem = attacker
    root = str(station.data.root)
    own = StationKeys(station.data.keys).current_key_id()
    station.close()

    def keys(*args: str) -> int:
        typed(password)
        code = main(["--data-dir", root, "keys", *args, "--user", "admin"])
        return code

    label, kid, fp = (
        forged(key, "20200101"),
        key_id(key.public_key()),
        fingerprint(key.public_key()),
    )
    assert keys("trust", str(pem), "--fingerprint", fp) == 0
    capsys.readouterr()
    assert verify_json(root, label, capsys)[0] == 0
    assert keys("revoke", own, "--reason", "x") == 2
    assert "rotate" in capsys.readouterr().err  # the key in use: rotate first
    assert keys("revoke", kid, "--reason", "lost") == 0
    capsys.readouterr()
    code, report = verify_json(root, label, capsys)
    assert code == 1 and "revoked" in report["reason"]
    assert keys("trust", str(pem), "--fingerprint", fp) == 2  # revoked stays revoked
    assert "revoked" in capsys.readouterr().err
    assert verify_json(root, label, capsys)[0] == 1
    assert main(["--data-dir", root, "keys", "list", "--json"]) == 0
    listed = {row["key_id"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert listed[kid]["status"] == "revoked" and listed[own]["status"] == "signing"
    own_key = StationKeys(Path(root) / "keys").signing_key().public_key()
    assert listed[own]["fingerprint"] == fingerprint(own_key)


def test_the_private_key_leaves_only_encrypted(
    station, admin, appraiser_session, password, typed, tmp_path, capsys
):
    """Issue 14 finding 4 (keys): the private key leaves the station only encrypted with an
    administrator's passphrase of at least 12 characters."""
    root = str(station.data.root)
    private = StationKeys(station.data.keys).signing_key()
    station.close()
    out = tmp_path / "key.pem"
    export = ["--data-dir", root, "keys", "export-private", "--out", str(out)]
    typed(password, PASSPHRASE)
    assert main([*export, "--user", "appraiser1"]) == 2 and not out.exists()
    typed(password, "too short")
    assert main([*export, "--user", "admin"]) == 2 and not out.exists()
    assert "12" in capsys.readouterr().err
    typed(password, PASSPHRASE)
    assert main([*export, "--user", "admin"]) == 0
    data = out.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with pytest.raises((ValueError, TypeError)):
        serialization.load_pem_private_key(data, password=None)
    loaded = serialization.load_pem_private_key(data, password=PASSPHRASE.encode())
    assert key_id(loaded.public_key()) == key_id(private.public_key())
    assert "keys.exported_private" in audit_actions(root)
