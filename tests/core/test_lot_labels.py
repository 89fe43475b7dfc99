"""Unit labels of an accepted lot (issue 16 item 4): issued in batches, resumable, one live
serial per unit, pointing at the lot decision, refused for a lot that is not accepted."""

from __future__ import annotations

import pytest
from lot_history_support import add_unit, decide, make_lot

from appraiser.errors import InvalidInput, PermissionDenied
from appraiser.labels import payload
from appraiser.services.labelling import label_verify, labels
from appraiser.services.lots import unit_labels


@pytest.fixture
def accepted(station, appraiser_session):
    """A lot of 23 units, three drawn and genuine, accepted by its computed decision."""
    lot = make_lot(station, appraiser_session, 23, sample_size=3)
    for unit in (2, 9, 17):
        add_unit(station, appraiser_session, lot, unit, "genuine")
    decide(station, appraiser_session, lot, "accept")
    return lot


def _serials(station, lot):
    return {
        r["unit_no"]: r["serial"]
        for r in station.store.query(
            "SELECT unit_no, serial FROM lot_unit_labels WHERE lot_uid = ?", (lot,)
        )
    }


def test_every_unit_gets_one_signed_serial_in_batches(station, appraiser_session, accepted):
    seen = []
    result = unit_labels.issue_units(
        station, appraiser_session, accepted, per_tx=5, progress=lambda d, t: seen.append(d)
    )
    serials = _serials(station, accepted)
    assert sorted(serials) == list(range(1, 24))
    assert len(set(serials.values())) == 23
    assert (result.issued, result.already, result.total) == (23, 0, 23)
    assert seen == [0, 5, 10, 15, 20, 23]
    assert all(labels.state_of(station.store, s) == "issued" for s in serials.values())


def test_issuing_again_continues_and_never_gives_a_unit_a_second_serial(
    station, appraiser_session, accepted, monkeypatch
):
    calls = {"n": 0}
    real = unit_labels._insert_unit

    def dies_in_third_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 12:
            raise RuntimeError("power cut")
        return real(*args, **kwargs)

    monkeypatch.setattr(unit_labels, "_insert_unit", dies_in_third_batch)
    with pytest.raises(RuntimeError):
        unit_labels.issue_units(station, appraiser_session, accepted, per_tx=5)
    assert sorted(_serials(station, accepted)) == list(range(1, 11))  # batch 3 rolled back
    monkeypatch.setattr(unit_labels, "_insert_unit", real)
    first = _serials(station, accepted)
    result = unit_labels.issue_units(station, appraiser_session, accepted, per_tx=5)
    after = _serials(station, accepted)
    assert (result.issued, result.already) == (13, 10)
    assert {u: after[u] for u in first} == first
    again = unit_labels.issue_units(station, appraiser_session, accepted)
    assert again.issued == 0 and _serials(station, accepted) == after


def test_payload_digest_is_the_lot_decisions_and_label_verify_says_valid(
    station, appraiser_session, accepted
):
    unit_labels.issue_units(station, appraiser_session, accepted)
    decision = unit_labels.current_decision(station.store, accepted)
    hex_digest, _ = unit_labels.decision_digest(station.store, decision)
    serial = _serials(station, accepted)[5]
    row = labels.get(station.store, serial)
    claim, _ = payload.parse(row["payload"])
    assert claim.digest == payload.short_digest(hex_digest)
    assert row["appraisal_uid"] == decision["uid"]
    report = label_verify.record_scan(station, appraiser_session, row["payload"])
    assert report.valid and report.status == "genuine"
    assert station.store.verify_audit().ok, station.store.verify_audit().problems


@pytest.mark.parametrize("outcome", ["reject", None])
def test_refused_for_a_rejected_or_undecided_lot(station, appraiser_session, outcome):
    lot = make_lot(station, appraiser_session, 8)
    if outcome:
        decide(station, appraiser_session, lot, outcome)
    with pytest.raises(InvalidInput, match="rejected" if outcome else "no decision"):
        unit_labels.issue_units(station, appraiser_session, lot)
    assert _serials(station, lot) == {}


def test_refused_while_a_plausibility_flag_is_open(station, appraiser_session):
    first = make_lot(station, appraiser_session, 10, batch="B-9")
    from appraiser.services.lots import plausibility
    from appraiser.storage.db import Store

    def flagged(store: Store, lot_uid: str):
        return [plausibility.Flag("F1", lot_uid, "batch_size", "batch B-9 is over its size")]

    decide(station, appraiser_session, first, "accept")
    original = plausibility.blocking_flags
    plausibility.blocking_flags = flagged
    try:
        with pytest.raises(InvalidInput, match="plausibility flag"):
            unit_labels.issue_units(station, appraiser_session, first)
    finally:
        plausibility.blocking_flags = original
    assert _serials(station, first) == {}


def test_only_the_decisions_signer_or_a_supervisor_issues(
    station, appraiser_session, second_appraiser, supervisor, accepted
):
    with pytest.raises(PermissionDenied):
        unit_labels.issue_units(station, second_appraiser, accepted)
    refused = station.store.one(
        "SELECT data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq DESC LIMIT 1"
    )
    assert refused is not None and accepted in refused["data"]
    assert unit_labels.issue_units(station, supervisor, accepted).issued == 23


def test_revoke_lot_revokes_every_live_unit_label(station, appraiser_session, accepted):
    unit_labels.issue_units(station, appraiser_session, accepted)
    with station.store.atomic(appraiser_session.actor) as tx:
        gone = unit_labels.revoke_lot(tx, appraiser_session, accepted, "overridden to reject")
    assert len(gone) == 23
    assert {labels.state_of(station.store, s) for s in gone} == {"revoked"}


def test_audit_verify_catches_a_unit_label_left_live_after_a_reject(
    station, appraiser_session, supervisor, accepted
):
    unit_labels.issue_units(station, appraiser_session, accepted)
    decision = unit_labels.current_decision(station.store, accepted)
    from appraiser.clock import now_iso

    with station.store.atomic(supervisor.actor) as tx:  # a reject that forgot the labels
        tx.insert("lot_decisions", {"uid": "LD-X", "lot_uid": accepted, "decision": "reject",
                  "kind": "override", "meaning": "m", "signed_by": supervisor.user_id,
                  "signed_at": now_iso(), "supersedes": decision["id"], "reason": "r"},
                  action="lot.overridden")  # fmt: skip
    report = station.store.verify_audit()
    assert any("not revoked, though the lot was rejected" in p for p in report.problems)


def test_consumer_basis_says_sampled_unit_or_batch(station, appraiser_session, accepted):
    unit_labels.issue_units(station, appraiser_session, accepted)
    serials = _serials(station, accepted)
    assert unit_labels.consumer_basis(station.store, serials[9]) == {
        "kind": "unit", "appraised": 3, "units": 23,
    }  # fmt: skip
    assert unit_labels.consumer_basis(station.store, serials[10])["kind"] == "sampling"


def test_an_override_to_reject_revokes_every_unit_label(
    station, appraiser_session, supervisor, password, accepted
):
    from appraiser.services.lots import decisions

    unit_labels.issue_units(station, appraiser_session, accepted)
    serials = _serials(station, accepted)
    decisions.override(station, supervisor, password, accepted, "reject", "found a fake later")
    assert {labels.state_of(station.store, s) for s in serials.values()} == {"revoked"}
    assert unit_labels.live_units(station.store, accepted) == {}
    scan = label_verify.record_scan(
        station, None, labels.get(station.store, serials[1])["payload"], purpose="consumer"
    )
    assert not scan.valid and scan.status == "revoked"
    assert station.store.verify_audit().ok


def test_a_consumer_scan_says_which_it_was_without_merchant_or_declaration(
    station, appraiser_session, accepted
):
    unit_labels.issue_units(station, appraiser_session, accepted)
    serials = _serials(station, accepted)
    texts = {}
    for unit in (9, 10):
        scan = label_verify.record_scan(
            station, None, labels.get(station.store, serials[unit])["payload"], purpose="consumer"
        )
        shown = scan.as_json()
        assert shown["valid"] and "appraisal" not in shown
        assert "Acme" not in str(shown) and "123456789012345678" not in str(shown)
        texts[unit] = {
            lang: unit_labels.basis_text(shown["basis"], lang) for lang in ("en", "zh_CN")
        }
    assert texts[9] == {"en": "this unit appraised", "zh_CN": "本件已逐件鉴定"}
    assert texts[10]["en"] == "batch accepted by sampling: 3 of 23 units appraised"
    assert texts[10]["zh_CN"] == "批次经抽样检验接收：已鉴定 3 / 23 件"


def test_an_every_unit_lot_issues_no_unit_labels(station, appraiser_session, password):
    """Each bag of an every-unit lot is its own appraisal with its own label: a lot label
    as well would give a bag a second serial (issue 16 L6c)."""
    from lot_decision_support import appraise_all, make_every_unit_lot

    from appraiser.services.lots import decisions

    lot, items = make_every_unit_lot(station, appraiser_session, 3)
    appraise_all(station, appraiser_session, password, items)
    decisions.decide(station, appraiser_session, password, lot)
    with pytest.raises(InvalidInput, match="unit by unit"):
        unit_labels.issue_units(station, appraiser_session, lot)
    assert _serials(station, lot) == {}
