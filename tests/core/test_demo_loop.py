"""``appraiser demo`` shows the whole loop: genuine → label issued and printed to the demo
station's file printer, counterfeit → quarantine, inconclusive → review. Checked the way an
evaluator would, through the command line (``label list``, ``appraisals list``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from appraiser.services.admin.station import Station


def _cli(root: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "appraiser", "--data-dir", str(root), *args]
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(command, text=True, timeout=280, check=False, **kwargs)


def _lines(done: subprocess.CompletedProcess) -> list[dict]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-loop") / "station"
    done = _cli(root, "demo")
    assert done.returncode == 0, done.stderr
    assert "2 genuine items labelled (2 printed now" in done.stdout
    return root


def _drawn_units(root: Path) -> set[str]:
    """Appraisals of the units drawn from the demo's sampled lots: labelled by the lot."""
    station = Station.open(root)
    try:
        rows = station.store.query(
            "SELECT a.uid FROM appraisals_current a JOIN lot_samples s ON s.item_uid = a.item_uid"
        )
    finally:
        station.close()
    return {r["uid"] for r in rows}


def _appraisal_labels(labels: list[dict]) -> list[dict]:
    """Labels of single appraisals (a lot's unit labels point at its decision, LD-…)."""
    return [label for label in labels if label["appraisal_id"].startswith("AP-")]


def test_every_genuine_item_has_a_printed_label(demo_root: Path) -> None:
    """Single items (the samples, the every-unit lot's bags) carry their own printed label;
    a sampled lot's drawn units are labelled by the lot, like the units not drawn."""
    rows = _lines(_cli(demo_root, "appraisals", "list", "--json"))
    drawn = _drawn_units(demo_root)
    genuine = {r["id"]: r["label_serial"] for r in rows if r["verdict"] == "genuine"}
    singles = {uid: serial for uid, serial in genuine.items() if uid not in drawn}
    labels = _lines(_cli(demo_root, "label", "list", "--json"))
    assert singles and all(singles.values())
    own = _appraisal_labels(labels)
    assert {label["appraisal_id"]: label["serial"] for label in own} == singles
    assert {label["state"] for label in own} == {"printed"}
    units = [label for label in labels if label["appraisal_id"].startswith("LD-")]
    assert len(units) == 500 and {label["state"] for label in units} == {"printed", "issued"}
    # a drawn unit has no label of its own: `appraisals list` shows its lot unit label
    # (issue 16 finding N8), never a label of its appraisal
    unit_serials = {label["serial"].replace("-", "") for label in units}
    shown = [genuine[uid] for uid in drawn if genuine.get(uid)]
    assert shown and all(serial.replace("-", "") in unit_serials for serial in shown)


def test_printed_labels_are_on_the_file_printer_and_verify(demo_root: Path, tmp_path) -> None:
    labels = _lines(_cli(demo_root, "label", "list", "--json"))
    printed = sorted((demo_root / "demo-printer").glob("job-*.pdf"))
    assert sorted(p.name.split("-", 2)[2] for p in printed) == sorted(
        f"{label['serial']}.pdf" for label in _appraisal_labels(labels)
    )
    batches = list((demo_root / "demo-printer").glob("lot-job-*.pdf"))
    assert len(batches) == 1  # the sampled lot's first batch of unit labels
    station = Station.open(demo_root)
    try:
        payloads = {r["serial"]: r["payload"] for r in station.store.query("SELECT * FROM labels")}
    finally:
        station.close()
    for label in [*_appraisal_labels(labels), labels[-1]]:
        verified = _cli(demo_root, "label", "verify", payloads[label["serial"]], "--json")
        assert verified.returncode == 0, verified.stdout
        assert json.loads(verified.stdout)["serial"] == label["grouped"]
    # a printed label renders again only as a signed-in, approved reprint (issue 14 finding 3)
    png = tmp_path / "again.png"
    rendered = _cli(demo_root, "label", "render", labels[0]["grouped"], "--out", str(png))
    assert rendered.returncode == 2 and "--user" in rendered.stderr and not png.exists()


def test_counterfeit_goes_to_quarantine_and_inconclusive_to_review(demo_root: Path) -> None:
    rows = _lines(_cli(demo_root, "appraisals", "list", "--json"))
    counterfeit = {r["id"] for r in rows if r["verdict"] == "counterfeit"}
    waiting = [r for r in rows if r["verdict"] == "inconclusive"]
    assert counterfeit and [r["state"] for r in waiting] == ["awaiting_review"]
    station = Station.open(demo_root)
    try:
        held = station.store.query("SELECT appraisal_uid FROM quarantine_records")
        assert station.store.verify_audit().ok
    finally:
        station.close()
    assert {r["appraisal_uid"] for r in held} == counterfeit
    assert not any(r["label_serial"] for r in rows if r["verdict"] != "genuine")


def test_running_the_demo_again_prints_nothing_twice(demo_root: Path) -> None:
    again = json.loads(_cli(demo_root, "demo", "--json").stdout)
    assert again["labels_printed"] == [] and again["labels_live"] == 2
    printer = demo_root / "demo-printer"
    assert len(list(printer.glob("job-*.pdf"))) == 2 + 3  # the samples and the lot's bags
    assert len(list(printer.glob("lot-job-*.pdf"))) == 1


@pytest.mark.parametrize(
    "command",
    [["library", "list"], ["label", "list"], ["appraisals", "list", "--json"], ["label", "stocks"]],
)
def test_a_reader_that_stops_early_gets_no_traceback(demo_root: Path, command) -> None:
    """``appraiser library list | head -1``: the reader has gone before we write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = _cli(demo_root, *command, stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    assert done.returncode == 141
