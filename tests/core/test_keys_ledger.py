"""Issue 14 breaker H3: key trust and revocation come from the audited database.

The tester copied another station's public key into ``keys/public`` (its labels then
verified), deleted ``keys/public/retired.json`` (a revoked key's labels verified again, a
rotated key signed again) and replaced ``keys/station-ed25519.pem`` (a new signing key, made
silently); ``audit verify`` passed each time. The files are now a cache: what verifies is
what the audit trail vouches for.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from label_support import forged, genuine_appraisal

from appraiser.cli.main import main
from appraiser.clock import utcnow
from appraiser.fsio import write_atomic
from appraiser.keys import (
    SigningKeyReplaced,
    StationKeys,
    encrypt_private,
    fingerprint,
    key_id,
    plain_private,
    public_pem,
)
from appraiser.services.admin.station import Station
from appraiser.services.labelling import labels


def verify(root: str, uri: str, capsys) -> tuple[int, dict]:
    code = main(["--data-dir", root, "label", "verify", uri, "--json"])
    return code, json.loads(capsys.readouterr().out)


def listed(root: str, capsys) -> dict[str, dict]:
    assert main(["--data-dir", root, "keys", "list", "--json"]) == 0
    rows = map(json.loads, capsys.readouterr().out.splitlines())
    return {row["key_id"]: row for row in rows}


def audit(root: str, capsys) -> tuple[int, dict]:
    code = main(["--data-dir", root, "audit", "verify", "--json"])
    return code, json.loads(capsys.readouterr().out.splitlines()[-1])


def test_a_key_file_copied_in_is_not_trusted(station: Station, capsys):
    """Issue 14 breaker H3: `cp other.pem S/keys/public/` made the other station's labels
    VALID without `keys trust` (no admin, no fingerprint, nothing audited)."""
    other = Ed25519PrivateKey.generate()
    kid = key_id(other.public_key())
    root = str(station.data.root)
    (station.data.keys / "public" / f"{kid}.pem").write_bytes(public_pem(other.public_key()))
    station.close()
    code, report = verify(root, forged(other, utcnow().strftime("%Y%m%d")), capsys)
    assert code == 1 and report["outcome"] == "unknown_key"
    assert listed(root, capsys)[kid]["status"] == "not trusted: not in the audit trail"
    code, found = audit(root, capsys)
    assert code == 0 and any(kid in note and "not in the audit trail" in note
                             for note in found["notes"])  # fmt: skip


def test_deleting_retired_json_revives_no_key(station, admin, password, typed, capsys, tmp_path):
    """Issue 14 breaker H3: after `keys revoke`, `rm keys/public/retired.json` made the
    revoked key's labels VALID again and un-retired a rotated key."""
    other = Ed25519PrivateKey.generate()
    pem = tmp_path / "other.pem"
    pem.write_bytes(public_pem(other.public_key()))
    root = str(station.data.root)
    old_own = StationKeys(station.data.keys, station.store).signing_key()
    tomorrow = (utcnow().astimezone(station.settings.tz()) + timedelta(days=1)).strftime("%Y%m%d")
    station.close()

    def keys(*args: str) -> int:
        typed(password)
        return main(["--data-dir", root, "keys", *args, "--user", "admin"])

    assert keys("trust", str(pem), "--fingerprint", fingerprint(other.public_key())) == 0
    assert keys("revoke", key_id(other.public_key()), "--reason", "stolen") == 0
    assert keys("rotate") == 0
    capsys.readouterr()
    (Path(root) / "keys" / "public" / "retired.json").unlink(missing_ok=True)
    code, report = verify(root, forged(other, "20200101"), capsys)
    assert code == 1 and "revoked" in report["reason"]
    code, report = verify(root, forged(old_own, tomorrow), capsys)
    assert code == 1 and report["outcome"] == "retired_key"
    rows = listed(root, capsys)
    assert rows[key_id(other.public_key())]["status"] == "revoked"
    assert rows[key_id(old_own.public_key())]["status"] == "retired"


def test_a_replaced_signing_key_file_signs_nothing(
    station, admin, appraiser_session, password, typed, capsys, tmp_path
):
    """Issue 14 breaker H3: replacing keys/station-ed25519.pem silently made a new signing
    key; labels and checkpoints were signed with it and audit verify passed."""
    uid = genuine_appraisal(station, appraiser_session, password)
    keys_file = station.data.keys / "station-ed25519.pem"
    original = keys_file.read_bytes()
    stranger = Ed25519PrivateKey.generate()
    write_atomic(keys_file, plain_private(stranger), mode=0o600)
    with pytest.raises(SigningKeyReplaced, match="replaced outside the app"):
        labels.issue(station, appraiser_session, uid)
    root = str(station.data.root)
    station.close()
    code, found = audit(root, capsys)
    assert code == 1
    assert any("replaced outside the app" in p and key_id(stranger.public_key()) in p
               for p in found["problems"])  # fmt: skip
    typed(password)  # a write (the sign-in's own audit event) says why, exit 3, no crash
    assert main(["--data-dir", root, "keys", "rotate", "--user", "admin"]) == 3
    assert "replaced outside the app" in capsys.readouterr().err
    # The way back: the station's own key from its encrypted key backup (nothing else).
    sealed = tmp_path / "key-backup.pem"
    back = ["--data-dir", root, "keys", "restore-private", str(sealed), "--user", "admin"]
    sealed.write_bytes(encrypt_private(stranger, "a long key passphrase"))
    typed(password, "a long key passphrase")
    assert main(back) == 2 and "names key" in capsys.readouterr().err
    sealed.write_bytes(
        encrypt_private(load_pem_private_key(original, None), "a long key passphrase")
    )
    typed(password, "a long key passphrase")
    assert main(back) == 0
    assert keys_file.read_bytes() != plain_private(stranger)
    assert list(keys_file.parent.glob("replaced-*.pem"))  # kept for whoever investigates
    assert audit(root, capsys)[0] == 0
    typed(password)
    assert main(["--data-dir", root, "keys", "rotate", "--user", "admin"]) == 0


def test_restoring_an_older_backup_undoes_no_revocation_or_rotation(
    station, admin, password, typed, capsys, tmp_path
):
    """Issue 14 breaker M2: trust X, back up, `keys revoke X`, `keys rotate`, then
    `restore old.zip --force`: X was trusted again and the retired key signed again, and
    audit verify passed. Now the restore needs --accept-older, and keeps both."""
    other = Ed25519PrivateKey.generate()
    pem = tmp_path / "other.pem"
    pem.write_bytes(public_pem(other.public_key()))
    root = str(station.data.root)
    old_own = StationKeys(station.data.keys, station.store).signing_key()
    tomorrow = (utcnow().astimezone(station.settings.tz()) + timedelta(days=1)).strftime("%Y%m%d")
    station.close()
    x = key_id(other.public_key())
    archive = tmp_path / "old.zip"

    def run(*args: str, lines: tuple[str, ...] = ()) -> int:
        typed(password, *lines)
        return main(["--data-dir", root, *args, "--user", "admin"])

    assert run("keys", "trust", str(pem), "--fingerprint", fingerprint(other.public_key())) == 0
    assert run("backup", "--out", str(archive), lines=("a long backup passphrase",)) == 0
    assert run("keys", "revoke", x, "--reason", "stolen") == 0
    assert run("keys", "rotate") == 0
    new_own = capsys.readouterr().out.split()[-1]
    restore = ("restore", str(archive), "--force")
    assert run(*restore, lines=("a long backup passphrase",)) == 2
    assert "--accept-older" in capsys.readouterr().err
    assert run(*restore, "--accept-older", lines=("a long backup passphrase",)) == 0
    capsys.readouterr()
    code, report = verify(root, forged(other, "20200101"), capsys)
    assert code == 1 and "revoked" in report["reason"]
    code, report = verify(root, forged(old_own, tomorrow), capsys)
    assert code == 1 and report["outcome"] == "retired_key"
    rows = listed(root, capsys)
    assert rows[new_own]["status"] == "signing" and rows[x]["status"] == "revoked"
    assert audit(root, capsys)[0] == 0
    reopened = Station.open(Path(root))
    try:
        actions = [r["action"] for r in reopened.store.query("SELECT action FROM audit_events")]
        assert "keys.restore_kept_revocation" in actions
        assert "keys.restore_kept_signing_key" in actions
        assert StationKeys(reopened.data.keys, reopened.store).current_key_id() == new_own
    finally:
        reopened.close()
