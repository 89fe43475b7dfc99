"""The export benchmark's report station: built on the demo, which labels its own genuine
items (the benchmark once issued a second label and stopped with "already has a label")."""

from __future__ import annotations

from pathlib import Path

from appraiser.bench import export_report
from appraiser.services.labelling import labels


def test_report_station_builds_on_the_demo_and_labels_the_first_case(tmp_path: Path) -> None:
    station, uids = export_report.build(tmp_path / "report-station")
    try:
        assert len(uids) == 2
        assert labels.live_label(station.store, uids[0]) is not None
    finally:
        station.close()
