"""Accounts, sign-in with Argon2id, and lockout with a short growing delay after 5 failures.

Lockout policy (issue 14 finding 13). The throttle is per account, because a station has one
keyboard and nothing else to tell an attacker from the owner. It has to slow guessing, but
anyone at the bench can type wrong passwords for the supervisor on purpose, so a lock must
stay cheap for the owner:

- five free attempts, then 30 s doubling per further failure, capped at five minutes (it
  was an hour): Argon2id plus a human at one keyboard keeps guessing slow even at the cap,
  while the owner waits minutes, not hours;
- attempts during a lock are refused unread and uncounted, and the right password after the
  delay always gets in and clears the count, so nobody can make a lock grow unseen;
- an administrator can clear a lock at once (``account_admin.unlock``); every failure is in
  the audit trail with the account it targeted;
- ``locked_until`` is a wall-clock stamp, and the station clock can jump: a lock found
  further ahead than the current delay (failures while the clock ran fast, or the clock set
  back during a lock) is cut to that delay from now and the cut is audited. So a lock never
  lasts longer than the policy's delay from any moment, whatever the clock did;
- the same throttle guards sign-in, the lock screen, re-signing and the command line: there
  is no separate PIN to guess around it.

After an administrator resets a password, the audit trail holds ``user.password_reset`` as
the newest password event of that account until its owner picks a new one; only the GUI's
sign-in (``allow_reset=True``), which then asks for the new password, lets such an account
in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from appraiser.clock import now_iso, parse_iso, utcnow
from appraiser.domain.enums import Role
from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.storage.db import Store

FREE_ATTEMPTS = 5
BASE_DELAY_S = 30
MAX_DELAY_S = 300  # a few minutes: see "Lockout policy" above
MIN_PASSWORD = 8
# OWASP's Argon2id minimum (19 MiB, t=2): about 30 ms here, so sign-in stays snappy.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class Session:
    """Who is signed in; services take it to authorise and to name the actor."""

    user_id: int
    username: str
    display_name: str
    role: Role
    # An administrator reset the password: the owner must choose a new one before work.
    must_change_password: bool = field(default=False, compare=False)

    @property
    def actor(self) -> str:
        return self.username

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise PermissionDenied(f"This needs the role {' or '.join(roles)}.")


def lock_delay_s(failures: int) -> int:
    """0 for the first five failures, then 30 s doubling per failure, capped at five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(BASE_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S)


def needs_first_admin(store: Store) -> bool:
    return store.one("SELECT 1 AS x FROM users WHERE role = 'admin' AND active = 1") is None


def validate_password(password: str) -> None:
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("A password must be text (UTF-8); these bytes are not.") from None
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def _validate_new(username: str, password: str) -> None:
    if not username.strip() or not username.isprintable() or " " in username:
        raise InvalidInput("A user name needs letters or digits and no spaces.")
    validate_password(password)


def create_user(
    store: Store,
    username: str,
    display_name: str,
    role: Role,
    password: str,
    *,
    by: Session | None,
) -> int:
    """Admins create accounts; the very first admin is created with ``by=None``."""
    _validate_new(username, password)
    if by is None and not (needs_first_admin(store) and role == Role.ADMIN):
        raise PermissionDenied("Only an administrator can create accounts.")
    if by is not None:
        from appraiser.services.admin import rules  # rules imports this module

        rules.require(store, by, rules.Action.ACCOUNTS, what="create_user", username=username)
    if store.one("SELECT 1 AS x FROM users WHERE username = ?", (username,)):
        raise InvalidInput(f"The user name {username!r} is taken.")
    now = now_iso()
    row = {
        "username": username,
        "display_name": display_name.strip() or username,
        "role": str(role),
        "password_hash": _HASHER.hash(password),
        "active": 1,
        "created": now,
        "changed": now,
    }
    with store.atomic(by.actor if by else username) as tx:
        return tx.insert("users", row, action="user.created", username=username, role=role)


def _throttle_state(store: Store, user_id: int) -> tuple[int, str | None]:
    row = store.one("SELECT failures, locked_until FROM auth_state WHERE user_id = ?", (user_id,))
    return (row["failures"], row["locked_until"]) if row else (0, None)


def _record_attempt(store: Store, user: dict, ok: bool, purpose: str) -> int:
    failures, _ = _throttle_state(store, user["id"])
    failures = 0 if ok else failures + 1
    delay = lock_delay_s(failures)
    until = (utcnow() + timedelta(seconds=delay)).isoformat() if delay else None
    with store.atomic(user["username"]) as tx:
        tx.conn.execute(
            "INSERT OR REPLACE INTO auth_state(user_id, failures, locked_until) VALUES (?,?,?)",
            (user["id"], failures, until),
        )
        action = f"auth.{purpose}.{'ok' if ok else 'failed'}"
        tx.event(action, entity=None, user_id=user["id"], failures=failures)
    return delay


def _cut_lock(store: Store, user: dict, failures: int, locked_until: datetime) -> datetime:
    """A lock stamped further ahead than the current delay came from a clock jump: cut it
    to the delay from now (stored, so checking again does not restart it) and audit it."""
    until = utcnow() + timedelta(seconds=lock_delay_s(failures))
    with store.atomic(user["username"]) as tx:
        tx.conn.execute(
            "UPDATE auth_state SET locked_until = ? WHERE user_id = ?",
            (until.isoformat(), user["id"]),
        )
        tx.event(
            "auth.lock_cut",
            user_id=user["id"],
            stamped=locked_until.isoformat(),
            until=until.isoformat(),
        )
    return until


def _refuse_if_locked(store: Store, user: dict) -> None:
    failures, stamp = _throttle_state(store, user["id"])
    if not stamp:
        return
    until, now = parse_iso(stamp), utcnow()
    if until <= now:
        return
    if until - now > timedelta(seconds=lock_delay_s(failures)):
        until = _cut_lock(store, user, failures, until)
    wait = max(1, math.ceil((until - now).total_seconds()))
    raise AuthError(f"Too many failed attempts: try again in {wait} s.")


def password_was_reset(store: Store, user_id: int) -> bool:
    """Whether the newest password event of the account is an administrator's reset."""
    row = store.one(
        "SELECT action FROM audit_events WHERE entity = 'users' AND entity_id = ?"
        " AND action IN ('user.password_reset', 'user.password_changed', 'user.created')"
        " ORDER BY seq DESC LIMIT 1",
        (str(user_id),),
    )
    return row is not None and row["action"] == "user.password_reset"


def _refuse_if_altered(store: Store, user: dict) -> None:
    """Believe only an account row the audit trail vouches for (issue 14 breaker H5): a
    password hash or role written into the database by hand let one person sign in as
    another. Checked before the password, at every sign-in and re-signing; audited."""
    if store.row_vouched("users", user["id"]):
        return
    with store.atomic(user["username"]) as tx:
        tx.event("auth.login.refused", user_id=user["id"], reason="row not vouched for")
    raise AuthError(
        f"The account {user['username']} was changed outside the app; an administrator "
        "must look at the audit trail ('appraiser audit verify') before it can sign in."
    )


def check_password(
    store: Store,
    username: str,
    password: str,
    purpose: str = "login",
    *,
    allow_reset: bool = False,
) -> Session:
    """Verify a password with lockout; used for sign-in, unlock and re-signing.

    An account whose password an administrator reset gets in only where the caller will
    make its owner choose a new one at once (``allow_reset``: the GUI's sign-in)."""
    user = store.one("SELECT * FROM users WHERE username = ? AND active = 1", (username,))
    if user is None:
        raise AuthError("Unknown user name or wrong password.")
    _refuse_if_altered(store, user)
    _refuse_if_locked(store, user)
    try:
        ok = _HASHER.verify(user["password_hash"], password)
    except (VerificationError, InvalidHashError, UnicodeEncodeError):
        ok = False  # bytes that are not UTF-8 (a piped password) match no password either
    delay = _record_attempt(store, user, ok, purpose)
    if not ok:
        extra = f" The account is locked for {delay} s." if delay else ""
        raise AuthError("Unknown user name or wrong password." + extra)
    reset = password_was_reset(store, user["id"])
    if reset and not allow_reset:
        raise AuthError(
            f"An administrator reset the password of {user['username']}: choose a new one "
            f"first (sign in at the station, or: appraiser accounts passwd --user "
            f"{user['username']})."
        )
    role = Role(user["role"])
    return Session(user["id"], user["username"], user["display_name"], role, reset)


def change_password(store: Store, session: Session, old: str, new: str) -> None:
    """The owner's own change (also the way out of an administrator's reset)."""
    check_password(store, session.username, old, purpose="password", allow_reset=True)
    _validate_new(session.username, new)
    if new == old:
        raise InvalidInput("Choose a password different from the current one.")
    with store.atomic(session.actor) as tx:
        changes = {"password_hash": _HASHER.hash(new), "changed": now_iso()}
        tx.update("users", session.user_id, changes, action="user.password_changed")


def list_users(store: Store) -> list[dict]:
    return store.query(
        "SELECT id, username, display_name, role, active, created FROM users ORDER BY username"
    )
