"""Verdicts at the bench: holder-only signing, counterfeit → quarantine, blind review."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, quarantine, verdicts, workflow
from appraiser.storage.audit import verify

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)


@pytest.fixture
def case(station, appraiser_session):
    uid, _ = queue.add_scan(station.store, appraiser_session, DAY, scanning.parse("5901234123457"))
    return workflow.begin(station.store, appraiser_session, "BW-01", TZ, uid, "bags")


def test_genuine_closes_the_case(station, appraiser_session, password, case):
    signed = verdicts.sign(station.store, appraiser_session, case, "genuine", password)
    assert (signed.verdict, signed.state, signed.quarantine_uid) == ("genuine", "done", None)
    assert appraisals.current(station.store, case)["step"] == "outcome"
    with pytest.raises(InvalidInput, match="no longer be changed"):
        verdicts.sign(station.store, appraiser_session, case, "counterfeit", password)


def test_only_the_holder_signs(station, second_appraiser, password, case):
    with pytest.raises(PermissionDenied, match="held by"):
        verdicts.sign(station.store, second_appraiser, case, "genuine", password)


def test_counterfeit_needs_known_reason_codes_and_quarantines(
    station, appraiser_session, password, case
):
    with pytest.raises(InvalidInput, match="reason code"):
        verdicts.sign(station.store, appraiser_session, case, "counterfeit", password)
    with pytest.raises(InvalidInput, match="Unknown reason code: FAKE"):
        verdicts.sign(
            station.store, appraiser_session, case, "counterfeit", password, reason_codes=["FAKE"]
        )
    signed = verdicts.sign(
        station.store, appraiser_session, case, "counterfeit", password,
        reason_codes=["not_authentic", "DAMAGED"],
    )  # fmt: skip
    assert signed.quarantine_uid and signed.state == "done"
    held = quarantine.of_appraisal(station.store, case)
    assert held[0]["reason_codes"] == ["NOT_AUTHENTIC", "DAMAGED"]


def test_inconclusive_goes_to_blind_review(
    station, appraiser_session, second_appraiser, password, case
):
    verdicts.sign(
        station.store, appraiser_session, case, "inconclusive", password,
        note="stitch count odd", leaning="counterfeit",
    )  # fmt: skip
    assert verdicts.review_queue(station.store, appraiser_session) == []
    assert [r["uid"] for r in verdicts.review_queue(station.store, second_appraiser)] == [case]
    with pytest.raises(PermissionDenied):
        verdicts.blind_view(station.store, appraiser_session, case)
    view = verdicts.blind_view(station.store, second_appraiser, case)
    text = repr(view)
    assert "inconclusive" not in text and "stitch count odd" not in text
    assert "counterfeit" not in text and "leaning" not in text
    with pytest.raises(InvalidInput, match="must decide"):
        verdicts.review(station.store, second_appraiser, case, "inconclusive", password)
    signed = verdicts.review(station.store, second_appraiser, case, "genuine", password)
    assert signed.state == "done"
    decision = station.store.one("SELECT * FROM review_decisions WHERE appraisal_uid = ?", (case,))
    assert (decision["first_leaning"], decision["decision"], decision["agrees"]) == (
        "counterfeit", "genuine", 0
    )  # fmt: skip
    kinds = [v["kind"] for v in verdicts.history(station.store, case)]
    assert kinds == ["initial", "review"]
    assert verify(station.store.conn).ok


def test_supervisor_review_agreeing_with_the_leaning(
    station, appraiser_session, supervisor, password, case
):
    verdicts.sign(
        station.store, appraiser_session, case, "inconclusive", password, leaning="counterfeit"
    )
    signed = verdicts.review(
        station.store, supervisor, case, "counterfeit", password, reason_codes=["NOT_AUTHENTIC"]
    )
    assert signed.quarantine_uid
    audit = station.store.query("SELECT action FROM audit_events WHERE action LIKE 'review.%'")
    assert [a["action"] for a in audit] == ["review.agreed"]


def test_amendment_needs_a_reason_and_keeps_the_old_verdict(
    station, appraiser_session, supervisor, password, case
):
    verdicts.sign(station.store, appraiser_session, case, "genuine", password)
    with pytest.raises(InvalidInput, match="reason"):
        verdicts.amend(station.store, supervisor, case, "counterfeit", password, " ",
                       reason_codes=["USED"])  # fmt: skip
    signed = verdicts.amend(
        station.store, supervisor, case, "counterfeit", password, "signs of wear found",
        reason_codes=["USED"],
    )  # fmt: skip
    assert signed.quarantine_uid
    history = verdicts.history(station.store, case)
    assert [(v["verdict"], v["kind"]) for v in history] == [
        ("genuine", "initial"), ("counterfeit", "amendment")
    ]  # fmt: skip
    assert history[1]["reason"] == "signs of wear found"
