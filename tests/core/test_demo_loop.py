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


def test_every_genuine_item_has_a_printed_label(demo_root: Path) -> None:
    rows = _lines(_cli(demo_root, "appraisals", "list", "--json"))
    genuine = {r["id"]: r["label_serial"] for r in rows if r["verdict"] == "genuine"}
    labels = _lines(_cli(demo_root, "label", "list", "--json"))
    assert genuine and all(genuine.values())
    assert {label["appraisal_id"]: label["serial"] for label in labels} == genuine
    assert {label["state"] for label in labels} == {"printed"}


def test_printed_labels_are_on_the_file_printer_and_verify(demo_root: Path, tmp_path) -> None:
    labels = _lines(_cli(demo_root, "label", "list", "--json"))
    printed = sorted((demo_root / "demo-printer").glob("job-*.pdf"))
    assert sorted(p.name.split("-", 2)[2] for p in printed) == sorted(
        f"{label['serial']}.pdf" for label in labels
    )
    station = Station.open(demo_root)
    try:
        payloads = {r["serial"]: r["payload"] for r in station.store.query("SELECT * FROM labels")}
    finally:
        station.close()
    for label in labels:
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
    assert len(list((demo_root / "demo-printer").glob("job-*.pdf"))) == 2


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
