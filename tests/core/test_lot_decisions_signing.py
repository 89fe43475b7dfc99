"""Signing a lot decision like a verdict, quarantining a rejected lot, and the four-eyes
override by a supervisor (issue 16 item 3, DESIGN §3.4). Every refusal is audited."""

from __future__ import annotations

import json

import pytest
from lot_decision_support import appraise, appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.services.lots import decisions, lot_quarantine

MAJOR_8 = {"major": plan(8, 1, 2)}


def _events(station, action: str) -> list[dict]:
    rows = station.store.query(
        "SELECT actor, data FROM audit_events WHERE action = ? ORDER BY seq", (action,)
    )
    return [{"actor": r["actor"], **json.loads(r["data"])} for r in rows]


@pytest.fixture
def rejected_lot(station, appraiser_session, password):
    """A signed, rejected lot: two damaged units of eight, decided by the appraiser."""
    lot, items = make_lot(station, appraiser_session, MAJOR_8, quantity=1200)
    appraise_all(station, appraiser_session, password, items[:2], Verdict.COUNTERFEIT,
                 codes=["DAMAGED"])  # fmt: skip
    appraise_all(station, appraiser_session, password, items[2:])
    decisions.decide(station, appraiser_session, password, lot)
    return lot


def test_the_decision_is_signed_with_meaning_and_an_audit_event(
    station, appraiser_session, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise_all(station, appraiser_session, password, items)
    signed = decisions.decide(station, appraiser_session, password, lot)
    row = decisions.current(station.store, lot)
    assert (row["uid"], row["decision"], row["kind"]) == (signed.uid, "accept", "computed")
    assert row["signed_by"] == appraiser_session.user_id and row["signer"] == "Appraiser1"
    assert row["meaning"] == decisions.MEANING[("computed", "accept")]
    assert row["basis"]["classes"]["major"]["inspected"] == 8
    [event] = _events(station, "lot.decided")
    assert event["actor"] == "appraiser1" and event["lot"] == lot
    assert event["decision"] == "accept" and event["rule"] == "counterfeit_rejects"
    assert station.store.verify_audit().ok


def test_a_wrong_password_signs_nothing(station, appraiser_session, password):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise_all(station, appraiser_session, password, items)
    with pytest.raises(AuthError):
        decisions.decide(station, appraiser_session, "not-the-password", lot)
    assert decisions.current(station.store, lot) is None


def test_a_pending_lot_and_a_second_computed_decision_are_refused(
    station, appraiser_session, second_appraiser, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise_all(station, appraiser_session, password, items[:7])
    with pytest.raises(InvalidInput, match="pending"):
        decisions.decide(station, appraiser_session, password, lot)
    appraise(station, appraiser_session, password, items[7])
    decisions.decide(station, appraiser_session, password, lot)
    with pytest.raises(InvalidInput, match="already decided"):
        decisions.decide(station, second_appraiser, password, lot)
    assert len(decisions.history(station.store, lot)) == 1


def test_an_administrator_may_not_sign_a_lot_decision_and_the_refusal_is_audited(
    station, appraiser_session, admin, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise_all(station, appraiser_session, password, items)
    with pytest.raises(PermissionDenied):
        decisions.decide(station, admin, password, lot)
    [refusal] = _events(station, "rules.refused")
    assert refusal["actor"] == "admin" and refusal["lot"] == lot


def test_a_rejected_lot_goes_to_quarantine_with_every_unit_and_the_evidence(station, rejected_lot):
    held = lot_quarantine.state(station.store, rejected_lot)
    assert held["action"] == "held" and held["units"] == 1200  # sampled or not
    decision = decisions.current(station.store, rejected_lot)
    assert held["decision_id"] == decision["id"]
    assert len(held["evidence"]) == 2
    assert all(e["defect"] == "major" and e["appraisal_uid"] for e in held["evidence"])
    assert [q["lot_uid"] for q in lot_quarantine.list_held(station.store)] == [rejected_lot]


def test_only_a_supervisor_overrides_and_the_refusal_is_audited(
    station, rejected_lot, second_appraiser, password
):
    with pytest.raises(PermissionDenied, match="supervisor"):
        decisions.override(station, second_appraiser, password, rejected_lot, "accept", "ok")
    [refusal] = _events(station, "rules.refused")
    assert refusal["rule"] == "override_lot" and refusal["actor"] == "appraiser2"


def test_a_supervisor_may_not_override_a_decision_they_signed(station, supervisor, password):
    lot, items = make_lot(station, supervisor, MAJOR_8)
    appraise_all(station, supervisor, password, items[:2], Verdict.COUNTERFEIT, codes=["USED"])
    signed = decisions.decide(station, supervisor, password, lot)
    assert signed.decision == "reject"
    with pytest.raises(PermissionDenied, match="signed a decision") as refused:
        decisions.override(station, supervisor, password, lot, "accept", "sample mixed up")
    assert refused.value.hint == "Another supervisor must do this."
    assert _events(station, "rules.refused")[-1]["actor"] == "supervisor"


def test_a_supervisor_whose_units_are_in_the_lot_may_not_override_anothers_decision(
    station, appraiser_session, supervisor, password
):
    lot, items = make_lot(station, appraiser_session, MAJOR_8)
    appraise_all(station, supervisor, password, items[:2], Verdict.COUNTERFEIT, codes=["USED"])
    appraise_all(station, appraiser_session, password, items[2:])
    decisions.decide(station, appraiser_session, password, lot)
    with pytest.raises(PermissionDenied, match="appraised units"):
        decisions.override(station, supervisor, password, lot, "accept", "sample mixed up")
    assert _events(station, "rules.refused")[-1]["lot"] == lot
    assert decisions.current(station.store, lot)["decision"] == "reject"


def test_an_override_needs_a_reason_a_different_decision_and_a_decision_to_override(
    station, appraiser_session, supervisor, password, rejected_lot
):
    with pytest.raises(InvalidInput, match="reason"):
        decisions.override(station, supervisor, password, rejected_lot, "accept", "  ")
    with pytest.raises(InvalidInput, match="already rejected"):
        decisions.override(station, supervisor, password, rejected_lot, "reject", "sure")
    with pytest.raises(InvalidInput, match="accept or reject"):
        decisions.override(station, supervisor, password, rejected_lot, "maybe", "sure")
    open_lot, _ = make_lot(station, appraiser_session, MAJOR_8)
    with pytest.raises(InvalidInput, match="no signed decision"):
        decisions.override(station, supervisor, password, open_lot, "accept", "sure")
    assert len(decisions.history(station.store, rejected_lot)) == 1


def test_an_override_supersedes_the_decision_and_releases_the_quarantine(
    station, supervisor, second_supervisor, password, rejected_lot
):
    signed = decisions.override(
        station, supervisor, password, rejected_lot, "accept", "damage is to the outer carton"
    )
    row = decisions.current(station.store, rejected_lot)
    computed, override = decisions.history(station.store, rejected_lot)
    assert row["uid"] == signed.uid == override["uid"]
    assert override["supersedes"] == computed["id"] and override["kind"] == "override"
    assert override["reason"] == "damage is to the outer carton"
    assert override["meaning"] == decisions.MEANING[("override", "accept")]
    assert override["basis"]["overridden_decision"] == "reject"
    assert lot_quarantine.state(station.store, rejected_lot)["action"] == "released"
    assert lot_quarantine.list_held(station.store) == []
    [event] = _events(station, "lot.overridden")
    assert event["actor"] == "supervisor" and event["overrides"] == computed["uid"]
    # the one who overrode may not override back; another supervisor may
    with pytest.raises(PermissionDenied):
        decisions.override(station, supervisor, password, rejected_lot, "reject", "no")
    decisions.override(station, second_supervisor, password, rejected_lot, "reject", "recheck")
    assert lot_quarantine.is_held(station.store, rejected_lot)
    assert station.store.verify_audit().ok
