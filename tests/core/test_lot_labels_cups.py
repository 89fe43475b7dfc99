"""`appraiser lot labels` end to end through a REAL private CUPS queue (issue 16 L4): the
printer dies in the middle of a job, the command exits 3 naming the units to discard, and
running it again finishes the lot — no serial printed twice, no unit without a label."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.bench.lots import FLAKY_BACKEND
from appraiser.cli.main import main
from appraiser.labels import ids
from appraiser.services.admin.station import Station
from appraiser.services.lots import unit_labels


@pytest.fixture
def zebra(cups_scheduler):
    """A raw queue whose backend dies halfway through a job while ``.die`` exists."""
    output = cups_scheduler.root / "output" / "lot-zebra"
    output.mkdir(mode=0o777, exist_ok=True)
    output.chmod(0o777)
    for old in output.iterdir():
        old.unlink()
    backend = cups_scheduler.root / "bin" / "backend" / "appraiser-flaky"
    backend.write_text(FLAKY_BACKEND)
    backend.chmod(0o755)
    cups_scheduler.lpadmin("-p", "lot-zebra", "-v", f"appraiser-flaky:{output}", "-E")
    yield output
    cups_scheduler.run("cancel", "-a", "lot-zebra")
    cups_scheduler.run("cupsenable", "lot-zebra")


def _serials_out(output) -> Counter:
    seen: Counter[str] = Counter()
    for path in output.glob("*.ps"):
        for grouped in re.findall(r"\^FX label ([0-9A-Z-]+)", path.read_text(errors="replace")):
            seen[ids.normalise(grouped)] += 1
    return seen


def test_print_dies_mid_job_then_resumes_with_no_duplicate_and_no_gap(
    station, appraiser_session, password, typed, capsys, zebra, cups_scheduler
):
    lot = make_lot(station, appraiser_session, 60)
    decide(station, appraiser_session, lot, "accept")
    root = str(station.data.root)
    station.close()
    typed(password)
    assert main(["--data-dir", root, "lot", "labels", "issue", lot, "--user", "appraiser1"]) == 0
    (zebra / ".die").touch()  # the printer dies in the first job
    printing = ["--data-dir", root, "lot", "labels", "print", lot, "--kind", "cups-raw",
                "--printer", "lot-zebra", "--job-size", "20", "--user", "appraiser1",
                "--json"]  # fmt: skip
    typed(password)
    assert main(printing) == 3
    captured = capsys.readouterr()
    first = json.loads(captured.out.splitlines()[-1])
    assert first["printed"] == 0 and first["voided"][0]["units"] == list(range(1, 21))
    assert "discard any labels of job" in captured.err
    cups_scheduler.run("cupsenable", "lot-zebra")
    typed(password)
    assert main(printing) == 0
    second = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert second["complete"] and second["printed"] == 60
    seen = _serials_out(zebra)
    assert max(seen.values()) == 1  # no serial came out twice
    reopened = Station.open(station.data.root)
    try:
        live = unit_labels.live_units(reopened.store, lot)
        assert sorted(live) == list(range(1, 61))
        assert all(seen[s] == 1 for s in live.values())  # every unit's label came out
        assert reopened.store.verify_audit().ok
    finally:
        reopened.close()
    assert main(["--data-dir", root, "lot", "labels", "status", lot, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["printed"] == 60 and status["voided"] == 20 and status["without_label"] == 0


def test_print_says_which_units_are_withheld_and_never_all_printed(
    station, appraiser_session, password, typed, capsys, zebra
):
    """issue 16 finding N3: with a counterfeit drawn unit and a drawn unit never appraised
    the print said '12 of 12 unit labels printed' / complete: true, exit 0."""
    lot = make_lot(station, appraiser_session, 12, sample_size=3)
    add_unit(station, appraiser_session, lot, 2, "genuine")
    add_unit(station, appraiser_session, lot, 5, "counterfeit")
    add_unit(station, appraiser_session, lot, 9, None)  # drawn, never signed
    decide(station, appraiser_session, lot, "accept")
    root = str(station.data.root)
    station.close()
    printing = ["--data-dir", root, "lot", "labels", "print", lot, "--kind", "cups-raw",
                "--printer", "lot-zebra", "--user", "appraiser1"]  # fmt: skip
    typed(password)
    assert main([*printing, "--json"]) == 1  # printed what may print; units left without
    outcome = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (outcome["printed"], outcome["units"], outcome["withheld"]) == (10, 12, 2)
    assert outcome["complete"] is False and outcome["finished"] is True
    assert outcome["withheld_why"] == {
        "its own verdict is counterfeit": [5],
        "drawn for inspection but its verdict is not signed": [9],
    }
    assert sum(_serials_out(zebra).values()) == 10
    typed(password)
    assert main(printing) == 1  # again: nothing more to print, the same true line
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.startswith(f"{lot}: 10 of 12 unit labels printed; 2 units withheld")
    assert "1 its own verdict is counterfeit (units 5)" in line
