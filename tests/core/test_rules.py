"""The rule book (DESIGN §3.4): the table, and that every refusal is audited."""

from __future__ import annotations

import json

import pytest

from appraiser.domain.enums import Role
from appraiser.errors import PermissionDenied
from appraiser.services.admin import rules
from appraiser.services.admin.rules import Action


def _refusals(station) -> list[dict]:
    rows = station.store.query(
        "SELECT actor, data FROM audit_events WHERE action = 'rules.refused' ORDER BY seq"
    )
    return [{"actor": r["actor"], **json.loads(r["data"])} for r in rows]


@pytest.mark.parametrize(
    ("role", "action", "ok"),
    [
        (Role.APPRAISER, Action.APPRAISE, True),
        (Role.ADMIN, Action.APPRAISE, False),
        (Role.APPRAISER, Action.AMEND_VERDICT, False),
        (Role.SUPERVISOR, Action.AMEND_VERDICT, True),
        (Role.ADMIN, Action.APPROVE_REPRINT, False),
        (Role.SUPERVISOR, Action.LIBRARY, True),
        (Role.APPRAISER, Action.LIBRARY, False),
        (Role.SUPERVISOR, Action.BACKUP, False),
        (Role.ADMIN, Action.RESTORE, True),
        (Role.ADMIN, Action.KEYS, True),
        (Role.APPRAISER, Action.SUPERVISE, False),
    ],
)
def test_the_table_of_design_3_4(role, action, ok) -> None:
    assert rules.allowed(role, action) is ok


def test_every_action_names_at_least_one_role() -> None:
    assert all(rules.ROLES[action] for action in Action)


def test_a_refusal_is_audited_and_names_who_may(station, appraiser_session) -> None:
    with pytest.raises(PermissionDenied, match="supervisor"):
        rules.require(station.store, appraiser_session, Action.AMEND_VERDICT, uid="A-1")
    [refusal] = _refusals(station)
    assert refusal["actor"] == appraiser_session.username
    assert refusal["rule"] == "amend_verdict" and refusal["uid"] == "A-1"
    assert station.store.verify_audit().ok


def test_no_session_is_refused_and_audited(station) -> None:
    with pytest.raises(PermissionDenied, match="Sign in"):
        rules.require(station.store, None, Action.BACKUP)
    assert [r["rule"] for r in _refusals(station)] == ["backup"]


def test_an_allowed_role_passes_without_a_trace(station, supervisor) -> None:
    assert rules.require(station.store, supervisor, Action.AMEND_VERDICT) is supervisor
    assert _refusals(station) == []


def test_four_eyes_refuses_one_own_step_only(station, supervisor, admin) -> None:
    rules.forbid_own(station.store, supervisor, Action.APPROVE_REPRINT, admin.user_id, "own")
    with pytest.raises(PermissionDenied, match="own request"):
        rules.forbid_own(
            station.store,
            supervisor,
            Action.APPROVE_REPRINT,
            supervisor.user_id,
            "You cannot approve your own request.",
        )
    assert [r["rule"] for r in _refusals(station)] == ["approve_reprint"]
