"""A supervisor's steps in a supplier's switching record (issue 16 L7): resuming a
discontinued supplier after its corrective action (at tightened inspection), and approving
reduced inspection, which the next computed decision passes to the switching rules."""

from __future__ import annotations

import json

import pytest
from lot_decision_support import appraise_all, make_lot, plan

from appraiser.cli.main import main
from appraiser.clock import now_iso
from appraiser.services.admin.accounts import check_password
from appraiser.services.admin.station import Station
from appraiser.services.lots import decisions, switching

MERCHANT, GTIN13, GTIN14 = "Shenzhen Beauty Trading", "4006381333931", "04006381333931"
SMALL = {"major": plan(2, 0, 1)}  # Ac 0: an accepted lot earns 2 switching-score points


def _row(station, session, state: str, counters: dict) -> None:
    """The supplier's switching state as a decided lot would have left it."""
    with station.store.atomic(session.actor) as tx:
        tx.insert("lot_switching", {"merchant": MERCHANT, "gtin": GTIN14, "state": state,
                  "counters": counters, "lot_uid": None, "reason": "history", "created":
                  now_iso(), "created_by": session.user_id}, action="lot.switching")  # fmt: skip


def _accepted_lot(station, session, password):
    lot, items = make_lot(station, session, SMALL, merchant=MERCHANT, gtin=GTIN14)
    appraise_all(station, session, password, items)
    return decisions.decide(station, session, password, lot)


def _cli(root, password, typed, *args: str) -> int:
    typed(password)
    return main(["--data-dir", str(root), "lot", *args])


def _state(root) -> switching.State:
    reopened = Station.open(root)
    try:
        return switching.current_state(reopened.store, MERCHANT, GTIN13)
    finally:
        reopened.close()


def _events(root, action: str) -> list[dict]:
    reopened = Station.open(root)
    try:
        return reopened.store.query("SELECT * FROM audit_events WHERE action = ?", (action,))
    finally:
        reopened.close()


@pytest.fixture
def discontinued(station, appraiser_session, supervisor):
    make_lot(station, appraiser_session, SMALL, merchant=MERCHANT, gtin=GTIN14)
    _row(station, appraiser_session, "discontinued", {"not_accepted": 5})
    root = station.data.root
    station.close()
    return root


def test_resume_supplier_restarts_at_tightened_audited(discontinued, password, typed, capsys):
    assert _cli(discontinued, password, typed, "resume-supplier", "--merchant", MERCHANT,
                "--gtin", GTIN13, "--reason", "new QC line audited 2026-11-18",
                "--user", "supervisor", "--json") == 0  # fmt: skip
    shown = json.loads(capsys.readouterr().out)
    assert shown["state"] == "tightened" and "new QC line" in shown["reason"]
    now = _state(discontinued)
    assert (now.state, now.lot_uid, now.counters["not_accepted"]) == ("tightened", None, 0)
    assert len(_events(discontinued, "lot.switching.resumed")) == 1
    assert main(["--data-dir", str(discontinued), "audit", "verify"]) == 0
    # tightened now: nothing left to resume
    assert _cli(discontinued, password, typed, "resume-supplier", "--merchant", MERCHANT,
                "--gtin", GTIN13, "--reason", "again", "--user", "supervisor") == 2  # fmt: skip
    assert "not discontinued" in capsys.readouterr().err


def test_resume_supplier_refusals_exit_2(discontinued, password, typed, capsys):
    base = ("resume-supplier", "--merchant", MERCHANT, "--gtin", GTIN13)
    assert _cli(discontinued, password, typed, *base, "--reason", "fixed",
                "--user", "appraiser1") == 2  # fmt: skip
    assert "supervisor" in capsys.readouterr().err
    assert _cli(discontinued, password, typed, *base, "--reason", "  ",
                "--user", "supervisor") == 2  # fmt: skip
    assert "reason" in capsys.readouterr().err
    assert _cli(discontinued, password, typed, "resume-supplier", "--merchant", "Nobody",
                "--gtin", GTIN13, "--reason", "x", "--user", "supervisor") == 2  # fmt: skip
    assert "No lots of merchant 'Nobody'" in capsys.readouterr().err
    assert _state(discontinued).state == "discontinued"
    assert len(_events(discontinued, "rules.refused")) == 1  # the appraiser's try


def test_reduced_inspection_only_after_approval(
    station, appraiser_session, supervisor, password, typed, capsys
):
    _row(station, appraiser_session, "normal", {"score": 28, "recent": [True] * 4})
    first = _accepted_lot(station, appraiser_session, password)
    assert first.next_state == "normal"  # score 30, but nobody approved reduced inspection
    now = switching.current_state(station.store, MERCHANT, GTIN13)
    assert now.counters["score"] == 30 and "approval" in now.reason
    root = station.data.root
    station.close()
    assert _cli(root, password, typed, "approve-reduced", "--merchant", MERCHANT, "--gtin",
                GTIN13, "--user", "supervisor") == 0  # fmt: skip
    assert "approved by supervisor" in capsys.readouterr().out
    assert _cli(root, password, typed, "approve-reduced", "--merchant", MERCHANT, "--gtin",
                GTIN13, "--user", "supervisor") == 2  # fmt: skip
    assert "already approved" in capsys.readouterr().err
    assert len(_events(root, "lot.switching.reduced_approved")) == 1
    reopened = Station.open(root)
    try:
        session = check_password(reopened.store, "appraiser1", password)
        second = _accepted_lot(reopened, session, password)
        assert second.next_state == "reduced"
        assert "approved" in switching.current_state(reopened.store, MERCHANT, GTIN13).reason
    finally:
        reopened.close()
    assert main(["--data-dir", str(root), "audit", "verify"]) == 0


def test_approve_reduced_is_refused_off_normal_inspection(
    station, appraiser_session, supervisor, password, typed, capsys
):
    make_lot(station, appraiser_session, SMALL, merchant=MERCHANT, gtin=GTIN14)
    _row(station, appraiser_session, "tightened", {})
    root = station.data.root
    station.close()
    assert _cli(root, password, typed, "approve-reduced", "--merchant", MERCHANT, "--gtin",
                GTIN14, "--user", "supervisor") == 2  # fmt: skip
    assert "only be approved on normal" in capsys.readouterr().err
    assert _state(root).state == "tightened"
