"""`lots show` names each drawn unit's lot unit label (issue 16 finding 4): its serial,
grouped, and its state — it showed "serial": null for every unit though all had one."""

from __future__ import annotations

import json

from lot_decision_support import appraise, make_lot, plan

from appraiser.cli.main import main
from appraiser.domain.enums import Verdict
from appraiser.labels import ids
from appraiser.services.lots import decisions, unit_labels

CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


def test_lots_show_lists_each_units_label_serial_and_state(
    station, appraiser_session, supervisor, password, capsys
):
    """issue 16 finding 4."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    appraise(station, appraiser_session, password, items[0])
    appraise(station, appraiser_session, password, items[1], Verdict.COUNTERFEIT)
    appraise(station, appraiser_session, password, items[2])
    decisions.decide(station, appraiser_session, password, lot)
    decisions.override(station, supervisor, password, lot, "accept", "supplier vouched")
    unit_labels.issue_units(station, supervisor, lot)
    live = unit_labels.live_units(station.store, lot)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "lots", "show", lot, "--json"]) == 0
    units = {u["unit_no"]: u for u in json.loads(capsys.readouterr().out)["units"]}
    assert units[1]["label_serial"] == ids.group(live[1])
    assert units[1]["label_state"] == "issued"
    assert units[2]["label_serial"] is None  # the counterfeit unit: no label (finding 1)
    assert main(["--data-dir", root, "lots", "show", lot]) == 0
    text = capsys.readouterr().out
    assert f"label {ids.group(live[3])} issued" in text
