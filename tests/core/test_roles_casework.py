"""The rule book (DESIGN §3.4) applied by the casework and label services (issue 14 finding 9):
amendments are a supervisor's and never of one's own verdict, a case in review gets no
label and no amendment, a reprint is approved by someone else, labels are issued by the
signer or a supervisor, and administrators do no casework. Every refusal is audited."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from label_support import genuine_appraisal

from appraiser.domain.enums import Category
from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.services.arrivals import queue, scanning
from appraiser.services.casework import appraisals, verdicts, workflow
from appraiser.services.labelling import label_printing, labels

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)


def _refusals(station) -> list[dict]:
    rows = station.store.query(
        "SELECT actor, data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq"
    )
    return [{"actor": r["actor"], **json.loads(r["data"])} for r in rows]


@pytest.fixture
def case(station, appraiser_session):
    uid, _ = queue.add_scan(station.store, appraiser_session, DAY, scanning.parse("5901234123457"))
    return workflow.begin(station.store, appraiser_session, "BW-01", TZ, uid, "bags")


def _verdict(station, uid) -> str:
    return appraisals.current_verdict(station.store, uid)["verdict"]


def test_an_appraiser_cannot_amend_even_their_own_verdict(
    station, appraiser_session, password, case
):
    """issue 14 finding 9: counterfeit → genuine by the signer, then a label, was possible."""
    verdicts.sign(
        station.store, appraiser_session, case, "counterfeit", password,
        reason_codes=["NOT_AUTHENTIC"],
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="supervisor"):
        verdicts.amend(station.store, appraiser_session, case, "genuine", password, "looked again")
    with pytest.raises(PermissionDenied):
        appraisals.amend_verdict(
            station.store, appraiser_session, case, "genuine", password, "looked again"
        )
    assert _verdict(station, case) == "counterfeit"
    assert [r["rule"] for r in _refusals(station)] == ["amend_verdict", "amend_verdict"]
    with pytest.raises(InvalidInput, match="only genuine"):
        labels.issue(station, appraiser_session, case)


def test_a_supervisor_cannot_amend_a_verdict_they_signed(station, supervisor, password):
    """issue 14 finding 9: four eyes on amendments."""
    uid = genuine_appraisal(station, supervisor, password)
    with pytest.raises(PermissionDenied, match="your own"):
        verdicts.amend(
            station.store, supervisor, uid, "counterfeit", password, "second thoughts",
            reason_codes=["USED"],
        )  # fmt: skip
    assert _verdict(station, uid) == "genuine"
    [refusal] = _refusals(station)
    assert refusal["actor"] == "supervisor" and refusal["uid"] == uid


def test_a_supervisor_amends_someone_elses_verdict(
    station, appraiser_session, supervisor, password, case
):
    verdicts.sign(station.store, appraiser_session, case, "genuine", password)
    signed = verdicts.amend(
        station.store, supervisor, case, "counterfeit", password, "wear found",
        reason_codes=["USED"],
    )  # fmt: skip
    assert signed.verdict == "counterfeit" and _refusals(station) == []


def test_a_case_in_review_is_neither_amended_nor_labelled(
    station, appraiser_session, supervisor, password, case
):
    """issue 14 finding 9: an inconclusive case awaiting blind review was amended to
    genuine and labelled; the review is the only way out."""
    verdicts.sign(
        station.store, appraiser_session, case, "inconclusive", password, leaning="genuine"
    )
    with pytest.raises(PermissionDenied, match="review"):
        verdicts.amend(station.store, supervisor, case, "genuine", password, "looks fine")
    assert _verdict(station, case) == "inconclusive"
    with pytest.raises((PermissionDenied, InvalidInput)):
        labels.issue(station, supervisor, case)
    assert labels.live_label(station.store, case) is None
    # a supervisor who escalates keeps it in review: still no amendment
    verdicts.review(station.store, supervisor, case, "inconclusive", password)
    with pytest.raises(PermissionDenied, match="review"):
        verdicts.amend(station.store, supervisor, case, "genuine", password, "looks fine")


def test_only_the_signer_or_a_supervisor_issues_the_label(
    station, appraiser_session, second_appraiser, supervisor, admin, password
):
    """issue 14 finding 9: any signed-in user could issue a label for anyone's appraisal."""
    uid = genuine_appraisal(station, appraiser_session, password)
    for other in (second_appraiser, admin):
        with pytest.raises(PermissionDenied):
            labels.issue(station, other, uid)
    assert labels.live_label(station.store, uid) is None
    assert [r["rule"] for r in _refusals(station)] == ["issue_label", "issue_label"]
    assert labels.issue(station, appraiser_session, uid).state == "issued"
    other = genuine_appraisal(station, appraiser_session, password, batch_lot="LOT-2")
    assert labels.issue(station, supervisor, other).state == "issued"


def test_the_first_print_is_the_signers_or_a_supervisors(
    station, appraiser_session, second_appraiser, password
):
    """issue 14 finding 9: printing a label first is part of issuing it."""
    uid = genuine_appraisal(station, appraiser_session, password)
    serial = labels.issue(station, appraiser_session, uid).serial
    with pytest.raises(PermissionDenied):
        label_printing.start_job(
            station, second_appraiser, [serial], label_printing.Target("cups-pdf"), "50x30", "pdf"
        )
    assert labels.state_of(station.store, serial) == "issued"


def test_a_supervisor_cannot_approve_their_own_reprint(
    station, appraiser_session, supervisor, password
):
    """issue 14 finding 9: approver and requester must be two people."""
    uid = genuine_appraisal(station, appraiser_session, password)
    serial = labels.issue(station, appraiser_session, uid).serial
    with pytest.raises(PermissionDenied, match="own"):
        labels.reprint(station, supervisor, serial, "damaged", supervisor)
    assert labels.state_of(station.store, serial) == "issued"
    assert [r["rule"] for r in _refusals(station)] == ["approve_reprint"]
    new = labels.reprint(station, appraiser_session, serial, "damaged", supervisor)
    assert new.serial != serial and labels.state_of(station.store, serial) == "voided"


def test_administrators_do_no_casework(station, admin, appraiser_session, password):
    """issue 14 finding 9: admins do not appraise (Action.APPRAISE)."""
    item, _ = queue.add_scan(station.store, appraiser_session, DAY, scanning.parse("5901234123457"))
    with pytest.raises(PermissionDenied, match=r"administrator|appraiser or a supervisor"):
        workflow.begin(station.store, admin, "BW-01", TZ, item, "bags")
    uid = appraisals.start(station.store, appraiser_session, "BW-01", item, Category.BAGS, TZ)
    with pytest.raises(PermissionDenied):
        appraisals.sign_verdict(station.store, admin, uid, "genuine", password)
    with pytest.raises(PermissionDenied):
        workflow.save_step(station.store, admin, uid, "capture", {})
    assert appraisals.current_verdict(station.store, uid) is None
    assert {r["rule"] for r in _refusals(station)} == {"appraise"}
