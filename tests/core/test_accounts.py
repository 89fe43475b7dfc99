"""Accounts: Argon2id hashes, roles, the first-admin rule, and lockout that grows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from appraiser import clock
from appraiser.domain.enums import Role
from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.services.admin import accounts
from appraiser.services.admin.accounts import Session
from appraiser.services.admin.station import Station


class PinnedClock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> PinnedClock:
    fake = PinnedClock()
    monkeypatch.setattr(clock, "utcnow", fake)
    monkeypatch.setattr(accounts, "utcnow", fake)
    return fake


def _fail(station: Station, user: str = "appraiser1") -> str:
    with pytest.raises(AuthError) as caught:
        accounts.check_password(station.store, user, "not-the-password")
    return caught.value.message


def test_passwords_are_stored_as_argon2id(station, admin, password):
    stored = station.store.one("SELECT password_hash FROM users WHERE id = ?", (admin.user_id,))
    assert stored["password_hash"].startswith("$argon2id$")
    assert password not in stored["password_hash"]


def test_sign_in_returns_the_session(station, appraiser_session, password):
    session = accounts.check_password(station.store, "APPRAISER1", password)
    assert session == appraiser_session
    assert session.role == Role.APPRAISER and session.actor == "appraiser1"


def test_wrong_password_and_unknown_user_read_the_same(station, appraiser_session):
    assert _fail(station) == "Unknown user name or wrong password."
    assert _fail(station, "nobody") == "Unknown user name or wrong password."


def test_failed_attempts_are_audited(station, appraiser_session):
    _fail(station)
    event = station.store.one(
        "SELECT actor, data FROM audit_events WHERE action = 'auth.login.failed'"
    )
    assert event["actor"] == "appraiser1"
    assert json.loads(event["data"])["failures"] == 1


def test_lockout_after_five_failures_with_growing_delay(
    station, appraiser_session, password, pinned
):
    for _ in range(4):
        assert "locked" not in _fail(station)
    assert _fail(station).endswith("The account is locked for 30 s.")
    with pytest.raises(AuthError, match="try again in 30 s"):
        accounts.check_password(station.store, "appraiser1", password)
    pinned.advance(29.5)
    with pytest.raises(AuthError, match="try again in 1 s"):
        accounts.check_password(station.store, "appraiser1", password)
    pinned.advance(0.5)
    assert _fail(station).endswith("locked for 60 s.")
    pinned.advance(61)
    assert _fail(station).endswith("locked for 120 s.")
    pinned.advance(121)
    assert accounts.check_password(station.store, "appraiser1", password) == appraiser_session
    assert "locked" not in _fail(station), "a good sign-in resets the count"


def test_lockout_of_one_user_leaves_others_alone(
    station, appraiser_session, supervisor, pinned, password
):
    for _ in range(5):
        _fail(station)
    assert accounts.check_password(station.store, "supervisor", password) == supervisor


def test_delay_is_capped_at_five_minutes():
    """issue 14 finding 13: the cap was an hour, so anyone could keep an account locked."""
    delays = [accounts.lock_delay_s(n) for n in range(12)]
    assert delays[:5] == [0] * 5
    assert delays[5:10] == [30, 60, 120, 240, 300]
    assert accounts.lock_delay_s(50) == 300


def test_first_admin_rule(station: Station, password: str):
    assert accounts.needs_first_admin(station.store)
    with pytest.raises(PermissionDenied):
        accounts.create_user(station.store, "eve", "Eve", Role.APPRAISER, password, by=None)
    accounts.create_user(station.store, "root", "Root", Role.ADMIN, password, by=None)
    assert not accounts.needs_first_admin(station.store)
    with pytest.raises(PermissionDenied):
        accounts.create_user(station.store, "root2", "Root 2", Role.ADMIN, password, by=None)


@pytest.mark.parametrize("creator", ["appraiser_session", "supervisor"])
def test_only_admins_create_accounts(station, request, creator: str, password):
    by: Session = request.getfixturevalue(creator)
    with pytest.raises(PermissionDenied, match="admin"):
        accounts.create_user(station.store, "new", "New", Role.APPRAISER, password, by=by)


def test_roles_are_stored_and_enforced(station, admin, appraiser_session, supervisor):
    roles = {u["username"]: u["role"] for u in accounts.list_users(station.store)}
    assert roles == {"admin": "admin", "appraiser1": "appraiser", "supervisor": "supervisor"}
    supervisor.require(Role.SUPERVISOR, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        appraiser_session.require(Role.SUPERVISOR, Role.ADMIN)


@pytest.mark.parametrize(
    ("username", "pw", "message"),
    [
        ("with space", "long-enough", "no spaces"),
        ("", "long-enough", "no spaces"),
        ("bob", "short", "at least 8"),
        ("ADMIN", "long-enough", "taken"),
    ],
)
def test_new_account_validation(station, admin, username, pw, message):
    with pytest.raises(InvalidInput, match=message):
        accounts.create_user(station.store, username, "X", Role.APPRAISER, pw, by=admin)


def test_change_password(station, appraiser_session, password):
    with pytest.raises(AuthError):
        accounts.change_password(station.store, appraiser_session, "wrong-old", "new-password-2")
    accounts.change_password(station.store, appraiser_session, password, "new-password-2")
    assert accounts.check_password(station.store, "appraiser1", "new-password-2")
    with pytest.raises(AuthError):
        accounts.check_password(station.store, "appraiser1", password)
    assert station.store.verify_audit().ok


def _lock(station: Station, pinned: PinnedClock, user: str = "appraiser1") -> None:
    for _ in range(accounts.FREE_ATTEMPTS):
        _fail(station, user)


def test_a_year_fast_clock_does_not_stretch_the_lock(station, appraiser_session, password, pinned):
    """issue 14 finding 13: failures while the clock was a year fast locked the account for
    31,536,058 s once the clock was put right; the lock never outlasts the policy's delay."""
    year = 365 * 24 * 3600
    pinned.advance(year)
    _lock(station, pinned)
    pinned.advance(-year)
    with pytest.raises(AuthError) as caught:
        accounts.check_password(station.store, "appraiser1", password)
    wait = int(caught.value.message.split("try again in ")[1].split(" s")[0])
    assert 0 < wait <= accounts.lock_delay_s(accounts.FREE_ATTEMPTS)
    pinned.advance(wait)
    assert accounts.check_password(station.store, "appraiser1", password) == appraiser_session


def test_a_clock_set_back_during_a_lock_adds_at_most_one_delay(
    station, appraiser_session, password, pinned
):
    """issue 14 finding 13: putting the clock back while locked cannot extend the lock past
    the current delay from now, however often it is checked."""
    _lock(station, pinned)
    pinned.advance(-3600)
    for _ in range(3):
        with pytest.raises(AuthError, match="try again in 30 s"):
            accounts.check_password(station.store, "appraiser1", password)
    pinned.advance(30)
    assert accounts.check_password(station.store, "appraiser1", password) == appraiser_session


def test_nobody_keeps_an_account_locked_for_long(station, supervisor, password, pinned):
    """issue 14 finding 13: anyone could lock the supervisor out for an hour at a time by
    typing wrong passwords; the delay now stops at a few minutes, and the right password
    after it always gets in."""
    for _ in range(30):
        with pytest.raises(AuthError):
            accounts.check_password(station.store, "supervisor", "wrong-guess")
        pinned.advance(5 * 60)
    assert accounts.check_password(station.store, "supervisor", password) == supervisor
