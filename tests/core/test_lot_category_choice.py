"""Starting a lot nobody categorised: the category sets the inspection regime, so it is not
an appraiser's free choice (issue 16 finding 7)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.arrivals import inbound, queue
from appraiser.services.lots import category_choice, lots

DAY = date(2026, 11, 22)
GTIN = "5901234123457"
LINE = "报关单号,商品条码,品牌,型号,数量,商家\n223120261000000001,5901234123457,Lune,X,100,Shop\n"


@pytest.fixture
def line(station, appraiser_session, tmp_path) -> str:
    """A queued line of 100 units whose category nothing names (a pending lot)."""
    path = tmp_path / "inbound.csv"
    path.write_text(LINE, encoding="utf-8")
    inbound.import_file(station.store, appraiser_session, path, DAY)
    (row,) = queue.list_day(station.store, DAY)
    assert lots.for_line(station.store, row["item_uid"]) is None
    return row["item_uid"]


def _library_says(station, category: str) -> None:
    with station.store.atomic("test") as tx:
        tx.insert("reference_versions", {"version_id": "v1", "brand": "Lune", "model": "X",
                  "category": category, "gtin": "0" + GTIN, "attributes": {},
                  "pack_name": "p", "digest": "d", "created": "2026-01-01T00:00:00Z",
                  "changed": "2026-01-01T00:00:00Z"},
                  action="library.version.imported")  # fmt: skip


def _refusals(station) -> list[dict]:
    rows = station.store.query("SELECT data FROM audit_events WHERE action = 'rules.refused'")
    return [json.loads(r["data"]) for r in rows]


def test_an_appraiser_may_not_choose_a_laxer_regime(station, appraiser_session, line):
    """issue 16 finding 7: any appraiser could sample 'shoes' (major AQL 1.5) what they
    might as well have called watches (every unit)."""
    with pytest.raises(PermissionDenied) as caught:
        lots.start(station.store, appraiser_session, line, "shoes")
    assert "a supervisor must start it as shoes" in caught.value.message
    assert "beauty" in caught.value.hint and "watches" in caught.value.hint
    (refused,) = _refusals(station)
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
    _library_says(station, "bags")
    for session in (appraiser_session, supervisor):
        with pytest.raises(InvalidInput, match=r"is bags \(its GTIN's category in the library"):
            lots.start(station.store, session, line, "beauty")
    lot = lots.start(station.store, appraiser_session, line, "bags")
    assert (lot["category"], lot["policy"]) == ("bags", "every_unit")


def test_strict_enough_follows_the_policies():
    assert set(category_choice.allowed_choices()) >= {"bags", "watches", "beauty", "food"}
    assert not {"shoes", "apparel", "sports", "gifts"} & set(category_choice.allowed_choices())
