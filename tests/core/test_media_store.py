"""The media store: content-addressed, durable before use, and clean after a full disk."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
from pathlib import Path

import pytest

from appraiser.errors import DiskFullError, NotFound
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.storage import media as media_module
from appraiser.storage.media import MediaStore

PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg " * 1000


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_content_addressed(tmp_path: Path):
    store = MediaStore(tmp_path / "media")
    sha = store.put_bytes(PHOTO)
    assert sha == hashlib.sha256(PHOTO).hexdigest()
    assert store.path(sha) == tmp_path / "media" / sha[:2] / sha
    assert store.read(sha) == PHOTO
    assert store.put_bytes(PHOTO) == sha
    assert _files(tmp_path / "media") == [store.path(sha)]


def test_put_file_streams_a_file(tmp_path: Path):
    source = tmp_path / "photo.jpg"
    source.write_bytes(PHOTO * 3)
    store = MediaStore(tmp_path / "media")
    sha = store.put_file(source)
    assert store.path(sha).read_bytes() == source.read_bytes()
    target = tmp_path / "out.jpg"
    store.copy_to(sha, target)
    assert target.read_bytes() == PHOTO * 3


def test_missing_media_is_a_known_error(tmp_path: Path):
    with pytest.raises(NotFound, match="missing from the media store"):
        MediaStore(tmp_path / "media").read("ab" * 32)


def test_file_is_synced_before_rename_and_folder_after(tmp_path, monkeypatch):
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        calls.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(src, dst) -> None:
        calls.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(media_module.os, "fsync", fsync)
    monkeypatch.setattr(media_module.os, "replace", replace)
    MediaStore(tmp_path / "media").put_bytes(PHOTO)
    assert calls[:2] == ["fsync-file", "replace"]
    assert calls[2:] and set(calls[2:]) == {"fsync-dir"}


def test_leftover_temp_files_are_cleaned_at_start(tmp_path: Path):
    station = Station.open(tmp_path)
    sha = station.store.media.put_bytes(PHOTO)
    station.close()
    media = tmp_path / "media"
    leftovers = [media / "incoming-dead.tmp", media / sha[:2] / "incoming-half.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a photo")
        os.utime(path, (1, 1))  # left by a crash long ago
    Station.open(tmp_path).close()
    assert not any(p.exists() for p in leftovers)
    assert _files(media) == [media / sha[:2] / sha]


def test_opening_the_store_elsewhere_does_not_break_a_write_in_flight(tmp_path: Path):
    """The GUI stores a still while its report child (or a CLI command) opens the station."""
    Station.open(tmp_path).close()
    store = MediaStore(tmp_path / "media")

    def chunks():
        yield PHOTO[:100]
        Station.open(tmp_path).close()  # a second process opens the same data folder
        yield PHOTO[100:]

    sha = store.put_chunks(chunks())
    assert store.read(sha) == PHOTO


class _FullDisk(io.RawIOBase):
    """A writable file that takes ``room`` bytes, then fails like a full disk."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if len(data) > self.room:
            self.real.write(bytes(data[: self.room]))
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def fileno(self) -> int:
        return self.real.fileno()

    def flush(self) -> None:
        self.real.flush()

    def close(self) -> None:
        super().close()  # flushes through to the real file first
        self.real.close()


def _fill_disk_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    def full_open(path, mode="r", *args, **kwargs):
        return _FullDisk(open(path, mode, *args, **kwargs), room)

    monkeypatch.setattr(media_module, "open", full_open, raising=False)


@pytest.mark.parametrize("room", [0, 1000, len(PHOTO) - 1])
def test_disk_full_while_writing_leaves_nothing(tmp_path, monkeypatch, room: int):
    store = MediaStore(tmp_path / "media")
    _fill_disk_after(monkeypatch, room)
    with pytest.raises(DiskFullError, match="disk space") as caught:
        store.put_bytes(PHOTO)
    assert "nothing half-written" in caught.value.hint
    assert _files(tmp_path / "media") == []


def test_disk_full_at_fsync_leaves_nothing(tmp_path, monkeypatch):
    def failing_fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(media_module.os, "fsync", failing_fsync)
    with pytest.raises(DiskFullError):
        MediaStore(tmp_path / "media").put_bytes(PHOTO)
    assert _files(tmp_path / "media") == []


def test_other_write_errors_are_not_disguised(tmp_path, monkeypatch):
    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(media_module.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="Input/output") as caught:
        MediaStore(tmp_path / "media").put_bytes(PHOTO)
    assert not isinstance(caught.value, DiskFullError)
    assert _files(tmp_path / "media") == []


def _started(station: Station, session: Session) -> str:
    item = appraisals.register_item(station.store, session, brand="Acme", model="Tote")
    return appraisals.start(station.store, session, "BW-01", item, "bags", station.settings.tz())


def _media_rows(station: Station) -> int:
    return station.store.one("SELECT COUNT(*) AS n FROM appraisal_media")["n"]


def test_disk_full_during_attach_names_no_media(station, appraiser_session, monkeypatch):
    uid = _started(station, appraiser_session)
    _fill_disk_after(monkeypatch, 4096)
    with pytest.raises(DiskFullError):
        appraisals.attach_media(
            station.store, appraiser_session, uid, PHOTO, role="photo", mime="image/jpeg"
        )
    assert _media_rows(station) == 0
    assert station.store.one("SELECT COUNT(*) AS n FROM media")["n"] == 0
    assert _files(station.data.media) == []
    assert station.store.verify_audit().ok


def test_database_full_after_media_keeps_rows_consistent(station, appraiser_session):
    """When the database (not the media write) runs out of room, no row names the photo."""
    uid = _started(station, appraiser_session)
    pages = station.store.conn.execute("PRAGMA page_count").fetchone()[0]
    station.store.conn.execute(f"PRAGMA max_page_count = {pages}")
    big_meta = {"exif": "x" * 200_000}
    with pytest.raises(DiskFullError, match="disk is full"):
        appraisals.attach_media(
            station.store,
            appraiser_session,
            uid,
            PHOTO,
            role="photo",
            mime="image/jpeg",
            meta=big_meta,
        )
    station.store.conn.execute("PRAGMA max_page_count = 1073741823")
    assert _media_rows(station) == 0
    assert station.store.one("SELECT COUNT(*) AS n FROM media")["n"] == 0
    assert station.store.verify_audit().ok


def test_rows_never_name_unstored_media(station: Station):
    with pytest.raises(RuntimeError, match="must be stored before"), station.store.atomic() as tx:
        tx.add_media("cd" * 32, 10, "image/jpeg")
    assert station.store.one("SELECT COUNT(*) AS n FROM media")["n"] == 0


def test_attached_media_is_named_once_and_readable(station, appraiser_session):
    uid = _started(station, appraiser_session)
    first = appraisals.attach_media(
        station.store, appraiser_session, uid, PHOTO, role="photo", mime="image/jpeg", view="front"
    )
    again = appraisals.attach_media(
        station.store, appraiser_session, uid, PHOTO, role="photo", mime="image/jpeg", view="back"
    )
    assert first == again
    assert station.store.one("SELECT COUNT(*) AS n FROM media")["n"] == 1
    assert [m["view"] for m in appraisals.media_of(station.store, uid)] == ["front", "back"]
    assert station.store.media.read(first) == PHOTO
