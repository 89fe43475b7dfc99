"""The lot report PDF: what it says, read back with pdftotext, in both languages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lot_history_support import add_unit, decide, make_lot, switch

from appraiser.errors import NotFound, PermissionDenied
from appraiser.services.lots import capacity, plausibility
from appraiser.services.lots.lot_report import lot_report


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


@pytest.fixture
def decided_lot(station, appraiser_session, supervisor, tmp_path) -> str:
    table = tmp_path / "cap.csv"
    table.write_text("producer,gtin,batch_size,annual_capacity\nChâteau Exemple,,,18000\n")
    capacity.import_csv(station.store, supervisor, table)
    lot = make_lot(station, appraiser_session, 60_000)
    add_unit(station, appraiser_session, lot, 7, "genuine")
    add_unit(station, appraiser_session, lot, 31, "counterfeit")
    add_unit(station, appraiser_session, lot, 50, None)
    decide(station, appraiser_session, lot, "reject", override_by=supervisor,
           reason="counterfeit unit was a returned sample")  # fmt: skip
    switch(station, appraiser_session, lot, "tightened")
    (flag,) = plausibility.blocking_flags(station.store, lot)
    plausibility.acknowledge(station.store, supervisor, flag.uid, "producer's new cellar")
    return lot


def test_the_report_names_plan_units_decisions_and_flags(station, supervisor, decided_lot,
                                                         tmp_path):  # fmt: skip
    out = tmp_path / "lot.pdf"
    result = lot_report(station, supervisor, decided_lot, out, lang="en")
    text = " ".join(_text(out).split())
    for expected in (
        "Lot inspection report", decided_lot, "60,000", "Code letter K", "Sample size n 3",
        "Major 1.0 125 3 4", "Critical 0.1 125 0 1", "00ff00ff", "Tightened",
        "carton 1, unit 7", "carton 3, unit 7", "Genuine", "Counterfeit", "Unsigned",
        "Reject · Computed from Ac/Re (superseded)", "Accept · Supervisor's override",
        "Reason counterfeit unit was a returned sample", "Supervisor (supervisor)",
        "Above yearly capacity", "declared 60,000; capacity 18,000/year",
        "producer's new cellar", "Internal",
    ):  # fmt: skip
        assert expected in text, expected
    event = station.store.one("SELECT data FROM audit_events WHERE action = 'lot.report'")
    assert json.loads(event["data"])["lot"] == result["lot"] == decided_lot


def test_the_chinese_report(station, supervisor, decided_lot, tmp_path):
    out = tmp_path / "lot-zh.pdf"
    lot_report(station, supervisor, decided_lot, out, lang="zh_CN")
    text = _text(out)
    for expected in (
        "批次抽检报告",
        "样本量字码",
        "第3箱 第7件",
        "非正品",
        "主管改判",
        "加严检验",
        "申报 60,000;年产能 18,000",
    ):
        assert expected in text, expected


def test_only_a_supervisor_renders_it_and_unknown_lots_are_named(
    station, appraiser_session, supervisor, tmp_path
):
    with pytest.raises(PermissionDenied):
        lot_report(station, appraiser_session, "LOT-X", tmp_path / "x.pdf")
    with pytest.raises(NotFound, match="no lot LOT-NOPE"):
        lot_report(station, supervisor, "LOT-NOPE", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
