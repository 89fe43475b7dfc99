"""Item dates are ISO (YYYY-MM-DD) and real: 30/06/2027 is refused with a message that
shows the right form, at intake, by hand or by import; stored dates read one way."""

from __future__ import annotations

from datetime import date

import pytest

from appraiser.clock import parse_day
from appraiser.errors import InvalidInput
from appraiser.services.arrivals import intake, queue
from appraiser.services.casework import appraisals, checklist

DAY = date(2026, 11, 22)
BAD = ["30/06/2027", "06/30/2027", "20270630", "2027-W26-3", "2027-6-30", "2027-02-30", "soon"]


@pytest.mark.parametrize("text", BAD)
def test_only_real_iso_dates_parse(text):
    with pytest.raises(ValueError):
        parse_day(text)


def test_an_iso_date_parses_with_surrounding_space():
    assert parse_day(" 2027-06-30 ") == date(2027, 6, 30)


@pytest.mark.parametrize("text", BAD)
def test_intake_refuses_a_non_iso_expiry_and_says_the_form(station, appraiser_session, text):
    uid = queue.add_manual(station.store, appraiser_session, DAY, brand="Maison Lune")
    with pytest.raises(InvalidInput) as caught:
        intake.confirm_item(station.store, appraiser_session, uid, {"expiry": text})
    assert text in caught.value.message and "YYYY-MM-DD" in caught.value.message
    assert "2027-06-30" in (caught.value.hint or "")
    assert intake.item(station.store, uid)["expiry"] is None


def test_intake_stores_a_good_expiry(station, appraiser_session):
    uid = queue.add_manual(station.store, appraiser_session, DAY, brand="Maison Lune")
    intake.confirm_item(station.store, appraiser_session, uid, {"expiry": " 2027-06-30"})
    assert intake.item(station.store, uid)["expiry"] == "2027-06-30"


def test_every_way_in_checks_the_expiry(station, appraiser_session):
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        queue.add_manual(station.store, appraiser_session, DAY, brand="B", expiry="30/06/2027")
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        appraisals.register_item(station.store, appraiser_session, brand="B", expiry="30/06/2027")


def test_label_facts_dates_are_iso_too():
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        checklist.shelf_life(DAY, expiry="20270630")
    assert checklist.shelf_life(DAY, expiry="2027-06-30").expiry == date(2027, 6, 30)
