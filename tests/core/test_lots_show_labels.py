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


def test_appraisals_list_shows_a_lot_units_label_and_lots_show_names_the_item_serial(
    station, appraiser_session, supervisor, password, capsys
):
    """issue 16 finding N8: `appraisals list` gave label_serial/label_state null for a drawn
    unit with a live unit label, and `lots show --json` carried a misleading "serial": null."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = [appraise(station, appraiser_session, password, item) for item in items]
    assert decisions.decide(station, appraiser_session, password, lot).decision == "accept"
    unit_labels.issue_units(station, appraiser_session, lot)
    live = unit_labels.live_units(station.store, lot)
    root = str(station.data.root)
    station.close()
    assert main(["--data-dir", root, "appraisals", "list", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]
    shown = {row["id"]: row for row in rows}
    assert ids.normalise(shown[cases[0]]["label_serial"]) == live[1]  # drawn unit 1
    assert shown[cases[0]]["label_state"] == "issued"
    assert main(["--data-dir", root, "lots", "show", lot, "--json"]) == 0
    unit = json.loads(capsys.readouterr().out)["units"][0]
    assert "serial" not in unit and unit["item_serial"] is None
    assert unit["label_serial"]
