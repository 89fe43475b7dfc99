"""Intake of a pending lot's first unit (issue 16 finding 7, the GUI door): choosing a
category laxer than any for goods nobody categorised is refused in place, in the station's
language, and nothing is planned; a category at least as strict starts the appraisal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from appraiser.services.arrivals import inbound, queue
from appraiser.services.lots import lots
from tests.ui import bench_flow_support as flow
from ui import i18n

GTIN = "5901234123457"  # not in the demo library: nothing names its category


def _pending_line(station, session, tmp_path) -> str:
    path = tmp_path / "inbound.csv"
    path.write_text(
        f"报关单号,商品条码,品牌,型号,数量,商家\n223120261000000001,{GTIN},Lune,X,100,Shop\n",
        encoding="utf-8",
    )
    day = queue.local_day(station.settings.tz())
    inbound.import_file(station.store, session, path, day)
    (row,) = queue.list_day(station.store, day)
    assert lots.for_line(station.store, row["item_uid"]) is None
    return row["item_uid"]


def _choose(qtbot, combo, code: str) -> None:
    """Pick a category with the keyboard, as an appraiser would."""
    flow.focus(qtbot, combo)
    while combo.currentData() != code:
        before = combo.currentIndex()
        key = Qt.Key.Key_Down if combo.findData(code) > before else Qt.Key.Key_Up
        QTest.keyClick(combo, key)
        assert combo.currentIndex() != before


@pytest.mark.parametrize(
    "language, refused, hint",
    [
        ("en", "a supervisor must confirm it as Shoes", "A supervisor confirms it"),
        ("zh_CN", "须由主管确认为鞋靴", "请主管确认"),
    ],
)
def test_a_laxer_category_is_refused_in_place(
    qtbot, station, appraiser_session, controller, tmp_path, language, refused, hint
):
    line = _pending_line(station, appraiser_session, tmp_path)
    i18n.install(language)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_by_scan(qtbot, controller.window, GTIN)
    qtbot.waitUntil(page.intake.start.isEnabled)
    _choose(qtbot, page.intake.category, "shoes")
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: refused in page.message.text())
    text = page.message.text()
    assert hint in text and page.message.isVisible() and page.case is None
    if language == "zh_CN":
        assert "shoes" not in text and "Shoes" not in text and "supervisor" not in text
        assert "美妆" in text and "腕表" in text  # the choices, in Chinese
    assert page.stack.currentWidget() is page.steps["intake"]  # the form stays, filled
    assert page.intake.edits["brand"].text() == "Lune"
    assert lots.for_line(station.store, line) is None
    qtbot.waitUntil(page.intake.start.isEnabled)
    _choose(qtbot, page.intake.category, "watches")
    qtbot.mouseClick(page.intake.start, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.case is not None)
    assert lots.for_line(station.store, line)["policy"] == "every_unit"
