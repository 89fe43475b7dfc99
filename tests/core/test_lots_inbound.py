"""Lots from an inbound list with quantities: the category's policy decides between
appraising every unit and drawing a sample; the drawn units are queued items with their
positions; the line counts k of n drawn units (not "done" after one appraisal, the old
bug); re-importing changes nothing; hostile quantities are bad rows; a line of unknown
category waits for intake to confirm it."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from appraiser.cli.main import main as cli_main
from appraiser.errors import InvalidInput
from appraiser.services.arrivals import inbound, lines, queue
from appraiser.services.casework import verdicts, workflow
from appraiser.services.lots import lots, samples

DAY = date(2026, 11, 22)
TZ = ZoneInfo("Asia/Shanghai")
HEADER = "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
BEAUTY = "223120261000000001,5901234123457,Maison Lune,Rouge 24,{q},Shanghai Trading,beauty,B7,2028-01-31,{per}\n"  # noqa: E501
BAGS = "223120261000000002,4006381333931,Maison Lune,Sac Plume,3,Shanghai Trading,bags,,,\n"


def _write(tmp_path, body: str, name: str = "inbound.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def _import(station, session, tmp_path, body: str, name: str = "inbound.csv") -> int:
    return inbound.import_file(station.store, session, _write(tmp_path, body, name), DAY)[1]


def _line(station, gtin: str) -> dict:
    return next(r for r in queue.list_day(station.store, DAY) if r["gtin"].endswith(gtin[-12:]))


def _appraise(station, session, password, item_uid: str) -> str:
    uid = workflow.begin(station.store, session, "BW-01", TZ, item_uid, "beauty")
    verdicts.sign(station.store, session, uid, "genuine", password)
    return uid


def test_a_sampled_lot_draws_its_units_into_the_queue(station, appraiser_session, tmp_path):
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=500, per=24))
    (lot,) = lots.list_lots(station.store, DAY)
    assert (lot["policy"], lot["quantity"], lot["units_per_carton"]) == ("sampling", 500, 24)
    assert lot["sample_size"] == max(p["n"] for p in lot["plan"].values()) < 500
    assert (lot["batch_lot"], lot["expiry"], lot["severity"]) == ("B7", "2028-01-31", "normal")
    units = samples.units(station.store, lot["uid"])
    drawn = [u["unit_no"] for u in units]
    assert drawn == samples.redraw(lot["seed"], 500, lot["sample_size"])
    for unit in units:
        assert (unit["carton"], unit["unit_in_carton"]) == samples.position(unit["unit_no"], 24)
        assert unit["position"] == f"carton {unit['carton']}, unit {unit['unit_in_carton']}"
        assert unit["state"] is None and unit["verdict"] is None
    event = station.store.one(
        "SELECT data FROM audit_events WHERE action = 'lot.planned' ORDER BY seq DESC LIMIT 1"
    )
    assert json.loads(event["data"])["seed"] == lot["seed"]


def test_a_sampled_line_is_not_done_after_one_appraisal(
    station, appraiser_session, password, tmp_path
):
    """The old bug: a line read "done" after one appraisal; a sampled lot's line counts its
    n drawn units (not its N) and hands them out in drawing order."""
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=500, per=24))
    lot = lots.list_lots(station.store, DAY)[0]
    n = lot["sample_size"]
    assert 1 < n < 500
    drawn = samples.units(station.store, lot["uid"])
    first, _ = queue.open_line(station.store, appraiser_session, DAY, lot["line_uid"])
    assert first == drawn[0]["item_uid"]
    _appraise(station, appraiser_session, password, first)
    row = _line(station, "5901234123457")
    assert (row["state"], row["appraised"], row["target"]) == ("open", 1, n)
    assert row["next_unit"]["item_uid"] == drawn[1]["item_uid"]
    assert (row["next_unit"]["carton"], row["next_unit"]["unit_in_carton"]) == (
        drawn[1]["carton"], drawn[1]["unit_in_carton"],
    )  # fmt: skip
    second, _ = queue.open_line(station.store, appraiser_session, DAY, lot["line_uid"])
    assert second == drawn[1]["item_uid"]
    assert len(queue.list_day(station.store, DAY)) == 1  # the drawn units fold into the line
    assert samples.units(station.store, lot["uid"])[0]["verdict"] == "genuine"


def _rows(done: int) -> list[dict]:
    line = {"item_uid": "L", "line_uid": None, "quantity": 500, "appraisal_state": None,
            "lot_policy": "sampling", "lot_sample_size": 3}  # fmt: skip
    units = [
        {"item_uid": f"U{k}", "line_uid": "L", "quantity": 1, "lot_policy": None,
         "appraisal_state": "done" if k < done else None}
        for k in range(3)
    ]  # fmt: skip
    return [line, *units]


@pytest.mark.parametrize(("done", "state"), [(0, "waiting"), (2, "open"), (3, "done")])
def test_a_sampled_line_is_done_when_its_n_drawn_units_are(done, state):
    (row,) = lines.fold(_rows(done))
    assert (row["state"], row["appraised"], row["target"]) == (state, done, 3)
    assert (row["next_unit"] or {}).get("item_uid") == (f"U{done}" if done < 3 else None)


def test_every_unit_lot_keeps_one_item_per_unit(station, appraiser_session, password, tmp_path):
    _import(station, appraiser_session, tmp_path, BAGS)
    (lot,) = lots.list_lots(station.store, DAY)
    assert (lot["policy"], lot["sample_size"], lot["seed"]) == ("every_unit", 3, None)
    for _ in range(3):
        unit, _ = queue.open_line(station.store, appraiser_session, DAY, lot["line_uid"])
        uid = workflow.begin(station.store, appraiser_session, "BW-01", TZ, unit, "bags")
        verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    row = _line(station, "4006381333931")
    assert (row["state"], row["appraised"], row["target"]) == ("done", 3, 3)
    assert [u["unit_no"] for u in samples.units(station.store, lot["uid"])] == [1, 2, 3]


def test_a_lot_as_large_as_its_sample_draws_every_unit(station, appraiser_session, tmp_path):
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=2, per=""))
    (lot,) = lots.list_lots(station.store, DAY)
    assert lot["policy"] == "sampling" and lot["sample_size"] == 2
    assert sorted(u["unit_no"] for u in samples.units(station.store, lot["uid"])) == [1, 2]


def test_reimport_is_idempotent(station, appraiser_session, tmp_path):
    body = BEAUTY.format(q=500, per=24) + BAGS
    assert _import(station, appraiser_session, tmp_path, body) == 2
    before = station.store.one("SELECT COUNT(*) AS n FROM lot_samples")["n"]
    assert _import(station, appraiser_session, tmp_path, body) == 0
    assert _import(station, appraiser_session, tmp_path, "\n" + body, "again.csv") == 0
    assert len(lots.list_lots(station.store)) == 2
    assert station.store.one("SELECT COUNT(*) AS n FROM lot_samples")["n"] == before


@pytest.mark.parametrize(
    ("quantity", "per", "problem"),
    [
        ("0", "", "not a whole number ≥ 1"),
        ("-4", "", "not a whole number ≥ 1"),
        ("twelve", "", "not a whole number ≥ 1"),
        ("99999999999999999999999", "", "more than a line holds"),
        ("24", "0", "units per carton"),
        ("24", "a dozen", "units per carton"),
        ("24", "1e99", "units per carton"),
    ],
)
def test_hostile_quantities_are_bad_rows(station, tmp_path, quantity, per, problem):
    result = inbound.preview(
        station.store, _write(tmp_path, BEAUTY.format(q=quantity, per=per)), DAY
    )
    assert not result.good and problem in "; ".join(result.bad[0].problems)


def test_an_unknown_category_is_a_bad_row(station, tmp_path):
    body = BEAUTY.format(q=5, per="").replace(",beauty,", ",perfume,")
    result = inbound.preview(station.store, _write(tmp_path, body), DAY)
    assert "category" in result.bad[0].problems[0]


def test_a_chinese_category_name_is_read(station, appraiser_session, tmp_path):
    _import(station, appraiser_session, tmp_path, BAGS.replace(",bags,", ",箱包,"))
    assert lots.list_lots(station.store)[0]["category"] == "bags"


def test_a_line_of_unknown_category_is_planned_when_intake_confirms_it(
    station, appraiser_session, tmp_path
):
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=40, per=8).replace("beauty", ""))
    line = _line(station, "5901234123457")["item_uid"]
    assert lots.list_lots(station.store) == [] and lots.pending(station.store, DAY)
    first, _ = queue.open_line(station.store, appraiser_session, DAY, line)
    assert first == line
    with pytest.raises(InvalidInput, match="drawn for appraisal"):
        workflow.begin(station.store, appraiser_session, "BW-01", TZ, line, "beauty")
    lot = lots.for_line(station.store, line)
    assert lot["policy"] == "sampling" and lot["units_per_carton"] == 8
    assert lots.pending(station.store, DAY) == []
    taken, _ = queue.open_line(station.store, appraiser_session, DAY, line)
    assert taken == samples.units(station.store, lot["uid"])[0]["item_uid"]


def test_cli_lot_start_then_lots_list_and_show(
    station, appraiser_session, password, tmp_path, capsys, typed
):
    _import(station, appraiser_session, tmp_path, BEAUTY.format(q=40, per=8).replace("beauty", ""))
    line = _line(station, "5901234123457")["item_uid"]
    data = ["--data-dir", str(station.data.root)]
    station.close()
    typed(password)
    start = ["lot", "start", line, "--category", "beauty", "--user", appraiser_session.username]
    assert cli_main([*data, *start]) == 0
    assert cli_main([*data, "lots", "list", "--date", DAY.isoformat(), "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    listed = json.loads(out[-1])
    assert listed["policy"] == "sampling" and listed["appraised"] == 0
    assert cli_main([*data, "lots", "show", listed["uid"], "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [u["unit_no"] for u in shown["units"]] == samples.redraw(
        shown["seed"], 40, shown["sample_size"]
    )
    assert shown["decision"] is None
    assert cli_main([*data, "lots", "show", "LOT-NOPE"]) == 2
