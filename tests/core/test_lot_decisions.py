"""Lot decisions read from the units' verdicts: Ac/Re per defect class, early reject, a unit
in review holding the lot, and the counterfeit rule (issue 16 item 3)."""

from __future__ import annotations

import pytest
from lot_decision_support import appraise, appraise_all, make_every_unit_lot, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput
from appraiser.services.casework import verdicts
from appraiser.services.lots import decisions

MAJOR_8 = {"major": plan(8, 1, 2)}


def _state(station, lot):
    return decisions.evaluate(station.store, lot)


@pytest.mark.parametrize(("defective", "expected"), [(1, "accept"), (2, "reject")])
def test_d_equal_to_ac_accepts_and_d_equal_to_re_rejects(
    station, appraiser_session, password, defective, expected
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    bad, good = items[:defective], items[defective:]
    appraise_all(station, appraiser_session, password, bad, Verdict.COUNTERFEIT, codes=["DAMAGED"])
    appraise_all(station, appraiser_session, password, good)
    evaluation = _state(station, lot)
    assert evaluation.state == expected
    major = evaluation.basis()["classes"]["major"]
    assert (major["d"], major["ac"], major["re"]) == (defective, 1, 2)
    assert f"major: {defective} defective in 8 of 8 (Ac 1, Re 2)" in evaluation.reason


def test_reject_as_soon_as_d_reaches_re_with_units_still_unappraised(
    station, appraiser_session, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    assert _state(station, lot).state == "pending"
    assert "not appraised yet" in _state(station, lot).reason
    appraise_all(station, appraiser_session, password, items[:2], Verdict.COUNTERFEIT,
                 codes=["NOT_AS_DESCRIBED"])  # fmt: skip
    evaluation = _state(station, lot)
    assert evaluation.state == "reject"
    assert len(evaluation.waiting("pending")) == 6
    signed = decisions.decide(station, appraiser_session, password, lot)
    assert signed.decision == "reject"


def test_a_defect_beyond_a_class_n_does_not_count_for_that_class(
    station, appraiser_session, password
):
    classes = {"major": plan(8, 1, 2), "minor": plan(3, 0, 1)}
    lot, items = make_lot(station, appraiser_session, classes)
    appraise_all(station, appraiser_session, password, items[:3])
    appraise_all(station, appraiser_session, password, items[3:], failed_point="seal")
    evaluation = _state(station, lot)
    assert evaluation.state == "accept"
    assert evaluation.basis()["classes"]["minor"]["d"] == 0
    assert len(evaluation.basis()["nonconforming_units"]) == 5


def test_a_failed_checkpoint_on_a_genuine_unit_is_a_minor_defect(
    station, appraiser_session, password
):
    lot, items = make_lot(station, appraiser_session, {"minor": plan(3, 0, 1)})
    appraise(station, appraiser_session, password, items[0], failed_point="seal")
    evaluation = _state(station, lot)
    assert evaluation.state == "reject"
    assert evaluation.units[0].defect == "minor"
    assert "seal" in evaluation.units[0].why


def test_an_inconclusive_unit_holds_the_lot_until_its_review_ends(
    station, appraiser_session, second_appraiser, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    uid = appraise(station, appraiser_session, password, items[0], Verdict.INCONCLUSIVE)
    appraise_all(station, appraiser_session, password, items[1:])
    evaluation = _state(station, lot)
    assert evaluation.state == "held"
    assert evaluation.waiting("held") == [evaluation.units[0].unit_no]
    with pytest.raises(InvalidInput, match="held"):
        decisions.decide(station, appraiser_session, password, lot)
    assert decisions.current(station.store, lot) is None
    verdicts.review(station.store, second_appraiser, uid, Verdict.GENUINE, password)
    assert _state(station, lot).state == "accept"


def test_a_held_unit_does_not_stop_an_early_reject(station, appraiser_session, password):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise(station, appraiser_session, password, items[0], Verdict.INCONCLUSIVE)
    appraise_all(station, appraiser_session, password, items[1:3], Verdict.COUNTERFEIT,
                 codes=["USED"])  # fmt: skip
    assert _state(station, lot).state == "reject"


def test_any_counterfeit_rejects_the_lot_by_default_whatever_the_aql_allows(
    station, appraiser_session, password
):
    classes = {"critical": plan(8, 1, 2), "major": plan(8, 1, 2)}
    lot, items = make_lot(station, appraiser_session, classes)
    appraise(station, appraiser_session, password, items[0], Verdict.COUNTERFEIT)
    evaluation = _state(station, lot)
    assert evaluation.state == "reject"  # early: seven units not yet appraised
    basis = evaluation.basis()
    assert basis["rule"] == "counterfeit_rejects"
    assert "any counterfeit rejects the lot" in evaluation.reason
    assert basis["counterfeit_units"] == basis["rejecting_units"] == [evaluation.units[0].unit_no]


def test_a_category_that_lets_counterfeits_count_against_the_aql_says_so_in_the_basis(
    station, appraiser_session, password
):
    classes = {"critical": plan(8, 1, 2), "major": plan(8, 1, 2)}
    lot, items = make_lot(station, appraiser_session, classes, counterfeit_rejects=False)
    appraise(station, appraiser_session, password, items[0], Verdict.COUNTERFEIT)
    appraise_all(station, appraiser_session, password, items[1:])
    evaluation = _state(station, lot)
    assert evaluation.state == "accept"
    basis = evaluation.basis()
    assert basis["rule"] == "counterfeit_counts_as_critical"
    assert basis["classes"]["critical"]["d"] == 1
    assert basis["counterfeit_units"] == [evaluation.units[0].unit_no]
    lot2, items2 = make_lot(station, appraiser_session, classes, counterfeit_rejects=False)
    appraise_all(station, appraiser_session, password, items2[:2], Verdict.COUNTERFEIT)
    assert _state(station, lot2).state == "reject"


def test_a_counterfeit_verdict_without_not_authentic_is_a_major_defect(
    station, appraiser_session, password
):
    lot, items = make_lot(station, appraiser_session, {"critical": plan(3, 0, 1)})
    appraise(station, appraiser_session, password, items[0], Verdict.COUNTERFEIT,
             codes=["DAMAGED"])  # fmt: skip
    appraise_all(station, appraiser_session, password, items[1:])
    evaluation = _state(station, lot)
    assert evaluation.units[0].defect == "major"
    assert not evaluation.units[0].counterfeit
    assert evaluation.state == "accept"  # this lot's plan judges critical defects only


def test_an_every_unit_lot_waits_for_every_unit_then_accepts_listing_the_nonconforming(
    station, appraiser_session, password
):
    lot, items = make_every_unit_lot(station, appraiser_session, 4, taken=3)
    appraise(station, appraiser_session, password, items[0], Verdict.COUNTERFEIT,
             codes=["USED"])  # fmt: skip
    appraise_all(station, appraiser_session, password, items[1:])
    evaluation = _state(station, lot)
    assert evaluation.state == "pending"  # the fourth unit is not even taken yet
    assert "still to draw or take" in evaluation.reason
    lot, items = make_every_unit_lot(station, appraiser_session, 3)
    appraise(station, appraiser_session, password, items[0], Verdict.COUNTERFEIT,
             codes=["USED"])  # fmt: skip
    appraise_all(station, appraiser_session, password, items[1:])
    evaluation = _state(station, lot)
    assert evaluation.state == "accept"
    assert evaluation.basis()["nonconforming_units"] == [1]


def test_a_counterfeit_unit_rejects_an_every_unit_lot(station, appraiser_session, password):
    lot, items = make_every_unit_lot(station, appraiser_session, 3)
    appraise(station, appraiser_session, password, items[2], Verdict.COUNTERFEIT)
    assert _state(station, lot).state == "reject"
