"""Backup → wipe → restore gives the same station; damaged or foreign archives are refused."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

import pytest

from appraiser.backup import MANIFEST, BackupError, verify_archive
from appraiser.cli.main import main as cli
from appraiser.domain.enums import Category
from appraiser.keys import StationKeys
from appraiser.services.admin import backup
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals


def media_hashes(root: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (root / "media").rglob("*")
        if p.is_file()
    }


@pytest.fixture
def busy_station(station: Station, appraiser_session) -> Station:
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
    (station.data.config).write_text('station_code = "BW-07"\n', encoding="utf-8")
    (station.data.library / "index.bin").write_bytes(b"\x00index" * 100)
    return station


def audit_json(root: Path, capsys) -> str:
    assert cli(["--data-dir", str(root), "audit", "verify", "--json"]) == 0
    return capsys.readouterr().out


def test_backup_wipe_restore_gives_the_same_audit_result_and_media(busy_station, tmp_path, capsys):
    root = busy_station.data.root
    archive = tmp_path / "out" / "station.zip"
    archive.parent.mkdir()  # the CLI refuses a missing parent instead of making it
    assert cli(["--data-dir", str(root), "backup", "--out", str(archive)]) == 0
    captured = capsys.readouterr()
    assert "verified" in captured.out and "private signing key" in captured.err
    before_audit, before_media = audit_json(root, capsys), media_hashes(root)
    private_key = (root / "keys" / "station-ed25519.pem").read_bytes()
    busy_station.close()

    shutil.rmtree(root)
    assert cli(["--data-dir", str(root), "restore", str(archive)]) == 0
    assert "restored" in capsys.readouterr().out
    assert audit_json(root, capsys) == before_audit
    assert '"ok": true' in before_audit
    assert media_hashes(root) == before_media and len(before_media) == 5
    assert (root / "keys" / "station-ed25519.pem").read_bytes() == private_key
    assert (root / "config.toml").read_text(encoding="utf-8") == 'station_code = "BW-07"\n'
    assert (root / "library" / "index.bin").read_bytes() == b"\x00index" * 100
    reopened = Station.open(root)
    assert reopened.store.integrity_check() == ["ok"]
    reopened.close()


def test_restore_refuses_a_folder_holding_data_unless_forced(busy_station, tmp_path):
    archive = tmp_path / "b.zip"
    backup.create_backup(busy_station.store, "BW-01", archive)
    root = busy_station.data.root
    busy_station.close()
    with pytest.raises(backup.DataFolderNotEmpty):
        backup.restore_backup(archive, root)
    result = backup.restore_backup(archive, root, force=True)
    assert result.previous is not None and (result.previous / "appraiser.db").is_file()
    assert media_hashes(root) == media_hashes(result.previous)


def test_a_damaged_archive_is_refused_and_leaves_the_target_untouched(busy_station, tmp_path):
    archive = tmp_path / "b.zip"
    backup.create_backup(busy_station.store, "BW-01", archive)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("media/") and not out.namelist()[1:]:
                data = b"X" + data[1:]  # same size, different bytes
            out.writestr(info, data)
    target = tmp_path / "fresh"
    with pytest.raises(BackupError, match=r"SHA-256|hash"):
        backup.restore_backup(damaged, target)
    assert not target.exists()
    assert not list(tmp_path.glob(".fresh.restore-*"))


def test_foreign_and_truncated_files_are_refused_with_a_clear_message(tmp_path, busy_station):
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as out:
        out.writestr("hello.txt", "not a backup")
    with pytest.raises(BackupError, match="not an appraiser backup"):
        verify_archive(foreign)
    archive = tmp_path / "b.zip"
    backup.create_backup(busy_station.store, "BW-01", archive)
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(BackupError, match="damaged"):
        verify_archive(truncated)


def test_an_extra_member_not_in_the_manifest_is_refused(busy_station, tmp_path):
    archive = tmp_path / "b.zip"
    backup.create_backup(busy_station.store, "BW-01", archive)
    with zipfile.ZipFile(archive, "a") as out:
        out.writestr("keys/station-ed25519.pem.evil", b"x")
    with pytest.raises(BackupError, match="does not match its manifest"):
        verify_archive(archive)


def test_the_manifest_lists_every_member_with_its_hash(busy_station, tmp_path):
    archive = tmp_path / "b.zip"
    result = backup.create_backup(busy_station.store, "BW-01", archive)
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist()) - {MANIFEST}
    assert names == set(result.manifest.files)
    assert "appraiser.db" in names and "keys/station-ed25519.pem" in names
    assert result.manifest.media_count == 5 and result.manifest.audit.ok
    assert not list(tmp_path.glob(".b.zip.*.tmp"))


def test_a_staged_restore_is_swapped_in_at_the_next_start(busy_station, tmp_path):
    archive = tmp_path / "b.zip"
    backup.create_backup(busy_station.store, "BW-01", archive)
    root = busy_station.data.root
    before = media_hashes(root)
    backup.stage_pending(archive, root)
    busy_station.close()
    for path in (root / "media").rglob("*"):
        if path.is_file():
            path.unlink()
    previous = backup.apply_pending(root)
    assert previous is not None and media_hashes(root) == before
    assert backup.apply_pending(root) is None


def test_a_folder_as_target_gets_a_named_archive_inside(busy_station, tmp_path):
    result = backup.create_backup(busy_station.store, "BW-01", tmp_path)
    assert result.path.parent == tmp_path and result.path.name.startswith("appraiser-BW-01-")
    assert verify_archive(result.path).media_count == 5
