"""The bench workflow in the core: queue by scan, intake, holds, checklist, recovery."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from appraiser import checklists
from appraiser.capture.quality import GateResult
from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.services.arrivals import intake, queue, scanning
from appraiser.services.casework import appraisals, capture, checklist, recovery, workflow
from appraiser.storage.audit import verify

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 22)
GTIN = "(01)09506000134352(10)LOT1(17)271231"
PASSED = GateResult(True, (), {"sharpness": 1.0})


def _library(station, gtin="09506000134352"):
    row = {
        "version_id": "ml-plume", "brand": "Maison Lune", "model": "Sac Plume",
        "category": "bags", "region": "EU", "gtin": gtin, "attributes": {},
        "pack_name": "demo", "digest": "d" * 64, "active": 1, "created": "2026-11-20T00:00:00Z",
        "changed": "2026-11-20T00:00:00Z",
    }  # fmt: skip
    with station.store.atomic("test") as tx:
        tx.insert("reference_versions", row, action="library.version_added")


def _queued(station, session, raw=GTIN):
    uid, _ = queue.add_scan(station.store, session, DAY, scanning.parse(raw))
    return uid


def _begin(station, session, item_uid, category="bags"):
    return workflow.begin(station.store, session, "BW-01", TZ, item_uid, category)


def _shoot_required(station, session, uid, category="bags"):
    """The stills the capture step needs before the case can move on."""
    image = np.full((240, 320, 3), 90, np.uint8)
    for view in checklists.load(category).required_views:
        capture.store_still(station.store, session, uid, view, image, PASSED)


def test_scan_finds_the_waiting_entry_of_the_inbound_list(station, admin):
    with station.store.atomic(admin.actor) as tx:
        listed = queue.add_entry(tx, admin, DAY, {"gtin": "09506000134352"}, source="inbound")
    uid, created = queue.add_scan(station.store, admin, DAY, scanning.parse(GTIN))
    assert (uid, created) == (listed, False)
    other, created = queue.add_scan(station.store, admin, DAY, scanning.parse("5901234123457"))
    assert created and other != listed


def test_known_gtin_prefills_intake_and_unknown_goes_to_no_match(station, appraiser_session):
    _library(station)
    known = intake.lookup(station.store, "9506000134352")
    assert known.known and known.fields() == {
        "brand": "Maison Lune", "model": "Sac Plume", "category": "bags"
    }  # fmt: skip
    unknown = intake.lookup(station.store, "05901234123457")
    assert not unknown.known and unknown.fields() == {}
    first = intake.offer_no_match(
        station.store, appraiser_session, gtin="05901234123457", brand="X", model="Y"
    )
    again = intake.offer_no_match(
        station.store, appraiser_session, gtin="05901234123457", brand="X", model="Y"
    )
    assert first and again is None
    assert station.store.one("SELECT COUNT(*) AS n FROM library_no_match")["n"] == 1


def test_begin_confirms_item_and_moves_to_capture(station, appraiser_session):
    item_uid = _queued(station, appraiser_session)
    uid = workflow.begin(
        station.store, appraiser_session, "BW-01", TZ, item_uid, "bags",
        {"brand": "Maison Lune", "declaration_no": "D-1"},
    )  # fmt: skip
    case = workflow.load(station.store, uid)
    assert (case.step, case.state, case.category) == ("capture", "open", "bags")
    assert case.item["brand"] == "Maison Lune" and case.item["revision"] == 2
    assert queue.list_day(station.store, DAY)[0]["state"] == "open"


def test_a_second_appraiser_is_refused_with_the_holders_name(
    station, appraiser_session, second_appraiser
):
    item_uid = _queued(station, appraiser_session)
    uid = _begin(station, appraiser_session, item_uid)
    with pytest.raises(PermissionDenied) as caught:
        _begin(station, second_appraiser, item_uid)
    assert "held by Appraiser1" in caught.value.message
    with pytest.raises(PermissionDenied):
        workflow.save_step(station.store, second_appraiser, uid, "capture", {"shots": 1})
    assert _begin(station, appraiser_session, item_uid) == uid  # the holder resumes


def test_handover_moves_the_hold(station, appraiser_session, second_appraiser):
    uid = _begin(station, appraiser_session, _queued(station, appraiser_session))
    with pytest.raises(InvalidInput, match="reason"):
        workflow.handover(station.store, appraiser_session, uid, "appraiser2", " ")
    case = workflow.handover(station.store, appraiser_session, uid, "appraiser2", "end of shift")
    assert case.holder_id == second_appraiser.user_id
    _shoot_required(station, second_appraiser, uid)
    workflow.save_step(station.store, second_appraiser, uid, "capture", {"shots": 3})
    with pytest.raises(PermissionDenied):
        workflow.save_step(station.store, appraiser_session, uid, "compare", {})


def test_steps_are_saved_as_revisions(station, appraiser_session):
    uid = _begin(station, appraiser_session, _queued(station, appraiser_session))
    _shoot_required(station, appraiser_session, uid)
    workflow.save_step(station.store, appraiser_session, uid, "capture", {"shots": 4})
    case = workflow.save_step(station.store, appraiser_session, uid, "compare", {"score": 0.9})
    assert case.step == "checklist" and case.data["capture"] == {"shots": 4}
    back = workflow.go_to(station.store, appraiser_session, uid, "capture")
    assert back.step == "capture" and back.data["compare"] == {"score": 0.9}
    revisions = station.store.query("SELECT revision FROM appraisals WHERE uid = ?", (uid,))
    assert len(revisions) == 5


def test_checklist_points_need_a_note_on_failure(station, appraiser_session):
    uid = _begin(station, appraiser_session, _queued(station, appraiser_session))
    with pytest.raises(InvalidInput, match="note"):
        checklist.record_point(station.store, appraiser_session, uid, "stitching", "fail")
    with pytest.raises(InvalidInput, match=r"pass, fail or n\.a\."):
        checklist.record_point(station.store, appraiser_session, uid, "stitching", "maybe")
    sha = checklist.attach_evidence(
        station.store, appraiser_session, uid, "stitching", b"\xff\xd8jpeg", "image/jpeg"
    )
    checklist.record_point(
        station.store, appraiser_session, uid, "stitching", "fail", "uneven", evidence=sha
    )
    checklist.record_point(station.store, appraiser_session, uid, "logo", "pass")
    data = appraisals.current(station.store, uid)["data"]
    assert data["checklist"]["points"]["stitching"]["evidence"] == sha
    assert checklist.missing_points(data, ["logo", "stitching", "zip"]) == ["zip"]
    assert checklist.failed_points(data) == ["stitching"]


def test_shelf_life_remaining_is_computed():
    today = date(2026, 11, 22)
    life = checklist.shelf_life(today, production="2026-05-22", shelf_months=12)
    assert life.expiry == date(2027, 5, 22) and life.remaining_days == 181
    assert round(life.fraction, 3) == round(181 / 365, 3) and not life.low
    short = checklist.shelf_life(today, production="2025-12-31", shelf_months=12)
    assert short.low and not short.expired
    gone = checklist.shelf_life(today, expiry="2026-11-01")
    assert gone.expired and gone.fraction is None
    assert checklist.shelf_life(today) is None
    with pytest.raises(InvalidInput, match="future"):
        checklist.shelf_life(today, production="2027-01-01", shelf_months=1)
    with pytest.raises(InvalidInput, match="not a date"):
        checklist.shelf_life(today, expiry="31/12/2026")


def test_dated_facts_for_food_are_stored_with_the_computed_remainder(station, appraiser_session):
    uid = _begin(station, appraiser_session, _queued(station, appraiser_session), "food")
    facts = {
        "production_date": "2026-01-01", "shelf_months": "12", "licence_no": "SC10631011500012",
        "ingredients": "milk powder, lactose", "additives": "none", "back_label": True,
    }  # fmt: skip
    life = checklist.record_dated(station.store, appraiser_session, uid, facts, DAY)
    dated = appraisals.current(station.store, uid)["data"]["checklist"]["dated"]
    assert dated["remaining_days"] == life.remaining_days == 40
    assert dated["licence_no"] == "SC10631011500012" and dated["shelf_months"] == 12


def test_crash_leaves_interrupted_cases_to_resume_or_abandon(station, appraiser_session, admin):
    first = _begin(station, appraiser_session, _queued(station, appraiser_session))
    _shoot_required(station, appraiser_session, first)
    workflow.save_step(station.store, appraiser_session, first, "capture", {"shots": 2})
    second = _begin(
        station, appraiser_session, _queued(station, appraiser_session, "5901234123457")
    )
    assert set(recovery.mark_interrupted(station.store, "BW-01")) == {first, second}
    found = recovery.unfinished(station.store, "BW-01", appraiser_session)
    assert {r["uid"]: r["state"] for r in found} == {first: "interrupted", second: "interrupted"}
    case = recovery.resume(station.store, appraiser_session, first)
    assert (case.step, case.state, case.data["capture"]) == ("compare", "open", {"shots": 2})
    with pytest.raises(InvalidInput, match="reason"):
        recovery.abandon(station.store, appraiser_session, second, "")
    recovery.abandon(station.store, appraiser_session, second, "item damaged in transit")
    gone = appraisals.current(station.store, second)
    assert gone["state"] == "abandoned" and "item damaged" in gone["reason"]
    assert len(station.store.query("SELECT id FROM appraisals WHERE uid = ?", (second,))) == 4
    events = station.store.query("SELECT action FROM audit_events WHERE action LIKE 'appraisal.%'")
    assert "appraisal.interrupted" in {e["action"] for e in events}
    assert verify(station.store.conn).ok


def test_wrong_password_counts_towards_lockout(station, appraiser_session, password):
    from appraiser.services.casework import verdicts

    uid = _begin(station, appraiser_session, _queued(station, appraiser_session))
    for _ in range(5):
        with pytest.raises(AuthError):
            verdicts.sign(station.store, appraiser_session, uid, "genuine", "wrong-password")
    with pytest.raises(AuthError, match="Too many failed attempts"):
        verdicts.sign(station.store, appraiser_session, uid, "genuine", password)
    assert appraisals.current_verdict(station.store, uid) is None


def test_the_holder_rescanning_gets_their_own_case_back(
    station, appraiser_session, second_appraiser
):
    item = _queued(station, appraiser_session)
    _begin(station, appraiser_session, item)
    again, created = queue.add_scan(station.store, appraiser_session, DAY, scanning.parse(GTIN))
    assert (again, created) == (item, False)
    other, created = queue.add_scan(station.store, second_appraiser, DAY, scanning.parse(GTIN))
    assert created and other != item  # another unit of the same product
