"""The Compare page says why a photo of another product is no match: the photo reads
another name where the closest genuine version prints its own (issue 13 items 3 and 5),
in English and in Chinese; with that version typed in, the same photo deviates there."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from appraiser.bench import worlds
from appraiser.services.reference import library
from tests.ui import bench_flow_support as flow
from tests.ui.busy_station import go_to
from ui import i18n

WORLD = worlds.WORLDS["atelier"]  # a tuning world
OTHER = "Xoryn 58"


@pytest.fixture
def renamed(station, tmp_path: Path) -> tuple[Path, str, str]:
    """Four labels in the library, and a photo of the first one printed with another
    product's name: a house-mate the library lacks."""
    entries, _ = WORLD.catalogue(4, 11)
    WORLD.write_pack(tmp_path / "pack", entries)
    library.import_pack(station.store, station.data, tmp_path / "pack", "test")
    entry = entries[0]
    model = entry.design.first("model")
    design = entry.design.replace("model", model.with_params(text=OTHER))
    path = tmp_path / "other-product.png"
    cv2.imwrite(str(path), WORLD.photograph(design, entry.surface, 5)[0])
    return path, entry.id, model.params["text"]


def _open(qtbot, controller, session, photo: Path, monkeypatch, version: str = "") -> dict:
    flow.sign_in(qtbot, controller, session)
    page = go_to(qtbot, controller.window, "compare")
    if version:
        flow.focus(qtbot, page.version)
        qtbot.keyClicks(page.version, version)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.compare.result() is not None, timeout=120000)
    return page


@pytest.mark.parametrize(
    ("language", "says"),
    [
        (
            "en",
            "The photo reads “{0}” where the closest genuine version {1} prints “{2}”: "
            "another product.",
        ),
        ("zh_CN", "照片上印的是“{0}”，而最接近的正品版本 {1} 此处印的是“{2}”：应是另一件商品。"),
    ],
)
def test_no_match_names_the_other_product(
    qtbot, controller, appraiser_session, renamed, monkeypatch, language, says
) -> None:
    photo, version, genuine = renamed
    i18n.install(language)
    try:
        page = _open(qtbot, controller, appraiser_session, photo, monkeypatch)
        result = page.compare.result()
        assert result["suggestion"] == "no_match"
        assert result["reads_other"] == {"photo": OTHER, "reference": genuine}
        first, rest = page.compare.advice.text().split("\n", 1)
        assert first == says.format(OTHER, version, genuine)
        assert rest == page.compare._no_match_advice(False)  # the usual advice follows
    finally:
        i18n.install("en")


def test_with_the_version_typed_in_the_other_name_is_a_deviating_region(
    qtbot, controller, appraiser_session, renamed, monkeypatch
) -> None:
    photo, version, genuine = renamed
    page = _open(qtbot, controller, appraiser_session, photo, monkeypatch, version)
    assert page.compare.result()["suggestion"] == "deviates"
    lines = [page.compare.regions.item(i).text() for i in range(page.compare.regions.count())]
    assert any(line.endswith(f"\nreads “{OTHER}”, genuine “{genuine}”") for line in lines)
    assert "another product" not in page.compare.advice.text()
