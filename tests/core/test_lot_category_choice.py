"""Starting a lot nobody categorised: the category sets the inspection regime, so it is not
an appraiser's free choice (issue 16 finding 7)."""

from __future__ import annotations

import pytest
from lot_category_support import library_says, queue_pending_line, refusals

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.lots import category_choice, lots


@pytest.fixture
def line(station, appraiser_session, tmp_path) -> str:
    """A queued line of 100 units whose category nothing names (a pending lot)."""
    return queue_pending_line(station, appraiser_session, tmp_path)


def test_an_appraiser_may_not_choose_a_laxer_regime(station, appraiser_session, line):
    """issue 16 finding 7: any appraiser could sample 'shoes' (major AQL 1.5) what they
    might as well have called watches (every unit)."""
    with pytest.raises(PermissionDenied) as caught:
        lots.start(station.store, appraiser_session, line, "shoes")
    assert "a supervisor must start it as shoes" in caught.value.message
    assert "beauty" in caught.value.hint and "watches" in caught.value.hint
    (refused,) = refusals(station)
    assert (refused["rule"], refused["line"], refused["category"]) == ("supervise", line, "shoes")
    assert lots.for_line(station.store, line) is None  # nothing planned, nothing lost


@pytest.mark.parametrize("category", ["watches", "beauty"])
def test_an_appraiser_may_choose_a_regime_at_least_as_strict(
    station, appraiser_session, line, category
):
    lot = lots.start(station.store, appraiser_session, line, category)
    assert lot["category"] == category


def test_a_supervisor_may_choose_any_category(station, supervisor, line):
    assert lots.start(station.store, supervisor, line, "shoes")["policy"] == "sampling"


def test_the_librarys_category_wins(station, appraiser_session, supervisor, line):
    """issue 16 finding 7: when the library knows the GTIN, a different category is refused
    naming the library's (a supervisor too), and no category means the library's."""
    library_says(station, "bags")
    for session in (appraiser_session, supervisor):
        with pytest.raises(InvalidInput, match=r"is bags \(its GTIN's category in the library"):
            lots.start(station.store, session, line, "beauty")
    lot = lots.start(station.store, appraiser_session, line, "bags")
    assert (lot["category"], lot["policy"]) == ("bags", "every_unit")


def test_strict_enough_follows_the_policies():
    assert set(category_choice.allowed_choices()) >= {"bags", "watches", "beauty", "food"}
    assert not {"shoes", "apparel", "sports", "gifts"} & set(category_choice.allowed_choices())
