"""A drawn unit is judged by its own verdict (issue 16 finding 1): whatever the lot decision
says — an override to accept included — a unit signed counterfeit, inconclusive, in review
or never appraised gets no unit label, and what a consumer reads of the others is true."""

from __future__ import annotations

import pytest
from lot_decision_support import appraise, appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput
from appraiser.services.casework import quarantine, verdicts
from appraiser.services.labelling import label_verify, labels
from appraiser.services.lots import decisions, unit_labels

CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


def _serials(station, lot) -> dict[int, str]:
    rows = station.store.query(
        "SELECT unit_no, serial FROM lot_unit_labels WHERE lot_uid = ?", (lot,)
    )
    return {r["unit_no"]: r["serial"] for r in rows if r["serial"] in _live(station, lot)}


def _live(station, lot) -> set[str]:
    return set(unit_labels.live_units(station.store, lot).values())


@pytest.fixture
def overridden(station, appraiser_session, supervisor, password):
    """A lot of 12 whose drawn units 1, 2, 3 read genuine, counterfeit, not appraised:
    rejected by the counterfeit, then accepted by a supervisor's override."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    genuine = appraise(station, appraiser_session, password, items[0])
    fake = appraise(station, appraiser_session, password, items[1], Verdict.COUNTERFEIT)
    assert decisions.decide(station, appraiser_session, password, lot).decision == "reject"
    decisions.override(station, supervisor, password, lot, "accept", "supplier vouched")
    return lot, genuine, fake


def test_override_to_accept_labels_no_counterfeit_or_unappraised_drawn_unit(
    station, supervisor, overridden
):
    """issue 16 finding 1: the override handed the counterfeit unit a valid label."""
    lot, _, fake = overridden
    result = unit_labels.issue_units(station, supervisor, lot)
    serials = _serials(station, lot)
    assert sorted(serials) == [1, *range(4, 13)]  # not 2 (counterfeit), not 3 (unappraised)
    assert (result.issued, result.already, result.withheld) == (10, 0, 2)
    assert quarantine.of_appraisal(station.store, fake)  # still held on its own verdict
    summary = unit_labels.summary(station.store, lot)
    assert (summary["without_label"], summary["withheld"]) == (0, 2)
    assert unit_labels.issue_units(station, supervisor, lot).issued == 0


def test_consumer_basis_of_an_overridden_lot_says_released_and_counts_the_appraised(
    station, supervisor, overridden
):
    """issue 16 finding 1: the basis claimed 'accepted by sampling: 3 of 12 appraised'."""
    lot, _, _ = overridden
    unit_labels.issue_units(station, supervisor, lot)
    serials = _serials(station, lot)
    undrawn = labels.get(station.store, serials[7])["payload"]
    scan = label_verify.record_scan(station, None, undrawn)
    assert scan.valid
    assert scan.basis == {"kind": "released", "appraised": 2, "units": 12}
    en = unit_labels.basis_text(scan.basis, "en")
    assert en == "batch released by a supervisor after inspection of 2 of 12 units"
    assert "主管" in unit_labels.basis_text(scan.basis, "zh_CN")
    assert "sampling" not in en
    own = label_verify.record_scan(station, None, labels.get(station.store, serials[1])["payload"])
    assert own.basis["kind"] == "unit"  # drawn and appraised genuine


def test_amended_counterfeit_unit_gets_no_label_after_the_review_is_overridden(
    station, appraiser_session, supervisor, second_supervisor, password
):
    """issue 16 finding 1, second path: amendment, review, override to accept, re-issue."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    assert unit_labels.issue_units(station, appraiser_session, lot).issued == 12
    verdicts.amend(station.store, supervisor, cases[1], Verdict.COUNTERFEIT, password,
                   "second look", reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    decisions.override(station, second_supervisor, password, lot, "accept", "one is fine")
    result = unit_labels.issue_units(station, second_supervisor, lot)
    assert result.issued == 11 and 2 not in _serials(station, lot)


def test_a_unit_amended_away_from_genuine_loses_its_own_label_though_the_lot_stands(
    station, appraiser_session, supervisor, password
):
    """issue 16 finding 1: a damaged unit (major, within Ac 1) kept 'this unit appraised'."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    cases = appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    unit_labels.issue_units(station, appraiser_session, lot)
    before = _serials(station, lot)
    verdicts.amend(station.store, supervisor, cases[0], Verdict.COUNTERFEIT, password,
                   "crushed box", reason_codes=["DAMAGED"])  # fmt: skip
    assert labels.state_of(station.store, before[1]) == "revoked"
    assert sorted(_serials(station, lot)) == list(range(2, 13))
    with pytest.raises(InvalidInput, match="its own verdict is counterfeit"):
        from appraiser.services.lots import unit_reprint

        unit_reprint.sign_again(station, {"lot_uid": lot, "unit_no": 1})


def test_a_label_revoked_by_an_override_keeps_the_basis_it_was_signed_under(
    station, appraiser_session, supervisor, password
):
    """issue 16 finding N6: a unit label issued under the computed accept and revoked by an
    override to reject read basis 'released' (the override's kind) instead of 'sampling'."""
    lot, items = make_lot(station, appraiser_session, CLASSES, quantity=12)
    appraise_all(station, appraiser_session, password, items)
    assert decisions.decide(station, appraiser_session, password, lot).decision == "accept"
    unit_labels.issue_units(station, appraiser_session, lot)
    undrawn = unit_labels.live_units(station.store, lot)[10]
    payload = labels.get(station.store, undrawn)["payload"]
    before = label_verify.record_scan(station, None, payload).basis
    decisions.override(station, supervisor, password, lot, "reject", "recall")
    scan = label_verify.record_scan(station, None, payload)
    assert not scan.valid
    assert scan.basis == before == {"kind": "sampling", "appraised": 3, "units": 12}
    assert "sampling" in unit_labels.basis_text(scan.basis, "en")
