"""Queue lines: what a scan brings is kept, a scanned item that the inbound list names
later joins its line instead of appearing twice, a line of N stays open until N units are
appraised, and rows of appraisals that never went through the queue name their appraiser."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from appraiser.domain.enums import Category
from appraiser.services.arrivals import inbound, intake, queue, scanning
from appraiser.services.casework import appraisals, verdicts, workflow

DAY = date(2026, 11, 22)
TZ = ZoneInfo("Asia/Shanghai")
GTIN = "05901234123457"
DECL = "223120261000000001"
SCAN = scanning.parse("01" + GTIN + "17271231" + "10LOT2412" + scanning.GS + "21SN0001")


def _import(station, session, tmp_path, quantity: int, name: str = "inbound.csv") -> None:
    path = tmp_path / name
    path.write_text(
        "报关单号,商品条码,品牌,型号,数量,商家\n"
        f"{DECL},5901234123457,Maison Lune,Sac Plume,{quantity},Shanghai Trading\n",
        encoding="utf-8",
    )
    inbound.import_file(station.store, session, path, DAY)


def _appraise(station, session, password, item_uid: str) -> str:
    """Start and sign a genuine verdict on one unit (the bench's steps, without photos)."""
    uid = workflow.begin(station.store, session, "BW-01", TZ, item_uid, "bags")
    verdicts.sign(station.store, session, uid, "genuine", password)
    return uid


def _scan(station, session, text: str) -> tuple[str, bool]:
    return queue.add_scan(station.store, session, DAY, scanning.parse(text))


def test_a_scan_keeps_lot_expiry_and_serial_on_an_imported_row(
    station, appraiser_session, tmp_path
):
    _import(station, appraiser_session, tmp_path, quantity=1)
    line = queue.list_day(station.store, DAY)[0]["item_uid"]
    uid, created = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    assert (uid, created) == (line, False)
    item = intake.item(station.store, uid)
    assert (item["batch_lot"], item["expiry"], item["serial"]) == (
        "LOT2412",
        "2027-12-31",
        "SN0001",
    )
    assert item["declaration_no"] == DECL and item["merchant"] == "Shanghai Trading"


def test_a_scan_of_my_open_case_fills_what_the_item_lacks(station, appraiser_session, tmp_path):
    _import(station, appraiser_session, tmp_path, quantity=1)
    line = queue.list_day(station.store, DAY)[0]["item_uid"]
    workflow.begin(station.store, appraiser_session, "BW-01", TZ, line, "bags", {"serial": "S-9"})
    uid, _ = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    item = intake.item(station.store, uid)
    assert uid == line and (item["batch_lot"], item["serial"]) == ("LOT2412", "S-9")


@pytest.mark.parametrize("started", [False, True])
def test_a_scanned_then_imported_item_is_one_row(station, appraiser_session, tmp_path, started):
    scanned, created = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    assert created
    if started:
        workflow.begin(station.store, appraiser_session, "BW-01", TZ, scanned, "bags")
    _import(station, appraiser_session, tmp_path, quantity=1)
    rows = queue.list_day(station.store, DAY)
    assert len(rows) == 1
    row = rows[0]
    assert (row["declaration_no"], row["merchant"], row["quantity"]) == (
        DECL, "Shanghai Trading", 1,
    )  # fmt: skip
    assert row["state"] == ("open" if started else "waiting")
    item = intake.item(station.store, scanned)
    assert (item["declaration_no"], item["batch_lot"]) == (DECL, "LOT2412")
    again, _ = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    assert again == scanned  # the next scan finds the same unit, not a new one
    _import(station, appraiser_session, tmp_path, quantity=1, name="again.csv")
    assert len(queue.list_day(station.store, DAY)) == 1


def test_a_line_of_24_stays_open_until_24_are_appraised(
    station, appraiser_session, password, tmp_path
):
    _import(station, appraiser_session, tmp_path, quantity=24)
    first, _ = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    _appraise(station, appraiser_session, password, first)
    row = queue.list_day(station.store, DAY)[0]
    assert (row["state"], row["appraised"], row["quantity"]) == ("open", 1, 24)
    second, created = _scan(station, appraiser_session, "01" + GTIN + "10LOT2413")
    assert second != first and not created
    unit = intake.item(station.store, second)
    assert (unit["declaration_no"], unit["brand"], unit["batch_lot"]) == (
        DECL, "Maison Lune", "LOT2413",
    )  # fmt: skip
    assert intake.item(station.store, first)["batch_lot"] == "LOT2412"  # each unit its own
    workflow.begin(station.store, appraiser_session, "BW-01", TZ, second, "bags")
    rows = queue.list_day(station.store, DAY)
    assert len(rows) == 1 and (rows[0]["state"], rows[0]["appraised"]) == ("open", 1)


def test_a_line_is_done_when_all_its_units_are(station, appraiser_session, password, tmp_path):
    _import(station, appraiser_session, tmp_path, quantity=2)
    for _ in range(2):
        unit, _ = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
        _appraise(station, appraiser_session, password, unit)
    row = queue.list_day(station.store, DAY)[0]
    assert (row["state"], row["appraised"]) == ("done", 2)
    _uid, created = queue.add_scan(station.store, appraiser_session, DAY, SCAN)
    assert created  # a third unit was not declared: it is queued on its own


def test_opening_a_partly_appraised_line_takes_the_next_unit(
    station, appraiser_session, password, tmp_path
):
    _import(station, appraiser_session, tmp_path, quantity=3)
    line = queue.list_day(station.store, DAY)[0]["item_uid"]
    assert queue.open_line(station.store, appraiser_session, DAY, line) == (line, None)
    first = _appraise(station, appraiser_session, password, line)
    unit, appraisal = queue.open_line(station.store, appraiser_session, DAY, line)
    assert unit != line and appraisal is None
    assert queue.open_line(station.store, appraiser_session, DAY, line) == (unit, None)
    started = workflow.begin(station.store, appraiser_session, "BW-01", TZ, unit, "bags")
    assert queue.open_line(station.store, appraiser_session, DAY, line) == (unit, started)
    assert first != started


def test_rows_of_direct_appraisals_name_their_appraiser(station, appraiser_session):
    item = appraisals.register_item(station.store, appraiser_session, gtin=GTIN, brand="B")
    appraisals.start(station.store, appraiser_session, "BW-01", item, Category.BAGS, TZ)
    today = queue.local_day(TZ)
    rows = queue.list_day(station.store, today, TZ)
    assert [r["source"] for r in rows] == ["direct"]
    assert rows[0]["appraiser_name"] == appraiser_session.display_name != ""
