"""The consumer bundle: a static page a shopper reaches from the label's QR code.

One folder named by the appraisal's random address token, ready to copy to the operator's
web host under ``/reports/<token>/``: ``index.html`` (inline CSS, no script, no external
fonts or CDNs, readable on a phone), the photos, the genuine reference and the deviation
map, the inspection video as one plain H.264 MP4, the public report PDF, and
``manifest.json`` signed by the station so the operator can check nothing changed on the
way. Public means public (DESIGN §3.5): no signed payload, no QR of it, no full serial, no
customs data, merchant, logins, notes or review history — in any file of the folder.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from appraiser.keys import StationKeys
from appraiser.reports import manifest, report_images
from appraiser.reports.appraisal_data import ReportData
from appraiser.reports.atomic import PUBLIC, ExportFolderError, staged
from appraiser.reports.bundle_page import render_page
from appraiser.services.admin.station import Station

PHOTO_EDGE = 1200


def write_bundle(station: Station, data: ReportData, out: Path, lang: str) -> dict[str, Any]:
    _prepare_folder(out)
    files: dict[str, bytes | Path] = {}
    pictures = _pictures(data, files)
    with staged(out / "index.html", mode=PUBLIC) as stage:  # published as it is
        staged_paths: dict[str, Path] = {}
        video = _video(station, data, stage, out, staged_paths)
        _pdf(data, lang, stage, out, staged_paths)
        for name, content in files.items():
            staged_paths[name] = target = stage.path(out / name)
            target.write_bytes(content)
        page = render_page(data, lang, pictures, has_video=video, basis=lot_basis(station, data))
        staged_paths["index.html"] = stage.path(out / "index.html")
        staged_paths["index.html"].write_text(page, encoding="utf-8")
        details = {
            "export": "appraisal-bundle",
            "appraisal": data.uid,
            "lang": lang,
            "verdict": data.verdict["verdict"] if data.verdict else None,
            "public_url": data.public_url,
        }
        body = manifest.build(
            kind="appraisal-bundle",
            station=station.settings.station_code,
            files=staged_paths,
            checkpoint=None,
            details=details,
            keys=StationKeys(station.data.keys, station.store),
        )
        stage.path(out / manifest.BUNDLE_NAME).write_bytes(body)
    return {
        "folder": str(out),
        "appraisal": data.uid,
        "files": sorted(staged_paths),
        "video": video,
        "public_url": data.public_url,
    }


def lot_basis(station: Station, data: ReportData) -> dict[str, Any] | None:
    """For a unit drawn from a lot (issue 16), whose label is the lot's unit label: what
    a consumer may know of that label's basis (counts only, DESIGN §3.5), and the label's
    state and ending in place of the appraisal's own label, which such a unit never has.
    None for an item that is no unit of a lot, or a unit never given a unit label."""
    from appraiser.reports.appraisal_data import PUBLIC_ENDING
    from appraiser.services.labelling.labels import state_of
    from appraiser.services.lots import unit_labels

    drawn = station.store.one(
        "SELECT lot_uid, unit_no FROM lot_samples WHERE item_uid = ?", (data.item.get("uid"),)
    )
    if drawn is None:
        return None
    live = unit_labels.live_units(
        station.store, drawn["lot_uid"], drawn["unit_no"], drawn["unit_no"]
    )
    newest = station.store.one(  # a revoked or voided one is named too (issue 16 finding 3)
        "SELECT serial FROM lot_unit_labels WHERE lot_uid = ? AND unit_no = ? "
        "ORDER BY id DESC LIMIT 1",
        (drawn["lot_uid"], drawn["unit_no"]),
    )
    serial = live.get(drawn["unit_no"]) or (newest["serial"] if newest else None)
    if serial is None:
        return None
    basis = unit_labels.consumer_basis(station.store, serial)
    ending = {"state": state_of(station.store, serial), "ending": serial[-PUBLIC_ENDING:]}
    return {**(basis or {}), "label": ending}


def _prepare_folder(out: Path) -> None:
    """A new folder, an empty one, or an earlier bundle (whose files are replaced)."""
    if not out.parent.is_dir():
        raise ExportFolderError(f"The folder {out.parent} does not exist.")
    out.mkdir(exist_ok=True)
    leftovers = [p for p in out.iterdir() if not p.name.startswith(".")]
    if leftovers and not (out / manifest.BUNDLE_NAME).is_file():
        raise ExportFolderError(f"{out} holds other files; choose an empty or new folder.")
    for old in leftovers:  # an earlier bundle of ours: its files are all regenerated
        if old.is_file():
            old.unlink()


def _pictures(data: ReportData, files: dict[str, bytes | Path]) -> dict[str, Any]:
    """Small JPEGs for the page; names are stable so a re-export replaces them."""
    shown: dict[str, Any] = {"photos": [], "item": None, "reference": None, "heatmap": None}
    for number, photo in enumerate(data.photos, start=1):
        jpeg = report_images.thumbnail(photo.path, PHOTO_EDGE)
        if jpeg:
            name = f"photo-{number}.jpg"
            files[name] = jpeg
            shown["photos"].append((name, photo.view))
            if data.reference and photo.sha256 == data.reference.photo_sha:
                shown["item"] = (name, photo.view)
    ref = data.reference
    if ref is not None:
        if shown["item"] is None and shown["photos"]:
            shown["item"] = shown["photos"][0]
        if ref.path and (jpeg := report_images.thumbnail(ref.path, PHOTO_EDGE)):
            files["reference.jpg"] = jpeg
            shown["reference"] = "reference.jpg"
        heat = _heat(ref)
        if heat:
            files["deviation-map.jpg"] = heat
            shown["heatmap"] = "deviation-map.jpg"
    return shown


def _heat(ref) -> bytes | None:
    if ref.heatmap is not None:
        return report_images.thumbnail(ref.heatmap, PHOTO_EDGE)
    if ref.path is None or not ref.regions:
        return None
    size = report_images.image_size(ref.path)
    return report_images.heat_overlay(ref.path, ref.regions, size, PHOTO_EDGE) if size else None


def _video(
    station: Station, data: ReportData, stage, out: Path, staged_paths: dict[str, Path]
) -> bool:
    """All segments joined into one MP4 by the capture module; absent capture, no video."""
    if data.video is None:
        return False
    try:
        from appraiser.services.casework.capture import export_video
    except ImportError:
        return False
    target = stage.path(out / "video.mp4")
    export_video(station.store, data.uid, target)
    staged_paths["video.mp4"] = target
    return True


def _pdf(data: ReportData, lang: str, stage, out: Path, staged_paths: dict[str, Path]) -> None:
    from appraiser.reports.appraisal_pdf import write_report_pdf

    target = stage.path(out / "report.pdf")
    write_report_pdf(data, target, lang, consumer=True)
    staged_paths["report.pdf"] = target


def escape(text: Any) -> str:
    return html.escape(str(text if text is not None else ""))
