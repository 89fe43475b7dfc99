"""Why a lot's unit label was revoked, in the scan's words (issue 16 finding 5): an override
to reject or a lot review revoked it, not an amended verdict."""

from __future__ import annotations

from lot_decision_support import appraise_all, make_lot, plan

from appraiser.domain.enums import Verdict
from appraiser.services.casework import verdicts
from appraiser.services.labelling import label_verify, labels
from appraiser.services.lots import decisions, unit_labels

CLASSES = {"critical": plan(3, 0, 1, aql=0.25), "major": plan(3, 1, 2)}


def _labelled(station, session, password) -> tuple[str, list[str], str]:
    lot, items = make_lot(station, session, CLASSES, quantity=12)
    cases = appraise_all(station, session, password, items)
    decisions.decide(station, session, password, lot)
    unit_labels.issue_units(station, session, lot)
    serial = unit_labels.live_units(station.store, lot)[5]  # a unit that was not drawn
    return lot, cases, labels.get(station.store, serial)["payload"]


def test_override_to_reject_reads_the_lots_decision_changed(
    station, appraiser_session, supervisor, password
):
    """issue 16 finding 5: it read 'the verdict was amended'."""
    lot, _, uri = _labelled(station, appraiser_session, password)
    decisions.override(station, supervisor, password, lot, "reject", "recall")
    for session in (None, supervisor):  # a consumer's scan and a bench scan
        scan = label_verify.record_scan(station, session, uri)
        assert scan.status == "revoked"
        assert scan.message.endswith(": the lot's decision was changed to reject")
        assert "amended" not in scan.message
        shown = scan.as_json()
        assert shown["state_cause"] == "lot_rejected"


def test_lot_review_reads_under_review_and_an_own_amendment_still_reads_amended(
    station, appraiser_session, supervisor, password
):
    """issue 16 finding 5: a review's revocation named an amended verdict."""
    lot, cases, uri = _labelled(station, appraiser_session, password)
    own = labels.get(station.store, unit_labels.live_units(station.store, lot)[2])["payload"]
    verdicts.amend(station.store, supervisor, cases[1], Verdict.COUNTERFEIT, password,
                   "second look", reason_codes=["NOT_AUTHENTIC"])  # fmt: skip
    scan = label_verify.record_scan(station, None, uri)
    assert scan.message.endswith(": the lot's decision was put under review")
    assert scan.as_json()["state_cause"] == "lot_review"
    mine = label_verify.record_scan(station, None, own)  # unit 2 is the amended unit
    assert mine.message.endswith(": the verdict was amended")
