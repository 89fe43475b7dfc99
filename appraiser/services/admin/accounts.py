"""Accounts, sign-in with Argon2id, and lockout with a growing delay after 5 failures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from appraiser.clock import now_iso, parse_iso, utcnow
from appraiser.domain.enums import Role
from appraiser.errors import AuthError, InvalidInput, PermissionDenied
from appraiser.storage.db import Store

FREE_ATTEMPTS = 5
BASE_DELAY_S = 30
MAX_DELAY_S = 3600
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

    @property
    def actor(self) -> str:
        return self.username

    def require(self, *roles: Role) -> None:
        if self.role not in roles:
            raise PermissionDenied(f"This needs the role {' or '.join(roles)}.")


def lock_delay_s(failures: int) -> int:
    """0 for the first five failures, then 30 s doubling per failure, capped at an hour."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(BASE_DELAY_S * 2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_S)


def needs_first_admin(store: Store) -> bool:
    return store.one("SELECT 1 AS x FROM users WHERE role = 'admin' AND active = 1") is None


def _validate_new(username: str, password: str) -> None:
    if not username.strip() or not username.isprintable() or " " in username:
        raise InvalidInput("A user name needs letters or digits and no spaces.")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")


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
        by.require(Role.ADMIN)
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


def check_password(store: Store, username: str, password: str, purpose: str = "login") -> Session:
    """Verify a password with lockout; used for sign-in, unlock and re-signing."""
    user = store.one("SELECT * FROM users WHERE username = ? AND active = 1", (username,))
    if user is None:
        raise AuthError("Unknown user name or wrong password.")
    _, locked_until = _throttle_state(store, user["id"])
    if locked_until and parse_iso(locked_until) > utcnow():
        wait = max(1, math.ceil((parse_iso(locked_until) - utcnow()).total_seconds()))
        raise AuthError(f"Too many failed attempts: try again in {wait} s.")
    try:
        ok = _HASHER.verify(user["password_hash"], password)
    except (VerificationError, InvalidHashError):
        ok = False
    delay = _record_attempt(store, user, ok, purpose)
    if not ok:
        extra = f" The account is locked for {delay} s." if delay else ""
        raise AuthError("Unknown user name or wrong password." + extra)
    return Session(user["id"], user["username"], user["display_name"], Role(user["role"]))


def change_password(store: Store, session: Session, old: str, new: str) -> None:
    check_password(store, session.username, old, purpose="password")
    _validate_new(session.username, new)
    with store.atomic(session.actor) as tx:
        changes = {"password_hash": _HASHER.hash(new), "changed": now_iso()}
        tx.update("users", session.user_id, changes, action="user.password_changed")


def list_users(store: Store) -> list[dict]:
    return store.query(
        "SELECT id, username, display_name, role, active, created FROM users ORDER BY username"
    )
