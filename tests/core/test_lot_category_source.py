"""Where a lot's category comes from (issue 16 finding N1): the reference library, when it
knows the GTIN, decides the inspection regime; the inbound list's category (written by the
merchant) never silently overrides it, and a lax one nobody confirms leaves the lot pending."""

from __future__ import annotations

from datetime import date

import pytest
from lot_category_support import library_says

from appraiser.errors import PermissionDenied
from appraiser.services.arrivals import inbound, intake, queue
from appraiser.services.lots import lots, plausibility

DAY = date(2026, 11, 22)
GTIN = "8517510102329"
HEADER = "declaration_no,gtin,brand,model,quantity,merchant,batch_lot,units_per_carton,category\n"
ROW = "223120261206000911,0{gtin},AURELIA,Famon 51,100,Evil Trade,BB1,10,{category}\n"


def _library_says(station, category: str) -> None:
    library_says(station, category, gtin=GTIN, brand="AURELIA", model="Famon 51")


def _import(station, session, tmp_path, category: str) -> int:
    path = tmp_path / "t2.csv"
    path.write_text(HEADER + ROW.format(gtin=GTIN, category=category), encoding="utf-8")
    return inbound.import_file(station.store, session, path, DAY)[1]


def test_the_librarys_category_beats_the_lists(station, appraiser_session, tmp_path):
    """issue 16 finding N1: a list saying 'beauty' for a bag (GTIN-14 of the library's
    GTIN-13) sampled half a lot of every-unit goods, with no flag."""
    _library_says(station, "bags")
    assert _import(station, appraiser_session, tmp_path, "beauty") == 1
    (lot,) = lots.list_lots(station.store, DAY)
    assert (lot["category"], lot["policy"]) == ("bags", "every_unit")
    assert intake.item(station.store, lot["line_uid"])["category"] == "bags"
    assert intake.item(station.store, lot["line_uid"])["attributes"]["listed_category"] == "beauty"
    (flag,) = plausibility.blocking_flags(station.store, lot["uid"])
    assert flag.kind == "category"
    assert "list says beauty, the reference library says bags" in flag.message
    # re-importing the same list changes nothing
    assert _import(station, appraiser_session, tmp_path, "beauty") == 0
    assert len(lots.list_lots(station.store, DAY)) == 1
    assert len(plausibility.flags(station.store)) == 1


def test_a_lax_list_category_unknown_to_the_library_waits(
    station, appraiser_session, supervisor, tmp_path
):
    """issue 16 finding N1: the list's 'shoes' (laxer than an appraiser may choose) is not
    the lot's regime until a supervisor starts it — or an appraiser picks a strict one."""
    _import(station, appraiser_session, tmp_path, "shoes")
    assert lots.list_lots(station.store, DAY) == []
    (row,) = queue.list_day(station.store, DAY)
    line = intake.item(station.store, row["item_uid"])
    assert line["category"] is None and line["attributes"]["listed_category"] == "shoes"
    with pytest.raises(PermissionDenied):
        lots.start(station.store, appraiser_session, row["item_uid"], "shoes")
    assert lots.start(station.store, supervisor, row["item_uid"], "shoes")["policy"] == "sampling"


def test_a_strict_list_category_unknown_to_the_library_plans(station, appraiser_session, tmp_path):
    _import(station, appraiser_session, tmp_path, "beauty")
    (lot,) = lots.list_lots(station.store, DAY)
    assert lot["category"] == "beauty" and plausibility.flags(station.store) == []
