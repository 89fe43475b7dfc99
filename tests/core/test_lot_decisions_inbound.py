"""End to end through the real pipeline: an inbound line of 100 units of beauty goods is
planned and sampled (slices L1 + L2), its drawn units are appraised on the bench, the lot is
decided on the command line — rejected early by one counterfeit unit, quarantined — and the
supplier's switching state is written (issue 16)."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from appraiser.cli.main import main
from appraiser.services.admin.station import Station
from appraiser.services.arrivals import inbound
from appraiser.services.casework import verdicts, workflow
from appraiser.services.lots import lots, samples, switching

DAY = date(2026, 11, 22)
TZ = ZoneInfo("Asia/Shanghai")
LIST = (
    "报关单号,商品条码,品牌,型号,数量,商家,品类,批号,有效期,每箱数量\n"
    "223120261000000001,5901234123457,Maison Lune,Rouge 24,1500,Shanghai Trading,beauty,B7,"
    "2028-01-31,24\n"
)


def test_an_imported_sampled_lot_is_rejected_on_the_command_line(
    station, appraiser_session, password, typed, capsys, tmp_path
):
    path = tmp_path / "inbound.csv"
    path.write_text(LIST, encoding="utf-8")
    inbound.import_file(station.store, appraiser_session, path, DAY)
    (lot,) = lots.list_lots(station.store, DAY)
    units = samples.units(station.store, lot["uid"])
    assert lot["policy"] == "sampling" and len(units) == lot["sample_size"] == 200
    first = units[0]  # one counterfeit among the drawn units: the lot is rejected at once
    uid = workflow.begin(station.store, appraiser_session, "BW-01", TZ, first["item_uid"],
                         "beauty")  # fmt: skip
    verdicts.sign(station.store, appraiser_session, uid, "counterfeit", password,
                  reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    root = str(station.data.root)
    station.close()
    typed(password)
    assert main(["--data-dir", root, "lot", "decide", lot["uid"], "--user", "appraiser1",
                 "--json"]) == 0  # fmt: skip
    shown = json.loads(capsys.readouterr().out)
    assert (shown["decision"], shown["next_state"]) == ("reject", "normal")
    assert shown["quarantine"].startswith("LQ-")
    assert shown["basis"]["counterfeit_units"] == [first["unit_no"]]
    # K at critical AQL 0.25: the arrow points down to L (n 200, Ac 1 / Re 2); the counterfeit
    # rule rejects the lot on sight all the same
    critical = shown["basis"]["classes"]["critical"]
    assert (critical["n"], critical["ac"], critical["re"]) == (200, 1, 2)
    assert main(["--data-dir", root, "audit", "verify"]) == 0
    reopened = Station.open(station.data.root)
    try:
        rows = switching.history(reopened.store, "Shanghai Trading", "5901234123457")
    finally:
        reopened.close()
    assert [(r["state"], r["lot_uid"]) for r in rows] == [("normal", lot["uid"])]
