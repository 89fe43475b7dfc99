"""The bench cannot move past capture, nor call an item consistent with (or deviating
from) its reference, without this case's own stills of every required view."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from appraiser import checklists
from appraiser.capture.quality import GateResult
from appraiser.errors import InvalidInput
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, capture, workflow

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)
PASSED = GateResult(True, (), {"sharpness": 1.0})


def _case(station, session, gtin: str) -> str:
    item, _ = queue.add_scan(station.store, session, DAY, scanning.parse(gtin))
    return workflow.begin(station.store, session, "BW-01", TZ, item, "bags")


def _shoot(station, session, uid: str, views) -> None:
    image = np.full((240, 320, 3), 90, np.uint8)
    for view in views:
        capture.store_still(station.store, session, uid, view, image, PASSED)


def test_capture_step_is_left_only_with_every_required_view(station, appraiser_session):
    uid = _case(station, appraiser_session, "5901234123457")
    required = checklists.load("bags").required_views
    with pytest.raises(InvalidInput, match="required view") as refused:
        workflow.save_step(station.store, appraiser_session, uid, "capture", {"stills": 0})
    assert "front" in refused.value.message
    _shoot(station, appraiser_session, uid, required[:-1])
    with pytest.raises(InvalidInput, match=required[-1]):
        workflow.save_step(station.store, appraiser_session, uid, "capture", {"stills": 8})
    assert appraisals.current(station.store, uid)["step"] == "capture"
    _shoot(station, appraiser_session, uid, required[-1:])
    case = workflow.save_step(station.store, appraiser_session, uid, "capture", {"stills": 9})
    assert case.step == "compare"


def test_another_cases_stills_do_not_count(station, appraiser_session):
    first = _case(station, appraiser_session, "5901234123457")
    _shoot(station, appraiser_session, first, checklists.load("bags").required_views)
    second = _case(station, appraiser_session, "4006381333931")
    with pytest.raises(InvalidInput, match="required view"):
        workflow.save_step(station.store, appraiser_session, second, "capture", {"stills": 9})


@pytest.mark.parametrize("reading", ["consistent", "deviates"])
def test_a_reading_against_the_reference_needs_the_photos(station, appraiser_session, reading):
    uid = _case(station, appraiser_session, "5901234123457")
    # a case saved at compare before this rule (or by hand in the database)
    appraisals.save(station.store, appraiser_session, uid, step="compare")
    with pytest.raises(InvalidInput, match="required view"):
        workflow.save_step(station.store, appraiser_session, uid, "compare", {"reading": reading})
    no_reference = {"reading": "no_reference"}
    case = workflow.save_step(station.store, appraiser_session, uid, "compare", no_reference)
    assert case.step == "checklist"
