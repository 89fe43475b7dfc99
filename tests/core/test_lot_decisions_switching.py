"""The supplier's switching state across consecutive lots (merchant + GTIN), appended with
each computed lot decision; an override never moves it (the standard counts the result of
the original inspection)."""

from __future__ import annotations

from lot_decision_support import appraise, appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.services.lots import decisions, switching

MERCHANT, GTIN = "Shenzhen Beauty Trading", "04006381333931"
SMALL = {"major": plan(2, 0, 1)}


def _lot(station, session, password, accepted: bool, *, merchant=MERCHANT, gtin=GTIN):
    """One lot of the supplier, appraised and decided (rejected by one damaged unit)."""
    lot, items = make_lot(station, session, SMALL, merchant=merchant, gtin=gtin)
    if not accepted:
        appraise(station, session, password, items[0], Verdict.COUNTERFEIT, codes=["DAMAGED"])
    appraise_all(station, session, password, items[0 if accepted else 1 :])
    return decisions.decide(station, session, password, lot)


def _states(station) -> list[str]:
    return [row["state"] for row in switching.history(station.store, MERCHANT, GTIN)]


def test_two_of_five_lots_rejected_tighten_the_next_lot(station, appraiser_session, password):
    results = [True, False, True, True, False]
    signed = [_lot(station, appraiser_session, password, ok) for ok in results]
    assert [s.decision for s in signed] == ["accept" if ok else "reject" for ok in results]
    assert _states(station) == ["normal", "normal", "normal", "normal", "tightened"]
    assert signed[-1].next_state == "tightened"
    now = switching.current_state(station.store, MERCHANT, GTIN.lstrip("0"))
    assert (now.state, now.lot_uid) == ("tightened", signed[-1].lot_uid)
    assert now.reason  # the rule that moved it is written down


def test_five_accepted_lots_at_tightened_return_to_normal(station, appraiser_session, password):
    for ok in (False, False, True, True, True, True):
        _lot(station, appraiser_session, password, ok)
    assert _states(station)[1:] == ["tightened"] * 5
    _lot(station, appraiser_session, password, True)
    assert _states(station)[-1] == "normal"


def test_an_override_leaves_the_switching_state_alone(
    station, appraiser_session, supervisor, password
):
    first = _lot(station, appraiser_session, password, False)
    decisions.override(station, supervisor, password, first.lot_uid, "accept", "carton only")
    _lot(station, appraiser_session, password, False)
    assert _states(station) == ["normal", "tightened"]  # both original rejections count


def test_lots_without_a_merchant_or_gtin_have_no_switching_state(
    station, appraiser_session, password
):
    signed = _lot(station, appraiser_session, password, False, merchant=None)
    assert signed.next_state is None
    assert station.store.query("SELECT * FROM lot_switching") == []
    assert switching.current_state(station.store, None, GTIN).state == "normal"


def test_a_discontinued_supplier_stays_discontinued_and_its_lot_is_still_decided(
    station, appraiser_session, password
):
    for ok in (False, False) + (False,) * 5:
        _lot(station, appraiser_session, password, ok)
    assert _states(station)[-1] == "discontinued"
    signed = _lot(station, appraiser_session, password, True)
    assert signed.decision == "accept" and signed.next_state is None
    assert _states(station)[-1] == "discontinued" and len(_states(station)) == 7
