"""Confirming the category of a pending lot line at intake obeys the same rule as
``lot start --category`` (issue 16 finding 7, the other door): the library's category
wins, an appraiser may pick only a category at least as strict as any, a laxer one needs a
supervisor (refused and audited otherwise)."""

from __future__ import annotations

import pytest
from lot_category_support import DAY, LINE, library_says, queue_pending_line, refusals

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.arrivals import inbound, intake, queue
from appraiser.services.lots import lots


@pytest.fixture
def line(station, appraiser_session, tmp_path) -> str:
    """A queued line of 100 units whose category nothing names (a pending lot)."""
    return queue_pending_line(station, appraiser_session, tmp_path)


def test_an_appraiser_may_not_confirm_a_laxer_regime(station, appraiser_session, line):
    """Before: confirming 'shoes' at intake sampled the lot (20 of 100) where `lot start`
    refused the same choice."""
    revision = intake.item(station.store, line)["revision"]
    with pytest.raises(PermissionDenied) as caught:
        intake.confirm_item(station.store, appraiser_session, line, {"category": "shoes"})
    assert "a supervisor must confirm it as shoes" in caught.value.message
    assert "beauty" in caught.value.hint and "watches" in caught.value.hint
    (refused,) = refusals(station)
    assert (refused["rule"], refused["line"], refused["category"]) == ("supervise", line, "shoes")
    assert lots.for_line(station.store, line) is None  # nothing planned
    assert intake.item(station.store, line)["revision"] == revision  # nothing revised


@pytest.mark.parametrize("category", ["watches", "beauty"])
def test_an_appraiser_may_confirm_a_regime_at_least_as_strict(
    station, appraiser_session, line, category
):
    intake.confirm_item(station.store, appraiser_session, line, {"category": category})
    assert lots.for_line(station.store, line)["category"] == category


def test_a_supervisor_may_confirm_any_category(station, supervisor, line):
    intake.confirm_item(station.store, supervisor, line, {"category": "shoes"})
    assert lots.for_line(station.store, line)["policy"] == "sampling"
    assert refusals(station) == []


def test_the_librarys_category_wins_at_intake(station, appraiser_session, supervisor, line):
    """The library learned the GTIN after the list was imported: its category is the lot's,
    for a supervisor too."""
    library_says(station, "bags")
    for session in (appraiser_session, supervisor):
        with pytest.raises(InvalidInput, match=r"is bags \(its GTIN's category in the library\)"):
            intake.confirm_item(station.store, session, line, {"category": "beauty"})
    assert lots.for_line(station.store, line) is None
    intake.confirm_item(station.store, appraiser_session, line, {"category": "bags"})
    assert lots.for_line(station.store, line)["policy"] == "every_unit"


def test_changing_the_gtin_does_not_escape_the_library(station, appraiser_session, line):
    """The declared GTIN's library category still binds when intake retypes the GTIN."""
    library_says(station, "watches")
    with pytest.raises(InvalidInput, match=r"is watches"):
        intake.confirm_item(
            station.store, appraiser_session, line, {"gtin": "4006381333931", "category": "beauty"}
        )


def test_a_single_item_is_not_limited(station, appraiser_session, tmp_path):
    """The rule is about lots: one unit's category only picks its checklist."""
    path = tmp_path / "one.csv"
    path.write_text(LINE.replace(",100,", ",1,"), encoding="utf-8")
    inbound.import_file(station.store, appraiser_session, path, DAY)
    (row,) = queue.list_day(station.store, DAY)
    intake.confirm_item(station.store, appraiser_session, row["item_uid"], {"category": "shoes"})
    assert intake.item(station.store, row["item_uid"])["category"] == "shoes"
