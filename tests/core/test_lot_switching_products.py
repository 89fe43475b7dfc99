"""One product, one supplier record: a GTIN-13 and its GTIN-14 are the same product for the
switching state, the plan of the next lot, the scorecard and the lot report (issue 16 L7)."""

from __future__ import annotations

from lot_history_support import add_unit, decide, make_lot, switch

from appraiser.services.lots import lot_report, planning, scorecard, switching

GTIN13, GTIN14 = "4006381333931", "04006381333931"


def test_product_key_ignores_leading_zeros_and_blanks():
    assert switching.product_key(GTIN13) == switching.product_key(GTIN14)
    assert switching.product_key(" 04006381333931 ") == GTIN13
    assert switching.product_key(None) == switching.product_key("") == ""
    assert switching.shown_gtin(GTIN13) == GTIN14


def test_scorecard_counts_both_spellings_as_one_product(station, appraiser_session):
    first = make_lot(station, appraiser_session, 500, gtin=GTIN13)
    add_unit(station, appraiser_session, first, 1, "counterfeit")
    decide(station, appraiser_session, first, "reject")
    second = make_lot(station, appraiser_session, 500, gtin=GTIN14)
    decide(station, appraiser_session, second, "reject")
    switch(station, appraiser_session, second, "tightened")  # row written with the GTIN-14
    (score,) = scorecard.scorecard(station.store)
    assert (score.gtin, score.lots, score.decided, score.counterfeit) == (GTIN14, 2, 2, 1)
    assert score.state == "tightened"


def test_planning_switching_and_report_read_the_same_row(station, appraiser_session):
    lot = make_lot(station, appraiser_session, 500, gtin=GTIN13)
    switch(station, appraiser_session, lot, "tightened")
    other = make_lot(station, appraiser_session, 500, gtin=GTIN14)
    switch(station, appraiser_session, other, "discontinued")
    merchant = "Acme Imports"
    assert planning.switching_state(station.store, merchant, GTIN13) == "discontinued"
    assert switching.current_state(station.store, merchant, GTIN14).state == "discontinued"
    assert lot_report.gather(station.store, lot).switching == "discontinued"
    states = [r["state"] for r in switching.history(station.store, merchant, GTIN13)]
    assert states == ["tightened", "discontinued"]
    assert planning.switching_state(station.store, "Other Trading", GTIN13) == "normal"
