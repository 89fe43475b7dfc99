"""Intake of a lot's unit (issue 16 finding N2, the GUI door): the lot's product fields are
read-only, with the reason in the station's language; typing into them changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from appraiser.services.arrivals import inbound, queue
from appraiser.services.lots import lots
from tests.ui import bench_flow_support as flow
from ui import i18n

GTIN = "5901234123457"


def _bags_lot(station, session, tmp_path) -> dict:
    path = tmp_path / "inbound.csv"
    path.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家,品类,批号\n"
        f"223120261000000001,{GTIN},Lune,Sac,3,Shop,bags,B7\n",
        encoding="utf-8",
    )
    day = queue.local_day(station.settings.tz())
    inbound.import_file(station.store, session, path, day)
    (lot,) = lots.list_lots(station.store, day)
    assert lot["policy"] == "every_unit"
    return lot


@pytest.mark.parametrize(
    "language, said", [("en", "cannot be changed here"), ("zh_CN", "此处不能修改")]
)
def test_a_lot_units_product_fields_are_read_only(
    qtbot, station, appraiser_session, controller, tmp_path, language, said
):
    """issue 16 finding N2: the intake of a drawn unit let the appraiser re-key its GTIN
    and category (a watch's GTIN, gifts) and the unit still counted for the lot."""
    lot = _bags_lot(station, appraiser_session, tmp_path)
    i18n.install(language)
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_by_scan(qtbot, controller.window, GTIN)
    qtbot.waitUntil(page.intake.start.isEnabled)
    intake = page.intake
    qtbot.waitUntil(intake.lot_reason.isVisible)
    assert said in intake.lot_reason.text() and lot["uid"] in intake.lot_reason.text()
    if language == "zh_CN":
        assert "cannot" not in intake.lot_reason.text()
    gtin, batch = intake.edits["gtin"], intake.edits["batch_lot"]
    for edit in (gtin, batch, intake.edits["brand"], intake.edits["merchant"]):
        assert edit.isReadOnly()
    assert not intake.category.isEnabled()
    assert not intake.edits["serial"].isReadOnly()  # the unit's own serial is its own
    before = gtin.text()
    qtbot.mouseClick(gtin, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(gtin, "4108031608649")
    qtbot.keyClicks(intake.edits["serial"], "SN-1")
    assert gtin.text() == before
    assert intake.edits["serial"].text().endswith("SN-1")
