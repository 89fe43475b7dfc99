"""A checklist evidence photo is judged by its content: a file that is no image is
refused with its name and nothing is stored; a real photo is stored with its own type."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from appraiser.services.casework import appraisals
from tests.ui import bench_flow_support as flow
from ui import i18n

BAG = flow.support.BAG_GTIN


def _press_e_choosing(qtbot, controller, appraiser_session, monkeypatch, path):
    """Sign in, open the case at its checklist and press E on the first point."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, BAG, "checklist")
    table = page.checks.table
    flow.focus(qtbot, table)
    qtbot.keyClick(table, Qt.Key.Key_E)
    return page


def test_a_text_file_named_jpg_is_refused_and_not_stored(
    qtbot, station, appraiser_session, controller, monkeypatch, tmp_path
):
    uid = flow.case_at(station, appraiser_session, BAG, "bags", "checklist")
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"not a photo\n\n")
    page = _press_e_choosing(qtbot, controller, appraiser_session, monkeypatch, fake)
    qtbot.waitUntil(lambda: "fake.jpg is not a readable image" in page.message.text())
    flow.settle(qtbot)
    assert appraisals.media_of(station.store, uid, "evidence") == []
    assert not page.checks.answers.get(page.checks.point_key(0), {}).get("evidence")


def test_a_real_photo_is_stored_with_the_type_of_its_content(
    qtbot, station, appraiser_session, controller, monkeypatch, tmp_path
):
    uid = flow.case_at(station, appraiser_session, BAG, "bags", "checklist")
    photo = tmp_path / "seam.jpg"  # a PNG under a .jpg name
    photo.write_bytes(cv2.imencode(".png", np.full((40, 60, 3), 128, np.uint8))[1].tobytes())
    page = _press_e_choosing(qtbot, controller, appraiser_session, monkeypatch, photo)
    key = page.checks.point_key(0)
    qtbot.waitUntil(lambda: bool(page.checks.answers.get(key, {}).get("evidence")))
    stored = appraisals.media_of(station.store, uid, "evidence")
    assert len(stored) == 1
    row = station.store.query(
        "SELECT mime FROM media WHERE sha256 = ?", (stored[0]["media_sha256"],)
    )
    assert [r["mime"] for r in row] == ["image/png"]


def test_the_refusal_is_in_chinese_on_a_chinese_station(
    qtbot, station, appraiser_session, controller, monkeypatch, tmp_path
):
    flow.case_at(station, appraiser_session, BAG, "bags", "checklist")
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"not a photo\n\n")
    i18n.install("zh_CN")
    try:
        page = _press_e_choosing(qtbot, controller, appraiser_session, monkeypatch, fake)
        qtbot.waitUntil(lambda: "fake.jpg 不是可读取的图片" in page.message.text())
    finally:
        i18n.install("en")
