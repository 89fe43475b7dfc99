"""After the signature: label for genuine, quarantine for counterfeit, a report for both;
and what the bench loads for an item (library prefill, case, comparison material)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from appraiser.services.admin import demo
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import bench, outcome, verdicts, workflow

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)
BAG = "8517510102312"  # in the demo library


@pytest.fixture
def library_station(station):
    demo.ensure_first_start(station)
    return station


def _case(station, session) -> str:
    item, _ = queue.add_scan(station.store, session, DAY, scanning.parse(BAG))
    return workflow.begin(station.store, session, "BW-01", TZ, item, "bags")


def test_genuine_gets_one_label_and_a_report(library_station, appraiser_session, password):
    station = library_station
    uid = _case(station, appraiser_session)
    verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    first = outcome.follow_up(station, appraiser_session, uid, with_report=False)
    again = outcome.follow_up(station, appraiser_session, uid, with_report=False)
    assert first["label"] and again["label"] == first["label"]
    assert "report" not in first
    written = outcome.report(station, uid)
    assert Path(written["report"]).read_bytes().startswith(b"%PDF")
    assert station.store.verify_audit().ok


def test_counterfeit_gets_quarantine_and_no_label(library_station, appraiser_session, password):
    station = library_station
    uid = _case(station, appraiser_session)
    verdicts.sign(
        station.store, appraiser_session, uid, "counterfeit", password, reason_codes=["USED"]
    )
    result = outcome.follow_up(station, appraiser_session, uid, with_report=False)
    assert result["quarantine"].startswith("QR-") and "label" not in result
    assert result["reason_codes"] == ["USED"]


def test_inconclusive_has_no_report_yet(library_station, appraiser_session, password):
    station = library_station
    uid = _case(station, appraiser_session)
    verdicts.sign(station.store, appraiser_session, uid, "inconclusive", password)
    assert outcome.report(station, uid) == {}
    assert outcome.follow_up(station, appraiser_session, uid)["verdict"] == "inconclusive"


def test_bench_opens_an_item_with_prefill_case_and_references(library_station, appraiser_session):
    station = library_station
    item, _ = queue.add_scan(station.store, appraiser_session, DAY, scanning.parse(BAG))
    opened = bench.open_item(station, item)
    assert opened.case is None and opened.prefill.known
    uid = workflow.begin(station.store, appraiser_session, "BW-01", TZ, item, "bags")
    reopened = bench.open_item(station, item)
    assert reopened.case.uid == uid and reopened.case.step == "capture"
    references = bench.references(station, reopened.case)
    assert references and Path(references[0]["image"]).exists()
    assert bench.item_photo(station, uid) is None
