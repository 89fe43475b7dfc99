"""The appraisal report lists what the automatic comparison did not inspect (a hand over
the item, glare, parts out of frame), in Chinese and English (issue 13 item 4)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import pytest
from report_support import compared_counterfeit, documented_appraisal

from appraiser.capture.simulated import SimulatedCamera
from appraiser.library import store as library_store
from appraiser.matching.engine import Matcher
from appraiser.reports.appraisal_data import gather
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals
from appraiser.services.records.reports import appraisal_report


def _held(reference: Path, tmp: Path) -> Path:
    """The demo bench camera filming the genuine reference with its hand over it."""
    camera = SimulatedCamera(seed=2, realtime=False)
    camera.show_item(cv2.imread(str(reference)))
    camera.open()
    frame = camera.render(round(((1.5 - camera._phase) % 8) * 30))
    camera.close()
    path = tmp / "held.jpg"
    cv2.imwrite(str(path), frame)
    return path


@pytest.fixture(scope="module")
def held_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Station, str, dict]]:
    root = tmp_path_factory.mktemp("held")
    station = Station.open(root / "station")
    documented_appraisal(station, root)
    uid = compared_counterfeit(station, root)
    store = station.store
    case = appraisals.current(store, uid)
    version = case["data"]["reference_version"]
    ref = store.one(
        "SELECT i.sha256 FROM reference_images i JOIN reference_versions v ON v.id = "
        "i.version_row WHERE v.version_id = ? ORDER BY i.position LIMIT 1",
        (version,),
    )
    photo = _held(library_store.images(station.data).path(ref["sha256"]), root)
    line = Matcher(store, station.data).match(photo, version_id=version).as_dict()
    session = check_password(store, "appraiser2", "demo-appraiser2")
    compare = {"reading": "consistent", "version_id": version, "engine": line}
    appraisals.save(store, session, uid, data={"compare": compare})
    yield station, uid, line
    station.close()


def test_the_stored_not_inspected_areas_reach_the_report_data(held_case) -> None:
    station, uid, line = held_case
    assert any(a["reason"] == "hand" for a in line["not_inspected"])
    data = gather(station, uid)
    assert data.reference.not_inspected == line["not_inspected"]


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("en", "Not inspected (the automatic comparison did not judge it): hand,"),
        ("zh_CN", "未检查（自动比对未判断）：手，占参照图"),
    ],
)
def test_the_pdf_lists_the_hand(held_case, tmp_path: Path, lang: str, phrase: str) -> None:
    station, uid, line = held_case
    boss = check_password(station.store, "supervisor", "demo-supervisor")
    appraisal_report(station, boss, uid, tmp_path / "r.pdf", lang=lang)
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "r.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(text.split())
    assert phrase in flat.replace("， ", "，")
    hand = next(a for a in line["not_inspected"] if a["reason"] == "hand")
    assert f"{round(100 * hand['share'])}" in flat
