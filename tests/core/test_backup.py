"""Backup → wipe → restore gives the same station; damaged, foreign, unsigned or tampered
archives are refused before anything is replaced (issue 14 finding 11)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from appraiser import backup as fmt
from appraiser.backup import BackupError, Manifest
from appraiser.cli.main import main as cli
from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.keys import StationKeys, fingerprint
from appraiser.services.admin import backup, restore
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals

PASSPHRASE = "correct horse battery staple"


def media_hashes(root: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (root / "media").rglob("*")
        if p.is_file()
    }


@pytest.fixture
def busy_station(station: Station, admin, appraiser_session) -> Station:
    """A station with records, media, a signing key, settings and a library file."""
    item = appraisals.register_item(station.store, appraiser_session, brand="Acme")
    uid = appraisals.start(
        station.store, appraiser_session, "BW-01", item, Category.BAGS, station.settings.tz()
    )
    for n in range(5):
        appraisals.attach_media(
            station.store, appraiser_session, uid, bytes([n]) * (1000 + n), role="photo",
            mime="image/jpeg", view=f"v{n}",
        )  # fmt: skip
    StationKeys(station.data.keys).sign(b"hello")
    (station.data.library / "index.bin").write_bytes(b"\x00index" * 100)
    return station


def make(station: Station, admin, out: Path) -> backup.BackupResult:
    return backup.create_backup(
        station.store, station.settings.station_code, out, session=admin, passphrase=PASSPHRASE,
        resolver_domain=station.settings.resolver_domain,
    )  # fmt: skip


def signer_fp(station: Station) -> str:
    return fingerprint(StationKeys(station.data.keys).signing_key().public_key())


def put_back(archive: Path, root: Path, **kw) -> restore.RestoreResult:
    args = {"user": "admin", "password": "test-password-1", "passphrase": PASSPHRASE, **kw}
    return restore.restore_backup(archive, root, **args)


def audit_json(root: Path, capsys) -> dict:
    assert cli(["--data-dir", str(root), "audit", "verify", "--json"]) == 0
    return json.loads(capsys.readouterr().out.splitlines()[-1])


def resign(src: Path, dst: Path, key: Ed25519PrivateKey, edit) -> None:
    """Rewrite a backup with ``edit(members)`` applied and a fresh, valid signature by
    ``key``: what an attacker holding that key (or a careless tool) could produce."""
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist() if n not in (fmt.MANIFEST, fmt.SIGNATURE)}
        old = Manifest.parse(zf.read(fmt.MANIFEST), src)
    edit(members)
    files = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()
    }
    public = key.public_key()
    from appraiser.keys import public_pem

    signer = fmt.Signer.of(public, public_pem(public))
    manifest = Manifest(old.created, old.app_version, old.station_code, old.resolver_domain,
                        files, old.audit, signer)  # fmt: skip
    raw, signature = fmt.sign_manifest(manifest, key.sign)
    with zipfile.ZipFile(dst, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
        out.writestr(fmt.MANIFEST, raw)
        out.writestr(fmt.SIGNATURE, signature)


def test_backup_wipe_restore_gives_the_same_station(busy_station, admin, tmp_path, capsys):
    root = busy_station.data.root
    archive = make(busy_station, admin, tmp_path / "station.zip").path
    before_audit, before_media = audit_json(root, capsys), media_hashes(root)
    private_key = (root / "keys" / "station-ed25519.pem").read_bytes()
    fp = signer_fp(busy_station)
    busy_station.close()
    shutil.rmtree(root)
    with pytest.raises(restore.SignerNotTrusted, match="fingerprint"):
        put_back(archive, root)  # an empty station trusts nobody: confirm the signer
    assert not root.exists()
    put_back(archive, root, signer=fp)
    after = audit_json(root, capsys)
    assert after["ok"] and after["events"] >= before_audit["events"]
    assert media_hashes(root) == before_media and len(before_media) == 5
    assert (root / "keys" / "station-ed25519.pem").read_bytes() == private_key
    assert (root / "library" / "index.bin").read_bytes() == b"\x00index" * 100
    reopened = Station.open(root)
    assert reopened.store.integrity_check() == ["ok"]
    reopened.close()


def test_the_private_key_is_only_inside_encrypted(busy_station, admin, tmp_path):
    """Issue 14 finding 12: the nobody user extracted the plain private key from a backup."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        sealed = zf.read(fmt.ENCRYPTED_KEY)
    assert "keys/station-ed25519.pem" not in names and b"ENCRYPTED PRIVATE KEY" in sealed
    assert all(b"BEGIN PRIVATE KEY" not in zipfile.ZipFile(archive).read(n) for n in names)


def test_backup_and_restore_need_an_admin(busy_station, admin, appraiser_session, tmp_path):
    """Issue 14 finding 11: backup and restore needed no login."""
    with pytest.raises(PermissionDenied):
        backup.create_backup(
            busy_station.store, "BW-01", tmp_path / "x.zip", session=appraiser_session,
            passphrase=PASSPHRASE,
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="12"):
        backup.create_backup(
            busy_station.store, "BW-01", tmp_path / "x.zip", session=admin, passphrase="short"
        )
    assert not (tmp_path / "x.zip").exists()
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    root = busy_station.data.root
    busy_station.close()
    with pytest.raises(PermissionDenied):
        put_back(archive, root, user="appraiser1", force=True)
    with pytest.raises(InvalidInput, match="passphrase"):
        put_back(archive, root, passphrase="wrong passphrase!", force=True)
    result = put_back(archive, root, force=True)  # our own key: trusted, no --signer
    assert result.previous is not None and (result.previous / "appraiser.db").is_file()


def test_cli_backup_and_restore_read_password_then_passphrase(
    busy_station, tmp_path, monkeypatch, capsys
):
    root = str(busy_station.data.root)
    busy_station.close()
    out = tmp_path / "b.zip"
    monkeypatch.setattr("sys.stdin", io.StringIO(f"test-password-1\n{PASSPHRASE}\n"))
    assert cli(["--data-dir", root, "backup", "--out", str(out), "--user", "admin"]) == 0
    assert "signed by this station" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(f"test-password-1\n{PASSPHRASE}\n"))
    assert cli(["--data-dir", root, "restore", str(out), "--force", "--user", "admin"]) == 0
    assert "restored" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # --user is required
        cli(["--data-dir", root, "restore", str(out), "--force"])


def test_an_attackers_backup_is_refused(busy_station, admin, tmp_path):
    """Issue 14 finding 11: a backup carrying an attacker's key and another label domain
    was restored with exit 0."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    attacker = Ed25519PrivateKey.generate()
    evil = tmp_path / "evil.zip"

    def swap_domain(members: dict) -> None:
        members["config.toml"] = b'resolver_domain = "verify.attacker.example"\n'

    resign(archive, evil, attacker, swap_domain)
    root = busy_station.data.root
    busy_station.close()
    with pytest.raises(restore.SignerNotTrusted, match="does not trust"):
        put_back(evil, root, force=True)
    with pytest.raises(restore.SettingsChanged, match=r"verify\.attacker\.example"):
        put_back(evil, root, force=True, signer=fingerprint(attacker.public_key()))
    assert (root / "appraiser.db").is_file()  # untouched
    config = root / "config.toml"
    assert not config.exists() or "attacker" not in config.read_text(encoding="utf-8")


def test_an_altered_manifest_breaks_the_signature(busy_station, admin, tmp_path):
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(archive) as zf, zipfile.ZipFile(altered, "w") as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == fmt.MANIFEST:
                data = data.replace(b'"BW-01"', b'"BW-99"')
            out.writestr(info, data)
    with pytest.raises(BackupError, match="signature"):
        restore.inspect(altered, busy_station.data.root)


def test_a_broken_audit_trail_is_refused(busy_station, admin, tmp_path):
    """Issue 14 finding 11: a backup whose audit trail was broken was restored (exit 0).
    The station no longer writes on an altered schema (breaker H2), so the database inside
    a good backup is broken and the archive re-signed with the station's own key."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    own = StationKeys(busy_station.data.keys, busy_station.store).signing_key()
    busy_station.close()

    def break_trail(members: dict) -> None:
        copy = tmp_path / "copy.db"
        copy.write_bytes(members["appraiser.db"])
        conn = sqlite3.connect(copy, isolation_level=None)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_events'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE audit_events SET data = '{}' WHERE seq = 2")
        conn.close()  # WAL: only closing puts the change into the file itself
        members["appraiser.db"] = copy.read_bytes()

    broken = tmp_path / "broken.zip"
    resign(archive, broken, own, break_trail)
    target = tmp_path / "fresh"
    with pytest.raises(BackupError, match="audit trail is broken"):
        put_back(broken, target, signer=fingerprint(own.public_key()))
    assert not target.exists() and not list(tmp_path.glob(".fresh.restore-*"))


@pytest.mark.parametrize("name", ["appraiser.lock", "logs/app.log", "appraiser.db-wal"])
def test_runtime_files_are_never_taken_from_a_backup(busy_station, admin, tmp_path, name):
    """Issue 14 finding 11: a restored appraiser.lock blocked every later restore."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    own = StationKeys(busy_station.data.keys).signing_key()
    odd = tmp_path / "odd.zip"
    resign(archive, odd, own, lambda members: members.__setitem__(name, b"12345\nappraiser\n"))
    with pytest.raises(BackupError, match="no backup carries"):
        put_back(odd, tmp_path / "fresh", signer=signer_fp(busy_station))
    assert not (tmp_path / "fresh").exists()


def test_an_oversized_member_is_refused_before_unpacking(busy_station, admin, tmp_path):
    """Issue 14 finding 11: an oversized member was unpacked fully before its size was
    checked. The zip header's size must equal the signed manifest's, checked first."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    own = StationKeys(busy_station.data.keys).signing_key()
    big = tmp_path / "big.zip"
    resign(archive, big, own, lambda m: m.__setitem__("library/big.bin", b"x"))
    with zipfile.ZipFile(big) as zf, zipfile.ZipFile(tmp_path / "bomb.zip", "w") as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "library/big.bin":
                data = b"\0" * (64 << 20)  # 64 MiB of zeros in a few KiB, manifest says 1 byte
            out.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(BackupError, match="size"):
        put_back(tmp_path / "bomb.zip", tmp_path / "fresh", signer=signer_fp(busy_station))
    assert not list(tmp_path.glob(".fresh.restore-*")) and not (tmp_path / "fresh").exists()


def test_an_unsigned_v1_backup_is_refused(tmp_path, busy_station):
    old = tmp_path / "v1.zip"
    with zipfile.ZipFile(old, "w") as out:
        out.writestr(fmt.MANIFEST, json.dumps({"format": fmt.FORMAT, "version": 1}))
    with pytest.raises(BackupError, match="signed v2"):
        restore.inspect(old, busy_station.data.root)


def test_foreign_and_truncated_files_are_refused_with_a_clear_message(
    tmp_path, busy_station, admin
):
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as out:
        out.writestr("hello.txt", "not a backup")
    with pytest.raises(BackupError, match="not an appraiser backup"):
        restore.inspect(foreign, busy_station.data.root)
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match="damaged"):
        restore.inspect(truncated, busy_station.data.root)


def test_the_manifest_lists_every_member_with_its_hash(busy_station, admin, tmp_path):
    result = make(busy_station, admin, tmp_path / "b.zip")
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist()) - {fmt.MANIFEST, fmt.SIGNATURE}
    assert names == set(result.manifest.files)
    assert "appraiser.db" in names and fmt.ENCRYPTED_KEY in names
    assert result.manifest.media_count == 5 and result.manifest.audit.ok
    assert not list(tmp_path.glob(".b.zip.*.tmp"))


def test_a_staged_restore_is_swapped_in_at_the_next_start(busy_station, admin, tmp_path):
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    root = busy_station.data.root
    before = media_hashes(root)
    restore.stage_pending(archive, root, busy_station.store, admin, PASSPHRASE)
    busy_station.close()
    for path in (root / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    previous = backup.apply_pending(root)
    assert previous is not None and media_hashes(root) == before
    assert backup.apply_pending(root) is None


def test_a_folder_as_target_gets_a_named_archive_inside(busy_station, admin, tmp_path):
    result = make(busy_station, admin, tmp_path)
    assert result.path.parent == tmp_path and result.path.name.startswith("appraiser-BW-01-")
    assert restore.inspect(result.path, busy_station.data.root).trusted


def test_a_tampered_backup_is_bad_input_and_no_room_is_the_environment(
    busy_station, admin, tmp_path, monkeypatch, capsys
):
    """Issue 14 (breaker, low): a tampered backup exited 3 (environment) rather than 2 (bad
    input). A damaged, altered or foreign archive is the input's fault: exit 2; a disk
    without room for it stays the environment's: exit 3."""
    archive = make(busy_station, admin, tmp_path / "b.zip").path
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(archive) as zf, zipfile.ZipFile(altered, "w") as out:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == fmt.MANIFEST:
                data = data.replace(b'"BW-01"', b'"BW-99"')
            out.writestr(info, data)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[:1000])
    root = str(busy_station.data.root)
    busy_station.close()

    def restore_cli(path: Path) -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(f"test-password-1\n{PASSPHRASE}\n"))
        return cli(["--data-dir", root, "restore", str(path), "--force", "--user", "admin"])

    assert restore_cli(altered) == 2 and "signature" in capsys.readouterr().err
    assert restore_cli(truncated) == 2
    capsys.readouterr()
    monkeypatch.setattr(fmt.shutil, "disk_usage", lambda _p: shutil._ntuple_diskusage(1, 1, 0))
    assert restore_cli(archive) == 3 and "MiB" in capsys.readouterr().err


def test_two_swaps_in_one_second_keep_both_replaced_folders(tmp_path, monkeypatch) -> None:
    """Found by CI: a second forced restore within the same second renamed the station onto
    the first restore's `before-restore-<second>` folder: OSError 39, exit 70."""
    from appraiser.services.admin import backup as backup_service

    monkeypatch.setattr(backup_service.time, "strftime", lambda _fmt: "20261206-014341")
    root = tmp_path / "station"
    kept = []
    for number in (1, 2):
        root.mkdir()
        (root / "appraiser.db").write_text(f"station {number}")
        staging = tmp_path / f"staging{number}"
        staging.mkdir()
        (staging / "appraiser.db").write_text(f"backup {number}")
        previous = backup_service.swap_in(staging, root, force=True)
        kept.append(previous)
        backup_service.fmt.remove_tree(root)
    assert kept[0] != kept[1]
    assert [(k / "appraiser.db").read_text() for k in kept] == ["station 1", "station 2"]
