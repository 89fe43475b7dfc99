"""Appraisals: revisions never overwrite, verdicts are signed, amended and reviewed properly."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from appraiser import clock
from appraiser.domain.enums import AppraisalState, Category, Verdict
from appraiser.errors import AuthError, InvalidInput, NotFound, PermissionDenied
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.casework import appraisals

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _new(station: Station, session: Session, **item) -> str:
    item_uid = appraisals.register_item(
        station.store, session, **({"gtin": "06901234567892", "brand": "Acme"} | item)
    )
    return appraisals.start(station.store, session, "BW-01", item_uid, Category.BAGS, SHANGHAI)


def _verdicts(station: Station, uid: str) -> list[dict]:
    return station.store.query("SELECT * FROM verdicts WHERE appraisal_uid = ? ORDER BY id", (uid,))


def test_saves_add_revisions_and_never_overwrite(station, appraiser_session):
    uid = _new(station, appraiser_session)
    first = station.store.one("SELECT * FROM appraisals WHERE uid = ?", (uid,))
    assert (
        appraisals.save(station.store, appraiser_session, uid, step="capture", data={"photos": 2})
        == 2
    )
    assert (
        appraisals.save(
            station.store,
            appraiser_session,
            uid,
            data={"note": "ok"},
            state=AppraisalState.INTERRUPTED,
            reason="power cut",
        )
        == 3
    )
    rows = station.store.query("SELECT * FROM appraisals WHERE uid = ? ORDER BY revision", (uid,))
    assert [r["revision"] for r in rows] == [1, 2, 3]
    assert rows[0] == first, "revision 1 is unchanged"
    assert [r["supersedes"] for r in rows] == [None, rows[0]["id"], rows[1]["id"]]
    now = appraisals.current(station.store, uid)
    assert now["data"] == {"photos": 2, "note": "ok"}
    assert now["step"] == "capture" and now["state"] == "interrupted"
    assert now["reason"] == "power cut" and now["revision"] == 3


def test_revision_rows_refuse_updates(station, appraiser_session):
    uid = _new(station, appraiser_session)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        station.store.conn.execute("UPDATE appraisals SET state = 'done' WHERE uid = ?", (uid,))


def test_every_save_is_audited(station, appraiser_session):
    uid = _new(station, appraiser_session)
    appraisals.save(station.store, appraiser_session, uid, data={"x": 1})
    actions = [
        r["action"]
        for r in station.store.query(
            "SELECT action FROM audit_events WHERE entity = 'appraisals' ORDER BY seq"
        )
    ]
    assert actions == ["appraisal.started", "appraisal.saved"]
    assert station.store.verify_audit().ok


def test_unknown_inputs_are_refused(station, appraiser_session):
    with pytest.raises(InvalidInput, match="colour"):
        appraisals.register_item(station.store, appraiser_session, colour="red")
    with pytest.raises(NotFound):
        appraisals.start(station.store, appraiser_session, "BW-01", "IT-NOPE", "bags", SHANGHAI)
    with pytest.raises(NotFound):
        appraisals.current(station.store, "AP-NOPE")


def test_signing_asks_for_the_password_again(station, appraiser_session, password):
    uid = _new(station, appraiser_session)
    with pytest.raises(AuthError):
        appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, "guess")
    assert _verdicts(station, uid) == []
    appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, password)
    (verdict,) = _verdicts(station, uid)
    assert verdict["kind"] == "initial" and verdict["signed_by"] == appraiser_session.user_id
    assert verdict["meaning"].startswith("I have inspected this item and judge it genuine")
    assert station.store.one("SELECT 1 AS x FROM audit_events WHERE action = 'auth.sign.ok'")


def test_signed_verdict_changes_only_by_amendment(station, appraiser_session, password):
    uid = _new(station, appraiser_session)
    appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, password)
    with pytest.raises(InvalidInput, match="amendment"):
        appraisals.sign_verdict(
            station.store,
            appraiser_session,
            uid,
            Verdict.COUNTERFEIT,
            password,
            reason_codes=["USED"],
        )


def test_amendment_needs_a_reason_and_keeps_the_original(
    station, appraiser_session, supervisor, password
):
    uid = _new(station, appraiser_session)
    with pytest.raises(InvalidInput, match="no signed verdict"):
        appraisals.amend_verdict(station.store, supervisor, uid, Verdict.GENUINE, password, "x")
    appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, password)
    with pytest.raises(InvalidInput, match="reason"):
        appraisals.amend_verdict(
            station.store,
            supervisor,
            uid,
            Verdict.COUNTERFEIT,
            password,
            "   ",
            reason_codes=["DAMAGED"],
        )
    appraisals.amend_verdict(
        station.store,
        supervisor,
        uid,
        Verdict.COUNTERFEIT,
        password,
        "stitching wrong on re-inspection",
        reason_codes=["DAMAGED"],
    )
    original, amendment = _verdicts(station, uid)
    assert original["verdict"] == "genuine" and original["kind"] == "initial"
    assert amendment["kind"] == "amendment" and amendment["supersedes"] == original["id"]
    assert amendment["reason"] == "stitching wrong on re-inspection"
    assert amendment["signed_by"] == supervisor.user_id
    assert json.loads(amendment["reason_codes"]) == ["DAMAGED"]
    assert appraisals.current_verdict(station.store, uid)["id"] == amendment["id"]


def test_counterfeit_needs_a_reason_code(station, appraiser_session, password):
    uid = _new(station, appraiser_session)
    with pytest.raises(InvalidInput, match="reason code"):
        appraisals.sign_verdict(
            station.store, appraiser_session, uid, Verdict.COUNTERFEIT, password
        )
    assert _verdicts(station, uid) == []


def test_only_the_holder_or_a_supervisor_signs(
    station, appraiser_session, second_appraiser, supervisor, password
):
    uid = _new(station, appraiser_session)
    with pytest.raises(PermissionDenied, match="holds this item"):
        appraisals.sign_verdict(station.store, second_appraiser, uid, Verdict.GENUINE, password)
    appraisals.sign_verdict(station.store, supervisor, uid, Verdict.GENUINE, password)
    assert _verdicts(station, uid)[0]["signed_by"] == supervisor.user_id


def test_inconclusive_goes_to_a_different_user(
    station, appraiser_session, second_appraiser, password
):
    uid = _new(station, appraiser_session)
    appraisals.sign_verdict(
        station.store,
        appraiser_session,
        uid,
        Verdict.INCONCLUSIVE,
        password,
        note="hologram unclear",
    )
    with pytest.raises(PermissionDenied, match="second appraiser"):
        appraisals.sign_verdict(station.store, appraiser_session, uid, Verdict.GENUINE, password)
    appraisals.sign_verdict(
        station.store,
        second_appraiser,
        uid,
        Verdict.COUNTERFEIT,
        password,
        reason_codes=["NOT_AUTHENTIC"],
    )
    first, review = _verdicts(station, uid)
    assert review["kind"] == "review" and review["supersedes"] == first["id"]
    assert review["signed_by"] == second_appraiser.user_id
    assert appraisals.current_verdict(station.store, uid)["verdict"] == "counterfeit"
    with pytest.raises(InvalidInput, match="amendment"):
        appraisals.sign_verdict(station.store, second_appraiser, uid, Verdict.GENUINE, password)


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock, "utcnow", lambda: moment)
    monkeypatch.setattr(appraisals, "utcnow", lambda: moment)


def test_days_are_cut_in_the_station_time_zone(station, appraiser_session, password, monkeypatch):
    _at(monkeypatch, datetime(2026, 11, 21, 15, 30, tzinfo=UTC))  # 23:30 in Shanghai
    late = _new(station, appraiser_session, brand="Late")
    _at(monkeypatch, datetime(2026, 11, 21, 16, 30, tzinfo=UTC))  # 00:30 next day
    early = _new(station, appraiser_session, brand="Early")
    second = _new(station, appraiser_session, brand="Second")
    appraisals.sign_verdict(station.store, appraiser_session, second, Verdict.GENUINE, password)
    assert late == "AP-BW-01-20261121-0001"
    assert (early, second) == ("AP-BW-01-20261122-0001", "AP-BW-01-20261122-0002")

    def ids(day: date, tz: ZoneInfo = SHANGHAI, verdict: str | None = None) -> list[str]:
        return [r["id"] for r in appraisals.list_for_day(station.store, day, tz, verdict)]

    assert ids(date(2026, 11, 21)) == [late]
    assert ids(date(2026, 11, 22)) == [early, second]
    assert ids(date(2026, 11, 21), ZoneInfo("UTC")) == [late, early, second]
    assert ids(date(2026, 11, 22), verdict="genuine") == [second]
    (row,) = appraisals.list_for_day(station.store, date(2026, 11, 22), SHANGHAI, "genuine")
    assert row["brand"] == "Second" and row["gtin"] == "06901234567892"
    assert row["appraiser"] == "appraiser1" and row["label_serial"] is None
