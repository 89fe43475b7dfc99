"""Administrators manage accounts: roles, deactivation, unlocking and password resets, all
admin-only, audited, and never leaving the station without an active administrator
(issue 14 finding 13)."""

from __future__ import annotations

import json

import pytest

from appraiser.domain.enums import Role
from appraiser.errors import AuthError, InvalidInput, NotFound, PermissionDenied
from appraiser.services.admin import account_admin, accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station

NEW = "temporary-pw-9"


def _events(station: Station, action: str) -> list[dict]:
    return station.store.query(
        "SELECT actor, entity_id, data FROM audit_events WHERE action = ? ORDER BY seq", (action,)
    )


def _lock(station: Station, user: str) -> None:
    for _ in range(accounts.FREE_ATTEMPTS):
        with pytest.raises(AuthError):
            accounts.check_password(station.store, user, "wrong-password")


def test_admin_changes_a_role_and_it_is_audited(station, admin, appraiser_session, password):
    """issue 14 finding 13: there was no way to change a role."""
    account_admin.set_role(station.store, admin, "appraiser1", Role.SUPERVISOR)
    again = accounts.check_password(station.store, "appraiser1", password)
    assert again.role == Role.SUPERVISOR
    (event,) = _events(station, "user.role_changed")
    assert event["actor"] == "admin"
    assert json.loads(event["data"]) == {"old": "appraiser", "new": "supervisor"}
    assert station.store.verify_audit().ok


def test_deactivated_account_cannot_sign_in_until_reactivated(
    station, admin, appraiser_session, password
):
    """issue 14 finding 13: there was no way to deactivate an account."""
    account_admin.deactivate(station.store, admin, "appraiser1")
    with pytest.raises(AuthError, match="Unknown user name or wrong password"):
        accounts.check_password(station.store, "appraiser1", password)
    account_admin.reactivate(station.store, admin, "appraiser1")
    assert accounts.check_password(station.store, "appraiser1", password) == appraiser_session
    assert [e["actor"] for e in _events(station, "user.deactivated")] == ["admin"]
    assert [e["actor"] for e in _events(station, "user.reactivated")] == ["admin"]


def test_admin_unlocks_a_locked_account(station, admin, supervisor, password):
    """issue 14 finding 13: a locked supervisor had to wait; an admin now clears it."""
    _lock(station, "supervisor")
    with pytest.raises(AuthError, match="try again"):
        accounts.check_password(station.store, "supervisor", password)
    (row,) = [r for r in account_admin.overview(station.store) if r["username"] == "supervisor"]
    assert row["state"] == "locked" and row["failures"] == 5
    account_admin.unlock(station.store, admin, "supervisor")
    assert accounts.check_password(station.store, "supervisor", password) == supervisor
    assert len(_events(station, "user.unlocked")) == 1


def test_reset_password_is_temporary(station, admin, appraiser_session, password):
    """issue 14 finding 13: an admin sets a temporary password; its owner must choose their
    own before anything else (the command line refuses it, the GUI's sign-in asks)."""
    _lock(station, "appraiser1")
    account_admin.reset_password(station.store, admin, "appraiser1", NEW)
    with pytest.raises(AuthError, match="Unknown user name or wrong password"):
        accounts.check_password(station.store, "appraiser1", password)
    with pytest.raises(AuthError, match="reset the password of appraiser1"):
        accounts.check_password(station.store, "appraiser1", NEW, purpose="cli")
    session = accounts.check_password(station.store, "appraiser1", NEW, allow_reset=True)
    assert session.must_change_password
    with pytest.raises(InvalidInput, match="different"):
        accounts.change_password(station.store, session, NEW, NEW)
    accounts.change_password(station.store, session, NEW, "my-own-password")
    again = accounts.check_password(station.store, "appraiser1", "my-own-password")
    assert not again.must_change_password
    assert station.store.verify_audit().ok


@pytest.mark.parametrize("who", ["appraiser_session", "supervisor"])
@pytest.mark.parametrize(
    ("action", "args"),
    [
        (account_admin.set_role, ("admin", Role.APPRAISER)),
        (account_admin.deactivate, ("admin",)),
        (account_admin.reactivate, ("admin",)),
        (account_admin.unlock, ("admin",)),
        (account_admin.reset_password, ("admin", NEW)),
    ],
)
def test_only_admins_manage_accounts(station, request, who, action, args):
    """issue 14 finding 13: account actions are admin-only through the rule book, and each
    refusal is audited."""
    by: Session = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="administrator"):
        action(station.store, by, *args)
    (refusal,) = _events(station, "rules.refused")
    assert json.loads(refusal["data"])["rule"] == "accounts"


def test_nobody_signed_in_manages_nothing(station, admin):
    with pytest.raises(PermissionDenied, match="Sign in first"):
        account_admin.unlock(station.store, None, "admin")


def test_the_last_admin_stays(station, admin, supervisor):
    """issue 14 finding 13: the station is never left without an active administrator, and
    an administrator never changes their own role or deactivates themselves."""
    with pytest.raises(PermissionDenied, match="own role"):
        account_admin.set_role(station.store, admin, "admin", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied, match="own account"):
        account_admin.deactivate(station.store, admin, "ADMIN")
    with pytest.raises(PermissionDenied, match="own password"):
        account_admin.reset_password(station.store, admin, "admin", NEW)
    account_admin.set_role(station.store, admin, "supervisor", Role.ADMIN)
    boss = accounts.check_password(station.store, "supervisor", "test-password-1")
    account_admin.deactivate(station.store, boss, "admin")
    account_admin.reactivate(station.store, boss, "admin")
    account_admin.set_role(station.store, boss, "admin", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied, match="own role"):
        account_admin.set_role(station.store, boss, "supervisor", Role.APPRAISER)
    assert len(_events(station, "rules.refused")) == 4
    assert not accounts.needs_first_admin(station.store)


def test_a_demoted_admins_open_session_loses_the_right(station, admin, supervisor):
    """issue 14 finding 13: the role is read again, so an account demoted (or deactivated)
    after signing in cannot go on managing accounts with its old session."""
    account_admin.set_role(station.store, admin, "supervisor", Role.ADMIN)
    boss = accounts.check_password(station.store, "supervisor", "test-password-1")
    account_admin.set_role(station.store, boss, "admin", Role.SUPERVISOR)
    with pytest.raises(PermissionDenied, match="no longer an active administrator"):
        account_admin.set_role(station.store, admin, "supervisor", Role.APPRAISER)
    account_admin.set_role(station.store, boss, "admin", Role.ADMIN)
    account_admin.deactivate(station.store, boss, "admin")
    with pytest.raises(PermissionDenied, match="no longer an active administrator"):
        account_admin.unlock(station.store, admin, "supervisor")


def test_the_last_admin_guard_holds_even_against_a_stale_check(
    station, admin, supervisor, monkeypatch
):
    """Behind the own-account rule: the last active administrator is never deactivated."""
    account_admin.set_role(station.store, admin, "supervisor", Role.ADMIN)
    monkeypatch.setattr(account_admin, "_not_own", lambda *a, **k: None)
    account_admin.deactivate(station.store, admin, "supervisor")
    with pytest.raises(PermissionDenied, match="only active administrator"):
        account_admin.deactivate(station.store, admin, "admin")


@pytest.mark.parametrize(
    ("action", "args", "error", "message"),
    [
        (account_admin.set_role, ("ghost", Role.ADMIN), NotFound, "no account"),
        (account_admin.set_role, ("appraiser1", "king"), InvalidInput, "not a role"),
        (account_admin.unlock, ("ghost",), NotFound, "no account"),
        (account_admin.reset_password, ("appraiser1", "short"), InvalidInput, "at least 8"),
    ],
)
def test_bad_requests_change_nothing(
    station, admin, appraiser_session, action, args, error, message
):
    before = station.store.query("SELECT * FROM users ORDER BY id")
    with pytest.raises(error, match=message):
        action(station.store, admin, *args)
    assert station.store.query("SELECT * FROM users ORDER BY id") == before
