"""``appraiser lots capacity|flags|acknowledge|report|scorecard`` on the command line."""

from __future__ import annotations

import json

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.cli.main import main
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station

PASSWORD = "test-password-1"


@pytest.fixture
def flagged(station, supervisor, appraiser_session, tmp_path) -> tuple[str, str]:
    """A closed station holding one decided lot; returns (data folder, lot)."""
    lot = make_lot(station, appraiser_session, 60_000)
    add_unit(station, appraiser_session, lot, 1, "genuine")
    decide(station, appraiser_session, lot, "accept")
    root = str(station.data.root)
    station.close()
    return root, lot


def _run(root: str, *args: str) -> int:
    return main(["--data-dir", root, "lots", *args])


def test_capacity_import_flags_and_acknowledgement(flagged, tmp_path, typed, capsys):
    root, _ = flagged
    table = tmp_path / "table.csv"
    table.write_text("producer,gtin,batch_size,annual_capacity\nChâteau Exemple,,,18000\n")
    typed(PASSWORD)
    assert _run(root, "capacity", "import", str(table), "--user", "supervisor") == 0
    assert "1 rows, 1 recorded" in capsys.readouterr().out
    assert _run(root, "capacity", "list", "--json") == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["producer"], row["annual_capacity"]) == ("château exemple", 18000)
    station = Station.open(tmp_path / "station")
    lot = make_lot(station, check_password(station.store, "appraiser1", PASSWORD), 60_000)
    station.close()
    assert _run(root, "flags", lot, "--open", "--json") == 0
    (flag,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "declared 60,000; capacity 18,000/year" in flag["message"]
    typed(PASSWORD)
    refused = _run(root, "acknowledge", flag["uid"], "--note", "ok", "--user", "appraiser1")
    assert refused == 2
    assert "needs a supervisor" in capsys.readouterr().err
    typed(PASSWORD)
    assert _run(root, "acknowledge", flag["uid"], "--note", "invoice seen",
                "--user", "supervisor") == 0  # fmt: skip
    assert f"{flag['uid']}: acknowledged by supervisor" in capsys.readouterr().out
    assert _run(root, "flags", lot, "--open") == 0
    assert capsys.readouterr().out.count("LF-") == 0


def test_a_bad_capacity_file_is_exit_2_naming_the_row(flagged, tmp_path, typed, capsys):
    root, _ = flagged
    table = tmp_path / "bad.csv"
    table.write_text("producer,gtin,batch_size,annual_capacity\nA,,ten,\n")
    typed(PASSWORD)
    assert _run(root, "capacity", "import", str(table), "--user", "supervisor") == 2
    assert "row 2: batch_size 'ten' is not a whole number" in capsys.readouterr().err


def test_report_and_scorecard(flagged, tmp_path, typed, capsys):
    root, lot = flagged
    typed(PASSWORD)
    out = tmp_path / "lot.pdf"
    assert _run(root, "report", lot, "--out", str(out), "--user", "supervisor") == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().out.strip() == str(out)
    assert _run(root, "scorecard", "--json") == 0
    (score,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (score["lots"], score["accepted_pct"], score["inspected"]) == (1, 100.0, 1)
    assert _run(root, "scorecard", "--format", "csv") == 2
    typed(PASSWORD)
    sheet = tmp_path / "s.xlsx"
    assert _run(root, "scorecard", "--format", "xlsx", "--out", str(sheet),
                "--user", "supervisor") == 0  # fmt: skip
    assert sheet.stat().st_size > 0
    assert _run(root, "report", "LOT-NOPE", "--out", str(out), "--user", "x") == 2
