"""Importing, re-importing, exporting and removing reference versions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from appraiser.errors import PermissionDenied
from appraiser.library.demo import build_demo_pack
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.reference import library


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_pack(tmp_path_factory.mktemp("pack") / "demo", versions=6)


def _events(station: Station) -> int:
    return station.store.one("SELECT COUNT(*) AS n FROM audit_events")["n"]


def test_demo_pack_is_deterministic(tmp_path: Path, demo_pack: Path) -> None:
    again = build_demo_pack(tmp_path / "again", versions=6)
    assert (again / "manifest.json").read_text() == (demo_pack / "manifest.json").read_text()


def test_import_is_complete_audited_and_idempotent(station: Station, demo_pack: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    report = library.import_pack(
        station.store, station.data, demo_pack, "test", lambda d, t, s: seen.append((d, t, s))
    )
    assert (report.added, report.unchanged, report.images) == (6, 0, 6)
    assert {s for _, _, s in seen} >= {"validating", "importing", "done"}
    assert len(library.list_versions(station.store)) == 6
    before = _events(station)
    again = library.import_pack(station.store, station.data, demo_pack, "test")
    assert (again.added, again.unchanged) == (0, 6)
    assert _events(station) == before  # re-importing the same pack changes nothing
    assert station.store.verify_audit().ok


def test_zip_imports_like_the_folder(station: Station, demo_pack: Path, tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "pack"), "zip", demo_pack.parent, "demo")
    report = library.import_pack(station.store, station.data, Path(archive), "test")
    assert report.added == 6


def test_search_by_brand_gtin_and_region(station: Station, demo_pack: Path) -> None:
    library.import_pack(station.store, station.data, demo_pack, "test")
    rows = library.list_versions(station.store)
    assert {r.brand for r in library.list_versions(station.store, "aurelia")} == {"AURELIA"}
    assert [r.gtin for r in library.list_versions(station.store, rows[0].gtin)] == [rows[0].gtin]
    assert all(
        r.region == "CN"
        for r in library.list_versions(station.store, "CN")
        if "CN" not in r.version_id
    )


def test_remove_is_audited_and_reimport_restores(station: Station, demo_pack: Path) -> None:
    library.import_pack(station.store, station.data, demo_pack, "test")
    victim = library.list_versions(station.store)[0].version_id
    library.remove_version(station.store, station.data, victim, "test", "withdrawn")
    assert victim not in {r.version_id for r in library.list_versions(station.store)}
    event = station.store.one(
        "SELECT * FROM audit_events WHERE action = ?", ("library.version_removed",)
    )
    assert event is not None and victim in event["data"]
    report = library.import_pack(station.store, station.data, demo_pack, "test")
    assert report.reactivated == 1
    assert victim in {r.version_id for r in library.list_versions(station.store)}
    assert station.store.verify_audit().ok


def test_export_reimports_elsewhere(station: Station, demo_pack: Path, tmp_path: Path) -> None:
    library.import_pack(station.store, station.data, demo_pack, "test")
    out = library.export_pack(station.store, station.data, tmp_path / "export")
    other = Station.open(tmp_path / "other")
    try:
        report = library.import_pack(other.store, other.data, out, "test")
        assert report.added == 6
        images = library.version_images(other.store, other.data, 1)
        assert images[0]["rois"] and Path(images[0]["path"]).exists()
    finally:
        other.close()


def _one_version_pack(demo_pack: Path, index: int, folder: Path) -> str:
    """A pack of the demo's ``index``-th version whose picture is called ``front.png``,
    as every pack from a brand calls it; returns the version id."""
    manifest = json.loads((demo_pack / "manifest.json").read_text())
    entry = manifest["versions"][index]
    folder.mkdir(parents=True)
    shutil.copyfile(demo_pack / entry["images"][0]["file"], folder / "front.png")
    entry["images"] = [{**entry["images"][0], "file": "front.png"}]
    manifest["versions"] = [entry]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return entry["id"]


def test_export_keeps_every_picture_when_two_packs_named_them_alike(
    station: Station, demo_pack: Path, tmp_path: Path
) -> None:
    ids = [_one_version_pack(demo_pack, i, tmp_path / f"pack{i}") for i in (0, 1)]
    for i in (0, 1):
        library.import_pack(station.store, station.data, tmp_path / f"pack{i}", "test")
    out = library.export_pack(station.store, station.data, tmp_path / "export")
    other = Station.open(tmp_path / "other")
    try:
        assert library.import_pack(other.store, other.data, out, "test").added == 2
        for version_id in ids:
            [before] = _pictures(station, version_id)
            [after] = _pictures(other, version_id)
            assert after == before, f"{version_id} came back with another version's picture"
    finally:
        other.close()


def _pictures(station: Station, version_id: str) -> list[str]:
    row = station.store.one(
        "SELECT id FROM reference_versions WHERE version_id = ?", (version_id,)
    )["id"]
    return [i["sha256"] for i in library.version_images(station.store, station.data, row)]


def test_an_import_that_fails_before_committing_leaves_no_files(
    station: Station, demo_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Black-box tester's finding: an import that failed on a full disk said nothing
    half-written was kept, yet left hundreds of feature files nothing would ever remove."""
    from appraiser.library import importer

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    before = _files(station.data.root)
    monkeypatch.setattr(importer, "_commit", full)
    with pytest.raises(OSError):
        library.import_pack(station.store, station.data, demo_pack, "test")
    assert _files(station.data.root) == before
    monkeypatch.undo()
    assert library.import_pack(station.store, station.data, demo_pack, "test").added == 6
    assert len(_files(station.data.root)) >= len(before) + 12  # a picture and features each


def _files(root: Path) -> set[Path]:
    """The library's stored pictures and feature files."""
    return {p for p in (root / "library").rglob("*") if p.is_file() and "index" not in p.parts}


def test_appraisers_may_not_import(
    station: Station, demo_pack: Path, appraiser_session: Session
) -> None:
    with pytest.raises(PermissionDenied):
        library.import_pack(station.store, station.data, demo_pack, appraiser_session)


def test_index_is_rebuilt_when_it_lags_the_database(station: Station, demo_pack: Path) -> None:
    library.import_pack(station.store, station.data, demo_pack, "test")
    for segment in (station.data.library / "index").glob("seg-*.npz"):
        segment.unlink()  # as if the program stopped between commit and index write
    index = library.open_index(station.store, station.data)
    assert len(index) == 6


def test_unknown_gtins_queue_once_until_the_library_has_them(
    station: Station, demo_pack: Path
) -> None:
    first = library.queue_no_match(station.store, "test", gtin="4006381333931", brand="X")
    again = library.queue_no_match(station.store, "test", gtin="4006381333931")
    assert first == again
    library.queue_no_match(station.store, "test", note="no barcode")
    assert len(library.no_match_queue(station.store)) == 2
    assert station.store.verify_audit().ok


def test_import_decodes_each_image_once(
    station: Station, demo_pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13 item 6 (import speed): features are made while validating decodes the
    image, not from a second decode after the commit."""
    from appraiser.library import importer

    calls: list[int] = []
    real = importer.load_image

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "load_image", counting)
    report = library.import_pack(station.store, station.data, demo_pack, "test")
    assert report.images == 6
    assert len(calls) == 6
