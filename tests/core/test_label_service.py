"""The label lifecycle: issue for genuine only, print once, apply by scan, void, reprint."""

from __future__ import annotations

import pytest
from label_support import genuine_appraisal

from appraiser.domain.enums import Verdict
from appraiser.errors import InvalidInput, NotFound, PermissionDenied
from appraiser.labels import ids, payload
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station
from appraiser.services.labelling import label_printing, labels


@pytest.fixture
def genuine(station: Station, appraiser_session: Session, password: str) -> str:
    return genuine_appraisal(station, appraiser_session, password)


def _events(station: Station, serial: str) -> list[str]:
    return [e["event"] for e in labels.history(station.store, serial)]


def _mark_printed(station: Station, session: Session, serial: str) -> None:
    job, compact = label_printing.start_job(
        station, session, [serial], label_printing.Target("system"), "50x30", "raster"
    )
    label_printing.record_printed(station, session, job, compact)


def test_issue_signs_a_payload_for_the_appraisal(station, appraiser_session, genuine) -> None:
    label = labels.issue(station, appraiser_session, genuine)
    assert label.state == "issued" and ids.is_valid(label.serial)
    result = payload.verify(label.payload, labels.StationKeys(station.data.keys).public_keys())
    assert result.ok
    assert result.claim.gtin == "04006381333931"
    assert f"https://{station.settings.resolver_domain}/01/" in label.payload
    assert station.store.verify_audit().ok


@pytest.mark.parametrize("verdict", [Verdict.COUNTERFEIT, Verdict.INCONCLUSIVE])
def test_only_genuine_items_get_a_label(station, appraiser_session, password, verdict) -> None:
    uid = genuine_appraisal(station, appraiser_session, password, verdict=verdict)
    with pytest.raises(InvalidInput, match="genuine"):
        labels.issue(station, appraiser_session, uid)
    assert station.store.query("SELECT * FROM labels") == []


def test_unsigned_appraisal_or_unknown_id(station, appraiser_session) -> None:
    with pytest.raises(NotFound):
        labels.issue(station, appraiser_session, "AP-NOPE")


def test_invalid_gtin_never_reaches_a_label(station, appraiser_session, password) -> None:
    uid = genuine_appraisal(station, appraiser_session, password, gtin="4006381333932")
    with pytest.raises(InvalidInput, match="check digit"):
        labels.issue(station, appraiser_session, uid)


def test_item_without_gtin_gets_the_short_uri(station, appraiser_session, password) -> None:
    uid = genuine_appraisal(station, appraiser_session, password, gtin=None)
    label = labels.issue(station, appraiser_session, uid)
    assert f"/a/{label.serial}?" in label.payload


def test_one_live_label_per_appraisal(station, appraiser_session, genuine) -> None:
    labels.issue(station, appraiser_session, genuine)
    with pytest.raises(InvalidInput, match="reprint"):
        labels.issue(station, appraiser_session, genuine)


def test_a_serial_prints_once(station, appraiser_session, genuine) -> None:
    label = labels.issue(station, appraiser_session, genuine)
    _mark_printed(station, appraiser_session, label.serial)
    assert labels.state_of(station.store, label.serial) == "printed"
    with pytest.raises(InvalidInput, match="prints once"):
        _mark_printed(station, appraiser_session, label.serial)
    assert _events(station, label.serial) == ["issued", "printed"]


def test_reprint_needs_a_supervisor_and_a_reason(
    station, appraiser_session, genuine, supervisor
) -> None:
    old = labels.issue(station, appraiser_session, genuine)
    _mark_printed(station, appraiser_session, old.serial)
    with pytest.raises(PermissionDenied):
        labels.reprint(station, appraiser_session, old.serial, "torn", appraiser_session)
    with pytest.raises(InvalidInput, match="reason"):
        labels.reprint(station, appraiser_session, old.serial, "  ", supervisor)
    new = labels.reprint(station, appraiser_session, old.serial, "label torn", supervisor)
    assert new.serial != old.serial and new.supersedes == old.serial
    assert labels.state_of(station.store, old.serial) == "voided"
    voided = labels.history(station.store, old.serial)[-1]
    assert voided["approved_by_user"] == "supervisor" and voided["reason"] == "label torn"
    assert voided["detail"]["replaced_by"] == new.serial
    assert labels.live_label(station.store, genuine).serial == new.serial
    with pytest.raises(InvalidInput, match="void"):
        labels.reprint(station, appraiser_session, old.serial, "again", supervisor)
    assert station.store.verify_audit().ok


def test_apply_is_confirmed_by_scanning_the_printed_label(
    station, appraiser_session, genuine
) -> None:
    label = labels.issue(station, appraiser_session, genuine)
    with pytest.raises(InvalidInput, match="not printed"):
        labels.apply(station, appraiser_session, label.payload)
    _mark_printed(station, appraiser_session, label.serial)
    applied = labels.apply(station, appraiser_session, label.payload)
    assert applied.state == "applied"
    assert _events(station, label.serial) == ["issued", "printed", "applied"]
    with pytest.raises(InvalidInput):
        labels.apply(station, appraiser_session, label.payload[:-3])


def test_void_needs_supervisor(station, appraiser_session, genuine, supervisor) -> None:
    label = labels.issue(station, appraiser_session, genuine)
    with pytest.raises(PermissionDenied):
        labels.void(station, appraiser_session, label.serial, "damaged")
    labels.void(station, appraiser_session, label.serial, "damaged", supervisor)
    assert labels.state_of(station.store, label.serial) == "voided"
    with pytest.raises(InvalidInput, match="prints once"):
        _mark_printed(station, appraiser_session, label.serial)


def test_label_rows_are_append_only(station, appraiser_session, genuine) -> None:
    label = labels.issue(station, appraiser_session, genuine)
    with pytest.raises(Exception, match="append-only"):
        station.store.conn.execute(
            "UPDATE labels SET payload = 'x' WHERE serial = ?", (label.serial,)
        )
