"""The station's day wherever a screen needs "today": lots are dated in the station's
time zone, so the scorecard's period and a food label's remaining shelf life must be too.
Between 16:00 and 24:00 UTC a Shanghai station is a day ahead of a PC clock kept in UTC;
the scorecard then ended yesterday and hid today's lots (a CI run at that hour failed)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from appraiser.services.arrivals import queue
from appraiser.services.casework import appraisals
from tests.ui import bench_flow_support as flow
from tests.ui.test_lots_page import _lot, _scorecard


@pytest.fixture
def elsewhere(station) -> date:
    """The station set in a time zone whose day is not the PC clock's at this instant
    (UTC+14 or UTC-12: one of them always differs): the station's day."""
    for zone in ("Etc/GMT-14", "Etc/GMT+12"):
        station.settings = dataclasses.replace(station.settings, timezone=zone)
        day = queue.local_day(station.settings.tz())
        if day != date.today():
            return day
    raise AssertionError("no time zone a day away from the PC clock")


def test_the_scorecard_runs_to_the_stations_day(
    qtbot, station, supervisor, controller, tmp_path, elsewhere
) -> None:
    _lot(station, supervisor, tmp_path)  # today's lot, dated in the station's zone
    flow.sign_in(qtbot, controller, supervisor)
    card = _scorecard(qtbot, controller.window)
    assert card.until.date().toPython() == elsewhere


def test_the_shelf_life_is_counted_from_the_stations_day(
    qtbot, station, appraiser_session, controller, elsewhere
) -> None:
    uid = flow.case_at(station, appraiser_session, flow.FOOD_GTIN, "food", "checklist")
    flow.sign_in(qtbot, controller, appraiser_session)
    page = flow.open_case(qtbot, controller.window, flow.FOOD_GTIN, "checklist")
    facts = page.checks.dated
    qtbot.waitUntil(facts.isVisible)
    flow.focus(qtbot, facts.expiry)
    qtbot.keyClicks(facts.expiry, elsewhere.isoformat())
    flow.press(facts.expiry, "Ctrl+D")

    def dated() -> dict:
        return appraisals.current(station.store, uid)["data"].get("checklist", {}).get("dated", {})

    qtbot.waitUntil(lambda: "computed_on" in dated())
    assert dated()["computed_on"] == elsewhere.isoformat()
    assert dated()["remaining_days"] == 0  # it expires on the station's today, not tomorrow
